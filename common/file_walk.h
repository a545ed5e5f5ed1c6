// SPDX-License-Identifier: MIT
// Finding the files to index under the roots the user gave.
#pragma once

#include <string>
#include <vector>

#include "file_state.h"

namespace dossier {

struct FoundFile {
    std::string path;  // absolute, lexically normal
    FileStat stat;
};

struct WalkProblem {
    std::string path;
    std::string reason;
};

struct WalkResult {
    std::vector<FoundFile> files;  // sorted by path, no duplicates
    // Roots that are missing and folders that could not be listed: what
    // was indexed under them must be kept, not taken for deleted (an
    // unmounted share must not empty the index).
    std::vector<std::string> unlisted;
    std::vector<WalkProblem> problems;  // one per unlisted path, for the user
    // Symbolic links met inside folders: never followed (a link can loop or
    // lead outside the root), but named when the user is watching.
    std::vector<std::string> links_not_followed;
};

// Walks `roots` (absolute, lexically normal). A folder is walked
// recursively for the file names is_indexable_file_name accepts, skipping
// hidden entries and never following symbolic links; a root that is a file
// is taken whatever its name.
WalkResult walk_roots(const std::vector<std::string>& roots);

}  // namespace dossier
