// SPDX-License-Identifier: MIT
// Finds names (countries, organisations, incidents, actors) in analyzed
// text as sequences of normalized terms, never as raw substrings: "woman"
// does not contain Oman, "Chadwick" is not Chad.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/analyzer.h"

namespace dossier {

// How strictly the text must agree with the name as written in the data.
struct MatchRule {
    // Letters must match case exactly ("US", "AS", "UK": never "us", "as").
    bool exact_case = false;
    // The first letter must be a capital where the script has case
    // ("Turkey", "China": not "turkey", "china").
    bool capitalized = false;
    // Also a person's first or last name ("Chad", "Jordan", "Georgia"): no
    // match when a capitalized word follows, or one precedes inside a
    // sentence ("Chad Smith", "Michael Jordan").
    bool person_name_risk = false;
    // Only in documents of these languages (e.g. "AS" = USA in Indonesian);
    // empty: any language.
    std::vector<std::string> languages;
    // Match inflected forms: compare stems under this language's stemmer
    // (e.g. "ru" for российский/российских); empty: exact terms.
    std::string stem_language;
};

struct PhraseMatch {
    std::uint32_t value = 0;     // what the caller registered with the name
    std::size_t first_token = 0; // [first_token, last_token) in the tokens
    std::size_t last_token = 0;
    std::size_t begin = 0;       // byte span of the matched words in the text
    std::size_t end = 0;
};

class PhraseMatcher {
public:
    // Registers `name` (as a reader writes it) with the caller's `value`.
    // Names that analyze to no term are ignored.
    void add(std::string_view name, std::uint32_t value, const MatchRule& rule = {});

    // Leftmost-longest, non-overlapping matches in `tokens` (from
    // analyze(text)) of a document in language `lang`. When several values
    // were registered under the longest name found at a place, each is
    // reported (same span), in the order they were added.
    std::vector<PhraseMatch> find(const std::vector<Token>& tokens, std::string_view text,
                                  std::string_view lang) const;

    std::size_t size() const { return patterns_.size(); }

private:
    struct Pattern {
        std::vector<std::string> terms;  // stems when rule.stem_language is set
        std::string letters;             // the name's letters, for exact_case
        std::uint32_t value;
        MatchRule rule;
    };
    bool accepts(const Pattern& pattern, const std::vector<Token>& tokens, std::size_t first,
                 std::size_t last, std::string_view text, std::string_view lang) const;

    std::vector<Pattern> patterns_;
    // First term (or stem) -> patterns starting with it.
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_term_;
    std::unordered_map<std::string, std::unordered_map<std::string, std::vector<std::uint32_t>>> by_first_stem_;
};

}  // namespace dossier
