// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "search/facets.h"
#include "search/search.h"
#include "searcher/csv_renderer.h"
#include "searcher/renderer.h"

using dossier::searcher::OutputFormat;
using dossier::searcher::RenderOptions;

namespace {

// One hit whose title, path, snippet and query hold terminal commands.
dossier::SearchResult hostile_result() {
    dossier::SearchResult result;
    result.query = "Stuxnet\x1b[31m";
    result.estimated_total = 1;
    dossier::Hit hit;
    hit.rank = 1;
    hit.id = 7;
    hit.document.title = "Evil \x1b]0;pwned\x07\x1b[2J title\r\xC2\x9B";
    hit.document.path = "/docs/evil\nname\x1b.txt";
    hit.document.lang = "en";
    hit.snippet.text = "Stuxnet \x1b[2J hit\x07 \xFF";  // highlights count code points of this
    hit.snippet.highlights = {{0, 7}};
    result.hits.push_back(hit);
    return result;
}

// hostile_result() with two facets counted.
dossier::SearchResult result_with_facets() {
    dossier::SearchResult result = hostile_result();
    result.facets.push_back({"country", {{"CN", "China", 3}, {"RU", "Russia", 2}}, 4});
    result.facets.push_back({"year", {}, 0});
    return result;
}

std::string rendered(const dossier::SearchResult& result, OutputFormat format, bool color = false,
                     bool terminal = true) {
    RenderOptions options;
    options.color = color;
    options.terminal = terminal;
    std::ostringstream out;
    const auto renderer = dossier::searcher::make_renderer(format, options, out);
    dossier::searcher::render_result(result, dossier::SearchRequest{}, *renderer);
    return out.str();
}

std::string rendered(OutputFormat format, bool color, bool terminal) {
    return rendered(hostile_result(), format, color, terminal);
}

dossier::Explanation explanation() {
    dossier::Explanation explanation;
    explanation.id = 12;
    explanation.document.title = "Briefing\x1b[2J";
    explanation.document.path = "/docs/briefing.txt";
    explanation.document.lang = "en";
    explanation.facets["country"] = {{"CN", "China", {"China", "Beijing"}, {}}};
    return explanation;
}

std::string explained(OutputFormat format) {
    std::ostringstream out;
    dossier::searcher::make_renderer(format, RenderOptions{}, out)->explanation(explanation());
    return out.str();
}

}  // namespace

TEST_CASE("text output escapes control characters in titles, paths, snippets and the query", "[render]") {
    const std::string plain = rendered(OutputFormat::text, false, true);
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.find('\x07') == std::string::npos);
    CHECK(plain.find('\r') == std::string::npos);
    CHECK_THAT(plain, Catch::Matchers::Contains("matches 'Stuxnet\\x1b[31m'"));
    CHECK_THAT(plain, Catch::Matchers::Contains("1. Evil \\x1b]0;pwned\\x07\\x1b[2J title\\r\\u009b\n"));
    CHECK_THAT(plain, Catch::Matchers::Contains("   /docs/evil\\nname\\x1b.txt | no date | en | score"));
    CHECK_THAT(plain, Catch::Matchers::Contains("   Stuxnet \\x1b[2J hit\\x07 \\xff\n"));

    // The program's own colour codes still work around the escaped text.
    const std::string colored = rendered(OutputFormat::text, true, true);
    CHECK_THAT(colored, Catch::Matchers::Contains("\x1b[1m1. Evil \\x1b]0;pwned\\x07\\x1b[2J title\\r\\u009b\x1b[0m"));
    CHECK_THAT(colored, Catch::Matchers::Contains("   \x1b[1mStuxnet\x1b[0m \\x1b[2J hit\\x07 \\xff\n"));
}

TEST_CASE("JSON output keeps the exact text, escaped by JSON's rules", "[render]") {
    const auto hit = nlohmann::json::parse(rendered(OutputFormat::json, true, true))["hits"][0];
    CHECK(hit["title"] == "Evil \x1b]0;pwned\x07\x1b[2J title\r\xC2\x9B");
    CHECK(hit["path"] == "/docs/evil\nname\x1b.txt");
    CHECK(rendered(OutputFormat::jsonl, false, true).find('\x1b') == std::string::npos);
}

TEST_CASE("dossier-search --format paths escapes a path on a terminal and keeps its bytes for a pipe", "[render]") {
    CHECK(rendered(OutputFormat::paths, false, true) == "/docs/evil\\nname\\x1b.txt\n");
    CHECK(rendered(OutputFormat::paths, false, false) == "/docs/evil\nname\x1b.txt\n");
}

TEST_CASE("text output says when nothing matches, and where the offset went past the matches", "[render]") {
    dossier::SearchResult none;
    none.query = "nothing";
    CHECK(rendered(none, OutputFormat::text) == "No documents match 'nothing'.\n");

    none.estimated_total = 5;
    dossier::SearchRequest request;
    request.offset = 20;
    std::ostringstream out;
    const auto renderer = dossier::searcher::make_renderer(OutputFormat::text, RenderOptions{}, out);
    dossier::searcher::render_result(none, request, *renderer);
    CHECK(out.str() == "No documents match 'nothing' beyond the first 20 (about 5 in all).\n");
}

TEST_CASE("the count line says an exact total as one, in the grammar of its number", "[render]") {
    const auto first_line = [](const dossier::SearchResult& result, const dossier::SearchRequest& request) {
        std::ostringstream out;
        const auto renderer = dossier::searcher::make_renderer(OutputFormat::text, RenderOptions{}, out);
        dossier::searcher::render_result(result, request, *renderer);
        return out.str().substr(0, out.str().find('\n'));
    };
    dossier::SearchResult result;
    result.query = "cyber";
    result.estimated_total = 3;
    dossier::SearchRequest request;
    request.limit = 0;
    CHECK(first_line(result, request) == "About 3 documents match 'cyber'.");
    result.total_exact = true;
    CHECK(first_line(result, request) == "3 documents match 'cyber'.");
    result.estimated_total = 1;
    CHECK(first_line(result, request) == "1 document matches 'cyber'.");
    result.query = "";
    CHECK(first_line(result, request) == "1 document in the database.");
    request.since = "2021";
    CHECK(first_line(result, request) == "1 document matches the filters.");
    request.like = "jsonl:7";
    result.estimated_total = 4;
    CHECK(first_line(result, request) == "4 documents like 'jsonl:7' match the filters.");
    result.hits = hostile_result().hits;
    request.limit = 10;
    CHECK(first_line(result, request) == "4 documents like 'jsonl:7' match the filters; showing 1-1.");
}

TEST_CASE("text output lists facet counts after the hits, '-' for a facet with no value", "[render]") {
    const std::string text = rendered(result_with_facets(), OutputFormat::text);
    CHECK_THAT(text, Catch::Matchers::EndsWith("\nFacets (all matching documents):\n"
                                               "  country: China (CN) 3, Russia (RU) 2, and 4 more\n"
                                               "  year: -\n"));
    CHECK(rendered(hostile_result(), OutputFormat::text).find("Facets") == std::string::npos);
}

TEST_CASE("JSON output holds facet counts only when they were counted, JSON Lines in a last line", "[render]") {
    const auto with = nlohmann::json::parse(rendered(result_with_facets(), OutputFormat::json));
    CHECK(with["version"] == dossier::searcher::kJsonFormatVersion);
    CHECK(with["facets"]["country"]["values"][0] ==
          nlohmann::json{{"value", "CN"}, {"name", "China"}, {"count", 3}});
    CHECK(with["facets"]["country"]["other_values"] == 4);
    CHECK(with["facets"]["year"]["values"].empty());
    CHECK_FALSE(nlohmann::json::parse(rendered(hostile_result(), OutputFormat::json)).contains("facets"));

    const std::string lines = rendered(result_with_facets(), OutputFormat::jsonl);
    CHECK(std::count(lines.begin(), lines.end(), '\n') == 2);
    const std::string without = rendered(hostile_result(), OutputFormat::jsonl);
    CHECK(std::count(without.begin(), without.end(), '\n') == 1);
    CHECK(nlohmann::json::parse(without)["rank"] == 1);
    CHECK(rendered(result_with_facets(), OutputFormat::paths) == "/docs/evil\\nname\\x1b.txt\n");
}

TEST_CASE("dossier-search --explain in text lists every entity facet, escaped, paths shows the text", "[render]") {
    const std::string text = explained(OutputFormat::text);
    CHECK(text == "Briefing\\x1b[2J (id 12)\n/docs/briefing.txt\n"
                  "  lang: en\n  date: none\n"
                  "  country:\n    CN (China) <- \"China\", \"Beijing\"\n"
                  "  org: none\n  incident: none\n  actor: none\n");
    CHECK(explained(OutputFormat::paths) == text);
}

TEST_CASE("dossier-search --explain in JSON and JSON Lines is the same one line", "[render]") {
    const std::string json = explained(OutputFormat::json);
    CHECK(json == explained(OutputFormat::jsonl));
    CHECK(std::count(json.begin(), json.end(), '\n') == 1);
    const auto parsed = nlohmann::json::parse(json);
    CHECK(parsed["id"] == 12);
    CHECK(parsed["title"] == "Briefing\x1b[2J");
    CHECK(parsed["date"].is_null());
    CHECK(parsed["facets"]["country"][0]["words"] == nlohmann::json{"China", "Beijing"});
}

TEST_CASE("the facet table names each facet once, entity facets by their entity names", "[render]") {
    std::set<std::string_view> names;
    for (const dossier::SearchFacet& facet : dossier::kSearchFacets) {
        CHECK(names.insert(facet.name).second);
        CHECK(dossier::search_facet(facet.name)->kind == facet.kind);
        if (facet.kind == dossier::FacetKind::entity) CHECK(dossier::facet_name(facet.entity) == facet.name);
    }
    for (const dossier::EntityFacetName& entity : dossier::kEntityFacets) CHECK(names.count(entity.name) == 1);
    CHECK(dossier::search_facet_names(",") == "country,org,incident,actor,lang,year,month,format");
    CHECK(dossier::is_histogram(*dossier::search_facet("month")));
    CHECK_FALSE(dossier::is_histogram(*dossier::search_facet("lang")));
    CHECK_FALSE(dossier::search_facet("region"));
}

namespace {

// A hit whose title needs every kind of CSV quoting, with list facets.
dossier::SearchResult csv_result() {
    dossier::SearchResult result;
    result.query = "q";
    dossier::Hit hit;
    hit.rank = 1;
    hit.score = 2.5;
    hit.document.title = "Report, \"final\"\nedition";
    hit.document.path = "/docs/report.pdf";
    hit.document.lang = "en";
    hit.document.date = "2021-07";
    hit.document.format = "pdf";
    hit.page = 3;
    hit.document.evidence["country"] = {{"CN", {"China"}}, {"RU", {"Russia"}}};
    hit.document.evidence["actor"] = {{"apt28", {"APT28"}}};
    result.hits.push_back(hit);
    dossier::Hit plain;
    plain.rank = 2;
    plain.score = 1;
    plain.document.title = "Plain";
    plain.document.path = "/docs/plain.txt";
    plain.document.lang = "de";
    plain.document.url = "https://example.org/a,b";
    result.hits.push_back(plain);
    result.estimated_total = 2;
    return result;
}

}  // namespace

TEST_CASE("CSV output has a header, CRLF rows, RFC 4180 quoting and lists joined by semicolons", "[render]") {
    CHECK(rendered(csv_result(), OutputFormat::csv) ==
          "rank,score,date,lang,title,location,url,source,country,incident,actor,org\r\n"
          "1,2.5,2021-07,en,\"Report, \"\"final\"\"\nedition\",/docs/report.pdf#page=3,,,CN;RU,,apt28,\r\n"
          "2,1,,de,Plain,/docs/plain.txt,\"https://example.org/a,b\",,,,,\r\n");
    // No hits: the header alone; facet counts are not written.
    CHECK(rendered(dossier::SearchResult{}, OutputFormat::csv) ==
          "rank,score,date,lang,title,location,url,source,country,incident,actor,org\r\n");
    dossier::SearchResult with_facets = result_with_facets();
    with_facets.hits.clear();
    CHECK(rendered(with_facets, OutputFormat::csv) ==
          "rank,score,date,lang,title,location,url,source,country,incident,actor,org\r\n");
    // Control characters are kept as they are: a CSV reader gets the title.
    CHECK(rendered(hostile_result(), OutputFormat::csv).find("\"Evil \x1b]0;pwned\x07\x1b[2J title\r\xC2\x9B\"") !=
          std::string::npos);
}

TEST_CASE("CSV fields are quoted only when they hold a quote, comma, CR or LF", "[render]") {
    using dossier::searcher::csv_field;
    CHECK(csv_field("plain text; with semicolon") == "plain text; with semicolon");
    CHECK(csv_field("") == "");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("line\nbreak") == "\"line\nbreak\"");
    CHECK(csv_field("carriage\rreturn") == "\"carriage\rreturn\"");
}

TEST_CASE("dossier-search --format paths0 ends each path with a NUL byte and keeps a newline in a name", "[render]") {
    dossier::SearchResult result = hostile_result();
    dossier::Hit second = result.hits.front();
    second.document.path = "/docs/plain.txt";
    result.hits.push_back(second);
    const std::string expected = std::string("/docs/evil\nname\x1b.txt") + '\0' + "/docs/plain.txt" + '\0';
    CHECK(rendered(result, OutputFormat::paths0, false, false) == expected);
    // Facet counts add nothing.
    dossier::SearchResult with_facets = result_with_facets();
    const std::string one = std::string("/docs/evil\nname\x1b.txt") + '\0';
    CHECK(rendered(with_facets, OutputFormat::paths0, false, false) == one);
}

TEST_CASE("JSON Lines output puts version on every line and the facet counts on the last", "[render]") {
    const std::string lines = rendered(result_with_facets(), OutputFormat::jsonl);
    std::istringstream in(lines);
    std::string line;
    std::vector<nlohmann::json> parsed;
    while (std::getline(in, line)) parsed.push_back(nlohmann::json::parse(line));
    REQUIRE(parsed.size() == 2);
    for (const nlohmann::json& object : parsed) CHECK(object["version"] == dossier::searcher::kJsonFormatVersion);
    CHECK(parsed[0]["rank"] == 1);
    CHECK(parsed[0]["path"] == "/docs/evil\nname\x1b.txt");
    CHECK(parsed[0].contains("snippet"));
    // The last line, byte for byte, starts with version then facets.
    CHECK(lines.find("\n{\"version\":1,\"facets\":{\"country\":") != std::string::npos);
    CHECK(lines.rfind("{\"version\":1,\"rank\":1,", 0) == 0);
    CHECK(parsed[1].size() == 2);
    CHECK(parsed[1]["facets"] == nlohmann::json::parse(rendered(result_with_facets(), OutputFormat::json))["facets"]);
    CHECK(parsed[1]["facets"]["country"]["values"][1] ==
          nlohmann::json{{"value", "RU"}, {"name", "Russia"}, {"count", 2}});
}
