// SPDX-License-Identifier: MIT
// From what the user typed to a Xapian::Query. Xapian's QueryParser reads
// the syntax (phrases, AND/OR/NOT, +/-, NEAR, field:, wildcards); the words
// themselves are first analyzed exactly as documents are (analyzer.h), so
// that a Chinese query is segmented like Chinese text and "U.S." matches
// "US". Each document was stemmed in its own language, so the query is
// parsed once per language present in the database, with that language's
// stemmer and stop words, and each parse is restricted to the documents of
// its language: an Indonesian query word meets Indonesian documents through
// the Indonesian stemmer and English ones through the English stemmer,
// without the user naming a language. (A language every document is in
// needs no restriction, and gets none.)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity.h"
#include "search/query_language.h"

namespace dossier {

class EntityCatalog;

// Wildcard expansion is bounded: a pattern matching more terms keeps the
// most frequent ones.
inline constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
// And a query may hold only so many: the cost of matching grows much faster
// than their number ("c* c* c* …" ×320 took 14 s on 200 documents).
inline constexpr std::size_t kMaxWildcards = 10;
// Words too: Xapian's matcher nests one level per word of a query, so its
// time grows with the square of their number, whatever the database size.
// Measured (best of 3, on a busy 2-core machine) on 3 documents in one
// language: 1000 words 0.06 s, 2000 0.36 s, 4000 1.3 s, 10,000 7.5 s; on
// 19 one-record languages (a parse each): 1000 words 0.56 s, 2000 2.0 s,
// 4000 7.5 s. A pasted page of text stays under the cap.
inline constexpr std::size_t kMaxQueryWords = 1000;
// And bytes, checked before any analysis: room for 1000 words in any
// script with spaces to spare (a Russian word and its space take 14 bytes
// on average, an Arabic one 11), not for the megabytes an argument list or
// a request body can carry (90 KB of Chinese took 25 s to answer).
inline constexpr std::size_t kMaxQueryBytes = 32 * 1024;

struct ParsedQuery {
    Xapian::Query query;
    std::string prepared_text;                   // what QueryParser was given
    std::vector<std::string> languages;          // one parse per language
    std::vector<std::string> wildcard_patterns;  // "peret" for "peret*"
    bool weighted = false;                       // holds a word, not only filters
};

// A user query rewritten for QueryParser (see prepare_query_text).
struct PreparedQuery {
    std::string text;
    std::vector<std::string> wildcard_patterns;  // "peret" for "peret*"
    std::size_t words = 0;  // terms the analysis gave, field values included
    // What QueryParser cannot be given as text, by number: the filters of
    // source: and path: values ("source:0"), and the entities of each name
    // in free text ("dossiernamed:0", query_language.h).
    std::vector<Xapian::Query> field_filters;
    std::vector<std::vector<NamedEntity>> names;
};

// Rewrites a user query into QueryParser input: each run of text is
// analyzed into normalized terms (words of one original word joined by '-'
// so QueryParser makes them a phrase, as it would have), operators (AND,
// OR, NOT, XOR, NEAR, NEAR/n, ADJ, ADJ/n) and syntax characters (quotes,
// brackets, leading + and -, field: prefixes, trailing *) are kept.
// Typographic quotes (“ ” „ « » ‹ › 「 」) become spaces: pasted text must not
// silently turn into a phrase search.
//
// Field values are resolved, not analyzed: `lang:Indonesian` -> `lang:id`,
// `country:Tiongkok` or `country:"Republik Rakyat China"` -> `country:CN`
// (with `catalog`; without one facet values are kept as typed),
// `date:2021..2022` is checked (dates that exist, FROM not after TO).
// Throws QueryError for a value that resolves to nothing, naming the
// nearest known names, or for an impossible date or reversed range.
// `lang`: analyze the words as text in that language (analyze()).
//
// A word of parts joined by hyphens ("AFC-Championship-Spiels") becomes
// its parts as words, or their phrase: `(afc championship spiels "afc
// championship spiels")`; after + or - or NOT, in a phrase or in a query
// with NEAR or ADJ it stays the phrase. Each of `names` (names_in_query)
// that stands as plain words becomes a group of its words or what it
// names: `(tiongkok dossiernamed:0)`. `source:` and `path:` values become
// numbered filters ("source:0"). Any other `word:VALUE` that looks like a
// field is a QueryError naming the known fields; "12:30" and "https://..."
// stay words. `date:` takes one date (its day, month or year), FROM..TO,
// and relative dates (today, yesterday, 30d, 2w, 6m, 1y; "date:30d" is
// the last 30 days).
PreparedQuery prepare_query(std::string_view user_query, const EntityCatalog* catalog = nullptr,
                            std::string_view lang = {}, const std::vector<NameInQuery>* names = nullptr);

// prepare_query's text (and its wildcard patterns).
std::string prepare_query_text(std::string_view user_query,
                               std::vector<std::string>* wildcard_patterns = nullptr,
                               const EntityCatalog* catalog = nullptr);

// The id `value` names for `facet` (see EntityCatalog::resolve).
std::string resolve_facet_value(Facet facet, std::string_view value, const EntityCatalog& catalog);

// The filter for documents with value `id` of `facet`: its term; without
// `inferred` (--no-inferred), for a country, those where it is inferred
// from an actor are left out.
Xapian::Query facet_filter(Facet facet, std::string_view id, bool inferred = true);

// Date-slot keys for a range end written "2021", "2021-03" or "2021-03-15":
// the start is the digits ("2021"), the end is padded past every day it
// covers ("20219999"); nullopt for anything else.
std::optional<std::string> date_range_start(std::string_view value);
std::optional<std::string> date_range_end(std::string_view value);

// Whether no date lies from `from` to `to` (range ends as above, checked;
// an empty end is open): "2022..2001", "2021-06..2021-05-31".
bool is_reversed_range(std::string_view from, std::string_view to);

// The filter for documents dated from `from` to `to` (range ends as above,
// checked; an empty end is open), used by date: and by --since/--until. A
// document dated by a month or a year is in when its period overlaps the
// range: a document of 2022-05 is in 2022-05-10..2022-05-20 and in
// --until 2022-05-01, not in 2022-06..2022-07. Documents indexed before
// periods were kept (no kDateEndSlot value) are days.
Xapian::Query date_range_filter(std::string_view from, std::string_view to);

// Languages of the documents in `database` (codes, sorted).
std::vector<std::string> languages_in(const Xapian::Database& database);

// Parses `user_query` against `database`. When `only_lang` is non-empty
// only documents in that language can match. Throws QueryError quoting the
// query when it cannot be parsed or holds nothing to search for, and
// naming the limit when it is longer than kMaxQueryBytes or holds more
// than kMaxQueryWords words or kMaxWildcards wildcards. Without `inferred`
// (--no-inferred), country: finds only documents that name the country
// (facet_filter).
//
// With `expand_names` (and a catalog), a name of a country, organisation,
// incident or actor written in free text with a capital or in a script
// without case ("Tiongkok", "Китай", "中国", "Chinese", "Fancy Bear") also
// finds the documents that carry it, scoring less than its words
// (named_entities_query).
ParsedQuery parse_query(std::string_view user_query, const Xapian::Database& database,
                        std::string_view only_lang = {}, const EntityCatalog* catalog = nullptr,
                        bool inferred = true, bool expand_names = false);

// `query` as a query that is read without weights (every match of a
// query of filters alone, the facet counting pass) can run it. Xapian
// 1.4.22 reads the posting list of a term that indexes every document as
// "ended early" when read unweighted after a deletion left a gap in the
// document ids (DatabaseCorruptError on a sound database); filtering
// MatchAll by the query reads it the other way and gives the same matches.
Xapian::Query reading_every_match(const Xapian::Query& query);

}  // namespace dossier
