// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "base/version.h"
#include "searcher/options.h"
#include "searcher/render.h"
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

// Parses `args` (split at spaces) as dossier-search's command line.
SearchRun run(const std::vector<std::string>& words) {
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
        case OutputFormat::paths: return "paths";
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
         "dossier-search: --format: xml not in {text,json,jsonl,paths}\n"
         "Run 'dossier-search --help' for usage.\n"},
        {"--db /a --limit -1 q",
         "dossier-search: --limit: Value -1 not in range 0 to 100000\n"
         "Run 'dossier-search --help' for usage.\n"},
        {"--db /a --limit 100001 q",
         "dossier-search: --limit: Value 100001 not in range 0 to 100000\n"
         "Run 'dossier-search --help' for usage.\n"},
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
        {{"", "--since", "2021"}, "database error"},
        {{"--lang", "id"}, "database error"},
        {{"--since", "2021-13-45"}, "usage error: --since 2021-13-45: there is no month 13; months are 01 to 12"},
        {{"--until", "2023-02-29", "q"}, "usage error: --until 2023-02-29: there is no day 29 in 2023-02: it has 28 days"},
        {{"--since", "2021-3", "q"}, "usage error: --since 2021-3: give a date like 2021, 2021-03 or 2021-03-15"},
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

namespace {

// One hit whose title, path, snippet and query hold terminal commands.
dossier::SearchResult hostile_result() {
    dossier::SearchResult result;
    result.query = "Stuxnet\x1b[31m";
    result.estimated_total = 1;
    dossier::Hit hit;
    hit.rank = 1;
    hit.id = 7;
    hit.document.title = "Evil \x1b]0;pwned\x07\x1b[2J title\r\xC2\x9B";
    hit.document.path = "/docs/evil\nname\x1b.txt";
    hit.document.lang = "en";
    hit.snippet.text = "Stuxnet \x1b[2J hit\x07 \xFF";  // highlights count code points of this
    hit.snippet.highlights = {{0, 7}};
    result.hits.push_back(hit);
    return result;
}

std::string rendered(OutputFormat format, bool color, bool terminal) {
    dossier::searcher::RenderOptions options;
    options.format = format;
    options.color = color;
    options.terminal = terminal;
    std::ostringstream out;
    dossier::searcher::render(hostile_result(), dossier::SearchRequest{}, options, out);
    return out.str();
}

}  // namespace

TEST_CASE("text output escapes control characters in titles, paths, snippets and the query", "[render]") {
    const std::string plain = rendered(OutputFormat::text, false, true);
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.find('\x07') == std::string::npos);
    CHECK(plain.find('\r') == std::string::npos);
    CHECK_THAT(plain, Catch::Matchers::Contains("match 'Stuxnet\\x1b[31m'"));
    CHECK_THAT(plain, Catch::Matchers::Contains("1. Evil \\x1b]0;pwned\\x07\\x1b[2J title\\r\\u009b\n"));
    CHECK_THAT(plain, Catch::Matchers::Contains("   /docs/evil\\nname\\x1b.txt | no date | en | score"));
    CHECK_THAT(plain, Catch::Matchers::Contains("   Stuxnet \\x1b[2J hit\\x07 \\xff\n"));

    // The program's own colour codes still work around the escaped text.
    const std::string colored = rendered(OutputFormat::text, true, true);
    CHECK_THAT(colored, Catch::Matchers::Contains("\x1b[1m1. Evil \\x1b]0;pwned\\x07\\x1b[2J title\\r\\u009b\x1b[0m"));
    CHECK_THAT(colored, Catch::Matchers::Contains("   \x1b[1mStuxnet\x1b[0m \\x1b[2J hit\\x07 \\xff\n"));
}

TEST_CASE("JSON output keeps the exact text, escaped by JSON's rules", "[render]") {
    const auto hit = nlohmann::json::parse(rendered(OutputFormat::json, true, true))["hits"][0];
    CHECK(hit["title"] == "Evil \x1b]0;pwned\x07\x1b[2J title\r\xC2\x9B");
    CHECK(hit["path"] == "/docs/evil\nname\x1b.txt");
    CHECK(rendered(OutputFormat::jsonl, false, true).find('\x1b') == std::string::npos);
}

TEST_CASE("dossier-search --format paths escapes a path on a terminal and keeps its bytes for a pipe", "[render]") {
    CHECK(rendered(OutputFormat::paths, false, true) == "/docs/evil\\nname\\x1b.txt\n");
    CHECK(rendered(OutputFormat::paths, false, false) == "/docs/evil\nname\x1b.txt\n");
}
