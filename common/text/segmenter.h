// SPDX-License-Identifier: MIT
// Word segmentation with ICU's word break iterator.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dossier {

// What kind of word ICU found (its rule status), as far as search cares.
enum class WordKind { number, letter, kana, ideographic };

struct WordSpan {
    std::size_t begin = 0;  // byte offsets into the segmented UTF-8 text
    std::size_t end = 0;
    WordKind kind = WordKind::letter;
};

// Splits well-formed UTF-8 `text` into words following Unicode UAX #29,
// with ICU's dictionaries for scripts written without spaces (Chinese,
// Japanese, Thai, Lao, Khmer, Burmese). Spaces and punctuation are not
// returned. Thread-safe: each thread uses its own break iterator.
std::vector<WordSpan> segment_words(std::string_view text);

}  // namespace dossier
