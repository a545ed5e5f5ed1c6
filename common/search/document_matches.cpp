// SPDX-License-Identifier: MIT
#include "search/document_matches.h"

#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "index/database.h"
#include "search/matching.h"
#include "search/request.h"
#include "text/analyzer.h"

namespace dossier {

std::vector<std::pair<std::size_t, std::size_t>> query_matches_in_text(const SearchRequest& request,
                                                                       const Explanation& shown) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (request.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos) return spans;
    std::optional<QueryWordMatcher> is_match;
    try {
        const Xapian::Database database =
            open_shards_for_reading(request.databases, {request.remote.timeout_seconds, false}).database;
        std::optional<EntityCatalog> catalog;
        if (needs_catalog(request)) catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
        const QueryToRun query = resolve_query(request, database, std::string(), catalog ? &*catalog : nullptr);
        // As a snippet's words are marked (search/matching.h).
        is_match.emplace(query.query, query.parsed.wildcard_patterns, shown.document.lang);
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("query '" + request.query + "': " + e.get_msg());
    } catch (const Xapian::DatabaseError& e) {
        throw DatabaseError("cannot read database: " + e.get_msg());
    }
    std::size_t last_word = static_cast<std::size_t>(-1);
    for (const Token& token : analyze(shown.document.text, shown.document.lang)) {
        if (token.word == last_word || !(*is_match)(token.term)) continue;  // one span per word
        last_word = token.word;
        spans.emplace_back(token.begin, token.end);
    }
    return spans;
}

}  // namespace dossier
