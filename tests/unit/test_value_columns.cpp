// SPDX-License-Identifier: MIT
// Value slots held in memory by document id (search/value_columns.h), as
// dossier-serve counts facets from them: the same counts as reading the
// value streams, copies counted once, and a new revision read anew.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "formats/source_document.h"
#include "index/database.h"
#include "index/schema.h"
#include "search/search.h"
#include "search/value_columns.h"
#include "test_support.h"

using dossier::SearchRequest;
using dossier::SearchSession;
using dossier::SourceDocument;
using dossier::ValueColumn;
using dossier::ValueColumns;
using dossier::test::TempDir;

namespace {

// A document about `country` dated `date`, in copy cluster `cluster`
// ("": none), added to `database`.
void add(Xapian::WritableDatabase& database, const TempDir& tmp, const std::string& name, const std::string& text,
         const std::string& date, const std::string& cluster = "") {
    SourceDocument source;
    source.path = (tmp.path() / name).string();
    source.format = "text";
    source.text = text;
    source.date = date;
    source.date_source = std::string(dossier::kDateFromMetadata);
    dossier::complete_from_text(source, "");
    auto built = dossier::build_document(source, "en", dossier::test::builtin_catalog());
    if (!cluster.empty()) built.document.add_value(dossier::schema::kCopyClusterSlot, cluster);
    database.replace_document(built.id_term, built.document);
}

SearchRequest faceted(const std::string& db, const std::string& query) {
    SearchRequest request;
    request.databases = {db};
    request.query = query;
    request.facets = {"country", "year", "lang"};
    return request;
}

std::string all_counts(const dossier::SearchResult& result) {
    std::string out = std::to_string(result.estimated_total);
    for (const auto& facet : result.facets) {
        out += " " + facet.facet + ":";
        for (const auto& value : facet.values) out += value.value + "=" + std::to_string(value.count) + ",";
    }
    return out;
}

}  // namespace

TEST_CASE("a column counts the values of the given documents and keeps the first of each copy cluster",
          "[search][columns]") {
    const TempDir tmp("columns");
    const std::string db = (tmp.path() / "db").string();
    {
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        add(database, tmp, "a.txt", "China signed the treaty.", "2021-01-01", "c1");
        add(database, tmp, "b.txt", "China signed the treaty again.", "2021-02-01", "c1");
        add(database, tmp, "c.txt", "Russia signed the treaty.", "2022-01-01");
        add(database, tmp, "d.txt", "France signed the treaty.", "2022-03-01", "c2");
        database.commit();
    }
    const Xapian::Database database(db);
    const ValueColumn dates(database, dossier::schema::kDateSlot);
    const auto counts = dates.count({1, 2, 4, 99});  // 99: past the last document
    CHECK(counts.size() == 3);
    CHECK(counts.at("20210101") == 1);
    CHECK(counts.at("20210201") == 1);
    CHECK(counts.at("20220301") == 1);
    CHECK(counts.count("20220101") == 0);  // document 3 not asked for
    const ValueColumn clusters(database, dossier::schema::kCopyClusterSlot);
    // 2 is a copy of 1 (both "c1"); 3 has no cluster; 4 is alone in "c2".
    CHECK(clusters.first_of_each_value({1, 2, 3, 4}) == std::vector<Xapian::docid>{1, 3, 4});
    CHECK(clusters.first_of_each_value({2, 3}) == std::vector<Xapian::docid>{2, 3});
    CHECK(clusters.bytes() >= 5 * sizeof(std::uint32_t));
}

TEST_CASE("a session counting facets from columns gives the counts of one reading the value streams, at each revision",
          "[search][columns]") {
    const TempDir tmp("columns-session");
    const std::string db = (tmp.path() / "db").string();
    {
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        add(database, tmp, "a.txt", "China signed the treaty with Russia.", "2021-01-01", "c1");
        add(database, tmp, "b.txt", "China signed the treaty with Russia (copy).", "2021-01-01", "c1");
        add(database, tmp, "c.txt", "Russia hosted a summit on the treaty.", "2022-01-01");
        add(database, tmp, "d.txt", "The committee approved the budget.", "2023-01-01");
        database.commit();
    }
    SearchSession columns_session(std::make_shared<ValueColumns>());
    for (const std::string query : {"treaty", "", "budget", "nothingmatcheshere"}) {
        INFO("query: " << query);
        const std::string expected = all_counts(dossier::run_search(faceted(db, query)));
        CHECK(all_counts(columns_session.run(faceted(db, query))) == expected);
    }
    // The copies are one story: China counted once for "treaty".
    CHECK(all_counts(columns_session.run(faceted(db, "treaty"))).find("CN=1,") != std::string::npos);

    // A re-index: the next request after refresh() counts the new revision.
    {
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        add(database, tmp, "e.txt", "France joined the treaty.", "2024-01-01");
        database.commit();
    }
    columns_session.refresh();
    const std::string after = all_counts(columns_session.run(faceted(db, "treaty")));
    CHECK(after == all_counts(dossier::run_search(faceted(db, "treaty"))));
    CHECK(after.find("2024=1,") != std::string::npos);
}
