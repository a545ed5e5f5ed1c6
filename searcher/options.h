// SPDX-License-Identifier: MIT
// dossier-search's command line, as the user typed it.
#pragma once

#include <ostream>
#include <string>

#include "saved_search_options.h"
#include "search/search.h"

namespace dossier::searcher {

enum class OutputFormat { text, json, jsonl, csv, paths, paths0 };
enum class ColorMode { automatic, always, never };

struct SearchOptions {
    SearchRequest request;
    OutputFormat format = OutputFormat::text;
    ColorMode color = ColorMode::automatic;
    std::string explain;  // --explain ID|PATH: explain one document instead of searching
    std::string show;     // --show KEY: print one document whole instead of searching
    bool count = false;   // --count: print how many documents match, nothing else
    std::string queries;  // --queries FILE|-: one query per line instead of QUERY (batch.h)
    SavedSearchOptions saved;  // --save, --saved, --list-saved, --forget, --alerts (alerts_command.h)
};

// Run with `options`, or exit at once with `exit_code` after --help,
// --version or a usage error (whose message has been written).
struct ParsedSearchOptions {
    SearchOptions options;
    bool run = false;
    int exit_code = 0;
};

// The config file read when --config names none:
// $XDG_CONFIG_HOME/dossier/search.conf, else ~/.config/dossier/search.conf;
// empty when neither variable is set.
std::string default_config_path();

ParsedSearchOptions parse_search_options(int argc, const char* const* argv, std::ostream& out,
                                         std::ostream& err);

}  // namespace dossier::searcher
