// SPDX-License-Identifier: MIT
// End-to-end tests of document dates: partial dates (a month, a year),
// dates from the file's path, date ranges and --since/--until over
// periods, the year and month facets, and what JSON, text and --explain
// say, through the real binaries on a folder of real files.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <set>
#include <sstream>
#include <stdexcept>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::TempDir;

namespace {

// Every file says "ministry", so one query finds them all.
struct DatedSample {
    TempDir tmp;
    fs::path db;
    DatedSample() : db(tmp / "db") {
        const fs::path docs = tmp / "docs";
        // A month in the running text.
        dossier::test::write_file(docs / "bulletin.txt",
                                  "Threat bulletin\n\nIn May 2022 the ministry reported phishing against its staff.\n");
        // A day in the dateline.
        dossier::test::write_file(docs / "notice.txt",
                                  "Ministry notice\n\nJakarta, 17 Juni 2022 — the ministry restored its services.\n");
        // No date in the text: the file name gives it.
        dossier::test::write_file(docs / "2021-03-15_statement.txt",
                                  "Statement\n\nThe ministry condemns the intrusion into its networks.\n");
        // UNGDC's layout: the folder and the file name give the year; the
        // "in 1945" of the text is a year it mentions.
        dossier::test::write_file(docs / "Session 25 - 1970" / "USA_25_1970.txt",
                                  "Mr. President, the ministry of foreign affairs recalls the Charter of the "
                                  "United Nations, signed by the founders in 1945 at San Francisco.\n");
        // A year ending the first line.
        dossier::test::write_file(docs / "review.txt",
                                  "Annual review of the ministry 2019\n\nMany incidents were handled.\n");
        // Nothing at all: the file's modification time, 2020-01-02.
        dossier::test::write_file(docs / "memo.txt", "Memo\n\nThe ministry wrote no date here.\n");
        const struct timespec times[2] = {{0, UTIME_OMIT}, {1577966400, 0}};  // 2020-01-02 12:00 UTC
        if (::utimensat(AT_FDCWD, (docs / "memo.txt").c_str(), times, 0) != 0)
            throw std::runtime_error("cannot set the memo's mtime");
        const ProcessResult run = dossier::test::index({"--db", db.string(), docs.string()});
        if (run.exit_code != 0) throw std::runtime_error("indexing failed: " + describe(run));
    }
};

const DatedSample& sample() {
    static const DatedSample instance;
    return instance;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample().db, args); }

// The file names the search finds (cli.h names_found).
std::string found(const std::vector<std::string>& args) { return dossier::test::names_found(sample().db, args); }

// The JSON hit for file `name`.
nlohmann::json hit_of(const std::string& name) {
    const ProcessResult run = search({"--format", "json", "--limit", "100", "ministry"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    for (const nlohmann::json& hit : result["hits"])
        if (fs::path(hit["path"].get<std::string>()).filename() == name) return hit;
    FAIL("no hit for " << name);
    return {};
}

// "value=count" of a facet, joined by ' '.
std::string facet_counts(const nlohmann::json& result, const std::string& facet) {
    std::string out;
    for (const nlohmann::json& value : result["facets"][facet]["values"])
        out += (out.empty() ? "" : " ") + value["value"].get<std::string>() + "=" +
               std::to_string(value["count"].get<int>());
    return out;
}

}  // namespace

TEST_CASE("dates CLI - a month-precision date is inside the ranges its month overlaps", "[e2e][dates]") {
    CHECK(found({"ministry date:2022-05-10..2022-05-20"}) == "bulletin.txt");
    CHECK(found({"ministry date:2022-06..2022-07"}) == "notice.txt");
    CHECK(found({"ministry date:2022-05"}) == "bulletin.txt");  // one month: its own range
    CHECK(found({"ministry date:2022-05-31.."}) == "bulletin.txt|notice.txt");
    CHECK(found({"ministry date:..2022-05-01"}) ==
          "2021-03-15_statement.txt|USA_25_1970.txt|bulletin.txt|memo.txt|review.txt");
    CHECK(found({"--since", "2022-05-10", "--until", "2022-05-20", "ministry"}) == "bulletin.txt");
    CHECK(found({"--since", "2022-06", "ministry"}) == "notice.txt");
    CHECK(found({"--until", "2022-04-30", "ministry"}) ==
          "2021-03-15_statement.txt|USA_25_1970.txt|memo.txt|review.txt");
}

TEST_CASE("dates CLI - a year-precision date is inside every range its year overlaps", "[e2e][dates]") {
    CHECK(found({"ministry date:2019-06-01..2019-06-30"}) == "review.txt");
    CHECK(found({"--since", "2019-12-31", "--until", "2020-01-01", "ministry"}) == "review.txt");
    CHECK(found({"ministry date:2018..2018-12-31"}).empty());
    CHECK(found({"ministry year:2019"}) == "review.txt");
    CHECK(found({"ministry year:2022"}) == "bulletin.txt|notice.txt");
}

TEST_CASE("dates CLI - JSON gives the date at its precision and where it came from", "[e2e][dates]") {
    const nlohmann::json bulletin = hit_of("bulletin.txt");
    CHECK(bulletin["date"] == "2022-05");
    CHECK(bulletin["date_precision"] == "month");
    CHECK(bulletin["date_source"] == "text");

    const nlohmann::json statement = hit_of("2021-03-15_statement.txt");
    CHECK(statement["date"] == "2021-03-15");
    CHECK(statement["date_precision"] == "day");
    CHECK(statement["date_source"] == "path");

    const nlohmann::json review = hit_of("review.txt");
    CHECK(review["date"] == "2019");
    CHECK(review["date_precision"] == "year");
    CHECK(review["date_source"] == "text");

    const nlohmann::json notice = hit_of("notice.txt");
    CHECK(notice["date"] == "2022-06-17");
    CHECK(notice["date_precision"] == "day");

    // Only the folders below the one indexed count: the temporary folder
    // above it names no date.
    const nlohmann::json speech = hit_of("USA_25_1970.txt");
    CHECK(speech["date"] == "1970");
    CHECK(speech["date_precision"] == "year");
    CHECK(speech["date_source"] == "path");

    const nlohmann::json memo = hit_of("memo.txt");
    CHECK(memo["date"] == "2020-01-02");
    CHECK(memo["date_source"] == "mtime");
}

TEST_CASE("dates CLI - the year facet counts every date, the month facet no year alone", "[e2e][dates]") {
    const ProcessResult run = search({"--format", "json", "--facets", "year,month", "ministry"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    CHECK(facet_counts(result, "year") == "1970=1 2019=1 2020=1 2021=1 2022=2");
    CHECK(facet_counts(result, "month") == "2020-01=1 2021-03=1 2022-05=1 2022-06=1");
}

TEST_CASE("dates CLI - text output and --explain show the date at its precision and its source", "[e2e][dates]") {
    const ProcessResult listing = search({"bulletin"});
    INFO(describe(listing));
    REQUIRE(listing.exit_code == 0);
    CHECK_THAT(listing.out, Catch::Contains("| 2022-05 |"));

    const ProcessResult path = search({"--explain", (sample().tmp / "docs" / "2021-03-15_statement.txt").string()});
    INFO(describe(path));
    CHECK_THAT(path.out, Catch::Contains("date: 2021-03-15 (a day, from its path (file or folder name))"));

    const ProcessResult memo = search({"--explain", (sample().tmp / "docs" / "memo.txt").string()});
    INFO(describe(memo));
    CHECK_THAT(memo.out, Catch::Contains("date: 2020-01-02 (a day, from the file's modification time: neither its "
                                         "metadata, text nor path gave a date)"));

    const ProcessResult json = search({"--format", "json", "--explain", (sample().tmp / "docs" / "review.txt").string()});
    INFO(describe(json));
    REQUIRE(json.exit_code == 0);
    const nlohmann::json explanation = nlohmann::json::parse(json.out);
    CHECK(explanation["date"] == "2019");
    CHECK(explanation["date_precision"] == "year");
    CHECK(explanation["date_source"] == "text");
}
