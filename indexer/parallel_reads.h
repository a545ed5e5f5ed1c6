// SPDX-License-Identifier: MIT
// Reading the files of a large update of an existing database (a
// re-analysis after a gazetteer, --lang, analyzer or ICU change, or many
// changed files) with worker processes: each worker takes the next small
// chunk of the (sorted) work list, reads, parses and analyzes its files,
// and sends each built document, serialised, to the indexer, which writes
// them in place in work-list order exactly as the one-process run does
// (copy clusters, spelling, arrival stamps, commits in batches, a stop
// keeping what was committed). Only the CPU-heavy part moves: the database
// is the one a one-process run gives, document ids included.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "file_analysis.h"
#include "index/change_plan.h"

namespace dossier::indexer {

// What reading one file of the work list gave: what analyze_file returns,
// or the DocumentError it throws.
struct FileRead {
    std::optional<AnalyzedFile> analyzed;
    std::optional<DocumentError> error;
};

struct ParallelReadOptions {
    unsigned jobs = 2;                        // worker processes
    std::string database;                     // the database written, as messages name it
    const std::atomic<bool>* stop = nullptr;  // set by SIGINT/SIGTERM
};

struct ParallelReadResult {
    bool interrupted = false;  // stopped before the last file: those before it were handed on
    // A worker died or could not go on: what to tell the user (the files
    // before the one it was on were handed on). Empty when all went well.
    std::string failure;
};

// Called in work-list order, in the indexer's process, for each file.
using FileReadSink = std::function<void(std::size_t index, FileRead read)>;

// Whether `files` to read are enough for workers to pay off: the same
// threshold as a bulk build (bulk_build.h), so that a nightly run with a
// few changes reads them in one process as before.
bool worth_reading_in_parallel(std::size_t files, unsigned jobs);

// Reads `work` with options.jobs worker processes and hands each file's
// FileRead to `sink` in work-list order. Returns early when options.stop
// is set or a worker fails (see ParallelReadResult); throws what `sink`
// throws, the workers then killed.
ParallelReadResult read_in_parallel(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                                    const ParallelReadOptions& options, const FileReadSink& sink);

}  // namespace dossier::indexer
