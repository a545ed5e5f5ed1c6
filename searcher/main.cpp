// SPDX-License-Identifier: MIT
// dossier-search: parse options, run the search, render, map to exit status.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string_view>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/posix_io.h"
#include "base/program_errors.h"
#include "alerts_command.h"
#include "batch.h"
#include "document_renderer.h"
#include "options.h"
#include "renderer.h"
#include "search/search.h"
#include "search/show.h"

namespace {

bool use_color(dossier::searcher::ColorMode mode) {
    using dossier::searcher::ColorMode;
    if (mode == ColorMode::always) return true;
    if (mode == ColorMode::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    return ::isatty(1) == 1 && (no_color == nullptr || *no_color == '\0');
}

// Colour only for text; paths relative to here.
dossier::searcher::RenderOptions render_options_for(const dossier::searcher::SearchOptions& options) {
    dossier::searcher::RenderOptions render_options;
    render_options.color = options.format == dossier::searcher::OutputFormat::text && use_color(options.color);
    render_options.terminal = ::isatty(1) == 1;
    std::error_code ec;
    render_options.base_directory = std::filesystem::current_path(ec).string();
    return render_options;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace dossier;
    open_missing_standard_descriptors();
    const searcher::ParsedSearchOptions parsed = searcher::parse_search_options(argc, argv, std::cout, std::cerr);
    if (!parsed.run) return parsed.exit_code;
    if (!parsed.options.queries.empty()) return searcher::run_batch_file(parsed.options, std::cout, std::cerr);
    if (parsed.options.saved.is_command())
        return searcher::run_saved_search_command(parsed.options, render_options_for(parsed.options), std::cout,
                                                  std::cerr);
    SearchRequest request = parsed.options.request;
    // Paths need no snippet (csv does: its location has the snippet's page).
    request.with_snippets = parsed.options.format != searcher::OutputFormat::paths &&
                            parsed.options.format != searcher::OutputFormat::paths0;
    // Only JSON shows when a hit arrived and changed.
    request.with_arrivals = parsed.options.format == searcher::OutputFormat::json ||
                            parsed.options.format == searcher::OutputFormat::jsonl;
    // A count is what --count and --limit 0 are for: make it exact.
    if (parsed.options.count) request.limit = 0;
    request.exact_total = request.limit == 0;
    try {
        const std::unique_ptr<searcher::Renderer> renderer =
            searcher::make_renderer(parsed.options.format, render_options_for(parsed.options), std::cout);
        if (!parsed.options.explain.empty()) {
            renderer->explanation(explain_document(request, parsed.options.explain));
            return checked_output("dossier-search", exit_code::kSuccess, std::cout, std::cerr);
        }
        if (!parsed.options.show.empty()) {
            searcher::render_document(show_document(request, parsed.options.show), parsed.options.format,
                                      render_options_for(parsed.options), std::cout);
            return checked_output("dossier-search", exit_code::kSuccess, std::cout, std::cerr);
        }
        if (!parsed.options.saved.saved.empty()) searcher::apply_saved_search(parsed.options.saved.saved, request);
        const SearchResult result = run_search(request);
        for (const std::string& warning : result.warnings) report_failure("dossier-search", "warning: " + warning, 0, std::cerr);
        if (parsed.options.count)
            std::cout << result.estimated_total << "\n";
        else
            searcher::render_result(result, request, *renderer);
        // With --limit 0 the page is empty on purpose: what matched decides.
        const bool matched = !result.hits.empty() || (request.limit == 0 && result.estimated_total > 0);
        return checked_output("dossier-search", matched ? exit_code::kSuccess : exit_code::kNoHits, std::cout,
                              std::cerr);
    } catch (...) {
        return report_error("dossier-search", std::current_exception(), std::cerr);
    }
}
