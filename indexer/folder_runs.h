// SPDX-License-Identifier: MIT
// The runs over folders: find what changed under the roots, bring the
// database to the state a fresh index of them would have, report. Each
// gets its settings and what the edge of the run (index_run.cpp) opened
// for it; the writer lock is held throughout by the caller.
#pragma once

#include <xapian.h>

#include "run_context.h"
#include "settings.h"

namespace dossier::indexer {

// Brings `database` (which has documents) up to date in place, committing
// in batches.
IndexSummary run_update(const RunSettings& settings, Xapian::WritableDatabase& database,
                        const RunContext& context);

// Indexes into `database`, which has no documents yet: when the files are
// enough for worker processes to pay off, builds a new database in the
// scratch folder and swaps it in; else as run_update.
IndexSummary run_first_build(const RunSettings& settings, Xapian::WritableDatabase& database,
                             const RunContext& context);

// Lists on context.out what an update of `existing` (nullptr: there is no
// database) would change; writes nothing.
IndexSummary run_dry(const RunSettings& settings, const Xapian::Database* existing, const RunContext& context);

// Indexes everything into the scratch folder, then swaps it in atomically
// (an interrupted rebuild removes it). `old` is the database it replaces,
// held open for Xapian's lock (for older writers); nullptr when there is
// none or it is damaged beyond opening.
IndexSummary run_rebuild(const RunSettings& settings, Xapian::WritableDatabase* old, const RunContext& context);

}  // namespace dossier::indexer
