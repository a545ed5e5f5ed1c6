// SPDX-License-Identifier: MIT
// Disjunctive facet counts (SearchRequest::disjunctive_facets): the counts
// of a facet ignore that facet's own filter, so a page offering "China or
// Russia" shows the other countries' counts too; the other facets' filters
// still apply.
#pragma once

#include <optional>
#include <string>

#include <xapian.h>

#include "entities/entities.h"
#include "search/search.h"
#include "search/value_columns.h"

namespace dossier {

// `request` without the filter of facet `name` (a --country list for
// "country", --lang for "lang", --since/--until for "year" and "month"),
// counting only that facet; nullopt when the request has no such filter
// (the facet is then counted with the others).
std::optional<SearchRequest> without_own_filter(const SearchRequest& request, const std::string& name);

// The counts of facet `name` over the matches of `unfiltered` (what
// without_own_filter gave) in `database`. Throws QueryError for a wildcard
// that expands too far, as the main count does.
FacetCounts count_without_own_filter(const std::string& name, const SearchRequest& unfiltered,
                                     const Xapian::Database& database, const EntityCatalog* catalog,
                                     ValueColumns* columns = nullptr);

}  // namespace dossier
