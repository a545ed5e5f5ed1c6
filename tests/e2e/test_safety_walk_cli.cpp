// SPDX-License-Identifier: MIT
// End-to-end tests of the indexer's walk: whatever dossier-index meets in
// a folder is indexed, skipped with a reason, or failed, never passed over
// in silence; documents in trees deeper than PATH_MAX are indexed and found.
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../file_tree.h"
#include "../skip.h"
#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::counts;
using dossier::test::require_sound;
using dossier::test::DeepFolders;
using dossier::test::describe;
using dossier::test::make_fifo;
using dossier::test::make_socket;
using dossier::test::OwnedFd;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::search;
using dossier::test::summary_of;
using dossier::test::TempDir;
using dossier::test::write_file;
using dossier::test::write_file_at;

namespace {

std::string document(const std::string& word) {
    return "Field report\n\nThe " + word + " committee reviewed the ransomware response.\n";
}

// dossier-index allowed only `descriptors` open files (ulimit -n).
ProcessResult index_with_descriptors(int descriptors, const std::vector<std::string>& args) {
    std::vector<std::string> all{"-c", "ulimit -n " + std::to_string(descriptors) + " && exec \"$0\" \"$@\"",
                                 INDEXER_EXE};
    all.insert(all.end(), args.begin(), args.end());
    return run_process("/bin/sh", all, {{"DOSSIER_DB", ""}}, {}, 120);
}

}  // namespace

TEST_CASE("a document 10,000 folders deep is indexed, found, and removed when deleted", "[e2e][walk][safety][slow]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    const auto db = tmp / "db";
    write_file(docs / "top.txt", document("harbour"));
    const DeepFolders deep(docs, 10000);
    write_file_at(deep.open(10000).get(), "abyss.txt", document("bathyscaphe"));
    const std::string abyss = deep.bottom() + "/abyss.txt";
    REQUIRE(abyss.size() > 4 * PATH_MAX);

    // 64 descriptors: the walk must not keep one open per level.
    const ProcessResult run =
        index_with_descriptors(64, {"--verbose", "--summary-json", "--db", db.string(), docs.string()});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    CHECK(counts(summary_of(run)) == "added 2, updated 0, removed 0, unchanged 0, skipped 0, failed 0");
    CHECK_THAT(run.err, Catch::Contains("added " + abyss));

    const ProcessResult paths = search(db, {"--format", "paths", "bathyscaphe"});
    CHECK(paths.exit_code == 0);
    CHECK(paths.out == abyss + "\n");
    const ProcessResult json = search(db, {"--format", "json", "bathyscaphe"});
    REQUIRE(json.exit_code == 0);
    const nlohmann::json hits = nlohmann::json::parse(json.out)["hits"];
    REQUIRE(hits.size() == 1);
    CHECK(hits[0]["path"] == abyss);
    require_sound(db);

    // The next run knows the file by its long path: nothing to do.
    const ProcessResult again = dossier::test::index({"--summary-json", "--db", db.string()});
    INFO(describe(again));
    CHECK(again.exit_code == 0);
    CHECK(counts(summary_of(again)) == "added 0, updated 0, removed 0, unchanged 2, skipped 0, failed 0");

    REQUIRE(::unlinkat(deep.open(10000).get(), "abyss.txt", 0) == 0);
    const ProcessResult deleted = dossier::test::index({"--summary-json", "--db", db.string()});
    INFO(describe(deleted));
    CHECK(deleted.exit_code == 0);
    CHECK(counts(summary_of(deleted)) == "added 0, updated 0, removed 1, unchanged 1, skipped 0, failed 0");
    CHECK(search(db, {"bathyscaphe"}).exit_code == 1);
    require_sound(db);
}

TEST_CASE("documents deeper than PATH_MAX are indexed by the worker processes, and when named",
          "[e2e][walk][safety]") {
    TempDir tmp;
    // 45 folders of 100-byte names: the files' paths pass PATH_MAX by a
    // few hundred bytes; more than 500 files: a new database is built by workers.
    const DeepFolders deep(tmp / "docs", 45, std::string(100, 'f'));
    REQUIRE(deep.bottom().size() > PATH_MAX);
    const int files = 520;
    {
        const OwnedFd bottom = deep.open(45);
        for (int i = 0; i < files; ++i)
            write_file_at(bottom.get(), "note-" + std::to_string(i) + ".txt", document("word" + std::to_string(i)));
    }
    const auto db = tmp / "db";

    const ProcessResult run =
        dossier::test::index({"--jobs", "2", "--summary-json", "--db", db.string(), (tmp / "docs").string()}, {}, 180);
    INFO(describe(run).substr(0, 4000));
    REQUIRE(run.exit_code == 0);
    CHECK(counts(summary_of(run)) == "added 520, updated 0, removed 0, unchanged 0, skipped 0, failed 0");
    CHECK(search(db, {"--format", "paths", "word7"}).out == deep.bottom() + "/note-7.txt\n");
    CHECK(search(db, {"--format", "paths", "word519"}).out == deep.bottom() + "/note-519.txt\n");
    require_sound(db);

    // Named on the command line, beyond PATH_MAX: indexed, not refused.
    const auto named_db = tmp / "named-db";
    const std::string named = deep.bottom() + "/note-3.txt";
    const ProcessResult one = dossier::test::index({"--summary-json", "--db", named_db.string(), named});
    INFO(describe(one));
    CHECK(one.exit_code == 0);
    CHECK(counts(summary_of(one)) == "added 1, updated 0, removed 0, unchanged 0, skipped 0, failed 0");
    CHECK(search(named_db, {"--format", "paths", "word3"}).out == named + "\n");
}

TEST_CASE("FIFOs and sockets, named or in a folder, are skipped as not regular files", "[e2e][walk][safety]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    const auto db = tmp / "db";
    write_file(docs / "good.txt", document("ocelot"));
    make_fifo(docs / "pipe.txt");
    make_socket(docs / "socket.md");
    make_fifo(docs / "pipe-without-extension");  // not named like a document: no question
    make_fifo(tmp / "named-pipe");
    make_socket(tmp / "named-socket");
    const std::vector<std::string> skipped{(docs / "pipe.txt").string(), (docs / "socket.md").string(),
                                           (tmp / "named-pipe").string(), (tmp / "named-socket").string()};

    const ProcessResult run = dossier::test::index({"--verbose", "--summary-json", "--db", db.string(),
                                                    docs.string(), skipped[2], skipped[3]},
                                                   {}, 30);
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    for (const std::string& path : skipped)
        CHECK_THAT(run.err, Catch::Contains("dossier-index: " + path + ": skipped: not a regular file\n"));
    CHECK_THAT(run.err, !Catch::Contains("pipe-without-extension"));
    CHECK(counts(summary_of(run)) == "added 1, updated 0, removed 0, unchanged 0, skipped 4, failed 0");
    CHECK(search(db, {"--format", "paths", "ocelot"}).out == (docs / "good.txt").string() + "\n");
    require_sound(db);

    // Under cron (no terminal, not verbose) a skip is not trouble: silence.
    const ProcessResult quiet = dossier::test::index({"--summary-json", "--db", db.string()}, {}, 30);
    INFO(describe(quiet));
    CHECK(quiet.exit_code == 0);
    CHECK(quiet.err.empty());
    CHECK(counts(summary_of(quiet)) == "added 0, updated 0, removed 0, unchanged 1, skipped 4, failed 0");
}

TEST_CASE("an entry that cannot be examined is reported, and its document kept", "[e2e][walk][safety]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    const auto db = tmp / "db";
    write_file(docs / "open.txt", document("aardvark"));
    write_file(docs / "listed" / "inside.txt", document("pangolin"));
    write_file(docs / "listed" / "deeper" / "under.txt", document("quokka"));
    fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);  // nobody creates the database

    if (!dossier::test::can_run_as_nobody()) {
        DOSSIER_SKIP_TEST("cannot run as an unprivileged user (setpriv missing)");
        return;
    }
    const auto first = dossier::test::run_as_nobody(INDEXER_EXE, {"--summary-json", "--db", db.string(), docs.string()});
    INFO(describe(first));
    REQUIRE(first.exit_code == 0);
    REQUIRE(counts(summary_of(first)) == "added 3, updated 0, removed 0, unchanged 0, skipped 0, failed 0");

    // Listable but not searchable: names are read, nothing under them examined.
    fs::permissions(docs / "listed", fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read);
    const auto locked = dossier::test::run_as_nobody(INDEXER_EXE, {"--summary-json", "--db", db.string()});
    INFO(describe(locked));
    CHECK(locked.exit_code == 1);
    CHECK_THAT(locked.err, Catch::Contains("dossier-index: " + (docs / "listed" / "inside.txt").string() +
                                            ": cannot examine: Permission denied (documents indexed from it are "
                                            "kept)\n"));
    CHECK_THAT(locked.err, Catch::Contains("dossier-index: " + (docs / "listed" / "deeper").string() +
                                            ": cannot read folder: Permission denied (documents indexed from it "
                                            "are kept)\n"));
    CHECK(counts(summary_of(locked)) == "added 0, updated 0, removed 0, unchanged 1, skipped 0, failed 2");
    CHECK(search(db, {"--format", "paths", "pangolin"}).out == (docs / "listed" / "inside.txt").string() + "\n");
    CHECK(search(db, {"--format", "paths", "quokka"}).exit_code == 0);
    require_sound(db);
}

TEST_CASE("a folder mounted inside itself is walked once, and the loop named", "[e2e][walk][safety]") {
    if (!fs::exists("/usr/bin/unshare")) {
        DOSSIER_SKIP_TEST("unshare (util-linux) missing, cannot bind-mount in a private namespace");
        return;
    }
    TempDir tmp;
    const auto docs = tmp / "docs";
    const auto loop = docs / "sub" / "loop";
    const auto db = tmp / "db";
    write_file(docs / "good.txt", document("ocelot"));
    fs::create_directories(loop);

    // The mount lives in a private namespace that ends with the indexer.
    const ProcessResult run = run_process(
        "/usr/bin/unshare",
        {"--mount", "--propagation", "private", "/bin/sh", "-c",
         "mount --bind \"$0\" \"$1\" || exit 99; exec \"$2\" --verbose --summary-json --db \"$3\" \"$0\"",
         docs.string(), loop.string(), INDEXER_EXE, db.string()},
        {{"DOSSIER_DB", ""}}, {}, 60);
    if (run.exit_code == 99 || run.err.rfind("unshare:", 0) == 0) {
        DOSSIER_SKIP_TEST("cannot bind-mount here (needs CAP_SYS_ADMIN): " << run.err);
        return;
    }
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.err, Catch::Contains("dossier-index: " + loop.string() + ": skipped: the same folder as " +
                                        docs.string() + " (a loop through a mount); not walked again\n"));
    CHECK(counts(summary_of(run)) == "added 1, updated 0, removed 0, unchanged 0, skipped 1, failed 0");
    CHECK(search(db, {"--format", "paths", "ocelot"}).out == (docs / "good.txt").string() + "\n");
    require_sound(db);
}
