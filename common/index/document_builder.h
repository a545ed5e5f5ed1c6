// SPDX-License-Identifier: MIT
// Turns a SourceDocument into the Xapian document the schema describes.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "entities/entities.h"
#include "formats/text_reader.h"
#include "index/schema.h"

namespace dossier {

struct BuiltDocument {
    Xapian::Document document;
    std::string id_term;  // the unique term to replace_document() by
    std::string lang;     // the language the document was analyzed as
    std::vector<std::string> warnings;
};

// Analyzes `source` and builds its Xapian document. The language is, in
// order: the front-matter `lang`, `default_lang` (the indexer's --lang; may
// be empty), CLD2's detection. Terms: every word with its position
// (phrases), its stem under the document language's Snowball stemmer with
// the "Z" prefix (no positions), title words again with the "S" prefix.
// Facets: the countries, organisations, incidents and actors `catalog`
// finds in the text (and a front-matter title) become boolean terms and
// value slots, with the words that gave them kept as evidence; countries
// reached only through a named threat actor are added too, marked inferred
// (add_inferred_countries).
// `amend`, when given, is called last, with the document and the data it is
// about to store, and may change both: a caller that adds to the data (the
// countries a --jsonl record declares) then does not decode and re-encode it.
using DocumentAmendment = std::function<void(BuiltDocument&, schema::StoredDocument&)>;
BuiltDocument build_document(const SourceDocument& source, std::string_view default_lang,
                             const EntityCatalog& catalog, const DocumentAmendment& amend = {});

// Marks the inferred countries of `inferred` (EntityCatalog::infer_countries)
// in `document`: a kInferredCountryPrefix term each and kInferredCountrySlot
// (removed when there are none). Their "XC" terms are added with the other
// countries'. Terms of countries no longer inferred are the caller's to remove.
void add_inferred_countries(Xapian::Document& document, const Inferences& inferred);

}  // namespace dossier
