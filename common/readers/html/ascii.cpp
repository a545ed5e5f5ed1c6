// SPDX-License-Identifier: MIT
#include "readers/html/ascii.h"

#include <algorithm>

#include "base/strings.h"

namespace dossier::html {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from) {
    if (needle.empty() || haystack.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i)
        if (iequals(haystack.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

std::string_view trim_html_space(std::string_view s) {
    while (!s.empty() && is_html_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_html_space(s.back())) s.remove_suffix(1);
    return s;
}

}  // namespace dossier::html
