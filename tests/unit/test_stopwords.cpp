// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include "text/stopwords.h"

using dossier::stopper_for;

TEST_CASE("stop words are per language and keep the words that matter", "[stopwords]") {
    // Row: language code, word -> "stop" when the language's list holds it,
    // else "keep". English keeps "us" (the country) and "may" (the month).
    auto [code, word, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"en", "the", "stop"},
        {"en", "what", "stop"},
        {"en", "and", "stop"},
        {"en", "us", "keep"},
        {"en", "may", "keep"},
        {"en", "china", "keep"},
        {"en", "yang", "keep"},
        {"id", "yang", "stop"},
        {"id", "dan", "stop"},
        {"id", "the", "keep"},
        {"id", "serangan", "keep"},
        {"ru", "и", "stop"},
        {"ru", "хакеры", "keep"},
        {"ar", "من", "stop"},
        {"zh", "的", "stop"},
        {"zh", "网络", "keep"},
    }));
    CAPTURE(code, word);
    const Xapian::Stopper* stopper = stopper_for(code);
    REQUIRE(stopper != nullptr);
    CHECK(((*stopper)(word) ? "stop" : "keep") == expected);
}

TEST_CASE("a language without a stop-word list has no stopper", "[stopwords]") {
    auto code = GENERATE(as<std::string>{}, "xx", "th", "", "EN");
    CAPTURE(code);
    CHECK(stopper_for(code) == nullptr);
}

TEST_CASE("the stopper of a language is loaded once and kept", "[stopwords]") {
    const Xapian::Stopper* first = stopper_for("en");
    REQUIRE(first != nullptr);
    CHECK(stopper_for("en") == first);
    CHECK(stopper_for("id") != first);
}
