// SPDX-License-Identifier: MIT
// What every kind of run writes to and reports: the streams and stop flag
// it is given, and the summary it hands back.
#pragma once

#include <atomic>
#include <istream>
#include <ostream>

#include <xapian.h>

namespace dossier::indexer {

struct IndexSummary {
    unsigned added = 0;
    unsigned updated = 0;    // re-indexed: content or analysis changed
    unsigned removed = 0;    // file gone, no longer indexable, or pruned
    unsigned unchanged = 0;  // not read, or read and found identical
    unsigned skipped = 0;    // empty, binary, too large: not indexed
    unsigned failed = 0;     // could not be read (any earlier document kept)
    unsigned warnings = 0;   // indexed, but repaired (e.g. invalid UTF-8)
    double seconds = 0;
    bool dry_run = false;
    bool interrupted = false;  // stopped by SIGINT/SIGTERM after committing
    Xapian::rev revision = 0;  // of the database after the run
};

// Where a run writes: `out` gets the dry-run listing and --summary-json,
// `err` everything for people. `stop`, when set by a signal handler, ends
// the run after the current file, committing what was done. `in` is what
// --jsonl - reads (standard input).
struct RunContext {
    std::ostream& out;
    std::ostream& err;
    bool err_is_terminal = false;
    const std::atomic<bool>* stop = nullptr;
    std::istream* in = nullptr;
    bool out_is_terminal = false;  // the dry-run listing is escaped only there
};

}  // namespace dossier::indexer
