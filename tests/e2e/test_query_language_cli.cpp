// SPDX-License-Identifier: MIT
// End-to-end tests of the query language (issue 19): hyphenated words,
// unknown fields and the source: and path: filters, language names in
// other languages, one-day and relative dates, a word to leave out typed
// unquoted, and names of countries, organisations, incidents and actors in
// free text, through the real binaries on the sample corpus and a few
// files written here.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::TempDir;

namespace {

// Today less `days`, on this machine's calendar, as "YYYY-MM-DD".
std::string days_ago(int days) {
    const std::time_t now = std::time(nullptr) - static_cast<std::time_t>(days) * 24 * 3600;
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    std::strftime(date, sizeof date, "%Y-%m-%d", &local);
    return date;
}

std::string front_matter(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& text) {
    std::string out = "---\n";
    for (const auto& [key, value] : fields) out += key + ": " + value + "\n";
    return out + "---\n" + text;
}

// The sample corpus (corpus/, in docs/corpus) and files of each case.
struct Sample {
    TempDir tmp;
    fs::path db;
    fs::path docs;
    Sample() : db(tmp / "db"), docs(tmp / "docs") {
        dossier::test::copy_corpus(docs / "corpus");
        const auto write = [this](const std::string& name, const std::string& text) {
            dossier::test::write_file(docs / name, text);
        };
        // Hyphenated words: the document writes the parts apart, or glued.
        write("de/apart.txt", front_matter({{"lang", "de"}},
                                           "Die Übertragungsrechte gehören jetzt zum Sportportfolio von BSkyB, "
                                           "teilte der Sender am Montag mit.\n"));
        write("de/glued.txt", front_matter({{"lang", "de"}},
                                           "Das BSkyB-Sportportfolio wächst weiter, sagte der Sender.\n"));
        write("nl/aanval.txt", front_matter({{"lang", "nl"}},
                                            "De aanval op het ministerie kwam volgens de dienst uit het buitenland.\n"));
        write("id/serangan.txt", front_matter({{"lang", "id"}},
                                              "Bank itu melaporkan satu serangan terhadap jaringan pada malam hari.\n"));
        // Where a document came from.
        write("sources/statement.txt",
              front_matter({{"title", "Spokesperson's remarks"},
                            {"source", "Ministry of Foreign Affairs"},
                            {"url", "https://www.fmprc.gov.cn/eng/xw/fyrbt/202304/t20230413.html"}},
                           "The spokesperson answered questions on cyber security.\n"));
        write("sources/mention.txt", "The remarks were first posted on fmprc.gov.cn and widely shared.\n");
        // A name in free text, written out; and an actor by its id.
        write("names/tiongkok.txt", front_matter({{"lang", "id"}},
                                                 "Tiongkok membantah tuduhan peretasan terhadap kementerian itu.\n"));
        write("names/apt28.txt", "APT28 targeted the mail servers of the ministry in a phishing campaign.\n");
        // Dated a little and a while ago, for relative dates.
        write("dated/recent.txt",
              front_matter({{"date", days_ago(10)}}, "Quarterly threat summary: phishing rose sharply among banks.\n"));
        write("dated/older.txt", front_matter({{"date", days_ago(100)}},
                                              "Quarterly review of ransomware incidents at hospitals and schools.\n"));
        const ProcessResult run = dossier::test::index({"--db", db.string(), docs.string()});
        if (run.exit_code != 0) throw std::runtime_error("indexing failed: " + describe(run));
    }
};

const Sample& sample() {
    static const Sample instance;
    return instance;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample().db, args); }

// The file names the search finds (cli.h names_found).
std::string found(const std::vector<std::string>& args) { return dossier::test::names_found(sample().db, args); }

// The file names in rank order, joined by '|'.
std::string ranked(std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json", "--limit", "100"});
    const ProcessResult run = search(args);
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    std::string names;
    for (const auto& hit : result.at("hits"))
        names += (names.empty() ? "" : "|") + fs::path(hit.at("path").get<std::string>()).filename().string();
    return names;
}

const std::string kCorpusChina =  // the sample corpus files about China (country:Tiongkok)
    "000_cbda0d9f3f71e4c9.txt|001_13f1f25d5283cfc5.txt|003_80cc6779974243da.txt|004_51e65c8d9e533e62.txt";

}  // namespace

TEST_CASE("a hyphenated word finds its parts written apart, and ranks them written together first",
          "[query-language]") {
    CHECK(ranked({"BSkyB-Sportportfolio"}) == "glued.txt|apart.txt");
    // Dutch and an Indonesian reduplication ("attacks"): the parts alone.
    CHECK(found({"lang:nl", "cyber-aanval"}) == "aanval.txt");
    CHECK(found({"lang:id", "serangan-serangan"}) == "002_f02ef9834c905904.txt|serangan.txt");
    // Quoted, it is still the exact phrase.
    CHECK(found({"\"BSkyB-Sportportfolio\""}) == "glued.txt");
}

TEST_CASE("source: finds the documents from a site or source, not the words", "[query-language]") {
    CHECK(found({"source:fmprc.gov.cn"}) == "statement.txt");
    CHECK(found({"source:https://www.fmprc.gov.cn/eng/"}) == "statement.txt");
    CHECK(found({"source:gov.cn"}) == "statement.txt");
    CHECK(found({"source:\"ministry of foreign affairs\""}) == "statement.txt");
    CHECK(found({"source:reuters.com"}).empty());
    // As words (quoted), the other file.
    CHECK(found({"\"fmprc.gov.cn\""}) == "mention.txt");
}

TEST_CASE("path: finds the documents below a folder", "[query-language]") {
    CHECK(found({"path:" + (sample().docs / "sources").string()}) == "mention.txt|statement.txt");
    CHECK(found({"path:" + (sample().docs / "sources/").string(), "remarks"}) == "mention.txt|statement.txt");
    CHECK(found({"path:" + (sample().docs / "sources" / "mention.txt").string()}) == "mention.txt");
    CHECK(found({"path:" + (sample().docs / "nowhere").string()}).empty());
}

TEST_CASE("an unknown field is a query error naming the fields, while 12:30 and URLs stay words",
          "[query-language]") {
    const ProcessResult run = search({"sourc:fmprc.gov.cn"});
    CHECK(run.exit_code == 2);
    CHECK(run.err ==
          "dossier-search: unknown field 'sourc:' in 'sourc:fmprc.gov.cn'; the fields are title, lang, year, "
          "format, country, org, incident, actor, date, source, path, added (to search for the words, quote "
          "them: \"sourc:fmprc.gov.cn\")\n");
    CHECK(found({"12:30"}) == "004_51e65c8d9e533e62.txt");
    CHECK(search({"https://www.fmprc.gov.cn/eng/"}).exit_code != 2);
}

TEST_CASE("lang: takes a language's name in other languages", "[query-language]") {
    CHECK(found({"lang:indonesia", "serangan"}) == "002_f02ef9834c905904.txt|serangan.txt");
    CHECK(found({"lang:Inggris", "phishing"}) == "apt28.txt|recent.txt");
    CHECK(found({"lang:allemand", "Sender"}) == "apart.txt|glued.txt");
}

TEST_CASE("an unknown --display-lang is a usage error", "[query-language]") {
    const ProcessResult run = search({"--display-lang", "xx", "--facets", "country", "cyber"});
    CHECK(run.exit_code == 2);
    CHECK(run.err.starts_with("dossier-search: --display-lang xx: unknown language 'xx'"));
    CHECK(search({"--display-lang", "Indonesian", "--facets", "country", "cyber"}).exit_code == 0);
}

TEST_CASE("date: takes one day, and impossible dates say what is wrong", "[query-language]") {
    CHECK(found({"date:2023-04-13"}) == "004_51e65c8d9e533e62.txt");
    CHECK(found({"date:2023-13"}) == "exit 2: dossier-search: date:2023-13: there is no month 13; months are 01 to 12\n");
    CHECK(found({"date:2024-02-30"}) ==
          "exit 2: dossier-search: date:2024-02-30: there is no day 30 in 2024-02: it has 29 days\n");
    CHECK(found({"date:2024..2020"}) == "exit 2: dossier-search: date:2024..2020: the range is reversed (2024 is "
                                        "after 2020); write the earlier date first: date:2020..2024\n");
}

TEST_CASE("relative dates work in date: and --since/--until", "[query-language]") {
    CHECK(found({"--since", "30d", "quarterly"}) == "recent.txt");
    CHECK(found({"--since", "2w", "quarterly"}) == "recent.txt");
    CHECK(found({"--since", "1y", "quarterly"}) == "older.txt|recent.txt");
    CHECK(found({"--until", "1m", "quarterly"}) == "older.txt");
    CHECK(found({"--since", "6m", "--until", "yesterday", "quarterly"}) == "older.txt|recent.txt");
    CHECK(found({"date:30d", "quarterly"}) == "recent.txt");
    CHECK(found({"date:6m..30d", "quarterly"}) == "older.txt");
    CHECK(found({"date:" + days_ago(10), "quarterly"}) == "recent.txt");
    CHECK(found({"date:today", "quarterly"}).empty());
    CHECK(found({"--since", "5x", "quarterly"}).starts_with("exit 2: dossier-search: --since 5x: give a date like"));
}

TEST_CASE("a word to leave out typed unquoted says to quote the query or use --", "[query-language]") {
    const ProcessResult run = search({"cyber", "-Blinken"});
    CHECK(run.exit_code == 2);
    CHECK(run.err == "dossier-search: -Blinken is not an option; to leave out a word, quote the whole query "
                     "(dossier-search 'cyber -Blinken') or put -- before it (dossier-search -- cyber -Blinken)\n");
    CHECK(found({"--", "cyber", "-Blinken"}) == "003_80cc6779974243da.txt|004_51e65c8d9e533e62.txt|statement.txt");
}

TEST_CASE("a country named in free text in any language finds the documents about it", "[query-language]") {
    const std::string about_china = found({"country:Tiongkok"});
    REQUIRE(about_china == kCorpusChina + "|tiongkok.txt");
    for (const std::string name : {"Tiongkok", "Китай", "中国", "China"}) {
        CAPTURE(name);
        CHECK(found({name}) == about_china);
    }
    // The document with the word itself ranks first.
    CHECK(ranked({"Tiongkok"}).starts_with("tiongkok.txt|"));
    // In lower case a word is taken as written.
    CHECK(found({"tiongkok"}) == "tiongkok.txt");
    CHECK(found({"--no-expand", "Tiongkok"}) == "tiongkok.txt");
    // Facets count the same documents (the counting pass reads the query too).
    const ProcessResult counted = search({"--format", "json", "--facets", "country", "Tiongkok"});
    INFO(describe(counted));
    REQUIRE(counted.exit_code == 0);
    CHECK(nlohmann::json::parse(counted.out).at("estimated_total") == 5);
}

TEST_CASE("Chinese hackers contract finds the Indonesian article on contracted criminal hackers",
          "[query-language]") {
    CHECK(found({"lang:id", "Chinese hackers contract"}) == "000_cbda0d9f3f71e4c9.txt|tiongkok.txt");
    CHECK(found({"--no-expand", "lang:id", "Chinese hackers contract"}).empty());
}

TEST_CASE("incidents and actors named in free text find the documents carrying them", "[query-language]") {
    CHECK(found({"Fancy Bear"}) == "apt28.txt");
    CHECK(found({"ProxyLogon"}) == found({"incident:ProxyLogon"}));
    CHECK_FALSE(found({"ProxyLogon"}).empty());
    // The JSON's parsed query shows the expansion.
    const ProcessResult run = search({"--format", "json", "Fancy Bear"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    CHECK(nlohmann::json::parse(run.out).at("parsed").get<std::string>().find("XAapt28") != std::string::npos);
}
