// SPDX-License-Identifier: MIT
#include "search/request.h"

#include <filesystem>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

#include "base/error.h"
#include "index/database.h"
#include "index/index_config.h"
#include "index/schema.h"
#include "search/arrivals.h"
#include "search/query.h"
#include "search/query_language.h"
#include "search/facets.h"
#include "text/dates.h"
#include "text/language.h"

namespace dossier {

namespace {

// A query of nothing but spaces has no words: only its filters choose.
bool is_blank(std::string_view query) { return query.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos; }

void check_limit(const SearchRequest& request) {
    if (request.limit > kMaxLimit)
        throw UsageError("--limit " + std::to_string(request.limit) + " is too large; the most is " +
                         std::to_string(kMaxLimit));
}

void check_remote_timeout(const SearchRequest& request) {
    const unsigned seconds = request.remote.timeout_seconds;
    if (seconds == 0 || seconds > kMaxRemoteTimeout)
        throw UsageError("--timeout " + std::to_string(seconds) + ": give 1 to " + std::to_string(kMaxRemoteTimeout) +
                         " seconds");
}

void check_facet_names(const SearchRequest& request) {
    for (const std::string& facet : request.facets)
        if (!search_facet(facet))
            throw UsageError("--facets: unknown facet '" + facet + "'; choose from " + search_facet_names(", "));
}

// --since and --until: dates that exist, the one not after the other.
void check_date_options(const SearchRequest& request) {
    for (const auto& [option, value] : {std::pair{"--since", &request.since}, std::pair{"--until", &request.until}})
        if (const auto problem = value->empty() ? std::nullopt : user_date_problem(absolute_user_date(*value)))
            throw UsageError(std::string(option) + " " + *value + ": " + *problem);
    if (is_reversed_range(absolute_user_date(request.since), absolute_user_date(request.until)))
        throw UsageError("--since " + request.since + " is after --until " + request.until +
                         ", so no date is in between; give the earlier date to --since");
}

// Words or a filter: a query of neither would list every document, which
// is never what was meant (an empty variable in a script, a stray '').
// Facet counts alone are the exception: they count over every document
// (what the index holds).
void check_something_to_search(const SearchRequest& request) {
    const bool filtered = !request.facet_filters.empty() || !request.since.empty() || !request.until.empty() ||
                          !request.lang.empty() || !request.new_since.empty();
    if (is_blank(request.query) && !filtered && request.facets.empty() && request.like.empty())
        throw UsageError("the query is empty; give words to search for, or a filter (country:CN, --country CN, "
                         "--since 2021, ...) to list the documents it lets through");
}

// Filters from --country/--org/--incident/--actor and --since/--until.
Xapian::Query option_filters(const SearchRequest& request, const EntityCatalog* catalog) {
    std::vector<Xapian::Query> filters;
    for (const auto& [facet, values] : request.facet_filters) {
        std::vector<Xapian::Query> alternatives;
        for (const std::string& value : values)
            alternatives.push_back(facet_filter(facet, resolve_facet_value(facet, value, *catalog), request.inferred));
        filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    // check_date_options has made sure the keys are there.
    if (!request.since.empty() || !request.until.empty())
        filters.push_back(date_range_filter(absolute_user_date(request.since), absolute_user_date(request.until)));
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

}  // namespace

void check_request(const SearchRequest& request) {
    check_limit(request);
    check_remote_timeout(request);
    try {
        display_language_tag(request.display_lang);
    } catch (const UsageError& e) {
        throw UsageError("--display-lang " + request.display_lang + ": " + e.what());
    }
    check_facet_names(request);
    check_date_options(request);
    if (!request.new_since.empty()) check_new_since(request.new_since);
    check_something_to_search(request);
}

bool needs_catalog(const SearchRequest& request) {
    if (!request.facet_filters.empty() || !request.facets.empty()) return true;
    if (request.expand_names && may_name_entities(request.query)) return true;
    for (const schema::QueryField& field : schema::kQueryFields)
        if (field.kind == schema::FieldKind::facet &&
            request.query.find(std::string(field.name) + ":") != std::string::npos)
            return true;
    return false;
}

std::vector<std::string> gazetteers_for(const SearchRequest& request, const Xapian::Database& database) {
    if (!request.gazetteers.empty()) return request.gazetteers;
    const std::string config = database.get_metadata(std::string(schema::kIndexConfigKey));
    if (config.empty()) return {};
    std::vector<std::string> remembered = decode_index_config(config).gazetteers;
    std::erase_if(remembered, [](const std::string& path) {
        std::error_code ec;
        return !std::filesystem::exists(path, ec);
    });
    return remembered;
}

// `database` is all of request.databases combined; Xapian answers metadata
// from the first of several, so only then is each opened on its own.
std::vector<std::string> database_warnings(const SearchRequest& request, const Xapian::Database& database) {
    std::vector<std::string> warnings;
    for (const std::string& path : request.databases) {
        const Xapian::Database one = request.databases.size() == 1 ? database : open_for_reading({path});
        if (!one.get_metadata(std::string(schema::kReanalyzingKey)).empty())
            warnings.push_back("database '" + path +
                               "' is part-way through re-analysis (its gazetteer or analyzer changed); "
                               "facets may mix old and new until dossier-index completes a run");
    }
    return warnings;
}

QueryToRun resolve_query(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                         const EntityCatalog* catalog) {
    QueryToRun run;
    if (is_blank(request.query)) {
        // No query text: the filters alone choose the documents.
        // Query(std::string()), not the static Query::MatchAll: threads
        // (search/query.cpp, reading_every_match).
        run.parsed.query = lang.empty() ? Xapian::Query(std::string())
                                        : Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(std::string()),
                                                        Xapian::Query(schema::language_term(lang)));
    } else {
        run.parsed = parse_query(request.query, database, lang, catalog, request.inferred, request.expand_names);
    }
    run.query = run.parsed.query;
    if (const Xapian::Query filter = option_filters(request, catalog); !filter.empty())
        run.query = Xapian::Query(Xapian::Query::OP_FILTER, run.query, filter);
    if (!request.new_since.empty())
        run.query = Xapian::Query(Xapian::Query::OP_FILTER, run.query,
                                  arrivals_since(database, request.new_since, request.changed_too));
    if (!run.parsed.weighted) run.query = reading_every_match(run.query);
    return run;
}

}  // namespace dossier
