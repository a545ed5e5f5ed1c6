// SPDX-License-Identifier: MIT
// End-to-end tests of dossier-index: the real binary on real files.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::copy_corpus;
using dossier::test::describe;
using dossier::test::document_count;
using dossier::test::index;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

}  // namespace

TEST_CASE("indexing the sample corpus twice keeps one document per file", "[e2e][index]") {
    TempDir tmp;
    copy_corpus(tmp / "corpus");
    const auto db = tmp / "db";

    auto first = index({"--db", db.string(), (tmp / "corpus").string()});
    INFO(describe(first));
    CHECK(first.exit_code == 0);
    CHECK(first.out.empty());
    CHECK(first.err.empty());  // not a terminal, nothing wrong: silence
    CHECK(document_count(db) == 5);

    // The same folder under another spelling of its path is the same set.
    auto second = run_process(INDEXER_EXE, {"--db", "db", "./corpus/"}, {}, tmp.path());
    INFO(describe(second));
    CHECK(second.exit_code == 0);
    CHECK(document_count(db) == 5);
}

TEST_CASE("bad files are named, skipped or failed, and never stop the others", "[e2e][index]") {
    TempDir tmp;
    const auto docs = tmp / "docs";
    write_file(docs / "good.txt", "Stuxnet damaged centrifuges in Natanz.\n");
    write_file(docs / "empty.txt", "");
    write_file(docs / "blank.md", "  \n\n");
    write_file(docs / "binary.txt", std::string("GIF89a\0\0\x01", 9));
    write_file(docs / "latin1.txt", "Caf\xE9 society discusses NotPetya\n");
    write_file(docs / "notes.pdf", "not a PDF at all");
    fs::create_symlink("loop.txt", docs / "loop.txt");  // in a folder: links are not followed
    fs::create_directories(tmp / "links");
    fs::create_symlink("loop.txt", tmp / "links" / "loop.txt");  // named: examining it fails
    const auto db = tmp / "db";

    auto run = index({"--verbose", "--db", db.string(), docs.string(), (tmp / "links" / "loop.txt").string(),
                      (tmp / "missing").string()});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/empty.txt: skipped: empty file"));
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/blank.md: skipped: empty file"));
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/binary.txt: skipped: binary file (contains NUL bytes)"));
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/latin1.txt: not UTF-8; read as windows-1252 but the guess is weak"));
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/notes.pdf: failed: damaged or not a PDF"));
    CHECK_THAT(run.err, Catch::Contains(tmp.path().string() + "/links/loop.txt: cannot examine: Too many levels of symbolic links"));
    // A link inside a folder is not followed; -v says so.
    CHECK_THAT(run.err, Catch::Contains(docs.string() + "/loop.txt: symbolic link, not followed"));
    CHECK_THAT(run.err, Catch::Contains(tmp.path().string() + "/missing: no such file or folder"));
    CHECK_THAT(run.err, Catch::Contains("added 2, updated 0, removed 0, unchanged 0, skipped 3, failed 3, 1 warning in "));
    CHECK(document_count(db) == 2);

    // The Latin-1 file is decoded: searchable by its accented word too.
    auto search = run_process(SEARCHER_EXE, {"--db", db.string(), "--format", "paths", "NotPetya"});
    CHECK(search.exit_code == 0);
    CHECK(search.out == docs.string() + "/latin1.txt\n");
    auto accented = run_process(SEARCHER_EXE, {"--db", db.string(), "--format", "paths", "café"});
    CHECK(accented.out == docs.string() + "/latin1.txt\n");
}

TEST_CASE("a failed run keeps what an earlier run indexed", "[e2e][index]") {
    TempDir tmp;
    write_file(tmp / "a" / "one.txt", "WannaCry ransomware\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "a").string()}).exit_code == 0);

    auto second = index({"--db", db.string(), (tmp / "nowhere").string()});
    CHECK(second.exit_code == 1);
    CHECK(document_count(db) == 1);
}

TEST_CASE("a second indexer on a locked database exits 75 and says why", "[e2e][index]") {
    TempDir tmp;
    write_file(tmp / "a" / "one.txt", "SolarWinds Orion compromise\n");
    const auto db = tmp / "db";
    REQUIRE(index({"--db", db.string(), (tmp / "a").string()}).exit_code == 0);

    Xapian::WritableDatabase holder(db.string(), Xapian::DB_OPEN);  // holds the write lock
    auto run = index({"--db", db.string(), (tmp / "a").string()});
    CHECK(run.exit_code == 75);
    CHECK_THAT(run.err, Catch::Contains("is being written by another dossier-index"));
}

TEST_CASE("usage errors exit 2 with a message naming the problem", "[e2e][index]") {
    using Row = std::tuple<std::vector<std::string>, std::string>;
    auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>({
        Row{{"--db", "/nonexistent/x"}, "dossier-index: no PATH given and there is no database at '/nonexistent/x'"},
        Row{{"--db", "/nonexistent/x", ""}, "dossier-index: an empty PATH names no file or folder"},
        Row{{"--bogus", "x"}, "dossier-index: The following argument was not expected: --bogus"},
        Row{{"--db", "/tmp/x", "--lang", "klingonese", "."}, "dossier-index: unknown language 'klingonese'"},
        Row{{"--quiet", "--verbose", "."}, "dossier-index: --quiet excludes --verbose"},
    }));
    auto run = index(args);
    INFO(describe(run));
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith(message));
}

TEST_CASE("a database path that cannot be a database exits 3", "[e2e][index]") {
    TempDir tmp;
    write_file(tmp / "a" / "one.txt", "Colonial Pipeline\n");
    write_file(tmp / "not-a-db", "just a file");
    auto run = index({"--db", (tmp / "not-a-db").string(), (tmp / "a").string()});
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::StartsWith("dossier-index: '" + (tmp / "not-a-db").string() +
                                          "' is a file, not a dossier database") &&
                            Catch::Contains("choose another --db") && !Catch::Contains("--rebuild"));
    CHECK(fs::file_size(tmp / "not-a-db") == 11);  // left as it was
}

TEST_CASE("asking for --help describes the command and exits 0", "[e2e][index]") {
    auto run = index({"--help"});
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("Usage: dossier-index"));
    CHECK_THAT(run.out, Catch::Contains("75 another dossier-index holds the database"));
    CHECK(run.err.empty());
}

TEST_CASE("without --db the database is $DOSSIER_DB, else under $XDG_DATA_HOME", "[e2e][index]") {
    TempDir tmp;
    write_file(tmp / "a" / "one.txt", "Volt Typhoon\n");
    auto by_env = run_process(INDEXER_EXE, {(tmp / "a").string()}, {{"DOSSIER_DB", (tmp / "envdb").string()}});
    CHECK(by_env.exit_code == 0);
    CHECK(document_count(tmp / "envdb") == 1);

    auto by_xdg = run_process(INDEXER_EXE, {(tmp / "a").string()},
                              {{"DOSSIER_DB", ""}, {"XDG_DATA_HOME", (tmp / "xdg").string()}});
    CHECK(by_xdg.exit_code == 0);
    CHECK(document_count(tmp / "xdg" / "dossier" / "index") == 1);
}

TEST_CASE("with --quiet only failures reach stderr, as cron wants", "[e2e][index]") {
    TempDir tmp;
    write_file(tmp / "docs" / "good.txt", "NotPetya spread through a tax software update.\n");
    write_file(tmp / "docs" / "empty.txt", "");
    const auto db = tmp / "db";

    auto clean = index({"--quiet", "--db", db.string(), (tmp / "docs").string()});
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.empty());
    CHECK(clean.out.empty());

    auto failing = index({"--quiet", "--db", db.string(), (tmp / "docs").string(), (tmp / "gone.txt").string()});
    CHECK(failing.exit_code == 1);
    CHECK(failing.err == "dossier-index: " + (tmp / "gone.txt").string() +
                             ": no such file or folder (documents indexed from it are kept)\n");
}
