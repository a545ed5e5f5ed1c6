// SPDX-License-Identifier: MIT
#include "search/disjunctive_facets.h"

#include "base/error.h"
#include "search/facet_count.h"
#include "search/facets.h"
#include "search/like.h"
#include "search/request.h"
#include "text/language.h"

namespace dossier {

std::optional<SearchRequest> without_own_filter(const SearchRequest& request, const std::string& name) {
    const std::optional<SearchFacet> facet = search_facet(name);
    if (!facet) return std::nullopt;
    SearchRequest unfiltered = request;
    switch (facet->kind) {
    case FacetKind::entity:
        if (unfiltered.facet_filters.erase(facet->entity) == 0) return std::nullopt;
        break;
    case FacetKind::language:
        if (request.lang.empty()) return std::nullopt;
        unfiltered.lang.clear();
        break;
    case FacetKind::year:
    case FacetKind::month:
        if (request.since.empty() && request.until.empty()) return std::nullopt;
        unfiltered.since.clear();
        unfiltered.until.clear();
        break;
    case FacetKind::format:
        return std::nullopt;  // no option filters by format
    }
    unfiltered.facets = {name};
    return unfiltered;
}

FacetCounts count_without_own_filter(const std::string& name, const SearchRequest& unfiltered,
                                     const Xapian::Database& database, const EntityCatalog* catalog,
                                     ValueColumns* columns) {
    const std::string lang = unfiltered.lang.empty() ? std::string() : canonical_language_code(unfiltered.lang);
    const QueryToRun query = unfiltered.like.empty() ? resolve_query(unfiltered, database, lang, catalog)
                                                      : like_query(unfiltered, database, lang, catalog);
    MatchCounts counts;
    try {
        counts = FacetCount(unfiltered, database, query.query, columns).take();
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("query '" + unfiltered.query + "': " + e.get_msg());
    }
    return facet_counts(name, counts, unfiltered, catalog);
}

}  // namespace dossier
