// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "formats/front_matter.h"
#include "test_support.h"

using dossier::parse_front_matter;

namespace {

// "present|body_offset|key=value;key=value" (keys sorted).
std::string describe(const dossier::FrontMatter& front) {
    std::vector<std::string> fields;
    for (const auto& [key, value] : front.fields) fields.push_back(key + "=" + value);
    return std::string(front.present ? "yes" : "no") + "|" + std::to_string(front.body_offset) +
           "|" + dossier::test::join(fields, ";");
}

}  // namespace

TEST_CASE("front matter is read from the top of a file", "[front_matter]") {
    // Row: file text -> "present|body_offset|key=value;..." with present
    // "yes"/"no", keys lower-cased and sorted, quotes removed.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"---\ntitle: Remarks\ndate: 2023-04-13\nlang: en\n---\nBody",
         "yes|49|date=2023-04-13;lang=en;title=Remarks"},
        {"---\ntitle: \"Hello: World\"\nDate: 2023-04-13\nLANG: 'id'\n---\nBody",
         "yes|58|date=2023-04-13;lang=id;title=Hello: World"},
        {"---\ntitle: x\n...\nbody", "yes|17|title=x"},             // YAML's "..." end line
        {"---\r\ntitle: x\r\n---\r\nbody", "yes|20|title=x"},       // CRLF lines
        {"--- \ntitle: a\n---", "yes|17|title=a"},                  // nothing after it
        {"---\n---\n", "yes|8|"},                                   // empty front matter
        {"---\n# comment\nno colon\n:nokey\nsource: a:b\n---\nB", "yes|46|source=a:b"},
        {"---\ntitle: 'unbalanced\"\n---\n", "yes|28|title='unbalanced\""},
        {"---\ntitle: x\n", "no|0|"},                               // no closing line
        {"---\ntitle: x\nbody without an end", "no|0|"},
        {"no\n---\ntitle: x\n---\n", "no|0|"},                      // not at the very start
        {"Title\n\nbody", "no|0|"},
        {"", "no|0|"},
    }));
    CAPTURE(input);
    const dossier::FrontMatter front = parse_front_matter(input);
    CHECK(describe(front) == expected);
}

TEST_CASE("front matter body offset points at the text after the closing line", "[front_matter]") {
    const std::string text = "---\ntitle: Remarks\n---\nFirst body line\n";
    const dossier::FrontMatter front = parse_front_matter(text);
    REQUIRE(front.present);
    CHECK(text.substr(front.body_offset) == "First body line\n");
}

TEST_CASE("front matter must close within 200 lines", "[front_matter]") {
    std::string within = "---\n";
    for (int i = 0; i < 199; ++i) within += "k" + std::to_string(i) + ": v\n";
    within += "---\nbody";
    CHECK(parse_front_matter(within).present);

    std::string beyond = "---\n";
    for (int i = 0; i < 200; ++i) beyond += "k" + std::to_string(i) + ": v\n";
    beyond += "---\nbody";
    const dossier::FrontMatter front = parse_front_matter(beyond);
    CHECK_FALSE(front.present);
    CHECK(front.body_offset == 0);
    CHECK(front.fields.empty());
}
