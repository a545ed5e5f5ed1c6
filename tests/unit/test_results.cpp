// SPDX-License-Identifier: MIT
// Working through results (search/sorting.h, total.h, document_key.h,
// show.h, like.h) on a small database built here with the indexer's
// document builder.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "base/error.h"
#include "formats/source_document.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "search/document_key.h"
#include "search/search.h"
#include "search/show.h"
#include "search/sorting.h"
#include "test_support.h"

using dossier::run_search;
using dossier::SearchRequest;
using dossier::SearchResult;
using dossier::SortOrder;
using dossier::SourceDocument;
using dossier::test::ranked_names;
using dossier::test::TempDir;

namespace {

using dossier::test::Report;

// "quillwort" once in each of five reports of the same length, so that
// their scores tie: two on the same day, added b before a (their ids then
// disagree with their paths). Two reports on salt marshes for --like, and
// a paged one.
const Report kReports[] = {
    {"c.txt", "2020-01-02", "Gamma\n\nquillwort gamma notes"},
    {"tie-b.txt", "2021-06-01", "Beta\n\nquillwort beta notes"},
    {"tie-a.txt", "2021-06-01", "Alpha\n\nquillwort alpha notes"},
    {"d.txt", "2022", "Delta\n\nquillwort delta notes"},
    {"e.txt", "", "Epsilon\n\nquillwort epsilon notes"},
    {"marsh-1.txt", "2019-01-01",
     "Salt marsh\n\nThe salt marsh flooded at high tide and the cordgrass died back along the tidal creeks."},
    {"marsh-2.txt", "2019-02-01",
     "Tidal creeks\n\nCordgrass along the tidal creeks of the salt marsh recovered after the flood tide."},
    {"budget.txt", "2019-03-01", "Budget\n\nThe committee approved the budget for the coming year."},
};

const TempDir& folder() {
    static const TempDir tmp("results");
    return tmp;
}

std::string path_of(const std::string& name) { return (folder().path() / "docs" / name).string(); }

const std::string& sample_database() {
    static const std::string path = [] {
        const std::string db = (folder().path() / "db").string();
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        dossier::test::add_reports(database, folder().path(), kReports);
        {
            // Two pages: the page break before "second".
            SourceDocument source;
            source.path = path_of("paged.pdf");
            source.format = "pdf";
            source.text = "Paged\n\nfirst page words. second page words.";
            source.page_breaks = {static_cast<std::uint32_t>(source.text.find("second"))};
            dossier::test::add_english_document(database, source);
        }
        database.commit();
        return db;
    }();
    return path;
}

template <typename Adjust>
SearchResult search(const std::string& query, Adjust adjust) {
    SearchRequest request;
    request.databases = {sample_database()};
    request.query = query;
    adjust(request);
    return run_search(request);
}

}  // namespace

TEST_CASE("sort orders by name, and filters alone have no relevance", "[results]") {
    for (const SortOrder order : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest})
        CHECK(dossier::sort_order_named(dossier::sort_order_name(order)) == order);
    CHECK_FALSE(dossier::sort_order_named("size"));
    SearchRequest request;
    CHECK(dossier::sort_order_for(request, true) == SortOrder::relevance);
    CHECK(dossier::sort_order_for(request, false) == SortOrder::newest);
    request.sort = SortOrder::oldest;
    CHECK(dossier::sort_order_for(request, false) == SortOrder::oldest);
}

TEST_CASE("date sort keys put newer first for newest, older first for oldest, undated last", "[results]") {
    using dossier::date_sort_key;
    CHECK(date_sort_key("20230501", SortOrder::newest) < date_sort_key("20220701", SortOrder::newest));
    CHECK(date_sort_key("20220701", SortOrder::oldest) < date_sort_key("20230501", SortOrder::oldest));
    CHECK(date_sort_key("19000101", SortOrder::newest) < date_sort_key("", SortOrder::newest));
    CHECK(date_sort_key("29991231", SortOrder::oldest) < date_sort_key("", SortOrder::oldest));
}

TEST_CASE("newest and oldest order by date, a tie by path, across page edges too", "[results]") {
    const SearchResult newest = search("quillwort", [](SearchRequest& r) { r.sort = SortOrder::newest; });
    CHECK(newest.sort == SortOrder::newest);
    CHECK(ranked_names(newest) == "d.txt|tie-a.txt|tie-b.txt|c.txt|e.txt");
    const SearchResult oldest = search("quillwort", [](SearchRequest& r) { r.sort = SortOrder::oldest; });
    CHECK(ranked_names(oldest) == "c.txt|tie-a.txt|tie-b.txt|d.txt|e.txt");
    for (const auto& [offset, expected] : {std::pair{1u, "tie-a.txt"}, std::pair{2u, "tie-b.txt"}}) {
        const SearchResult page = search("quillwort", [offset = offset](SearchRequest& r) {
            r.sort = SortOrder::newest;
            r.offset = offset;
            r.limit = 1;
        });
        CHECK(ranked_names(page) == expected);
        CHECK(page.hits.at(0).rank == offset + 1);
    }
    // Relevance: the scores tie, so newest first, the same-day tie by path,
    // on a page that cuts the tie too (Xapian alone would give tie-b, the
    // lower id, first).
    CHECK(ranked_names(search("quillwort", [](SearchRequest&) {})) == "d.txt|tie-a.txt|tie-b.txt|c.txt|e.txt");
    for (const auto& [offset, expected] : {std::pair{1u, "tie-a.txt"}, std::pair{2u, "tie-b.txt"}}) {
        const SearchResult page = search("quillwort", [offset = offset](SearchRequest& r) {
            r.offset = offset;
            r.limit = 1;
        });
        CHECK(page.sort == SortOrder::relevance);
        CHECK(ranked_names(page) == expected);
    }
    CHECK(ranked_names(search("quillwort", [](SearchRequest& r) { r.limit = 2; })) == "d.txt|tie-a.txt");
}

TEST_CASE("a total is exact when counted, and when Xapian's bounds meet", "[results]") {
    const SearchResult counted = search("quillwort", [](SearchRequest& r) {
        r.limit = 0;
        r.exact_total = true;
    });
    CHECK(counted.total_exact);
    CHECK(counted.estimated_total == 5);
    CHECK(counted.hits.empty());
    const SearchResult faceted = search("quillwort OR marsh", [](SearchRequest& r) {
        r.limit = 1;
        r.facets = {"year"};
    });
    CHECK(faceted.total_exact);
    CHECK(faceted.estimated_total == 7);
    const SearchResult whole_page = search("marsh", [](SearchRequest&) {});
    CHECK(whole_page.total_exact);
    CHECK(whole_page.estimated_total == 2);
}

TEST_CASE("a document is found by its path, location, id or a path relative to here", "[results]") {
    const Xapian::Database database = dossier::open_for_reading({sample_database()});
    const Xapian::docid id = dossier::find_document(database, path_of("paged.pdf"));
    REQUIRE(id != 0);
    CHECK(dossier::find_document(database, path_of("paged.pdf") + "#page=2") == id);
    CHECK(dossier::find_document(database, std::to_string(id)) == id);
    CHECK(dossier::find_document(database, path_of("paged.pdf") + "#page=x") == 0);
    CHECK(dossier::find_document(database, path_of("nothing.txt")) == 0);
    CHECK(dossier::find_document(database, "jsonl:nothing") == 0);
    CHECK(dossier::find_document(database, "99999999999") == 0);
    const std::filesystem::path here = std::filesystem::current_path();
    std::filesystem::current_path(folder().path());
    const Xapian::docid relative = dossier::find_document(database, "docs/paged.pdf#page=1");
    std::filesystem::current_path(here);
    CHECK(relative == id);
}

TEST_CASE("show keeps a document's text and splits it at its page breaks", "[results]") {
    SearchRequest request;
    request.databases = {sample_database()};
    const dossier::Explanation shown = dossier::show_document(request, path_of("paged.pdf"));
    CHECK(shown.document.text == "Paged\n\nfirst page words. second page words.");
    const std::vector<std::string_view> pages = dossier::text_pages(shown.document);
    REQUIRE(pages.size() == 2);
    CHECK(pages[0] == "Paged\n\nfirst page words. ");
    CHECK(pages[1] == "second page words.");
    CHECK(dossier::explain_document(request, path_of("paged.pdf")).document.text.empty());
    CHECK_THROWS_AS(dossier::show_document(request, "jsonl:nothing"), dossier::UsageError);
}

TEST_CASE("like ranks the similar document first and leaves out the document itself", "[results]") {
    const SearchResult like = search("", [](SearchRequest& r) { r.like = path_of("marsh-1.txt"); });
    REQUIRE(!like.hits.empty());
    CHECK(std::filesystem::path(like.hits.front().document.path).filename() == "marsh-2.txt");
    CHECK_THAT(ranked_names(like), !Catch::Contains("marsh-1.txt"));
    CHECK_THAT(ranked_names(like), !Catch::Contains("budget.txt"));
    const SearchResult narrowed = search("year:2022", [](SearchRequest& r) { r.like = path_of("marsh-1.txt"); });
    CHECK(narrowed.hits.empty());
    CHECK_THROWS_AS(search("", [](SearchRequest& r) { r.like = "jsonl:nothing"; }), dossier::UsageError);
}
