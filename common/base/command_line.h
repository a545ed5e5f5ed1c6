// SPDX-License-Identifier: MIT
// The end of option parsing every dossier program shares: what CLI11 and
// the program's own checks of its options threw, as the user sees it.
#pragma once

#include <ostream>
#include <string_view>

namespace CLI {
class App;
}

namespace dossier {

// Call from a catch block around CLI11's parse and the program's checks:
// --help and --version are printed to `out` (exit 0); a CLI11 parse error
// ("PROGRAM: message", then where --help is) or a UsageError ("PROGRAM:
// message") to `err` (exit 2). Returns that exit status; any other
// exception goes on up.
int command_line_status(std::string_view program, CLI::App& app, std::ostream& out, std::ostream& err);

}  // namespace dossier
