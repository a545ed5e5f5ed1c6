// SPDX-License-Identifier: MIT
// A read replica (docs/shards.md, "Read replicas"): the indexing machine's
// database served by xapian-replicate-server on a loopback port, copied by
// xapian-replicate into a replica folder, and searched there with
// dossier-search. dossier-index runs with XAPIAN_MAX_CHANGESETS set, so an
// incremental run reaches the replica as changesets; a database swapped
// in (a first run built by workers, a --rebuild) reaches it as a full copy.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "../skip.h"
#include "cli.h"
#include "process.h"
#include "session_server.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// dossier-index as a replicated database's cron job runs it.
ProcessResult index_keeping_changesets(const std::vector<std::string>& args) {
    return run_process(INDEXER_EXE, args, {{"DOSSIER_DB", ""}, {"XAPIAN_MAX_CHANGESETS", "10"}});
}

// More files than one worker chunk (500), so that the first run is built
// by worker processes, compacted and swapped in.
void write_collection(const fs::path& folder) {
    const std::vector<std::string> topics = {"ransomware at a hospital", "espionage against a ministry",
                                             "election interference", "phishing of diplomats"};
    for (int i = 0; i < 520; ++i)
        write_file(folder / ("note_" + std::to_string(i) + ".txt"),
                   "Note " + std::to_string(i) + " on cyber security and " + topics[i % 4] + ".\n");
}

// The changeset files Xapian wrote into `database` ("changes" + revision).
std::size_t changesets_in(const fs::path& database) {
    std::size_t count = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(database))
        count += entry.path().filename().string().starts_with("changes");
    return count;
}

// Every document with "cyber", by file name: what a search of `database` shows.
std::string cyber_hits(const fs::path& database) {
    const ProcessResult run = dossier::test::search_all(database, {"cyber"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    return dossier::test::file_names_of(run);
}

}  // namespace

TEST_CASE("replica: xapian-replicate copies the database whole, then follows incremental runs as changesets") {
    const std::string server = dossier::test::program_on_path("xapian-replicate-server");
    const std::string client = dossier::test::program_on_path("xapian-replicate");
    if (server.empty() || client.empty()) {
        DOSSIER_SKIP_TEST("xapian-replicate-server and xapian-replicate (Debian xapian-tools) are not installed");
        return;
    }
    const TempDir tmp;
    write_collection(tmp / "docs");
    const fs::path master = tmp / "indexer" / "policy";
    const fs::path replica = tmp / "search" / "policy";
    fs::create_directories(replica.parent_path());
    {
        const ProcessResult run = index_keeping_changesets({"--db", master.string(), "--jobs", "2", (tmp / "docs").string()});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
    }
    const int port = dossier::test::free_loopback_port();
    dossier::test::SessionServer replicate_server(
        server, {"--interface", "127.0.0.1", "--port", std::to_string(port), master.parent_path().string()}, port);
    // One pass of the replica's cron job; returns its report line.
    const auto replicate = [&] {
        const ProcessResult run = run_process(
            client, {"--host", "127.0.0.1", "--port", std::to_string(port), "--master", "policy", "--one-shot",
                     "--verbose", replica.string()});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        const std::size_t at = run.out.find("Update complete: ");
        REQUIRE(at != std::string::npos);
        return run.out.substr(at, run.out.find('\n', at) - at);
    };

    // The first run was swapped in: a new database, copied whole, and
    // written without changesets, which no replica could use.
    CHECK(changesets_in(master) == 0);
    CHECK(replicate() == "Update complete: 1 copies, 0 changesets, new live database");
    CHECK(dossier::test::digest(replica) == dossier::test::digest(master));
    const std::string before = cyber_hits(replica);
    CHECK(before == cyber_hits(master));
    CHECK(dossier::test::search(replica, {"--count", "cyber"}).out == "520\n");
    // The replica's folder is Xapian's (a stub and replica_N), not one
    // dossier-index would write into.
    CHECK(fs::exists(replica / "XAPIANDB"));
    CHECK(index_keeping_changesets({"--db", replica.string(), (tmp / "docs").string()}).exit_code == 3);

    // An incremental run writes in place, and the replica follows from its
    // changeset.
    write_file(tmp / "docs" / "late.txt", "A late note on the zanzibarian cyber protocol.\n");
    {
        const ProcessResult run = index_keeping_changesets({"--db", master.string()});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
    }
    CHECK(changesets_in(master) == 1);
    CHECK(dossier::test::names_found(replica, {"zanzibarian"}).empty());
    CHECK(replicate() == "Update complete: 0 copies, 1 changesets, new live database");
    CHECK(dossier::test::names_found(replica, {"zanzibarian"}) == "late.txt");
    CHECK(dossier::test::digest(replica) == dossier::test::digest(master));

    // Saved searches are a file of the folder, not of the Xapian database:
    // a replica keeps its own, which replication leaves alone.
    REQUIRE(dossier::test::search(replica, {"--save", "watch", "zanzibarian"}).exit_code == 0);

    // A --rebuild swaps a new database in: copied whole again, and the next
    // incremental run is a changeset again.
    REQUIRE(index_keeping_changesets({"--db", master.string(), "--rebuild", "--jobs", "2"}).exit_code == 0);
    CHECK(changesets_in(master) == 0);
    CHECK(replicate() == "Update complete: 1 copies, 0 changesets, new live database");
    CHECK(dossier::test::digest(replica) == dossier::test::digest(master));
    fs::remove(tmp / "docs" / "late.txt");
    write_file(tmp / "docs" / "later.txt", "A later note on the quokkaesque cyber protocol.\n");
    REQUIRE(index_keeping_changesets({"--db", master.string()}).exit_code == 0);
    CHECK(replicate() == "Update complete: 0 copies, 1 changesets, new live database");
    CHECK(dossier::test::names_found(replica, {"quokkaesque"}) == "later.txt");
    CHECK(dossier::test::names_found(replica, {"zanzibarian"}).empty());
    CHECK(dossier::test::digest(replica) == dossier::test::digest(master));
    const ProcessResult saved = dossier::test::search(replica, {"--list-saved"});
    INFO(describe(saved));
    CHECK(saved.out.find("watch") != std::string::npos);
}
