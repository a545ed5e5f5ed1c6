// SPDX-License-Identifier: MIT
// One run of dossier-index, from its command line: the edge where the
// options are checked, what the run needs is locked and opened, and the
// options are resolved into settings (settings.h) before the run itself
// (folder_runs.h, jsonl_ingest.h) starts.
#pragma once

#include "options.h"
#include "run_context.h"

namespace dossier::indexer {

// Refuses what it can before it creates anything, takes the writer lock,
// opens the database, resolves the settings, runs and reports the summary.
// Throws DatabaseError / DatabaseLockedError when the database cannot be
// opened or written, UsageError when there is nothing to index.
IndexSummary run_index(const IndexOptions& options, const RunContext& context);

}  // namespace dossier::indexer
