// SPDX-License-Identifier: MIT
// Writing what dossier-search found: one renderer per output format behind
// one interface (as notmuch's sprinter), for results, facet counts and
// --explain alike. A new format is one class and a line in make_renderer.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "options.h"
#include "search/result_json.h"  // kJsonFormatVersion
#include "search/search.h"

namespace dossier::searcher {

using dossier::kJsonFormatVersion;  // defined with the JSON it versions

struct RenderOptions {
    bool color = false;          // ANSI bold for matches and titles
    bool terminal = false;       // standard output is a terminal: --format paths escapes
    std::string base_directory;  // text output shows paths under it relative
};

// A search's output is begin_results, hit for each hit, facets when any
// were counted, then end_results; --explain's is one explanation.
class Renderer {
public:
    virtual ~Renderer() = default;

    virtual void begin_results(const SearchResult& result, const SearchRequest& request) = 0;
    virtual void hit(const Hit& hit) = 0;
    virtual void facets(const std::vector<FacetCounts>& facets) = 0;
    virtual void end_results() = 0;

    // One document's facet values and the words that gave them.
    virtual void explanation(const Explanation& explanation) = 0;
};

// The renderer of `format`, writing to `out`.
std::unique_ptr<Renderer> make_renderer(OutputFormat format, const RenderOptions& options, std::ostream& out);

// Writes `result` of `request` through `renderer`, in the order above.
void render_result(const SearchResult& result, const SearchRequest& request, Renderer& renderer);

}  // namespace dossier::searcher
