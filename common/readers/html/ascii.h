// SPDX-License-Identifier: MIT
// HTML's ASCII rules, shared by the prescan, the limiting scan and the
// tree readers: letters, "ASCII whitespace", case-insensitive comparison.
#pragma once

#include <cstddef>
#include <string_view>

namespace dossier::html {

bool is_ascii_letter(char c);

// HTML's "ASCII whitespace" (the prescan also stops names at these).
bool is_html_space(char c);

bool iequals(std::string_view a, std::string_view b);
bool istarts_with(std::string_view s, std::string_view prefix);

// Case-insensitive find of an ASCII `needle`.
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0);

std::string_view trim_html_space(std::string_view s);

}  // namespace dossier::html
