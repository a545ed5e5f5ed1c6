// SPDX-License-Identifier: MIT
// Counting facets: how many of all the matches of a query hold each value
// of each facet asked for (--facets), in a pass of its own.
#pragma once

#include <future>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "entities/entities.h"
#include "search/search.h"
#include "search/value_columns.h"

namespace dossier {

// What counting found: how many documents match, and per value slot how
// many of them hold each value.
struct MatchCounts {
    Xapian::doccount matches = 0;
    std::map<Xapian::valueno, SlotCounts> slots;
    // Matching documents per format ("pdf"), from the "XF" terms (the
    // format has no value slot); filled only when the format facet is asked.
    SlotCounts formats;
};

// Counts the facets of `request` over every match of `query` while the
// caller runs the ranked pass: in other threads, each with a handle of its
// own on the database (a handle serves one thread at a time), pinned to
// the revision the ranked pass reads. Where the revision cannot be pinned
// (several databases, a remote one) the count runs in the caller's thread
// when asked for. `columns`: a long-lived session's slots in memory
// (search/value_columns.h) to count from instead of reading the value
// streams; none for a one-off search. `database`, `query` and `columns`
// must outlive it.
class FacetCount {
public:
    FacetCount(const SearchRequest& request, const Xapian::Database& database, const Xapian::Query& query,
               ValueColumns* columns = nullptr);

    // Waits for the threads; rethrows what one of them threw.
    MatchCounts take();

private:
    const Xapian::Database& database_;
    const Xapian::Query& query_;
    std::vector<Xapian::valueno> slots_;
    bool formats_ = false;  // the format facet, counted from terms
    bool all_copies_ = false;  // count every copy of a text (--all-copies)
    std::future<MatchCounts> worker_;
};

// The counts of facet `name` (one of kSearchFacets) from `counts`: values
// cut, split and named as the facet shows them, most frequent first up to
// request.facet_limit, or every value in date order for year and month.
FacetCounts facet_counts(const std::string& name, const MatchCounts& counts, const SearchRequest& request,
                         const EntityCatalog* catalog);

}  // namespace dossier
