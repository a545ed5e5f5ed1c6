// SPDX-License-Identifier: MIT
// Finding the files to index under the roots the user gave.
#pragma once

#include <string>
#include <vector>

#include "index/file_state.h"

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
    std::vector<FoundFile> files;
    // Roots that are missing, folders that could not be listed and entries
    // that could not be examined: what was indexed from them must be kept,
    // not taken for deleted (an unmounted share must not empty the index).
    std::vector<std::string> unlisted;
    std::vector<WalkProblem> problems;  // one per unlisted path, for the user
    // Symbolic links met inside folders: never followed (a link can loop or
    // lead outside the root), but named when the user is watching.
    std::vector<std::string> links_not_followed;
    // What was met but is not to be read, each with the reason: a FIFO,
    // socket or device named like a document or named as a root ("not a
    // regular file"), and a folder that is one of its own ancestors (a
    // loop through a mount), which is not walked again.
    std::vector<WalkProblem> skipped;
};

// Walks `roots` (absolute, lexically normal). A folder is walked, at any
// depth and whatever the length of the paths in it, for the file names
// is_indexable_file_name accepts, skipping hidden entries and never
// following symbolic links; a root that is a regular file is taken
// whatever its name. Nothing that could be or hold a document is passed
// over in silence: each root, folder and non-hidden entry named like a
// document ends up in files, unlisted (with a problem), links_not_followed
// or skipped, or is gone (deleted while the walk ran). Each list is sorted
// by path, without repeats.
WalkResult walk_roots(const std::vector<std::string>& roots);

}  // namespace dossier
