// SPDX-License-Identifier: MIT
#include "formats/source_document.h"

#include "text/dates.h"
#include "base/utf8.h"

namespace dossier {

namespace {

constexpr std::size_t kMaxTitleCodePoints = 150;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }


std::string title_from_text(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = trim_space(text.substr(start, end - start));
        start = end + 1;
        // A Markdown ATX heading: "## Title" or "## Title ##".
        if (line.starts_with('#')) {
            while (!line.empty() && line.front() == '#') line.remove_prefix(1);
            line = trim_space(line);
            std::size_t closing = line.size();
            while (closing > 0 && line[closing - 1] == '#') --closing;
            if (closing < line.size() && (closing == 0 || line[closing - 1] == ' '))
                line = trim_space(line.substr(0, closing));
        }
        if (!line.empty()) return shorten_title(line);
    }
    return {};
}

}  // namespace

std::string_view trim_space(std::string_view s) {
    while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    return s;
}

std::string one_line(std::string_view text) {
    std::string line;
    bool space = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool nbsp = text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
        if (is_ascii_space(text[i]) || nbsp) {
            space = true;
            if (nbsp) ++i;
            continue;
        }
        if (space && !line.empty()) line += ' ';
        space = false;
        line += text[i];
    }
    return line;
}

std::string shorten_title(std::string_view line) {
    line = trim_space(line);
    if (count_code_points(line) <= kMaxTitleCodePoints) return std::string(line);
    std::string_view head = line.substr(0, prefix_bytes(line, kMaxTitleCodePoints));
    const std::size_t space = head.rfind(' ');
    if (space != std::string_view::npos && space > head.size() / 2) head = head.substr(0, space);
    return std::string(trim_space(head)) + "…";
}

void complete_from_text(SourceDocument& document, const std::string& mtime_date,
                        std::optional<std::string_view> dated_path) {
    if (document.title.empty()) {
        document.title = title_from_text(document.text);
        document.title_from_metadata = false;
    }
    if (document.date.empty()) {
        if (!dated_path) {
            dated_path = document.path;
            if (const std::size_t slash = dated_path->rfind('/'); slash != std::string_view::npos)
                dated_path->remove_prefix(slash + 1);
        }
        if (auto date = describing_date(document.text, *dated_path)) {
            document.date = std::move(date->date);
            document.date_source = date->origin == DateOrigin::path ? kDateFromPath : kDateFromText;
        } else if (!mtime_date.empty()) {
            document.date = mtime_date;
            document.date_source = kDateFromMtime;
        }
    }
}

bool take_metadata_date(SourceDocument& document, std::string_view value, std::string_view field) {
    if (auto date = parse_metadata_date(value)) {
        document.date = *date;
        document.date_source = kDateFromMetadata;
        return true;
    }
    document.warnings.push_back(std::string(field) + " '" + std::string(value) +
                                "' is not a date like 2023-04-13; ignored");
    return false;
}

}  // namespace dossier
