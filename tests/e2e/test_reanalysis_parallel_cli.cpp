// SPDX-License-Identifier: MIT
// End-to-end tests of a large update of an existing database read by
// worker processes (--jobs): a re-analysis after a gazetteer change must
// give the database a one-process run gives, keep when documents arrived
// (a re-analysis is not news), keep --jsonl records, keep what was
// committed when stopped, and report a broken file without stopping.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::BackgroundProcess;
using dossier::test::children_of;
using dossier::test::describe;
using dossier::test::digest;
using dossier::test::index_with_workers;
using dossier::test::kWorkerPoolSeconds;
using dossier::test::document_count;
using dossier::test::id_terms_in_docid_order;
using dossier::test::ProcessResult;
using dossier::test::summary_of;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {


ProcessResult search(const fs::path& db, const std::vector<std::string>& args) {
    return dossier::test::search(db, args, kWorkerPoolSeconds);
}

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string body(int i) {
    static const char* const topics[] = {
        "The ministry attributed the Pineapple Tart operation against hospitals in France to a criminal group.",
        "Sanctions on Russia were discussed by the European Union after the attack on the power grid.",
        "China and Indonesia signed a memorandum on cyber norms and the protection of undersea cables.",
        "Le ministère a publié un rapport sur la protection des infrastructures critiques en Allemagne.",
        "Die Regierung in Berlin verurteilte den Angriff auf das Netzwerk des Bundestages scharf.",
    };
    return "Report " + std::to_string(i) + "\n\n" + topics[i % 5] + " Item " + std::to_string(i * 7) +
           ".\nThe committee will meet again on the " + std::to_string(1 + i % 28) + "th.\n";
}

// More files than the threshold for workers, in several folders, with a
// copy of another (a copy cluster), a repaired one (invalid UTF-8) and
// some parsed in a child process (PDF, Office).
void write_tree(const fs::path& root, int count) {
    for (int i = 0; i < count; ++i)
        write_file(root / ("folder-" + std::to_string(i % 7)) / ("report-" + std::to_string(i) + ".txt"), body(i));
    write_file(root / "folder-6" / "copy-of-report-3.txt", body(3));
    write_file(root / "folder-2" / "latin1.txt", "Rapport\n\nLa d\xe9l\xe9gation fran\xe7\x61ise a salu\xe9 le pr\xe9sident.\n");
    fs::copy_file(fs::path(FIXTURES_DIR) / "formats" / "statement.pdf", root / "folder-3" / "statement.pdf");
    fs::copy_file(fs::path(FIXTURES_DIR) / "formats" / "briefing.docx", root / "folder-4" / "briefing.docx");
}

// A gazetteer that names the incident of every fifth report: giving it
// changes the analysis of every document.
fs::path write_gazetteer(const fs::path& folder) {
    const fs::path gazetteer = folder / "extra.json";
    write_file(gazetteer, R"({"version": 1, "entries": [{"id": "pineapple-tart", "kind": "incident", )"
                          R"("name": "Pineapple Tart", "years": [2024], "actor": "", "country": "", )"
                          R"("aliases": ["Pineapple Tart"]}]})");
    return gazetteer;
}

// stderr of a verbose run with the database and tree paths made neutral.
std::string neutral(std::string text, const fs::path& db, const fs::path& tree) {
    text = std::regex_replace(text, std::regex(db.string()), "DB");
    text = std::regex_replace(text, std::regex(tree.string()), "TREE");
    return std::regex_replace(text, std::regex("in [0-9.]+ s"), "in N s");
}

// When each document arrived and last changed (kAddedSlot, kChangedSlot),
// by id term, read with Xapian directly.
std::map<std::string, std::pair<std::string, std::string>> stamps(const fs::path& db) {
    std::map<std::string, std::pair<std::string, std::string>> found;
    const Xapian::Database database(db.string());
    for (auto posting = database.postlist_begin(""); posting != database.postlist_end(""); ++posting) {
        const Xapian::Document document = database.get_document(*posting);
        auto term = document.termlist_begin();
        term.skip_to("Q");
        found[*term] = {document.get_value(9), document.get_value(10)};
    }
    return found;
}

// Runs dossier-index with `args` in the background and returns how it
// ended, and the most child processes it was seen with at once (the
// workers; a one-process run has at most one parser child at a time).
std::pair<ProcessResult, std::size_t> index_watching_children(const std::vector<std::string>& args) {
    BackgroundProcess indexer(INDEXER_EXE, args, {{"DOSSIER_DB", ""}});
    std::size_t most = 0;
    while (indexer.running()) {
        most = std::max(most, children_of(indexer.pid()).size());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return {indexer.wait(kWorkerPoolSeconds), most};
}

}  // namespace

TEST_CASE("a re-analysis read by two workers gives the database one process gives, and reports a broken file",
          "[e2e][reanalysis][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 900);
    const fs::path one = tmp / "one";
    REQUIRE(index_with_workers({"--db", one.string(), "--jobs", "1", tree.string()}).exit_code == 0);
    const fs::path two = tmp / "two";
    fs::copy(one, two, fs::copy_options::recursive);
    const fs::path gazetteer = write_gazetteer(tmp.path());
    // Among the files read: one changed, one new, one gone, one now empty
    // (its document goes), one broken (it fails; its document stays).
    write_file(tree / "folder-1" / "report-1.txt", body(1) + "An added paragraph on Pineapple Tart.\n");
    write_file(tree / "folder-0" / "new.txt", "New\n\nA new report on the Pineapple Tart operation.\n");
    fs::remove(tree / "folder-2" / "report-2.txt");
    write_file(tree / "folder-3" / "report-3.txt", "");
    const std::string pdf = read_bytes(fs::path(FIXTURES_DIR) / "formats" / "statement.pdf");
    write_file(tree / "folder-3" / "statement.pdf", pdf.substr(0, pdf.size() / 3));

    const std::vector<std::string> run = {"--gazetteer", gazetteer.string(), "-v", "--summary-json"};
    std::vector<std::string> serial_args = {"--db", one.string(), "--jobs", "1"};
    serial_args.insert(serial_args.end(), run.begin(), run.end());
    std::vector<std::string> parallel_args = {"--db", two.string(), "--jobs", "2"};
    parallel_args.insert(parallel_args.end(), run.begin(), run.end());
    const auto [serial, serial_children] = index_watching_children(serial_args);
    const auto [parallel, parallel_children] = index_watching_children(parallel_args);
    INFO(describe(serial) << "\n---\n" << describe(parallel));
    CHECK(serial_children <= 1);
    CHECK(parallel_children == 2);  // the workers
    // A file failed: exit 1, as in one process.
    CHECK(serial.exit_code == 1);
    CHECK(parallel.exit_code == 1);
    const nlohmann::json summary = summary_of(parallel);
    CHECK(dossier::test::counts(summary) == "added 1, updated 901, removed 2, unchanged 0, skipped 0, failed 1");
    CHECK(dossier::test::counts(summary) == dossier::test::counts(summary_of(serial)));
    CHECK(summary["warnings"] == summary_of(serial)["warnings"]);
    CHECK_THAT(parallel.err, Catch::Contains((tree / "folder-3" / "statement.pdf").string() + ": failed: "));
    CHECK_THAT(parallel.err, Catch::Contains("its earlier document is kept"));

    CHECK(digest(two) == digest(one));
    CHECK(id_terms_in_docid_order(two) == id_terms_in_docid_order(one));
    CHECK(stamps(two).size() == stamps(one).size());
    // What is reported reads the same, file by file, in the same order.
    CHECK(neutral(parallel.err, two, tree) == neutral(serial.err, one, tree));
    dossier::test::require_sound(two);
    CHECK(dossier::test::file_names_of(search(two, {"--format", "paths", "--limit", "1000",
                                                    "incident:pineapple-tart"}))
              .size() > 0);
    CHECK(search(two, {"--format", "paths", "--limit", "1000", "incident:pineapple-tart"}).out ==
          search(one, {"--format", "paths", "--limit", "1000", "incident:pineapple-tart"}).out);

    // The next run finds nothing to do and writes nothing.
    const Xapian::rev revision = dossier::test::revision(two);
    const ProcessResult again = index_with_workers({"--db", two.string(), "--summary-json"});
    CHECK(summary_of(again)["updated"] == 0);
    CHECK(dossier::test::revision(two) == revision);
}

TEST_CASE("a re-analysis read by workers keeps when documents arrived and is no news to --alerts",
          "[e2e][reanalysis][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 700);
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), tree.string()}).exit_code == 0);
    // A second run adds a few: two runs' stamps to keep apart.
    for (int i = 0; i < 3; ++i)
        write_file(tree / "late" / ("late-" + std::to_string(i) + ".txt"),
                   "Late " + std::to_string(i) + "\n\nA late report: " + body(i * 11) + "\n");
    REQUIRE(index_with_workers({"--db", db.string()}).exit_code == 0);
    REQUIRE(search(db, {"--save", "tart", "pineapple tart"}).exit_code == 0);
    search(db, {"--alerts"});  // everything seen once
    const auto before = stamps(db);
    REQUIRE(before.size() == 707);

    const ProcessResult reanalysis =
        index_with_workers({"--db", db.string(), "--jobs", "2", "--gazetteer", write_gazetteer(tmp.path()).string(), "--summary-json"});
    INFO(describe(reanalysis));
    REQUIRE(reanalysis.exit_code == 0);
    CHECK(summary_of(reanalysis)["updated"] == 707);
    CHECK(stamps(db) == before);
    for (const char* changed : {"--changed", "--format=text"}) {
        const ProcessResult alerts = search(db, {"--alerts", changed});
        INFO(describe(alerts));
        CHECK(alerts.exit_code == 1);
        CHECK(alerts.out.empty());
    }
    // The JSON's added and changed runs: the late ones came with run 2.
    const nlohmann::json hits = dossier::test::search_json(db, {"--limit", "1000", "late"})["hits"];
    REQUIRE(hits.size() == 3);
    for (const auto& hit : hits) {
        CHECK(hit["added"]["run"] == 2);
        CHECK(hit["changed"]["run"] == 2);
    }
}

TEST_CASE("a re-analysis read by workers keeps the --jsonl records of the same database",
          "[e2e][reanalysis][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 600);
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), tree.string()}).exit_code == 0);
    write_file(tmp / "records.jsonl", "{\"id\":\"r1\",\"text\":\"A record on the Pineapple Tart operation.\"}\n"
                                      "{\"id\":\"r2\",\"text\":\"Another record, on undersea cables.\"}\n");
    REQUIRE(index_with_workers({"--db", db.string(), "--jsonl", (tmp / "records.jsonl").string()}).exit_code == 0);
    const auto before = stamps(db);
    const ProcessResult reanalysis =
        index_with_workers({"--db", db.string(), "--jobs", "2", "--gazetteer", write_gazetteer(tmp.path()).string(), "--summary-json"});
    INFO(describe(reanalysis));
    REQUIRE(reanalysis.exit_code == 0);
    CHECK(summary_of(reanalysis)["updated"] == 604);
    CHECK(summary_of(reanalysis)["removed"] == 0);
    CHECK(document_count(db) == 606);
    CHECK(stamps(db) == before);
    CHECK(dossier::test::names_found(db, {"record"}) == "jsonl:r1|jsonl:r2");
}

TEST_CASE("SIGTERM during a re-analysis read by workers keeps what was committed and the next run finishes it",
          "[e2e][reanalysis][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    std::string long_text;
    for (int j = 0; j < 40; ++j)
        long_text += "The signal committee weighed sanctions, the Pineapple Tart case and attribution " +
                     std::to_string(j) + ".\n";
    for (int i = 0; i < 3000; ++i)
        write_file(tree / ("long-" + std::to_string(i) + ".txt"), "Report " + std::to_string(i) + "\n\n" + long_text);
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), tree.string()}).exit_code == 0);
    const fs::path serial = tmp / "serial";
    fs::copy(db, serial, fs::copy_options::recursive);
    const Xapian::rev before = dossier::test::revision(db);
    const fs::path gazetteer = write_gazetteer(tmp.path());

    BackgroundProcess indexer(INDEXER_EXE,
                              {"--db", db.string(), "--jobs", "2", "--gazetteer", gazetteer.string(), "--summary-json"},
                              {{"DOSSIER_DB", ""}});
    // The first batch of 1000 is committed: a new revision.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (indexer.running() && dossier::test::revision(db) <= before && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    indexer.send_signal(SIGTERM);
    const ProcessResult stopped = indexer.wait(kWorkerPoolSeconds);
    INFO(describe(stopped));
    REQUIRE(stopped.exit_code == 130);
    CHECK_THAT(stopped.err, Catch::Contains("interrupted"));
    // What was written before the stop is committed and searchable, the
    // rest still has the old analysis, and no worker is left.
    const unsigned done = summary_of(stopped)["updated"].get<unsigned>();
    CHECK(done >= 1000);
    CHECK(done < 3000);
    CHECK(document_count(db) == 3000);
    dossier::test::require_sound(db);
    CHECK(dossier::test::metadata(db, "dossier.reanalyzing") == "1");
    // (The copies are one story to dossier-search: count the documents.)
    CHECK(Xapian::Database(db.string()).get_termfreq("XIpineapple-tart") == done);
    CHECK(search(db, {"--format", "paths", "incident:pineapple-tart"}).exit_code == 0);

    const ProcessResult rest = index_with_workers({"--db", db.string(), "--summary-json"});
    INFO(describe(rest));
    CHECK(rest.exit_code == 0);
    CHECK(summary_of(rest)["updated"] == 3000 - done);
    CHECK(dossier::test::metadata(db, "dossier.reanalyzing").empty());
    REQUIRE(index_with_workers({"--db", serial.string(), "--jobs", "1", "--gazetteer", gazetteer.string()}).exit_code == 0);
    CHECK(digest(db) == digest(serial));
}

TEST_CASE("a worker killed during a re-analysis ends the run with exit 3 naming its file, keeping what was written",
          "[e2e][reanalysis][slow]") {
    TempDir tmp;
    const fs::path tree = tmp / "tree";
    write_tree(tree, 2500);
    const fs::path db = tmp / "db";
    REQUIRE(index_with_workers({"--db", db.string(), tree.string()}).exit_code == 0);
    const fs::path serial = tmp / "serial";
    fs::copy(db, serial, fs::copy_options::recursive);
    const fs::path gazetteer = write_gazetteer(tmp.path());

    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--gazetteer", gazetteer.string()},
                              {{"DOSSIER_DB", ""}});
    std::vector<int> workers;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (indexer.running() && workers.size() < 2 && std::chrono::steady_clock::now() < deadline) {
        workers = children_of(indexer.pid());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(workers.size() >= 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(workers.front(), SIGKILL);
    const ProcessResult failed = indexer.wait(kWorkerPoolSeconds);
    INFO(describe(failed));
    REQUIRE(failed.exit_code == 3);
    CHECK_THAT(failed.err, Catch::Contains("an indexing worker was killed by"));
    CHECK_THAT(failed.err, Catch::Contains("while reading '" + tree.string()));
    CHECK_THAT(failed.err, Catch::Contains("keeps the files written before it"));
    CHECK(children_of(indexer.pid()).empty());
    dossier::test::require_sound(db);
    CHECK(document_count(db) == 2504);

    const ProcessResult rest = index_with_workers({"--db", db.string(), "--summary-json"});
    INFO(describe(rest));
    CHECK(rest.exit_code == 0);
    CHECK(summary_of(rest)["updated"].get<unsigned>() > 0);
    REQUIRE(index_with_workers({"--db", serial.string(), "--jobs", "1", "--gazetteer", gazetteer.string()}).exit_code == 0);
    CHECK(digest(db) == digest(serial));
}
