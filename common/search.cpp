// SPDX-License-Identifier: MIT
#include "search.h"

#include <set>

#include "database.h"
#include "error.h"
#include "language.h"
#include "query.h"

namespace dossier {

namespace {

constexpr int kAttemptsWhenModified = 3;

// A term of the document is a match when the query holds it, its stem in
// the document's language, or a wildcard it completes.
class HitMatcher {
public:
    HitMatcher(std::set<std::string> query_terms, const std::string& lang,
               const std::vector<std::string>& wildcards)
        : terms_(std::move(query_terms)), stemmer_(make_stemmer(lang)), wildcards_(wildcards) {}

    bool operator()(const std::string& term) const {
        if (terms_.count(term)) return true;
        if (terms_.count(std::string(schema::kStemPrefix) + stemmer_(term))) return true;
        for (const std::string& pattern : wildcards_)
            if (term.starts_with(pattern)) return true;
        return false;
    }

private:
    std::set<std::string> terms_;
    Xapian::Stem stemmer_;
    const std::vector<std::string>& wildcards_;
};

SearchResult search_once(const SearchRequest& request, const std::string& lang) {
    Xapian::Database database = open_for_reading(request.databases);
    const ParsedQuery parsed = parse_query(request.query, database, lang);

    Xapian::Enquire enquire(database);
    enquire.set_query(parsed.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    Xapian::MSet mset;
    try {
        mset = enquire.get_mset(request.offset, request.limit);
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("query '" + request.query + "': " + e.get_msg());
    }

    SearchResult result;
    result.query = request.query;
    result.parsed = parsed.query.get_description();
    result.estimated_total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = it.get_rank() + 1;
        hit.score = it.get_weight();
        hit.id = *it;
        hit.document = schema::decode_document_data(it.get_document().get_data());
        if (request.with_snippets) {
            const HitMatcher matcher(std::set<std::string>(enquire.get_matching_terms_begin(it),
                                                           enquire.get_matching_terms_end(it)),
                                     hit.document.lang, parsed.wildcard_patterns);
            hit.snippet = make_snippet(hit.document.text, matcher);
        }
        hit.document.text.clear();
        result.hits.push_back(std::move(hit));
    }
    return result;
}

}  // namespace

SearchResult run_search(const SearchRequest& request) {
    if (request.limit > kMaxLimit)
        throw UsageError("--limit " + std::to_string(request.limit) + " is too large; the most is " +
                         std::to_string(kMaxLimit));
    const std::string lang = request.lang.empty() ? std::string() : canonical_language_code(request.lang);
    for (int attempt = 1;; ++attempt) {
        try {
            return search_once(request, lang);
        } catch (const Xapian::DatabaseModifiedError&) {
            // The indexer committed while we read; the next attempt opens
            // the new revision.
            if (attempt == kAttemptsWhenModified)
                throw DatabaseError("the database kept changing while being read; try again");
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseError("database is damaged (" + e.get_msg() +
                                "); delete it and index again");
        } catch (const Xapian::DatabaseError& e) {
            throw DatabaseError("cannot read the database: " + e.get_msg());
        }
    }
}

}  // namespace dossier
