// SPDX-License-Identifier: MIT
// Running a search: the one library call behind dossier-search.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "schema.h"
#include "snippet.h"

namespace dossier {

struct SearchRequest {
    std::vector<std::string> databases;  // searched together
    std::string query;                   // as the user typed it
    std::string lang;                    // restrict to this language; empty: all
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    bool with_snippets = true;  // false leaves Hit::snippet empty (cheaper)
};

struct Hit {
    Xapian::doccount rank = 0;  // 1-based, counting from the first result
    double score = 0;           // BM25
    Xapian::docid id = 0;       // id in the searched database set
    schema::StoredDocument document;  // without its text
    Snippet snippet;
};

struct SearchResult {
    std::string query;        // as the user typed it
    std::string parsed;       // Xapian's description of the parsed query
    Xapian::doccount estimated_total = 0;
    std::vector<Hit> hits;
};

// Largest --limit accepted; beyond it a result list is no longer useful
// output and only costs memory.
inline constexpr Xapian::doccount kMaxLimit = 100000;

// Runs `request`. Throws UsageError (bad lang, limit), QueryError (bad
// query) or DatabaseError (missing, unreadable database). If the database
// is modified while being read, reopens it and tries again.
SearchResult run_search(const SearchRequest& request);

}  // namespace dossier
