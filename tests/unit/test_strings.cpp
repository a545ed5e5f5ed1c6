// SPDX-License-Identifier: MIT
// The small string helpers of base/.
#include <catch2/catch.hpp>

#include "base/strings.h"

TEST_CASE("ascii_lower lowers A-Z and leaves every other byte", "[strings]") {
    CHECK(dossier::ascii_lower("Report.PDF") == "report.pdf");
    CHECK(dossier::ascii_lower("ÉTAT Ärger") == "État Ärger");  // only ASCII: text folding is the normalizer's
    CHECK(dossier::ascii_lower('Q') == 'q');
    CHECK(dossier::ascii_lower('[') == '[');
}

TEST_CASE("join puts the separator between parts only", "[strings]") {
    CHECK(dossier::join({}, ", ").empty());
    CHECK(dossier::join({"a"}, ", ") == "a");
    CHECK(dossier::join({"a", "b", "c"}, " ") == "a b c");
}

TEST_CASE("fnv1a_64 gives the published FNV-1a values", "[strings]") {
    // Test vectors of the FNV reference (draft-eastlake-fnv).
    CHECK(dossier::fnv1a_64("") == 0xcbf29ce484222325ULL);
    CHECK(dossier::fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(dossier::fnv1a_64("foobar") == 0x85944171f73967e8ULL);
    CHECK(dossier::fnv1a_64("a", 0x84222325cbf29ce4ULL) != dossier::fnv1a_64("a"));
}

TEST_CASE("shell_quote gives a word the shell reads back as it was", "[strings]") {
    CHECK(dossier::shell_quote("/srv/index") == "'/srv/index'");
    CHECK(dossier::shell_quote("it's") == "'it'\\''s'");
    CHECK(dossier::shell_quote("") == "''");
    CHECK(dossier::shell_quote("a b;rm -rf") == "'a b;rm -rf'");
}
