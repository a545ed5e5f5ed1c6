// SPDX-License-Identifier: MIT
// Finding and opening dossier databases; Xapian errors become dossier
// errors here, with a message that says what to do.
#pragma once

#include <optional>
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

// How the remote shards of a stub file (`remote HOST:PORT` lines,
// docs/shards.md) are waited for.
struct RemoteOptions {
    unsigned timeout_seconds = 10;  // to connect, and for each answer
    bool allow_partial = false;     // leave out a shard that fails, instead of failing
};
inline constexpr unsigned kMaxRemoteTimeout = 3600;

// A shard left out of a search (RemoteOptions::allow_partial).
struct MissingShard {
    std::string address;  // "HOST:PORT", as the stub file names it
    std::string reason;   // the message failing would have given
};

struct OpenedDatabases {
    Xapian::Database database;
    std::vector<MissingShard> missing;
};

// open_for_reading, with the shards of each stub file of TCP remote lines
// connected to at the same time (not one after another), each given
// `remote.timeout_seconds`; a shard that cannot be reached or does not
// answer is left out (and named in `missing`) with `allow_partial`, and
// fails the opening otherwise. When every shard is left out, the opening
// fails all the same. A stub file with other lines is opened by Xapian as
// it is (its own default timeout of 10 seconds).
OpenedDatabases open_shards_for_reading(const std::vector<std::string>& paths, const RemoteOptions& remote);

// Whether one of `paths` is a stub database with a `remote` line (a stub
// file, or a folder whose XAPIANDB file is one).
bool names_remote_shard(const std::vector<std::string>& paths);

// The message for a remote shard of `databases` (as named, quoted: stub
// files of `remote HOST:PORT` lines, docs/shards.md) that could not be
// reached or stopped answering: which shard (Xapian's context,
// "remote:tcp(HOST:PORT)"), why, and what to check.
std::string unreachable_shard_message(const std::string& databases, const Xapian::NetworkError& e);

struct WriteOpenOptions {
    // How long to wait for another writer to finish; 0 gives up at once.
    double wait_seconds = 0;
    // Open a database of another schema version too (to lock it while a
    // rebuild replaces it); without, that is a DatabaseError.
    bool any_schema = false;
    // The database the user named, for the commands messages suggest when
    // `path` is a rebuild's scratch folder; empty: `path` itself.
    std::string hint_path;
};

// Opens or creates the database at `path` for writing, creating parent
// folders; refuses (DatabaseError) a path that holds anything dossier did
// not make (see database_folder.h). Throws DatabaseLockedError when another writer still holds it
// after the wait and DatabaseError when it cannot be used.
Xapian::WritableDatabase open_for_writing(const std::string& path, const WriteOpenOptions& options = {});

// The database at `path` for reading whatever its contents (a dry run,
// the settings a rebuild reuses); nullopt when there is none. Throws
// DatabaseError when something is there that cannot be opened.
std::optional<Xapian::Database> open_existing(const std::string& path);

// Puts the database folder `rebuilt` in the place of `target` in one
// atomic step (renameat2 RENAME_EXCHANGE; readers keep the files they
// have open), then deletes the old one. Throws DatabaseError.
void replace_database_folder(const std::string& rebuilt, const std::string& target);

}  // namespace dossier
