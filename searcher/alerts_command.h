// SPDX-License-Identifier: MIT
// The saved-search commands of dossier-search: --save, --list-saved,
// --forget and --alerts (saved_search_options.h has the options; the
// store is index/saved_searches.h).
#pragma once

#include <ostream>

#include "options.h"
#include "renderer.h"

namespace dossier::searcher {

// Runs the command `options.saved` names and returns the exit status:
// --save 0 (2 for a query that cannot run); --list-saved 0, or 1 when none
// is saved; --forget 0 (2 for an unknown name); --alerts 0 when some saved
// search has new documents, 1 when none has, 2 when none has and some saved
// search could not run (named on `err`; the others still run). --alerts records that each
// search ran only after its output was written and flushed in full: output
// that fails (exit 74) or a process killed on the way leaves the record as
// it was, so the next --alerts shows the same documents again.
int run_saved_search_command(const SearchOptions& options, const RenderOptions& render_options, std::ostream& out,
                             std::ostream& err);

}  // namespace dossier::searcher
