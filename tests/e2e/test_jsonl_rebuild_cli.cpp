// SPDX-License-Identifier: MIT
// dossier-index --jsonl FILE --rebuild: a database of records rebuilt from
// a file through the worker path and swapped in when complete. It holds
// what a fresh ingest of the file holds; records still there keep when
// they arrived; a database with folders is refused; a stopped rebuild
// leaves the old database as it was.
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::BackgroundProcess;
using dossier::test::describe;
using dossier::test::digest;
using dossier::test::index_with_workers;
using dossier::test::kWorkerPoolSeconds;
using dossier::test::ProcessResult;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {


std::string text_of(int i) {
    static const char* const topics[] = {
        "The ministry attributed the ransomware campaign against hospitals in France to a criminal group.",
        "Sanctions on Russia were discussed by the European Union after the attack on the power grid.",
        "China and Indonesia signed a memorandum on cyber norms and the protection of undersea cables.",
        "Kenya and Ghana spoke of climate finance, debt relief and the reform of the Security Council.",
    };
    return std::string(topics[i % 4]) + " Paragraph " + std::to_string(i) + " counts " + std::to_string(i * 13) +
           " delegates.";
}

std::string record(const std::string& id, const std::string& text) {
    return nlohmann::json{{"id", id}, {"text", text}}.dump();
}

// Records r0 ... r(count-1), one a line.
std::vector<std::string> record_lines(int count) {
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) lines.push_back(record("r" + std::to_string(i), text_of(i)));
    return lines;
}

fs::path write_records(const fs::path& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    write_file(path, text);
    return path;
}

// The run that added record `id` and the run that last changed it, from
// what dossier-search shows of it.
std::pair<int, int> stamps_of(const fs::path& db, const std::string& query, const std::string& id) {
    const nlohmann::json result = dossier::test::search_json(db, {"--limit", "1000", query});
    for (const nlohmann::json& hit : result.at("hits"))
        if (hit.at("path") == "jsonl:" + id)
            return {hit.at("added").at("run").get<int>(), hit.at("changed").at("run").get<int>()};
    FAIL("no hit jsonl:" << id << " for " << query);
    return {};
}

}  // namespace

TEST_CASE("jsonl rebuild: the database becomes a fresh ingest of the file, and records still in it are not news",
          "[e2e][jsonl][parallel]") {
    const TempDir tmp;
    const fs::path db = tmp / "db";
    const fs::path first = write_records(tmp / "first.jsonl", record_lines(300));
    REQUIRE(index_with_workers({"--db", db.string(), "--jsonl", first.string()}).exit_code == 0);
    // Saved now: every record so far is seen.
    REQUIRE(dossier::test::search(db, {"--save", "watch", "delegates"}).exit_code == 0);

    // The file again, without r5, with r7 rewritten and r300 new.
    std::vector<std::string> lines = record_lines(301);
    lines[7] = record("r7", text_of(7) + " A zanzibarian amendment.");
    lines.erase(lines.begin() + 5);
    const fs::path second = write_records(tmp / "second.jsonl", lines);
    const ProcessResult rebuild =
        index_with_workers({"--db", db.string(), "--jsonl", second.string(), "--rebuild", "--jobs", "2", "--summary-json"});
    INFO(describe(rebuild));
    REQUIRE(rebuild.exit_code == 0);
    CHECK(dossier::test::summary_of(rebuild).at("added") == 300);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(dossier::test::shards_of(db)));
    dossier::test::require_sound(db);

    // The same database as a first ingest of the file gives, document ids
    // included (the digest leaves out when documents arrived).
    const fs::path fresh = tmp / "fresh";
    REQUIRE(index_with_workers({"--db", fresh.string(), "--jsonl", second.string()}).exit_code == 0);
    CHECK(digest(db) == digest(fresh));
    CHECK(dossier::test::id_terms_in_docid_order(db) == dossier::test::id_terms_in_docid_order(fresh));
    CHECK(dossier::test::search(db, {"--count", "delegates"}).out == "300\n");
    CHECK_FALSE(dossier::test::document_paths(db).contains("jsonl:r5"));
    CHECK(dossier::test::search_all(db, {"zanzibarian"}).out == "jsonl:r7\n");

    // When records arrived is kept: the rebuild is run 2, and only r300 is
    // new to --alerts; r7 changed (news with --changed), the others did not.
    CHECK(stamps_of(db, "delegates", "r0") == std::pair{1, 1});
    CHECK(stamps_of(db, "delegates", "r7") == std::pair{1, 2});
    CHECK(stamps_of(db, "delegates", "r300") == std::pair{2, 2});
    const ProcessResult alerts = dossier::test::search(db, {"--alerts", "--format", "paths"});
    INFO(describe(alerts));
    CHECK(alerts.exit_code == 0);
    CHECK(alerts.out == "jsonl:r300\n");
}

TEST_CASE("jsonl rebuild of a database with folders is a usage error naming them", "[e2e][jsonl]") {
    const TempDir tmp;
    const fs::path docs = tmp / "docs";
    write_file(docs / "note.txt", "A note on cyber norms.\n");
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), docs.string()}).exit_code == 0);
    const fs::path records = write_records(tmp / "records.jsonl", record_lines(3));
    REQUIRE(index_with_workers({"--db", db.string(), "--jsonl", records.string()}).exit_code == 0);
    const std::string before = digest(db);

    const ProcessResult refused = index_with_workers({"--db", db.string(), "--jsonl", records.string(), "--rebuild"});
    INFO(describe(refused));
    CHECK(refused.exit_code == 2);
    CHECK(refused.err == "dossier-index: database '" + db.string() + "' holds documents indexed from the folder '" +
                             docs.string() +
                             "'; --jsonl --rebuild makes a database of the records alone and would drop them. "
                             "Rebuild the folders (dossier-index --db '" +
                             db.string() + "' --rebuild) and then ingest the records again in place (dossier-index "
                                           "--db '" +
                             db.string() + "' --jsonl FILE), or keep the records in a database of their own\n");
    CHECK(digest(db) == before);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
}

TEST_CASE("jsonl rebuild stopped by SIGTERM leaves the old database searchable and unchanged",
          "[e2e][jsonl][parallel][slow]") {
    const TempDir tmp;
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), "--jsonl", write_records(tmp / "old.jsonl", record_lines(200)).string()})
                .exit_code == 0);
    const std::string before = digest(db);
    // Long records, many of them: seconds of work to stop in the middle of.
    std::vector<std::string> lines;
    for (int i = 0; i < 8000; ++i) {
        std::string text;
        for (int k = 0; k < 14; ++k) text += text_of(i + k) + " ";
        lines.push_back(record("long-" + std::to_string(i), text));
    }
    const fs::path records = write_records(tmp / "new.jsonl", lines);
    BackgroundProcess indexer(INDEXER_EXE,
                              {"--db", db.string(), "--jobs", "2", "--jsonl", records.string(), "--rebuild"},
                              {{"DOSSIER_DB", ""}});
    // Two chunks handed out (their shards beside the copy clusters' database
    // in the shards folder): the rebuild is under way.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (indexer.running() && dossier::test::entries_in(dossier::test::shards_of(db)) < 3 &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    REQUIRE(indexer.running());
    // Searches go on meanwhile, on the old database.
    CHECK(dossier::test::search(db, {"--count", "delegates"}).out == "200\n");
    indexer.send_signal(SIGTERM);
    const ProcessResult stopped = indexer.wait(120);
    INFO(describe(stopped));
    CHECK(stopped.exit_code == 130);
    CHECK_THAT(stopped.err, Catch::Contains("--rebuild interrupted; the database is unchanged"));
    CHECK(digest(db) == before);
    CHECK(dossier::test::search(db, {"--count", "delegates"}).out == "200\n");
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(dossier::test::shards_of(db)));
    dossier::test::require_sound(db);
}
