// SPDX-License-Identifier: MIT
#include "entities/name_words.h"

#include <algorithm>
#include <array>
#include <functional>

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

bool mentions(std::string_view text, std::string_view word) {
    const auto same = [](char a, char b) { return ascii_lower(a) == ascii_lower(b); };
    const auto hash = [](char c) { return std::hash<char>()(ascii_lower(c)); };
    const std::boyer_moore_horspool_searcher searcher(word.begin(), word.end(), hash, same);
    for (auto at = text.begin();;) {
        const auto found = std::search(at, text.end(), searcher);
        if (found == text.end()) return false;
        const auto after = found + static_cast<std::ptrdiff_t>(word.size());
        if ((found == text.begin() || !is_word_byte(*(found - 1))) && (after == text.end() || !is_word_byte(*after)))
            return true;
        at = found + 1;
    }
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
