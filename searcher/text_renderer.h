// SPDX-License-Identifier: MIT
// --format text: for a person at a terminal. Document-derived and
// user-given text goes through escape_for_terminal (a title holding
// ESC ]0;… BEL must not retitle the user's window).
#pragma once

#include <ostream>

#include "renderer.h"

namespace dossier::searcher {

class TextRenderer final : public Renderer {
public:
    TextRenderer(const RenderOptions& options, std::ostream& out) : options_(options), out_(out) {}

    void begin_results(const SearchResult& result, const SearchRequest& request) override;
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>& facets) override;
    void end_results() override {}
    void explanation(const Explanation& explanation) override;

private:
    RenderOptions options_;
    std::ostream& out_;
};

}  // namespace dossier::searcher
