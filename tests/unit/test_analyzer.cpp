// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text/analyzer.h"
#include "text/normalizer.h"
#include "test_support.h"

using dossier::analyze;
using dossier::Token;
using dossier::test::join;

namespace {

std::string terms_of(std::string_view text) {
    std::vector<std::string> terms;
    for (const Token& token : analyze(text)) terms.push_back(token.term);
    return join(terms);
}

}  // namespace

TEST_CASE("analysis turns sentences of six languages into index terms", "[analyzer]") {
    // Row: a sentence -> its terms in order, joined by '|'.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"The U.S. and China's e-mail policy, 2023.", "the|us|and|chinas|e|mail|policy|2023"},
        {"Pemerintah Indonesia memperkuat keamanan siber nasional.",
         "pemerintah|indonesia|memperkuat|keamanan|siber|nasional"},
        {"网络安全是国家安全的重要组成部分", "网络|安全|是|国家安全|的|重要|组成|部分"},
        {"中华人民共和国外交部发言人", "中华|人民|共和国|外交部|发言|人"},
        {"Хакеры атаковали российские банки в 2023 году.",
         "хакеры|атаковали|российские|банки|в|2023|году"},
        {"تصاعد الهجمات السيبرانية على البنية التحتية",
         "تصاعد|الهجمات|السيبرانية|على|البنية|التحتية"},
        {"จีนและสหรัฐอเมริกาเร่งหารือความปลอดภัยทางไซเบอร์",
         "จีน|และ|สหรัฐอเมริกา|เร่ง|หารือ|ความ|ปลอดภัย|ทาง|ไซเบอร์"},
    }));
    CAPTURE(input);
    CHECK(terms_of(input) == expected);
}

TEST_CASE("analysis joins acronyms and possessives and splits compounds", "[analyzer]") {
    // Row: text -> its terms in order, joined by '|' ("" for none).
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"U.S.", "us"},
        {"U.S.A.", "usa"},
        {"e.g.", "eg"},
        {"the US and the U.S.", "the|us|and|the|us"},
        // A possessive stays on its word; the English stemmer removes it.
        {"China's", "chinas"},
        {"China’s", "chinas"},  // typographic apostrophe U+2019
        {"Microsoft's Exchange", "microsofts|exchange"},
        {"e-mail", "e|mail"},
        {"e-mail.com", "e|mail|com"},
        {"hello_world", "hello|world"},
        {"ＡＢＣ", "abc"},
        {"ﬁnance", "finance"},
        {"Straße", "strasse"},
        {"مُحَمَّد", "محمد"},  // Arabic diacritics removed
        {"ёлка Ёж", "елка|еж"},
        {"secu\xC2\xADrity", "security"},  // soft hyphen U+00AD inside a word
        {"... !!! ---", ""},
        {"", ""},
    }));
    CAPTURE(input);
    CHECK(terms_of(input) == expected);
}

TEST_CASE("analysis drops terms longer than 64 bytes", "[analyzer]") {
    // Row: text -> its terms joined by '|'. Cyrillic letters take 2 bytes.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {std::string(64, 'a') + " ok", std::string(64, 'a') + "|ok"},
        {std::string(65, 'a') + " ok", "ok"},
        {"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0 sha", "sha"},
    }));
    CAPTURE(input);
    CHECK(terms_of(input) == expected);

    std::string cyrillic_32, cyrillic_33;
    for (int i = 0; i < 32; ++i) cyrillic_32 += "ж";
    cyrillic_33 = cyrillic_32 + "ж";
    CHECK(terms_of(cyrillic_32 + " " + cyrillic_33) == cyrillic_32);
    CHECK(dossier::kMaxTermBytes == 64);
}

TEST_CASE("tokens record the byte span and index of the word they came from", "[analyzer]") {
    // Row: text -> "term@begin-end#word" for each token, joined by '|'.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"U.S. e-mail", "us@0-3#0|e@5-6#1|mail@7-11#2"},
        {"e-mail.com", "e@0-1#0|mail@2-10#1|com@2-10#1"},
        {"China's 网络安全", "chinas@0-7#0|网络@8-14#1|安全@14-20#2"},
        {"😀 ok", "ok@5-7#0"},
    }));
    CAPTURE(input);
    std::vector<std::string> tokens;
    for (const Token& t : analyze(input))
        tokens.push_back(t.term + "@" + std::to_string(t.begin) + "-" + std::to_string(t.end) + "#" +
                         std::to_string(t.word));
    CHECK(join(tokens) == expected);
}

TEST_CASE("every token of every fixture slices back to the word it came from", "[analyzer]") {
    auto name = GENERATE(as<std::string>{}, "zh_cyber.txt", "ru_cyber.txt", "ar_cyber.txt",
                         "th_cyber.txt", "id_inflect.txt", "en_plain.txt");
    CAPTURE(name);
    const std::string text = dossier::test::fixture(name);
    const std::vector<Token> tokens = analyze(text);
    REQUIRE(tokens.size() > 50);
    for (const Token& token : tokens) {
        CAPTURE(token.term, token.begin, token.end);
        REQUIRE(token.end <= text.size());
        REQUIRE(token.begin < token.end);
        const std::string word = text.substr(token.begin, token.end - token.begin);
        // The term is the normalized word, or one part of it.
        CHECK(dossier::normalize_word(word).find(token.term) != std::string::npos);
        CHECK(token.term.size() <= dossier::kMaxTermBytes);
    }
}
