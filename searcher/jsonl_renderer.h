// SPDX-License-Identifier: MIT
// --format jsonl: a hit per line, as json's "hits" hold them with
// "version" first; no header. With --facets a last line
// {"version":1,"facets":{...}} holds the counts, as json's "facets".
#pragma once

#include <ostream>

#include "renderer.h"

namespace dossier::searcher {

class JsonlRenderer final : public Renderer {
public:
    explicit JsonlRenderer(std::ostream& out) : out_(out) {}

    void begin_results(const SearchResult&, const SearchRequest&) override {}
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>& facets) override;
    void end_results() override {}
    void explanation(const Explanation& explanation) override;

private:
    std::ostream& out_;
};

}  // namespace dossier::searcher
