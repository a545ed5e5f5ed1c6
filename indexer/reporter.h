// SPDX-License-Identifier: MIT
// What dossier-index tells people while it runs: failures always, warnings
// unless quiet, progress and skipped files on a terminal, every change when
// verbose, and the summary when someone is watching or something failed.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

#include "run_context.h"
#include "verbosity.h"

namespace dossier::indexer {

class Reporter {
public:
    Reporter(std::ostream& err, Verbosity verbosity, bool terminal);

    void failed(const std::string& path, const std::string& what);
    void skipped(const std::string& path, const std::string& what);
    void warning(const std::string& path, const std::string& what);
    void note(const std::string& what);  // on a terminal or when verbose
    void changed(const char* action, const std::string& path, const std::string& detail = {});
    void progress(std::size_t done, std::size_t total);
    // Progress with no total (records read from a stream).
    void progress_records(std::size_t records);
    void clear_progress();
    void summary(const IndexSummary& summary, const std::string& database);

private:
    bool watched() const;
    // Whether a progress line may be written now (a terminal, not quiet,
    // and none in the last fifth of a second unless `last`).
    bool progress_due(bool last);

    std::ostream& err_;
    Verbosity verbosity_;
    bool terminal_;
    bool progress_shown_ = false;
    std::chrono::steady_clock::time_point last_progress_{};
};

// The summary as one line of JSON (for --summary-json).
std::string summary_json(const IndexSummary& summary, const std::string& database);

}  // namespace dossier::indexer
