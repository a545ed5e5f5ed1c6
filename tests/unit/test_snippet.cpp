// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "search/snippet.h"
#include "test_support.h"

using dossier::make_snippet;
using dossier::Snippet;
using dossier::test::join;
using dossier::test::to_code_points;
using dossier::test::to_utf8;

namespace {

auto matching(std::set<std::string> terms) {
    return [terms = std::move(terms)](const std::string& term) { return terms.count(term) > 0; };
}

// The highlighted pieces of the snippet, cut out by their code point
// ranges, joined by '|'.
std::string highlighted(const Snippet& snippet) {
    const std::u32string text = to_code_points(snippet.text);
    std::vector<std::string> pieces;
    for (const auto& [begin, end] : snippet.highlights) {
        REQUIRE(begin < end);
        REQUIRE(end <= text.size());
        pieces.push_back(to_utf8(text.substr(begin, end - begin)));
    }
    return join(pieces);
}

const std::string kGreek =
    "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
    "sigma tau upsilon phi chi psi omega";

}  // namespace

TEST_CASE("the snippet shows the window with the most distinct matches", "[snippet]") {
    // "hack" three times at the start, "hack" and "secu" together later:
    // two distinct terms beat three of the same.
    const std::string text =
        "hack hack hack one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen hack secu sixteen seventeen eighteen nineteen twenty";
    const Snippet snippet = make_snippet(text, matching({"hack", "secu"}), 40);
    CHECK(snippet.text == "…fifteen hack secu sixteen seventeen…");
    CHECK(highlighted(snippet) == "hack|secu");
}

TEST_CASE("the snippet marks the matched words and cuts with an ellipsis", "[snippet]") {
    // Row: terms that match -> snippet text (40 code points at most, plus
    // "…" at each cut end), then the highlighted words, joined by '|'.
    auto [terms, expected] = GENERATE(table<std::string, std::string>({
        {"kappa lambda", "…iota kappa lambda mu nu xi omicron pi…|kappa|lambda"},
        {"alpha", "Alpha beta gamma delta epsilon zeta eta…|Alpha"},
        {"", "Alpha beta gamma delta epsilon zeta eta…"},  // no match: the start
        {"nothing", "Alpha beta gamma delta epsilon zeta eta…"},
    }));
    CAPTURE(terms);
    const std::vector<std::string> words = dossier::test::split_words(terms);
    const Snippet snippet = make_snippet(kGreek, matching({words.begin(), words.end()}), 40);
    std::vector<std::string> parts{snippet.text};
    if (!snippet.highlights.empty()) parts.push_back(highlighted(snippet));
    CHECK(join(parts) == expected);
}

TEST_CASE("a match near the end still gets about a full window of context", "[snippet]") {
    const Snippet snippet = make_snippet(kGreek, matching({"omega"}), 40);
    CHECK(highlighted(snippet) == "omega");
    CHECK(snippet.text.rfind("…", 0) == 0);
    // About 40 code points, not just "…chi psi omega" (14).
    CHECK(to_code_points(snippet.text).size() >= 30);
    CHECK(to_code_points(snippet.text).size() <= 41);
}

TEST_CASE("highlights slice exactly the matched words in non-Latin text", "[snippet]") {
    // Row: text, matching terms (space-separated) -> the highlighted words
    // cut out of the snippet by their code point ranges, joined by '|'.
    auto [text, terms, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"Хакеры атаковали российские банки. Москва отвергла обвинения в причастности к атакам.",
         "хакеры атакам", "Хакеры|атакам"},
        {"网络安全是国家安全的重要组成部分", "国家安全 部分", "国家安全|部分"},
        {"تصاعد الهجمات السيبرانية على البنية التحتية", "الهجمات التحتية", "الهجمات|التحتية"},
        {"จีนและสหรัฐอเมริกาเร่งหารือความปลอดภัยทางไซเบอร์", "สหรัฐอเมริกา ไซเบอร์",
         "สหรัฐอเมริกา|ไซเบอร์"},
        {"The U.S. policy on e-mail", "us mail", "U.S|mail"},
        {"😀 emoji before ÄÖÜ words", "äöü", "ÄÖÜ"},
    }));
    CAPTURE(text, terms);
    const std::vector<std::string> words = dossier::test::split_words(terms);
    const Snippet snippet = make_snippet(text, matching({words.begin(), words.end()}));
    CHECK(snippet.text == text);  // short texts are shown whole
    CHECK(highlighted(snippet) == expected);
}

TEST_CASE("the snippet of a long Russian text highlights stems in place", "[snippet]") {
    const std::string text = dossier::test::fixture("ru_cyber.txt");
    const Snippet snippet = make_snippet(text, matching({"хакеры", "хакерами"}));
    CHECK(highlighted(snippet) == "хакеры|хакерами");
    CHECK(to_code_points(snippet.text).size() <= dossier::kSnippetCodePoints + 2);
    CHECK(snippet.text.find('\n') == std::string::npos);
}

TEST_CASE("whitespace and newlines in the snippet collapse to single spaces", "[snippet]") {
    const Snippet snippet =
        make_snippet("  First line\n\n   second\tline   with  spaces\n", matching({"second"}));
    CHECK(snippet.text == "First line second line with spaces");
    CHECK(snippet.highlights == std::vector<std::pair<std::size_t, std::size_t>>{{11, 17}});
}

TEST_CASE("an empty text gives an empty snippet", "[snippet]") {
    const Snippet snippet = make_snippet("", matching({"x"}));
    CHECK(snippet.text.empty());
    CHECK(snippet.highlights.empty());
}

TEST_CASE("snippets of every fixture stay within the window", "[snippet]") {
    // Row: fixture -> a term it contains.
    auto [name, term] = GENERATE(table<std::string, std::string>({
        {"zh_cyber.txt", "网络"},
        {"ru_cyber.txt", "атак"},
        {"ar_cyber.txt", "الصين"},
        {"th_cyber.txt", "จีน"},
        {"id_inflect.txt", "serangan"},
        {"en_plain.txt", "hospitals"},
    }));
    CAPTURE(name);
    const std::string text = dossier::test::fixture(name);
    const Snippet snippet = make_snippet(text, matching({term}));
    const std::size_t length = to_code_points(snippet.text).size();
    CHECK(length <= dossier::kSnippetCodePoints + 2);  // plus "…" at both ends
    CHECK(length >= dossier::kSnippetCodePoints * 2 / 3);
    CHECK_FALSE(snippet.highlights.empty());
    CHECK(snippet.text.find('\n') == std::string::npos);
}
