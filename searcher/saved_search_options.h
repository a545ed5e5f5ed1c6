// SPDX-License-Identifier: MIT
// dossier-search's options for saved searches and alerts (--save, --saved,
// --list-saved, --forget, --alerts, --changed, --new-since), kept apart
// from the search options they combine with.
#pragma once

#include <string>
#include <vector>

#include "index/saved_searches.h"
#include "search/alerts.h"
#include "search/search.h"

namespace CLI {
class App;
class Option;
}

namespace dossier::searcher {

struct SavedSearchOptions {
    std::string save;     // --save NAME: store the search instead of running it
    std::string saved;    // --saved NAME: run a stored search
    bool list = false;    // --list-saved
    std::string forget;   // --forget NAME
    bool alerts = false;  // --alerts: what is new for every saved search
    bool limit_given = false;  // --limit was given (alerts otherwise show every new match)
    // The command options as added, in this order: --save, --saved,
    // --list-saved, --forget, --alerts (kept: a look-up by name walks
    // every option of the app).
    std::vector<const CLI::Option*> commands;

    // --save, --list-saved, --forget or --alerts: run instead of a search.
    bool is_command() const { return !save.empty() || list || !forget.empty() || alerts; }
    // Options that need no QUERY.
    bool needs_no_query() const { return !saved.empty() || list || !forget.empty() || alerts; }
};

// Adds the options to `app`, writing to `options` and, for --new-since and
// --changed, to `request`.
void add_saved_search_options(CLI::App& app, SavedSearchOptions& options, SearchRequest& request);

// Checks what was given with them, after parsing. Throws UsageError.
void check_saved_search_options(const CLI::App& app, SavedSearchOptions& options, const SearchRequest& request,
                                bool has_query_words);

// The search `request` describes (its query and filters), to save as `name`.
SavedSearch saved_search_of(const SearchRequest& request, const std::string& name);

// `request` made into a saved search (search/alerts.h): the command line's
// filters win over the saved ones of the same kind.
using dossier::apply_saved_search;

// --saved NAME: `request` made into the search saved as NAME in its
// database. Throws UsageError when there is none.
void apply_saved_search(const std::string& name, SearchRequest& request);

// The one database saved searches are kept with. Throws UsageError for
// several --db.
const std::string& saved_search_database(const SearchRequest& request);

}  // namespace dossier::searcher
