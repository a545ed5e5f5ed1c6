// SPDX-License-Identifier: MIT
// End-to-end tests of dossier-search --queries (one JSON object per query
// line, through one process) and of the config file (--config,
// $XDG_CONFIG_HOME/dossier/search.conf) over a real database.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// Three records, each with a word of its own; "quokka" is in two, of
// different countries.
constexpr const char* kRecords =
    R"({"id":"zebu","text":"The zebu quokka treaty was signed in Beijing.","lang":"en","country":["CN"]})"
    "\n"
    R"({"id":"okapi","text":"An okapi quokka summit took place in Moscow.","lang":"en","country":["RU"]})"
    "\n"
    R"({"id":"tapir","text":"A tapir report with no country at all.","lang":"en"})"
    "\n";

// The database of kRecords, built once per test run.
const TempDir& sample() {
    static const TempDir tmp;
    static const bool built = [] {
        write_file(tmp / "records.jsonl", kRecords);
        const ProcessResult run =
            dossier::test::index({"--db", (tmp / "db").string(), "--jsonl", (tmp / "records.jsonl").string()});
        if (run.exit_code != 0) FAIL("indexing the sample failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample() / "db", args); }

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// The paths of the hits of one output object, joined by '|'.
std::string hit_paths(const nlohmann::json& object) {
    std::string paths;
    for (const auto& hit : object["hits"]) paths += (paths.empty() ? "" : "|") + hit["path"].get<std::string>();
    return paths;
}

}  // namespace

TEST_CASE("dossier-search --queries runs each line and writes a JSON object per query", "[e2e][batch]") {
    const TempDir dir;
    write_file(dir / "queries.txt", "zebu\n\nokapi\ntapir\n");
    const ProcessResult run = search({"--queries", (dir / "queries.txt").string()});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() == 3);
    // query -> its input line (the empty line 2 is skipped) and top hit
    const std::vector<std::tuple<std::string, int, std::string>> expected = {
        {"zebu", 1, "jsonl:zebu"}, {"okapi", 3, "jsonl:okapi"}, {"tapir", 4, "jsonl:tapir"}};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& [query, line, top] = expected[i];
        CHECK(lines[i]["version"] == 1);
        CHECK(lines[i]["query"] == query);
        CHECK(lines[i]["line"] == line);
        CHECK_FALSE(lines[i].contains("id"));
        REQUIRE_FALSE(lines[i]["hits"].empty());
        CHECK(lines[i]["hits"][0]["path"] == top);
    }
}

TEST_CASE("dossier-search --queries reads standard input for -", "[e2e][batch]") {
    const TempDir dir;
    write_file(dir / "queries.txt", "zebu\n");
    const ProcessResult run = run_process("/bin/sh",
                                          {"-c", std::string("\"$0\" --db \"$1\" --queries - < \"$2\""), SEARCHER_EXE,
                                           (sample() / "db").string(), (dir / "queries.txt").string()},
                                          {{"DOSSIER_DB", ""}, {"XDG_CONFIG_HOME", (dir / "none").string()}});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() == 1);
    CHECK(hit_paths(lines[0]) == "jsonl:zebu");
}

TEST_CASE("a JSON line's country filter narrows its query and its id comes back", "[e2e][batch]") {
    const TempDir dir;
    write_file(dir / "queries.txt",
               "quokka\n"
               R"({"id": "q-cn", "query": "quokka", "country": ["CN"]})"
               "\n"
               R"({"id": 42, "query": "quokka", "country": "Russia"})"
               "\n");
    const ProcessResult run = search({"--queries", (dir / "queries.txt").string(), "--limit", "5"});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["hits"].size() == 2);
    CHECK(lines[0]["limit"] == 5);  // the command line's options apply to every line
    CHECK(lines[1]["id"] == "q-cn");
    CHECK(lines[1]["line"] == 2);
    CHECK(hit_paths(lines[1]) == "jsonl:zebu");
    CHECK(lines[2]["id"] == 42);
    CHECK(hit_paths(lines[2]) == "jsonl:okapi");
}

TEST_CASE("a bad line gives an error object and exit 1 while the other lines still run", "[e2e][batch]") {
    const TempDir dir;
    write_file(dir / "queries.txt",
               "zebu\n"
               "\"unclosed AND\n"   // may still parse: Xapian is lenient with quotes
               "{not json\n"
               R"({"id": "k", "query": "zebu", "colour": "red"})"
               "\n"
               R"({"query": "zebu", "country": "Narnia"})"
               "\n"
               "okapi\n");
    const ProcessResult run = search({"--queries", (dir / "queries.txt").string()});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() == 6);
    CHECK(hit_paths(lines[0]) == "jsonl:zebu");
    CHECK(lines[2]["line"] == 3);
    CHECK_THAT(lines[2]["error"].get<std::string>(), Catch::StartsWith("bad JSON: "));
    CHECK(lines[2]["version"] == 1);
    CHECK_FALSE(lines[2].contains("hits"));
    CHECK(lines[3]["id"] == "k");
    CHECK_THAT(lines[3]["error"].get<std::string>(), Catch::Contains("unknown key \"colour\""));
    CHECK(lines[4]["line"] == 5);
    CHECK_THAT(lines[4]["error"].get<std::string>(), Catch::Contains("Narnia"));
    CHECK(lines[5]["line"] == 6);
    CHECK(hit_paths(lines[5]) == "jsonl:okapi");
}

TEST_CASE("a query on the command line or --format text beside --queries is a usage error", "[e2e][batch]") {
    const TempDir dir;
    write_file(dir / "queries.txt", "zebu\n");
    const std::string queries = (dir / "queries.txt").string();
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--queries", queries, "zebu"}, {"--queries", queries, "--format", "text"}}) {
        const ProcessResult run = search(args);
        INFO(describe(run));
        CHECK(run.exit_code == 2);
        CHECK(run.out.empty());
        CHECK_THAT(run.err, Catch::Contains("--queries"));
    }
    const ProcessResult missing = search({"--queries", (dir / "missing.txt").string()});
    INFO(describe(missing));
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("missing.txt"));
}

TEST_CASE("a config file sets defaults and the command line wins", "[e2e][config]") {
    const TempDir dir;
    write_file(dir / "search.conf", "# defaults\nlimit = 1\nformat = \"paths\"\n");
    const std::string config = (dir / "search.conf").string();

    const ProcessResult limited = search({"--config", config, "quokka"});
    INFO(describe(limited));
    CHECK(limited.exit_code == 0);
    // The two "quokka" records score the same: the tie goes by key.
    CHECK(limited.out == "jsonl:okapi\n");

    const ProcessResult wider = search({"--config", config, "--limit", "2", "quokka"});
    INFO(describe(wider));
    CHECK(wider.exit_code == 0);
    CHECK(wider.out == "jsonl:okapi\njsonl:zebu\n");
}

TEST_CASE("the config file in XDG_CONFIG_HOME is read and a bad one is named", "[e2e][config]") {
    const TempDir dir;
    const fs::path home = dir / "config";
    fs::create_directories(home / "dossier");
    write_file(home / "dossier" / "search.conf", "limit = 1\nformat = paths\n");
    const std::map<std::string, std::string> env{{"DOSSIER_DB", ""}, {"XDG_CONFIG_HOME", home.string()}};
    const std::string db = (sample() / "db").string();

    const ProcessResult run = run_process(SEARCHER_EXE, {"--db", db, "quokka"}, env);
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(run.out == "jsonl:okapi\n");  // a tie with zebu, by key

    // Without --db the config's db is used, before $DOSSIER_DB.
    write_file(home / "dossier" / "search.conf", "format = paths\ndb = \"" + db + "\"\n");
    const ProcessResult config_db =
        run_process(SEARCHER_EXE, {"tapir"}, {{"DOSSIER_DB", (dir / "nowhere").string()}, {"XDG_CONFIG_HOME", home.string()}});
    INFO(describe(config_db));
    CHECK(config_db.exit_code == 0);
    CHECK(config_db.out == "jsonl:tapir\n");

    write_file(home / "dossier" / "search.conf", "limit = 1\ncolour = never\n");
    const ProcessResult bad = run_process(SEARCHER_EXE, {"--db", db, "quokka"}, env);
    INFO(describe(bad));
    CHECK(bad.exit_code == 2);
    CHECK(bad.out.empty());
    CHECK_THAT(bad.err, Catch::Contains("unknown key 'colour'") &&
                            Catch::Contains((home / "dossier" / "search.conf").string()));
}

TEST_CASE("a config file's options apply to every --queries line", "[e2e][batch][config]") {
    const TempDir dir;
    write_file(dir / "search.conf", "limit = 1\nfacets = \"country\"\n");
    write_file(dir / "queries.txt", "quokka\n");
    const ProcessResult run =
        search({"--config", (dir / "search.conf").string(), "--queries", (dir / "queries.txt").string()});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0]["hits"].size() == 1);
    CHECK(lines[0]["facets"]["country"]["values"].size() == 2);
}
