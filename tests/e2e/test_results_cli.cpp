// SPDX-License-Identifier: MIT
// End-to-end tests of working through results (issue 19): --sort, --count,
// exact totals, --show and the keys results print, and --like, on a real
// database of JSON Lines records, the seed corpus and a two-page PDF.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

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
using nlohmann::json;

namespace {

const fs::path kFixtures = FIXTURES_DIR;

// Six records mentioning "zanzibarite": dated a day, a month, a year, not
// at all, and two on the same day whose scores tie (same length, one
// mention each), written r6 before r5 so that the document ids disagree
// with the keys. "brindlewort" appears three times in r1, once elsewhere.
// Then records on two subjects for --like: desalination (d1..d4, of
// different countries) and a sheep-shearing fair (s1, s2).
constexpr const char* kRecords =
    R"({"id":"r1","text":"zanzibarite brindlewort brindlewort brindlewort ledger","title":"One","lang":"en","date":"2021-03-04"})"
    "\n"
    R"({"id":"r2","text":"zanzibarite brindlewort survey of the northern quarry walls","title":"Two","lang":"en","date":"2023-05"})"
    "\n"
    R"({"id":"r3","text":"zanzibarite note on quarry output","title":"Three","lang":"en","date":"2022"})"
    "\n"
    R"({"id":"r4","text":"zanzibarite undated memo about storage","title":"Four","lang":"en"})"
    "\n"
    R"({"id":"r6","text":"zanzibarite gamma delta","title":"Six","lang":"en","date":"2022-07-01"})"
    "\n"
    R"({"id":"r5","text":"zanzibarite alpha beta","title":"Five","lang":"en","date":"2022-07-01"})"
    "\n"
    R"({"id":"d1","text":"The desalination plant at Port Kerrow stopped when brine clogged the reverse osmosis membranes and the intake pumps flooded; engineers replaced the membranes and drained the pump hall.","title":"Desalination plant stops","lang":"en","country":["DE"]})"
    "\n"
    R"({"id":"d2","text":"Reverse osmosis membranes at a coastal desalination plant clogged with brine again; the intake pumps were shut down while engineers cleaned the membranes.","title":"Membranes clogged","lang":"en","country":["RU"]})"
    "\n"
    R"({"id":"d3","text":"A new desalination plant opened with reverse osmosis membranes designed to resist brine clogging and pumps raised above flood level.","title":"New plant","lang":"en","country":["FR"]})"
    "\n"
    R"({"id":"d4","text":"Desalination output fell this year because the pumps aged and membranes wore out.","title":"Output fell","lang":"en","country":["FR"]})"
    "\n"
    R"({"id":"s1","text":"The sheep shearing fair drew farmers from three valleys; the fastest shearer took the wool prize.","title":"Shearing fair","lang":"en","country":["NZ"]})"
    "\n"
    R"({"id":"s2","text":"Wool prices rose after the shearing season; farmers sold fleeces at the valley fair.","title":"Wool prices","lang":"en","country":["NZ"]})"
    "\n";

// The records, the seed corpus and statement.pdf (two pages; the word
// "quartermaster" on the second), in one database built once.
struct Sample {
    TempDir tmp;
    fs::path db, docs, pdf;
    Sample() : db(tmp / "db"), docs(tmp / "docs"), pdf(docs / "statement.pdf") {
        dossier::test::copy_corpus(docs);
        fs::copy_file(kFixtures / "formats" / "statement.pdf", pdf);
        write_file(tmp / "records.jsonl", kRecords);
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"--db", db.string(), docs.string()},
              std::vector<std::string>{"--db", db.string(), "--jsonl", (tmp / "records.jsonl").string()}}) {
            const ProcessResult run = dossier::test::index(args);
            if (run.exit_code != 0) throw std::runtime_error("indexing failed: " + describe(run));
        }
    }
};

const Sample& sample() {
    static const Sample instance;
    return instance;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample().db, args); }

// The --format json result of `args`, failing the test unless it exits 0.
json search_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const ProcessResult run = search(args);
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    return json::parse(run.out);
}

// The hits' keys, joined by ' '.
std::string keys_of(const json& result) {
    std::string keys;
    for (const json& hit : result.at("hits")) keys += (keys.empty() ? "" : " ") + hit.at("key").get<std::string>();
    return keys;
}

}  // namespace

TEST_CASE("sorting newest and oldest order by date, undated last, ties by relevance then key", "[e2e][results]") {
    const json newest = search_json({"--sort", "newest", "zanzibarite"});
    CHECK(newest.at("sort") == "newest");
    CHECK(keys_of(newest) == "jsonl:r2 jsonl:r5 jsonl:r6 jsonl:r3 jsonl:r1 jsonl:r4");
    const json oldest = search_json({"--sort", "oldest", "zanzibarite"});
    CHECK(oldest.at("sort") == "oldest");
    CHECK(keys_of(oldest) == "jsonl:r1 jsonl:r3 jsonl:r5 jsonl:r6 jsonl:r2 jsonl:r4");
    // A page boundary inside the tie: the tie is still in key order.
    CHECK(keys_of(search_json({"--sort", "newest", "--offset", "2", "--limit", "1", "zanzibarite"})) == "jsonl:r6");
    CHECK(keys_of(search_json({"--sort", "newest", "--offset", "1", "--limit", "1", "zanzibarite"})) == "jsonl:r5");
}

TEST_CASE("relevance stays the default for words, filters alone list newest first", "[e2e][results]") {
    const json words = search_json({"brindlewort"});
    CHECK(words.at("sort") == "relevance");
    REQUIRE(!words.at("hits").empty());
    CHECK(words.at("hits").at(0).at("key") == "jsonl:r1");  // three mentions
    const json relevance = search_json({"--sort", "relevance", "zanzibarite"});
    CHECK(relevance.at("sort") == "relevance");
    // Filters alone have no relevance: newest first, the same-day tie by
    // key; files (2023-04-13, 2021-04-15) and records together.
    const std::string seed = (sample().docs / "004_51e65c8d9e533e62.txt").string(), pdf = sample().pdf.string();
    const json filters = search_json({"--since", "2021", "--until", "2023-12"});
    CHECK(filters.at("sort") == "newest");
    CHECK(keys_of(filters) == "jsonl:r2 " + seed + " jsonl:r5 jsonl:r6 jsonl:r3 " + pdf + " jsonl:r1");
    const json oldest_filters = search_json({"--sort", "oldest", "--since", "2021", "--until", "2023-12"});
    CHECK(keys_of(oldest_filters) == "jsonl:r1 " + pdf + " jsonl:r3 jsonl:r5 jsonl:r6 " + seed + " jsonl:r2");
    CHECK(keys_of(search_json({"--offset", "3", "--limit", "1", "--since", "2021", "--until", "2023-12"})) ==
          "jsonl:r6");
    const ProcessResult bad = search({"--sort", "size", "zanzibarite"});
    CHECK(bad.exit_code == 2);
}

TEST_CASE("counting with --count prints how many documents match and exits by whether any did", "[e2e][results]") {
    const ProcessResult some = search({"--count", "zanzibarite"});
    INFO(describe(some));
    CHECK(some.exit_code == 0);
    CHECK(some.out == "6\n");
    CHECK(search({"--count", "zanzibarite", "--since", "2022"}).out == "4\n");
    const ProcessResult none = search({"--count", "qqxyzzy"});
    CHECK(none.exit_code == 1);
    CHECK(none.out == "0\n");
}

TEST_CASE("an exact total is said as one, with the grammar of its number", "[e2e][results]") {
    const ProcessResult page = search({"zanzibarite"});
    INFO(describe(page));
    CHECK_THAT(page.out, Catch::StartsWith("6 documents match 'zanzibarite'; showing 1-6.\n"));
    const ProcessResult counted = search({"-n", "0", "zanzibarite"});
    CHECK(counted.exit_code == 0);
    CHECK(counted.out == "6 documents match 'zanzibarite'.\n");
    const ProcessResult one = search({"-n", "0", "quartermaster"});
    CHECK(one.exit_code == 0);
    CHECK(one.out == "1 document matches 'quartermaster'.\n");
    const ProcessResult none = search({"-n", "0", "qqxyzzy"});
    CHECK(none.exit_code == 1);
    CHECK(none.out == "No documents match 'qqxyzzy'.\n");
    const json exact = search_json({"-n", "0", "zanzibarite"});
    CHECK(exact.at("total_exact") == true);
    CHECK(exact.at("estimated_total") == 6);
    // Facets count every match, so their total is exact.
    const json faceted = search_json({"--facets", "country", "desalination"});
    CHECK(faceted.at("total_exact") == true);
    CHECK(faceted.at("estimated_total") == 4);
    // Facets alone count every document: said so, not "match ''".
    const ProcessResult all = search({"--facets", "lang", "-n", "0"});
    INFO(describe(all));
    CHECK_THAT(all.out, Catch::StartsWith("18 documents in the database.\n"));
    const ProcessResult filtered = search({"--since", "2023-05", "--until", "2023-12", "-n", "0"});
    CHECK_THAT(filtered.out, Catch::StartsWith("1 document matches the filters.\n"));
}

TEST_CASE("showing a document with --show prints a document whole, a PDF's pages marked", "[e2e][results]") {
    const std::string pdf = sample().pdf.string();
    const ProcessResult text = search({"--show", pdf});
    INFO(describe(text));
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::StartsWith("Joint Statement on the SolarWinds Compromise (id "));
    CHECK_THAT(text.out, Catch::Contains("\n  date: 2021-04-15 (a day, from the file's metadata)\n"));
    CHECK_THAT(text.out, Catch::Contains("\n  format: pdf\n"));
    CHECK_THAT(text.out, Catch::Contains("    RU (Russia) <- "));
    CHECK_THAT(text.out, Catch::Contains("\n--- page 1 ---\n"));
    const std::size_t page_two = text.out.find("\n--- page 2 ---\n");
    REQUIRE(page_two != std::string::npos);
    CHECK(text.out.find("quartermaster", page_two) != std::string::npos);
    CHECK(text.out.find("quartermaster") > page_two);  // only on page 2

    const json shown = search_json({"--show", pdf});
    CHECK(shown.at("key") == pdf);
    CHECK(shown.at("format") == "pdf");
    REQUIRE(shown.at("pages").size() == 2);
    CHECK_THAT(shown.at("pages").at(1).get<std::string>(), Catch::Contains("quartermaster"));
    CHECK(shown.at("pages").at(0).get<std::string>() + shown.at("pages").at(1).get<std::string>() ==
          shown.at("text").get<std::string>());

    const json record = search_json({"--show", "jsonl:r1"});
    CHECK(record.at("key") == "jsonl:r1");
    CHECK(record.at("text") == "zanzibarite brindlewort brindlewort brindlewort ledger");
    CHECK(record.at("pages").is_null());
    CHECK(record.at("date") == "2021-03-04");

    const ProcessResult missing = search({"--show", "jsonl:nope"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::StartsWith("dossier-search: --show jsonl:nope: no such document"));
}

TEST_CASE("show and explain take every key a result prints", "[e2e][results]") {
    // A PDF hit (its location has a page), a record and a file.
    for (const char* query : {"quartermaster", "brindlewort", "Blinken"}) {
        const json result = search_json({query});
        REQUIRE(!result.at("hits").empty());
        for (const json& hit : result.at("hits")) {
            const std::string key = hit.at("key");
            CHECK(key == hit.at("path"));
            for (const std::string& given :
                 {key, hit.at("location").get<std::string>(), std::to_string(hit.at("id").get<unsigned>())}) {
                for (const char* option : {"--show", "--explain"}) {
                    const ProcessResult run = search({"--format", "json", option, given});
                    INFO(option << " " << given << "\n" << describe(run));
                    REQUIRE(run.exit_code == 0);
                    CHECK(json::parse(run.out).at("path") == key);
                }
            }
        }
    }
    // The text output shows a file's path relative to where it ran.
    const ProcessResult relative = run_process(SEARCHER_EXE, {"--db", sample().db.string(), "--show",
                                               "docs/statement.pdf#page=2", "--format", "json"},
                                               {{"DOSSIER_DB", ""}}, sample().tmp.path());
    INFO(describe(relative));
    CHECK(relative.exit_code == 0);
}

TEST_CASE("more like this with --like ranks documents like one, without it, narrowed by filters and counted by facets",
          "[e2e][results]") {
    const json like = search_json({"--like", "jsonl:d1"});
    CHECK(like.at("like") == "jsonl:d1");
    REQUIRE(like.at("hits").size() >= 3);
    std::vector<std::string> top;
    for (std::size_t i = 0; i < 3; ++i) top.push_back(like.at("hits").at(i).at("key"));
    std::sort(top.begin(), top.end());
    CHECK(top == std::vector<std::string>{"jsonl:d2", "jsonl:d3", "jsonl:d4"});
    CHECK(keys_of(like).find("jsonl:d1") == std::string::npos);
    CHECK(keys_of(like).find("jsonl:s") == std::string::npos);  // nothing about sheep

    // Narrowed by a filter in the query, with facets over what is like it.
    const json narrowed = search_json({"--like", "jsonl:d1", "country:FR", "--facets", "country"});
    CHECK(keys_of(narrowed) == "jsonl:d3 jsonl:d4");
    CHECK(narrowed.at("facets").at("country").at("values").at(0).at("value") == "FR");
    CHECK(narrowed.at("facets").at("country").at("values").at(0).at("count") == 2);
    const json counted = search_json({"--like", "jsonl:d1", "--facets", "country", "-n", "0"});
    std::string countries;
    for (const json& value : counted.at("facets").at("country").at("values"))
        countries += " " + value.at("value").get<std::string>() + "=" + std::to_string(value.at("count").get<int>());
    CHECK_THAT(countries, Catch::Contains(" FR=2"));
    CHECK_THAT(countries, !Catch::Contains(" DE="));  // d1's own country: d1 is left out
    CHECK_THAT(countries, !Catch::Contains(" NZ="));  // the sheep
    // By the document's path, and with words that narrow.
    const ProcessResult text = search({"--like", "jsonl:d2", "engineers"});
    INFO(describe(text));
    CHECK_THAT(text.out, Catch::StartsWith("1 document like 'jsonl:d2' matches 'engineers'; showing 1-1.\n"));
    const ProcessResult missing = search({"--like", "jsonl:nope"});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::StartsWith("dossier-search: --like jsonl:nope: no such document"));
}

TEST_CASE("more like this leaves out the document's copies", "[e2e][results]") {
    const TempDir tmp;
    const fs::path docs = tmp / "docs", db = tmp / "db";
    dossier::test::copy_corpus(docs);
    const std::string seed = "000_cbda0d9f3f71e4c9.txt";
    fs::copy_file(docs / seed, docs / "copy-a.txt");
    fs::copy_file(docs / seed, docs / "copy-b.txt");
    REQUIRE(dossier::test::index({"--db", db.string(), docs.string()}).exit_code == 0);
    const ProcessResult like =
        dossier::test::search(db, {"--format", "paths", "--all-copies", "--like", (docs / "copy-a.txt").string()});
    INFO(describe(like));
    CHECK(like.exit_code == 0);
    CHECK(like.out.find(seed) == std::string::npos);
    CHECK(like.out.find("copy-") == std::string::npos);
    CHECK_THAT(like.out, Catch::Contains("002_f02ef9834c905904.txt"));  // the other Indonesian seed
}
