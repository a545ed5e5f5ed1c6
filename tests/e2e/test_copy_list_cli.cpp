// SPDX-License-Identifier: MIT
// End-to-end tests of the copies a hit lists (issue 19 review): a text
// copied into many files lists a bounded number of the other copies' paths
// and says how many there are in all (JSON "copies" and "copy_count", text
// "+N copies"), so a boilerplate paragraph found everywhere does not make
// every page read each of its copies; a small cluster is listed whole, and
// --jsonl records list each other as files do.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::search_json;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// A paragraph re-posted everywhere, and another posted three times.
constexpr const char* kBoilerplate =
    "This statement is issued on behalf of the quorvane coalition. The members condemn malicious cyber "
    "activity against hospitals and call on every state to respect the agreed norms of responsible behaviour "
    "in cyberspace.\n";
constexpr const char* kTriplicate =
    "The ministry of foreign affairs summoned the ambassador over the velstrand intrusion into the "
    "electoral commission network and demanded an explanation within seven days.\n";

// Hits are this many other copies at most (search/copies.h kListedCopies).
constexpr std::size_t kListedCopies = 10;

std::set<std::string> strings_of(const nlohmann::json& list) {
    std::set<std::string> out;
    for (const auto& value : list) out.insert(value.get<std::string>());
    return out;
}

// The hit's "copy_count"; -1 when it has none.
long copy_count(const nlohmann::json& hit) {
    return hit.contains("copy_count") ? hit["copy_count"].get<long>() : -1;
}

// The paths of every hit of an --all-copies search: each file of the cluster.
std::set<std::string> all_copies_of(const fs::path& db, const std::string& word) {
    const nlohmann::json result = search_json(db, {"--all-copies", "--limit", "100", word});
    std::set<std::string> paths;
    for (const auto& hit : result["hits"])
        paths.insert(hit["path"].get<std::string>());
    return paths;
}

// Checks that `hit` lists `listed` distinct files, all of them members of
// `cluster` (every file of its text) other than the hit itself.
void check_listed_copies(const nlohmann::json& hit, const std::set<std::string>& cluster, std::size_t listed) {
    const std::set<std::string> paths = strings_of(hit["copies"]);
    CHECK(hit["copies"].size() == listed);
    CHECK(paths.size() == listed);
    CHECK(paths.count(hit["path"].get<std::string>()) == 0);
    CHECK(std::includes(cluster.begin(), cluster.end(), paths.begin(), paths.end()));
}

}  // namespace

TEST_CASE("a text in many files lists ten other copies and counts them all", "[e2e][copies]") {
    TempDir tmp;
    const fs::path docs = tmp / "docs";
    for (int i = 0; i < 14; ++i) write_file(docs / ("boilerplate-" + std::to_string(100 + i) + ".txt"), kBoilerplate);
    for (int i = 0; i < 3; ++i) write_file(docs / ("summons-" + std::to_string(i) + ".txt"), kTriplicate);
    const fs::path db = tmp / "db";
    const ProcessResult indexed = dossier::test::index({"--db", db.string(), "--jobs", "1", docs.string()});
    INFO(describe(indexed));
    REQUIRE(indexed.exit_code == 0);

    SECTION("fourteen copies: one hit, ten paths listed, thirteen counted") {
        const nlohmann::json result = search_json(db, {"quorvane"});
        INFO(result.dump(1));
        REQUIRE(result["hits"].size() == 1);
        CHECK(result["estimated_total"] == 1);
        const nlohmann::json& hit = result["hits"][0];
        CHECK(copy_count(hit) == 13);
        const std::set<std::string> cluster = all_copies_of(db, "quorvane");
        CHECK(cluster.size() == 14);
        check_listed_copies(hit, cluster, kListedCopies);

        // Right after "copies" in the hit object.
        std::vector<std::string> keys;
        for (const auto& item : hit.items()) keys.push_back(item.key());
        const auto copies = std::find(keys.begin(), keys.end(), "copies");
        REQUIRE(copies != keys.end());
        REQUIRE(copies + 1 != keys.end());
        CHECK(*(copies + 1) == "copy_count");

        const ProcessResult text = dossier::test::search(db, {"quorvane"});
        INFO(describe(text));
        CHECK(text.exit_code == 0);
        CHECK(text.out.find("| +13 copies") != std::string::npos);
    }

    SECTION("three copies: the two others listed whole") {
        const nlohmann::json result = search_json(db, {"velstrand"});
        INFO(result.dump(1));
        REQUIRE(result["hits"].size() == 1);
        const nlohmann::json& hit = result["hits"][0];
        CHECK(copy_count(hit) == 2);
        const std::set<std::string> cluster = all_copies_of(db, "velstrand");
        CHECK(cluster.size() == 3);
        check_listed_copies(hit, cluster, 2);

        const ProcessResult text = dossier::test::search(db, {"velstrand"});
        INFO(describe(text));
        CHECK(text.out.find("| +2 copies") != std::string::npos);
    }

    SECTION("a document without copies lists none and counts 0") {
        write_file(docs / "alone.txt", "A single note about the ostravine accord, posted once.\n");
        const ProcessResult again = dossier::test::index({"--db", db.string(), "--jobs", "1", docs.string()});
        INFO(describe(again));
        REQUIRE(again.exit_code == 0);
        const nlohmann::json result = search_json(db, {"ostravine"});
        INFO(result.dump(1));
        REQUIRE(result["hits"].size() == 1);
        CHECK(result["hits"][0]["copies"].empty());
        CHECK(copy_count(result["hits"][0]) == 0);
        const ProcessResult text = dossier::test::search(db, {"ostravine"});
        CHECK(text.out.find(" copies") == std::string::npos);
        CHECK(text.out.find(" copy") == std::string::npos);
    }
}

TEST_CASE("jsonl records that are copies list each other by their paths", "[e2e][copies][jsonl]") {
    TempDir tmp;
    const fs::path records = tmp / "records.jsonl";
    std::string lines;
    for (int i = 0; i < 12; ++i)
        lines += nlohmann::json{{"id", "r" + std::to_string(i)}, {"text", kBoilerplate}, {"lang", "en"}}.dump() + "\n";
    write_file(records, lines);
    const fs::path db = tmp / "db";
    const ProcessResult indexed = dossier::test::index({"--db", db.string(), "--jsonl", records.string()});
    INFO(describe(indexed));
    REQUIRE(indexed.exit_code == 0);

    const nlohmann::json result = search_json(db, {"quorvane"});
    INFO(result.dump(1));
    REQUIRE(result["hits"].size() == 1);
    const nlohmann::json& hit = result["hits"][0];
    CHECK(copy_count(hit) == 11);
    const std::set<std::string> cluster = all_copies_of(db, "quorvane");
    CHECK(cluster.size() == 12);
    check_listed_copies(hit, cluster, kListedCopies);
}
