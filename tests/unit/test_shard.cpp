// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "base/error.h"
#include "index/index_config.h"
#include "index/shard.h"

using dossier::in_shard;
using dossier::parse_shard;
using dossier::Shard;
using dossier::shard_of_key;
using dossier::shard_text;

TEST_CASE("shard K/N parses, and 1/1 is the whole collection", "[shard]") {
    CHECK(parse_shard("2/3") == Shard{2, 3});
    CHECK(parse_shard("1/3") == Shard{1, 3});
    CHECK(parse_shard("3/3") == Shard{3, 3});
    CHECK(parse_shard("1024/1024") == Shard{1024, 1024});
    CHECK(parse_shard("1/1").whole());
    CHECK(shard_text(parse_shard("2/3")) == "2/3");
    CHECK(shard_text(parse_shard("1/1")).empty());
}

TEST_CASE("bad shard values are usage errors that say what is wrong", "[shard]") {
    auto [text, says] = GENERATE(table<std::string, std::string>({
        {"0/3", "K must be from 1 to N (3)"},
        {"4/3", "K must be from 1 to N (3)"},
        {"3", "give the shard as K/N"},
        {"a/b", "K and N must be whole numbers"},
        {"1/0", "N must be from 1 to 1024"},
        {"1/2000", "N must be from 1 to 1024"},
        {"-1/3", "K and N must be whole numbers"},
        {"+1/3", "K and N must be whole numbers"},
        {" 1/3", "K and N must be whole numbers"},
        {"1/3/5", "K and N must be whole numbers"},
        {"1.5/3", "K and N must be whole numbers"},
        {"/3", "K and N must be whole numbers"},
        {"", "give the shard as K/N"},
    }));
    INFO("--shard '" << text << "'");
    REQUIRE_THROWS_AS(parse_shard(text), dossier::UsageError);
    try {
        parse_shard(text);
    } catch (const dossier::UsageError& e) {
        CHECK(std::string(e.what()).find(says) != std::string::npos);
    }
}

TEST_CASE("1,000 keys split over 3 shards: each key in exactly one, roughly evenly", "[shard]") {
    std::map<unsigned, int> per_shard;
    for (int i = 0; i < 1000; ++i) {
        const std::string key = "/srv/shared/docs/" + std::to_string(i / 37) + "/statement_" + std::to_string(i) + ".txt";
        const unsigned shard = shard_of_key(key, 3);
        REQUIRE(shard >= 1);
        REQUIRE(shard <= 3);
        int holders = 0;
        for (unsigned k = 1; k <= 3; ++k) holders += in_shard(key, Shard{k, 3});
        CHECK(holders == 1);
        ++per_shard[shard];
    }
    REQUIRE(per_shard.size() == 3);
    // 333 each on average; a fair split stays well within 280..390.
    for (const auto& [shard, count] : per_shard) {
        INFO("shard " << shard << " of 3 has " << count << " keys");
        CHECK(count > 280);
        CHECK(count < 390);
    }
}

TEST_CASE("the shard of a key is fixed: XXH64 of its bytes, seed 0, modulo N, plus 1", "[shard]") {
    // Machines and releases must agree for good: these are the values of
    // the documented hash, and a change here splits collections differently.
    CHECK(shard_of_key("", 3) == 0xEF46DB3751D8E999ull % 3 + 1);
    CHECK(shard_of_key("/srv/docs/a.txt", 1) == 1);
    CHECK(in_shard("anything", Shard{}));
    CHECK(shard_of_key("jsonl:1", 7) == shard_of_key("jsonl:1", 7));
}

TEST_CASE("the remembered settings keep the shard, and say nothing of it when whole", "[shard]") {
    dossier::IndexConfig config;
    config.roots = {"/docs"};
    const std::string whole = dossier::encode_index_config(config);
    CHECK(whole.find("shard") == std::string::npos);
    config.shard = parse_shard("2/5");
    const std::string encoded = dossier::encode_index_config(config);
    CHECK(encoded.find("\"shard\":\"2/5\"") != std::string::npos);
    CHECK(dossier::decode_index_config(encoded) == config);
    CHECK(dossier::decode_index_config(whole).shard.whole());
    CHECK_THROWS_AS(dossier::decode_index_config(R"({"roots":[],"lang":"","gazetteers":[],"shard":"9/3"})"),
                    dossier::DatabaseError);
}
