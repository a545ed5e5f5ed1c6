// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "base/error.h"
#include "index/index_config.h"
#include "test_support.h"

using dossier::decode_index_config;
using dossier::distinct_roots;
using dossier::encode_index_config;
using dossier::IndexConfig;
using dossier::is_under_root;
using dossier::normalize_root;
using dossier::test::join;

TEST_CASE("the remembered index settings survive encoding and decoding", "[index_config]") {
    // Row: roots, lang, gazetteers (each list joined with '|').
    auto [roots, lang, gazetteers] = GENERATE(table<std::string, std::string, std::string>({
        {"/docs", "", ""},
        {"/a|/a b|/c", "en", "/g/one.tsv|/g/two.tsv"},
        {"/docs/\"quoted\"\\back", "zh", "/g/Москва 网络安全.tsv"},
        {"", "", ""},
        {"/line\nbreak|/tab\there", "ru", ""},
    }));
    const auto split = [](const std::string& joined) {
        std::vector<std::string> parts;
        if (joined.empty()) return parts;
        std::size_t start = 0;
        for (std::size_t bar; (bar = joined.find('|', start)) != std::string::npos; start = bar + 1)
            parts.push_back(joined.substr(start, bar - start));
        parts.push_back(joined.substr(start));
        return parts;
    };
    IndexConfig config;
    config.roots = split(roots);
    config.lang = lang;
    config.gazetteers = split(gazetteers);

    const IndexConfig decoded = decode_index_config(encode_index_config(config));
    CHECK(join(decoded.roots) == roots);
    CHECK(decoded.roots.size() == config.roots.size());
    CHECK(decoded.lang == lang);
    CHECK(join(decoded.gazetteers) == gazetteers);
    CHECK(decoded.gazetteers.size() == config.gazetteers.size());
    CHECK(decoded == config);
}

TEST_CASE("damaged remembered index settings are a database error asking for --rebuild",
          "[index_config]") {
    // Row: what went wrong, stored value.
    auto [why, encoded] = GENERATE(table<std::string, std::string>({
        {"empty", ""},
        {"not JSON", "roots=/docs"},
        {"truncated JSON", R"({"roots":["/docs"],"lang":"en","gaz)"},
        {"JSON null", "null"},
        {"JSON array", R"(["/docs"])"},
        {"JSON string", R"("/docs")"},
        {"empty object", "{}"},
        {"roots missing", R"({"lang":"en","gazetteers":[]})"},
        {"lang missing", R"({"roots":["/docs"],"gazetteers":[]})"},
        {"gazetteers missing", R"({"roots":["/docs"],"lang":"en"})"},
        {"roots not a list", R"({"roots":"/docs","lang":"en","gazetteers":[]})"},
        {"a root not a string", R"({"roots":[1],"lang":"en","gazetteers":[]})"},
        {"lang not a string", R"({"roots":["/docs"],"lang":null,"gazetteers":[]})"},
        {"gazetteers not a list", R"({"roots":["/docs"],"lang":"en","gazetteers":{}})"},
    }));
    INFO(why);
    CHECK_THROWS_AS(decode_index_config(encoded), dossier::DatabaseError);
    CHECK_THROWS_WITH(decode_index_config(encoded), Catch::Contains("--rebuild") &&
                                                       Catch::Contains("damaged"));
}

TEST_CASE("a path is under a root only when it is the root or inside it", "[index_config]") {
    // Row: path, root, expected.
    auto [path, root, expected] = GENERATE(table<std::string, std::string, bool>({
        {"/a/b", "/a", true},
        {"/a/b/c.txt", "/a", true},
        {"/a", "/a", true},
        {"/ab", "/a", false},
        {"/ab/c", "/a", false},
        {"/a b", "/a", false},
        {"/a/b2", "/a/b", false},
        {"/a/b2/c.txt", "/a/b", false},
        {"/a/b/c.txt", "/a/b", true},
        {"/a", "/a/b", false},
        {"/", "/a", false},
        {"/b", "/a", false},
        {"/a", "/", true},
        {"/a/b/c", "/", true},
        {"/", "/", true},
        {"/ab", "/", true},
    }));
    INFO(path << " under " << root);
    CHECK(is_under_root(path, root) == expected);
}

TEST_CASE("distinct roots are sorted, without duplicates or nested roots", "[index_config]") {
    // Row: roots, expected (each list joined with '|').
    auto [roots, expected] = GENERATE(table<std::string, std::string>({
        {"/a/b|/a|/c|/a b", "/a|/a b|/c"},
        {"/c|/b|/a", "/a|/b|/c"},
        {"/a|/a|/a", "/a"},
        {"/a/b|/a/b|/a/b/c", "/a/b"},
        {"/a/b2|/a/b", "/a/b|/a/b2"},
        {"/ab|/a", "/a|/ab"},
        {"/x/y/z|/x/y|/x", "/x"},
        {"/a|/|/b/c", "/"},
        {"/a", "/a"},
    }));
    std::vector<std::string> input;
    for (std::size_t start = 0;;) {
        const std::size_t bar = roots.find('|', start);
        input.push_back(roots.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    CHECK(join(distinct_roots(input)) == expected);
}

TEST_CASE("no roots stay no roots", "[index_config]") {
    CHECK(distinct_roots({}).empty());
}

TEST_CASE("a root is made absolute and lexically normal, without a trailing slash",
          "[index_config]") {
    const std::string cwd = std::filesystem::current_path().string();
    // Row: given path, expected (a leading "CWD" stands for the current folder).
    auto [given, expected] = GENERATE(table<std::string, std::string>({
        {"docs", "CWD/docs"},
        {"docs/", "CWD/docs"},
        {"docs///", "CWD/docs"},
        {"./docs", "CWD/docs"},
        {"docs/./sub/", "CWD/docs/sub"},
        {"x/../docs", "CWD/docs"},
        {"docs/sub/..", "CWD/docs"},
        {".", "CWD"},
        {"./", "CWD"},
        {"x/..", "CWD"},
        {"x/../", "CWD"},
        {"/a/b", "/a/b"},
        {"/a/b/", "/a/b"},
        {"/a//b", "/a/b"},
        {"/a/./b", "/a/b"},
        {"/a/x/../b", "/a/b"},
        {"/a/b/..", "/a"},
        {"/a b/c d/", "/a b/c d"},
        {"/", "/"},
        {"/..", "/"},
        {"/.", "/"},
    }));
    std::string want = expected;
    if (want.rfind("CWD", 0) == 0) {
        const std::string rest = want.substr(3);  // "" or "/..."
        want = cwd == "/" ? (rest.empty() ? "/" : rest) : cwd + rest;
    }
    INFO("normalize_root(\"" << given << "\")");
    CHECK(normalize_root(given) == want);
}

// `dossier-index --db DB ""` must be a usage error (exit 2), not an
// escaping filesystem_error (exit 70).
TEST_CASE("an empty root is a usage error, never an internal error", "[index_config]") {
    CHECK_THROWS_MATCHES(normalize_root(""), dossier::UsageError,
                         Catch::Message("an empty PATH names no file or folder"));
}
