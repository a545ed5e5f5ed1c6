// SPDX-License-Identifier: MIT
// End-to-end tests of dossier-search over a real database built by the
// real dossier-index from corpus/ (the five seeds) and the language
// fixtures in tests/fixtures/ (see its README.md).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
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

namespace {

// The database every test here reads; built once per test run.
const TempDir& sample_database() {
    static const TempDir tmp;
    static const bool built = [] {
        const fs::path docs = tmp / "docs";
        dossier::test::copy_corpus(docs);
        dossier::test::copy_language_fixtures(docs);
        const ProcessResult run = dossier::test::index({"--db", (tmp / "db").string(), docs.string()});
        if (run.exit_code != 0) FAIL("indexing the sample failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

// dossier-search on the sample database.
ProcessResult search(const std::vector<std::string>& args) {
    return dossier::test::search(sample_database() / "db", args);
}

// File names of the hits, in rank order, joined by '|'.
std::string ranked_names(const ProcessResult& run) {
    std::string names;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) {
        if (!names.empty()) names += '|';
        names += fs::path(line).filename().string();
    }
    return names;
}

std::string first_name(const ProcessResult& run) {
    const std::string names = ranked_names(run);
    return names.substr(0, names.find('|'));
}

}  // namespace

TEST_CASE("a distinctive word ranks its document first", "[e2e][search]") {
    // query -> the file that must rank first
    auto [query, expected] = GENERATE(table<std::string, std::string>({
        {"Khramov", "002_f02ef9834c905904.txt"},           // the Russia-treaties article
        {"Stuxnet", "004_51e65c8d9e533e62.txt"},           // the foreign-ministry briefing
        {"peretas kontrak", "000_cbda0d9f3f71e4c9.txt"},   // Indonesian: the Blinken article
        {"Hafnium", "001_13f1f25d5283cfc5.txt"},
    }));
    const ProcessResult run = search({"--format", "paths", query});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(first_name(run) == expected);
}

TEST_CASE("a phrase matches the documents containing it and no others", "[e2e][search]") {
    // 000 and 003 say "Microsoft Exchange"; 001 says "Microsoft's exchange
    // servers" and 004 "Microsoft, Yahoo": neither is the phrase.
    const ProcessResult run = search({"--format", "paths", "\"Microsoft Exchange\""});
    CHECK(run.exit_code == 0);
    std::string names = ranked_names(run);
    std::vector<std::string> found;
    for (std::size_t at = 0; at <= names.size();) {
        const std::size_t bar = std::min(names.find('|', at), names.size());
        found.push_back(names.substr(at, bar - at));
        at = bar + 1;
    }
    std::sort(found.begin(), found.end());
    CHECK(found == std::vector<std::string>{"000_cbda0d9f3f71e4c9.txt", "003_80cc6779974243da.txt"});
}

TEST_CASE("typographic quotes do not turn a query into a phrase", "[e2e][search]") {
    const ProcessResult straight = search({"--format", "paths", "\"Microsoft Exchange\""});
    const ProcessResult curly = search({"--format", "paths", "\u201CMicrosoft Exchange\u201D"});
    CHECK(curly.exit_code == 0);
    CHECK_THAT(ranked_names(curly), Catch::Contains("001_13f1f25d5283cfc5.txt"));
    CHECK(ranked_names(curly).size() > ranked_names(straight).size());
}

TEST_CASE("words match their inflections in each document's language", "[e2e][search][stemming]") {
    // query -> the fixture it must find (the fixture never has the query's
    // exact form; see tests/fixtures/README.md)
    auto [query, expected] = GENERATE(table<std::string, std::string>({
        {"атака", "ru_cyber.txt"},       // text: атаки, атаками, атакой
        {"хакер", "ru_cyber.txt"},       // text: хакеры, хакерами
        {"serang", "id_inflect.txt"},    // text: serangan, menyerang, penyerang
        {"retas", "id_inflect.txt"},     // text: peretasan, diretas
        {"attack", "en_plain.txt"},      // text: attacks, attacked, attacking
        {"hospital", "en_plain.txt"},    // text: hospitals
    }));
    const ProcessResult run = search({"--format", "paths", "--limit", "20", query});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK_THAT(ranked_names(run), Catch::Contains(expected));
}

TEST_CASE("questions and phrases in scripts without spaces are segmented into words", "[e2e][search][cjk]") {
    // query -> the only file it must find
    auto [query, expected] = GENERATE(table<std::string, std::string>({
        {"什么是关键基础设施的网络安全？", "zh_cyber.txt"},  // a question: words OR-ed
        {"美国黑客", "zh_cyber.txt"},                    // 美国 | 黑客, never adjacent in the text
        {"\"关键基础设施\"", "zh_cyber.txt"},             // a phrase of segmented words
        {"ความปลอดภัยไซเบอร์คืออะไร", "th_cyber.txt"},     // a Thai question
        {"แฮกเกอร์จีน", "th_cyber.txt"},
    }));
    // Words only: 美国 and จีน also name countries, which would add the
    // documents about them (test_query_language_cli).
    const ProcessResult run = search({"--format", "paths", "--no-expand", query});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(ranked_names(run) == expected);
}

TEST_CASE("a query mixing digits and CJK characters finds the Chinese text first", "[e2e][search][cjk]") {
    const ProcessResult run = search({"--format", "paths", "2023年网络安全"});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(first_name(run) == "zh_cyber.txt");
}

TEST_CASE("restricting with --lang keeps the search to one language", "[e2e][search]") {
    const ProcessResult all = search({"--format", "paths", "--limit", "50", "keamanan OR security"});
    const ProcessResult id = search({"--format", "paths", "--limit", "50", "--lang", "Indonesian",
                                     "keamanan OR security"});
    CHECK(all.exit_code == 0);
    CHECK(id.exit_code == 0);
    CHECK_THAT(ranked_names(all), Catch::Contains("004_51e65c8d9e533e62.txt"));
    CHECK_THAT(ranked_names(id), !Catch::Contains("004_51e65c8d9e533e62.txt"));
    CHECK_THAT(ranked_names(id), Catch::Contains("002_f02ef9834c905904.txt"));
}

TEST_CASE("boolean operators, love/hate, NEAR, title: and wildcards work", "[e2e][search]") {
    // query -> the files found, in rank order ('|'-joined)
    auto [query, expected] = GENERATE(table<std::string, std::string>({
        {"Stuxnet AND WannaCry", "004_51e65c8d9e533e62.txt"},
        {"Hafnium OR Khramov", "002_f02ef9834c905904.txt|001_13f1f25d5283cfc5.txt"},
        {"+Blinken -Hafnium", "000_cbda0d9f3f71e4c9.txt"},
        {"Stoltenberg NOT Hafnium", "003_80cc6779974243da.txt"},
        {"Khramov NEAR/3 Oleg", "002_f02ef9834c905904.txt"},
        {"title:Jeopardizing", "004_51e65c8d9e533e62.txt"},
        {"Khram*", "002_f02ef9834c905904.txt"},
    }));
    // Words only: WannaCry and Hafnium also name an incident and an actor.
    const ProcessResult run = search({"--format", "paths", "--no-expand", query});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(ranked_names(run) == expected);
}

TEST_CASE("JSON output (--format json) carries the documented fields", "[e2e][search][json]") {
    const ProcessResult run = search({"--format", "json", "--limit", "2", "Stuxnet virus"});
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    CHECK(result["version"] == 1);
    CHECK(result["query"] == "Stuxnet virus");
    CHECK_THAT(result["parsed"].get<std::string>(), Catch::Contains("Zstuxnet"));
    CHECK(result["estimated_total"].get<int>() >= 1);
    CHECK(result["offset"] == 0);
    CHECK(result["limit"] == 2);
    REQUIRE(result["hits"].size() >= 1);
    const nlohmann::json& hit = result["hits"][0];
    CHECK(hit["rank"] == 1);
    CHECK(hit["score"].get<double>() > 0);
    CHECK(hit["id"].get<int>() > 0);
    CHECK(fs::path(hit["path"].get<std::string>()).filename() == "004_51e65c8d9e533e62.txt");
    CHECK(hit["title"] == "Remarks by Foreign Ministry Spokesman on US Jeopardizing Global Cyber Security");
    CHECK(hit["date"] == "2023-04-13");
    CHECK(hit["date_source"] == "text");
    CHECK(hit["lang"] == "en");
    const std::string snippet = hit["snippet"];
    CHECK_THAT(snippet, Catch::Contains("Stuxnet virus"));
    // Highlights are code-point ranges of the snippet that hold the matches.
    REQUIRE(hit["highlights"].size() >= 2);
    const std::u32string wide = [&] {
        std::u32string out;
        for (std::size_t i = 0; i < snippet.size();) {
            const unsigned char c = static_cast<unsigned char>(snippet[i]);
            const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
            for (int k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(snippet[i + k]) & 0x3F);
            out += cp;
            i += static_cast<std::size_t>(n);
        }
        return out;
    }();
    std::vector<std::u32string> marked;
    for (const auto& range : hit["highlights"])
        marked.push_back(wide.substr(range[0].get<std::size_t>(),
                                     range[1].get<std::size_t>() - range[0].get<std::size_t>()));
    CHECK(std::find(marked.begin(), marked.end(), U"Stuxnet") != marked.end());
    CHECK(std::find(marked.begin(), marked.end(), U"virus") != marked.end());
}

TEST_CASE("JSON Lines output (--format jsonl) writes one hit object per line", "[e2e][search][json]") {
    const ProcessResult run = search({"--format", "jsonl", "China"});
    REQUIRE(run.exit_code == 0);
    std::istringstream lines(run.out);
    int rank = 0;
    for (std::string line; std::getline(lines, line);) {
        const nlohmann::json hit = nlohmann::json::parse(line);
        CHECK(hit["rank"] == ++rank);
        CHECK(hit.contains("snippet"));
    }
    CHECK(rank >= 3);
}

TEST_CASE("text output shows rank, title, path, date, language and a snippet", "[e2e][search]") {
    const ProcessResult plain = search({"Khramov"});
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("1. Rusia bermaksud menandatangani perjanjian"));
    CHECK_THAT(plain.out, Catch::Contains("002_f02ef9834c905904.txt | "));
    CHECK_THAT(plain.out, Catch::Contains(" | id | score "));
    CHECK_THAT(plain.out, Catch::Contains("Oleg Khramov menyebutkan"));
    CHECK(plain.out.find('\033') == std::string::npos);  // no colour when not a terminal

    const ProcessResult colored = search({"--color", "always", "Khramov"});
    CHECK_THAT(colored.out, Catch::Contains("Oleg \033[1mKhramov\033[0m menyebutkan"));
}

TEST_CASE("every exit status comes from the case that should produce it", "[e2e][search][exit]") {
    TempDir tmp;
    using Row = std::tuple<std::vector<std::string>, int, std::string>;
    // arguments (after --db SAMPLE unless they give their own) -> exit status, start of stderr
    auto [args, status, message] = GENERATE_REF(table<std::vector<std::string>, int, std::string>({
        Row{{"Stuxnet"}, 0, ""},
        Row{{"zzyzxnotaword"}, 1, ""},
        Row{{"--format", "xml", "Stuxnet"}, 2,
            "dossier-search: --format: xml not in {text,json,jsonl,csv,paths,paths0}"},
        Row{{"--limit", "-5", "Stuxnet"}, 2, "dossier-search: --limit"},
        Row{{"--lang", "xx", "Stuxnet"}, 2, "dossier-search: unknown language 'xx'"},
        Row{{"!!! ?\?\?"}, 2, "dossier-search: query '!!! ?\?\?' has no words to search for"},
        Row{{"lang:zz Stuxnet"}, 2, "dossier-search: lang:zz: unknown language 'zz'"},
        Row{{}, 2, "dossier-search: QUERY is required"},
        Row{{"--db", "/nonexistent/dossier", "Stuxnet"}, 3,
            "dossier-search: no dossier database at '/nonexistent/dossier'; create it with: dossier-index"},
    }));
    const ProcessResult run = search(args);
    INFO(describe(run));
    CHECK(run.exit_code == status);
    if (message.empty()) {
        CHECK(run.err.empty());
    } else {
        CHECK_THAT(run.err, Catch::StartsWith(message));
        CHECK(run.out.empty());
    }
}

TEST_CASE("a folder that is not a dossier database exits 3", "[e2e][search][exit]") {
    TempDir tmp;
    fs::create_directories(tmp / "empty");
    const ProcessResult run = run_process(SEARCHER_EXE, {"--db", (tmp / "empty").string(), "Stuxnet"});
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::StartsWith("dossier-search: cannot open database '" + (tmp / "empty").string()));
}

TEST_CASE("two databases are searched together with --db twice", "[e2e][search]") {
    TempDir tmp;
    dossier::test::write_file(tmp / "extra" / "note.txt", "Khramov met the delegation again.\n");
    REQUIRE(run_process(INDEXER_EXE, {"--db", (tmp / "db2").string(), (tmp / "extra").string()}).exit_code == 0);
    const ProcessResult run = run_process(
        SEARCHER_EXE, {"--db", (sample_database() / "db").string(), "--db", (tmp / "db2").string(),
                       "--format", "paths", "Khramov"});
    CHECK(run.exit_code == 0);
    CHECK_THAT(ranked_names(run), Catch::Contains("002_f02ef9834c905904.txt"));
    CHECK_THAT(ranked_names(run), Catch::Contains("note.txt"));
}

TEST_CASE("paging with --offset continues through the results", "[e2e][search]") {
    const ProcessResult first = search({"--format", "paths", "--limit", "2", "China"});
    const ProcessResult second = search({"--format", "paths", "--limit", "2", "--offset", "2", "China"});
    const ProcessResult all = search({"--format", "paths", "--limit", "4", "China"});
    CHECK(first.exit_code == 0);
    CHECK(second.exit_code == 0);
    CHECK(first.out + second.out == all.out);
}

TEST_CASE("hostile queries get an answer or a clear error, never a crash or a hang", "[e2e][search][exit]") {
    std::string thousand_words;  // the most a query may hold
    for (int i = 0; i < 1000; ++i) thousand_words += "word" + std::to_string(i) + " ";
    std::string three_thousand_words;
    for (int i = 0; i < 3000; ++i) three_thousand_words += "w" + std::to_string(i) + " ";
    std::string eleven_wildcards;
    for (int i = 0; i < 11; ++i) eleven_wildcards += "c* ";
    using Row = std::tuple<std::string, std::vector<std::string>, int, std::string>;
    // what -> arguments, exit status, start of stderr ("" for none)
    auto [what, args, status, message] = GENERATE_REF(table<std::string, std::vector<std::string>, int, std::string>({
        Row{"unbalanced quote", {"\"Stuxnet"}, 0, ""},
        Row{"unbalanced bracket", {"(Stuxnet OR WannaCry"}, 0, ""},
        Row{"stray closing bracket", {"Stuxnet)"}, 0, ""},
        Row{"control characters", {"Stux\x01net\x1b[31m"}, 1, ""},
        Row{"a lone wildcard", {"*"}, 2, "dossier-search: query '*' has no words to search for"},
        Row{"too many wildcards", {eleven_wildcards}, 2, "dossier-search: the query has 11 wildcards; at most 10"},
        Row{"1000 words", {"--limit", "1", thousand_words}, 1, ""},
        Row{"3000 words", {"--limit", "1", three_thousand_words}, 2,
            "dossier-search: the query has 3000 words; at most 1000 are allowed"},
        Row{"40 KB of query", {"--limit", "1", std::string(40000, 'x')}, 2,
            "dossier-search: the query is 40000 bytes long; at most 32768 are allowed"},
        Row{"absurd --limit", {"--limit", "99999999999", "Stuxnet"}, 2, "dossier-search: --limit"},
        Row{"absurd --offset", {"--offset", "99999999999", "Stuxnet"}, 2, "dossier-search: Could not convert: --offset"},
        Row{"offset past the end", {"--offset", "4000000000", "Stuxnet"}, 1, ""},
    }));
    INFO(what);
    const ProcessResult run = search(args);
    INFO(describe(run));
    CHECK(run.exit_code == status);  // -1 (killed after the 60 s timeout) would be a hang
    if (message.empty()) CHECK(run.err.empty());
    else CHECK_THAT(run.err, Catch::StartsWith(message));
}

namespace {

// The rows of RFC 4180 text: fields split at commas outside quotes, rows
// at CRLF outside quotes, "" in a quoted field read as one quote. Fails
// the test on a bare LF or CR outside quotes, or a stray quote.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            REQUIRE(field.empty());
            quoted = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
        } else if (c == '\r') {
            REQUIRE(i + 1 < text.size());
            REQUIRE(text[i + 1] == '\n');
            ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
        } else {
            REQUIRE(c != '\n');
            field += c;
        }
    }
    REQUIRE_FALSE(quoted);
    REQUIRE(field.empty());  // the last row ends in CRLF too
    REQUIRE(row.empty());
    return rows;
}

std::vector<nlohmann::json> json_lines(const std::string& out) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// A database of three documents holding "zebracorn": a text file whose
// name has a newline, another text file and an HTML page.
const TempDir& odd_names_database() {
    static const TempDir tmp;
    static const bool built = [] {
        const fs::path docs = tmp / "docs";
        dossier::test::write_file(docs / "two\nlines.txt", "A zebracorn report, from the first file.\n");
        dossier::test::write_file(docs / "plain.txt", "Another zebracorn report from the second file.\n");
        dossier::test::write_file(docs / "page.html",
                                  "<html><head><title>Zebracorn page</title></head>"
                                  "<body><p>The zebracorn on a web page.</p></body></html>\n");
        const ProcessResult run = dossier::test::index({"--db", (tmp / "db").string(), docs.string()});
        if (run.exit_code != 0) FAIL("indexing failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

}  // namespace

TEST_CASE("CSV output (--format csv) parses back to a header and a row per hit", "[e2e][search][csv]") {
    // China as a word (--no-expand): every hit then scores.
    const ProcessResult csv = search({"--format", "csv", "--limit", "1000", "--no-expand", "China"});
    INFO(describe(csv));
    REQUIRE(csv.exit_code == 0);
    const std::vector<std::vector<std::string>> rows = parse_csv(csv.out);
    REQUIRE(!rows.empty());
    CHECK(rows[0] == std::vector<std::string>{"rank", "score", "date", "lang", "title", "location", "url", "source",
                                              "country", "incident", "actor", "org"});
    // A row per hit, in the order and with the values JSON Lines gives.
    const std::vector<nlohmann::json> hits =
        json_lines(search({"--format", "jsonl", "--limit", "1000", "--no-expand", "China"}).out);
    REQUIRE(hits.size() >= 3);
    REQUIRE(rows.size() == hits.size() + 1);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        const std::vector<std::string>& row = rows[i + 1];
        INFO("row " << i + 1);
        REQUIRE(row.size() == 12);
        CHECK(row[0] == std::to_string(i + 1));
        CHECK(std::stod(row[1]) > 0);
        CHECK(row[3] == hits[i]["lang"]);
        CHECK(row[4] == hits[i]["title"]);
        CHECK(row[5] == hits[i]["location"]);
        std::string countries;
        for (const auto& id : hits[i]["entities"]["country"])
            countries += (countries.empty() ? "" : ";") + id.get<std::string>();
        CHECK(row[8] == countries);
    }
    // Some hit names more than one country: the list is joined by ';'.
    CHECK(std::any_of(rows.begin() + 1, rows.end(),
                      [](const std::vector<std::string>& row) { return row[8].find(';') != std::string::npos; }));
}

TEST_CASE("paths0 output (--format paths0) keeps a file name with a newline for xargs -0", "[e2e][search]") {
    const fs::path db = odd_names_database() / "db";
    const ProcessResult run = dossier::test::search(db, {"--format", "paths0", "zebracorn"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    REQUIRE(!run.out.empty());
    CHECK(run.out.back() == '\0');
    std::set<std::string> names;
    std::istringstream paths(run.out);
    for (std::string path; std::getline(paths, path, '\0');) {
        CHECK(fs::exists(path));
        names.insert(fs::path(path).filename().string());
    }
    CHECK(names == std::set<std::string>{"two\nlines.txt", "plain.txt", "page.html"});
    // Newline-separated paths cannot tell that name from two.
    const ProcessResult lines = dossier::test::search(db, {"--format", "paths", "zebracorn"});
    CHECK(std::count(lines.out.begin(), lines.out.end(), '\n') == 4);
}

TEST_CASE("JSON Lines output with --facets ends in one line of the facet counts", "[e2e][search][json]") {
    const ProcessResult run = search({"--format", "jsonl", "--facets", "country,year", "China"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const std::vector<nlohmann::json> lines = json_lines(run.out);
    REQUIRE(lines.size() >= 2);
    for (const nlohmann::json& line : lines) CHECK(line["version"] == 1);
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK(lines[i]["rank"] == i + 1);
    const nlohmann::json& last = lines.back();
    CHECK(last.size() == 2);
    CHECK_FALSE(last.contains("rank"));
    const nlohmann::json json =
        nlohmann::json::parse(search({"--format", "json", "--facets", "country,year", "China"}).out);
    CHECK(last["facets"] == json["facets"]);
    CHECK(last["facets"]["country"]["values"].size() >= 1);
}

TEST_CASE("facet counts without a query count over every document", "[e2e][search][facets]") {
    const fs::path db = sample_database() / "db";
    const Xapian::doccount documents = dossier::test::document_count(db);

    const ProcessResult text = search({"--facets", "country"});
    INFO(describe(text));
    CHECK(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("Facets (all matching documents):\n  country: "));
    CHECK_THAT(text.out, Catch::Contains("China (CN) "));

    const ProcessResult json = search({"--format", "json", "--facets", "country,year", "--limit", "1000"});
    REQUIRE(json.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(json.out);
    CHECK(result["estimated_total"] == documents);
    CHECK(result["hits"].size() == documents);
    Xapian::doccount dated = 0;
    for (const auto& year : result["facets"]["year"]["values"]) dated += year["count"].get<Xapian::doccount>();
    CHECK(dated >= 1);
    CHECK(dated <= documents);

    // No hits shown, only the counts: what matched decides the exit status.
    const ProcessResult counts_only = search({"-n", "0", "--facets", "country"});
    CHECK(counts_only.exit_code == 0);
    CHECK_THAT(counts_only.out, Catch::Contains("  country: "));
    CHECK_THAT(counts_only.out, Catch::Contains("China (CN) "));

    // Without --facets an empty query is still an error.
    CHECK(search({}).exit_code == 2);
    CHECK(search({""}).exit_code == 2);
}

TEST_CASE("the format facet counts documents by file format", "[e2e][search][facets]") {
    const fs::path db = odd_names_database() / "db";
    const ProcessResult run = dossier::test::search(db, {"--format", "json", "--facets", "format,lang"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const nlohmann::json facets = nlohmann::json::parse(run.out)["facets"];
    CHECK(facets["format"]["values"] == nlohmann::json::parse(R"([{"value":"text","name":"text","count":2},
                                                                  {"value":"html","name":"html","count":1}])"));
    // Within a query's matches too, and with the same counts as a filter.
    const ProcessResult html = dossier::test::search(db, {"--format", "json", "--facets", "format", "web"});
    REQUIRE(html.exit_code == 0);
    CHECK(nlohmann::json::parse(html.out)["facets"]["format"]["values"] ==
          nlohmann::json::parse(R"([{"value":"html","name":"html","count":1}])"));
}
