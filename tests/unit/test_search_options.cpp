// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/version.h"
#include "searcher/options.h"
#include "base/error.h"
#include "search/search.h"
#include "test_support.h"

using dossier::searcher::ColorMode;
using dossier::searcher::OutputFormat;
using dossier::searcher::parse_search_options;
using dossier::searcher::ParsedSearchOptions;
using dossier::test::EnvGuard;
using dossier::test::join;

namespace {

struct SearchRun {
    ParsedSearchOptions parsed;
    std::string out;
    std::string err;
};

// Parses `args` (split at spaces) as dossier-search's command line, with
// $XDG_CONFIG_HOME at `config_home` (by default a folder that does not
// exist: no config file of the user's).
SearchRun run(const std::vector<std::string>& words, const std::string& config_home = "/nonexistent/dossier-tests") {
    const EnvGuard config_guard("XDG_CONFIG_HOME", config_home);
    std::vector<const char*> argv{"dossier-search"};
    for (const std::string& word : words) argv.push_back(word.c_str());
    std::ostringstream out, err;
    SearchRun result;
    result.parsed = parse_search_options(static_cast<int>(argv.size()), argv.data(), out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

SearchRun run(const std::string& args) { return run(dossier::test::split_words(args)); }

const char* format_name(OutputFormat f) {
    switch (f) {
        case OutputFormat::text: return "text";
        case OutputFormat::json: return "json";
        case OutputFormat::jsonl: return "jsonl";
        case OutputFormat::csv: return "csv";
        case OutputFormat::paths: return "paths";
        case OutputFormat::paths0: return "paths0";
    }
    return "?";
}

const char* color_name(ColorMode c) {
    switch (c) {
        case ColorMode::automatic: return "auto";
        case ColorMode::always: return "always";
        case ColorMode::never: return "never";
    }
    return "?";
}

// "dbs=a|b;query=…;lang=…;format=…;color=…;limit=N;offset=N".
std::string describe(const dossier::searcher::SearchOptions& options) {
    const dossier::SearchRequest& r = options.request;
    return "dbs=" + join(r.databases) + ";query=" + r.query + ";lang=" + r.lang +
           ";format=" + format_name(options.format) + ";color=" + color_name(options.color) +
           ";limit=" + std::to_string(r.limit) + ";offset=" + std::to_string(r.offset);
}

}  // namespace

TEST_CASE("dossier-search --help prints usage on stdout and exits 0", "[search_options]") {
    const SearchRun r = run("--help");
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("Usage: dossier-search [OPTIONS] [QUERY...]"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("Exit status: 0 hits; 1 no hits"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("A query may hold at most 1000 words, 10 wildcards and 32768 bytes"));
    CHECK(r.err.empty());
}

TEST_CASE("dossier-search --version prints the version and exits 0", "[search_options]") {
    const SearchRun r = run("--version");
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK(r.out == "dossier-search " + std::string(dossier::kVersion) + "\n");
}

TEST_CASE("dossier-search options are collected for the run", "[search_options]") {
    // Row: arguments -> "dbs=a|b;query=…;lang=…;format=…;color=…;limit=N;offset=N".
    auto [args, expected] = GENERATE(table<std::string, std::string>({
        {"--db /a hack", "dbs=/a;query=hack;lang=;format=text;color=auto;limit=10;offset=0"},
        {"--db /a hack the planet",
         "dbs=/a;query=hack the planet;lang=;format=text;color=auto;limit=10;offset=0"},
        {"--db /a --db /b q", "dbs=/a|/b;query=q;lang=;format=text;color=auto;limit=10;offset=0"},
        {"--db /a q --db /b", "dbs=/a|/b;query=q;lang=;format=text;color=auto;limit=10;offset=0"},
        {"--db /a -f json -n 5 --offset 2 --color never x",
         "dbs=/a;query=x;lang=;format=json;color=never;limit=5;offset=2"},
        {"--db /a --format jsonl --limit 0 x",
         "dbs=/a;query=x;lang=;format=jsonl;color=auto;limit=0;offset=0"},
        {"--db /a --format paths --limit 100000 --color always x",
         "dbs=/a;query=x;lang=;format=paths;color=always;limit=100000;offset=0"},
        {"--db /a --format csv x", "dbs=/a;query=x;lang=;format=csv;color=auto;limit=10;offset=0"},
        {"--db /a -f paths0 x", "dbs=/a;query=x;lang=;format=paths0;color=auto;limit=10;offset=0"},
        {"--db /a --facets country", "dbs=/a;query=;lang=;format=text;color=auto;limit=10;offset=0"},
        {"--db /a --lang id x", "dbs=/a;query=x;lang=id;format=text;color=auto;limit=10;offset=0"},
        {"--db /a -- -russia china",
         "dbs=/a;query=-russia china;lang=;format=text;color=auto;limit=10;offset=0"},
    }));
    CAPTURE(args);
    const SearchRun r = run(args);
    CHECK(r.err == "");
    CHECK(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK(describe(r.parsed.options) == expected);
}

TEST_CASE("a query with quotes and operators reaches the search as typed", "[search_options]") {
    const SearchRun r = run(std::vector<std::string>{"--db", "/a", "\"Microsoft Exchange\"", "NOT", "lang:en"});
    REQUIRE(r.parsed.run);
    CHECK(r.parsed.options.request.query == "\"Microsoft Exchange\" NOT lang:en");
}

TEST_CASE("dossier-search usage errors exit 2 with a message on stderr", "[search_options]") {
    // Row: arguments -> the exact stderr text.
    auto [args, expected] = GENERATE(table<std::string, std::string>({
        {"--bogus x",
         "dossier-search: The following argument was not expected: --bogus\n"
         "Run 'dossier-search --help' for usage.\n"},
        {"--db /a", "dossier-search: QUERY is required\nRun 'dossier-search --help' for usage.\n"},
        {"--db /a --format xml q",
         "dossier-search: --format: xml not in {text,json,jsonl,csv,paths,paths0}\n"
         "Run 'dossier-search --help' for usage.\n"},
        {"--db /a --limit -1 q",
         "dossier-search: --limit: '-1' is not a number of results (0 or more)\n"
         "Run 'dossier-search --help' for usage.\n"},
        {"--db /a --limit 100001 q", "dossier-search: --limit 100001 is too large; the most is 100000\n"},
        {"--db /a --color blue q",
         "dossier-search: --color: blue not in {auto,always,never}\n"
         "Run 'dossier-search --help' for usage.\n"},
    }));
    CAPTURE(args);
    const SearchRun r = run(args);
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == expected);
}

TEST_CASE("dossier-search finds the database by --db, $DOSSIER_DB, then $XDG_DATA_HOME", "[search_options]") {
    // Row: $DOSSIER_DB, $XDG_DATA_HOME ("-" for unset), arguments -> databases joined by '|'.
    auto [dossier_db, xdg, args, expected] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"/env/db", "/xdg", "--db /given q", "/given"},
        {"/env/db", "/xdg", "q", "/env/db"},
        {"-", "/xdg", "q", "/xdg/dossier/index"},
    }));
    CAPTURE(dossier_db, xdg, args);
    const EnvGuard db_guard("DOSSIER_DB", dossier_db == "-" ? std::nullopt : std::optional(dossier_db));
    const EnvGuard xdg_guard("XDG_DATA_HOME", xdg == "-" ? std::nullopt : std::optional(xdg));
    const SearchRun r = run(args);
    CHECK(r.err == "");
    REQUIRE(r.parsed.run);
    CHECK(join(r.parsed.options.request.databases) == expected);
}

TEST_CASE("dossier-search --lang accepts what the indexer's --lang accepts", "[search_options]") {
    // The searcher keeps --lang as typed; run_search canonicalizes it before
    // opening any database. Row: --lang value -> what the search does with
    // a missing database: "database error" once the language is accepted,
    // else the exact usage error.
    auto [lang, expected] = GENERATE(table<std::string, std::string>({
        {"id", "database error"},
        {"EN", "database error"},
        {"Indonesian", "database error"},
        {"xx", "usage error: unknown language 'xx': give an ISO 639-1 code such as en, id, zh, ru, "
               "ar, fr, or an English language name such as Indonesian"},
    }));
    CAPTURE(lang);
    dossier::test::TempDir dir("search-lang");
    const SearchRun r = run("--db " + (dir.path() / "missing").string() + " --lang " + lang + " q");
    REQUIRE(r.parsed.run);
    CHECK(r.parsed.options.request.lang == lang);
    std::string outcome = "no error";
    try {
        dossier::run_search(r.parsed.options.request);
    } catch (const dossier::UsageError& e) {
        outcome = std::string("usage error: ") + e.what();
    } catch (const dossier::DatabaseError&) {
        outcome = "database error";
    }
    CHECK(outcome == expected);
}

TEST_CASE("an empty --db names no database and is a usage error", "[search_options]") {
    auto args = GENERATE(std::vector<std::string>{"--db", "", "q"},
                         std::vector<std::string>{"--db", "/a", "--db", "", "q"});
    CAPTURE(args);
    const SearchRun r = run(args);
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 2);
    CHECK(r.err == "dossier-search: --db needs a database folder; an empty value names none\n");
}

TEST_CASE("usage errors show what was typed with its control characters escaped", "[search_options]") {
    const SearchRun r = run(std::vector<std::string>{"--db", "/a", "--format", "\x1b]0;pwned\x07", "q"});
    CHECK(r.parsed.exit_code == 2);
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK_THAT(r.err, Catch::Matchers::StartsWith("dossier-search: --format: \\x1b]0;pwned\\x07 not in"));
}

TEST_CASE("a search without words or filters, or with impossible dates, fails before any database is opened",
          "[search_options]") {
    // Row: arguments (after --db MISSING) -> what run_search does: the exact
    // usage error, or "database error" once the request is accepted.
    const std::string empty_query =
        "usage error: the query is empty; give words to search for, or a filter (country:CN, --country CN, "
        "--since 2021, ...) to list the documents it lets through";
    auto [args, expected] = GENERATE_REF(table<std::vector<std::string>, std::string>({
        {{""}, empty_query},
        {{"   "}, empty_query},
        {{" \t\n "}, empty_query},
        {{"", "--country", "CN"}, "database error"},  // filters alone list what they let through
        {{"", "--facets", "country"}, "database error"},  // facet counts alone count every document
        {{"--facets", "country,year"}, "database error"},
        {{"", "--since", "2021"}, "database error"},
        {{"--lang", "id"}, "database error"},
        {{"--since", "2021-13-45"}, "usage error: --since 2021-13-45: there is no month 13; months are 01 to 12"},
        {{"--until", "2023-02-29", "q"}, "usage error: --until 2023-02-29: there is no day 29 in 2023-02: it has 28 days"},
        {{"--since", "2021-3", "q"},
         "usage error: --since 2021-3: give a date like 2021, 2021-03 or 2021-03-15, or one back from today: today, "
         "yesterday, 30d, 2w, 6m, 1y"},
        {{"--since", "2022", "--until", "2001", "q"},
         "usage error: --since 2022 is after --until 2001, so no date is in between; give the earlier date to --since"},
        {{"--since", "2021-05", "--until", "2021-05", "q"}, "database error"},
    }));
    CAPTURE(args);
    dossier::test::TempDir dir("search-checks");
    std::vector<std::string> full{"--db", (dir.path() / "missing").string()};
    full.insert(full.end(), args.begin(), args.end());
    const SearchRun r = run(full);
    REQUIRE(r.parsed.run);
    std::string outcome = "no error";
    try {
        dossier::run_search(r.parsed.options.request);
    } catch (const dossier::UsageError& e) {
        outcome = std::string("usage error: ") + e.what();
    } catch (const dossier::DatabaseError&) {
        outcome = "database error";
    }
    CHECK(outcome == expected);
}

TEST_CASE("dossier-search --help lists every countable facet and a filter option per entity facet", "[search_options]") {
    const SearchRun r = run("--help");
    CHECK_THAT(r.out,
               Catch::Matchers::Contains("Count these over all matches: country,org,incident,actor,lang,year,month,format"));
    for (const std::string option : {"--country", "--org", "--incident", "--actor"})
        CHECK_THAT(r.out, Catch::Matchers::Contains(option + " NAME"));
}

TEST_CASE("dossier-search --country, --org, --incident and --actor fill the request's filters", "[search_options]") {
    const SearchRun r = run("--country CN,RU --org NATO --incident wannacry --actor apt28");
    REQUIRE(r.parsed.run);
    const auto& filters = r.parsed.options.request.facet_filters;
    CHECK(filters.at(dossier::Facet::country) == std::vector<std::string>{"CN", "RU"});
    CHECK(filters.at(dossier::Facet::org) == std::vector<std::string>{"NATO"});
    CHECK(filters.at(dossier::Facet::incident) == std::vector<std::string>{"wannacry"});
    CHECK(filters.at(dossier::Facet::actor) == std::vector<std::string>{"apt28"});
}

TEST_CASE("a config file sets defaults, the command line wins and a db there wins over DOSSIER_DB",
          "[search_options][config]") {
    const dossier::test::TempDir dir("search-config");
    const std::string config = (dir.path() / "search.conf").string();
    {
        std::ofstream file(config);
        file << "# my defaults\nlimit = 20\nfacets = \"country,year\"\ndb = \"/from/config\"\n"
                "display-lang = \"id\"\nformat = json\n";
    }
    const EnvGuard db_guard("DOSSIER_DB", "/from/env");

    // (command line, CONFIG: the file) -> what the search gets
    auto [line, expected] = GENERATE(table<std::string, std::string>({
        {"--config CONFIG apt", "dbs=/from/config;query=apt;lang=;format=json;color=auto;limit=20;offset=0"},
        {"--config CONFIG --limit 3 --db /cli -f text apt",
         "dbs=/cli;query=apt;lang=;format=text;color=auto;limit=3;offset=0"},
        {"apt", "dbs=/from/env;query=apt;lang=;format=text;color=auto;limit=10;offset=0"},
    }));
    std::string args = line;
    if (const std::size_t at = args.find("CONFIG"); at != std::string::npos) args.replace(at, 6, config);
    const SearchRun r = run(args);
    INFO(args << "\n" << r.err);
    REQUIRE(r.parsed.run);
    CHECK(describe(r.parsed.options) == expected);
    if (args.find("--config") != std::string::npos) {
        CHECK(join(r.parsed.options.request.facets) == "country|year");
        CHECK(r.parsed.options.request.display_lang == "id");
    }
}

TEST_CASE("the config file in XDG_CONFIG_HOME is read, and a missing one is fine", "[search_options][config]") {
    const dossier::test::TempDir dir("search-xdg");
    CHECK(run({"apt"}, dir.path().string()).parsed.run);  // no dossier/search.conf there
    std::filesystem::create_directories(dir.path() / "dossier");
    std::ofstream(dir.path() / "dossier" / "search.conf") << "limit = 7\n";
    {
        const EnvGuard home("HOME", "/nonexistent");
        const EnvGuard xdg("XDG_CONFIG_HOME", dir.path().string());
        CHECK(dossier::searcher::default_config_path() == (dir.path() / "dossier" / "search.conf").string());
    }
    const SearchRun r = run({"apt"}, dir.path().string());
    REQUIRE(r.parsed.run);
    CHECK(r.parsed.options.request.limit == 7);
    CHECK(run({"--limit", "2", "apt"}, dir.path().string()).parsed.options.request.limit == 2);
}

TEST_CASE("an unknown key in a config file, or a missing --config file, is a usage error naming it",
          "[search_options][config]") {
    const dossier::test::TempDir dir("search-config-bad");
    const std::string config = (dir.path() / "search.conf").string();
    std::ofstream(config) << "limit = 5\ncolour = never\n";
    const SearchRun unknown = run({"--config", config, "apt"});
    CHECK_FALSE(unknown.parsed.run);
    CHECK(unknown.parsed.exit_code == 2);
    CHECK_THAT(unknown.err, Catch::Matchers::Contains("unknown key 'colour' in config file " + config));

    const std::string missing = (dir.path() / "missing.conf").string();
    const SearchRun absent = run({"--config", missing, "apt"});
    CHECK_FALSE(absent.parsed.run);
    CHECK(absent.parsed.exit_code == 2);
    CHECK_THAT(absent.err, Catch::Matchers::Contains(missing));
}

TEST_CASE("dossier-search --queries takes no query of its own and writes JSON only", "[search_options][batch]") {
    const SearchRun ok = run("--db /x --queries q.txt");
    REQUIRE(ok.parsed.run);
    CHECK(ok.parsed.options.queries == "q.txt");
    CHECK(run("--db /x --queries - --format jsonl").parsed.run);

    // command line -> what stderr must say
    auto [args, message] = GENERATE(table<std::string, std::string>({
        {"--db /x --queries q.txt apt", "give no QUERY with it"},
        {"--db /x --queries q.txt --format text", "--format text does not apply"},
        {"--db /x --queries q.txt --explain 3", "--queries and --explain cannot be used together"},
    }));
    const SearchRun r = run(args);
    INFO(args);
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains(message));
}
