// SPDX-License-Identifier: MIT
// --format csv: RFC 4180, for spreadsheets and data tools. A header row,
// then a row per hit: rank, score, date, lang, title, location, url,
// source, country, incident, actor, org. Lines end in CRLF; a field
// holding '"', ',', CR or LF is quoted with '"' doubled; a list is joined
// with ';'; a missing value is an empty field. Facet counts are not
// written (--format json or jsonl have them).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "renderer.h"

namespace dossier::searcher {

class CsvRenderer final : public Renderer {
public:
    CsvRenderer(const RenderOptions& options, std::ostream& out) : options_(options), out_(out) {}

    void begin_results(const SearchResult& result, const SearchRequest& request) override;
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>&) override {}
    void end_results() override {}
    // An explanation is no table: it is shown as text.
    void explanation(const Explanation& explanation) override;

private:
    RenderOptions options_;
    std::ostream& out_;
};

// `field` as one CSV field: quoted when it holds '"', ',', CR or LF.
std::string csv_field(std::string_view field);

}  // namespace dossier::searcher
