// SPDX-License-Identifier: MIT
// End-to-end tests of saved searches and alerts (dossier-search --save,
// --saved, --list-saved, --forget, --alerts) and of when documents
// arrived (--new-since, added:, the "added" and "changed" JSON fields), on
// real databases re-indexed as cron would.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::file_names_of;
using dossier::test::index;
using dossier::test::ProcessResult;
using dossier::test::search;
using dossier::test::TempDir;
using dossier::test::write_file;

extern char** environ;

namespace {

// A folder of reports, indexed into `db` with each call of reindex().
struct Collection {
    TempDir tmp;
    fs::path docs = tmp / "docs";
    fs::path db = tmp / "db";

    void add(const std::string& name, const std::string& text) { write_file(docs / name, text); }

    void reindex(const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args = {"--db", db.string()};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(docs.string());
        const ProcessResult run = index(args);
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
    }

    ProcessResult search(const std::vector<std::string>& args) const { return dossier::test::search(db, args); }
};

// Two reports, one on Volt Typhoon, indexed; "volt" saved afterwards.
void start(Collection& collection) {
    collection.add("a.txt", "Volt Typhoon\n\nVolt Typhoon was seen in port networks in Guam.\n");
    collection.add("b.txt", "Trade\n\nA report on the price of rice.\n");
    collection.reindex();
    const ProcessResult saved = collection.search({"--save", "volt", "volt typhoon"});
    INFO(describe(saved));
    REQUIRE(saved.exit_code == 0);
}

// Three new reports, two on Volt Typhoon.
void three_arrive(Collection& collection) {
    collection.add("c.txt", "Statement\n\nThe ministry named Volt Typhoon again.\n");
    collection.add("d.txt", "Advisory\n\nVolt Typhoon used routers in small offices.\n");
    collection.add("e.txt", "Weather\n\nRain is expected on Tuesday.\n");
    collection.reindex();
}

// dossier-search with `args`, its standard output a pipe whose reader has
// already gone: the first write kills it with SIGPIPE. Returns the wait status.
int run_into_closed_pipe(const std::vector<std::string>& args) {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    ::close(pipe_ends[0]);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_ends[1], 1);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t pipe_signal;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &pipe_signal);  // as a shell pipeline has it
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> all = {SEARCHER_EXE};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, SEARCHER_EXE, &actions, &attributes, argv.data(), environ);
    ::close(pipe_ends[1]);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    REQUIRE(spawned == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    return status;
}

nlohmann::json json_of(const ProcessResult& run) {
    INFO(describe(run));
    REQUIRE(!run.out.empty());
    return nlohmann::json::parse(run.out);
}

// path file name -> {added run, changed run} of every hit of a JSON result.
std::map<std::string, std::pair<int, int>> stamps_of(const ProcessResult& run) {
    std::map<std::string, std::pair<int, int>> stamps;
    const nlohmann::json result = json_of(run);
    for (const auto& hit : result["hits"])
        stamps[fs::path(hit["path"].get<std::string>()).filename().string()] = {hit["added"]["run"].get<int>(),
                                                                              hit["changed"]["run"].get<int>()};
    return stamps;
}

}  // namespace

TEST_CASE("alerts after a re-index show exactly the new matching documents and a second run none",
          "[e2e][alerts]") {
    Collection collection;
    start(collection);
    // Saved after the first index: what was there counts as seen.
    const ProcessResult first = collection.search({"--alerts"});
    INFO(describe(first));
    CHECK(first.exit_code == 1);
    CHECK(first.out.empty());

    three_arrive(collection);
    const ProcessResult news = collection.search({"--alerts", "--format", "paths"});
    INFO(describe(news));
    CHECK(news.exit_code == 0);
    CHECK(file_names_of(news) == "c.txt|d.txt");

    const ProcessResult again = collection.search({"--alerts"});
    INFO(describe(again));
    CHECK(again.exit_code == 1);
    CHECK(again.out.empty());  // nothing for cron to mail

    // Text for a cron mail: grouped under the saved search's name.
    collection.add("f.txt", "Note\n\nVolt Typhoon, a third time.\n");
    collection.reindex();
    const ProcessResult mail = collection.search({"--alerts", "--format", "text"});
    INFO(describe(mail));
    CHECK(mail.exit_code == 0);
    CHECK_THAT(mail.out, Catch::StartsWith("== volt: 1 new ('volt typhoon') ==\n") && Catch::Contains("f.txt") &&
                             !Catch::Contains("c.txt"));
}

TEST_CASE("alerts in JSON group the hits by saved search with the run they start from", "[e2e][alerts]") {
    Collection collection;
    start(collection);
    REQUIRE(collection.search({"--save", "rice", "rice OR rain"}).exit_code == 0);
    three_arrive(collection);
    const nlohmann::json alerts = json_of(collection.search({"--alerts", "--format", "json"}));
    CHECK(alerts["through_run"] == 2);
    REQUIRE(alerts["alerts"].size() == 2);
    CHECK(alerts["alerts"][0]["name"] == "rice");
    CHECK(alerts["alerts"][0]["since_run"] == 2);
    CHECK(alerts["alerts"][0]["new"] == 1);
    CHECK(fs::path(alerts["alerts"][0]["hits"][0]["path"].get<std::string>()).filename() == "e.txt");
    CHECK(alerts["alerts"][1]["name"] == "volt");
    CHECK(alerts["alerts"][1]["new"] == 2);
    CHECK(alerts["alerts"][1]["hits"][0]["added"]["run"] == 2);

    three_arrive(collection);  // nothing new: the same files
    const ProcessResult none = collection.search({"--alerts", "--format", "jsonl"});
    CHECK(none.exit_code == 1);
    CHECK(none.out.empty());
}

TEST_CASE("an alerts run killed by a closed pipe or whose output fails is shown again", "[e2e][alerts]") {
    Collection collection;
    start(collection);
    three_arrive(collection);

    // The reader of a pipe gone (| head that already exited): killed by SIGPIPE.
    const int status = run_into_closed_pipe({"--db", collection.db.string(), "--alerts"});
    CHECK(WIFSIGNALED(status));
    CHECK((WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE));

    // A full disk: the output cannot be written, exit 74.
    const ProcessResult full = dossier::test::run_process(
        "/bin/sh", {"-c", std::string("exec \"$0\" --db \"$1\" --alerts --format jsonl > /dev/full"), SEARCHER_EXE,
                    collection.db.string()});
    INFO(describe(full));
    CHECK(full.exit_code == 74);
    CHECK_THAT(full.err, Catch::Contains("cannot write to standard output"));

    const ProcessResult repeated = collection.search({"--alerts", "--format", "paths"});
    INFO(describe(repeated));
    CHECK(repeated.exit_code == 0);
    CHECK(file_names_of(repeated) == "c.txt|d.txt");
    CHECK(collection.search({"--alerts"}).exit_code == 1);
}

TEST_CASE("a re-analysis and a touched file and a rebuild keep when documents arrived and flood no alert",
          "[e2e][alerts]") {
    Collection collection;
    start(collection);
    three_arrive(collection);
    REQUIRE(collection.search({"--alerts"}).exit_code == 0);
    const auto before = stamps_of(collection.search({"--format", "json", "--new-since", "1", "volt OR rain OR rice"}));
    CHECK(before.at("a.txt") == std::pair{1, 1});
    CHECK(before.at("c.txt") == std::pair{2, 2});

    // A gazetteer change re-analyzes every document (its facets change, its
    // content does not).
    const auto gazetteer = collection.tmp / "extra.json";
    write_file(gazetteer, R"({"version": 1, "entries": [{"id": "price-of-rice", "kind": "incident", )"
                          R"("name": "Price of Rice", "years": [2024], "actor": "", "country": "", )"
                          R"("aliases": ["price of rice"]}]})");
    collection.reindex({"--gazetteer", gazetteer.string()});
    CHECK(file_names_of(collection.search({"--format", "paths", "incident:price-of-rice"})) == "b.txt");
    // Touched: same bytes, a new modification time.
    fs::last_write_time(collection.docs / "d.txt", fs::file_time_type::clock::now() + std::chrono::hours(1));
    collection.reindex();
    for (const char* changed : {"--changed", "--format=text"}) {
        const ProcessResult alerts = collection.search({"--alerts", changed});
        INFO(describe(alerts));
        CHECK(alerts.exit_code == 1);
        CHECK(alerts.out.empty());
    }
    CHECK(stamps_of(collection.search({"--format", "json", "--new-since", "1", "volt OR rain OR rice"})) == before);

    // A rebuild: the run counter goes on, the records and saved searches stay.
    collection.reindex({"--rebuild"});
    CHECK(stamps_of(collection.search({"--format", "json", "--new-since", "1", "volt OR rain OR rice"})) == before);
    CHECK(collection.search({"--alerts", "--changed"}).exit_code == 1);
    CHECK_THAT(collection.search({"--list-saved"}).out, Catch::StartsWith("volt  'volt typhoon'"));
    collection.add("g.txt", "Late\n\nVolt Typhoon after the rebuild.\n");
    collection.reindex();
    const ProcessResult after = collection.search({"--alerts", "--format", "paths"});
    INFO(describe(after));
    CHECK(file_names_of(after) == "g.txt");
}

TEST_CASE("documents of a database from before records are never news even when re-analyzed",
          "[e2e][alerts]") {
    Collection collection;
    collection.add("a.txt", "Volt Typhoon\n\nVolt Typhoon was seen in Guam.\n");
    collection.add("b.txt", "Trade\n\nA report on the price of rice.\n");
    collection.reindex();
    {
        // As an older dossier wrote it: no stamps, no run history.
        Xapian::WritableDatabase database(collection.db.string());
        for (Xapian::docid id = 1; id <= database.get_lastdocid(); ++id) {
            Xapian::Document document = database.get_document(id);
            document.remove_value(9);
            document.remove_value(10);
            database.replace_document(id, document);
        }
        database.set_metadata("dossier.runs", "");
        database.commit();
    }
    REQUIRE(collection.search({"--save", "volt", "volt typhoon"}).exit_code == 0);
    CHECK(stamps_of(collection.search({"--format", "json", "volt OR rice"})) ==
          std::map<std::string, std::pair<int, int>>{{"a.txt", {0, 0}}, {"b.txt", {0, 0}}});
    CHECK(collection.search({"--new-since", "last", "volt"}).exit_code == 1);

    // The analysis changes (a gazetteer): every document is rewritten.
    const auto gazetteer = collection.tmp / "extra.json";
    write_file(gazetteer, R"({"version": 1, "entries": [{"id": "guam-case", "kind": "incident", "name": "Guam", )"
                          R"("years": [2023], "actor": "", "country": "", "aliases": ["seen in Guam"]}]})");
    collection.reindex({"--gazetteer", gazetteer.string()});
    CHECK(collection.search({"--alerts", "--changed"}).exit_code == 1);
    CHECK(stamps_of(collection.search({"--format", "json", "volt OR rice"})) ==
          std::map<std::string, std::pair<int, int>>{{"a.txt", {0, 0}}, {"b.txt", {0, 0}}});
    const nlohmann::json hit = json_of(collection.search({"--format", "json", "volt"}))["hits"][0];
    CHECK(hit["added"] == nlohmann::json{{"run", 0}, {"time", nullptr}});
}

TEST_CASE("a changed document is news only with --changed and keeps when it was added", "[e2e][alerts]") {
    Collection collection;
    start(collection);
    collection.add("a.txt", "Volt Typhoon\n\nVolt Typhoon was seen in port networks in Guam and Saipan.\n");
    collection.reindex();
    const ProcessResult changed = collection.search({"--alerts", "--changed", "--format", "paths"});
    INFO(describe(changed));
    CHECK(changed.exit_code == 0);
    CHECK(file_names_of(changed) == "a.txt");
    CHECK(stamps_of(collection.search({"--format", "json", "volt"})).at("a.txt") == std::pair{1, 2});

    collection.add("a.txt", "Volt Typhoon\n\nVolt Typhoon was seen in Guam, Saipan and Tinian.\n");
    collection.reindex();
    const ProcessResult plain = collection.search({"--alerts"});
    INFO(describe(plain));
    CHECK(plain.exit_code == 1);
    CHECK(plain.out.empty());
    // --new-since with --changed: changed since run 3.
    CHECK(file_names_of(collection.search({"--format", "paths", "--new-since", "3", "--changed", "volt"})) ==
          "a.txt");
    CHECK(collection.search({"--format", "paths", "--new-since", "3", "volt"}).exit_code == 1);
}

TEST_CASE("saved search names are checked and saving over one says so and --saved runs it with other options",
          "[e2e][alerts]") {
    Collection collection;
    start(collection);
    for (const char* bad : {"has space", "-dash-first", "semi;colon", ".hidden", "ünïcode"}) {
        const ProcessResult refused = collection.search({"--save", bad, "volt"});
        INFO(describe(refused));
        CHECK(refused.exit_code == 2);
        CHECK_THAT(refused.err, Catch::Contains("saved search name"));
    }
    CHECK(collection.search({"--save", std::string(65, 'a'), "volt"}).exit_code == 2);
    const ProcessResult bad_query = collection.search({"--save", "broken", "date:2021..2020"});
    CHECK(bad_query.exit_code == 2);
    CHECK(collection.search({"--saved", "broken"}).exit_code == 2);

    const ProcessResult over = collection.search({"--save", "volt", "--country", "GU", "volt"});
    INFO(describe(over));
    CHECK(over.exit_code == 0);
    CHECK_THAT(over.err, Catch::Contains("saved search 'volt' replaced (it was 'volt typhoon')"));
    const ProcessResult fresh = collection.search({"--save", "Rice_2.0", "rice"});
    CHECK_THAT(fresh.err, Catch::Contains("saved search 'Rice_2.0';") && !Catch::Contains("replaced"));

    CHECK(file_names_of(collection.search({"--saved", "Rice_2.0", "--format", "paths"})) == "b.txt");
    // Other options still apply: a filter of another kind narrows.
    CHECK(collection.search({"--saved", "Rice_2.0", "--lang", "id"}).exit_code == 1);
    const ProcessResult unknown = collection.search({"--saved", "nope"});
    CHECK(unknown.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Contains("no saved search 'nope'; --list-saved lists them"));
    CHECK(collection.search({"--saved", "volt", "extra", "words"}).exit_code == 2);
    CHECK(collection.search({"--alerts", "volt"}).exit_code == 2);
    CHECK(collection.search({"--changed", "volt"}).exit_code == 2);
    CHECK(collection.search({"--alerts", "--format", "csv"}).exit_code == 2);
}

TEST_CASE("list-saved lists and forget deletes saved searches", "[e2e][alerts]") {
    Collection collection;
    collection.add("a.txt", "Volt Typhoon\n\nVolt Typhoon was seen in Guam.\n");
    collection.reindex();
    const ProcessResult empty = collection.search({"--list-saved"});
    CHECK(empty.exit_code == 1);
    CHECK(empty.out.empty());
    CHECK(collection.search({"--alerts"}).exit_code == 1);
    REQUIRE(collection.search({"--save", "volt", "--country", "CN", "--since", "2020", "volt"}).exit_code == 0);
    REQUIRE(collection.search({"--save", "all-cn", "--country", "CN"}).exit_code == 0);

    const ProcessResult text = collection.search({"--list-saved"});
    INFO(describe(text));
    CHECK(text.exit_code == 0);
    CHECK(text.out == "all-cn  --country CN  (no --alerts run yet)\n"
                      "volt  'volt' --country CN --since 2020  (no --alerts run yet)\n");
    const nlohmann::json listed = json_of(collection.search({"--list-saved", "--format", "json"}));
    REQUIRE(listed["saved"].size() == 2);
    CHECK(listed["saved"][1]["name"] == "volt");
    CHECK(listed["saved"][1]["filters"] == nlohmann::json{{"country", {"CN"}}});
    CHECK(listed["saved"][1]["seen_run"] == 1);

    const ProcessResult forgot = collection.search({"--forget", "all-cn"});
    CHECK(forgot.exit_code == 0);
    CHECK_THAT(forgot.err, Catch::Contains("forgot saved search 'all-cn'"));
    const ProcessResult again = collection.search({"--forget", "all-cn"});
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("no saved search 'all-cn'"));
    CHECK(collection.search({"--list-saved"}).out.starts_with("volt  "));
    CHECK(collection.search({"--forget", "bad name"}).exit_code == 2);
}

TEST_CASE("new-since and added: filter by the index run or the day documents arrived", "[e2e][alerts]") {
    Collection collection;
    start(collection);
    three_arrive(collection);
    const nlohmann::json hit = json_of(collection.search({"--format", "json", "-n", "1", "ministry"}))["hits"][0];
    CHECK(hit["added"]["run"] == 2);
    const std::string day = hit["added"]["time"].get<std::string>().substr(0, 10);

    const auto names = [&](const std::vector<std::string>& args) {
        std::vector<std::string> all = {"--format", "paths", "--limit", "100"};
        all.insert(all.end(), args.begin(), args.end());
        return file_names_of(collection.search(all));
    };
    CHECK(names({"--new-since", "last"}) == "c.txt|d.txt|e.txt");
    CHECK(names({"--new-since", "2"}) == "c.txt|d.txt|e.txt");
    CHECK(names({"--new-since", "1"}) == "a.txt|b.txt|c.txt|d.txt|e.txt");
    CHECK(names({"--new-since", "2", "volt"}) == "c.txt|d.txt");
    CHECK(names({"added:2.."}) == "c.txt|d.txt|e.txt");
    CHECK(names({"volt added:..1"}) == "a.txt");
    CHECK(names({"added:1..1"}) == "a.txt|b.txt");
    CHECK(names({"--new-since", day}) == "a.txt|b.txt|c.txt|d.txt|e.txt");
    CHECK(names({"added:" + day + ".."}) == "a.txt|b.txt|c.txt|d.txt|e.txt");
    CHECK(collection.search({"added:2999-01.."}).exit_code == 1);
    CHECK(collection.search({"--new-since", "3"}).exit_code == 1);

    for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
             {"--new-since", "yesterday"}, {"--new-since", "2026-13"}, {"added:5"}, {"added:x.."}}) {
        const ProcessResult refused = collection.search(bad);
        INFO(describe(refused));
        CHECK(refused.exit_code == 2);
    }
}

TEST_CASE("a saved search that no longer runs is named and the others still alert", "[e2e][alerts]") {
    Collection collection;
    const auto gazetteer = collection.tmp / "extra.json";
    write_file(gazetteer, R"({"version": 1, "entries": [{"id": "pineapple-tart", "kind": "incident", )"
                          R"("name": "Pineapple Tart", "years": [2024], "actor": "", "country": "", )"
                          R"("aliases": ["Pineapple Tart"]}]})");
    collection.add("a.txt", "One\n\nThe Pineapple Tart operation hit a ministry.\n");
    collection.reindex({"--gazetteer", gazetteer.string()});
    REQUIRE(collection.search({"--save", "tart", "incident:pineapple-tart"}).exit_code == 0);
    REQUIRE(collection.search({"--save", "ministry", "ministry"}).exit_code == 0);
    collection.add("b.txt", "Two\n\nAnother ministry report.\n");
    collection.reindex({"--no-gazetteer"});  // the incident's name is gone

    const ProcessResult alerts = collection.search({"--alerts", "--format", "paths"});
    INFO(describe(alerts));
    CHECK(alerts.exit_code == 0);
    CHECK(file_names_of(alerts) == "b.txt");
    CHECK_THAT(alerts.err, Catch::Contains("saved search 'tart': ") && Catch::Contains("pineapple-tart") &&
                               Catch::Contains("not run"));
    const ProcessResult again = collection.search({"--alerts"});
    CHECK(again.exit_code == 2);
    CHECK_THAT(again.err, Catch::Contains("saved search 'tart'"));
}
