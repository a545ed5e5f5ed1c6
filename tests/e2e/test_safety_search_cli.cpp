// SPDX-License-Identifier: MIT
// Safety of the search side (issue 13): queries whose cost explodes,
// dates and ranges that cannot be, a query of nothing, --explain of a
// --jsonl record, and text from documents, file names and queries that
// would drive the user's terminal (ESC ]0;… BEL retitles the window,
// ESC [2J clears it) unless escaped.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::index;
using dossier::test::ProcessResult;
using dossier::test::search;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// What a hostile document puts in its title (first line) and text.
const std::string kRetitleAndClear = "\x1b]0;pwned\x07\x1b[2J";
const std::string kRetitleAndClearEscaped = "\\x1b]0;pwned\\x07\\x1b[2J";

// Three small documents, one of them hostile; built once per test run.
const TempDir& small_database() {
    static const TempDir tmp;
    static const bool built = [] {
        write_file(tmp / "docs" / "evil.txt", "Evil " + kRetitleAndClear + " title\n" +
                                                  "Stuxnet hit the centrifuges " + kRetitleAndClear +
                                                  " and rang the bell \x07 twice.\n");
        write_file(tmp / "docs" / "plain.txt",
                   "Cyber security in 2021\nThe cyber agency reported on Stuxnet and WannaCry.\n");
        write_file(tmp / "docs" / "other.txt", "Treaties\nRussia signs cyber treaties with China.\n");
        const ProcessResult run = index({"--db", (tmp / "db").string(), (tmp / "docs").string()});
        if (run.exit_code != 0) FAIL("indexing the small database failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

fs::path small_db() { return small_database() / "db"; }

// `count` distinct words that no document holds, short enough that 3000
// of them stay under the byte cap.
std::string words(std::size_t count) {
    std::string text;
    for (std::size_t i = 0; i < count; ++i) text += "w" + std::to_string(i) + " ";
    return text;
}

// Whether every ESC in `text` starts one of the renderer's own colour codes.
bool only_colour_codes(const std::string& text) {
    for (std::size_t at = text.find('\x1b'); at != std::string::npos; at = text.find('\x1b', at + 1)) {
        const std::string code = text.substr(at + 1, 3);
        if (code != "[1m" && code != "[2m" && code != "[0m") return false;
    }
    return true;
}

}  // namespace

TEST_CASE("a query of more words than the cap is refused at once, naming the limit", "[e2e][safety]") {
    // 10,000 words took 1.75 s and 40,000 about 30 s before the cap, even on
    // three documents: the matcher's time grows with the square of the words.
    const ProcessResult over = search(small_db(), {words(3000)});
    INFO(describe(over).substr(0, 2000));
    CHECK(over.exit_code == 2);
    CHECK(over.err ==
          "dossier-search: the query has 3000 words; at most 1000 are allowed (the time to match grows with the "
          "square of their number)\n");
    CHECK(over.out.empty());
    CHECK(over.seconds < 5);

    const ProcessResult at_cap = search(small_db(), {words(1000)});
    INFO(describe(at_cap).substr(0, 2000));
    CHECK(at_cap.exit_code == 1);  // an answer: no document holds them
    CHECK(at_cap.err.empty());
    CHECK(at_cap.seconds < 10);
}

TEST_CASE("a query longer than the byte cap is refused without echoing it", "[e2e][safety]") {
    const std::string long_query = "Stuxnet " + std::string(40000, 'x');
    const ProcessResult run = search(small_db(), {long_query});
    INFO(describe(run).substr(0, 2000));
    CHECK(run.exit_code == 2);
    CHECK(run.err == "dossier-search: the query is 40008 bytes long; at most 32768 are allowed\n");
}

TEST_CASE("an impossible date in --since, --until or date: is a usage error saying what is wrong",
          "[e2e][safety]") {
    using Row = std::tuple<std::vector<std::string>, std::string>;
    // arguments -> the whole of stderr
    auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>({
        Row{{"--since", "2021-13-45", "cyber"},
            "dossier-search: --since 2021-13-45: there is no month 13; months are 01 to 12\n"},
        Row{{"--until", "2021-02-29", "cyber"},
            "dossier-search: --until 2021-02-29: there is no day 29 in 2021-02: it has 28 days\n"},
        Row{{"--since", "2021-04-31"},
            "dossier-search: --since 2021-04-31: there is no day 31 in 2021-04: it has 30 days\n"},
        Row{{"date:2021-13-45.. cyber"}, "dossier-search: date:2021-13-45..: there is no month 13; months are 01 to 12\n"},
        Row{{"cyber date:..2023-02-30"},
            "dossier-search: date:..2023-02-30: there is no day 30 in 2023-02: it has 28 days\n"},
    }));
    const ProcessResult run = search(small_db(), args);
    INFO(describe(run));
    CHECK(run.exit_code == 2);
    CHECK(run.err == message);
    CHECK(run.out.empty());
}

TEST_CASE("a reversed date range is a usage error saying it is reversed", "[e2e][safety]") {
    const ProcessResult in_query = search(small_db(), {"date:2022..2001 cyber"});
    INFO(describe(in_query));
    CHECK(in_query.exit_code == 2);
    CHECK(in_query.err == "dossier-search: date:2022..2001: the range is reversed (2022 is after 2001); write the "
                          "earlier date first: date:2001..2022\n");

    const ProcessResult options = search(small_db(), {"--since", "2022", "--until", "2001", "cyber"});
    INFO(describe(options));
    CHECK(options.exit_code == 2);
    CHECK(options.err == "dossier-search: --since 2022 is after --until 2001, so no date is in between; give the "
                         "earlier date to --since\n");

    // Ends in the same period are no reversal.
    CHECK(search(small_db(), {"date:2000..2100-12 cyber"}).exit_code == 0);
}

TEST_CASE("an empty or blank query without filters is a usage error, filters alone still list",
          "[e2e][safety]") {
    auto blank = GENERATE(as<std::string>{}, "", "   ", " \t ");
    const ProcessResult run = search(small_db(), {blank});
    INFO(describe(run));
    CHECK(run.exit_code == 2);
    CHECK(run.err == "dossier-search: the query is empty; give words to search for, or a filter (country:CN, "
                     "--country CN, --since 2021, ...) to list the documents it lets through\n");
    CHECK(run.out.empty());

    // A query of filters alone lists every document they let through
    // (man dossier-search, DESCRIPTION): all three are dated by their files, this year.
    for (const std::vector<std::string>& filters :
         {std::vector<std::string>{"--since", "2000", "--format", "paths"},
          std::vector<std::string>{"date:2000..", "--format", "paths"},
          std::vector<std::string>{blank, "--since", "2000", "--format", "paths"}}) {
        const ProcessResult listed = search(small_db(), filters);
        INFO(describe(listed));
        CHECK(listed.exit_code == 0);
        CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 3);
    }
}

TEST_CASE("dossier-search --explain takes the key a --jsonl record's result shows as its path", "[e2e][safety]") {
    TempDir tmp;
    write_file(tmp / "records.jsonl",
               "{\"id\":5,\"title\":\"Record five\",\"text\":\"Stuxnet damaged centrifuges in Iran.\"}\n"
               "{\"id\":\"a/b\",\"title\":\"Record a/b\",\"text\":\"WannaCry spread in 2017.\"}\n");
    const ProcessResult indexed = index({"--db", (tmp / "db").string(), "--jsonl", (tmp / "records.jsonl").string()});
    REQUIRE(indexed.exit_code == 0);

    const ProcessResult found = search(tmp / "db", {"--format", "jsonl", "Stuxnet"});
    REQUIRE(found.exit_code == 0);
    const std::string key = nlohmann::json::parse(found.out)["path"];
    CHECK(key == "jsonl:5");

    const ProcessResult explained = search(tmp / "db", {"--explain", key});
    INFO(describe(explained));
    CHECK(explained.exit_code == 0);
    CHECK_THAT(explained.out, Catch::StartsWith("Record five (id "));
    CHECK_THAT(explained.out, Catch::Contains("\njsonl:5\n"));
    CHECK_THAT(explained.out, Catch::Contains("country:\n    IR (Iran) <- \"Iran\""));

    const ProcessResult slashed = search(tmp / "db", {"--explain", "jsonl:a/b", "--format", "json"});
    INFO(describe(slashed));
    CHECK(slashed.exit_code == 0);
    CHECK(nlohmann::json::parse(slashed.out)["title"] == "Record a/b");

    const ProcessResult missing = search(tmp / "db", {"--explain", "jsonl:6"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("or jsonl:ID for a record indexed with --jsonl"));
}

TEST_CASE("a hit whose title and text hold terminal commands is shown escaped, and exact in JSON",
          "[e2e][safety]") {
    auto color = GENERATE(as<std::string>{}, "never", "always");
    const ProcessResult text = search(small_db(), {"--color", color, "centrifuges"});
    INFO(describe(text));
    REQUIRE(text.exit_code == 0);
    CHECK(text.out.find('\x07') == std::string::npos);
    CHECK(only_colour_codes(text.out));
    CHECK_THAT(text.out, Catch::Contains("Evil " + kRetitleAndClearEscaped + " title"));
    CHECK_THAT(text.out, Catch::Contains(kRetitleAndClearEscaped + " and rang the bell \\x07 twice."));
    if (color == "never") CHECK(text.out.find('\x1b') == std::string::npos);
    else CHECK_THAT(text.out, Catch::Contains("\x1b[1mcentrifuges\x1b[0m " + kRetitleAndClearEscaped));

    const ProcessResult json = search(small_db(), {"--format", "json", "--color", color, "centrifuges"});
    REQUIRE(json.exit_code == 0);
    const nlohmann::json hit = nlohmann::json::parse(json.out)["hits"][0];
    CHECK(hit["title"] == "Evil " + kRetitleAndClear + " title");
    CHECK_THAT(hit["snippet"].get<std::string>(), Catch::Contains("centrifuges " + kRetitleAndClear));
    CHECK(json.out.find('\x1b') == std::string::npos);  // JSON escapes it as \u001b
}

TEST_CASE("queries and messages from dossier-search show control characters escaped", "[e2e][safety]") {
    const ProcessResult no_hits = search(small_db(), {"zzyzx\x1b[31m\x07"});
    INFO(describe(no_hits));
    CHECK(no_hits.exit_code == 1);
    CHECK(no_hits.out == "No documents match 'zzyzx\\x1b[31m\\x07'.\n");

    const ProcessResult bad_lang = search(small_db(), {"lang:" + kRetitleAndClear});
    INFO(describe(bad_lang));
    CHECK(bad_lang.exit_code == 2);
    CHECK_THAT(bad_lang.err, Catch::StartsWith("dossier-search: lang:" + kRetitleAndClearEscaped + ": unknown language"));
    CHECK(bad_lang.err.find('\x1b') == std::string::npos);

    const ProcessResult bad_option = search(small_db(), {"--format", "x\x1b[2J\ny", "cyber"});
    INFO(describe(bad_option));
    CHECK(bad_option.exit_code == 2);
    CHECK_THAT(bad_option.err, Catch::StartsWith("dossier-search: --format: x\\x1b[2J\\ny not in"));

    const ProcessResult no_explain = search(small_db(), {"--explain", "/no/such\x1b[2J"});
    CHECK(no_explain.exit_code == 2);
    CHECK_THAT(no_explain.err, Catch::StartsWith("dossier-search: --explain /no/such\\x1b[2J: no such document"));
}

TEST_CASE("dossier-index shows file names holding newlines and ESC escaped", "[e2e][safety]") {
    TempDir tmp;
    const std::string evil = "evil" + kRetitleAndClear + "\nfake line";
    write_file(tmp / "docs" / (evil + ".pdf"), "not a PDF at all");  // fails: always reported
    write_file(tmp / "docs" / (evil + ".txt"), "Stuxnet\nA fine document.\n");
    const ProcessResult run = index({"--db", (tmp / "db").string(), "-v", (tmp / "docs").string()});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK(run.err.find('\x1b') == std::string::npos);
    CHECK(run.err.find('\x07') == std::string::npos);
    const std::string shown = (tmp / "docs").string() + "/evil" + kRetitleAndClearEscaped + "\\nfake line";
    CHECK_THAT(run.err, Catch::Contains("dossier-index: " + shown + ".pdf: failed: "));
    CHECK_THAT(run.err, Catch::Contains("added " + shown + ".txt"));
    CHECK(run.err.find("\nfake line") == std::string::npos);  // no line of output forged

    // And its own errors, naming what the user gave.
    const ProcessResult missing =
        index({"--db", (tmp / "db").string(), "--jsonl", (tmp / ("records" + kRetitleAndClear)).string()});
    INFO(describe(missing));
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find('\x1b') == std::string::npos);
    CHECK_THAT(missing.err, Catch::Contains("records" + kRetitleAndClearEscaped));
}
