// SPDX-License-Identifier: MIT
// --format jsonl: a hit per line, as json's "hits" hold them with
// "version" first; no header. With --facets a last line
// {"version":1,"facets":{...}} holds the counts, as json's "facets"; a
// "Did you mean" comes last, as {"version":1,"suggestion":"blinken"}.
#pragma once

#include <ostream>
#include <string>

#include "renderer.h"

namespace dossier::searcher {

class JsonlRenderer final : public Renderer {
public:
    explicit JsonlRenderer(std::ostream& out) : out_(out) {}

    void begin_results(const SearchResult& result, const SearchRequest&) override { suggestion_ = result.suggestion; }
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>& facets) override;
    void end_results() override;
    void explanation(const Explanation& explanation) override;

private:
    std::ostream& out_;
    std::string suggestion_;
};

}  // namespace dossier::searcher
