// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include "text/normalizer.h"

using dossier::normalize_word;

TEST_CASE("normalization folds width, ligatures, case and compatibility forms", "[normalizer]") {
    // Row: a word as written -> the word as indexed (NFKC + full case folding,
    // ignorable characters, Arabic diacritics and tatweel removed, ё -> е).
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        // ASCII fast path
        {"HELLO", "hello"},
        {"MiXeD123", "mixed123"},
        // full-width and half-width forms
        {"ＡＢＣ", "abc"},
        {"Ｈｅｌｌｏ", "hello"},
        {"１２３", "123"},
        {"ｶﾀｶﾅ", "カタカナ"},
        // ligatures
        {"ﬁnance", "finance"},
        {"ﬂow", "flow"},
        {"ﬃ", "ffi"},
        {"ﬆ", "st"},
        // case: German sharp s, Greek final sigma, Turkish dotted capital I
        {"ß", "ss"},
        {"Straße", "strasse"},
        {"STRASSE", "strasse"},
        {"ΣΊΣΥΦΟΣ", "σισυφοσ"},  // Greek accents go too (test_language_analysis.cpp)
        {"σίσυφος", "σισυφοσ"},
        {"İstanbul", "istanbul"},  // full folding's U+0307 after the i goes
        {"ISTANBUL", "istanbul"},
        {"ı", "ı"},                        // dotless i is its own letter
        {"ǅ", "dž"},
        {"ÅNGSTRÖM", "ångström"},
        {"ПРИВЕТ", "привет"},
        // NFKC compatibility characters
        {"①", "1"},
        {"㍱", "hpa"},
        {"㎏", "kg"},
        {"½", "1⁄2"},
        {"Ⅻ", "xii"},
        {"™", "tm"},
        {"x²", "x2"},
        {"㈱", "(株)"},
        {"ﷲ", "الله"},
        // composition: e + combining acute becomes é
        {"cafe\xCC\x81", "café"},
        // default-ignorable characters removed
        {"secu\xC2\xADrity", "security"},  // soft hyphen U+00AD
        {"a\xE2\x80\x8D" "b", "ab"},       // zero-width joiner U+200D
        {"a\xE2\x80\x8B" "b", "ab"},       // zero-width space U+200B
        // Arabic diacritics (harakat) and tatweel removed
        {"مُحَمَّد", "محمد"},
        {"ـعـربـي", "عربي"},
        // Cyrillic ё folded to е
        {"ёлка", "елка"},
        {"Ёж", "еж"},
        {"", ""},
    }));
    CAPTURE(input);
    CHECK(normalize_word(input) == expected);
    // Normalizing twice changes nothing: the index and queries agree.
    CHECK(normalize_word(expected) == expected);
}
