// SPDX-License-Identifier: MIT
// How many documents match: the one place that decides the total a result
// shows and whether it is exact.
#pragma once

#include <xapian.h>

#include "search/facet_count.h"
#include "search/search.h"

namespace dossier {

struct MatchTotal {
    Xapian::doccount count = 0;
    bool exact = false;  // counted, not estimated
};

// The total of a search for `query`: the facet pass's count when facets
// were counted (`counted`: it visits every match); else, when
// request.exact_total asks (--count, --limit 0), a count of every match
// made here the same way (unweighted, copies once unless --all-copies);
// else the ranked pass's estimate, exact when Xapian's bounds meet.
MatchTotal match_total(const SearchRequest& request, const Xapian::Database& database, const Xapian::Query& query,
                       const Xapian::MSet& ranked, const MatchCounts* counted);

}  // namespace dossier
