// SPDX-License-Identifier: MIT
// The edge of every dossier program: an exception that ends a run becomes
// one line on stderr ("PROGRAM: message", escaped for the terminal) and
// the exit code its kind stands for (base/exit_codes.h). Written once for
// dossier-index, dossier-search and dossier-gazetteer.
#pragma once

#include <exception>
#include <ostream>
#include <string_view>

namespace dossier {

// Prints what `error` says to `err` and returns its exit code: usage and
// query errors 2, database errors 3, a held lock 75, Xapian's own errors
// 3 ("database error: ..."), anything else 70 ("internal error: ...").
int report_error(std::string_view program, const std::exception_ptr& error, std::ostream& err);

// Prints "PROGRAM: message" (escaped) and returns `status`.
int report_failure(std::string_view program, std::string_view message, int status, std::ostream& err);

// Flushes `out` (standard output); when that or an earlier write failed
// (a full disk, a closed pipe reader that ignored SIGPIPE), says so and
// returns exit_code::kOutput, else `status`: output that never arrived is
// no success for a script.
int checked_output(std::string_view program, int status, std::ostream& out, std::ostream& err);

}  // namespace dossier
