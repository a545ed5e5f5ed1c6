// SPDX-License-Identifier: MIT
// Changesets for read replicas (docs/shards.md, "Read replicas"). Xapian
// writes a changeset file into a database at each commit while the
// environment variable XAPIAN_MAX_CHANGESETS is a number above 0 (it reads
// it at every commit), and xapian-replicate brings a replica up to date
// from them. dossier-index honours the variable as Xapian does for the
// database it writes in place (an update, --jsonl into a database with
// documents), but not while it builds a new database beside the live one
// (workers' shards, a --rebuild, a compacted first run): that one is a new
// database, with a UUID of its own, which every replica takes as a full
// copy once it is swapped in, so changesets of its building would be
// written for nothing (a worker's shard commits every 25 documents).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace dossier::indexer {

inline constexpr const char* kMaxChangesetsVariable = "XAPIAN_MAX_CHANGESETS";

// While one lives, XAPIAN_MAX_CHANGESETS is unset in this process (and so
// in the worker processes it forks); it is put back as it was after.
// dossier-index runs no threads, so changing its environment is safe.
class NoChangesetsWhileBuilding {
public:
    NoChangesetsWhileBuilding() {
        if (const char* value = std::getenv(kMaxChangesetsVariable)) {
            saved_ = value;
            ::unsetenv(kMaxChangesetsVariable);
        }
    }
    NoChangesetsWhileBuilding(const NoChangesetsWhileBuilding&) = delete;
    NoChangesetsWhileBuilding& operator=(const NoChangesetsWhileBuilding&) = delete;
    ~NoChangesetsWhileBuilding() {
        if (saved_) ::setenv(kMaxChangesetsVariable, saved_->c_str(), 1);
    }

private:
    std::optional<std::string> saved_;
};

}  // namespace dossier::indexer
