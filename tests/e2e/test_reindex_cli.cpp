// SPDX-License-Identifier: MIT
// End-to-end tests of re-indexing as a nightly cron job does it: the real
// dossier-index over a temporary folder that changes between runs.
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "../skip.h"
#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::BackgroundProcess;
using dossier::test::can_run_as_nobody;
using dossier::test::counts;
using dossier::test::describe;
using dossier::test::document_paths;
using dossier::test::document_terms;
using dossier::test::index;
using dossier::test::metadata;
using dossier::test::require_sound;
using dossier::test::revision;
using dossier::test::run_as_nobody;
using dossier::test::search_all;
using dossier::test::summary_of;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// The four counts a re-index is about, for counts().
const std::vector<std::string> kChanges = {"added", "updated", "removed", "unchanged"};

// Runs the indexer with --summary-json and returns the parsed summary.
nlohmann::json index_summary(std::vector<std::string> args, int expected_exit = 0) {
    args.push_back("--summary-json");
    const ProcessResult run = index(args);
    INFO(describe(run));
    CHECK(run.exit_code == expected_exit);
    return summary_of(run);
}

void set_mtime(const fs::path& path, const struct timespec& mtime) {
    const struct timespec times[2] = {{0, UTIME_OMIT}, mtime};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

struct timespec mtime_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mtim;
}

// `count` small English files under `folder`, each with `shared_word`.
void write_many(const fs::path& folder, int count, const std::string& shared_word, int first = 0) {
    for (int i = first; i < first + count; ++i)
        write_file(folder / ("note-" + std::to_string(i) + ".txt"),
                   "Report " + std::to_string(i) + "\n\nThe " + shared_word +
                       " committee reviewed incident number " + std::to_string(i) +
                       " and the ransomware response of the ministry.\n");
}

}  // namespace

TEST_CASE("re-indexing after adds, edits, touches, deletes and renames equals a fresh index",
          "[e2e][reindex]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    write_file(docs / "a.txt", "Alpha report\n\nThe alpha team studied Stuxnet.\n");
    write_file(docs / "b.txt", "Bravo report\n\n2021-07-13: the bravo team studied WannaCry.\n");
    write_file(docs / "c.txt", "Charlie report\n\nThe charlie team studied NotPetya.\n");
    write_file(docs / "sub" / "d.md", "# Delta report\n\nThe delta team studied SolarWinds.\n");
    const auto db = tmp / "db";
    const std::vector<std::string> run{"--db", db.string(), docs.string()};

    CHECK(counts(index_summary(run), kChanges) == "added 4, updated 0, removed 0, unchanged 0");

    // Nothing changed: nothing read, nothing written.
    const Xapian::rev before_noop = revision(db);
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 0, removed 0, unchanged 4");
    CHECK(revision(db) == before_noop);

    // Same size, same mtime: only the inode change time tells.
    const struct timespec a_mtime = mtime_of(docs / "a.txt");
    write_file(docs / "a.txt", "Alpha report\n\nThe omega team studied Stuxnet.\n");
    set_mtime(docs / "a.txt", a_mtime);
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 1, removed 0, unchanged 3");
    CHECK(search_all(db, {"omega"}).out == (docs / "a.txt").string() + "\n");
    CHECK(search_all(db, {"\"alpha team\""}).exit_code == 1);

    // Touched, content identical (b is dated by its text): recognised by
    // its hash, not re-analyzed; the next run is a no-op again.
    set_mtime(docs / "b.txt", {1700000000, 123456789});
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 0, removed 0, unchanged 4");
    const Xapian::rev after_touch = revision(db);
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 0, removed 0, unchanged 4");
    CHECK(revision(db) == after_touch);

    // c has no date but its mtime: touched to another day, its date moves.
    set_mtime(docs / "c.txt", {1700000000, 0});  // 2023-11-14
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 1, removed 0, unchanged 3");
    CHECK(search_all(db, {"year:2023"}).out == (docs / "c.txt").string() + "\n");

    fs::remove(docs / "c.txt");
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 0, removed 1, unchanged 3");
    CHECK(search_all(db, {"NotPetya"}).exit_code == 1);

    fs::rename(docs / "sub" / "d.md", docs / "sub" / "e.md");
    write_file(docs / "f.txt", "Foxtrot report\n\nThe foxtrot team studied Colonial Pipeline.\n");
    write_file(docs / "empty-now.txt", "");
    CHECK(counts(index_summary(run), kChanges) == "added 2, updated 0, removed 1, unchanged 2");
    CHECK(document_paths(db) == std::set<std::string>{(docs / "a.txt").string(), (docs / "b.txt").string(),
                                                      (docs / "f.txt").string(),
                                                      (docs / "sub" / "e.md").string()});
    CHECK(search_all(db, {"SolarWinds"}).out == (docs / "sub" / "e.md").string() + "\n");

    // A file that becomes empty is no longer a document.
    write_file(docs / "f.txt", "");
    CHECK(counts(index_summary(run), kChanges) == "added 0, updated 0, removed 1, unchanged 3");

    const auto fresh = tmp / "fresh";
    REQUIRE(index({"--db", fresh.string(), docs.string()}).exit_code == 0);
    CHECK(document_terms(db) == document_terms(fresh));
}

TEST_CASE("a dry run (--dry-run) lists what would change and writes nothing", "[e2e][reindex]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    write_file(docs / "keep.txt", "Kept\n\nNothing happens to this one.\n");
    write_file(docs / "edit.txt", "Edited\n\nThis one changes.\n");
    write_file(docs / "gone.txt", "Gone\n\nThis one is deleted.\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), docs.string()}).exit_code == 0);
    const Xapian::rev before = revision(db);

    write_file(docs / "edit.txt", "Edited\n\nThis one changed a great deal.\n");
    fs::remove(docs / "gone.txt");
    write_file(docs / "new.txt", "New\n\nThis one is new.\n");
    const ProcessResult dry = index({"--db", db.string(), "--dry-run"});
    INFO(describe(dry));
    CHECK(dry.exit_code == 0);
    CHECK(dry.out == "remove " + (docs / "gone.txt").string() + "\nadd " + (docs / "new.txt").string() +
                         "\nupdate " + (docs / "edit.txt").string() + "\n");
    CHECK(revision(db) == before);
    CHECK(document_paths(db).count((docs / "gone.txt").string()) == 1);

    const nlohmann::json summary = index_summary({"--db", db.string(), "-n"});
    CHECK(summary["dry_run"] == true);
    CHECK(counts(summary, kChanges) == "added 1, updated 1, removed 1, unchanged 1");

    // A dry run against no database at all creates none.
    const ProcessResult nothing = index({"--db", (tmp / "none").string(), "-n", docs.string()});
    CHECK(nothing.exit_code == 0);
    CHECK_FALSE(fs::exists(tmp / "none"));
}

TEST_CASE("the database remembers its folders and options, and --db alone re-runs them", "[e2e][reindex]") {
    TempDir tmp;
    write_file(tmp / "a" / "one.txt", "Laporan\n\nSerangan siber terhadap kementerian.\n");
    write_file(tmp / "b" / "two.txt", "Laporan kedua\n\nPeretas menyerang jaringan.\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), "--lang", "id", (tmp / "a").string(), (tmp / "b").string()})
                .exit_code == 0);
    const nlohmann::json config = nlohmann::json::parse(metadata(db, "dossier.config"));
    CHECK(config["roots"] == nlohmann::json{(tmp / "a").string(), (tmp / "b").string()});
    CHECK(config["lang"] == "id");

    write_file(tmp / "b" / "three.txt", "Short English text about hackers.\n");
    CHECK(counts(index_summary({"--db", db.string()}), kChanges) == "added 1, updated 0, removed 0, unchanged 2");
    // The remembered --lang applied to the new file.
    CHECK(search_all(db, {"--lang", "id", "hackers"}).exit_code == 0);

    // With nothing remembered and nothing given there is nothing to do.
    const ProcessResult none = index({"--db", (tmp / "new-db").string()});
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Catch::Contains("no PATH given"));
    CHECK_FALSE(fs::exists(tmp / "new-db"));
}

TEST_CASE("files moved between roots follow, and roots left out are kept unless --prune", "[e2e][reindex]") {
    TempDir tmp;
    const auto a = tmp / "a";
    const auto b = tmp / "b";
    write_file(a / "x.txt", "Xray\n\nMoved between folders.\n");
    write_file(a / "y.txt", "Yankee\n\nStays in a.\n");
    write_file(b / "z.txt", "Zulu\n\nStays in b.\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), a.string(), b.string()}).exit_code == 0);

    fs::rename(a / "x.txt", b / "x.txt");
    CHECK(counts(index_summary({"--db", db.string()}), kChanges) == "added 1, updated 0, removed 1, unchanged 2");
    CHECK(search_all(db, {"Xray"}).out == (b / "x.txt").string() + "\n");

    // Only a given: b's documents stay, and a person at a terminal (or
    // --verbose) is told so.
    const ProcessResult only_a = index({"--db", db.string(), "--verbose", a.string()});
    CHECK(only_a.exit_code == 0);
    CHECK_THAT(only_a.err, Catch::Contains("not scanned this run") && Catch::Contains(b.string()));
    CHECK(document_paths(db).size() == 3);

    const nlohmann::json pruned = index_summary({"--db", db.string(), "--prune", a.string()});
    CHECK(counts(pruned, kChanges) == "added 0, updated 0, removed 2, unchanged 1");
    CHECK(document_paths(db) == std::set<std::string>{(a / "y.txt").string()});
    CHECK(nlohmann::json::parse(metadata(db, "dossier.config"))["roots"] == nlohmann::json{a.string()});
}

TEST_CASE("a missing root or unreadable folder keeps its documents and fails the run", "[e2e][reindex]") {
    TempDir tmp;
    write_file(tmp / "share" / "one.txt", "One\n\nOn the shared folder.\n");
    write_file(tmp / "share" / "two.txt", "Two\n\nAlso on the shared folder.\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "share").string()}).exit_code == 0);

    fs::rename(tmp / "share", tmp / "unmounted");
    const ProcessResult run = index({"--db", db.string()});
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Catch::StartsWith("dossier-index: " + (tmp / "share").string() +
                                          ": no such file or folder (documents indexed from it are kept)\n"));
    CHECK_THAT(run.err, Catch::Contains("unchanged 0, skipped 0, failed 1"));
    CHECK(document_paths(db).size() == 2);
}

TEST_CASE("a file that becomes unreadable is named, keeps its document, and the run exits 1",
          "[e2e][reindex]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    write_file(docs / "open.txt", "Open\n\nAnyone may read this.\n");
    write_file(docs / "secret.txt", "Secret\n\nThe Hafnium intrusion report.\n");
    const auto db = tmp / "db";
    // Root reads anything: run the indexer as an unprivileged user then.
    if (!can_run_as_nobody()) {
        DOSSIER_SKIP_TEST("running as root and setpriv (util-linux) is missing");
        return;
    }
    if (::geteuid() == 0) {
        fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
        fs::permissions(docs, fs::perms::all, fs::perm_options::add);
    }
    const auto run_indexer = [](const std::vector<std::string>& args) { return run_as_nobody(INDEXER_EXE, args); };
    const ProcessResult first = run_indexer({"--db", db.string(), docs.string()});
    INFO(describe(first));
    REQUIRE(first.exit_code == 0);

    fs::permissions(docs / "secret.txt", fs::perms::none);
    const ProcessResult second = run_indexer({"--db", db.string()});
    INFO(describe(second));
    CHECK(second.exit_code == 1);
    CHECK_THAT(second.err,
               Catch::StartsWith("dossier-index: " + (docs / "secret.txt").string() +
                                 ": failed: cannot open: Permission denied; its earlier document is kept\n"));
    CHECK_THAT(second.err, Catch::Contains("unchanged 1, skipped 0, failed 1"));
    CHECK(search_all(db, {"Hafnium"}).out == (docs / "secret.txt").string() + "\n");

    // Readable again: the next run reads it, finds it unchanged, and is clean.
    fs::permissions(docs / "secret.txt", fs::perms::owner_read | fs::perms::others_read);
    CHECK(run_indexer({"--db", db.string()}).exit_code == 0);
}

TEST_CASE("two indexers at once: the second exits 75 or waits with --wait", "[e2e][reindex][slow]") {
    TempDir tmp;
    write_many(tmp / "docs", 5, "lockstep");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);

    {
        Xapian::WritableDatabase holder(db.string(), Xapian::DB_OPEN);  // holds the write lock
        const ProcessResult refused = index({"--db", db.string()});
        CHECK(refused.exit_code == 75);
        CHECK_THAT(refused.err, Catch::Contains("is being written by another dossier-index") &&
                                    Catch::Contains("--wait"));
        const ProcessResult waited_out = index({"--db", db.string(), "--wait", "0.5"});
        CHECK(waited_out.exit_code == 75);
        CHECK_THAT(waited_out.err, Catch::Contains("still locked after waiting 0.5 s"));
    }
    {
        auto holder = std::make_unique<Xapian::WritableDatabase>(db.string(), Xapian::DB_OPEN);
        std::thread release([&holder] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            holder->close();
        });
        write_many(tmp / "docs", 1, "lockstep", 100);
        const nlohmann::json waited = index_summary({"--db", db.string(), "--wait", "30"});
        release.join();
        CHECK(counts(waited, kChanges) == "added 1, updated 0, removed 0, unchanged 5");
    }

    // Two real indexers racing over the same new files: each either
    // finishes or is refused, and the result is whole.
    write_many(tmp / "docs", 300, "lockstep", 1000);
    BackgroundProcess first(INDEXER_EXE, {"--db", db.string()}, {{"DOSSIER_DB", ""}});
    BackgroundProcess second(INDEXER_EXE, {"--db", db.string()}, {{"DOSSIER_DB", ""}});
    const ProcessResult one = first.wait();
    const ProcessResult two = second.wait();
    INFO(describe(one) << "\n" << describe(two));
    CHECK((one.exit_code == 0 || one.exit_code == 75));
    CHECK((two.exit_code == 0 || two.exit_code == 75));
    CHECK((one.exit_code == 0 || two.exit_code == 0));
    CHECK(document_paths(db).size() == 306);
}

TEST_CASE("a search during a re-index answers from the last committed state", "[e2e][reindex][slow]") {
    TempDir tmp;
    write_many(tmp / "docs", 50, "baseline");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);

    write_many(tmp / "docs", 2500, "incoming", 100);
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string()}, {{"DOSSIER_DB", ""}});
    int searches_during_index = 0;
    while (indexer.running()) {
        const ProcessResult found = search_all(db, {"baseline"});
        INFO(describe(found));
        REQUIRE(found.exit_code == 0);
        CHECK(std::count(found.out.begin(), found.out.end(), '\n') == 50);
        ++searches_during_index;
    }
    const ProcessResult finished = indexer.wait();
    INFO(describe(finished));
    CHECK(finished.exit_code == 0);
    CHECK(searches_during_index > 0);
    CHECK(document_paths(db).size() == 2550);
}

TEST_CASE("SIGTERM ends a one-process run after committing what it did, and the next run finishes", "[e2e][reindex][slow]") {
    TempDir tmp;
    // Long enough files that the run is still busy after its first commit.
    std::string body;
    for (int j = 0; j < 40; ++j) body += "The signal committee weighed sanctions, norms and attribution " + std::to_string(j) + ".\n";
    for (int i = 0; i < 4000; ++i) write_file(tmp / "docs" / ("long-" + std::to_string(i) + ".txt"), "Report " + std::to_string(i) + "\n\n" + body);
    const auto db = tmp / "db";
    // One process commits as it goes (test_parallel_cli.cpp has the workers).
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "1", (tmp / "docs").string()},
                              {{"DOSSIER_DB", ""}});
    // Wait for the first batch to be committed, then ask it to stop.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (indexer.running() && std::chrono::steady_clock::now() < deadline) {
        try {
            if (Xapian::Database(db.string()).get_doccount() > 0) break;
        } catch (const Xapian::Error&) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    indexer.send_signal(SIGTERM);
    const ProcessResult stopped = indexer.wait();
    INFO(describe(stopped));
    CHECK(stopped.exit_code == 130);
    CHECK_THAT(stopped.err, Catch::Contains("interrupted, the rest is left for the next run"));
    const std::size_t committed = document_paths(db).size();
    CHECK(committed >= 1000);
    CHECK(committed < 4000);

    const nlohmann::json rest = index_summary({"--db", db.string()});
    CHECK(rest["added"].get<std::size_t>() == 4000 - committed);
    CHECK(rest["unchanged"].get<std::size_t>() == committed);
    CHECK(document_paths(db).size() == 4000);
}

TEST_CASE("a full disk ends the run with a clear message and keeps the committed database",
          "[e2e][reindex][slow]") {
    TempDir tmp;
    write_many(tmp / "docs", 20, "before");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    const auto before = document_terms(db);

    // Enough new text that the database files outgrow a 512 KiB limit.
    for (int i = 0; i < 300; ++i) {
        std::string text = "Long report " + std::to_string(i) + "\n\n";
        for (int j = 0; j < 60; ++j)
            text += "Paragraph " + std::to_string(i * 100 + j) + " word" + std::to_string(i * 977 + j) +
                    " discusses sanctions, diplomacy and cyber norms in detail.\n";
        write_file(tmp / "docs" / ("long-" + std::to_string(i) + ".txt"), text);
    }
    const std::string command = "ulimit -f 512; exec '" + std::string(INDEXER_EXE) + "' --db '" +
                                db.string() + "'";
    const ProcessResult full = run_process("/bin/bash", {"-c", command}, {{"DOSSIER_DB", ""}});
    INFO(describe(full));
    CHECK(full.exit_code == 3);
    CHECK_THAT(full.err, Catch::Contains("File too large") &&
                             Catch::Contains("the database keeps what was committed") &&
                             Catch::Contains("run again"));

    require_sound(db);
    const auto after = document_terms(db);
    for (const auto& [path, terms] : before) CHECK(after.count(path) == 1);

    const nlohmann::json rest = index_summary({"--db", db.string()});
    CHECK(document_paths(db).size() == 320);
}

TEST_CASE("a changed gazetteer re-analyzes every document, and another schema asks for --rebuild",
          "[e2e][reindex]") {
    TempDir tmp;
    write_file(tmp / "docs" / "one.txt", "One\n\nThe Pineapple Tart operation hit a ministry.\n");
    write_file(tmp / "docs" / "two.txt", "Two\n\nAn unrelated report on trade.\n");
    const auto gazetteer = tmp / "extra.json";
    const std::string entry =
        R"({"id": "pineapple-tart", "kind": "incident", "name": "Pineapple Tart", "years": [2024], )"
        R"("actor": "", "country": "", "aliases": ["Pineapple Tart")";
    write_file(gazetteer, R"({"version": 1, "entries": [)" + entry + R"(]}]})");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), "--gazetteer", gazetteer.string(), (tmp / "docs").string()})
                .exit_code == 0);
    CHECK(search_all(db, {"--gazetteer", gazetteer.string(), "incident:pineapple-tart"}).out ==
          (tmp / "docs" / "one.txt").string() + "\n");
    // The searcher uses the gazetteer the database remembers when given none.
    CHECK(search_all(db, {"incident:\"Pineapple Tart\""}).out == (tmp / "docs" / "one.txt").string() + "\n");
    CHECK(counts(index_summary({"--db", db.string()}), kChanges) == "added 0, updated 0, removed 0, unchanged 2");

    write_file(gazetteer, R"({"version": 1, "entries": [)" + entry + R"(, "Operation Pineapple"]}]})");
    CHECK(counts(index_summary({"--db", db.string()}), kChanges) == "added 0, updated 2, removed 0, unchanged 0");
    CHECK(counts(index_summary({"--db", db.string(), "--no-gazetteer"}), kChanges) ==
          "added 0, updated 2, removed 0, unchanged 0");
    CHECK(nlohmann::json::parse(metadata(db, "dossier.config"))["gazetteers"] == nlohmann::json::array());

    // A database of another schema version is refused with the way out.
    Xapian::WritableDatabase(db.string()).set_metadata("dossier.schema", "1");
    const ProcessResult refused = index({"--db", db.string()});
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Catch::Contains("schema version 1") &&
                                Catch::Contains("dossier-index --db '" + db.string() + "' --rebuild"));
    const ProcessResult old_schema = search_all(db, {"ministry"});
    CHECK(old_schema.exit_code == 3);
    CHECK_THAT(old_schema.err, Catch::Contains("--rebuild"));

    const ProcessResult rebuilt = index({"--db", db.string(), "--rebuild"});
    INFO(describe(rebuilt));
    CHECK(rebuilt.exit_code == 0);
    CHECK(metadata(db, "dossier.schema") == "2");
    CHECK_FALSE(fs::exists(tmp / "db.rebuild"));
    CHECK(search_all(db, {"ministry"}).out == (tmp / "docs" / "one.txt").string() + "\n");
}

TEST_CASE("a truncated database file gives exit 3 with the way out, and --rebuild recovers", "[e2e][reindex]") {
    TempDir tmp;
    write_file(tmp / "docs" / "one.txt", "One\n\nThe Stuxnet worm damaged centrifuges.\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    fs::resize_file(db / "postlist.glass", 100);

    const ProcessResult found = search_all(db, {"Stuxnet"});
    CHECK(found.exit_code == 3);
    CHECK_THAT(found.err, Catch::Contains("rebuild it with: dossier-index --db '" + db.string() + "' --rebuild"));
    const ProcessResult update = index({"--db", db.string()});
    CHECK(update.exit_code == 3);
    CHECK_THAT(update.err, Catch::Contains("--rebuild"));

    // The remembered folders are in the damaged files: name them again.
    const ProcessResult rebuilt = index({"--db", db.string(), "--rebuild", (tmp / "docs").string()});
    INFO(describe(rebuilt));
    CHECK(rebuilt.exit_code == 0);
    CHECK(search_all(db, {"Stuxnet"}).out == (tmp / "docs" / "one.txt").string() + "\n");
    require_sound(db);
}
