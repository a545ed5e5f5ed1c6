// SPDX-License-Identifier: MIT
// Matching: the ranked pass (BM25) over a resolved query, and each hit's
// document, snippet and page.
#pragma once

#include <xapian.h>

#include "index/schema.h"
#include "search/request.h"
#include "search/search.h"

namespace dossier {

// What a hit shows of a document (with its text).
schema::StoredDocument stored_document(const Xapian::Document& document);

struct RankedMatches {
    Xapian::doccount estimated_total = 0;
    Xapian::MSet mset;  // what the total is told from (search/total.h)
    SortOrder sort = SortOrder::relevance;  // the order applied (search/sorting.h)
    std::vector<Hit> hits;  // request.offset + 1 onwards, at most request.limit
};

// The ranked pass: the hits of `query` that `request` asks for, in its
// order (best first by default, equal scores newest first). Throws QueryError for a wildcard that
// expands to too many words.
RankedMatches rank_matches(const SearchRequest& request, const Xapian::Database& database, const QueryToRun& query);

}  // namespace dossier
