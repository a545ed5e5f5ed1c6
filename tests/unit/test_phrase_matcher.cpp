// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "text/analyzer.h"
#include "text/phrase_matcher.h"

using dossier::MatchRule;
using dossier::PhraseMatcher;

namespace {

// Values of the matches in `text` (a document in `lang`), '|'-joined, each
// followed by the matched text in brackets: "1[Oman]|2[New Zealand]".
std::string matches(const PhraseMatcher& matcher, const std::string& text, const std::string& lang = "en") {
    std::string out;
    for (const dossier::PhraseMatch& m : matcher.find(dossier::analyze(text), text, lang)) {
        if (!out.empty()) out += '|';
        out += std::to_string(m.value) + "[" + text.substr(m.begin, m.end - m.begin) + "]";
    }
    return out;
}

}  // namespace

TEST_CASE("names match whole normalized words, never substrings", "[phrase_matcher]") {
    PhraseMatcher matcher;
    matcher.add("Oman", 1);
    matcher.add("New Zealand", 2);
    matcher.add("Zealand", 3);
    matcher.add("U.S.", 4);
    // text -> expected matches (format: see matches())
    auto [text, expected] = GENERATE(table<std::string, std::string>({
        {"The woman left.", ""},
        {"Talks in OMAN ended.", "1[OMAN]"},
        {"New Zealand and Zealand.", "2[New Zealand]|3[Zealand]"},
        {"new   zealand", "2[new   zealand]"},
        {"the U.S. said", "4[U.S]"},
        {"Omani officials", ""},
    }));
    CAPTURE(text);
    CHECK(matches(matcher, text) == expected);
}

TEST_CASE("match rules: exact case, capitals, person names, languages", "[phrase_matcher]") {
    PhraseMatcher matcher;
    MatchRule exact;
    exact.exact_case = true;
    matcher.add("US", 1, exact);
    MatchRule capital;
    capital.capitalized = true;
    matcher.add("Turkey", 2, capital);
    MatchRule person;
    person.capitalized = true;
    person.person_name_risk = true;
    matcher.add("Chad", 3, person);
    MatchRule indonesian = exact;
    indonesian.languages = {"id", "ms"};
    matcher.add("AS", 4, indonesian);
    // lang, text -> expected matches
    auto [lang, text, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"en", "Tell us now.", ""},
        {"en", "The US replied.", "1[US]"},
        {"en", "We ate turkey.", ""},
        {"en", "Turkey objected.", "2[Turkey]"},
        {"en", "Troops left Chad.", "3[Chad]"},
        {"en", "Yesterday Chad Smith spoke.", ""},
        {"en", "Chad signed.", "3[Chad]"},
        {"en", "Chad Smith spoke.", ""},
        {"en", "As agreed, AS left.", ""},
        {"id", "AS dan Rusia.", "4[AS]"},
        {"id", "as roda", ""},
    }));
    CAPTURE(lang, text);
    CHECK(matches(matcher, text, lang) == expected);
}

TEST_CASE("inflected forms match by stem in the rule's language only", "[phrase_matcher]") {
    PhraseMatcher matcher;
    MatchRule russian;
    russian.stem_language = "ru";
    matcher.add("российский", 7, russian);
    CHECK(matches(matcher, "атаки российских хакеров", "ru") == "7[российских]");
    CHECK(matches(matcher, "российские власти", "ru") == "7[российские]");
    CHECK(matches(matcher, "российских", "en") == "");
}

TEST_CASE("the longest name wins and every value under it is reported", "[phrase_matcher]") {
    PhraseMatcher matcher;
    matcher.add("Mexico", 1);
    matcher.add("New Mexico", 2);
    matcher.add("Hafnium", 3);
    matcher.add("Hafnium", 4);
    CHECK(matches(matcher, "New Mexico and Mexico") == "2[New Mexico]|1[Mexico]");
    CHECK(matches(matcher, "a group called Hafnium") == "3[Hafnium]|4[Hafnium]");
}
