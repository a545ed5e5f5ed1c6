// SPDX-License-Identifier: MIT
// Where a query matches in one document's whole text: the words a reader
// should see marked when the document is opened from a result (as a
// snippet marks them, but over all of the text).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "search/search.h"

namespace dossier {

// [begin, end) byte offsets in shown.document.text of each word that
// matches the query of `request` (request.query, in request.databases), in
// text order; a word is marked when a query term indexes it, its stem in
// the document's language does, or a wildcard of the query completes it.
// Empty for a blank query. Throws QueryError for a bad query,
// DatabaseError when the databases cannot be read.
std::vector<std::pair<std::size_t, std::size_t>> query_matches_in_text(const SearchRequest& request,
                                                                       const Explanation& shown);

}  // namespace dossier
