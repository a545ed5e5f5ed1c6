// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "text/segmenter.h"
#include "test_support.h"
#include "base/utf8.h"

using dossier::segment_words;
using dossier::WordKind;
using dossier::test::join;

namespace {

// The words of `text` as its byte spans slice them.
std::string words_of(std::string_view text) {
    std::vector<std::string> words;
    for (const dossier::WordSpan& span : segment_words(text))
        words.emplace_back(text.substr(span.begin, span.end - span.begin));
    return join(words);
}

const char* kind_name(WordKind kind) {
    switch (kind) {
        case WordKind::number: return "number";
        case WordKind::letter: return "letter";
        case WordKind::kana: return "kana";
        case WordKind::ideographic: return "ideographic";
    }
    return "?";
}

}  // namespace

TEST_CASE("segmentation splits sentences of six languages into words", "[segmenter]") {
    // Row: a sentence -> its words, as sliced by their byte spans, joined
    // by '|'. Spaces and punctuation are not words; Chinese and Thai are
    // split by ICU's dictionaries.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"The U.S. and China's e-mail policy, 2023.", "The|U.S|and|China's|e|mail|policy|2023"},
        {"Pemerintah Indonesia memperkuat keamanan siber nasional.",
         "Pemerintah|Indonesia|memperkuat|keamanan|siber|nasional"},
        {"中华人民共和国外交部发言人", "中华|人民|共和国|外交部|发言|人"},
        {"网络安全是国家安全的重要组成部分", "网络|安全|是|国家安全|的|重要|组成|部分"},
        {"Хакеры атаковали российские банки в 2023 году.",
         "Хакеры|атаковали|российские|банки|в|2023|году"},
        {"تصاعد الهجمات السيبرانية على البنية التحتية",
         "تصاعد|الهجمات|السيبرانية|على|البنية|التحتية"},
        {"จีนและสหรัฐอเมริกาเร่งหารือความปลอดภัยทางไซเบอร์",
         "จีน|และ|สหรัฐอเมริกา|เร่ง|หารือ|ความ|ปลอดภัย|ทาง|ไซเบอร์"},
        {"", ""},
        {"  ,.!? — …", ""},
    }));
    CAPTURE(input);
    CHECK(words_of(input) == expected);
}

TEST_CASE("segmentation reports byte offsets, not code point offsets", "[segmenter]") {
    // Row: text -> "begin-end" byte span of each word, joined by '|'.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Hello, world!", "0-5|7-12"},
        {"Москва, 2023", "0-12|14-18"},
        {"网络安全", "0-6|6-12"},
        {"ﬁnance ok", "0-8|9-11"},
        {"😀 ok", "5-7"},
    }));
    CAPTURE(input);
    std::vector<std::string> spans;
    for (const dossier::WordSpan& span : segment_words(input))
        spans.push_back(std::to_string(span.begin) + "-" + std::to_string(span.end));
    CHECK(join(spans) == expected);
}

TEST_CASE("segmentation classifies numbers, letters and ideographs", "[segmenter]") {
    // Row: text -> "word:kind" for each word, joined by '|'.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"2023 3.14", "2023:number|3.14:number"},
        {"abc Москва", "abc:letter|Москва:letter"},
        {"网络 安全", "网络:ideographic|安全:ideographic"},
        {"ความปลอดภัย", "ความ:letter|ปลอดภัย:letter"},
    }));
    CAPTURE(input);
    std::vector<std::string> words;
    for (const dossier::WordSpan& span : segment_words(input))
        words.push_back(input.substr(span.begin, span.end - span.begin) + ":" + kind_name(span.kind));
    CHECK(join(words) == expected);
}

TEST_CASE("word spans of every fixture are ordered and slice whole words", "[segmenter]") {
    auto name = GENERATE(as<std::string>{}, "zh_cyber.txt", "ru_cyber.txt", "ar_cyber.txt",
                         "th_cyber.txt", "id_inflect.txt", "en_plain.txt");
    CAPTURE(name);
    const std::string text = dossier::test::fixture(name);
    REQUIRE_FALSE(text.empty());
    const std::vector<dossier::WordSpan> spans = segment_words(text);
    REQUIRE(spans.size() > 50);
    std::size_t previous_end = 0;
    for (const dossier::WordSpan& span : spans) {
        CAPTURE(span.begin, span.end);
        REQUIRE(span.begin >= previous_end);
        REQUIRE(span.begin < span.end);
        REQUIRE(span.end <= text.size());
        const std::string word = text.substr(span.begin, span.end - span.begin);
        CHECK(dossier::is_valid_utf8(word));  // never cuts a character
        CHECK(word.find_first_of(" \t\n\r") == std::string::npos);
        previous_end = span.end;
    }
}
