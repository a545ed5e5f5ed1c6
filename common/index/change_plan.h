// SPDX-License-Identifier: MIT
// Deciding what a re-index run has to do: compare what the walk found on
// disk with what the database remembers about each file, without reading
// any file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/file_state.h"
#include "index/file_walk.h"

namespace dossier {

// A document the database holds for a file.
struct StoredFile {
    Xapian::docid docid = 0;
    FileState state;
};

struct PlannedFile {
    FoundFile file;
    Xapian::docid docid = 0;  // 0: not in the database yet
    FileState previous;       // meaningful when docid != 0
};

struct ChangePlan {
    std::vector<PlannedFile> add;        // new files
    std::vector<PlannedFile> check;      // stat changed: read, compare the hash
    std::vector<PlannedFile> reanalyze;  // same file, built with another analysis
    std::vector<StoredFile> remove;      // gone, no longer matching, or pruned
    std::uint64_t unchanged = 0;
};

struct PlanInputs {
    const WalkResult* walk = nullptr;
    const std::vector<StoredFile>* stored = nullptr;
    std::vector<std::string> scanned_roots;  // walked this run
    // With prune, documents outside every one of these roots are removed;
    // without, documents outside the scanned roots are left alone.
    bool prune = false;
    std::vector<std::string> kept_roots;
    std::string analysis;  // current analysis fingerprint
};

ChangePlan plan_changes(const PlanInputs& inputs);

// Every document's file state, read from the kFileStateSlot value stream
// (no document data is opened).
std::vector<StoredFile> load_stored_files(const Xapian::Database& database);

}  // namespace dossier
