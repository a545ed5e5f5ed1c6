// SPDX-License-Identifier: MIT
// Disjunctive facet counts (SearchRequest::disjunctive_facets, what
// dossier-serve's page asks for): a facet's counts ignore its own filter,
// the other facets' filters still apply; off, the counts are those of the
// matches, as dossier-search prints them.
#include <catch2/catch.hpp>

#include <string>

#include <xapian.h>

#include "formats/source_document.h"
#include "index/database.h"
#include "search/search.h"
#include "test_support.h"

using dossier::Facet;
using dossier::run_search;
using dossier::SearchRequest;
using dossier::SourceDocument;
using dossier::test::counted;
using dossier::test::ranked_names;
using dossier::test::TempDir;

namespace {

using dossier::test::Report;

// "treaty" in four reports: China (2021), Russia (2022), France (2022),
// China and France (2023).
const Report kReports[] = {
    {"china.txt", "2021-03-01", "Treaty with China\n\nChina signed the treaty."},
    {"russia.txt", "2022-04-01", "Treaty with Russia\n\nRussia signed the treaty."},
    {"france.txt", "2022-05-01", "Treaty with France\n\nFrance signed the treaty."},
    {"both.txt", "2023-06-01", "Treaty of China and France\n\nChina and France signed the treaty."},
};

const std::string& sample_database() {
    static const TempDir tmp("disjunctive");
    static const std::string path = [] {
        const std::string db = (tmp.path() / "db").string();
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        dossier::test::add_reports(database, tmp.path(), kReports);
        database.commit();
        return db;
    }();
    return path;
}

SearchRequest treaty_request(bool disjunctive) {
    SearchRequest request;
    request.databases = {sample_database()};
    request.query = "treaty";
    request.facets = {"country", "year"};
    request.disjunctive_facets = disjunctive;
    return request;
}

}  // namespace

TEST_CASE("disjunctive facets: a facet's counts ignore its own filter, not the others'", "[search][facets]") {
    SearchRequest request = treaty_request(true);
    request.facet_filters[Facet::country] = {"RU", "FR"};
    const auto result = run_search(request);
    // The hits are the filter's: Russia or France.
    CHECK(ranked_names(result) == "france.txt|russia.txt|both.txt");
    CHECK(result.estimated_total == 3);
    // Country counted as if no country were picked: China still shows.
    CHECK(counted(result, "country") == "CN=2 FR=2 RU=1");
    // Year counted over the filtered matches: no 2021 (China alone).
    CHECK(counted(result, "year") == "2022=2 2023=1");
    for (const auto& counts : result.facets) CHECK(counts.exact);
}

TEST_CASE("disjunctive facets: the date histogram ignores since and until", "[search][facets]") {
    SearchRequest request = treaty_request(true);
    request.since = "2022";
    request.facet_filters[Facet::country] = {"CN"};
    const auto result = run_search(request);
    CHECK(result.estimated_total == 1);  // both.txt: China, 2023
    CHECK(counted(result, "year") == "2021=1 2023=1");  // China's years, any date
    CHECK(counted(result, "country") == "FR=2 CN=1 RU=1");  // since 2022, any country
}

TEST_CASE("disjunctive facets off: counts are the matches', as dossier-search prints them", "[search][facets]") {
    SearchRequest request = treaty_request(false);
    request.facet_filters[Facet::country] = {"RU", "FR"};
    const auto result = run_search(request);
    CHECK(counted(result, "country") == "FR=2 CN=1 RU=1");
    CHECK(counted(result, "year") == "2022=2 2023=1");
    // Without any filter the two ways count the same.
    CHECK(counted(run_search(treaty_request(true)), "country") == counted(run_search(treaty_request(false)), "country"));
}
