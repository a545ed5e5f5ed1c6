// SPDX-License-Identifier: MIT
// From an HTTP request's query parameters to the SearchRequest the API
// runs: pure functions (no database, no I/O), so that a fuzz target
// (fuzz/fuzz_serve_request.cpp) can drive them. A bad value throws the
// exception and message dossier-search gives for it (UsageError, or
// QueryError from check_request's checks), which the server turns into 400.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "search/search.h"

namespace dossier::server {

// Query parameters as the URL gave them, in order; a name may repeat
// (httplib::Params is this type).
using QueryParameters = std::multimap<std::string, std::string>;

// Largest offset accepted: paging further is no use to a reader and makes
// Xapian keep offset + limit matches.
inline constexpr Xapian::doccount kMaxOffset = kMaxLimit;

// /api/search: q, country, incident, actor, org (each repeatable, and
// comma lists), lang, since, until, sort, offset, limit, facets (comma
// list, repeatable), display_lang. Facet counts are disjunctive
// (SearchRequest::disjunctive_facets). Checked as dossier-search checks its
// options (check_request).
SearchRequest search_request(const QueryParameters& parameters, const std::vector<std::string>& databases);

// /api/like: key (a document key, as --like takes it) and the parameters of
// /api/search, which narrow the documents like it (--like KEY with a QUERY
// and filters).
SearchRequest like_request(const QueryParameters& parameters, const std::vector<std::string>& databases);

// /api/alerts: name (one saved search; absent: all), changed (1 or true:
// changed documents count too, as --changed), offset, limit (of the hits
// shown for each), display_lang. `base` is the request each saved search is
// applied to (search/alerts.h).
struct AlertsRequest {
    std::string name;
    SearchRequest base;
};
AlertsRequest alerts_request(const QueryParameters& parameters, const std::vector<std::string>& databases);

// /api/saved takes no parameter: throws UsageError for any.
void check_no_parameters(const QueryParameters& parameters);

// /api/facets: facets (comma list; default "country,year"), display_lang:
// counts over every document.
SearchRequest facets_request(const QueryParameters& parameters, const std::vector<std::string>& databases);

// /api/doc and /api/explain: the key of a document, and the request its
// reading needs (databases, display_lang; for /api/doc also the q whose
// words are marked).
struct DocumentRequest {
    std::string key;
    SearchRequest request;
};
DocumentRequest document_request(const QueryParameters& parameters, const std::vector<std::string>& databases,
                                 bool with_query);

}  // namespace dossier::server
