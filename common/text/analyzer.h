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
// `lang` is the text's language where it changes the terms (see
// analysis_depends_on_language): in Turkish the case suffix after an
// apostrophe goes ("İstanbul'da", "NATO'nun" -> "istanbul", "nato") and
// "I" folds to the dotless "ı".
std::vector<Token> analyze(std::string_view text, std::string_view lang = {});

// True when analyze() gives other terms for text in `lang` than for text
// of unknown language (Turkish, Azerbaijani): a query must then be
// analyzed once more, in that language, to meet its documents.
bool analysis_depends_on_language(std::string_view lang);

}  // namespace dossier
