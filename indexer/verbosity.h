// SPDX-License-Identifier: MIT
// How much dossier-index tells people: chosen on the command line, used by
// everything that reports.
#pragma once

namespace dossier::indexer {

// quiet: only failures and errors. normal: also warnings; on a terminal,
// progress, skipped files and the summary too (under cron, silence unless
// something failed). verbose: every added, updated and removed file and
// the summary, terminal or not.
enum class Verbosity { quiet, normal, verbose };

}  // namespace dossier::indexer
