// SPDX-License-Identifier: MIT
// run_search on a small database built here with the indexer's own
// document builder: what ranks first, what the facets count, what the
// filters keep. Only the public request/result API is used.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "base/error.h"
#include "formats/source_document.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "search/search.h"
#include "test_support.h"

using dossier::FacetCounts;
using dossier::run_search;
using dossier::SearchRequest;
using dossier::SearchResult;
using dossier::SourceDocument;
using dossier::test::ranked_names;
using dossier::test::TempDir;

namespace {

using dossier::test::Report;

// Four English reports: two on WannaCry (one mostly about it), one on
// NotPetya, one naming no incident at all.
const Report kReports[] = {
    {"wannacry-deep.txt", "2017-05-20",
     "WannaCry outbreak\n\nWannaCry encrypted hospital files in the United Kingdom. WannaCry spread through SMB; "
     "the WannaCry ransom notes asked for bitcoin. Analysts linked WannaCry to North Korea."},
    {"wannacry-mention.txt", "2018-02-01",
     "Annual review\n\nThe ministry in France reviewed its budget, its staff and, briefly, WannaCry."},
    {"notpetya.txt", "2017-06-28",
     "NotPetya in Ukraine\n\nNotPetya hit companies in Ukraine and Russia through a tax software update."},
    {"budget.txt", "2019-03-01", "Budget\n\nThe committee approved the budget for the coming year."},
};

// The database every case reads, built once.
const std::string& sample_database() {
    static const TempDir tmp("search");
    static const std::string path = [] {
        const std::string db = (tmp.path() / "db").string();
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        dossier::test::add_reports(database, tmp.path(), kReports);
        database.commit();
        return db;
    }();
    return path;
}

// A request for `query` on the sample database, to adjust before running.
SearchRequest request_for(const std::string& query) {
    SearchRequest request;
    request.databases = {sample_database()};
    request.query = query;
    return request;
}

SearchResult search(const std::string& query) { return run_search(request_for(query)); }

// The request for `query` changed by `adjust` (limit, filters, facets), run.
template <typename Adjust>
SearchResult search(const std::string& query, Adjust adjust) {
    SearchRequest request = request_for(query);
    adjust(request);
    return run_search(request);
}

using dossier::test::counted;

}  // namespace

TEST_CASE("the document most about the words ranks first", "[search]") {
    const SearchResult result = search("WannaCry");
    CHECK(ranked_names(result) == "wannacry-deep.txt|wannacry-mention.txt");
    CHECK(result.estimated_total == 2);
    REQUIRE(result.hits.size() == 2);
    CHECK(result.hits[0].rank == 1);
    CHECK(result.hits[0].score > result.hits[1].score);
    CHECK(result.hits[0].document.title == "WannaCry outbreak");
    CHECK_THAT(result.hits[0].snippet.text, Catch::Contains("WannaCry"));
}

TEST_CASE("a word no document has finds nothing", "[search]") {
    const SearchResult result = search("zanzibarite");
    CHECK(result.hits.empty());
    CHECK(result.estimated_total == 0);
}

TEST_CASE("limit and offset page through the ranked hits", "[search]") {
    CHECK(ranked_names(search("WannaCry", [](SearchRequest& r) { r.limit = 1; })) == "wannacry-deep.txt");
    CHECK(ranked_names(search("WannaCry", [](SearchRequest& r) {
              r.offset = 1;
              r.limit = 1;
          })) == "wannacry-mention.txt");
}

TEST_CASE("facets count what the whole match set carries", "[search]") {
    const SearchResult result = search("WannaCry OR NotPetya OR budget", [](SearchRequest& r) {
        r.limit = 1;
        r.facets = {"incident", "year"};
    });
    CHECK(result.hits.size() == 1);  // counted over all matches, not the page shown
    CHECK(counted(result, "incident") == "wannacry=2 notpetya=1");
    CHECK(counted(result, "year") == "2017=2 2018=1 2019=1");
}

TEST_CASE("filters keep the documents with the value, by name or id", "[search]") {
    CHECK(ranked_names(search("ministry OR Ukraine OR hospital", [](SearchRequest& r) {
              r.facet_filters[dossier::Facet::country] = {"Ukraine"};
          })) == "notpetya.txt");
    CHECK(ranked_names(search("WannaCry", [](SearchRequest& r) { r.facet_filters[dossier::Facet::country] = {"FR"}; })) ==
          "wannacry-mention.txt");
    CHECK(ranked_names(search("WannaCry OR NotPetya", [](SearchRequest& r) {
              r.since = "2017-06";
              r.until = "2017";
          })) == "notpetya.txt");
}

TEST_CASE("a filter alone lists every document carrying the value", "[search]") {
    const SearchResult result =
        search("", [](SearchRequest& r) { r.facet_filters[dossier::Facet::incident] = {"WannaCry"}; });
    CHECK(result.estimated_total == 2);
    CHECK_THAT(ranked_names(result), Catch::Contains("wannacry-deep.txt") && Catch::Contains("wannacry-mention.txt"));
}

TEST_CASE("requests that cannot be answered say why", "[search]") {
    CHECK_THROWS_AS(search("WannaCry", [](SearchRequest& r) { r.facet_filters[dossier::Facet::country] = {"Narnia"}; }),
                    dossier::QueryError);
    CHECK_THROWS_AS(search("WannaCry", [](SearchRequest& r) {
                        r.since = "2019";
                        r.until = "2017";
                    }),
                    dossier::UsageError);
    CHECK_THROWS_AS(search(""), dossier::UsageError);
    SearchRequest missing = request_for("WannaCry");
    missing.databases = {"/nonexistent/dossier-db"};
    CHECK_THROWS_AS(run_search(missing), dossier::DatabaseError);
}
