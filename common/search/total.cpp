// SPDX-License-Identifier: MIT
#include "search/total.h"

#include "index/schema.h"
#include "search/query.h"

namespace dossier {

namespace {

// Every match of `query`, each copy cluster once unless `all_copies`: read
// unweighted to the end, Xapian's bounds then meet. (A weighted pass that
// collapses copies leaves its upper bound loose however much it checks.)
Xapian::doccount count_every_match(const Xapian::Database& database, const Xapian::Query& query, bool all_copies) {
    Xapian::Enquire enquire(database);
    enquire.set_query(reading_every_match(query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    if (!all_copies) enquire.set_collapse_key(schema::kCopyClusterSlot);
    return enquire.get_mset(0, 0, database.get_doccount()).get_matches_lower_bound();
}

}  // namespace

MatchTotal match_total(const SearchRequest& request, const Xapian::Database& database, const Xapian::Query& query,
                       const Xapian::MSet& ranked, const MatchCounts* counted) {
    if (counted != nullptr) return {counted->matches, true};
    if (request.exact_total) return {count_every_match(database, query, request.all_copies), true};
    if (ranked.get_matches_lower_bound() == ranked.get_matches_upper_bound())
        return {ranked.get_matches_lower_bound(), true};
    // Collapsing copies loosens Xapian's bounds even where there is nothing
    // to collapse; with no copies in the databases, the uncollapsed ones
    // are the count's.
    if (database.get_value_freq(schema::kCopyClusterSlot) == 0) {
        const Xapian::doccount lower = ranked.get_uncollapsed_matches_lower_bound();
        const bool exact = lower == ranked.get_uncollapsed_matches_upper_bound();
        return {exact ? lower : ranked.get_uncollapsed_matches_estimated(), exact};
    }
    return {ranked.get_matches_estimated(), false};
}

}  // namespace dossier
