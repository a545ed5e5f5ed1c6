// SPDX-License-Identifier: MIT
#include "search/document_matches.h"

#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>

#include "base/error.h"
#include "index/database.h"
#include "index/schema.h"
#include "search/request.h"
#include "text/analyzer.h"
#include "text/language.h"

namespace dossier {

std::vector<std::pair<std::size_t, std::size_t>> query_matches_in_text(const SearchRequest& request,
                                                                       const Explanation& shown) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    if (request.query.find_first_not_of(" \t\n\r\f\v") == std::string::npos) return spans;
    std::set<std::string> terms;
    std::vector<std::string> wildcards;
    try {
        const Xapian::Database database =
            open_shards_for_reading(request.databases, {request.remote.timeout_seconds, false}).database;
        std::optional<EntityCatalog> catalog;
        if (needs_catalog(request)) catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
        const QueryToRun query = resolve_query(request, database, std::string(), catalog ? &*catalog : nullptr);
        Xapian::Enquire enquire(database);
        enquire.set_query(query.query);
        terms.insert(enquire.get_matching_terms_begin(shown.id), enquire.get_matching_terms_end(shown.id));
        wildcards = query.parsed.wildcard_patterns;
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("query '" + request.query + "': " + e.get_msg());
    } catch (const Xapian::DocNotFoundError&) {
        return spans;  // re-indexed away since it was read: nothing to mark
    } catch (const Xapian::DatabaseError& e) {
        throw DatabaseError("cannot read database: " + e.get_msg());
    }
    // As a snippet's words are matched (search/matching.cpp): the term, its
    // stem in the document's language, or a wildcard's completion.
    const Xapian::Stem stemmer = make_stemmer(shown.document.lang);
    const auto is_match = [&](const std::string& term) {
        if (terms.count(term) || terms.count(std::string(schema::kStemPrefix) + stemmer(term))) return true;
        for (const std::string& pattern : wildcards)
            if (term.starts_with(pattern)) return true;
        return false;
    };
    std::size_t last_word = static_cast<std::size_t>(-1);
    for (const Token& token : analyze(shown.document.text, shown.document.lang)) {
        if (token.word == last_word || !is_match(token.term)) continue;  // one span per word
        last_word = token.word;
        spans.emplace_back(token.begin, token.end);
    }
    return spans;
}

}  // namespace dossier
