// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include "base/utf8.h"

using dossier::count_code_points;
using dossier::is_valid_utf8;
using dossier::prefix_bytes;
using dossier::repair_utf8;

TEST_CASE("repair replaces every kind of ill-formed UTF-8 with U+FFFD", "[utf8]") {
    // Row: raw bytes -> repaired text ("�" is U+FFFD), number of U+FFFD
    // inserted. Replacement follows Unicode's "maximal subpart" practice
    // (as ICU, browsers and Python do): a truncated sequence is one
    // replacement, a byte that can never start or continue a well-formed
    // sequence (C0, ED A0, F4 90, FF, ...) is one replacement each.
    auto [input, expected, replaced] = GENERATE(table<std::string, std::string, std::size_t>({
        {"a\x80z", "a�z", 1},                      // stray continuation byte
        {"\x80\x80\x80", "���", 3},                // run of continuation bytes
        {"a\xC3", "a�", 1},                        // 2-byte sequence cut at the end
        {"a\xE2\x82", "a�", 1},                    // 3-byte sequence cut at the end
        {"a\xF0\x9F\x98", "a�", 1},                // 4-byte sequence cut at the end
        {"a\xC3z", "a�z", 1},                      // 2-byte sequence cut in the middle
        {"a\xE2\x82z", "a�z", 1},                  // 3-byte sequence cut in the middle
        {"a\xF0\x9F\x98z", "a�z", 1},              // 4-byte sequence cut in the middle
        {"\xC0\xAF", "��", 2},                     // overlong '/'
        {"\xE0\x80\xAF", "���", 3},                // overlong '/', 3 bytes
        {"\xF0\x80\x80\xAF", "����", 4},           // overlong '/', 4 bytes
        {"\xED\xA0\x80", "���", 3},                // encoded surrogate U+D800
        {"\xF4\x90\x80\x80", "����", 4},           // U+110000, above U+10FFFF
        {"\xFF", "�", 1},                          // lone FF
        {"\xFE", "�", 1},                          // lone FE
        {"a\xFF\xFEz", "a��z", 2},                 // FF FE (a UTF-16 BOM)
        {"\xEF\xBB\xBF\xFF", "�", 1},              // BOM removed, then repaired
        {"ok \xC3\xA9\xFF ok", "ok é� ok", 1},     // valid text around is kept
    }));
    CAPTURE(input);
    const dossier::RepairedText result = repair_utf8(input);
    CHECK(result.text == expected);
    CHECK(result.replaced == replaced);
    CHECK_FALSE(is_valid_utf8(input));
    CHECK(is_valid_utf8(result.text));
}

TEST_CASE("repair returns well-formed UTF-8 unchanged", "[utf8]") {
    auto input = GENERATE(as<std::string>{}, "", "plain ASCII", "héllo wörld", "网络安全",
                          "emoji 😀 and U+10FFFF \xF4\x8F\xBF\xBF", "already replaced: �",
                          "a BOM inside \xEF\xBB\xBF stays");
    CAPTURE(input);
    const dossier::RepairedText result = repair_utf8(input);
    CHECK(result.text == input);
    CHECK(result.replaced == 0);
    CHECK(is_valid_utf8(input));
}

TEST_CASE("repair removes a leading byte order mark", "[utf8]") {
    const dossier::RepairedText result = repair_utf8("\xEF\xBB\xBFTitle\nbody");
    CHECK(result.text == "Title\nbody");
    CHECK(result.replaced == 0);
}

TEST_CASE("code points are counted, not bytes", "[utf8]") {
    // Row: well-formed text -> number of code points.
    auto [input, expected] = GENERATE(table<std::string, std::size_t>({
        {"", 0},
        {"abc", 3},
        {"héllo", 5},
        {"网络安全", 4},
        {"😀x", 2},
        {"héllo 中文 😀", 10},
        {"i\xCC\x87", 2},  // i + combining dot above: two code points
    }));
    CAPTURE(input);
    CHECK(count_code_points(input) == expected);
}

TEST_CASE("prefix_bytes never splits a character", "[utf8]") {
    // Row: text, code points wanted -> bytes of the longest prefix.
    auto [input, wanted, expected] = GENERATE(table<std::string, std::size_t, std::size_t>({
        {"abc", 0, 0},
        {"abc", 2, 2},
        {"ab", 5, 2},
        {"héllo", 2, 3},
        {"中文字", 2, 6},
        {"😀x", 1, 4},
        {"😀x", 2, 5},
        {"", 3, 0},
    }));
    CAPTURE(input, wanted);
    CHECK(prefix_bytes(input, wanted) == expected);
}

TEST_CASE("text for a terminal shows every control character and bad byte as an escape", "[utf8]") {
    // Row: bytes -> what a terminal is given.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        // C0 controls: the three everybody knows by letter, the rest in hex
        {"a\tb", "a\\tb"},
        {"a\nb", "a\\nb"},
        {"a\rb", "a\\rb"},
        {"\x1b]0;pwned\x07\x1b[2J", "\\x1b]0;pwned\\x07\\x1b[2J"},  // retitle, bell, clear screen
        {"abc\x08\x08\x08xyz", "abc\\x08\\x08\\x08xyz"},          // backspaces that overwrite
        {std::string("nul\0byte", 8), "nul\\x00byte"},
        {"\x01\x1f", "\\x01\\x1f"},
        {"\x0b\x0c", "\\x0b\\x0c"},  // vertical tab, form feed
        // DEL
        {"a\x7f", "a\\x7f"},
        // C1 controls U+0080..U+009F (well-formed UTF-8, still commands): CSI, NEL
        {"\xC2\x9B" "31m", "\\u009b31m"},
        {"line\xC2\x85next", "line\\u0085next"},
        {"\xC2\x80\xC2\x9F", "\\u0080\\u009f"},
        // ill-formed UTF-8: every byte of the bad sequence
        {"a\xFFz", "a\\xffz"},
        {"a\xC3", "a\\xc3"},                  // cut at the end
        {"a\xE2\x82z", "a\\xe2\\x82z"},       // cut in the middle
        {"\xC0\xAF", "\\xc0\\xaf"},           // overlong '/'
        {"\xED\xA0\x80", "\\xed\\xa0\\x80"},  // encoded surrogate
        {"\x9B", "\\x9b"},                    // a raw 8-bit CSI byte
    }));
    CAPTURE(input);
    CHECK(dossier::escape_for_terminal(input) == expected);
}

TEST_CASE("text for a terminal keeps printable text as it is", "[utf8]") {
    auto input = GENERATE(as<std::string>{}, "", "plain ASCII ~!@#$%^&*()", "C:\\Users\\report.txt",
                          "héllo wörld", "网络安全", "emoji 😀", "U+00A0 no-break\xC2\xA0space", "\xC2\xA9 2023",
                          "already escaped: \\x1b");
    CAPTURE(input);
    CHECK(dossier::escape_for_terminal(input) == input);
}

TEST_CASE("escape_for_terminal shows bidi controls, which would display the rest of a line reversed",
          "[utf8]") {
    CHECK(dossier::escape_for_terminal("Report \u202Efdp.exe\u202C") == "Report \\u202efdp.exe\\u202c");
    CHECK(dossier::escape_for_terminal("\u2067x\u2069 \u200F") == "\\u2067x\\u2069 \\u200f");
    CHECK(dossier::escape_for_terminal("عربى \u05D0") == "عربى \u05D0");  // right-to-left letters stay
}
