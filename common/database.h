// SPDX-License-Identifier: MIT
// Finding and opening dossier databases; Xapian errors become dossier
// errors here, with a message that says what to do.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

// Where the database is when --db is not given: $DOSSIER_DB, else
// $XDG_DATA_HOME/dossier/index, else $HOME/.local/share/dossier/index.
// Throws UsageError when none of those variables is set.
std::string default_database_path();

// Opens one or more databases for searching as one. Throws DatabaseError
// (missing, unreadable, corrupt, not a dossier database, other schema).
Xapian::Database open_for_reading(const std::vector<std::string>& paths);

// Opens or creates the database at `path` for writing, creating parent
// folders. Throws DatabaseLockedError when another writer holds it and
// DatabaseError when it cannot be used.
Xapian::WritableDatabase open_for_writing(const std::string& path);

}  // namespace dossier
