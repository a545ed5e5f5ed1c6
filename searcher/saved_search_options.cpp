// SPDX-License-Identifier: MIT
#include "saved_search_options.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "base/error.h"
#include "base/utf8.h"
#include "entities/entity.h"

namespace dossier::searcher {

void add_saved_search_options(CLI::App& app, SavedSearchOptions& options, SearchRequest& request) {
    options.commands = {
        app.add_option("--save", options.save,
                       "Save the query and filters under NAME with the database (letters, digits, -_.) "
                       "instead of running it; --alerts then reports what arrives after now")
            ->type_name("NAME"),
        app.add_option("--saved", options.saved, "Run the search saved as NAME (other options still apply)")
            ->type_name("NAME"),
        app.add_flag("--list-saved", options.list, "List the saved searches"),
        app.add_option("--forget", options.forget, "Delete the saved search NAME")->type_name("NAME"),
        app.add_flag("--alerts", options.alerts,
                     "Run every saved search over the documents added since its last --alerts run, "
                     "print them grouped by search, and record the run (exit 1: nothing new)"),
    };
    app.add_flag("--changed", request.changed_too,
                 "With --alerts or --new-since: documents whose content changed count too");
    app.add_option("--new-since", request.new_since,
                   "Only documents added by index run REV or later, since DATE (2026-12, 2026-12-05), "
                   "or by the latest run (last)")
        ->type_name("REV|DATE|last");
}

void check_saved_search_options(const CLI::App& app, SavedSearchOptions& options, const SearchRequest& request,
                                bool has_query_words) {
    const auto given = [&](const char* name) { return app.get_option(name)->count() > 0; };
    std::vector<std::string> commands;
    for (const CLI::Option* command : options.commands)
        if (command->count() > 0) commands.push_back(command->get_name());
    if (commands.size() > 1) throw UsageError(commands[0] + " and " + commands[1] + " cannot be used together");
    options.limit_given = given("--limit");
    if (request.changed_too && !options.alerts && request.new_since.empty())
        throw UsageError("--changed goes with --alerts or --new-since");
    if (commands.empty()) return;
    const std::string& command = commands.front();
    for (const char* other : {"--queries", "--explain", "--show", "--like", "--count"})
        if (app.get_option_no_throw(other) != nullptr && given(other))
            throw UsageError(command + " and " + other + " cannot be used together");
    if (given("--save")) {
        check_saved_search_name(options.save);
        if (!request.new_since.empty())
            throw UsageError("--new-since is not saved with a search: --alerts works out what is new for it");
        return;
    }
    if (given("--saved")) {
        check_saved_search_name(options.saved);
        if (has_query_words)
            throw UsageError("--saved runs the query saved as " + options.saved +
                             "; give no QUERY with it (filters still apply)");
        return;
    }
    if (has_query_words) throw UsageError(command + " takes no QUERY");
    if (given("--forget")) check_saved_search_name(options.forget);
    if (options.alerts && !request.new_since.empty())
        throw UsageError("--alerts works out what is new for each saved search; leave out --new-since");
}

SavedSearch saved_search_of(const SearchRequest& request, const std::string& name) {
    SavedSearch saved;
    saved.name = name;
    saved.query = request.query;
    saved.lang = request.lang;
    saved.since = request.since;
    saved.until = request.until;
    for (const auto& [facet, values] : request.facet_filters) saved.filters[std::string(facet_name(facet))] = values;
    saved.inferred = request.inferred;
    return saved;
}

const std::string& saved_search_database(const SearchRequest& request) {
    if (request.databases.size() != 1)
        throw UsageError("saved searches are kept with one database; give a single --db");
    return request.databases.front();
}

void apply_saved_search(const std::string& name, SearchRequest& request) {
    for (const SavedSearch& saved : read_saved_searches(saved_search_database(request)))
        if (saved.name == name) return apply_saved_search(saved, request);
    throw UsageError("no saved search '" + escape_for_terminal(name) + "'; --list-saved lists them");
}

}  // namespace dossier::searcher
