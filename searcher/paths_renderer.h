// SPDX-License-Identifier: MIT
// --format paths: a hit's path per line, for xargs and the like; --format
// paths0: each path followed by a NUL byte instead (xargs -0), which any
// file name survives, one with a newline too.
#pragma once

#include <ostream>

#include "renderer.h"

namespace dossier::searcher {

class PathsRenderer final : public Renderer {
public:
    PathsRenderer(const RenderOptions& options, std::ostream& out, char terminator = '\n')
        : options_(options), out_(out), terminator_(terminator) {}

    void begin_results(const SearchResult&, const SearchRequest&) override {}
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>&) override {}
    void end_results() override {}
    void explanation(const Explanation& explanation) override;

private:
    RenderOptions options_;
    std::ostream& out_;
    char terminator_;
};

}  // namespace dossier::searcher
