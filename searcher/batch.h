// SPDX-License-Identifier: MIT
// dossier-search --queries: many queries through one process, the
// databases opened (and the entity catalog loaded) once.
#pragma once

#include <istream>
#include <ostream>

#include "options.h"

namespace dossier::searcher {

// Runs each line of `input` as a query on top of `options.request` (its
// databases, limit, facets and filters apply to every line) and writes one
// JSON object per non-empty line to `out`: the --format json object with
// "line" (1-based) and, for a JSON line, its "id"; or {"version", "line",
// "error"} for a bad line. A line starting with '{' is a JSON object:
// {"id", "query", "lang", "since", "until", "country", "org", "incident",
// "actor"}. Each object is flushed as it is written.
// Returns the exit status: 0 every line ran, 1 some line was bad, 3 the
// database cannot be read (stops), 74 output failed.
int run_batch(const SearchOptions& options, std::istream& input, std::ostream& out, std::ostream& err);

// run_batch on options.queries: a file, or standard input for "-". A file
// that cannot be opened is a usage error (exit 2).
int run_batch_file(const SearchOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dossier::searcher
