// SPDX-License-Identifier: MIT
// The public entry: a request resolved (request.h), matched (matching.h)
// and its facets counted (facet_count.h), retried when the database
// changes under it.
#include "search/search.h"

#include <algorithm>
#include <limits>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "base/error.h"
#include "entities/entities.h"
#include "entities/name_words.h"
#include "base/strings.h"
#include "index/database.h"
#include "search/disjunctive_facets.h"
#include "search/facet_count.h"
#include "search/matching.h"
#include "search/like.h"
#include "search/query_language.h"
#include "search/remote_shards.h"
#include "search/request.h"
#include "search/spelling.h"
#include "search/total.h"
#include "text/language.h"

namespace dossier {

namespace {

constexpr int kAttemptsWhenModified = 3;

// `catalog`: the entities for the query's names, when it may name some;
// `name_catalog` loads them (once a session) for "did you mean" to check.
// `columns`: a long-lived session's slots in memory, to count facets from.
SearchResult search_once(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                         const EntityCatalog* catalog, const std::function<const EntityCatalog&()>& name_catalog,
                         ValueColumns* columns) {
    const QueryToRun query = request.like.empty() ? resolve_query(request, database, lang, catalog)
                                                   : like_query(request, database, lang, catalog);
    FacetCount facet_count(request, database, query.query, columns);  // counts while the ranked pass runs
    RankedMatches ranked = rank_matches(request, database, query);

    SearchResult result;
    result.query = request.query;
    result.parsed = query.parsed.query.get_description();
    result.sort = ranked.sort;
    result.hits = std::move(ranked.hits);
    MatchCounts counts;
    if (!request.facets.empty()) {
        try {
            counts = facet_count.take();
        } catch (const Xapian::WildcardError& e) {
            throw QueryError("query '" + request.query + "': " + e.get_msg());
        }
        for (const std::string& facet : request.facets) {
            const auto unfiltered = request.disjunctive_facets ? without_own_filter(request, facet) : std::nullopt;
            result.facets.push_back(unfiltered ? count_without_own_filter(facet, *unfiltered, database, catalog, columns)
                                               : facet_counts(facet, counts, request, catalog));
        }
    }
    const MatchTotal total =
        match_total(request, database, query.query, ranked.mset, request.facets.empty() ? nullptr : &counts);
    result.estimated_total = total.count;
    result.total_exact = total.exact;
    if (request.like.empty() && query.parsed.weighted) {
        const std::vector<std::string> only_languages =
            lang.empty() ? std::vector<std::string>{} : std::vector<std::string>{lang};
        SpellingSuggestion suggestion = suggest_spelling(database, request.query, query.parsed.languages,
                                                         only_languages, result.estimated_total);
        // A name the catalog knows, in any case and expanded or not ("Fancy
        // Bear", "fancy bear", "turkey"), is no misspelling; the names are
        // only looked for when there is a suggestion to check, and a
        // corrected word is in the built-in name tables: the first look-up
        // in the catalog builds its tables (a tenth of a second), whether
        // it was loaded for the query or not.
        const auto may_correct_a_name = [&] {
            return std::any_of(suggestion.corrected.begin(), suggestion.corrected.end(), builtin_names_mention);
        };
        if (!suggestion.empty() && may_correct_a_name()) {
            std::vector<QueryWordSpan> names;
            for (const NameInQuery& name :
                 names_in_query(request.query, name_catalog(), query.parsed.languages, NameCase::any))
                names.push_back({name.begin, name.end});
            if (!names.empty())
                suggestion = suggest_spelling(database, request.query, query.parsed.languages, only_languages,
                                              result.estimated_total, names);
        }
        result.suggestion = suggestion.query;
        result.suggestion_shown = suggestion.shown;
        if (suggestion.empty() && result.estimated_total <= kFewMatches)
            if (std::string warning = remote_spelling_warning(request.databases, database); !warning.empty())
                result.warnings.push_back(std::move(warning));
    }
    return result;
}

}  // namespace

namespace {

// The databases of `request`, quoted, for a message.
std::string named_databases(const SearchRequest& request) {
    std::string names;
    for (const std::string& path : request.databases) names += (names.empty() ? "'" : ", '") + path + "'";
    return names;
}

}  // namespace

SearchResult run_search(const SearchRequest& request) { return SearchSession().run(request); }

struct SearchSession::State {
    std::optional<Xapian::Database> database;
    std::vector<MissingShard> missing_shards;  // left out of `database` (--allow-partial)
    std::optional<EntityCatalog> catalog;
    std::shared_ptr<ValueColumns> columns;
};

SearchSession::SearchSession() : state_(std::make_unique<State>()) {}

SearchSession::SearchSession(std::shared_ptr<ValueColumns> columns) : SearchSession() {
    state_->columns = std::move(columns);
}
SearchSession::~SearchSession() = default;

void SearchSession::refresh() {
    if (!state_->database) return;
    // A shard left out (--allow-partial) is tried again for each request:
    // one back up rejoins at once.
    if (!state_->missing_shards.empty()) {
        state_->database.reset();
        return;
    }
    try {
        state_->database->reopen();
    } catch (const Xapian::Error&) {
        state_->database.reset();  // the next run opens it again, or says why it cannot
    }
}

SearchResult SearchSession::run(const SearchRequest& request) {
    check_request(request);
    const std::string lang = request.lang.empty() ? std::string() : canonical_language_code(request.lang);
    std::optional<EntityCatalog>& catalog = state_->catalog;
    bool retried_without_shard = false;
    for (int attempt = 1;; ++attempt) {
        try {
            // Opened again after a failed attempt: a retry must see the new
            // revision.
            if (!state_->database) {
                OpenedDatabases opened = open_shards_for_reading(request.databases, request.remote);
                state_->database.emplace(std::move(opened.database));
                state_->missing_shards = std::move(opened.missing);
            }
            const Xapian::Database& database = *state_->database;
            if (needs_catalog(request) && !catalog)
                catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
            const auto name_catalog = [&]() -> const EntityCatalog& {
                if (!catalog) catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
                return *catalog;
            };
            SearchResult result = search_once(request, database, lang, catalog ? &*catalog : nullptr, name_catalog,
                                               state_->columns.get());
            std::vector<std::string> warnings = database_warnings(request, database);
            for (const MissingShard& shard : state_->missing_shards)
                warnings.push_back(shard.reason + "; searched without it (--allow-partial)");
            result.warnings.insert(result.warnings.begin(), warnings.begin(), warnings.end());
            result.missing_shards = state_->missing_shards;
            return result;
        } catch (const Xapian::DatabaseModifiedError&) {
            // The indexer committed while we read; the next attempt opens
            // the new revision.
            state_->database.reset();
            if (attempt == kAttemptsWhenModified)
                throw DatabaseError("the database kept changing while being read; try again");
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseError(fmt::format("database {} could not be read ({}); check it with xapian-check, and "
                                            "if that finds damage, rebuild it with: dossier-index --db {} --rebuild",
                                            named_databases(request), e.get_msg(),
                                            shell_quote(request.databases.front())));
        } catch (const Xapian::NetworkError& e) {
            // A remote shard that died or stopped answering mid-search: a
            // session (dossier-serve) connects afresh for the next request.
            // With --allow-partial the search is run again at once, and the
            // shard left out if it still fails.
            state_->database.reset();
            if (request.remote.allow_partial && !retried_without_shard) {
                retried_without_shard = true;
                continue;
            }
            throw DatabaseError(unreachable_shard_message(named_databases(request), e));
        } catch (const Xapian::DatabaseError& e) {
            throw DatabaseError(fmt::format("cannot read database {}: {}", named_databases(request), e.get_msg()));
        }
    }
}

}  // namespace dossier
