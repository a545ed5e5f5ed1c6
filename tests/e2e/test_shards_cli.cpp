// SPDX-License-Identifier: MIT
// One collection split with `dossier-index --shard K/N` and searched as one
// through Xapian's remote backend: each shard served by its own
// xapian-tcpsrv on a loopback port, a stub database file of `remote
// HOST:PORT` lines given to --db, and every answer compared with one local
// database of all the documents (docs/shards.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../skip.h"
#include "cli.h"
#include "process.h"
#include "serve_process.h"
#include "session_server.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::http_get;
using dossier::test::HttpReply;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::SessionServer;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// A collection with words of uneven frequency, countries and dates, so
// that BM25 statistics, facets and date order differ between shards.
void write_collection(const fs::path& folder) {
    const std::vector<std::string> countries = {"China", "Russia", "Iran", "the United States", "Indonesia", "France"};
    const std::vector<std::string> topics = {"ransomware attack on a hospital", "espionage against a ministry",
                                             "election interference", "a pipeline shutdown",
                                             "phishing of diplomats", "a data breach at a bank"};
    fs::create_directories(folder / "a" / "b");
    for (int i = 0; i < 60; ++i) {
        std::string text = "---\ntitle: Statement " + std::to_string(i) + " on " + topics[i % 6] + "\ndate: " +
                           std::to_string(2015 + i % 8) + "-" + (i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) +
                           "-15\n---\n";
        text += "The ministry of " + countries[i % 6] + " spoke about " + topics[(i * 7) % 6] + ". ";
        for (int r = 0; r < i % 5 + 1; ++r) text += "Cyber security matters to " + countries[(i + r) % 6] + ". ";
        if (i % 3 == 0) text += "Ransomware ransomware again, said officials in " + countries[(i * 5) % 6] + ". ";
        if (i % 4 == 0) text += "Espionage by a state actor was alleged. ";
        text += "Statement number " + std::to_string(i) + " ends here.\n";
        const fs::path sub = i % 3 == 0 ? folder : i % 3 == 1 ? folder / "a" : folder / "a" / "b";
        write_file(sub / ("statement_" + std::to_string(i) + ".txt"), text);
    }
}

// xapian-tcpsrv serving `database` on a loopback port (session_server.h).
std::unique_ptr<SessionServer> serve_shard(const std::string& tcpsrv, const fs::path& database) {
    const int port = dossier::test::free_loopback_port();
    return std::make_unique<SessionServer>(
        tcpsrv, std::vector<std::string>{"--interface", "127.0.0.1", "--port", std::to_string(port), database.string()},
        port);
}

nlohmann::json json_search(const fs::path& database, const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--format", "json"};
    all.insert(all.end(), args.begin(), args.end());
    const ProcessResult run = dossier::test::search(database, all);
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    return nlohmann::json::parse(run.out);
}

// The hits' keys, in order.
std::vector<std::string> keys_of(const nlohmann::json& result) {
    std::vector<std::string> keys;
    for (const nlohmann::json& hit : result.at("hits")) keys.push_back(hit.at("key").get<std::string>());
    return keys;
}

// Text output with the result ids (which depend on the set of databases
// searched) left out.
std::string without_ids(const std::string& text) {
    static const std::regex id(R"( \(id [0-9]+\))");
    return std::regex_replace(text, id, "");
}

std::set<std::string> paths_in(const fs::path& database) { return dossier::test::document_paths(database); }

}  // namespace

TEST_CASE("shards: --shard K/N splits a folder so that each document is in exactly one shard") {
    const TempDir tmp;
    write_collection(tmp / "docs");
    const std::string docs = (tmp / "docs").string();
    std::set<std::string> seen;
    std::size_t total = 0;
    for (int k = 1; k <= 3; ++k) {
        const fs::path db = tmp / ("shard" + std::to_string(k));
        const ProcessResult run =
            dossier::test::index({"--db", db.string(), "--shard", std::to_string(k) + "/3", "--summary-json", docs});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        const std::set<std::string> paths = paths_in(db);
        CHECK(paths.size() >= 10);  // 60 documents over 3: none is nearly empty
        total += paths.size();
        seen.insert(paths.begin(), paths.end());
        // Files of other shards are not even counted as unchanged: never read.
        CHECK(dossier::test::summary_of(run).at("added") == paths.size());
    }
    CHECK(total == 60);
    CHECK(seen.size() == 60);

    const fs::path shard2 = tmp / "shard2";
    const std::set<std::string> before = paths_in(shard2);
    SECTION("a later run without --shard keeps to the remembered shard, new files included") {
        write_file(tmp / "docs" / "late_1.txt", "A late statement on cyber security.\n");
        write_file(tmp / "docs" / "late_2.txt", "Another late statement on ransomware.\n");
        write_file(tmp / "docs" / "late_3.txt", "A third late statement on espionage.\n");
        write_file(tmp / "docs" / "late_4.txt", "A fourth late statement on phishing.\n");
        for (int k = 1; k <= 3; ++k) {
            const ProcessResult run = dossier::test::index({"--db", (tmp / ("shard" + std::to_string(k))).string()});
            INFO(describe(run));
            REQUIRE(run.exit_code == 0);
        }
        std::set<std::string> now;
        std::size_t count = 0;
        for (int k = 1; k <= 3; ++k) {
            const std::set<std::string> paths = paths_in(tmp / ("shard" + std::to_string(k)));
            count += paths.size();
            now.insert(paths.begin(), paths.end());
        }
        CHECK(count == 64);
        CHECK(now.size() == 64);
        CHECK(dossier::test::metadata(shard2, "dossier.config").find("\"shard\":\"2/3\"") != std::string::npos);
    }
    SECTION("another shard on a database with documents is a usage error that says to rebuild") {
        const ProcessResult run = dossier::test::index({"--db", shard2.string(), "--shard", "1/3", docs});
        INFO(describe(run));
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("holds shard 2/3, not shard 1/3") != std::string::npos);
        CHECK(run.err.find("--rebuild --shard 1/3") != std::string::npos);
        CHECK(paths_in(shard2) == before);
        const ProcessResult whole = dossier::test::index({"--db", shard2.string(), "--shard", "1/1", docs});
        CHECK(whole.exit_code == 2);
        CHECK(whole.err.find("not all documents (no --shard)") != std::string::npos);
    }
    SECTION("--rebuild --shard changes it, and 1/1 makes the database whole again") {
        const ProcessResult run = dossier::test::index({"--db", shard2.string(), "--rebuild", "--shard", "1/3", docs});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        CHECK(paths_in(shard2) == paths_in(tmp / "shard1"));
        const ProcessResult whole = dossier::test::index({"--db", shard2.string(), "--rebuild", "--shard", "1/1", docs});
        INFO(describe(whole));
        REQUIRE(whole.exit_code == 0);
        CHECK(paths_in(shard2).size() == 60);
        CHECK(dossier::test::metadata(shard2, "dossier.config").find("shard") == std::string::npos);
    }
}

TEST_CASE("shards: bad --shard values are usage errors") {
    const TempDir tmp;
    for (const std::string bad : {"0/3", "4/3", "3", "a/b", "1/0", "-1/3", "1/3/5", ""}) {
        const ProcessResult run = dossier::test::index({"--db", (tmp / "db").string(), "--shard", bad, tmp.path()});
        INFO(bad << ": " << describe(run));
        CHECK(run.exit_code == 2);
        CHECK(run.err.find("--shard") != std::string::npos);
        CHECK_FALSE(fs::exists(tmp / "db"));
    }
}

TEST_CASE("shards: --jsonl --shard K/N ingests each record in exactly one shard, and bad lines in shard 1") {
    const TempDir tmp;
    std::string lines;
    for (int i = 0; i < 40; ++i)
        lines += R"({"id":")" + std::to_string(i) + R"(","text":"Record )" + std::to_string(i) +
                 R"( on cyber security and ransomware.","lang":"en"})" "\n";
    lines += "this line is not JSON\n";
    lines += R"({"id":77,"text":"A record with a number for its id.","lang":"en"})" "\n";
    write_file(tmp / "records.jsonl", lines);
    std::set<std::string> seen;
    std::size_t total = 0;
    for (int k = 1; k <= 3; ++k) {
        const fs::path db = tmp / ("shard" + std::to_string(k));
        const ProcessResult run = dossier::test::index({"--db", db.string(), "--shard", std::to_string(k) + "/3",
                                                        "--jsonl", (tmp / "records.jsonl").string()});
        INFO(describe(run));
        const bool reports_bad_line = run.err.find("records.jsonl:41: skipped") != std::string::npos;
        CHECK(reports_bad_line == (k == 1));
        CHECK(run.exit_code == (k == 1 ? 1 : 0));
        const std::set<std::string> paths = paths_in(db);
        CHECK(paths.size() >= 5);
        total += paths.size();
        seen.insert(paths.begin(), paths.end());
        // Remembered: a later --jsonl run without --shard keeps to it.
        CHECK(dossier::test::metadata(db, "dossier.config").find("\"shard\":\"" + std::to_string(k) + "/3\"") !=
              std::string::npos);
    }
    CHECK(total == 41);
    CHECK(seen.size() == 41);
    CHECK(seen.count("jsonl:77") == 1);

    write_file(tmp / "more.jsonl", R"({"id":"0","text":"Record 0 again.","lang":"en"})" "\n"
                                   R"({"id":"1","text":"Record 1 again.","lang":"en"})" "\n"
                                   R"({"id":"2","text":"Record 2 again.","lang":"en"})" "\n");
    std::size_t again = 0;
    for (int k = 1; k <= 3; ++k) {
        const fs::path db = tmp / ("shard" + std::to_string(k));
        const std::set<std::string> before = paths_in(db);
        const ProcessResult run =
            dossier::test::index({"--db", db.string(), "--summary-json", "--jsonl", (tmp / "more.jsonl").string()});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        CHECK(paths_in(db) == before);  // replaced, none added from another shard
        again += dossier::test::summary_of(run).at("updated").get<std::size_t>();
        CHECK(dossier::test::summary_of(run).at("added") == 0);
    }
    CHECK(again == 3);
}

TEST_CASE("shards: three xapian-tcpsrv shards answer as one database, a dead or stopped one exits 3 or is left out with --allow-partial") {
    const std::string tcpsrv = dossier::test::program_on_path("xapian-tcpsrv");
    if (tcpsrv.empty()) {
        DOSSIER_SKIP_TEST("xapian-tcpsrv (Debian xapian-tools) is not installed");
        return;
    }
    const TempDir tmp;
    write_collection(tmp / "docs");
    const std::string docs = (tmp / "docs").string();
    const fs::path all = tmp / "all";
    REQUIRE(dossier::test::index({"--db", all.string(), docs}).exit_code == 0);
    std::vector<std::unique_ptr<SessionServer>> servers;
    std::string stub;
    for (int k = 1; k <= 3; ++k) {
        const fs::path db = tmp / ("shard" + std::to_string(k));
        const ProcessResult run = dossier::test::index({"--db", db.string(), "--shard", std::to_string(k) + "/3", docs});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        servers.push_back(serve_shard(tcpsrv, db));
        stub += "remote " + servers.back()->address() + "\n";
    }
    const fs::path shards = tmp / "shards.stub";
    write_file(shards, stub);

    SECTION("the top 100 keys and scores equal one local database's") {
        for (const std::string query : {"cyber security", "ransomware", "espionage ministry", "statement",
                                         "China OR Russia", "\"data breach\""}) {
            INFO("query: " << query);
            const nlohmann::json local = json_search(all, {"--limit", "100", query});
            const nlohmann::json remote = json_search(shards, {"--limit", "100", query});
            REQUIRE(keys_of(remote) == keys_of(local));
            for (std::size_t i = 0; i < local.at("hits").size(); ++i) {
                CHECK(std::abs(remote["hits"][i]["score"].get<double>() - local["hits"][i]["score"].get<double>()) <
                      1e-9);
                // The words marked come from the query's terms, not from a
                // term list read from the shard.
                CHECK(remote["hits"][i]["snippet"] == local["hits"][i]["snippet"]);
                CHECK(remote["hits"][i]["highlights"] == local["hits"][i]["highlights"]);
            }
            CHECK_FALSE(local.at("hits").at(0).at("highlights").empty());
            CHECK(remote.at("estimated_total") == local.at("estimated_total"));
        }
    }
    SECTION("facet counts are exact") {
        const std::vector<std::string> args = {"--facets", "country,year,lang", "--facet-limit", "100", "cyber"};
        CHECK(json_search(shards, args).at("facets") == json_search(all, args).at("facets"));
        const std::vector<std::string> filtered = {"--facets", "country,year", "--country", "China", "--since",
                                                   "2018", "security"};
        CHECK(json_search(shards, filtered).at("facets") == json_search(all, filtered).at("facets"));
    }
    SECTION("--sort newest, paging and --count") {
        const std::vector<std::string> newest = {"--sort", "newest", "--limit", "100", "security"};
        CHECK(keys_of(json_search(shards, newest)) == keys_of(json_search(all, newest)));
        const std::vector<std::string> oldest = {"--sort", "oldest", "--limit", "100", "security"};
        CHECK(keys_of(json_search(shards, oldest)) == keys_of(json_search(all, oldest)));
        // Filters alone: newest first, then by path.
        const std::vector<std::string> filters = {"--limit", "100", "--country", "Iran"};
        CHECK(keys_of(json_search(shards, filters)) == keys_of(json_search(all, filters)));
        CHECK(keys_of(json_search(shards, filters)).size() > 10);
        const std::vector<std::string> page = {"--offset", "7", "--limit", "5", "security"};
        const std::vector<std::string> remote_page = keys_of(json_search(shards, page));
        CHECK(remote_page == keys_of(json_search(all, page)));
        const std::vector<std::string> top = keys_of(json_search(shards, {"--limit", "12", "security"}));
        CHECK(remote_page == std::vector<std::string>(top.begin() + 7, top.end()));
        const ProcessResult count = dossier::test::search(shards, {"--count", "ransomware"});
        INFO(describe(count));
        CHECK(count.exit_code == 0);
        CHECK(count.out == dossier::test::search(all, {"--count", "ransomware"}).out);
        CHECK(count.out == "20\n");
    }
    SECTION("--show and --explain by key, and $DOSSIER_DB") {
        const std::string key = (fs::path(docs) / "a" / "statement_4.txt").string();
        const ProcessResult show = dossier::test::search(shards, {"--show", key});
        INFO(describe(show));
        REQUIRE(show.exit_code == 0);
        CHECK(without_ids(show.out) == without_ids(dossier::test::search(all, {"--show", key}).out));
        CHECK(show.out.find("Statement number 4 ends here.") != std::string::npos);
        const ProcessResult explain = dossier::test::search(shards, {"--explain", key});
        INFO(describe(explain));
        REQUIRE(explain.exit_code == 0);
        CHECK(without_ids(explain.out) == without_ids(dossier::test::search(all, {"--explain", key}).out));
        const ProcessResult from_env = run_process(
            SEARCHER_EXE, {"--format", "paths", "--limit", "100", "ransomware"},
            {{"DOSSIER_DB", shards.string()}, {"XDG_CONFIG_HOME", (tmp / "no-config").string()}});
        INFO(describe(from_env));
        CHECK(from_env.exit_code == 0);
        CHECK(dossier::test::file_names_of(from_env) ==
              dossier::test::file_names_of(dossier::test::search(all, {"--format", "paths", "--limit", "100", "ransomware"})));
    }
    SECTION("no spelling data remotely: one warning line, not an error") {
        const ProcessResult run = dossier::test::search(shards, {"ransomwere"});
        INFO(describe(run));
        CHECK(run.exit_code == 1);
        CHECK(run.err == "dossier-search: warning: no \"did you mean\": remote shards carry no spelling data in "
                         "Xapian 1.4 (docs/shards.md)\n");
        // The local database suggests; a query with plenty of matches has
        // nothing to miss and says nothing.
        CHECK(dossier::test::search(all, {"ransomwere"}).out.find("Did you mean") != std::string::npos);
        const ProcessResult plenty = dossier::test::search(shards, {"security"});
        CHECK(plenty.exit_code == 0);
        CHECK(plenty.err.empty());
    }
    SECTION("shards connect at once, and --allow-partial searches those that answer, naming the others") {
        const nlohmann::json whole = json_search(shards, {"--allow-partial", "security"});
        CHECK(whole.at("partial") == false);
        CHECK(whole.at("missing_shards") == nlohmann::json::array());
        servers[1]->stop();
        const ProcessResult run = dossier::test::search(shards, {"--allow-partial", "--format", "json", "security"});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        const nlohmann::json partial = nlohmann::json::parse(run.out);
        CHECK(partial.at("partial") == true);
        CHECK(partial.at("missing_shards") == nlohmann::json::array({servers[1]->address()}));
        CHECK(run.err.find("warning: shard remote:tcp(" + servers[1]->address() + ")") != std::string::npos);
        CHECK(run.err.find("searched without it (--allow-partial)") != std::string::npos);
        // The others' documents, and none of the dead shard's.
        const std::set<std::string> others = [&] {
            std::set<std::string> keys = paths_in(tmp / "shard1");
            const std::set<std::string> third = paths_in(tmp / "shard3");
            keys.insert(third.begin(), third.end());
            return keys;
        }();
        const ProcessResult listed =
            dossier::test::search(shards, {"--allow-partial", "--format", "paths", "--limit", "100", "security"});
        REQUIRE(listed.exit_code == 0);
        std::set<std::string> found;
        std::istringstream lines(listed.out);
        for (std::string line; std::getline(lines, line);) found.insert(line);
        CHECK(!found.empty());
        for (const std::string& key : found) CHECK(others.count(key) == 1);
        // Every shard down: nothing to search, exit 3 as without it.
        servers[0]->stop();
        servers[2]->stop();
        const ProcessResult none = dossier::test::search(shards, {"--allow-partial", "security"});
        CHECK(none.exit_code == 3);
        CHECK(none.err.find("did not answer") != std::string::npos);
    }
    SECTION("--timeout: a stopped shard fails the search after it, or is left out with --allow-partial") {
        servers[2]->pause();
        const auto started = std::chrono::steady_clock::now();
        const ProcessResult run = dossier::test::search(shards, {"--timeout", "2", "security"});
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        INFO(describe(run));
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("shard remote:tcp(" + servers[2]->address() + ")") != std::string::npos);
        CHECK(run.err.find("Timeout") != std::string::npos);
        CHECK(seconds >= 2.0);
        CHECK(seconds < 9.0);  // not Xapian's default of 10 s
        const ProcessResult partial = dossier::test::search(shards, {"--timeout", "2", "--allow-partial", "--count", "security"});
        INFO(describe(partial));
        CHECK(partial.exit_code == 0);
        CHECK(partial.err.find(servers[2]->address()) != std::string::npos);
        servers[2]->resume();
        // Answering again: the whole collection, nothing left out.
        const ProcessResult whole = dossier::test::search(shards, {"--timeout", "2", "--allow-partial", "--count", "security"});
        CHECK(whole.exit_code == 0);
        CHECK(whole.err.empty());
        CHECK(whole.out == dossier::test::search(all, {"--count", "security"}).out);
        const ProcessResult bad = dossier::test::search(shards, {"--timeout", "0", "security"});
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.find("--timeout 0: give 1 to 3600 seconds") != std::string::npos);
    }
    SECTION("a dead shard fails the search with exit 3, naming it") {
        servers[1]->stop();
        const ProcessResult run = dossier::test::search(shards, {"security"});
        INFO(describe(run));
        CHECK(run.exit_code == 3);
        CHECK(run.err.find("shard remote:tcp(" + servers[1]->address() + ")") != std::string::npos);
        CHECK(run.err.find("xapian-tcpsrv") != std::string::npos);
        CHECK(run.out.empty());
        CHECK(dossier::test::search(shards, {"--count", "security"}).exit_code == 3);
    }
    SECTION("dossier-serve over the stub: the CLI's hits, and a stopped shard 503 or left out with --allow-partial") {
        dossier::test::ServeProcess strict({"--db", shards.string(), "--timeout", "2"});
        dossier::test::ServeProcess partial({"--db", shards.string(), "--timeout", "2", "--allow-partial"});
        const std::vector<std::string> local = keys_of(json_search(all, {"--limit", "100", "security"}));
        const HttpReply whole = http_get(strict.port(), "/api/search?q=security&limit=100");
        INFO(whole.body);
        REQUIRE(whole.status == 200);
        CHECK(keys_of(whole.body_json()) == local);
        REQUIRE(http_get(partial.port(), "/api/search?q=security").status == 200);

        servers[2]->pause();
        const auto started = std::chrono::steady_clock::now();
        const HttpReply failed = http_get(strict.port(), "/api/search?q=security&limit=100");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        INFO(failed.body);
        CHECK(failed.status == 503);
        CHECK(failed.body.find(servers[2]->address()) != std::string::npos);
        CHECK(seconds >= 2.0);
        CHECK(seconds < 9.0);  // --timeout, not Xapian's default of 10 s
        const HttpReply left_out = http_get(partial.port(), "/api/search?q=security&limit=100");
        INFO(left_out.body);
        REQUIRE(left_out.status == 200);
        const nlohmann::json answered = left_out.body_json();
        CHECK(answered.at("partial") == true);
        CHECK(answered.at("missing_shards") == nlohmann::json::array({servers[2]->address()}));
        const std::set<std::string> stopped_shard = paths_in(tmp / "shard3");
        CHECK(!answered.at("hits").empty());
        for (const std::string& key : keys_of(answered)) CHECK(stopped_shard.count(key) == 0);

        // Back: the next request has it again.
        servers[2]->resume();
        const HttpReply back = http_get(partial.port(), "/api/search?q=security&limit=100");
        INFO(back.body);
        REQUIRE(back.status == 200);
        CHECK(back.body_json().at("partial") == false);
        CHECK(keys_of(back.body_json()) == local);
        CHECK(strict.stop() == 0);
        CHECK(partial.stop() == 0);

        const ProcessResult bad = dossier::test::run_serve({"--db", shards.string(), "--timeout", "0"});
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.find("--timeout") != std::string::npos);
    }
}
