// SPDX-License-Identifier: MIT
// dossier-index's command line, as the user typed it.
#pragma once

#include <string>
#include <vector>

namespace dossier::indexer {

enum class Verbosity { quiet, normal, verbose };

struct IndexOptions {
    std::string database;             // resolved: --db, $DOSSIER_DB, XDG default
    std::vector<std::string> paths;   // files and folders to index
    std::string lang;                 // canonical code, or empty to detect
    std::vector<std::string> gazetteers;  // user gazetteer files (--gazetteer)
    Verbosity verbosity = Verbosity::normal;
};

// What parse_index_options decided: run with `options`, or exit at once
// with `exit_code` (after --help, --version or a usage error, whose text
// has been written to `out`/`err`).
struct ParsedIndexOptions {
    IndexOptions options;
    bool run = false;
    int exit_code = 0;
};

ParsedIndexOptions parse_index_options(int argc, const char* const* argv, std::ostream& out,
                                       std::ostream& err);

}  // namespace dossier::indexer
