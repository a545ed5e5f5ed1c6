// SPDX-License-Identifier: MIT
// One run of dossier-index: walk the paths, read and analyze each file,
// write it into the database, report.
#pragma once

#include <ostream>

#include "options.h"

namespace dossier::indexer {

struct IndexSummary {
    unsigned indexed = 0;
    unsigned skipped = 0;  // empty, binary, not a file we index
    unsigned failed = 0;   // could not be read
    unsigned warnings = 0; // indexed, but repaired (e.g. invalid UTF-8)
    double seconds = 0;
};

// Indexes everything `options` names, writing one line per skipped or
// failed file (and per warning) to `err`, a progress line when `err` is a
// terminal, and a summary unless quiet. One bad file never stops the
// others. Throws DatabaseError / DatabaseLockedError when the database
// cannot be opened or written.
IndexSummary run_index(const IndexOptions& options, std::ostream& err, bool err_is_terminal);

}  // namespace dossier::indexer
