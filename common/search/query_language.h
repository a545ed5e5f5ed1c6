// SPDX-License-Identifier: MIT
// Pieces of the query language prepare_query (query.h) applies besides
// Xapian's syntax: fields that are not fields, hyphenated words, and names
// of countries, organisations, incidents and actors in free text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity.h"

namespace dossier {

class EntityCatalog;

// The known fields, as a user reads them: "title, lang, year, ...".
std::string known_field_names();

// The name of what the user wrote as a field at `at` that is no known
// field ("source" for "sourc:x"): ASCII letters, digits or '_' starting
// with a letter, then ':' and a value. nullopt where the ':' is clearly
// not a field's: after digits ("12:30"), in a URL or URI ("https://",
// "mailto:"), before "::", a space or the end ("Note: ...").
std::optional<std::string> unknown_field_at(std::string_view query, std::size_t at);

// Whether the text between two words of a query run is a hyphen (or
// several): "AFC-Championship-Spiels", "serangan-serangan".
bool is_hyphen_join(std::string_view between);

// An entity a stretch of the query names, and what it names.
struct NamedEntity {
    Facet facet = Facet::country;
    std::string id;
};
struct NameInQuery {
    std::size_t begin = 0;  // byte span in the query
    std::size_t end = 0;
    std::vector<NamedEntity> entities;  // one name can name two ("中美")
};

// Whether `query` may name an entity in free text: it has a word with a
// capital letter or a letter of a script without case (Chinese, Arabic,
// Thai...). Names are proper nouns: a query all in lower case ("china
// trade", "turkey") is taken as written, and loads no name tables.
bool may_name_entities(std::string_view query);

// Which names names_in_query finds.
enum class NameCase {
    // Those written with a capital or in a script without case: what
    // expands a query. In lower case many names are ordinary words
    // ("turkey", "chad", "china").
    as_names,
    // Those in any case: the words "did you mean" leaves alone ("fancy
    // bear" is never "dance year", nor "chad" "had").
    any,
};

// The names the catalog finds in `query` (as it finds them in documents of
// each of `languages`), written as `name_case` says, by span; names of one
// span merged. In text order, not overlapping.
std::vector<NameInQuery> names_in_query(std::string_view query, const EntityCatalog& catalog,
                                        const std::vector<std::string>& languages,
                                        NameCase name_case = NameCase::as_names);

// The field QueryParser is given for the entities of a name: its index in
// PreparedQuery::names ("dossiernamed:0"). No user can write it: it is not
// a known field, so prepare_query refuses it as one.
inline constexpr std::string_view kNamedField = "dossiernamed";

// The query for documents that carry one of `entities` (facet_filter, with
// `inferred`). Its terms are boolean: they add no score, so a document
// with the name's words (or other words of the query) ranks above one that
// only carries what it names. (A fixed score of their own would need a
// posting source of dossier's, which a remote database cannot read.)
Xapian::Query named_entities_query(const std::vector<NamedEntity>& entities, bool inferred);

}  // namespace dossier
