// SPDX-License-Identifier: MIT
// dossier-search: parse options, run the search, render, map to exit status.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/program_errors.h"
#include "options.h"
#include "render.h"
#include "search/search.h"

namespace {

bool use_color(dossier::searcher::ColorMode mode) {
    using dossier::searcher::ColorMode;
    if (mode == ColorMode::always) return true;
    if (mode == ColorMode::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    return ::isatty(1) == 1 && (no_color == nullptr || *no_color == '\0');
}


}  // namespace

int main(int argc, char** argv) {
    using namespace dossier;
    const searcher::ParsedSearchOptions parsed =
        searcher::parse_search_options(argc, argv, std::cout, std::cerr);
    if (!parsed.run) return parsed.exit_code;
    SearchRequest request = parsed.options.request;
    request.with_snippets = parsed.options.format != searcher::OutputFormat::paths;
    try {
        if (!parsed.options.explain.empty()) {
            searcher::render_explanation(explain_document(request, parsed.options.explain), parsed.options.format,
                                         std::cout);
            return exit_code::kSuccess;
        }
        const SearchResult result = run_search(request);
        for (const std::string& warning : result.warnings) report_failure("dossier-search", "warning: " + warning, 0, std::cerr);
        searcher::RenderOptions render_options;
        render_options.format = parsed.options.format;
        render_options.color = parsed.options.format == searcher::OutputFormat::text &&
                               use_color(parsed.options.color);
        render_options.terminal = ::isatty(1) == 1;
        std::error_code ec;
        render_options.base_directory = std::filesystem::current_path(ec).string();
        searcher::render(result, request, render_options, std::cout);
        std::cout.flush();
        return result.hits.empty() ? exit_code::kNoHits : exit_code::kSuccess;
    } catch (...) {
        return report_error("dossier-search", std::current_exception(), std::cerr);
    }
}
