// SPDX-License-Identifier: MIT
// dossier-index's command line, as the user typed it. Only the edge of a
// run sees these options: resolve_run_settings (settings.h) turns them,
// with what the database remembers, into the settings the run works with.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "formats/source_document.h"
#include "index/shard.h"
#include "verbosity.h"

namespace dossier::indexer {

struct IndexOptions {
    std::string database;             // as named: --db, $DOSSIER_DB, XDG default
    std::vector<std::string> paths;   // files and folders; empty: the remembered roots
    // --jsonl: ingest records from this file ("-": stdin) instead of
    // indexing folders; nothing about it is remembered.
    std::optional<std::string> jsonl;
    // Given on this command line; nullopt: the value the database remembers.
    std::optional<std::string> lang;  // canonical code, "" for --lang auto (detect)
    std::optional<std::vector<std::string>> gazetteers;  // --gazetteer files, {} with --no-gazetteer
    // --shard K/N (Shard{} for 1/1); nullopt: the shard the database remembers.
    std::optional<Shard> shard;
    bool prune = false;         // remove documents outside the roots of this run
    bool rebuild = false;       // build a fresh database and swap it in
    bool dry_run = false;       // report what would change, write nothing
    bool summary_json = false;  // the summary as JSON on stdout
    double wait_seconds = 0;    // wait this long for another indexer's lock
    // Worker processes that build a new database (a first index, --rebuild);
    // 1: one process, committing as it goes. Default: the CPUs we may use.
    unsigned jobs = 1;
    Verbosity verbosity = Verbosity::normal;
    ReadLimits limits;          // --max-file-size, --max-text-size
};

// What parse_index_options decided: run with `options`, or exit at once
// with `exit_code` (after --help, --version or a usage error, whose text
// has been written to `out`/`err`).
struct ParsedIndexOptions {
    IndexOptions options;
    bool run = false;
    int exit_code = 0;
};

// The CPUs this process may run on (its affinity mask), at least 1.
unsigned usable_cpus();

ParsedIndexOptions parse_index_options(int argc, const char* const* argv, std::ostream& out,
                                       std::ostream& err);

}  // namespace dossier::indexer
