// SPDX-License-Identifier: MIT
// "Did you mean": the user's query with its misspelt words replaced by the
// nearest indexed words, from Xapian's spelling table (index/spelling_data.h).
// Only a suggestion: the query that ran is the one typed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dossier {

// A query finding at most this many documents "finds almost nothing": its
// words that are indexed yet rare (a typo that some document shares) are
// corrected too, to a word in kCorrectionGain times as many documents.
inline constexpr Xapian::doccount kFewMatches = 3;
inline constexpr Xapian::doccount kCorrectionGain = 3;

struct SpellingSuggestion {
    std::string query;  // the query with each correction as the index spells it ("blinken cyber")
    std::string shown;  // the same with each correction in the case typed ("Blinken cyber")
    std::vector<std::string> corrected;  // the words typed that it replaces ("Blinkn")
    bool empty() const { return query.empty(); }
};

// A word of free text in a user query: its bytes in the query and, for a
// `lang:` field, the language named.
struct QueryWordSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};
struct QueryWords {
    std::vector<QueryWordSpan> words;    // free text, in order: what may be corrected
    std::vector<std::string> languages;  // values of lang: as typed
};

// The free text of `user_query`: words, phrase words and title: words;
// not field values (country:, actor:, lang:, date: ... and any other
// "name:" value, quoted or not), operators (AND, NEAR/3), wildcards
// ("hack*") or excluded words ("-Blinken").
QueryWords free_text_words(std::string_view user_query);

// `word` in the case of `typed`: all capitals ("BLINKEN" for "BLINKN"), a
// capital first ("Blinken" for "Blinkn"), else as it is.
std::string in_case_of(std::string_view typed, std::string_view word);

// The suggestion for `user_query` on `database`, which found `matches`
// documents searching `searched_languages` (the languages it was parsed
// in; the suggestion must not be a word these already find through a
// stem). A free-text word is corrected when nothing indexed matches it
// (neither the word nor its stem in any of those languages), or when the
// query finds at most kFewMatches documents and a word in kCorrectionGain
// times as many documents is near. A correction is the nearest spelling
// word (edit distance 1 for words of up to four characters, else 2; the
// most frequent among equals) and, when the query is restricted to
// languages (`only_languages`, or lang: in the query), it must occur in a
// document of one of them. Words within `leave_alone` (spans of the
// query: names of entities it finds by their facets, "Fancy Bear") are not
// corrected. Empty when nothing needs or has a correction, and on a
// database without spelling data (older ones, remote shards).
SpellingSuggestion suggest_spelling(const Xapian::Database& database, std::string_view user_query,
                                    const std::vector<std::string>& searched_languages,
                                    const std::vector<std::string>& only_languages, Xapian::doccount matches,
                                    const std::vector<QueryWordSpan>& leave_alone = {});

}  // namespace dossier
