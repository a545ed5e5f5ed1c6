// SPDX-License-Identifier: MIT
// Writing search results: one entry point for every output format.
#pragma once

#include <ostream>
#include <string>

#include "options.h"
#include "search/search.h"

namespace dossier::searcher {

// Version of the JSON and JSON Lines output; bumped on any incompatible
// change (README, "JSON output").
inline constexpr int kJsonFormatVersion = 1;

struct RenderOptions {
    OutputFormat format = OutputFormat::text;
    bool color = false;          // ANSI bold for matches and titles
    bool terminal = false;       // standard output is a terminal: --format paths escapes
    std::string base_directory;  // text output shows paths under it relative
};

// One document's facet values and the words that gave them (--explain).
void render_explanation(const Explanation& explanation, OutputFormat format, std::ostream& out);

void render(const SearchResult& result, const SearchRequest& request, const RenderOptions& options,
            std::ostream& out);

}  // namespace dossier::searcher
