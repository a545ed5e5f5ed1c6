// SPDX-License-Identifier: MIT
// dossier-serve's command line.
#pragma once

#include <ostream>

#include "http_server.h"

namespace dossier::server {

struct ParsedServeOptions {
    bool run = false;   // false: --help, --version or an error; exit with exit_code
    int exit_code = 0;
    ServeSettings settings;
};

// Parses argv. Throws nothing: a usage error is printed to `err` and gives
// exit code 2 (among them a non-loopback --listen without --token-file or
// --no-auth, an unreadable or empty token file).
ParsedServeOptions parse_serve_options(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

// Whether `host` (an address literal, or "localhost") can only be reached
// from this machine.
bool is_loopback(const std::string& host);

}  // namespace dossier::server
