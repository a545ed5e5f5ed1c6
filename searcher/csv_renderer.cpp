// SPDX-License-Identifier: MIT
#include "csv_renderer.h"

#include <initializer_list>

#include <fmt/format.h>

#include "json_renderer.h"
#include "text_renderer.h"

namespace dossier::searcher {

namespace {

// The entity facets, in the order of the columns.
constexpr std::string_view kListColumns[] = {"country", "incident", "actor", "org"};

void write_row(std::ostream& out, std::initializer_list<std::string_view> fields) {
    bool first = true;
    for (const std::string_view field : fields) {
        if (!first) out << ',';
        out << csv_field(field);
        first = false;
    }
    out << "\r\n";
}

// A facet's value ids, sorted, joined by ';'; empty when there is none.
std::string joined_values(const Evidence& evidence, std::string_view facet) {
    std::string joined;
    if (const auto found = evidence.find(std::string(facet)); found != evidence.end())
        for (const auto& [id, words] : found->second) {
            if (!joined.empty()) joined += ';';
            joined += id;
        }
    return joined;
}

}  // namespace

std::string csv_field(std::string_view field) {
    if (field.find_first_of("\",\r\n") == std::string_view::npos) return std::string(field);
    std::string quoted = "\"";
    for (const char c : field) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

void CsvRenderer::begin_results(const SearchResult&, const SearchRequest&) {
    write_row(out_, {"rank", "score", "date", "lang", "title", "location", "url", "source", kListColumns[0],
                     kListColumns[1], kListColumns[2], kListColumns[3]});
}

void CsvRenderer::hit(const Hit& hit) {
    const Evidence& evidence = hit.document.evidence;
    write_row(out_, {std::to_string(hit.rank), fmt::format("{}", hit.score), hit.document.date, hit.document.lang,
                     hit.document.title, hit_location(hit), hit.document.url, hit.document.source,
                     joined_values(evidence, kListColumns[0]), joined_values(evidence, kListColumns[1]),
                     joined_values(evidence, kListColumns[2]), joined_values(evidence, kListColumns[3])});
}

void CsvRenderer::explanation(const Explanation& explanation) { TextRenderer(options_, out_).explanation(explanation); }

}  // namespace dossier::searcher
