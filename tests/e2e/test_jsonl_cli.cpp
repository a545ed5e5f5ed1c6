// SPDX-License-Identifier: MIT
// End-to-end tests of dossier-index --jsonl: records from a pipeline, bad
// lines named and skipped, re-ingestion idempotent, folder runs leaving
// the records alone.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::document_count;
using dossier::test::index;
using dossier::test::search;
using dossier::test::summary_of;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

constexpr const char* kRecords =
    R"({"id":"r1","text":"The zanzibarite treaty was signed by both ministries.","title":"Treaty signed",)"
    R"("date":"2021-06-30","lang":"en","url":"https://example.org/r1","source":"Wire","country":["France","DE"]})"
    "\n"
    "this line is not json\n"
    "\n"
    R"({"id":7,"text":"Laporan zanzibarite dari Jakarta tentang keamanan siber nasional.","lang":"id"})"
    "\n"
    R"({"id":"r3","text":"zanzibarite","country":"Narnia"})"
    "\n"
    R"({"id":"r4","text":"A note on zanzibarite without metadata."})"
    "\n";

}  // namespace

TEST_CASE("dossier-index --jsonl ingests good records and names the bad lines", "[e2e][jsonl]") {
    const TempDir dir;
    const fs::path db = dir / "db";
    const fs::path records = dir / "records.jsonl";
    write_file(records, kRecords);

    const ProcessResult run = index({"--db", db.string(), "--jsonl", records.string(), "--summary-json"});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Catch::Contains("dossier-index: " + records.string() +
                                        ":2: skipped: not valid JSON: at column 2: "));
    CHECK_THAT(run.err, Catch::Contains("dossier-index: " + records.string() +
                                        ":5: skipped: \"country\" 'Narnia' is not a known country"));
    const nlohmann::json summary = summary_of(run);
    CHECK(summary["added"] == 3);
    CHECK(summary["updated"] == 0);
    CHECK(summary["failed"] == 2);
    CHECK(document_count(db) == 3);

    const ProcessResult hits = search(db, {"--format", "json", "treaty"});
    INFO(describe(hits));
    REQUIRE(hits.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(hits.out);
    REQUIRE(result["hits"].size() == 1);
    const nlohmann::json& hit = result["hits"][0];
    CHECK(hit["path"] == "jsonl:r1");
    CHECK(hit["title"] == "Treaty signed");
    CHECK(hit["date"] == "2021-06-30");
    CHECK(hit["date_source"] == "metadata");
    CHECK(hit["lang"] == "en");
    CHECK(hit["url"] == "https://example.org/r1");
    CHECK(hit["source"] == "Wire");
    CHECK(hit["format"] == "text");

    const ProcessResult france = search(db, {"--format", "paths", "zanzibarite", "country:France"});
    CHECK(france.out == "jsonl:r1\n");
    const ProcessResult germany = search(db, {"--format", "paths", "country:Germany", "zanzibarite"});
    CHECK(germany.out == "jsonl:r1\n");
    const ProcessResult indonesian = search(db, {"--format", "paths", "zanzibarite", "lang:id"});
    CHECK(indonesian.out == "jsonl:7\n");
    const ProcessResult untitled = search(db, {"--format", "json", "metadata"});
    REQUIRE(untitled.exit_code == 0);
    CHECK(nlohmann::json::parse(untitled.out)["hits"][0]["title"] == "A note on zanzibarite without metadata.");
}

TEST_CASE("re-ingesting the same records replaces them and folder runs keep them", "[e2e][jsonl]") {
    const TempDir dir;
    const fs::path db = dir / "db";
    const fs::path records = dir / "records.jsonl";
    write_file(records, kRecords);
    REQUIRE(index({"--db", db.string(), "--jsonl", records.string()}).exit_code == 1);
    REQUIRE(document_count(db) == 3);

    const ProcessResult again = index({"--db", db.string(), "--jsonl", records.string(), "--summary-json"});
    CHECK(again.exit_code == 1);
    CHECK(summary_of(again)["added"] == 0);
    CHECK(summary_of(again)["updated"] == 3);
    CHECK(document_count(db) == 3);

    write_file(dir / "docs" / "a.txt", "A zanzibarite file on disk.\n");
    const ProcessResult folder = index({"--db", db.string(), (dir / "docs").string(), "--summary-json"});
    INFO(describe(folder));
    CHECK(folder.exit_code == 0);
    CHECK(summary_of(folder)["removed"] == 0);
    CHECK(document_count(db) == 4);

    // Even --prune, which drops documents outside the folders given, and a
    // re-run of the remembered folders after the file is gone.
    fs::remove(dir / "docs" / "a.txt");
    const ProcessResult pruned = index({"--db", db.string(), "--prune", (dir / "docs").string(), "--summary-json"});
    CHECK(pruned.exit_code == 0);
    CHECK(summary_of(pruned)["removed"] == 1);
    CHECK(document_count(db) == 3);
    const ProcessResult paths = search(db, {"--format", "paths", "zanzibarite"});
    CHECK(paths.out.find("jsonl:r1\n") != std::string::npos);
    CHECK(paths.out.find("jsonl:7\n") != std::string::npos);
    CHECK(paths.out.find("jsonl:r4\n") != std::string::npos);

    // A rebuild starts from the folders: it says the records are left out.
    const ProcessResult rebuilt = index({"--db", db.string(), "--rebuild"});
    CHECK(rebuilt.exit_code == 0);
    CHECK_THAT(rebuilt.err, Catch::Contains("dossier-index: warning: --rebuild: 3 documents ingested with --jsonl "
                                            "are not part of the rebuilt database"));
}

TEST_CASE("dossier-index --jsonl - reads the records from standard input", "[e2e][jsonl]") {
    const TempDir dir;
    const fs::path db = dir / "db";
    write_file(dir / "records.jsonl", kRecords);
    const std::string command = "cat '" + (dir / "records.jsonl").string() + "' | '" + INDEXER_EXE +
                                "' --db '" + db.string() + "' --jsonl - --summary-json";
    const ProcessResult run = run_process("/bin/sh", {"-c", command}, {{"DOSSIER_DB", ""}});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Catch::Contains("dossier-index: stdin:2: skipped: not valid JSON"));
    CHECK_THAT(run.err, Catch::Contains("dossier-index: stdin:5: skipped: \"country\" 'Narnia'"));
    CHECK(summary_of(run)["added"] == 3);
    CHECK(document_count(db) == 3);
}

TEST_CASE("dossier-index --jsonl refuses folders and an unreadable file", "[e2e][jsonl]") {
    const TempDir dir;
    const fs::path db = dir / "db";
    const ProcessResult with_path = index({"--db", db.string(), "--jsonl", "-", dir.path().string()});
    CHECK(with_path.exit_code == 2);
    CHECK(with_path.err ==
          "dossier-index: --jsonl cannot be combined with PATH arguments; index folders in a separate run\n");
    const ProcessResult missing = index({"--db", db.string(), "--jsonl", (dir / "none.jsonl").string()});
    CHECK(missing.exit_code == 2);
    CHECK(missing.err == "dossier-index: --jsonl: cannot open '" + (dir / "none.jsonl").string() +
                             "': No such file or directory\n");
    CHECK_FALSE(fs::exists(db));
}
