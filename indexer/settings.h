// SPDX-License-Identifier: MIT
// What one run of dossier-index works with: the command line resolved,
// once, against what the database remembers (its roots, language and
// gazetteers). Everything after the edge of a run (index_run.cpp) sees
// these settings, never the options.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "formats/source_document.h"
#include "index/index_config.h"
#include "verbosity.h"

namespace dossier::indexer {

struct IndexOptions;

enum class RunKind {
    update,        // bring a database with documents up to date, in place
    first_build,   // a database with no documents yet: built by worker processes when that pays off
    dry_run,       // list what an update would change; write nothing
    rebuild,       // build a new database beside the old one and swap it in
    jsonl_ingest,  // records from --jsonl instead of files
    jsonl_rebuild,  // --jsonl --rebuild: a new database of the records alone, swapped in
};

// What the database held when the run opened it (under the writer lock).
struct DatabaseMemory {
    std::optional<IndexConfig> config;  // nullopt: no database, or it remembers nothing
    bool has_documents = false;
};

struct RunSettings {
    RunKind kind = RunKind::update;
    std::string database;        // resolved (resolve_database_path): what is written and what errors name
    std::string database_named;  // as the user named it: what the summary names
    // A new database is built here before it is swapped in (first build
    // with workers, rebuild); whatever a killed run left there is removed.
    std::string scratch;

    // Folder runs: the roots walked now, what the database remembers after
    // the run, and the remembered roots this run leaves alone.
    std::vector<std::string> scan_roots;
    IndexConfig remembered;
    std::vector<std::string> not_scanned;
    bool prune = false;  // remove documents outside scan_roots

    // What documents are analyzed with: for folder runs what is
    // remembered; for --jsonl this run's --lang and --gazetteer, else the
    // database's (nothing about --jsonl is remembered).
    std::string lang;  // empty: detect
    std::vector<std::string> gazetteers;

    // The documents this run indexes (--shard, else what the database
    // remembers; index/shard.h): files and records of other shards are
    // passed over unread. Folder runs remember it in `remembered` too.
    Shard shard;

    std::string jsonl;  // the records' file, "-" for standard input
    unsigned jobs = 1;
    double wait_seconds = 0;
    Verbosity verbosity = Verbosity::normal;
    ReadLimits limits;
    bool summary_json = false;
};

// The run the command line asks for, before the database is looked at:
// update, dry run, rebuild, jsonl ingest or jsonl rebuild (first_build is
// told apart by resolve_run_settings).
RunKind requested_run(const IndexOptions& options);

// `options` resolved against `memory`, for the database at `database`
// (already resolved). Throws UsageError for a folder run with no PATH when
// the database remembers no folders, and for a --shard other than the one
// a database with documents holds (that takes --rebuild).
RunSettings resolve_run_settings(const IndexOptions& options, const std::string& database,
                                 const DatabaseMemory& memory);

// `paths` made absolute and lexically normal, as roots and gazetteer files
// are remembered.
std::vector<std::string> absolute_paths(const std::vector<std::string>& paths);

}  // namespace dossier::indexer
