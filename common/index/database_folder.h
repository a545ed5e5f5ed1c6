// SPDX-License-Identifier: MIT
// What dossier may do to the folder at a database path. dossier replaces or
// removes only what it can prove it made: a folder holding its marker file,
// or a Xapian database carrying dossier's schema metadata. Anything else at
// the path (the user's notes, a file, another program's database) is named
// and left alone. Also: the writer lock every writing run holds, and the
// check that a database and the folders indexed into it do not overlap.
#pragma once

#include <string>
#include <vector>

namespace dossier {

// The file dossier writes into every folder it creates for a database, a
// rebuild or its shards: the proof that it may later replace or remove it.
inline constexpr const char* kOwnerMarkerName = "dossier.created";

// `path` made absolute and lexically normal, without a trailing slash; a
// symbolic link as the last component is followed (the database is where
// it points, so a rebuild replaces that folder, not the link). Throws
// UsageError for an empty path or the root folder.
std::string resolve_database_path(const std::string& path);

// Whether dossier made the folder at `path` (marker or dossier metadata).
bool made_by_dossier(const std::string& path);

// Throws DatabaseError, saying what is there, unless `path` is missing, an
// empty folder, or a folder made by dossier: the only places dossier-index
// writes a database into (and so may later replace).
void check_database_path_is_ours(const std::string& path);

// Creates the folder `path` with the marker in it (parents as needed), or
// marks an existing empty folder or dossier database. Throws DatabaseError
// naming the folder and what to do.
void create_owned_folder(const std::string& path);

// Removes `path` and everything in it if dossier made it; nothing when it
// does not exist. Throws DatabaseError (leaving it alone) when something
// else is there.
void remove_owned_folder(const std::string& path);

// Throws UsageError when `database` is one of `roots` or inside one of them
// (unless inside a hidden folder there, which the walk never enters), or a
// root is inside the database. Compared by device and inode, so symbolic
// links, `..` and bind mounts cannot hide an overlap.
void check_database_outside_roots(const std::string& database, const std::vector<std::string>& roots);

// The lock every run that writes `database` holds from before it creates
// anything to its end: an flock on a hidden file beside the database
// (`.NAME.dossier-lock`), which outlives the folder swaps of a rebuild.
// Released on destruction (and by the kernel when the process dies).
class WriterLock {
public:
    // Waits up to `wait_seconds` for another holder. Throws
    // DatabaseLockedError when it is still held, DatabaseError when the
    // lock file cannot be made (except that a database folder that exists
    // in a folder dossier may not write falls back to Xapian's own lock).
    WriterLock(const std::string& database, double wait_seconds);
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;
    ~WriterLock();

private:
    int fd_ = -1;
};

}  // namespace dossier
