// SPDX-License-Identifier: MIT
#include "entities/name_words.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "base/embedded_data.h"

namespace dossier {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// A byte that continues a word: an ASCII letter or digit, or any byte of a
// multi-byte UTF-8 character.
bool is_word_byte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || (byte >= '0' && byte <= '9') || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z');
}

bool same_ignoring_ascii_case(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

// Whether `word` stands at `at` of `text` as a whole word, in any ASCII case.
bool whole_word_at(std::string_view text, std::size_t at, std::string_view word) {
    const std::size_t after = at + word.size();
    return after <= text.size() && same_ignoring_ascii_case(text.substr(at, word.size()), word) &&
           (at == 0 || !is_word_byte(text[at - 1])) && (after == text.size() || !is_word_byte(text[after]));
}

// Where in `word` its rarest byte is, by English letter frequency (any
// other byte counts as rarer than every letter): memchr then stops at few
// places that are not the word.
std::size_t rarest_byte(std::string_view word) {
    static constexpr std::string_view kCommonFirst = "etaoinshrdlcumwfgypbvkjxqz";
    std::size_t rarest = 0, rank = 0;
    for (std::size_t i = 0; i < word.size(); ++i) {
        const std::size_t at = kCommonFirst.find(ascii_lower(word[i]));
        const std::size_t this_rank = at == std::string_view::npos ? kCommonFirst.size() : at;
        if (i == 0 || this_rank > rank) rarest = i, rank = this_rank;
    }
    return rarest;
}

// `text` read once per case of the word's rarest byte, with memchr (the
// tables are 770 KB, and this runs in every search that finds little).
bool mentions(std::string_view text, std::string_view word) {
    const std::size_t offset = rarest_byte(word);
    const char lower = ascii_lower(word[offset]);
    const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
    for (const char byte : {lower, upper}) {
        for (std::size_t from = offset; from < text.size();) {
            const auto* found = static_cast<const char*>(std::memchr(text.data() + from, byte, text.size() - from));
            if (found == nullptr) break;
            const auto at = static_cast<std::size_t>(found - text.data());
            if (whole_word_at(text, at - offset, word)) return true;
            from = at + 1;
        }
        if (upper == lower) break;
    }
    return false;
}

}  // namespace

bool builtin_names_mention(std::string_view word) {
    if (word.empty()) return false;
    static constexpr std::array<std::string_view, 4> kTables = {"countries.tsv", "demonyms.tsv", "gazetteer.json",
                                                                "misp-gazetteer.json"};
    return std::any_of(kTables.begin(), kTables.end(),
                       [&](std::string_view table) { return mentions(embedded_data(table), word); });
}

}  // namespace dossier
