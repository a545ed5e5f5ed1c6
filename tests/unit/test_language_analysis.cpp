// SPDX-License-Identifier: MIT
// Analysis that depends on the language or script: the Snowball library's
// stemmers where Xapian has none, the light Russian stemmer, Greek accent
// and final-sigma folding, Turkish dotted and dotless i and the Turkish
// suffix after an apostrophe.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "index/document_builder.h"
#include "index/schema.h"
#include "search/snippet.h"
#include "text/analyzer.h"
#include "text/language.h"
#include "text/normalizer.h"
#include "text/stemmer.h"
#include "test_support.h"

using dossier::analyze;
using dossier::make_stemmer;
using dossier::normalize_word;
using dossier::Token;
using dossier::test::join;

namespace {

std::string terms_of(std::string_view text, std::string_view lang) {
    std::vector<std::string> terms;
    for (const Token& token : analyze(text, lang)) terms.push_back(token.term);
    return join(terms);
}

std::string stems_of(std::string_view text, std::string_view lang) {
    const Xapian::Stem stemmer = make_stemmer(lang);
    std::vector<std::string> stems;
    for (const Token& token : analyze(text, lang)) stems.push_back(stemmer(token.term));
    return join(stems);
}

}  // namespace

TEST_CASE("the Snowball library stems Greek and Hindi, which Xapian 1.4 cannot", "[stemmer]") {
    const auto& algorithms = dossier::snowball_algorithms();
    for (const char* name : {"greek", "hindi", "serbian", "yiddish"}) {
        CAPTURE(name);
        CHECK(std::find(algorithms.begin(), algorithms.end(), name) != algorithms.end());
        CHECK_FALSE(dossier::xapian_has_stemmer(name));
    }
    CHECK(dossier::xapian_has_stemmer("english"));
    CHECK(dossier::xapian_has_stemmer("turkish"));
    CHECK_FALSE(dossier::xapian_has_stemmer(""));
    // Every form of a word, as the analyzer gives it, reaches one stem.
    CHECK(stems_of("Πολιτική πολιτικής ΠΟΛΙΤΙΚΗΣ πολιτικης", "el") == "πολιτικ|πολιτικ|πολιτικ|πολιτικ");
    CHECK(stems_of("εκλογές εκλογών ΕΚΛΟΓΕΣ", "el") == "εκλογ|εκλογ|εκλογ");
    CHECK(stems_of("चुनाव चुनावों", "hi") == "चुनाव|चुनाव");
    // Serbian stems are in the Latin script, whichever script the word is in.
    CHECK(stems_of("Србија Srbije", "sr") == "srbij|srbij");
    CHECK(make_stemmer("el").get_description() == "Xapian::Stem(greek (libstemmer))");
    CHECK_THROWS_AS(dossier::snowball_stemmer("klingon"), std::invalid_argument);
}

TEST_CASE("every language with a stemmer name gets a working stemmer", "[stemmer]") {
    for (const char* code : {"ar", "hy", "eu", "ca", "da", "nl", "en", "fi", "fr", "de", "el", "hi", "hu", "id",
                             "ms", "ga", "it", "lt", "ne", "no", "nb", "nn", "pt", "ro", "ru", "sr", "es", "sv",
                             "ta", "tr", "yi"}) {
        CAPTURE(code);
        REQUIRE_FALSE(dossier::stemmer_name(code).empty());
        CHECK_NOTHROW(make_stemmer(code)("words"));
    }
}

TEST_CASE("the light Russian stemmer takes off case endings only", "[stemmer]") {
    // Row: word -> stem.
    auto [word, expected] = GENERATE(table<std::string, std::string>({
        {"похищенные", "похищен"},
        {"похищены", "похищен"},  // Snowball's: "похищ", apart from the line above
        {"квартиры", "квартир"},
        {"квартирами", "квартир"},
        {"квартир", "квартир"},
        {"российских", "российск"},
        {"российские", "российск"},
        {"пожаров", "пожар"},
        {"жара", "жар"},
        {"ещё", "ещё"},  // short words stay whole
        {"мир", "мир"},
    }));
    CAPTURE(word);
    CHECK(dossier::russian_light_stemmer()(word) == expected);
}

TEST_CASE("Greek accents and final sigma fold the same in every case", "[normalizer]") {
    // Row: word -> normalized.
    auto [word, expected] = GENERATE(table<std::string, std::string>({
        {"πολιτικής", "πολιτικησ"},
        {"ΠΟΛΙΤΙΚΗΣ", "πολιτικησ"},
        {"πολιτικης", "πολιτικησ"},
        {"Κόσμος", "κοσμοσ"},
        {"προϊόν", "προιον"},   // dialytika and tonos
        {"ΐ", "ι"},
        {"ἀρχή", "αρχη"},       // polytonic breathing and accent
        {"café", "café"},       // a Latin accent stays
    }));
    CAPTURE(word);
    CHECK(normalize_word(word) == expected);
    CHECK(normalize_word(word, "el") == expected);
}

TEST_CASE("a capital dotted I folds to a plain i in every language", "[normalizer]") {
    CHECK(normalize_word("İstanbul") == "istanbul");
    CHECK(normalize_word("İZMİR") == "izmir");
    CHECK(normalize_word("İstanbul", "en") == "istanbul");
}

TEST_CASE("in Turkish text a capital I is the dotless i", "[normalizer]") {
    // Row: word -> normalized in Turkish, normalized with no language.
    auto [word, turkish, other] = GENERATE(table<std::string, std::string, std::string>({
        {"IRAK", "ırak", "irak"},
        {"Irak", "ırak", "irak"},
        {"ırak", "ırak", "ırak"},
        {"KIRMIZI", "kırmızı", "kirmizi"},
        {"kırmızı", "kırmızı", "kırmızı"},
        {"İSTANBUL", "istanbul", "istanbul"},
        {"istanbul", "istanbul", "istanbul"},
        {"ISPARTA", "ısparta", "isparta"},
        {"Fenerbahçe", "fenerbahçe", "fenerbahçe"},
    }));
    CAPTURE(word);
    CHECK(normalize_word(word, "tr") == turkish);
    CHECK(normalize_word(word, "az") == turkish);
    CHECK(normalize_word(word) == other);
}

TEST_CASE("Turkish drops the case suffix after an apostrophe", "[analyzer]") {
    CHECK(terms_of("İstanbul'da NATO'nun Erdoğan’ın IRAK'TA", "tr") == "istanbul|nato|erdoğan|ırak");
    CHECK(terms_of("Türkiye'nin 2023'te yüzde 50'de", "tr") == "türkiye|2023|yüzde|50");
    CHECK(terms_of("2023 'te", "tr") == "2023|te");  // not a suffix: a space before it
    // Other languages keep both parts (English keeps its possessive).
    CHECK(terms_of("İstanbul'da China's", "en") == "istanbul|da|chinas");
    CHECK(terms_of("İstanbul'da", "") == "istanbul|da");
    // A word still spans the whole of what was written.
    const std::vector<Token> tokens = analyze("NATO'nun zirvesi", "tr");
    REQUIRE(tokens.size() == 2);
    CHECK(tokens[0].begin == 0);
    CHECK(tokens[0].end == std::string("NATO'nun").size());
}

TEST_CASE("queries are analyzed again only in languages whose analysis differs", "[analyzer]") {
    CHECK(dossier::analysis_depends_on_language("tr"));
    CHECK(dossier::analysis_depends_on_language("az"));
    for (const char* code : {"", "en", "el", "ru", "hi", "de", "und"}) {
        CAPTURE(code);
        CHECK_FALSE(dossier::analysis_depends_on_language(code));
    }
}

TEST_CASE("a Turkish document's snippet marks the words its Turkish terms came from", "[snippet]") {
    const auto matching = [](const std::string& term) { return term == "ısparta" || term == "nato"; };
    const dossier::Snippet turkish = dossier::make_snippet("ISPARTA'DA kar, NATO'nun zirvesi", matching, 100, "tr");
    REQUIRE(turkish.highlights.size() == 2);
    CHECK(turkish.highlights[0] == std::pair<std::size_t, std::size_t>{0, 10});  // "ISPARTA'DA"
    CHECK(turkish.highlights[1] == std::pair<std::size_t, std::size_t>{16, 24});  // "NATO'nun"
    // Analyzed with no language, "ISPARTA" is "isparta": no match.
    CHECK(dossier::make_snippet("ISPARTA'DA kar", matching, 100).highlights.empty());
}

TEST_CASE("a Turkish document gets Turkish terms and still the countries it names", "[document_builder]") {
    dossier::SourceDocument source;
    source.path = "/docs/tr.txt";
    source.lang = "tr";
    source.text = "IRAK'IN kuzeyinde sel. Irak hükümeti NATO'nun yardımını istedi.";
    const dossier::BuiltDocument built = dossier::build_document(source, "", dossier::test::builtin_catalog());
    const Xapian::Document& document = built.document;
    const auto has_term = [&](const std::string& term) {
        Xapian::TermIterator it = document.termlist_begin();
        it.skip_to(term);
        return it != document.termlist_end() && *it == term;
    };
    CHECK(has_term("ırak"));
    CHECK(has_term("nato"));
    CHECK_FALSE(has_term("irak"));
    CHECK_FALSE(has_term("ın"));   // the suffixes are no words
    CHECK_FALSE(has_term("nun"));
    // The country names are matched on the text folded the general way.
    CHECK(has_term(dossier::schema::prefixed_term(dossier::schema::kCountryPrefix, "IQ")));
}
