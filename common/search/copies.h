// SPDX-License-Identifier: MIT
// Copies of one text at search time (index/copy_clusters.h made them one
// cluster): a hit lists some of its other copies and counts them all, and
// counting takes a cluster once.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

// A hit lists this many of its other copies at most. A paragraph re-posted
// everywhere can have thousands of copies, and each listed one is a
// document read for every page that shows the hit; ten is as many paths as
// a reader looks at, and the count says how many more there are.
inline constexpr std::size_t kListedCopies = 10;

struct OtherCopies {
    std::vector<std::string> paths;  // the first kListedCopies, in document id order
    Xapian::doccount count = 0;      // all of them
};

// The other copies of document `id` of `database`, whose kCopyClusterSlot
// value is `cluster` (a match carries it as its collapse key, read already):
// the paths (as results show them) of the first kListedCopies, and how many
// there are in all; none when it has no copies (`cluster` empty).
OtherCopies other_copies(const Xapian::Database& database, const std::string& cluster, Xapian::docid id);

// `docids` (ascending) with one document per copy cluster, the first;
// documents without copies all stay.
std::vector<Xapian::docid> one_per_story(const Xapian::Database& database, std::vector<Xapian::docid> docids);

}  // namespace dossier
