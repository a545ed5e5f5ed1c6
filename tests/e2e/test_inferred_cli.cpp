// SPDX-License-Identifier: MIT
// End-to-end tests of countries inferred from threat actors: a file that
// names only the Lazarus Group is about North Korea by default, and not
// with --no-inferred; --explain and the JSON say which countries came
// through an actor.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <stdexcept>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::TempDir;

namespace {

// One folder of three reports, indexed once.
struct InferredSample {
    TempDir tmp;
    fs::path db;
    InferredSample() : db(tmp / "db") {
        dossier::test::write_file(tmp / "docs" / "lazarus-only.txt",
                                  "Bank heist\n\nInvestigators blamed the Lazarus Group for the bank heist.\n");
        dossier::test::write_file(tmp / "docs" / "named.txt",
                                  "Sanctions\n\nNorth Korea denied that the Lazarus Group works for it.\n");
        dossier::test::write_file(tmp / "docs" / "fancy-bear.txt",
                                  "Elections\n\nFancy Bear was accused of meddling in the elections.\n");
        const ProcessResult run = dossier::test::index({"--db", db.string(), (tmp / "docs").string()});
        if (run.exit_code != 0) throw std::runtime_error("indexing failed: " + describe(run));
    }
};

const InferredSample& sample() {
    static const InferredSample instance;
    return instance;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample().db, args); }

using dossier::test::file_names_of;

// "value=count ..." of the country facet of a --format json run.
std::string country_counts(const ProcessResult& run) {
    const nlohmann::json result = nlohmann::json::parse(run.out);
    std::string out;
    for (const auto& value : result["facets"]["country"]["values"])
        out += (out.empty() ? "" : " ") + value["value"].get<std::string>() + "=" + std::to_string(value["count"].get<int>());
    return out;
}

}  // namespace

TEST_CASE("country:KP finds a file naming only the Lazarus Group unless --no-inferred", "[e2e][inferred]") {
    const ProcessResult with = search({"--format", "paths", "country:KP"});
    INFO(describe(with));
    CHECK(with.exit_code == 0);
    CHECK(file_names_of(with) == "lazarus-only.txt|named.txt");

    const ProcessResult without = search({"--format", "paths", "--no-inferred", "country:KP"});
    INFO(describe(without));
    CHECK(without.exit_code == 0);
    CHECK(file_names_of(without) == "named.txt");

    // --country the same, by any name of the country.
    CHECK(file_names_of(search({"--format", "paths", "--country", "North Korea"})) == "lazarus-only.txt|named.txt");
    CHECK(file_names_of(search({"--format", "paths", "--no-inferred", "--country", "North Korea"})) == "named.txt");

    // Only inferred matches: none are left, exit 1.
    const ProcessResult none = search({"--format", "paths", "--no-inferred", "country:RU"});
    CHECK(none.exit_code == 1);
    CHECK(none.out.empty());
    CHECK(file_names_of(search({"--format", "paths", "country:RU"})) == "fancy-bear.txt");
}

TEST_CASE("country facet counts include inferred countries unless --no-inferred", "[e2e][inferred]") {
    const std::vector<std::string> args = {"--format", "json", "--facets", "country", "blamed OR denied OR accused"};
    const ProcessResult with = search(args);
    INFO(describe(with));
    REQUIRE(with.exit_code == 0);
    CHECK(country_counts(with) == "KP=2 RU=1");

    std::vector<std::string> no_inferred = args;
    no_inferred.insert(no_inferred.begin(), "--no-inferred");
    const ProcessResult without = search(no_inferred);
    INFO(describe(without));
    REQUIRE(without.exit_code == 0);
    CHECK(country_counts(without) == "KP=1");

    const ProcessResult text = search({"--facets", "country", "--no-inferred", "blamed OR denied OR accused"});
    CHECK_THAT(text.out, Catch::Contains("  country: North Korea (KP) 1\n"));
}

TEST_CASE("explaining a document shows an inferred country via its actor", "[e2e][inferred]") {
    const std::string file = (sample().tmp / "docs" / "lazarus-only.txt").string();
    const ProcessResult text = search({"--explain", file});
    INFO(describe(text));
    REQUIRE(text.exit_code == 0);
    CHECK_THAT(text.out, Catch::Contains("  country:\n    KP (North Korea) <- via actor Lazarus Group\n"));
    CHECK_THAT(text.out, Catch::Contains("    lazarus (Lazarus Group) <- \"Lazarus Group\"\n"));

    const ProcessResult named = search({"--explain", (sample().tmp / "docs" / "named.txt").string()});
    CHECK_THAT(named.out, Catch::Contains("    KP (North Korea) <- \"North Korea\"\n"));
    CHECK_THAT(named.out, !Catch::Contains("via actor"));

    const ProcessResult json = search({"--format", "json", "--explain", file});
    REQUIRE(json.exit_code == 0);
    const nlohmann::json kp = nlohmann::json::parse(json.out)["facets"]["country"][0];
    CHECK(kp["value"] == "KP");
    CHECK(kp["inferred"] == true);
    CHECK(kp["words"] == nlohmann::json::array());
    CHECK(kp["via"] == nlohmann::json::parse(R"([{"facet":"actor","value":"lazarus","name":"Lazarus Group"}])"));
}

TEST_CASE("JSON hits mark the countries inferred from an actor", "[e2e][inferred]") {
    const ProcessResult run = search({"--format", "json", "country:KP"});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    std::map<std::string, std::string> marked;  // file -> "entities.country / inferred.country"
    const nlohmann::json result = nlohmann::json::parse(run.out);
    for (const auto& hit : result["hits"])
        marked[fs::path(hit["path"].get<std::string>()).filename().string()] =
            hit["entities"]["country"].dump() + " / " + hit["inferred"]["country"].dump();
    CHECK(marked == std::map<std::string, std::string>{{"lazarus-only.txt", R"(["KP"] / ["KP"])"},
                                                       {"named.txt", R"(["KP"] / [])"}});
    // JSON Lines hits are the same objects.
    const ProcessResult lines = search({"--format", "jsonl", "--no-inferred", "country:KP"});
    REQUIRE(lines.exit_code == 0);
    CHECK(nlohmann::json::parse(lines.out)["inferred"]["country"] == nlohmann::json::array());
}
