// SPDX-License-Identifier: MIT
// End-to-end tests of copies of one text (issue 19, "one story once"): a
// seed re-posted with other headers and footers and as an HTML page is one
// result listing its copies, counted once, beside unrelated documents and
// two different statements on one subject; --all-copies lists every file;
// the clusters follow deletions and changes on re-indexing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::file_names_of;
using dossier::test::ProcessResult;
using dossier::test::search_json;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The op-ed on the NATO statement that the copies repeat.
std::string original() { return read_text(fs::path(CORPUS_DIR) / "003_80cc6779974243da.txt"); }

// The op-ed with a site's header and footer around it.
std::string reposted() {
    return "Cyber Policy Digest | Home | Analysis | Newsletter\nRepublished with permission of the author.\n\n" +
           original() +
           "\n\nShare this article: Facebook, Twitter, Email. Copyright 2021 Cyber Policy Digest. All rights "
           "reserved.\n";
}

// The op-ed as a web page: navigation, the paragraphs, a footer.
std::string as_html() {
    std::string paragraphs;
    std::istringstream in(original());
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) paragraphs += "<p>" + line + "</p>\n";
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>NATO joins the blame game | "
           "World Affairs Review</title></head><body>\n<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> "
           "<a href=\"/opinion\">Opinion</a> <a href=\"/about\">About us</a></nav>\n<article>\n" +
           paragraphs +
           "</article>\n<footer>World Affairs Review. Sign up for our weekly briefing. Privacy policy. Terms of "
           "service.</footer>\n</body></html>\n";
}

// The corpus, the copies ("a-" sorts first: the first copy indexed), and
// two different statements on one subject.
void write_collection(const fs::path& folder) {
    dossier::test::copy_corpus(folder / "corpus");
    write_file(folder / "a-reposted.txt", reposted());
    write_file(folder / "web" / "nato-blame-game.html", as_html());
    for (const char* name : {"statement-a.txt", "statement-b.txt"})
        write_file(folder / "statements" / name, read_text(fs::path(FIXTURES_DIR) / "copies" / name));
}

ProcessResult index_folder(const fs::path& db, const fs::path& folder, const std::string& jobs = "1") {
    const ProcessResult run = dossier::test::index({"--db", db.string(), "--jobs", jobs, folder.string()});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    return run;
}

// The file names of the hits' copies, sorted, joined by '|'.
std::string copy_names(const nlohmann::json& hit) {
    std::vector<std::string> names;
    for (const auto& path : hit["copies"]) names.push_back(fs::path(path.get<std::string>()).filename().string());
    std::sort(names.begin(), names.end());
    std::string joined;
    for (const std::string& name : names) joined += (joined.empty() ? "" : "|") + name;
    return joined;
}

}  // namespace

TEST_CASE("copies of one text are one result that lists the other copies", "[e2e][copies]") {
    TempDir tmp;
    write_collection(tmp / "docs");
    const fs::path db = tmp / "db";
    index_folder(db, tmp / "docs");

    const nlohmann::json result = search_json(db, {"blame", "game"});
    INFO(result.dump(1));
    REQUIRE(result["hits"].size() == 1);
    CHECK(result["estimated_total"] == 1);
    CHECK(copy_names(result["hits"][0]).size() > 0);
    std::vector<std::string> all = {fs::path(result["hits"][0]["path"].get<std::string>()).filename().string()};
    for (const auto& copy : result["hits"][0]["copies"])
        all.push_back(fs::path(copy.get<std::string>()).filename().string());
    std::sort(all.begin(), all.end());
    CHECK(all == std::vector<std::string>{"003_80cc6779974243da.txt", "a-reposted.txt", "nato-blame-game.html"});

    const ProcessResult text = dossier::test::search(db, {"blame", "game"});
    INFO(describe(text));
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("+2 copies") != std::string::npos);
    CHECK(text.out.find("1 document") != std::string::npos);

    // --all-copies: each file, each listing the other two.
    const nlohmann::json every = search_json(db, {"--all-copies", "blame", "game"});
    REQUIRE(every["hits"].size() == 3);
    CHECK(every["estimated_total"] == 3);
    for (const auto& hit : every["hits"]) CHECK(hit["copies"].size() == 2);
    const ProcessResult paths = dossier::test::search(db, {"--format", "paths", "--all-copies", "blame", "game"});
    CHECK(file_names_of(paths) == "003_80cc6779974243da.txt|a-reposted.txt|nato-blame-game.html");
}

TEST_CASE("different statements on one subject and unrelated documents are never collapsed", "[e2e][copies]") {
    TempDir tmp;
    write_collection(tmp / "docs");
    const fs::path db = tmp / "db";
    index_folder(db, tmp / "docs");

    const nlohmann::json statements = search_json(db, {"\"Ministry of Foreign Affairs\""});
    INFO(statements.dump(1));
    REQUIRE(statements["hits"].size() == 2);
    for (const auto& hit : statements["hits"]) CHECK(hit["copies"].empty());
    // Every document but the two copies is a result of its own.
    const nlohmann::json stories = search_json(db, {"--limit", "100", "--facets", "lang", "the"});
    const nlohmann::json files = search_json(db, {"--all-copies", "--limit", "100", "--facets", "lang", "the"});
    CHECK(files["estimated_total"].get<int>() == stories["estimated_total"].get<int>() + 2);
    CHECK(stories["hits"].size() == stories["estimated_total"].get<std::size_t>());
    CHECK(files["hits"].size() == files["estimated_total"].get<std::size_t>());
    CHECK(files["hits"].size() >= 7);  // three English seeds, their two copies, the two statements
}

TEST_CASE("facet counts count stories, not files, unless --all-copies", "[e2e][copies]") {
    TempDir tmp;
    write_collection(tmp / "docs");
    const fs::path db = tmp / "db";
    index_folder(db, tmp / "docs");

    const auto format_counts = [](const nlohmann::json& result) {
        std::map<std::string, int> counts;
        for (const auto& value : result["facets"]["format"]["values"]) counts[value["value"]] = value["count"];
        return counts;
    };
    const nlohmann::json stories = search_json(db, {"--facets", "format,country", "blame", "game"});
    INFO(stories.dump(1));
    CHECK(stories["estimated_total"] == 1);
    CHECK(format_counts(stories) == std::map<std::string, int>{{"text", 1}});
    for (const auto& value : stories["facets"]["country"]["values"]) CHECK(value["count"] == 1);
    const nlohmann::json files = search_json(db, {"--all-copies", "--facets", "format,country", "blame", "game"});
    CHECK(files["estimated_total"] == 3);
    CHECK(format_counts(files) == std::map<std::string, int>{{"html", 1}, {"text", 2}});
}

TEST_CASE("deleting the first copy keeps the others together, and a changed copy leaves", "[e2e][copies]") {
    TempDir tmp;
    write_collection(tmp / "docs");
    const fs::path db = tmp / "db";
    index_folder(db, tmp / "docs");

    fs::remove(tmp / "docs" / "a-reposted.txt");
    index_folder(db, tmp / "docs");
    nlohmann::json result = search_json(db, {"blame", "game"});
    INFO(result.dump(1));
    REQUIRE(result["hits"].size() == 1);
    CHECK(result["hits"][0]["copies"].size() == 1);

    // The web page now carries another article: a story of its own.
    write_file(tmp / "docs" / "web" / "nato-blame-game.html",
               "<html><head><title>NATO joins the blame game</title></head><body><p>Allies met in Brussels "
               "on Tuesday to weigh what the joint attribution has achieved. Diplomats said the statement had "
               "raised the cost of the Exchange campaign, while officials in Beijing dismissed it as a smear "
               "and promised countermeasures against companies that cooperate with Western investigators.</p>"
               "<p>The blame game over the NATO statement goes on.</p></body></html>");
    index_folder(db, tmp / "docs");
    result = search_json(db, {"blame", "game"});
    REQUIRE(result["hits"].size() == 2);
    for (const auto& hit : result["hits"]) CHECK(hit["copies"].empty());

    // Back to a copy: it joins again.
    write_file(tmp / "docs" / "web" / "nato-blame-game.html", as_html());
    index_folder(db, tmp / "docs");
    result = search_json(db, {"blame", "game"});
    REQUIRE(result["hits"].size() == 1);
    CHECK(result["hits"][0]["copies"].size() == 1);
}

TEST_CASE("worker processes give the clusters of one process", "[e2e][copies][slow]") {
    TempDir tmp;
    write_collection(tmp / "docs");
    // More files than one worker chunk, the copies among them.
    for (int i = 0; i < 600; ++i)
        write_file(tmp / "docs" / "filler" / ("note-" + std::to_string(i) + ".txt"),
                   "Note " + std::to_string(i) + " of the desk: item " + std::to_string(i * 13) +
                       " was filed under cyber policy on day " + std::to_string(i % 31) + ".\n");
    const fs::path one = tmp / "one";
    const fs::path two = tmp / "two";
    index_folder(one, tmp / "docs", "1");
    index_folder(two, tmp / "docs", "2");
    for (const fs::path& db : {one, two}) {
        INFO(db);
        const nlohmann::json result = search_json(db, {"blame", "game"});
        REQUIRE(result["hits"].size() == 1);
        CHECK(result["hits"][0]["copies"].size() == 2);
        CHECK(search_json(db, {"--limit", "0", "--facets", "lang", "desk"})["estimated_total"] == 600);
    }
    // Each document's cluster, read with Xapian (the rest of the two
    // databases is compared in test_parallel_cli).
    const auto clusters = [](const fs::path& db) {
        std::map<std::string, std::string> by_path;
        Xapian::Database database(db.string());
        for (auto term = database.allterms_begin("Q"); term != database.allterms_end("Q"); ++term)
            by_path[*term] = database.get_document(*database.postlist_begin(*term)).get_value(11);
        return by_path;
    };
    const std::map<std::string, std::string> in_one = clusters(one);
    CHECK(in_one.size() == 609);
    CHECK(std::count_if(in_one.begin(), in_one.end(), [](const auto& entry) { return !entry.second.empty(); }) == 3);
    CHECK(clusters(two) == in_one);
}
