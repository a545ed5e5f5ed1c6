// SPDX-License-Identifier: MIT
// Resolving a search request: checking what the user asked for and
// turning it, against one database, into the Xapian query to run.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "entities/entities.h"
#include "search/query.h"
#include "search/search.h"

namespace dossier {

// Throws UsageError for a request that cannot be run whatever the database
// holds: a --limit past kMaxLimit, an unknown facet, an impossible or
// reversed --since/--until, no words and no filter.
void check_request(const SearchRequest& request);

// The catalog is only loaded (ICU name tables, gazetteer) when something
// needs names: a facet filter, facet counts or a facet field in the query.
bool needs_catalog(const SearchRequest& request);

// The indexer's --gazetteer files, when the search names none: a query
// for a user-defined incident then works without repeating the option.
std::vector<std::string> gazetteers_for(const SearchRequest& request, const Xapian::Database& database);

// Warnings about the state of the databases searched, for stderr.
std::vector<std::string> database_warnings(const SearchRequest& request, const Xapian::Database& database);

struct QueryToRun {
    ParsedQuery parsed;   // the user's query, as the result describes it
    Xapian::Query query;  // narrowed by --lang and the filter options
};

// The query to run for `request` in `database`, restricted to `lang`
// (canonical; empty: all).
QueryToRun resolve_query(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                         const EntityCatalog* catalog);

}  // namespace dossier
