// SPDX-License-Identifier: MIT
// UTF-8 validation and repair, and text made safe to show on a terminal.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

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

// The code points of UTF-8 `text`, ill-formed sequences left out.
std::vector<char32_t> code_points(std::string_view text);

// Byte offset of the end of the longest prefix of `text` holding at most
// `max_code_points` code points, never splitting a character.
std::size_t prefix_bytes(std::string_view text, std::size_t max_code_points);

// `text` as a terminal must show it: document titles, snippets, file names
// and queries are anybody's bytes, and a terminal acts on control
// characters instead of showing them (ESC ]0;… BEL retitles the window,
// ESC [2J clears the screen, CR and backspace overwrite what was written, a
// newline forges a line of output). So each is written as a visible escape,
// as `ls` and `git` do:
//   tab, newline, carriage return              \t \n \r
//   other C0 controls (ESC, BEL, BS, ...), DEL   \xHH, e.g. ESC is \x1b
//   C1 controls U+0080..U+009F                 \u0080 .. \u009f
//   bidi controls (U+200E/F, U+061C, U+202A..E, U+2066..9)  \u202e etc.
//   each byte of ill-formed UTF-8              \xHH, e.g. \xff
// Tab is escaped too: in a title or file name it cannot be told from
// spaces. Everything else, a backslash included, is kept: the text is for
// reading (JSON output carries it exactly), and doubling every backslash
// would garble Windows paths for the sake of an ambiguity nobody meets.
std::string escape_for_terminal(std::string_view text);

}  // namespace dossier
