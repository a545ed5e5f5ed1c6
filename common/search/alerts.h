// SPDX-License-Identifier: MIT
// Saved searches (index/saved_searches.h) as searches: one applied to a
// request, what --alerts counts as new for each (the documents added, or
// changed, by index runs after the last one it showed), and their JSON.
// One definition for dossier-search (--saved, --list-saved, --alerts) and
// dossier-serve (/api/saved, /api/alerts). Nothing here records anything:
// only --alerts does, once its output is written (searcher/alerts_command).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "index/saved_searches.h"
#include "search/search.h"

namespace dossier {

// `request` made into the saved search `saved`: its query, and its filters
// where the request gives none of the same kind (the request wins; a
// filter of another kind narrows further).
void apply_saved_search(const SavedSearch& saved, SearchRequest& request);

// What one saved search has that is new.
struct Alert {
    SavedSearch saved;
    SearchRequest request;  // `saved` on the base request, over the documents of runs after saved.seen_run
    SearchResult result;    // empty when nothing can be new (no run since) or it could not run
    std::string problem;    // why it could not run (a name the gazetteer no longer has); empty: it ran
};

struct Alerts {
    std::uint64_t through_run = 0;  // the latest index run when the searches ran
    std::vector<Alert> alerts;      // in the saved searches' order (by name)
};

// Runs the saved searches of the database folder `database` (the one in
// `base.databases`), each on top of `base` (its limit, offset, snippets,
// changed_too and filters apply), over what the index runs after the last
// --alerts added (or changed). `only`: the one saved search of that name
// (UsageError when there is none); empty: all. A search that cannot run
// has its `problem` set and does not stop the others. Records nothing.
// Throws as read_saved_searches, and DatabaseError when the database
// cannot be opened.
Alerts find_alerts(const std::string& database, const SearchRequest& base, SearchSession& session,
                   const std::string& only = {});

// A saved search as --list-saved --format json lists it.
nlohmann::ordered_json saved_search_json(const SavedSearch& saved);

// One entry of --alerts --format json's "alerts": the saved search,
// "since_run", "new" (every new match) and the "hits" shown.
nlohmann::ordered_json alert_json(const Alert& alert);

// --alerts --format json's whole object: "version", "through_run",
// "changed" and "alerts".
nlohmann::ordered_json alerts_json(const Alerts& alerts, bool changed);

}  // namespace dossier
