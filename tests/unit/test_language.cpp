// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "base/error.h"
#include "text/language.h"
#include "test_support.h"

using dossier::canonical_language_code;
using dossier::detect_language;
using dossier::make_stemmer;
using dossier::stemmer_name;

TEST_CASE("language detection recognises each seed document", "[language]") {
    // Row: seed file in SEEDS_DIR -> detected language code.
    auto [file, expected] = GENERATE(table<std::string, std::string>({
        {"000_cbda0d9f3f71e4c9.txt", "id"},
        {"001_13f1f25d5283cfc5.txt", "en"},
        {"002_f02ef9834c905904.txt", "id"},
        {"003_80cc6779974243da.txt", "en"},
        {"004_51e65c8d9e533e62.txt", "en"},
    }));
    CAPTURE(file);
    const std::string text = dossier::test::read_file(std::filesystem::path(SEEDS_DIR) / file);
    REQUIRE_FALSE(text.empty());
    const dossier::LanguageGuess guess = detect_language(text);
    CHECK(guess.code == expected);
    CHECK(guess.reliable);
    CHECK(guess.percent >= 90);
}

TEST_CASE("language detection recognises each fixture language", "[language]") {
    // Row: fixture file in FIXTURES_DIR -> detected language code.
    auto [file, expected] = GENERATE(table<std::string, std::string>({
        {"zh_cyber.txt", "zh"},
        {"ru_cyber.txt", "ru"},
        {"ar_cyber.txt", "ar"},
        {"th_cyber.txt", "th"},
        {"id_inflect.txt", "id"},
        {"en_plain.txt", "en"},
    }));
    CAPTURE(file);
    const dossier::LanguageGuess guess = detect_language(dossier::test::fixture(file));
    CHECK(guess.code == expected);
    CHECK(guess.reliable);
}

TEST_CASE("language detection says und when the text is too short to tell", "[language]") {
    auto text = GENERATE(as<std::string>{}, "", "hi", "Hello", "ok ok", "12345 67890", "  ,.!? ");
    CAPTURE(text);
    const dossier::LanguageGuess guess = detect_language(text);
    CHECK(guess.code == "und");
    CHECK(guess.code == dossier::kUndeterminedLanguage);
    CHECK_FALSE(guess.reliable);
}

TEST_CASE("language codes and English names become canonical codes", "[language]") {
    // Row: what a user typed -> canonical code.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"en", "en"},
        {"EN", "en"},
        {"id", "id"},
        {"Indonesian", "id"},
        {"INDONESIAN", "id"},
        {"indonesian", "id"},
        {"French", "fr"},
        {"zh", "zh"},
        {"zh-Hant", "zh"},
        {"ZH-HANT", "zh"},
        {"iw", "he"},  // withdrawn code for Hebrew
        {"fr-CA", "fr"},  // BCP 47 tags as markup writes them
        {"en_US", "en"},
        {"pt-BR", "pt"},
        {"zh-TW", "zh"},
        {"und", "und"},
    }));
    CAPTURE(input);
    CHECK(canonical_language_code(input) == expected);
}

TEST_CASE("an unknown language is a usage error that names the value", "[language]") {
    // Row: what a user typed -> the exact error message.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"xx", "unknown language 'xx': give an ISO 639-1 code such as en, id, zh, ru, ar, fr, or "
               "an English language name such as Indonesian"},
        {"klingon", "unknown language 'klingon': give an ISO 639-1 code such as en, id, zh, ru, "
                    "ar, fr, or an English language name such as Indonesian"},
        {"xx-YY", "unknown language 'xx-YY': give an ISO 639-1 code such as en, id, zh, ru, ar, fr, "
                  "or an English language name such as Indonesian"},
        {"", "unknown language '': give an ISO 639-1 code such as en, id, zh, ru, ar, fr, or an "
             "English language name such as Indonesian"},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(canonical_language_code(input), dossier::UsageError);
    REQUIRE_THROWS_WITH(canonical_language_code(input), expected);
}

TEST_CASE("each language code maps to its Snowball stemmer or to none", "[language]") {
    // Row: language code -> stemmer name ("" when there is none).
    auto [code, expected] = GENERATE(table<std::string, std::string>({
        {"en", "english"},
        {"id", "indonesian"},
        {"ms", "indonesian"},
        {"ru", "russian_light"},
        {"el", "greek"},  // the Snowball library's: Xapian 1.4 has none
        {"hi", "hindi"},
        {"ar", "arabic"},
        {"fr", "french"},
        {"zh", ""},
        {"ja", ""},
        {"th", ""},
        {"uk", ""},
        {"und", ""},
        {"", ""},
    }));
    CAPTURE(code);
    CHECK(stemmer_name(code) == expected);
}

TEST_CASE("make_stemmer stems in the document language", "[language]") {
    // Row: language code, word -> stem (the word itself with no stemmer).
    auto [code, word, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"id", "pengamanan", "aman"},
        {"id", "keamanan", "aman"},
        {"id", "diamankan", "aman"},
        {"id", "serangan", "serang"},
        {"id", "menyerang", "serang"},
        {"id", "peretasan", "etas"},
        {"id", "diretas", "retas"},
        {"ms", "pengamanan", "aman"},
        {"en", "attacks", "attack"},
        {"en", "hospitals", "hospit"},
        {"en", "chinas", "china"},  // the analyzer keeps possessives: "China's" -> "chinas"
        {"ru", "атаками", "атак"},
        {"ru", "хакеры", "хакер"},
        {"ru", "похищенные", "похищен"},  // the light stemmer: Snowball's gives "похищен"
        {"ru", "похищены", "похищен"},    // and "похищ"
        {"el", "πολιτικησ", "πολιτικ"},   // as normalized: no accent, final sigma folded
        {"el", "κυβερνησεισ", "κυβερνησ"},
        {"hi", "चुनावों", "चुनाव"},
        {"hi", "किसानों", "किसान"},
        {"ar", "الهجمات", "هجم"},
        {"zh", "网络安全", "网络安全"},
        {"th", "ความปลอดภัย", "ความปลอดภัย"},
        {"uk", "хакери", "хакери"},
    }));
    CAPTURE(code, word);
    CHECK(make_stemmer(code)(word) == expected);
}
