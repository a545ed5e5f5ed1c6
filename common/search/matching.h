// SPDX-License-Identifier: MIT
// Matching: the ranked pass (BM25) over a resolved query, and each hit's
// document, snippet and page.
#pragma once

#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/schema.h"
#include "search/request.h"
#include "search/search.h"

namespace dossier {

// Which words of a document's text a query matched, to mark them: a word
// whose term is one of the query's terms, whose stem in the document's
// language is, or that completes one of its wildcards. The query's terms,
// not the document's (Enquire::get_matching_terms): a word of the text
// that is a query term is a term of the document too, and reading the
// document's term list costs a speech's thousands of terms, from a remote
// shard one message each.
class QueryWordMatcher {
public:
    QueryWordMatcher(const Xapian::Query& query, const std::vector<std::string>& wildcards, const std::string& lang);
    bool operator()(const std::string& term) const;

private:
    std::set<std::string> terms_;
    Xapian::Stem stemmer_;
    std::vector<std::string> wildcards_;
};

// What a hit shows of a document (with its text).
schema::StoredDocument stored_document(const Xapian::Document& document);

struct RankedMatches {
    Xapian::doccount estimated_total = 0;
    Xapian::MSet mset;  // what the total is told from (search/total.h)
    SortOrder sort = SortOrder::relevance;  // the order applied (search/sorting.h)
    std::vector<Hit> hits;  // request.offset + 1 onwards, at most request.limit
};

// The ranked pass: the hits of `query` that `request` asks for, in its
// order (best first by default, equal scores newest first). Throws QueryError for a wildcard that
// expands to too many words.
RankedMatches rank_matches(const SearchRequest& request, const Xapian::Database& database, const QueryToRun& query);

}  // namespace dossier
