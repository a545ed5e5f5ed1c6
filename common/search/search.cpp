// SPDX-License-Identifier: MIT
// The public entry: a request resolved (request.h), matched (matching.h)
// and its facets counted (facet_count.h), retried when the database
// changes under it.
#include "search/search.h"

#include <algorithm>
#include <limits>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "base/error.h"
#include "entities/entities.h"
#include "base/strings.h"
#include "index/database.h"
#include "search/facet_count.h"
#include "search/matching.h"
#include "search/request.h"
#include "text/language.h"

namespace dossier {

namespace {

constexpr int kAttemptsWhenModified = 3;

SearchResult search_once(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                         const EntityCatalog* catalog) {
    const QueryToRun query = resolve_query(request, database, lang, catalog);
    FacetCount facet_count(request, database, query.query);  // counts while the ranked pass runs
    RankedMatches ranked = rank_matches(request, database, query);

    SearchResult result;
    result.query = request.query;
    result.parsed = query.parsed.query.get_description();
    result.estimated_total = ranked.estimated_total;
    result.hits = std::move(ranked.hits);
    if (!request.facets.empty()) {
        MatchCounts counts;
        try {
            counts = facet_count.take();
        } catch (const Xapian::WildcardError& e) {
            throw QueryError("query '" + request.query + "': " + e.get_msg());
        }
        result.estimated_total = counts.matches;  // exact: every match was counted
        for (const std::string& facet : request.facets)
            result.facets.push_back(facet_counts(facet, counts, request, catalog));
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
    std::optional<EntityCatalog> catalog;
};

SearchSession::SearchSession() : state_(std::make_unique<State>()) {}
SearchSession::~SearchSession() = default;

SearchResult SearchSession::run(const SearchRequest& request) {
    check_request(request);
    const std::string lang = request.lang.empty() ? std::string() : canonical_language_code(request.lang);
    std::optional<EntityCatalog>& catalog = state_->catalog;
    for (int attempt = 1;; ++attempt) {
        try {
            // Opened again after a failed attempt: a retry must see the new
            // revision.
            if (!state_->database) state_->database.emplace(open_for_reading(request.databases));
            const Xapian::Database& database = *state_->database;
            if (needs_catalog(request) && !catalog)
                catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
            SearchResult result = search_once(request, database, lang, catalog ? &*catalog : nullptr);
            result.warnings = database_warnings(request, database);
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
        } catch (const Xapian::DatabaseError& e) {
            throw DatabaseError(fmt::format("cannot read database {}: {}", named_databases(request), e.get_msg()));
        }
    }
}

namespace {

// The document indexed under `key` (its unique id term), or 0.
Xapian::docid document_keyed(const Xapian::Database& database, const std::string& key) {
    const std::string term = schema::path_term(key);
    const auto posting = database.postlist_begin(term);
    return posting == database.postlist_end(term) ? 0 : *posting;
}

// The document `id_or_path` names: a document id; the key a result shows
// as its path (a file's absolute path, or "jsonl:<id>" for a --jsonl
// record, which is no file and so must not be made absolute); or a file's
// path relative to the current folder. 0 when there is none.
Xapian::docid find_document(const Xapian::Database& database, const std::string& id_or_path) {
    const bool numeric = !id_or_path.empty() &&
                         std::all_of(id_or_path.begin(), id_or_path.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) {
        // A number past what a document id holds names no document (it
        // must not wrap around to a small one).
        if (id_or_path.size() > 10) return 0;
        const unsigned long long id = std::stoull(id_or_path);
        return id > std::numeric_limits<Xapian::docid>::max() ? 0 : static_cast<Xapian::docid>(id);
    }
    if (id_or_path.empty()) return 0;  // no key, and no path to make absolute
    if (const Xapian::docid id = document_keyed(database, id_or_path)) return id;
    return document_keyed(database, std::filesystem::absolute(id_or_path).lexically_normal().string());
}

}  // namespace

Explanation explain_document(const SearchRequest& request, const std::string& id_or_path) {
    Xapian::Database database = open_for_reading(request.databases);
    try {
        const Xapian::docid id = find_document(database, id_or_path);
        if (id == 0) throw Xapian::DocNotFoundError("no document for " + id_or_path);
        Explanation explanation;
        explanation.id = id;
        explanation.document = stored_document(database.get_document(id));
        explanation.document.text.clear();
        const EntityCatalog catalog = EntityCatalog::load(gazetteers_for(request, database));
        for (const auto& [facet_label, values] : explanation.document.evidence) {
            const auto facet = facet_from_name(facet_label);
            for (const auto& [value, words] : values) {
                Explanation::Value explained{
                    value, facet ? catalog.display_name(*facet, value, request.display_lang) : value, words, {}};
                if (const auto inferred = explanation.document.inferred.find(facet_label);
                    inferred != explanation.document.inferred.end())
                    if (const auto sources = inferred->second.find(value); sources != inferred->second.end())
                        for (const std::string& source : sources->second)
                            explained.via.push_back(catalog.inferred_from(source));
                explanation.facets[facet_label].push_back(std::move(explained));
            }
        }
        return explanation;
    } catch (const Xapian::DocNotFoundError&) {
    } catch (const std::out_of_range&) {
    }
    throw UsageError("--explain " + id_or_path +
                     ": no such document; give a document id from the results (--format json shows "
                     "\"id\"), the path of an indexed file, or jsonl:ID for a record indexed with --jsonl");
}

}  // namespace dossier
