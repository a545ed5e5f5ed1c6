// SPDX-License-Identifier: MIT
// End-to-end tests of facets: extraction at index time, filters, counts
// and --explain, through the real binaries.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

#include "../skip.h"
#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;

namespace {

// Two databases: the seeds in one, the language fixtures in the other.
struct FacetSample {
    TempDir tmp;
    fs::path seeds_db, fixtures_db;
    FacetSample() : seeds_db(tmp / "seeds-db"), fixtures_db(tmp / "fixtures-db") {
        dossier::test::copy_corpus(tmp / "seeds");
        dossier::test::copy_language_fixtures(tmp / "fixtures");
        for (const auto& [folder, db] : {std::pair{tmp / "seeds", seeds_db}, std::pair{tmp / "fixtures", fixtures_db}}) {
            const ProcessResult run = dossier::test::index({"--db", db.string(), folder.string()});
            if (run.exit_code != 0) throw std::runtime_error("indexing failed: " + dossier::test::describe(run));
        }
    }
};

const FacetSample& sample() {
    static const FacetSample instance;
    return instance;
}

ProcessResult search_both(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", sample().seeds_db.string(), "--db", sample().fixtures_db.string()});
    return run_process(SEARCHER_EXE, args, {{"DOSSIER_DB", ""}});
}

using dossier::test::file_names_of;

// facet -> sorted ids, each facet as "facet=ID,ID" joined by ' '.
std::string explained_facets(const std::string& file) {
    const ProcessResult run = search_both({"--format", "json", "--explain", file});
    if (run.exit_code != 0) return "exit " + std::to_string(run.exit_code) + ": " + run.err;
    const nlohmann::json explanation = nlohmann::json::parse(run.out);
    std::string out;
    for (const char* facet : {"country", "org", "incident", "actor"}) {
        std::string ids;
        if (explanation["facets"].contains(facet))
            for (const auto& value : explanation["facets"][facet]) ids += (ids.empty() ? "" : ",") + value["value"].get<std::string>();
        out += (out.empty() ? "" : " ") + std::string(facet) + "=" + ids;
    }
    return out;
}

}  // namespace

TEST_CASE("each seed gets the countries, orgs, incidents and actors a careful reader lists", "[e2e][facets]") {
    // file -> expected facets (format: see explained_facets)
    auto [file, expected] = GENERATE(table<std::string, std::string>({
        // Indonesian: AS/Amerika Serikat, RRC/Republik Rakyat China and the
        // MSS, the allies' statement (Britania Raya ... Jepang); the typo
        // "MMS" is not the MSS and names nothing.
        {"000_cbda0d9f3f71e4c9.txt",
         "country=AU,CA,CN,GB,JP,NZ,US org=EU,NATO incident=exchange-2021 actor="},
        // English op-ed: China/Beijing/PRC, the US, Britain, Hong Kong; the
        // G-7 summit; the Exchange servers and Hafnium.
        {"001_13f1f25d5283cfc5.txt",
         "country=CN,GB,HK,US org=G7,NATO incident=exchange-2021 actor=hafnium"},
        // Indonesian: Russia's treaty partners and the Colonial Pipeline hack.
        {"002_f02ef9834c905904.txt",
         "country=FR,ID,IR,KG,NI,RU,US,UZ org=BRICS,CSTO,SCO incident=colonial-pipeline actor="},
        // English: the joint attribution and the Ebola-research charges.
        {"003_80cc6779974243da.txt",
         "country=AU,CA,CN,DE,FR,GB,GR,IT,JP,NL,NZ,RU,US org=EU,NATO incident=apt40-indictment-2021,exchange-2021 actor="},
        // The foreign-ministry briefing: its list of US operations.
        {"004_51e65c8d9e533e62.txt",
         "country=CN,DE,IR,KR,RU,UA,US org= incident=camberdada,prism,stuxnet,wannacry actor="},
    }));
    CAPTURE(file);
    CHECK(explained_facets((sample().tmp / "seeds" / file).string()) == expected);
}

TEST_CASE("Chinese, Russian and Arabic texts are faceted in their own scripts", "[e2e][facets]") {
    auto [file, countries] = GENERATE(table<std::string, std::string>({
        {"zh_cyber.txt", "CN,RU,US"},
        {"ru_cyber.txt", "CN,RU,US"},
        {"ar_cyber.txt", "CN,RU,US"},
    }));
    CAPTURE(file);
    const std::string facets = explained_facets((sample().tmp / "fixtures" / file).string());
    CHECK_THAT(facets, Catch::StartsWith("country=" + countries + " "));
    if (file == "zh_cyber.txt") CHECK_THAT(facets, Catch::Contains("incident=stuxnet,wannacry"));
}

TEST_CASE("country:CN written as any alias selects the same documents", "[e2e][facets]") {
    const ProcessResult by_code = search_both({"--format", "paths", "--limit", "100", "country:CN"});
    REQUIRE(by_code.exit_code == 0);
    const std::string expected = file_names_of(by_code);
    CHECK_THAT(expected, Catch::Contains("000_cbda0d9f3f71e4c9.txt"));
    CHECK_THAT(expected, Catch::Contains("zh_cyber.txt"));
    auto alias = GENERATE(as<std::vector<std::string>>{}, std::vector<std::string>{"country:Tiongkok"},
                          std::vector<std::string>{"country:中国"}, std::vector<std::string>{"country:cn"},
                          std::vector<std::string>{"country:\"Republik Rakyat China\""},
                          std::vector<std::string>{"country:Китай"}, std::vector<std::string>{"--country", "PRC"});
    const ProcessResult run = search_both([&] {
        std::vector<std::string> args{"--format", "paths", "--limit", "100"};
        args.insert(args.end(), alias.begin(), alias.end());
        return args;
    }());
    CAPTURE(alias);
    CHECK(run.exit_code == 0);
    CHECK(file_names_of(run) == expected);
}

TEST_CASE("facet counts over one or two databases equal a brute-force count of the matches", "[e2e][facets]") {
    auto query = GENERATE(std::string("cyber OR siber OR 网络 OR кибер OR الهجمات OR ไซเบอร์"), std::string("country:US"),
                          std::string("China"));
    // Two databases are counted in one pass; one database in threads of
    // their own while the ranked pass runs.
    const bool both = GENERATE(true, false);
    const std::vector<std::string> args = {"--format", "json", "--limit", "1000", "--facets",
                                           "country,org,incident,actor,lang,year,month", "--facet-limit", "1000", query};
    std::vector<std::string> seeds_only = {"--db", sample().seeds_db.string()};
    seeds_only.insert(seeds_only.end(), args.begin(), args.end());
    const ProcessResult run = both ? search_both(args) : run_process(SEARCHER_EXE, seeds_only, {{"DOSSIER_DB", ""}});
    CAPTURE(query, both);
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    std::map<std::string, std::map<std::string, int>> brute;
    for (const auto& hit : result["hits"]) {
        for (const char* facet : {"country", "org", "incident", "actor"})
            for (const auto& id : hit["entities"][facet]) ++brute[facet][id.get<std::string>()];
        ++brute["lang"][hit["lang"].get<std::string>()];
        if (!hit["date"].is_null()) {
            ++brute["year"][hit["date"].get<std::string>().substr(0, 4)];
            ++brute["month"][hit["date"].get<std::string>().substr(0, 7)];
        }
    }
    REQUIRE(result["hits"].size() == result["estimated_total"].get<std::size_t>());
    for (const char* facet : {"country", "org", "incident", "actor", "lang", "year", "month"}) {
        std::map<std::string, int> counted;
        for (const auto& value : result["facets"][facet]["values"])
            counted[value["value"].get<std::string>()] = value["count"].get<int>();
        CAPTURE(facet);
        CHECK(counted == brute[facet]);
        CHECK(result["facets"][facet]["other_values"] == 0);
    }
}

TEST_CASE("facet counts are over all matches whatever page of hits is shown", "[e2e][facets]") {
    const auto facets_of = [](const std::vector<std::string>& page) {
        std::vector<std::string> args = {"--format", "json", "--facets", "country,org,incident,actor,lang,year,month",
                                         "--facet-limit", "1000"};
        args.insert(args.end(), page.begin(), page.end());
        args.push_back("cyber OR siber OR China OR Tiongkok");
        const ProcessResult run = search_both(args);
        CAPTURE(run.err);
        REQUIRE(run.exit_code == 0);
        const nlohmann::json result = nlohmann::json::parse(run.out);
        CHECK(result["facets"]["country"]["values"].size() > 3);
        return result["facets"].dump();
    };
    const std::string all_hits = facets_of({"--limit", "1000"});
    CHECK(facets_of({"--limit", "1"}) == all_hits);
    CHECK(facets_of({"--limit", "2", "--offset", "3"}) == all_hits);
}

TEST_CASE("facets are counted on a remote database as on a local one", "[e2e][facets]") {
    // A remote shard runs only Xapian's built-in match spies; dossier
    // falls back to those there. xapian-progsrv (xapian-tools) serves it.
    if (!fs::exists("/usr/bin/xapian-progsrv")) {
        DOSSIER_SKIP_TEST("xapian-progsrv is not installed (Debian xapian-tools): remote counting not tested");
        return;
    }
    const TempDir tmp;
    const fs::path stub = tmp / "remote.stub";
    dossier::test::write_file(stub, "remote :xapian-progsrv " + sample().seeds_db.string() + "\n");
    const auto facets_of = [](const fs::path& db) {
        const ProcessResult run = run_process(SEARCHER_EXE,
                                              {"--db", db.string(), "--format", "json", "--facets",
                                               "country,org,lang,year,month,format", "--facet-limit", "1000",
                                               "cyber OR China"},
                                              {{"DOSSIER_DB", ""}});
        CAPTURE(run.err);
        REQUIRE(run.exit_code == 0);
        const nlohmann::json result = nlohmann::json::parse(run.out);
        CHECK(result["facets"]["country"]["values"].size() > 3);
        return result["facets"].dump() + " total " + result["estimated_total"].dump();
    };
    CHECK(facets_of(stub) == facets_of(sample().seeds_db));
}

TEST_CASE("counting facets costs about what a plain search costs", "[e2e][facets]") {
    // Counts need display names only: resolving names ("Tiongkok" -> CN)
    // builds tables of ~4,900 names in 23 languages (~10 MB, ~75 ms) that
    // a count, or a filter given as a code, must not pay for.
    const auto peak_kb = [](std::vector<std::string> args) {
        args.push_back("cyber");
        const ProcessResult run = search_both(args);
        CAPTURE(run.err);
        REQUIRE(run.exit_code == 0);
        return run.max_rss_kb;
    };
    // Under AddressSanitizer each counting thread costs megabytes of its
    // own (allocator caches, shadow memory), so the margin is wider there.
#if defined(__SANITIZE_ADDRESS__)
    constexpr long kMarginKb = 12 * 1024;
#else
    constexpr long kMarginKb = 4 * 1024;
#endif
    const long plain = peak_kb({"--format", "json"});
    CHECK(peak_kb({"--format", "json", "--facets", "country,year"}) < plain + kMarginKb);
    CHECK(peak_kb({"--format", "json", "--facets", "country,org,incident,actor,lang,year,month"}) < plain + kMarginKb);
    CHECK(peak_kb({"--format", "json", "--country", "CN"}) < plain + kMarginKb);
    // A name does need the tables, and still works.
    CHECK(peak_kb({"--format", "json", "--country", "Tiongkok"}) > 0);
}

TEST_CASE("facet values come with display names, most frequent first", "[e2e][facets]") {
    const ProcessResult run = search_both({"--facets", "country,year", "--facet-limit", "2", "--display-lang", "id",
                                           "country:CN"});
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("Facets (all matching documents):"));
    CHECK_THAT(run.out, Catch::Contains("  country: Tiongkok (CN) "));
    CHECK_THAT(run.out, Catch::Contains(" more\n"));
    CHECK_THAT(run.out, Catch::Contains("  year: "));
}

TEST_CASE("filters on one facet OR together, different facets AND", "[e2e][facets]") {
    // arguments -> files found
    using Row = std::tuple<std::vector<std::string>, std::string>;
    auto [args, expected] = GENERATE(table<std::vector<std::string>, std::string>({
        Row{{"incident:WannaCry"}, "004_51e65c8d9e533e62.txt|zh_cyber.txt"},
        Row{{"incident:ProxyLogon"}, "000_cbda0d9f3f71e4c9.txt|001_13f1f25d5283cfc5.txt|003_80cc6779974243da.txt"},
        Row{{"actor:Hafnium"}, "001_13f1f25d5283cfc5.txt"},
        Row{{"--incident", "WannaCry", "--incident", "Colonial Pipeline"},
            "002_f02ef9834c905904.txt|004_51e65c8d9e533e62.txt|zh_cyber.txt"},
        Row{{"incident:WannaCry country:IR"}, "004_51e65c8d9e533e62.txt"},
        Row{{"org:CSTO"}, "002_f02ef9834c905904.txt"},
        Row{{"org:NATO Blinken"}, "000_cbda0d9f3f71e4c9.txt|001_13f1f25d5283cfc5.txt"},
        // Dated from their datelines: 2023-04-13 06:20, 2023年4月13日, 13 апреля 2023 г.
        Row{{"date:2023-04-01..2023-04-30 country:US"}, "004_51e65c8d9e533e62.txt|ru_cyber.txt|zh_cyber.txt"},
        Row{{"--since", "2023-04-13", "--until", "2023-04-13", "year:2023"},
            "004_51e65c8d9e533e62.txt|ru_cyber.txt|zh_cyber.txt"},
    }));
    std::vector<std::string> full{"--format", "paths", "--limit", "100"};
    full.insert(full.end(), args.begin(), args.end());
    const ProcessResult run = search_both(full);
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(file_names_of(run) == expected);
}

TEST_CASE("a facet value that names nothing is an error that suggests the nearest names", "[e2e][facets]") {
    using Row = std::tuple<std::vector<std::string>, std::string, std::string>;
    auto [args, message, suggestion] = GENERATE(table<std::vector<std::string>, std::string, std::string>({
        Row{{"country:Tiongkk"}, "dossier-search: no country is called 'Tiongkk'; nearest known names: ", "Tiongkok"},
        Row{{"--incident", "WannaCri", "x"}, "dossier-search: no incident is called 'WannaCri'; nearest known names: ", "WannaCry"},
        Row{{"actor:Hafnim"}, "dossier-search: no actor is called 'Hafnim'; nearest known names: ", "Hafnium"},
        Row{{"org:NAT0"}, "dossier-search: no org is called 'NAT0'; nearest known names: ", "NATO"},
    }));
    const ProcessResult run = search_both(args);
    CAPTURE(args);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith(message));
    CHECK_THAT(run.err, Catch::Contains(suggestion));
    CHECK(run.out.empty());
}

TEST_CASE("bad facet options and ranges exit 2 with a message", "[e2e][facets]") {
    using Row = std::tuple<std::vector<std::string>, std::string>;
    auto [args, message] = GENERATE(table<std::vector<std::string>, std::string>({
        Row{{"--facets", "colour", "x"}, "dossier-search: --facets: unknown facet 'colour'"},
        Row{{"--since", "last week", "x"}, "dossier-search: --since last week: give a date like 2021"},
        Row{{"date:2021/01..2022"}, "dossier-search: date:2021/01..2022: give a date like 2021"},
        Row{{"year:21"}, "dossier-search: year:21: a year is four digits"},
        Row{{"--explain", "999999"}, "dossier-search: --explain 999999: no such document"},
    }));
    const ProcessResult run = search_both(args);
    CAPTURE(args);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.err, Catch::StartsWith(message));
}

TEST_CASE("explaining a document (--explain) shows the words that gave each facet value", "[e2e][facets]") {
    const ProcessResult run = search_both({"--explain", (sample().tmp / "seeds" / "000_cbda0d9f3f71e4c9.txt").string()});
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("  country:\n"));
    CHECK_THAT(run.out, Catch::Contains("    CN (China) <- \"Republik Rakyat China\", \"RRC\""));
    CHECK_THAT(run.out, Catch::Contains("    US (United States) <- \"AS\", \"Amerika Serikat\""));
    CHECK_THAT(run.out, Catch::Contains("  actor: none\n"));
}

// The built-in MISP part of the gazetteer (data/misp-gazetteer.json) at work:
// gangs and hacktivists are counted, the traps of speeches are not.
TEST_CASE("actor facet counts come from the built-in MISP gazetteer and skip ordinary words", "[e2e][facets]") {
    TempDir tmp;
    const fs::path docs = tmp / "docs";
    fs::create_directories(docs);
    dossier::test::write_file(docs / "a.txt",
                              "Report. LockBit affiliates encrypted the hospital. Anonymous Sudan claimed the DDoS attacks.\n");
    dossier::test::write_file(docs / "b.txt",
                              "Report. Royal ransomware hit Dallas. Later LockBit 3.0 struck, and the SEA hackers "
                              "defaced a news site.\n");
    dossier::test::write_file(docs / "c.txt",
                              "Report. The GOP won the Senate. Trade in SEA grew. Anonymous sources said children play "
                              "and the Royal Navy sailed past Cuba. IRIDIUM satellites cover the poles.\n");
    const fs::path db = tmp / "db";
    const ProcessResult indexed = dossier::test::index({"--db", db.string(), docs.string()});
    REQUIRE(indexed.exit_code == 0);
    const ProcessResult run = run_process(SEARCHER_EXE, {"--db", db.string(), "--format", "json", "--facets", "actor",
                                                         "--facet-limit", "100", "--limit", "10", "report"},
                                          {{"DOSSIER_DB", ""}});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const nlohmann::json result = nlohmann::json::parse(run.out);
    CHECK(result["hits"].size() == 3);
    std::map<std::string, int> counts;
    for (const auto& value : result["facets"]["actor"]["values"]) counts[value["value"].get<std::string>()] = value["count"].get<int>();
    const std::map<std::string, int> expected = {
        {"lockbit", 2}, {"anonymous-sudan", 1}, {"royal", 1}, {"deadeye-jackal", 1}};
    CHECK(counts == expected);
}
