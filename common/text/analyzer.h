// SPDX-License-Identifier: MIT
// Text analysis: the one path from raw text to index terms, used for
// documents, queries and snippets alike so that all three agree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// One searchable term and where it came from.
struct Token {
    std::string term;        // normalized word, as stored in the index
    std::size_t begin = 0;   // byte span in the analyzed text of the word
    std::size_t end = 0;     // the term came from (for snippets)
    std::size_t word = 0;    // index of that word; one word can give several
                             // terms ("U.S." gives "us", "e-mail.com" gives
                             // "e", "mail", "com")
};

// Longest term kept, in bytes; longer "words" (hashes, base64) are dropped,
// as Xapian's TermGenerator does.
inline constexpr std::size_t kMaxTermBytes = 64;

// Splits well-formed UTF-8 `text` into terms: ICU word segmentation
// (dictionary-based for CJK, Thai, Lao, Khmer, Burmese), then
// `normalize_word` on each word, then the word is split at any character
// that is not a letter, digit or mark, except that
//   - an acronym of single letters ("U.S.", "e.g.") is joined ("us", "eg"),
//   - a possessive "'s" stays joined to its word ("China's" -> "chinas").
std::vector<Token> analyze(std::string_view text);

}  // namespace dossier
