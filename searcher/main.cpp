// SPDX-License-Identifier: MIT
// dossier-search: parse options, run the search, render, map to exit status.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "error.h"
#include "exit_codes.h"
#include "options.h"
#include "render.h"
#include "search.h"
#include "utf8.h"

namespace {

bool use_color(dossier::searcher::ColorMode mode) {
    using dossier::searcher::ColorMode;
    if (mode == ColorMode::always) return true;
    if (mode == ColorMode::never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    return ::isatty(1) == 1 && (no_color == nullptr || *no_color == '\0');
}

// Messages quote queries, paths and what a database said: escaped, so none
// of them can drive the terminal.
void tell(std::string_view message) {
    std::cerr << "dossier-search: " << dossier::escape_for_terminal(message) << "\n";
}

int fail(std::string_view message, int status) {
    tell(message);
    return status;
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
        for (const std::string& warning : result.warnings) tell("warning: " + warning);
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
    } catch (const UsageError& e) {
        return fail(e.what(), exit_code::kUsage);
    } catch (const QueryError& e) {
        return fail(e.what(), exit_code::kUsage);
    } catch (const DatabaseError& e) {
        return fail(e.what(), exit_code::kDatabase);
    } catch (const Xapian::Error& e) {
        return fail("database error: " + e.get_description(), exit_code::kDatabase);
    } catch (const std::exception& e) {
        return fail(std::string("internal error: ") + e.what(), exit_code::kInternal);
    }
}
