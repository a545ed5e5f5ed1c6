// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "formats/charset.h"
#include "test_support.h"
#include "base/utf8.h"

using dossier::decode_text;
using dossier::DecodedText;

namespace {

// A fixture in tests/fixtures/encodings/ and its UTF-8 source.
std::string encoded_fixture(const std::string& name) {
    return dossier::test::fixture("encodings/" + name + ".txt");
}
std::string fixture_source(const std::string& name) {
    return dossier::test::fixture("encodings/src/" + name + ".utf8");
}

// The first byte offset at or after `offset` that starts a UTF-8 character.
std::size_t character_start(const std::string& text, std::size_t offset) {
    while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) ++offset;
    return offset;
}

// "encoding|confidence|guessed|replaced" for compact comparisons.
std::string summary(const DecodedText& decoded) {
    return decoded.encoding + "|" + std::to_string(decoded.confidence) + "|" +
           (decoded.guessed ? "guessed" : "known") + "|" + std::to_string(decoded.replaced);
}

}  // namespace

TEST_CASE("each encoding fixture decodes to its UTF-8 source", "[charset]") {
    // Row: fixture name -> the encoding decode_text reports. The legacy
    // ones are guessed by ICU's detector; the UTF-16 ones have a BOM.
    auto [name, encoding] = GENERATE(table<std::string, std::string>({
        {"zh_gb18030", "GB18030"},
        {"zh_gbk", "GB18030"},  // GBK is read with its superset
        {"zh_big5", "Big5"},
        {"ru_cp1251", "windows-1251"},
        {"ru_koi8r", "KOI8-R"},
        {"fr_cp1252", "windows-1252"},
        {"de_latin1", "windows-1252"},  // ICU says ISO-8859-1; read as browsers do
        {"ja_sjis", "Shift_JIS"},
        {"en_utf16le", "UTF-16LE"},
        {"ru_utf16be", "UTF-16BE"},
    }));
    CAPTURE(name);
    const std::string bytes = encoded_fixture(name);
    const std::string source = fixture_source(name);
    REQUIRE(source.size() > 300);
    REQUIRE(bytes != source);  // really in a legacy encoding (or with a BOM)
    const DecodedText decoded = decode_text(bytes);
    CHECK(decoded.encoding == encoding);
    CHECK(decoded.text == source);
    CHECK(decoded.replaced == 0);
    const bool bom = dossier::has_unicode_bom(bytes);
    CHECK(decoded.guessed == !bom);
    if (bom) CHECK(decoded.confidence == 100);
    else CHECK(decoded.confidence >= dossier::kLowCharsetConfidence);
    CHECK(dossier::decoding_warnings(decoded).empty());
}

TEST_CASE("the source of each fixture is not itself mistaken for a legacy encoding", "[charset]") {
    const std::string name = GENERATE(as<std::string>{}, "zh_gb18030", "zh_big5", "ru_koi8r",
                                      "fr_cp1252", "ja_sjis", "ru_utf16be");
    CAPTURE(name);
    const std::string source = fixture_source(name);
    const DecodedText decoded = decode_text(source, "windows-1251");
    CHECK(summary(decoded) == "UTF-8|100|known|0");
    CHECK(decoded.text == source);
}

TEST_CASE("a byte-order mark decides the encoding and is removed", "[charset]") {
    // Row: bytes -> "text|encoding|replaced".
    auto [bytes, expected] = GENERATE(table<std::string, std::string>({
        {"\xEF\xBB\xBFh\xC3\xA9", "hé|UTF-8|0"},
        {"\xEF\xBB\xBF" "caf\xE9 ok", "caf� ok|UTF-8|1"},  // a BOM says UTF-8 even when damaged
        {std::string("\xFF\xFEh\0\xE9\0", 6), "hé|UTF-16LE|0"},
        {std::string("\xFE\xFF\0h\0\xE9", 6), "hé|UTF-16BE|0"},
        {std::string("\xFF\xFE\0\0h\0\0\0\xE9\0\0\0", 12), "hé|UTF-32LE|0"},
        {std::string("\0\0\xFE\xFF\0\0\0h", 8), "h|UTF-32BE|0"},
        {std::string("\xFF\xFE\x34\xD8\x1E\xDD", 6), "𝄞|UTF-16LE|0"},  // a surrogate pair
        {std::string("\xFF\xFE\x34\xD8h\0", 6), "�h|UTF-16LE|1"},      // a lone lead surrogate
        {std::string("\xFF\xFEh\0i", 5), "h�|UTF-16LE|1"},               // an odd last byte
        {std::string("\xFF\xFE\0\0\0\0\x11\0", 8), "�|UTF-32LE|1"},      // beyond U+10FFFF
        {"\xFF\xFE", "|UTF-16LE|0"},
        {"\xEF\xBB\xBF", "|UTF-8|0"},
    }));
    CAPTURE(bytes);
    const DecodedText decoded = decode_text(bytes, "windows-1251");
    CHECK(decoded.text + "|" + decoded.encoding + "|" + std::to_string(decoded.replaced) == expected);
    CHECK(decoded.confidence == 100);
    CHECK_FALSE(decoded.guessed);
}

TEST_CASE("has_unicode_bom recognises the five byte-order marks only", "[charset]") {
    // Row: bytes -> "yes" when they start with a BOM.
    auto [bytes, expected] = GENERATE(table<std::string, std::string>({
        {"\xEF\xBB\xBFtext", "yes"},
        {"\xFF\xFE", "yes"},
        {"\xFE\xFFx", "yes"},
        {std::string("\xFF\xFE\0\0", 4), "yes"},
        {std::string("\0\0\xFE\xFF", 4), "yes"},
        {"\xEF\xBB", "no"},
        {std::string("\0\0\xFF\xFE", 4), "no"},
        {"\xFF", "no"},
        {"text \xEF\xBB\xBF", "no"},
        {"", "no"},
    }));
    CAPTURE(bytes);
    CHECK((dossier::has_unicode_bom(bytes) ? "yes" : "no") == expected);
}

TEST_CASE("valid UTF-8 is returned unchanged with full confidence", "[charset]") {
    const std::string name = GENERATE(as<std::string>{}, "zh_cyber.txt", "ru_cyber.txt",
                                      "ar_cyber.txt", "th_cyber.txt", "en_plain.txt");
    CAPTURE(name);
    const std::string text = dossier::test::fixture(name);
    const DecodedText decoded = decode_text(text);
    CHECK(decoded.text == text);
    CHECK(summary(decoded) == "UTF-8|100|known|0");
    CHECK(summary(decode_text("plain ASCII")) == "UTF-8|100|known|0");
    CHECK(summary(decode_text("")) == "UTF-8|100|known|0");
}

TEST_CASE("UTF-8 with a few stray bytes stays UTF-8 and they are replaced", "[charset]") {
    const std::string text = dossier::test::fixture("ru_cyber.txt");
    REQUIRE(text.size() > 400);
    const std::size_t first = character_start(text, 100);
    const std::size_t second = character_start(text, 300);
    // Two stray bytes between characters and a character cut off at the end.
    const std::string damaged = text.substr(0, first) + "\xFF" + text.substr(first, second - first) +
                                "\xE9" + text.substr(second) + "\xD0";
    const DecodedText decoded = decode_text(damaged);
    CHECK(decoded.encoding == "UTF-8");
    CHECK(decoded.replaced == 3);
    CHECK_FALSE(decoded.guessed);
    CHECK(decoded.confidence >= 80);
    CHECK(decoded.text == text.substr(0, first) + "\uFFFD" + text.substr(first, second - first) +
                              "\uFFFD" + text.substr(second) + "\uFFFD");
    CHECK(dossier::decoding_warnings(decoded) ==
          std::vector<std::string>{"3 byte sequences not valid UTF-8 replaced with U+FFFD"});

    // A declared legacy charset does not overrule text that is UTF-8.
    CHECK(decode_text(damaged, "windows-1251").encoding == "UTF-8");
}

TEST_CASE("text that is only partly well-formed UTF-8 is not read as UTF-8", "[charset]") {
    // GBK text forms valid UTF-8 sequences by accident: here two
    // well-formed for three ill-formed. Below four well-formed sequences in
    // five, the detector decides.
    const std::string gbk = "\xCD\xF8\xC2\xE7\xB0\xB2\xC8\xAB\xCD\xF8\xC2\xE7\xB0\xB2\xC8\xAB";  // 网络安全网络安全
    const DecodedText decoded = decode_text(gbk);
    CHECK(decoded.encoding != "UTF-8");
    CHECK(decoded.guessed);
    CHECK(dossier::is_valid_utf8(decoded.text));
}

TEST_CASE("a declared charset that converts cleanly is used", "[charset]") {
    // Row: fixture, declared label -> "encoding|confidence|guessed|replaced".
    auto [name, label, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"ru_cp1251", "windows-1251", "windows-1251|100|known|0"},
        {"ru_cp1251", " CP1251 ", "windows-1251|100|known|0"},
        {"ru_koi8r", "koi8-r", "KOI8-R|100|known|0"},
        {"zh_gbk", "gbk", "GB18030|100|known|0"},
        {"zh_gb18030", "\"GB2312\"", "GB18030|100|known|0"},
        {"zh_big5", "big5", "Big5|100|known|0"},
        {"ja_sjis", "shift_jis", "Shift_JIS|100|known|0"},
        {"ja_sjis", "x-sjis", "Shift_JIS|100|known|0"},
        // The WHATWG rule: ISO-8859-1 labels mean windows-1252 (curly quotes, €).
        {"fr_cp1252", "iso-8859-1", "windows-1252|100|known|0"},
        {"de_latin1", "latin1", "windows-1252|100|known|0"},
    }));
    CAPTURE(name, label);
    const DecodedText decoded = decode_text(encoded_fixture(name), label);
    CHECK(summary(decoded) == expected);
    CHECK(decoded.text == fixture_source(name));
}

TEST_CASE("a declared charset is honoured even when the detector would disagree", "[charset]") {
    // KOI8-R bytes declared as windows-1251: what the document says wins
    // (a browser shows the same), names from ICU's table included.
    const std::string bytes = encoded_fixture("ru_koi8r");
    DecodedText decoded = decode_text(bytes, "windows-1251");
    CHECK(summary(decoded) == "windows-1251|100|known|0");
    CHECK(decoded.text.starts_with("лБМЙОЙОЗТБДУЛЙЕ"));
    decoded = decode_text(bytes, "ISO_8859-5");
    CHECK(summary(decoded) == "ISO-8859-5|100|known|0");
    decoded = decode_text(bytes, "koi8-u");
    CHECK(decoded.encoding == "KOI8-U");
    CHECK_FALSE(decoded.guessed);
}

TEST_CASE("a declared charset that needs many substitutions gives way to detection", "[charset]") {
    // GBK bytes are not valid EUC-JP or Shift_JIS in many places.
    const std::string label = GENERATE(as<std::string>{}, "euc-jp", "shift_jis");
    CAPTURE(label);
    const DecodedText decoded = decode_text(encoded_fixture("zh_gbk"), label);
    CHECK(decoded.encoding == "GB18030");
    CHECK(decoded.guessed);
    CHECK(decoded.text == fixture_source("zh_gbk"));
}

TEST_CASE("an unknown or Unicode declared label is ignored", "[charset]") {
    const std::string label = GENERATE(as<std::string>{}, "x-no-such-charset", "utf-8", "utf-16",
                                       "UTF-16LE", "../../etc/passwd", "windows 1251",
                                       std::string("koi8-r\0x", 8), std::string(200, 'a'), "");
    CAPTURE(label);
    const DecodedText decoded = decode_text(encoded_fixture("ru_cp1251"), label);
    CHECK(decoded.encoding == "windows-1251");
    CHECK(decoded.guessed);
    CHECK(decoded.text == fixture_source("ru_cp1251"));
}

TEST_CASE("a legacy paragraph after pages of ASCII is still detected", "[charset]") {
    // ICU's detector reads only the first 8 KiB; the non-ASCII lines of a
    // long file are what it gets.
    std::string ascii;
    while (ascii.size() < 50000) ascii += "| 2023-04-13 | port | status: nominal | 42 |\n";
    const std::string name = GENERATE(as<std::string>{}, "ru_koi8r", "zh_big5", "ja_sjis");
    CAPTURE(name);
    const DecodedText decoded = decode_text(ascii + encoded_fixture(name) + ascii);
    CHECK(decoded.text == ascii + fixture_source(name) + ascii);
    CHECK(decoded.replaced == 0);
    CHECK(decoded.guessed);
}

TEST_CASE("a weak guess is reported with its confidence", "[charset]") {
    // Too short for the detector: read as windows-1252, where every byte maps.
    const DecodedText decoded = decode_text("caf\xE9");
    CHECK(decoded.text == "café");
    CHECK(summary(decoded) == "windows-1252|10|guessed|0");
    CHECK(dossier::decoding_warnings(decoded) ==
          std::vector<std::string>{
              "not UTF-8; read as windows-1252 but the guess is weak (confidence 10%); convert the "
              "file to UTF-8 to be sure"});
}

TEST_CASE("decoding warnings count replaced sequences in the encoding read", "[charset]") {
    DecodedText decoded;
    decoded.encoding = "Big5";
    decoded.replaced = 1;
    CHECK(dossier::decoding_warnings(decoded) ==
          std::vector<std::string>{"1 byte sequence not valid Big5 replaced with U+FFFD"});
    decoded.guessed = true;
    decoded.confidence = 12;
    decoded.replaced = 2;
    CHECK(dossier::decoding_warnings(decoded) ==
          std::vector<std::string>{
              "not UTF-8; read as Big5 but the guess is weak (confidence 12%); convert the file "
              "to UTF-8 to be sure",
              "2 byte sequences not valid Big5 replaced with U+FFFD"});
    decoded.confidence = dossier::kLowCharsetConfidence;
    decoded.replaced = 0;
    CHECK(dossier::decoding_warnings(decoded).empty());
}

TEST_CASE("arbitrary bytes never throw and always give well-formed UTF-8", "[charset]") {
    const std::vector<std::string> labels{"", "gbk", "big5", "shift_jis", "euc-jp", "euc-kr",
                                          "koi8-r", "iso-2022-jp", "utf-8", "hz-gb-2312", "utf-7",
                                          "scsu", "bocu-1", "iso-8859-8"};
    std::mt19937 random(20230413);
    for (int round = 0; round < 400; ++round) {
        const std::size_t size = random() % (round < 300 ? 64 : 20000);
        std::string bytes(size, '\0');
        const unsigned high = 1 + round % 4;  // from mostly ASCII to all kinds of bytes
        for (char& c : bytes) {
            const unsigned r = random();
            c = static_cast<char>(r % 4 < high ? (r >> 8) & 0xFF : 0x20 + (r >> 8) % 0x5F);
        }
        const std::string& label = labels[static_cast<std::size_t>(round) % labels.size()];
        CAPTURE(round, label);
        DecodedText decoded;
        REQUIRE_NOTHROW(decoded = decode_text(bytes, label));
        REQUIRE(dossier::is_valid_utf8(decoded.text));
        REQUIRE(!decoded.encoding.empty());
        REQUIRE(decoded.confidence >= 0);
        REQUIRE(decoded.confidence <= 100);
    }
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += static_cast<char>(b);
    CHECK(dossier::is_valid_utf8(decode_text(all_bytes).text));
    CHECK(dossier::is_valid_utf8(decode_text(all_bytes.substr(128)).text));
}
