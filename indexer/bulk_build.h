// SPDX-License-Identifier: MIT
// Building a new database with several worker processes: each takes the
// next chunk of the (sorted) work list, reads and analyzes its files and
// writes them to a shard database of its own; the shards are then merged
// in chunk order with Xapian's compact. Xapian has one writer per
// database, and a small shard takes documents far faster than a large
// database does, so both cores work and the merge is a sequential pass.
// Chunks merged in order give every document the id a one-process run
// gives it, so the database is the same, document for document.
//
// Processes rather than threads: the analysis (ICU, CLD2, the entity
// catalog) and the parser children forked per PDF or Office file then need
// no thread safety at all, and a worker that dies takes nothing else down.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "index/change_plan.h"
#include "file_analysis.h"
#include "worker_messages.h"

namespace dossier::indexer {

struct BulkOptions {
    unsigned jobs = 2;                      // worker processes
    std::string output;                     // database folder to create; must not exist
    std::string database;                   // the database it is for, as messages name it
    const std::atomic<bool>* stop = nullptr;  // set by SIGINT/SIGTERM
};

struct BulkResult {
    bool interrupted = false;  // stopped early: `output` has the files reported before the stop
};

// Called for each file in work-list order (whatever order the workers
// finish in), so that what is reported reads as a one-process run.
using FileReportSink = std::function<void(const PlannedFile& file, const FileReport& report)>;

// Whether `files` are enough for the workers to pay off: more than one chunk.
bool worth_building_in_parallel(std::size_t files, unsigned jobs);

// Merges the shard databases at `shards`, in that order and leaving out
// those without documents, into a new database at `output` with Xapian's
// compact, so that document ids follow the shards' order. Throws
// DatabaseError (the database it is for named as `database`) when the
// filesystem lacks the space the merge needs (about two thirds of the
// shards' size, checked first) or the merge fails.
void merge_shards(const std::vector<std::string>& shards, const std::string& output, const std::string& database);

// Indexes `work` (sorted by path, all new files) into a new database at
// options.output. Throws DatabaseError when a shard cannot be written
// (with the worker's own error, such as "No space left on device"), a
// worker dies (naming the file it was on), the filesystem lacks the space
// the merge needs (checked before it starts: about two thirds of the
// shards' size) or the merge fails; `output` and the shards are then
// removed.
BulkResult build_in_parallel(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                             const BulkOptions& options, const FileReportSink& sink);

}  // namespace dossier::indexer
