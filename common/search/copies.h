// SPDX-License-Identifier: MIT
// Copies of one text at search time (index/copy_clusters.h made them one
// cluster): a hit lists its other copies, and counting takes a cluster
// once.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dossier {

// The paths (as results show them) of the other copies of `document`
// (document `id` of `database`), in document id order; none when it has no
// copies.
std::vector<std::string> other_copies(const Xapian::Database& database, const Xapian::Document& document,
                                      Xapian::docid id);

// `docids` (ascending) with one document per copy cluster, the first;
// documents without copies all stay.
std::vector<Xapian::docid> one_per_story(const Xapian::Database& database, std::vector<Xapian::docid> docids);

}  // namespace dossier
