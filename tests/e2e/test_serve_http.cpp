// SPDX-License-Identifier: MIT
// End-to-end tests of dossier-serve over plain HTTP: the real binary on
// 127.0.0.1 and a free port, against databases the real dossier-index
// built in temporary folders. What a client sees: statuses, the JSON (and
// that it is dossier-search's), the limits, the token, re-indexing while
// serving, and many clients at once.
#include <arpa/inet.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <regex>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli.h"
#include "process.h"
#include "serve_process.h"

namespace fs = std::filesystem;
using dossier::test::connect_loopback;
using dossier::test::describe;
using dossier::test::http_get;
using dossier::test::HttpReply;
using dossier::test::ProcessResult;
using dossier::test::raw_exchange;
using dossier::test::ServeProcess;
using dossier::test::status_of;
using dossier::test::TempDir;
using dossier::test::write_file;
using nlohmann::json;

namespace {

// Four texts: "quokka" in all but the last, each of other countries; one
// with a character outside the Basic Multilingual Plane before its match
// (two UTF-16 code units), for the document view's highlights.
void write_texts(const fs::path& folder) {
    write_file(folder / "beijing.txt",
               "Quokka treaty in China\n\nOn 15 March 2021 China signed the quokka treaty with partners. "
               "The quokka treaty covers cyber security.\n");
    write_file(folder / "moscow.txt",
               "Quokka summit in Russia\n\nOn 2 June 2022 Russia hosted a quokka summit about the treaty.\n");
    write_file(folder / "paris.txt",
               "Quokka exhibition in France\n\nOn 9 May 2023 France opened a quokka exhibition; quokka quokka "
               "quokka everywhere, with guests from Japan.\n");
    write_file(folder / "emoji.txt",
               "Wombat notes\n\nA face \xF0\x9F\x98\x80 and a wombat from Australia, on 1 July 2020.\n");
}

struct Sample {
    TempDir tmp;
    fs::path texts, db;
};

// Texts and their database, built once per test run (tests that change
// the database build their own).
const Sample& sample() {
    static Sample s;
    static const bool built = [] {
        s.texts = s.tmp / "texts";
        s.db = s.tmp / "db";
        fs::create_directories(s.texts);
        write_texts(s.texts);
        const ProcessResult run = dossier::test::index({"--db", s.db.string(), s.texts.string()});
        INFO(describe(run));
        REQUIRE(run.exit_code == 0);
        return true;
    }();
    (void)built;
    return s;
}

std::string encoded(const std::string& value) { return httplib::detail::encode_query_param(value); }

// The counts of one facet of a JSON result: value -> count.
std::map<std::string, long> counts_of(const json& result, const std::string& facet) {
    std::map<std::string, long> counts;
    for (const json& value : result.at("facets").at(facet).at("values"))
        counts[value.at("value").get<std::string>()] = value.at("count").get<long>();
    return counts;
}

std::string file_name(const json& hit) { return fs::path(hit.at("path").get<std::string>()).filename().string(); }

// `text` (UTF-8) as UTF-16 code units, as JavaScript holds it.
std::u16string utf16(const std::string& text) {
    std::u16string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t cp = length == 1 ? lead : lead & (0xFF >> (length + 1));
        for (std::size_t k = 1; k < length; ++k) cp = cp << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        if (cp > 0xFFFF) {
            cp -= 0x10000;
            out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
            out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
        } else {
            out.push_back(static_cast<char16_t>(cp));
        }
        i += length;
    }
    return out;
}

std::string lower_ascii(std::u16string_view text) {
    std::string out;
    for (const char16_t c : text) out.push_back(c < 0x80 ? static_cast<char>(std::tolower(c)) : '?');
    return out;
}

}  // namespace

TEST_CASE("serve: /api/search gives dossier-search's JSON object with took_ms", "[e2e][serve]") {
    const Sample& s = sample();
    ServeProcess serve({"--db", s.db.string()});
    const HttpReply reply = http_get(serve.port(), "/api/search?q=quokka&facets=country,year");
    REQUIRE(reply.status == 200);
    CHECK(reply.header("Content-Type") == "application/json");
    json served = reply.body_json();
    const json cli = dossier::test::search_json(s.db, {"quokka", "--facets", "country,year"});
    // The one rank that matters to a reader: "quokka" four times wins.
    REQUIRE(served.at("hits").size() == 3);
    CHECK(file_name(served["hits"][0]) == "paris.txt");
    CHECK(served.at("took_ms").is_number());
    CHECK(served.at("took_ms").get<double>() >= 0);
    for (const auto& [facet, counts] : served.at("facets").items()) {
        CHECK(counts.at("exact") == true);
        counts.erase("exact");
    }
    served.erase("took_ms");
    CHECK(served == cli);  // same fields, values and "version"
}

TEST_CASE("serve: facet counts are disjunctive, two countries picked keep the other counts", "[e2e][serve]") {
    const Sample& s = sample();
    ServeProcess serve({"--db", s.db.string()});
    const HttpReply reply = http_get(serve.port(), "/api/search?q=quokka&country=CN&country=RU&facets=country,year");
    REQUIRE(reply.status == 200);
    const json served = reply.body_json();
    // The hits are those of the filter: China or Russia.
    const json filtered = dossier::test::search_json(s.db, {"quokka", "--country", "CN", "--country", "RU",
                                                            "--facets", "year"});
    CHECK(served.at("estimated_total") == filtered.at("estimated_total"));
    CHECK(served.at("hits").size() == filtered.at("hits").size());
    // The country counts ignore the country filter: France still counted.
    const json unfiltered = dossier::test::search_json(s.db, {"quokka", "--facets", "country"});
    const std::map<std::string, long> countries = counts_of(served, "country");
    CHECK(countries == counts_of(unfiltered, "country"));
    CHECK(countries.at("FR") == 1);
    CHECK(countries.at("JP") == 1);
    CHECK(countries.at("CN") == 1);
    CHECK(countries.at("RU") == 1);
    CHECK(served.at("estimated_total") == 2);  // France and Japan's paris.txt is not among the hits
    // Other facets' counts keep the country filter.
    CHECK(counts_of(served, "year") == counts_of(filtered, "year"));
    // A comma list is the same filter.
    const HttpReply listed = http_get(serve.port(), "/api/search?q=quokka&country=CN,RU&facets=country,year");
    REQUIRE(listed.status == 200);
    CHECK(counts_of(listed.body_json(), "country") == countries);
}

TEST_CASE("serve: /api/doc gives --show's object and highlights in UTF-16 code units", "[e2e][serve]") {
    const Sample& s = sample();
    ServeProcess serve({"--db", s.db.string()});
    const std::string key = (s.texts / "emoji.txt").string();
    const HttpReply reply = http_get(serve.port(), "/api/doc?key=" + encoded(key) + "&q=wombat");
    REQUIRE(reply.status == 200);
    json served = reply.body_json();
    const json highlights = served.at("highlights");
    // "Wombat" in the title line and "wombat" after the emoji.
    REQUIRE(highlights.size() == 2);
    const std::u16string text = utf16(served.at("text").get<std::string>());
    for (const json& span : highlights) {
        const auto begin = span[0].get<std::size_t>(), end = span[1].get<std::size_t>();
        REQUIRE(end <= text.size());
        CHECK(lower_ascii(std::u16string_view(text).substr(begin, end - begin)) == "wombat");
    }
    served.erase("highlights");
    const ProcessResult shown = dossier::test::search(s.db, {"--show", key, "--format", "json"});
    REQUIRE(shown.exit_code == 0);
    CHECK(served == json::parse(shown.out));
    // Without q there is nothing to mark, and no "highlights".
    const HttpReply plain = http_get(serve.port(), "/api/doc?key=" + encoded(key));
    REQUIRE(plain.status == 200);
    CHECK_FALSE(plain.body_json().contains("highlights"));
}

TEST_CASE("serve: /api/explain and /api/facets give the CLI's answers", "[e2e][serve]") {
    const Sample& s = sample();
    ServeProcess serve({"--db", s.db.string()});
    const std::string key = (s.texts / "beijing.txt").string();
    const HttpReply explained = http_get(serve.port(), "/api/explain?key=" + encoded(key));
    REQUIRE(explained.status == 200);
    const ProcessResult cli = dossier::test::search(s.db, {"--explain", key, "--format", "json"});
    REQUIRE(cli.exit_code == 0);
    CHECK(explained.body_json() == json::parse(cli.out));

    const HttpReply facets = http_get(serve.port(), "/api/facets?facets=country,year");
    REQUIRE(facets.status == 200);
    const json served = facets.body_json();
    const json every = dossier::test::search_json(s.db, {"--facets", "country,year"});
    CHECK(served.at("total") == 4);
    CHECK(served.at("total_exact") == true);
    CHECK(counts_of(served, "country") == counts_of(every, "country"));
    CHECK(counts_of(served, "year") == counts_of(every, "year"));
    CHECK(counts_of(served, "country").at("AU") == 1);
}

TEST_CASE("serve: /api/like gives dossier-search --like's JSON, without the document itself", "[e2e][serve]") {
    const Sample& s = sample();
    ServeProcess serve({"--db", s.db.string()});
    const std::string key = (s.texts / "beijing.txt").string();
    const HttpReply reply = http_get(serve.port(), "/api/like?key=" + encoded(key) + "&facets=country");
    REQUIRE(reply.status == 200);
    json served = reply.body_json();
    const json cli = dossier::test::search_json(s.db, {"--like", key, "--facets", "country"});
    REQUIRE(served.at("hits").size() >= 2);  // the other quokka texts
    for (const json& hit : served.at("hits")) CHECK(file_name(hit) != "beijing.txt");
    CHECK(served.at("like") == key);
    CHECK(served.at("took_ms").is_number());
    served.erase("took_ms");
    for (auto& [facet, counts] : served.at("facets").items()) counts.erase("exact");
    CHECK(served == cli);
    // Narrowed by a filter, as --like KEY --country RU.
    const HttpReply russian = http_get(serve.port(), "/api/like?key=" + encoded(key) + "&country=RU");
    REQUIRE(russian.status == 200);
    REQUIRE(russian.body_json().at("hits").size() == 1);
    CHECK(file_name(russian.body_json()["hits"][0]) == "moscow.txt");
    // An unknown key: 404 with dossier-search's message; bad parameters: 400.
    const HttpReply unknown = http_get(serve.port(), "/api/like?key=" + encoded("/no/such/file.txt"));
    CHECK(unknown.status == 404);
    const ProcessResult cli_unknown = dossier::test::search(s.db, {"--like", "/no/such/file.txt"});
    CHECK(cli_unknown.exit_code == 2);
    const std::string message = unknown.body_json().at("error").get<std::string>();
    CHECK(message.find("no such document") != std::string::npos);
    CHECK(cli_unknown.err.find(message) != std::string::npos);
    CHECK(http_get(serve.port(), "/api/like").status == 400);
    CHECK(http_get(serve.port(), "/api/like?key=" + encoded(key) + "&limit=ten").status == 400);
    CHECK(http_get(serve.port(), "/api/like?key=" + encoded(key) + "&colour=red").status == 400);
}

TEST_CASE("serve: /api/saved and /api/alerts show what --alerts would, and record nothing", "[e2e][serve]") {
    TempDir tmp;
    const fs::path texts = tmp / "texts", db = tmp / "db";
    write_texts(texts);
    REQUIRE(dossier::test::index({"--db", db.string(), texts.string()}).exit_code == 0);
    ServeProcess serve({"--db", db.string()});
    // No saved search yet: an empty list.
    const HttpReply none = http_get(serve.port(), "/api/saved");
    REQUIRE(none.status == 200);
    CHECK(none.body_json().at("saved").empty());
    REQUIRE(dossier::test::search(db, {"--save", "quokkas", "quokka"}).exit_code == 0);
    REQUIRE(dossier::test::search(db, {"--save", "wombats", "wombat", "--country", "AU"}).exit_code == 0);
    const HttpReply listed = http_get(serve.port(), "/api/saved");
    REQUIRE(listed.status == 200);
    const ProcessResult cli_list = dossier::test::search(db, {"--list-saved", "--format", "json"});
    REQUIRE(cli_list.exit_code == 0);
    CHECK(listed.body_json() == json::parse(cli_list.out));
    const json saved = listed.body_json().at("saved");
    REQUIRE(saved.size() == 2);
    CHECK(saved[0].at("name") == "quokkas");
    CHECK(saved[1].at("filters").at("country") == json::array({"AU"}));
    CHECK(saved[1].at("alerted").is_null());
    // Nothing indexed since the save: nothing new.
    const HttpReply quiet = http_get(serve.port(), "/api/alerts?name=quokkas");
    REQUIRE(quiet.status == 200);
    CHECK(quiet.body_json().at("alerts").size() == 1);
    CHECK(quiet.body_json()["alerts"][0].at("new") == 0);
    // A new quokka text: shown, and shown again (the server records nothing).
    write_file(texts / "sydney.txt", "Platypus report\n\nA platypus and a quokka were seen in Australia.\n");
    REQUIRE(dossier::test::index({"--db", db.string(), texts.string()}).exit_code == 0);
    for (int i = 0; i < 2; ++i) {
        const HttpReply fresh = http_get(serve.port(), "/api/alerts?name=quokkas");
        REQUIRE(fresh.status == 200);
        const json alert = fresh.body_json().at("alerts").at(0);
        CHECK(alert.at("new") == 1);
        REQUIRE(alert.at("hits").size() == 1);
        CHECK(file_name(alert["hits"][0]) == "sydney.txt");
    }
    // Every saved search at once is --alerts --format json's object, word
    // for word; that run records, and the server then sees nothing new.
    const HttpReply all = http_get(serve.port(), "/api/alerts");
    REQUIRE(all.status == 200);
    const ProcessResult cli_alerts = dossier::test::search(db, {"--alerts", "--format", "json"});
    INFO(describe(cli_alerts));
    REQUIRE(cli_alerts.exit_code == 0);
    CHECK(all.body_json() == json::parse(cli_alerts.out));
    CHECK(all.body_json().at("alerts").at(0).at("new") == 1);
    CHECK(all.body_json().at("alerts").at(1).at("new") == 0);  // no wombat in sydney.txt
    const HttpReply after = http_get(serve.port(), "/api/alerts?name=quokkas");
    REQUIRE(after.status == 200);
    CHECK(after.body_json()["alerts"][0].at("new") == 0);
    CHECK(after.body_json()["alerts"][0].at("alerted").is_string());
    // Errors: an unknown name is 404, a bad parameter 400.
    const HttpReply unknown = http_get(serve.port(), "/api/alerts?name=nothing");
    CHECK(unknown.status == 404);
    CHECK(unknown.body_json().at("error").get<std::string>().find("no saved search 'nothing'") == 0);
    CHECK(http_get(serve.port(), "/api/alerts?changed=maybe").status == 400);
    CHECK(http_get(serve.port(), "/api/alerts?name=" + encoded("../x")).status == 400);
    CHECK(http_get(serve.port(), "/api/saved?name=quokkas").status == 400);
}

TEST_CASE("serve: saved searches need one database folder, 404 with several", "[e2e][serve]") {
    TempDir tmp;
    const fs::path texts = tmp / "texts", db = tmp / "db";
    write_file(texts / "lone.txt", "Quokka note\n\nA quokka in Perth.\n");
    REQUIRE(dossier::test::index({"--db", db.string(), texts.string()}).exit_code == 0);
    ServeProcess serve({"--db", db.string(), "--db", sample().db.string()});
    for (const std::string target : {"/api/saved", "/api/alerts"}) {
        const HttpReply reply = http_get(serve.port(), target);
        INFO(target << " -> " << reply.body);
        CHECK(reply.status == 404);
        CHECK(reply.body_json().at("error").get<std::string>().find("one database folder") != std::string::npos);
    }
    // A missing database is 503, as for a search.
    ServeProcess missing({"--db", (tmp / "nowhere").string()});
    CHECK(http_get(missing.port(), "/api/saved").status == 503);
    CHECK(http_get(missing.port(), "/api/alerts").status == 503);
}

TEST_CASE("serve: the page is served from the binary with its types and security headers", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string()});
    const HttpReply page = http_get(serve.port(), "/");
    REQUIRE(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body.find("<html") != std::string::npos);
    CHECK(page.body.find("app.js") != std::string::npos);
    CHECK(http_get(serve.port(), "/app.js").header("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(http_get(serve.port(), "/style.css").header("Content-Type") == "text/css; charset=utf-8");
    // Every response, errors too, forbids other hosts, inline script and framing.
    for (const std::string target : {"/", "/api/search?q=quokka", "/nowhere", "/api/search?limit=x"}) {
        const HttpReply reply = http_get(serve.port(), target);
        INFO(target);
        const std::string policy = reply.header("Content-Security-Policy");
        CHECK(policy.find("default-src 'self'") != std::string::npos);
        CHECK(policy.find("script-src 'self'") != std::string::npos);
        CHECK(policy.find("unsafe-inline") == std::string::npos);
        CHECK(policy.find("frame-ancestors 'none'") != std::string::npos);
        CHECK(reply.header("X-Content-Type-Options") == "nosniff");
    }
    // HEAD: the headers, no body.
    httplib::Client client("127.0.0.1", serve.port());
    const httplib::Result head = client.Head("/api/search?q=quokka");
    REQUIRE(head);
    CHECK(head->status == 200);
    CHECK(head->body.empty());
}

TEST_CASE("serve: errors are JSON with the CLI's message and the right status", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string()});
    const auto error_of = [&](const std::string& target, int status) {
        const HttpReply reply = http_get(serve.port(), target);
        INFO(target << " -> " << reply.status << " " << reply.body);
        CHECK(reply.status == status);
        const json body = reply.body_json();
        CHECK(body.at("hint").is_string());
        return body.at("error").get<std::string>();
    };
    CHECK(error_of("/api/search?q=quokka&limit=100001", 400) == "--limit 100001 is too large; the most is 100000");
    CHECK(error_of("/api/search?q=quokka&limit=ten", 400).find("not a number") != std::string::npos);
    CHECK(error_of("/api/search?q=quokka&offset=100001", 400).find("too large") != std::string::npos);
    CHECK(error_of("/api/search?q=quokka&since=2021-13", 400).find("--since 2021-13") == 0);
    CHECK(error_of("/api/search?q=quokka&since=2023&until=2021", 400).find("is after --until") != std::string::npos);
    CHECK(error_of("/api/search?q=quokka&facets=colour", 400).find("unknown facet 'colour'") != std::string::npos);
    CHECK(error_of("/api/search?q=quokka&contry=CN", 400).find("unknown parameter 'contry'") != std::string::npos);
    CHECK(error_of("/api/search?q=quokka&sort=sideways", 400).find("sideways") != std::string::npos);
    CHECK(error_of("/api/search", 400).find("the query is empty") == 0);
    // A query error: dossier-search's own message, word for word.
    const ProcessResult cli = dossier::test::search(sample().db, {"quokka AND"});
    CHECK(cli.exit_code == 2);
    const std::string query_error = error_of("/api/search?q=" + encoded("quokka AND"), 400);
    CHECK(cli.err.find(query_error) != std::string::npos);
    // A query past the CLI's cap on words (1000).
    std::string long_query;
    for (int i = 0; i < 1100; ++i) long_query += "zz ";
    CHECK(error_of("/api/search?q=" + encoded(long_query), 400).find("words") != std::string::npos);
    CHECK(error_of("/api/doc?key=" + encoded("/no/such/file.txt"), 404).find("no such document") != std::string::npos);
    CHECK(error_of("/api/explain?key=nothing", 404).find("no such document") != std::string::npos);
    CHECK(error_of("/api/doc", 400).find("'key' is missing") != std::string::npos);
    CHECK(error_of("/nowhere", 404).find("no such page") != std::string::npos);
    // Only GET and HEAD.
    httplib::Client client("127.0.0.1", serve.port());
    for (const auto& result : {client.Post("/api/search", "q=quokka", "application/x-www-form-urlencoded"),
                               client.Put("/api/search", "", "text/plain"), client.Delete("/api/search")}) {
        REQUIRE(result);
        CHECK(result->status == 405);
        CHECK(result->get_header_value("Allow") == "GET, HEAD");
        CHECK(json::parse(result->body).at("error").get<std::string>().find("not allowed") != std::string::npos);
    }
}

TEST_CASE("serve: a missing database gives 503 with the CLI's message, and the server recovers", "[e2e][serve]") {
    TempDir tmp;
    const fs::path db = tmp / "db";
    ServeProcess serve({"--db", db.string()});
    const HttpReply missing = http_get(serve.port(), "/api/search?q=quokka");
    CHECK(missing.status == 503);
    const ProcessResult cli = dossier::test::search(db, {"quokka"});
    CHECK(cli.exit_code == 3);
    CHECK(cli.err.find(missing.body_json().at("error").get<std::string>()) != std::string::npos);
    CHECK(http_get(serve.port(), "/healthz").status == 503);
    CHECK(http_get(serve.port(), "/api/doc?key=x").status == 503);
    // The database appears: the same server answers.
    write_texts(tmp / "texts");
    const ProcessResult built = dossier::test::index({"--db", db.string(), (tmp / "texts").string()});
    REQUIRE(built.exit_code == 0);
    const HttpReply found = http_get(serve.port(), "/api/search?q=quokka");
    REQUIRE(found.status == 200);
    CHECK(found.body_json().at("hits").size() == 3);
    const HttpReply health = http_get(serve.port(), "/healthz");
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
    // A damaged one: 503 again, and still serving.
    for (const auto& entry : fs::directory_iterator(db))
        if (entry.path().extension() == ".glass") fs::resize_file(entry.path(), 100);
    CHECK(http_get(serve.port(), "/api/search?q=quokka").status == 503);
    CHECK(http_get(serve.port(), "/").status == 200);
    CHECK(serve.stop() == 0);
}

TEST_CASE("serve: path traversal never reaches a file on disk", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string()});
    for (const std::string path :
         {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
          "/static/../../../../etc/passwd", "/index.html/../../../etc/passwd", "/..\\..\\etc\\passwd",
          "//etc/passwd", "/%252e%252e/etc/passwd", "/app.js%00.html"}) {
        const std::string response =
            raw_exchange(serve.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        INFO(path << " -> " << response.substr(0, 300));
        CHECK((status_of(response) == 404 || status_of(response) == 400));
        CHECK(response.find("root:") == std::string::npos);
    }
}

TEST_CASE("serve: the token guards the API, compared whole", "[e2e][serve]") {
    TempDir tmp;
    write_file(tmp / "token", "s3cret-token-0123456789abcdef\n");
    ServeProcess serve({"--db", sample().db.string(), "--token-file", (tmp / "token").string()});
    const std::string target = "/api/search?q=quokka";
    const HttpReply none = http_get(serve.port(), target);
    CHECK(none.status == 401);
    CHECK(none.body_json().at("error").get<std::string>().find("token") != std::string::npos);
    CHECK(none.header("WWW-Authenticate") == "Bearer");
    for (const std::string wrong : {"Bearer s3cret-token-0123456789abcdeX", "Bearer s3cret-token-0123456789abcdef0",
                                    "Bearer s3cret", "Basic s3cret-token-0123456789abcdef", "Bearer "})
        CHECK(http_get(serve.port(), target, {{"Authorization", wrong}}).status == 401);
    const HttpReply right = http_get(serve.port(), target, {{"Authorization", "Bearer s3cret-token-0123456789abcdef"}});
    CHECK(right.status == 200);
    CHECK(right.body_json().at("hits").size() == 3);
    // The health check and the page stay open (the page holds no data).
    CHECK(http_get(serve.port(), "/healthz").status == 200);
    CHECK(http_get(serve.port(), "/").status == 200);
    CHECK(http_get(serve.port(), "/api/doc?key=x").status == 401);
}

TEST_CASE("serve: off loopback it needs a token file or --no-auth", "[e2e][serve]") {
    const ProcessResult refused = dossier::test::run_serve({"--db", sample().db.string(), "--listen", "0.0.0.0:0"});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("--token-file") != std::string::npos);
    CHECK(refused.err.find("--no-auth") != std::string::npos);
    CHECK(dossier::test::run_serve({"--db", sample().db.string(), "--listen", "nowhere"}).exit_code == 2);
    TempDir tmp;
    write_file(tmp / "short", "abc\n");
    const ProcessResult short_token = dossier::test::run_serve(
        {"--db", sample().db.string(), "--listen", "0.0.0.0:0", "--token-file", (tmp / "short").string()});
    CHECK(short_token.exit_code == 2);
    CHECK(short_token.err.find("shorter than 16") != std::string::npos);
    // With --no-auth it serves (reached here over loopback), without a token.
    ServeProcess serve({"--db", sample().db.string(), "--listen", "0.0.0.0:0", "--no-auth"});
    CHECK(serve.log().find("listening on http://0.0.0.0:") != std::string::npos);
    CHECK(http_get(serve.port(), "/api/search?q=quokka").status == 200);
    CHECK(serve.stop() == 0);
}

TEST_CASE("serve: a 1 MB header line and an endless chunked body are cut off, memory flat", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string()});
    REQUIRE(http_get(serve.port(), "/api/search?q=quokka").status == 200);  // warmed up
    const long before = serve.rss_kb(), peak_before = serve.peak_rss_kb();
    const std::string long_line =
        "GET /api/search?q=quokka HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(1 << 20, 'a') + "\r\n\r\n";
    for (int i = 0; i < 5; ++i) {
        const std::string response = raw_exchange(serve.port(), long_line);
        INFO(response.substr(0, 300));
        CHECK(status_of(response) == 431);
    }
    // A 64 MB header line: held whole, it would show in the peak.
    CHECK(status_of(raw_exchange(serve.port(), "GET / HTTP/1.1\r\nX-Long: " + std::string(64 << 20, 'a'))) == 431);
    // 64 MB of chunks, more than it could hold, as "never-ending" as a test
    // can make it: answered from the headers, the body never read.
    std::string chunked = "GET /api/search?q=quokka HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    const std::string chunk = "10000\r\n" + std::string(0x10000, 'b') + "\r\n";
    for (int i = 0; i < 1024; ++i) chunked += chunk;
    const std::string chunked_response = raw_exchange(serve.port(), chunked);
    CHECK(status_of(chunked_response) == 400);
    CHECK(chunked_response.find("carries no body") != std::string::npos);
    // A chunk-size line without end, and a body announced by Content-Length.
    CHECK(status_of(raw_exchange(serve.port(), "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                                                   std::string(1 << 20, 'f'))) == 400);
    CHECK(status_of(raw_exchange(serve.port(), "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n" +
                                                   std::string(1 << 20, 'c'))) == 413);
    const long after = serve.rss_kb(), peak_after = serve.peak_rss_kb();
    INFO("VmRSS before " << before << " kB, after " << after << " kB; VmHWM before " << peak_before
                         << " kB, after " << peak_after << " kB");
    CHECK(after - before < 8 * 1024);  // the inputs were 5 MB and twice 64 MB
    CHECK(peak_after - peak_before < 8 * 1024);
    // Too many header lines, a request line past the limit, a slow head.
    std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 200; ++i) many += "X-" + std::to_string(i) + ": 1\r\n";
    CHECK(status_of(raw_exchange(serve.port(), many + "\r\n")) == 431);
    CHECK(status_of(raw_exchange(serve.port(), "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n\r\n")) == 431);
    CHECK(status_of(raw_exchange(serve.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n")) == 414);
    // Still serving.
    CHECK(http_get(serve.port(), "/api/search?q=quokka").status == 200);
}

TEST_CASE("serve: a client that sends its head too slowly is cut off", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string()});
    // Half a request, then silence: the read timeout ends it, and it does
    // not keep a worker.
    const auto start = std::chrono::steady_clock::now();
    const std::string response = raw_exchange(serve.port(), "GET /api/search?q=quokka HTTP/1.1\r\nHost: x\r\n", 20);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    INFO(response);
    CHECK(seconds < 12);
    CHECK(http_get(serve.port(), "/healthz").status == 200);
}

TEST_CASE("serve: past the workers' queue a connection is answered 503 at once", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string(), "--workers", "1"});
    const auto served_again = [&] {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        int status = 0;
        while ((status = http_get(serve.port(), "/healthz").status) != 200 &&
               std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        return status;
    };
    // One connection holds the only worker (it sends nothing), 16 wait for
    // it (the queue of one worker), and the next is turned away. On a busy
    // machine the worker may not have taken the first connection off the
    // queue before the 17th arrives: then the 17th is the one turned away
    // and the next waits behind the silent one. So: a pause after the
    // first, and up to three tries.
    std::string turned_away;
    std::chrono::steady_clock::duration answered_in{};
    for (int attempt = 1; attempt <= 3; ++attempt) {
        std::vector<int> held = {connect_loopback(serve.port())};
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the worker holds it
        for (int i = 0; i < 16; ++i) held.push_back(connect_loopback(serve.port()));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all accepted
        const auto start = std::chrono::steady_clock::now();
        turned_away = raw_exchange(serve.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 3);
        answered_in = std::chrono::steady_clock::now() - start;
        for (const int sock : held) ::close(sock);
        // Served again once they are gone.
        REQUIRE(served_again() == 200);
        if (status_of(turned_away) == 503) break;
    }
    INFO(turned_away);
    CHECK(status_of(turned_away) == 503);
    CHECK(turned_away.find("the server is busy") != std::string::npos);
    CHECK(answered_in < std::chrono::seconds(2));
}

TEST_CASE("serve: a re-index while serving is seen by the next request, and no request fails", "[e2e][serve]") {
    TempDir tmp;
    const fs::path texts = tmp / "texts", db = tmp / "db";
    write_texts(texts);
    REQUIRE(dossier::test::index({"--db", db.string(), texts.string()}).exit_code == 0);
    ServeProcess serve({"--db", db.string(), "--workers", "4"});
    REQUIRE(http_get(serve.port(), "/api/search?q=platypus").body_json().at("hits").empty());
    std::atomic<bool> done{false};
    std::atomic<int> requests{0}, failures{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 3; ++c)
        clients.emplace_back([&] {
            // No Catch2 macro in these threads (it is not thread-safe): counts only.
            while (!done) {
                const HttpReply reply = http_get(serve.port(), "/api/search?q=quokka&facets=country");
                ++requests;
                const json body = json::parse(reply.body, nullptr, false);
                if (reply.status != 200 || !body.contains("hits") || body["hits"].size() < 3) ++failures;
            }
        });
    write_file(texts / "sydney.txt", "Platypus report\n\nA platypus and a quokka were seen in Australia.\n");
    const ProcessResult update = dossier::test::index({"--db", db.string(), texts.string()});
    INFO(describe(update));
    CHECK(update.exit_code == 0);
    const HttpReply after = http_get(serve.port(), "/api/search?q=platypus");
    REQUIRE(after.status == 200);
    REQUIRE(after.body_json().at("hits").size() == 1);
    CHECK(file_name(after.body_json()["hits"][0]) == "sydney.txt");
    // A full rebuild (the folder swapped in) while the clients keep asking.
    const ProcessResult rebuild = dossier::test::index({"--db", db.string(), "--rebuild", texts.string()});
    INFO(describe(rebuild));
    CHECK(rebuild.exit_code == 0);
    CHECK(http_get(serve.port(), "/api/search?q=platypus").body_json().at("hits").size() == 1);
    done = true;
    for (std::thread& client : clients) client.join();
    CHECK(requests > 10);
    CHECK(failures == 0);
}

TEST_CASE("serve: 400 requests from 16 parallel clients all succeed", "[e2e][serve]") {
    ServeProcess serve({"--db", sample().db.string(), "--workers", "4"});
    // What each of the two requests ranks first, by dossier-search.
    const std::string plain_first = file_name(dossier::test::search_json(sample().db, {"quokka"})["hits"][0]);
    const std::string filtered_first = file_name(
        dossier::test::search_json(sample().db, {"quokka", "--country", "CN", "--country", "RU"})["hits"][0]);
    CHECK(plain_first == "paris.txt");
    std::atomic<int> ok{0};
    std::vector<std::string> problems(16);
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c)
        clients.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", serve.port());
            client.set_keep_alive(c % 2 == 0);  // half keep their connection
            client.set_read_timeout(30, 0);
            for (int i = 0; i < 25; ++i) {
                const std::string target = i % 2 ? "/api/search?q=quokka&country=CN&country=RU&facets=country,year"
                                                 : "/api/search?q=quokka";
                const httplib::Result result = client.Get(target.c_str());
                if (!result) {
                    problems[c] += "no answer (" + httplib::to_string(result.error()) + "); ";
                    continue;
                }
                if (result->status != 200) {
                    problems[c] += std::to_string(result->status) + " " + result->body + "; ";
                    continue;
                }
                const json body = json::parse(result->body, nullptr, false);
                if (!body.contains("hits") || body["hits"].empty() ||
                    file_name(body["hits"][0]) != (i % 2 ? filtered_first : plain_first))
                    problems[c] += "first hit " + body.dump().substr(0, 200) + "; ";
                else
                    ++ok;
            }
        });
    for (std::thread& client : clients) client.join();
    for (const std::string& problem : problems) CHECK(problem == "");
    CHECK(ok == 400);
}

TEST_CASE("serve: one access-log line per request, the query only with --log-queries", "[e2e][serve]") {
    {
        ServeProcess serve({"--db", sample().db.string()});
        REQUIRE(http_get(serve.port(), "/api/search?q=secretword").status == 200);
        REQUIRE(http_get(serve.port(), "/nowhere").status == 404);
        CHECK(serve.stop() == 0);
        const std::string log = serve.log();
        INFO(log);
        CHECK(log.find("secretword") == std::string::npos);
        CHECK(std::regex_search(log, std::regex("\n[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z GET /api/search 200 [0-9.]+ms\n")));
        CHECK(std::regex_search(log, std::regex("\n[^\n]*GET /nowhere 404 [0-9.]+ms\n")));
        CHECK(log.find("dossier-serve: stopped") != std::string::npos);
    }
    ServeProcess serve({"--db", sample().db.string(), "--log-queries"});
    REQUIRE(http_get(serve.port(), "/api/search?q=secretword").status == 200);
    CHECK(serve.stop() == 0);
    CHECK(serve.log().find("GET /api/search?q=secretword 200") != std::string::npos);
}
