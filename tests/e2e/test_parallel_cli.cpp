// SPDX-License-Identifier: MIT
// End-to-end tests of building a new database with worker processes
// (--jobs): the database must be the one a one-process run builds, a stop
// keeps what was done, and a worker that dies changes nothing.
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::children_of;
using dossier::test::describe;
using dossier::test::shards_of;
using dossier::test::chunk_shards_in;
using dossier::test::digest;
using dossier::test::index_with_workers;
using dossier::test::kWorkerPoolSeconds;
using dossier::test::id_terms_in_docid_order;
using dossier::test::document_count;
using dossier::test::summary_of;
using dossier::test::BackgroundProcess;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

std::string body(int i) {
    static const char* const topics[] = {
        "The ministry attributed the ransomware campaign against hospitals in France to a criminal group.",
        "Sanctions on Russia were discussed by the European Union after the attack on the power grid.",
        "China and Indonesia signed a memorandum on cyber norms and the protection of undersea cables.",
        "Le ministère a publié un rapport sur la protection des infrastructures critiques en Allemagne.",
        "Die Regierung in Berlin verurteilte den Angriff auf das Netzwerk des Bundestages scharf.",
    };
    return "Report " + std::to_string(i) + "\n\n" + topics[i % 5] + " Item " + std::to_string(i * 7) +
           ".\nThe committee will meet again on the " + std::to_string(1 + i % 28) + "th.\n";
}

// More files than one worker chunk, in several folders, with the odd one
// that is skipped (empty, binary), repaired (invalid UTF-8) or parsed in a
// child process (PDF, Office), so the workers' reports are all exercised.
void write_tree(const fs::path& root, int count) {
    for (int i = 0; i < count; ++i)
        write_file(root / ("folder-" + std::to_string(i % 7)) / ("report-" + std::to_string(i) + ".txt"), body(i));
    write_file(root / "folder-0" / "empty.txt", "");
    write_file(root / "folder-1" / "binary.txt", std::string("MZ\0\0\x90\x03\0\0", 8));
    write_file(root / "folder-2" / "latin1.txt", "Rapport\n\nLa d\xe9l\xe9gation fran\xe7\x61ise a salu\xe9 le pr\xe9sident.\n");
    fs::copy_file(fs::path(FIXTURES_DIR) / "formats" / "statement.pdf", root / "folder-3" / "statement.pdf");
    fs::copy_file(fs::path(FIXTURES_DIR) / "formats" / "briefing.docx", root / "folder-4" / "briefing.docx");
    fs::copy_file(fs::path(FIXTURES_DIR) / "html" / "article.html", root / "folder-5" / "article.html");
}

// stderr of a verbose run with the database and tree paths made neutral.
std::string neutral(std::string text, const fs::path& db, const fs::path& tree) {
    text = std::regex_replace(text, std::regex(db.string()), "DB");
    text = std::regex_replace(text, std::regex(tree.string()), "TREE");
    return std::regex_replace(text, std::regex("in [0-9.]+ s"), "in N s");
}

// Sends SIGTERM to `indexer` (building `db` with workers) once a worker
// has finished its first chunk, and returns how the run ended. Shards are
// numbered by chunk and taken in order: a third one means a worker has
// finished its first.
ProcessResult stop_after_first_chunk(BackgroundProcess& indexer, const fs::path& db) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (indexer.running() && chunk_shards_in(shards_of(db)) < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    indexer.send_signal(SIGTERM);
    return indexer.wait(120);
}

}  // namespace

TEST_CASE("a database built by two worker processes equals the one-process database, document ids included",
          "[e2e][parallel][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 1300);
    const fs::path one = tmp / "one";
    const fs::path two = tmp / "two";

    const ProcessResult serial = index_with_workers({"--db", one.string(), "--jobs", "1", "-v", "--summary-json", tree.string()});
    const ProcessResult parallel = index_with_workers({"--db", two.string(), "--jobs", "2", "-v", "--summary-json", tree.string()});
    INFO(describe(serial) << "\n---\n" << describe(parallel));
    REQUIRE(serial.exit_code == 0);
    REQUIRE(parallel.exit_code == 0);
    const nlohmann::json serial_summary = summary_of(serial);
    const nlohmann::json parallel_summary = summary_of(parallel);
    CHECK(parallel_summary["added"] == 1304);  // 1300, the latin-1 text, the PDF, the docx and the page
    CHECK(parallel_summary["skipped"] == 2);
    CHECK(parallel_summary["warnings"] == serial_summary["warnings"]);
    for (const char* count : {"added", "skipped", "failed", "warnings", "updated", "removed", "unchanged"})
        CHECK(parallel_summary[count] == serial_summary[count]);

    CHECK(digest(two) == digest(one));
    CHECK(id_terms_in_docid_order(two) == id_terms_in_docid_order(one));
    // What is reported reads the same, file by file, in the same order.
    CHECK(neutral(parallel.err, two, tree) == neutral(serial.err, one, tree));
    CHECK_FALSE(fs::exists(two.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(shards_of(two)));
    dossier::test::require_sound(two);

    // The next run finds nothing to do and writes nothing.
    const Xapian::rev revision = Xapian::Database(two.string()).get_revision();
    const ProcessResult again = index_with_workers({"--db", two.string(), "--summary-json"});
    CHECK(again.exit_code == 0);
    CHECK(summary_of(again)["unchanged"] == 1304);
    CHECK(Xapian::Database(two.string()).get_revision() == revision);

    // A search finds a document the workers built, with its facets.
    const ProcessResult found = run_process(SEARCHER_EXE, {"--db", two.string(), "--format", "paths", "--country",
                                                           "FR", "--limit", "1000", "ransomware"});
    CHECK(found.exit_code == 0);
    CHECK(std::count(found.out.begin(), found.out.end(), '\n') == 260);  // every fifth report

    // --rebuild with workers builds the same database again.
    const ProcessResult rebuilt = index_with_workers({"--db", one.string(), "--rebuild", "--jobs", "2"});
    CHECK(rebuilt.exit_code == 0);
    CHECK(digest(one) == digest(two));
}

TEST_CASE("SIGTERM stops the workers, keeps the files done, and the next run finishes the database",
          "[e2e][parallel][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    std::string long_text;
    for (int j = 0; j < 40; ++j) long_text += "The signal committee weighed sanctions, norms and attribution " + std::to_string(j) + ".\n";
    for (int i = 0; i < 4000; ++i)
        write_file(tree / ("long-" + std::to_string(i) + ".txt"), "Report " + std::to_string(i) + "\n\n" + long_text);
    const fs::path db = tmp / "db";
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", tree.string()}, {{"DOSSIER_DB", ""}});
    const ProcessResult stopped = stop_after_first_chunk(indexer, db);
    INFO(describe(stopped));
    REQUIRE(stopped.exit_code == 130);
    CHECK_THAT(stopped.err, Catch::Contains("interrupted, the rest is left for the next run"));
    const Xapian::doccount kept = document_count(db);
    CHECK(kept >= 500);
    CHECK(kept < 4000);
    CHECK_FALSE(fs::exists(shards_of(db)));

    const ProcessResult rest = index_with_workers({"--db", db.string(), "--summary-json"});
    CHECK(rest.exit_code == 0);
    CHECK(summary_of(rest)["added"] == 4000 - kept);
    CHECK(document_count(db) == 4000);

    const fs::path fresh = tmp / "fresh";
    REQUIRE(index_with_workers({"--db", fresh.string(), "--jobs", "1", tree.string()}).exit_code == 0);
    // Not the same ids (the rest came after), but the same documents.
    CHECK(digest(db) == digest(fresh));
}

TEST_CASE("an interrupted --rebuild with workers is dropped and the old database stays as it was",
          "[e2e][parallel][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 3000);
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), "--jobs", "1", tree.string()}).exit_code == 0);
    const std::string before = digest(db);
    BackgroundProcess rebuild(INDEXER_EXE, {"--db", db.string(), "--rebuild", "--jobs", "2"}, {{"DOSSIER_DB", ""}});
    const ProcessResult stopped = stop_after_first_chunk(rebuild, db);
    INFO(describe(stopped));
    CHECK(stopped.exit_code == 130);
    CHECK(digest(db) == before);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(shards_of(db)));
}

TEST_CASE("a worker killed mid-run ends the run with exit 3, names the file, and leaves the database unchanged",
          "[e2e][parallel][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 3000);
    const fs::path db = tmp / "db";
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", tree.string()}, {{"DOSSIER_DB", ""}});
    std::vector<int> workers;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (indexer.running() && workers.empty() && std::chrono::steady_clock::now() < deadline) {
        workers = children_of(indexer.pid());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE_FALSE(workers.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // into its chunk
    ::kill(workers.front(), SIGKILL);
    const ProcessResult run = indexer.wait(120);
    INFO(describe(run));
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::Contains("an indexing worker was killed by signal SIGKILL"));
    CHECK_THAT(run.err, Catch::Contains("is unchanged; run again (--jobs 1 indexes in one process)"));
    CHECK(document_count(db) == 0);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(shards_of(db)));
    CHECK(children_of(indexer.pid()).empty());

    // Nothing is in the way of the next run.
    const ProcessResult next = index_with_workers({"--db", db.string(), "--summary-json"});
    CHECK(next.exit_code == 0);
    CHECK(summary_of(next)["added"] == 3004);
    CHECK(summary_of(next)["skipped"] == 2);
}

TEST_CASE("a --jobs value that is not a number from 1 to 256 is a usage error", "[e2e][parallel]") {
    TempDir tmp;
    for (const char* jobs : {"0", "-1", "many", "257"}) {
        const ProcessResult run = index_with_workers({"--db", (tmp / "db").string(), "--jobs", jobs, tmp.path().string()});
        INFO(describe(run));
        CHECK(run.exit_code == 2);
        CHECK_THAT(run.err, Catch::Contains("--jobs"));
    }
}
