// SPDX-License-Identifier: MIT
#include "formats/front_matter.h"
#include "base/strings.h"

#include <algorithm>

namespace dossier {

namespace {

constexpr int kMaxFrontMatterLines = 200;

std::string_view trim(std::string_view s) {
    const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string unquote(std::string_view value) {
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
        value = value.substr(1, value.size() - 2);
    return std::string(value);
}

}  // namespace

FrontMatter parse_front_matter(std::string_view text) {
    FrontMatter result;
    std::size_t line_start = 0;
    auto next_line = [&](std::string_view& line) {
        if (line_start >= text.size()) return false;
        std::size_t end = text.find('\n', line_start);
        if (end == std::string_view::npos) end = text.size();
        line = text.substr(line_start, end - line_start);
        line_start = end + 1;
        return true;
    };

    std::string_view line;
    if (!next_line(line) || trim(line) != "---") return result;

    FrontMatter parsed;
    for (int n = 0; n < kMaxFrontMatterLines && next_line(line); ++n) {
        const std::string_view content = trim(line);
        if (content == "---" || content == "...") {
            parsed.present = true;
            parsed.body_offset = std::min(line_start, text.size());
            return parsed;
        }
        if (content.empty() || content.front() == '#') continue;
        const std::size_t colon = content.find(':');
        if (colon == std::string_view::npos || colon == 0) continue;
        const std::string key = ascii_lower(trim(content.substr(0, colon)));
        parsed.fields[key] = unquote(trim(content.substr(colon + 1)));
    }
    return result;  // no closing line: not front matter after all
}

}  // namespace dossier
