// SPDX-License-Identifier: MIT
// UTF-8 validation and repair.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dossier {

struct RepairedText {
    std::string text;
    // Number of ill-formed sequences that were replaced by U+FFFD.
    std::size_t replaced = 0;
};

// Returns `bytes` as well-formed UTF-8: every ill-formed sequence (stray
// continuation bytes, truncated or overlong sequences, surrogates, code
// points above U+10FFFF) becomes one U+FFFD. Well-formed input is returned
// unchanged. A leading UTF-8 byte order mark is removed.
RepairedText repair_utf8(std::string_view bytes);

// True when `bytes` is entirely well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes);

// Number of Unicode code points in well-formed UTF-8 `text`.
std::size_t count_code_points(std::string_view text);

// Byte offset of the end of the longest prefix of `text` holding at most
// `max_code_points` code points, never splitting a character.
std::size_t prefix_bytes(std::string_view text, std::size_t max_code_points);

}  // namespace dossier
