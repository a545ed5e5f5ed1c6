// SPDX-License-Identifier: MIT
// Running a search: the one library call behind dossier-search.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "entities/entity.h"
#include "index/database.h"
#include "index/document_record.h"
#include "index/schema.h"
#include "search/copies.h"
#include "search/snippet.h"

namespace dossier {

// The order of the results (--sort): best first; or by date, newest or
// oldest first (undated documents last). Ties break by relevance, then by
// the document's key (search/sorting.h).
enum class SortOrder { relevance, newest, oldest };

struct SearchRequest {
    std::vector<std::string> databases;  // searched together
    std::string query;                   // as the user typed it
    std::string lang;                    // restrict to this language; empty: all
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    bool with_snippets = true;  // false leaves Hit::snippet empty (cheaper)
    bool with_arrivals = true;  // false leaves Hit::added and changed empty (cheaper)
    // Copies of one text (index/copy_clusters.h) are one hit and counted
    // once (the total, facets); with all_copies (--all-copies) each file is.
    bool all_copies = false;
    // --sort; none: relevance for a query with words, newest first for
    // filters alone (they have no relevance).
    std::optional<SortOrder> sort;
    // Count every match, so the total is exact (--count, --limit 0).
    bool exact_total = false;
    // --like KEY: documents like this one (search/like.h), narrowed by the
    // query and filters, instead of documents matching the query.
    std::string like;

    // Filters from the command line: values of one facet OR together,
    // different facets AND (values are names or ids, resolved here).
    std::map<Facet, std::vector<std::string>> facet_filters;
    std::string since;  // "2021", "2021-03" or "2021-03-15"; empty: open
    std::string until;
    // Only documents added by this run or later ones, those added since this
    // date, or by the latest run ("last"); empty: any (search/arrivals.h).
    std::string new_since;
    bool changed_too = false;  // new_since also lets through documents changed since

    // Facets to count over the whole match set, by name (kSearchFacets in
    // search/facets.h).
    std::vector<std::string> facets;
    // Each facet counted without its own filter (search/disjunctive_facets.h):
    // --country CN --country RU still counts the other countries. Off for
    // dossier-search, on for dossier-serve's page.
    bool disjunctive_facets = false;
    Xapian::doccount facet_limit = 10;   // values shown per facet (not year/month)
    std::string display_lang = "en";     // language of country names
    std::vector<std::string> gazetteers; // user gazetteer files
    // Countries a document reaches only through a threat actor it names
    // count as its countries (default), or not (--no-inferred: country
    // filters, in the query and --country, and the country facet counts
    // leave them out; hits still list them, marked).
    bool inferred = true;
    // A country, organisation, incident or actor named in the query's free
    // text with a capital ("Tiongkok", "Fancy Bear", "中国") also finds the
    // documents carrying it, below those with the words (default); not
    // with --no-expand.
    bool expand_names = true;
    // Remote shards (docs/shards.md): how long each may take to answer
    // (--timeout), and whether one that fails is left out (--allow-partial).
    RemoteOptions remote;
};

struct FacetValue {
    std::string value;    // "CN", "wannacry", "2021", "2021-07", "id"
    std::string name;     // display name ("China", "WannaCry")
    Xapian::doccount count = 0;  // matching documents carrying the value
};

struct FacetCounts {
    std::string facet;    // as requested
    std::vector<FacetValue> values;  // most frequent first; year and month
                                     // in date order (a histogram)
    Xapian::doccount other_values = 0;  // distinct values beyond facet_limit
    // The counts are exact: the counting pass reads every match
    // (search/facet_count.h), never a sample.
    bool exact = true;
};

struct Hit {
    Xapian::doccount rank = 0;  // 1-based, counting from the first result
    double score = 0;           // BM25
    Xapian::docid id = 0;       // id in the searched database set
    schema::StoredDocument document;  // without its text
    Snippet snippet;
    unsigned page = 0;  // page of a PDF the snippet is on (1-based); 0 for unpaged formats
    OtherCopies copies;  // the other copies of its text: some paths, and how many (search/copies.h)
    RunStamp added, changed;  // when the document arrived and last changed (index/document_record.h)
};

struct SearchResult {
    std::string query;        // as the user typed it
    std::string parsed;       // Xapian's description of the parsed query
    Xapian::doccount estimated_total = 0;
    bool total_exact = false;  // estimated_total is the exact count (search/total.h)
    SortOrder sort = SortOrder::relevance;  // the order applied
    std::vector<Hit> hits;
    std::vector<FacetCounts> facets;
    std::vector<std::string> warnings;  // about the database, for stderr
    // "Did you mean" (search/spelling.h): the query with its misspelt words
    // corrected, as the index spells them ("blinken cyber") and in the case
    // typed ("Blinken cyber"); empty when there is none. Never run instead.
    std::string suggestion;
    std::string suggestion_shown;
    // Remote shards left out (SearchRequest::remote.allow_partial): the
    // result is of the others only.
    std::vector<MissingShard> missing_shards;
};

// Largest --limit accepted; beyond it a result list is no longer useful
// output and only costs memory.
inline constexpr Xapian::doccount kMaxLimit = 100000;

// Runs `request`. Throws UsageError (bad lang, limit, an impossible or
// reversed --since/--until, a blank query without filters), QueryError
// (bad query) or DatabaseError (missing, unreadable database). If the database
// is modified while being read, reopens it and tries again.
SearchResult run_search(const SearchRequest& request);

// Runs many requests on the same databases, opened once and reopened only
// when the indexer commits under a read; the entity catalog is loaded once
// for the first request that needs it (dossier-search --queries). Every
// request must name the databases and gazetteers of the first. Throws as
// run_search.
class ValueColumns;

class SearchSession {
public:
    SearchSession();
    // Facets are counted from the value slots kept in memory in `columns`
    // (search/value_columns.h), which several sessions may share: for a
    // long-lived process (dossier-serve), whose every faceted request then
    // costs far less after the first at a revision.
    explicit SearchSession(std::shared_ptr<ValueColumns> columns);
    SearchSession(const SearchSession&) = delete;
    SearchSession& operator=(const SearchSession&) = delete;
    ~SearchSession();

    SearchResult run(const SearchRequest& request);

    // Moves to the databases' latest revision (a re-index since the last
    // run), or drops them to be opened again by the next run when they
    // cannot be reopened (gone, damaged) or a remote shard was left out of
    // them (--allow-partial: it is tried again); a long-lived session
    // (dossier-serve) calls it before each request.
    void refresh();

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Why a document carries its facet values.
struct Explanation {
    Xapian::docid id = 0;
    schema::StoredDocument document;  // without its text
    // facet -> (value, display name, the words that gave it)
    struct Value {
        std::string value, name;
        std::vector<std::string> words;  // as written; none for an inferred value
        std::vector<InferredFrom> via;   // an inferred value's sources ("via actor Lazarus Group")
    };
    std::map<std::string, std::vector<Value>> facets;
};

// Explains document `id_or_path` (a document id from the results, the path
// a result shows: a file's or a --jsonl record's "jsonl:<id>", or the path
// of an indexed file relative to here) in the databases of `request`.
// Throws UsageError when there is no such document.
Explanation explain_document(const SearchRequest& request, const std::string& id_or_path);

}  // namespace dossier
