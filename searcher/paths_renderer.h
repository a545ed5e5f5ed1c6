// SPDX-License-Identifier: MIT
// --format paths: a hit's path per line, for xargs and the like.
#pragma once

#include <ostream>

#include "renderer.h"

namespace dossier::searcher {

class PathsRenderer final : public Renderer {
public:
    PathsRenderer(const RenderOptions& options, std::ostream& out) : options_(options), out_(out) {}

    void begin_results(const SearchResult&, const SearchRequest&) override {}
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>&) override {}
    void end_results() override {}
    void explanation(const Explanation& explanation) override;

private:
    RenderOptions options_;
    std::ostream& out_;
};

}  // namespace dossier::searcher
