// SPDX-License-Identifier: MIT
// Searches in several threads at once, each with its own SearchSession (as
// dossier-serve's workers run them): every answer is the one a single
// thread gives. Xapian's static Query::MatchAll, copied by facet counting
// in every thread, once crashed this (search/query.cpp, reading_every_match).
#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "formats/source_document.h"
#include "index/database.h"
#include "search/search.h"
#include "test_support.h"

using dossier::SearchRequest;
using dossier::SearchSession;
using dossier::SourceDocument;
using dossier::test::counted;
using dossier::test::TempDir;

namespace {

const std::string& sample_database() {
    static const TempDir tmp("threads");
    static const std::string path = [] {
        const std::string db = (tmp.path() / "db").string();
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        const char* texts[] = {"Treaty with China\n\nChina signed the treaty.",
                               "Treaty with Russia\n\nRussia signed the treaty.",
                               "Summit in France\n\nFrance hosted a summit on the treaty.",
                               "Budget\n\nThe committee approved the budget."};
        int n = 0;
        for (const char* text : texts) {
            SourceDocument source;
            source.path = (tmp.path() / ("doc" + std::to_string(n) + ".txt")).string();
            source.format = "text";
            source.text = text;
            source.date = "202" + std::to_string(n++) + "-01-01";
            source.date_source = std::string(dossier::kDateFromMetadata);
            dossier::test::add_english_document(database, source);
        }
        database.commit();
        return db;
    }();
    return path;
}

// The two requests the threads alternate: words with facets, and facets
// alone (every document, the query that matches all).
SearchRequest request(bool words) {
    SearchRequest r;
    r.databases = {sample_database()};
    r.query = words ? "treaty" : "";
    r.facets = {"country", "year"};
    return r;
}

}  // namespace

TEST_CASE("searches in eight threads at once give the answers of one", "[search][threads]") {
    const std::string words_countries = counted(dossier::run_search(request(true)), "country");
    const std::string all_years = counted(dossier::run_search(request(false)), "year");
    REQUIRE(words_countries == "CN=1 FR=1 RU=1");
    REQUIRE(all_years == "2020=1 2021=1 2022=1 2023=1");
    std::atomic<int> wrong{0}, done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&, t] {
            SearchSession session;
            for (int i = 0; i < 400; ++i) {
                session.refresh();
                const bool words = (i + t) % 2 == 0;
                const auto result = session.run(request(words));
                if (words ? counted(result, "country") != words_countries : counted(result, "year") != all_years)
                    ++wrong;
                ++done;
            }
        });
    for (std::thread& thread : threads) thread.join();
    CHECK(done == 8 * 400);
    CHECK(wrong == 0);
}
