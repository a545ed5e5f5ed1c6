// SPDX-License-Identifier: MIT
// Searching remote shards (a stub database of `remote HOST:PORT` lines,
// docs/shards.md): what Xapian 1.4's remote protocol leaves out, said to
// the user instead of silently missing.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

// The one-line warning for a search over `paths` that found few matches,
// when "did you mean" could have helped but has nothing to ask: the
// databases (opened as `database`) hold remote shards and no spelling data
// (the 1.4 protocol carries none; a local database beside them would).
// Empty when there is nothing to say.
std::string remote_spelling_warning(const std::vector<std::string>& paths, const Xapian::Database& database);

}  // namespace dossier
