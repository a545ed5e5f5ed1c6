// SPDX-License-Identifier: MIT
// End-to-end tests of the document formats: PDF, Word, OpenDocument, HTML
// and text in legacy encodings, each indexed by the real dossier-index and
// found by dossier-search with its title, date, language and facets; a
// damaged file of each format fails alone.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::index;
using dossier::test::search;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;
using nlohmann::json;

namespace {

const fs::path kFixtures = FIXTURES_DIR;

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The single hit of a JSON search for `query`; fails the test otherwise.
json only_hit(const fs::path& db, const std::string& query) {
    const ProcessResult result = search(db, {"--format", "json", query});
    INFO(describe(result));
    REQUIRE(result.exit_code == 0);
    const json answer = json::parse(result.out);
    REQUIRE(answer.at("hits").size() == 1);
    return answer.at("hits").at(0);
}

bool contains(const json& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

// A folder holding a copy of the office and PDF fixtures.
fs::path copy_format_fixtures(const TempDir& tmp) {
    const fs::path docs = tmp / "docs";
    fs::create_directories(docs);
    for (const char* name : {"statement.pdf", "briefing.docx", "communique.odt"})
        fs::copy_file(kFixtures / "formats" / name, docs / name);
    return docs;
}

}  // namespace

TEST_CASE("PDF, Word and OpenDocument files are found with their title, date, language and facets",
          "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = copy_format_fixtures(tmp);
    const fs::path db = tmp / "db";
    const ProcessResult run = index({"--db", db.string(), "--summary-json", docs.string()});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const json summary = json::parse(run.out);
    CHECK(summary.at("added") == 3);
    CHECK(summary.at("failed") == 0);

    const json pdf = only_hit(db, "quartermaster");
    CHECK(pdf.at("path") == (docs / "statement.pdf").string());
    CHECK(pdf.at("format") == "pdf");
    CHECK(pdf.at("title") == "Joint Statement on the SolarWinds Compromise");
    CHECK(pdf.at("date") == "2021-04-15");
    CHECK(pdf.at("date_source") == "metadata");
    CHECK(pdf.at("lang") == "en");
    CHECK(pdf.at("source") == "Ministry of Foreign Affairs");
    CHECK(contains(pdf.at("entities").at("country"), "RU"));
    CHECK(contains(pdf.at("entities").at("incident"), "solarwinds"));
    CHECK(contains(pdf.at("entities").at("incident"), "colonial-pipeline"));

    const json docx = only_hit(db, "hippocampe");
    CHECK(docx.at("path") == (docs / "briefing.docx").string());
    CHECK(docx.at("format") == "docx");
    CHECK(docx.at("title") == "Note d'information sur NotPetya");
    CHECK(docx.at("date") == "2022-06-27");
    CHECK(docx.at("lang") == "fr");
    CHECK(contains(docx.at("entities").at("country"), "UA"));
    CHECK(contains(docx.at("entities").at("incident"), "notpetya"));
    // Table cells and footnotes are text too.
    CHECK(only_hit(db, "tableaucellule").at("path") == docx.at("path"));
    CHECK(only_hit(db, "notebasdepage").at("path") == docx.at("path"));

    const json odt = only_hit(db, "rambutan");
    CHECK(odt.at("path") == (docs / "communique.odt").string());
    CHECK(odt.at("format") == "odt");
    CHECK(odt.at("title") == "Pernyataan tentang serangan WannaCry");
    CHECK(odt.at("date") == "2017-05-20");
    CHECK(odt.at("lang") == "id");
    CHECK(contains(odt.at("entities").at("country"), "KP"));
    CHECK(contains(odt.at("entities").at("incident"), "wannacry"));

    // Facets count across formats; format: filters by format.
    const ProcessResult facets =
        search(db, {"--format", "json", "--facets", "incident", "SolarWinds OR NotPetya OR WannaCry"});
    REQUIRE(facets.exit_code == 0);
    const json incidents = json::parse(facets.out).at("facets").at("incident").at("values");
    std::map<std::string, int> counts;
    for (const json& value : incidents) counts[value.at("value")] = value.at("count");
    CHECK(counts["solarwinds"] == 1);
    CHECK(counts["notpetya"] == 1);
    CHECK(counts["wannacry"] == 1);
    const ProcessResult only_pdf = search(db, {"--format", "paths", "format:pdf"});
    CHECK(only_pdf.out == (docs / "statement.pdf").string() + "\n");
    const ProcessResult not_pdf =
        search(db, {"--format", "paths", "(SolarWinds OR NotPetya OR WannaCry) NOT format:pdf"});
    std::vector<std::string> paths;
    std::istringstream lines(not_pdf.out);
    for (std::string line; std::getline(lines, line);) paths.push_back(line);
    std::sort(paths.begin(), paths.end());
    CHECK(paths == std::vector<std::string>{(docs / "briefing.docx").string(), (docs / "communique.odt").string()});
}

TEST_CASE("A PDF hit names the page its snippet comes from", "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = copy_format_fixtures(tmp);
    const fs::path db = tmp / "db";
    REQUIRE(index({"--db", db.string(), docs.string()}).exit_code == 0);
    const std::string pdf = (docs / "statement.pdf").string();

    const json annex = only_hit(db, "quartermaster");
    CHECK(annex.at("page") == 2);
    CHECK(annex.at("location") == pdf + "#page=2");
    CHECK_THAT(annex.at("snippet").get<std::string>(), Catch::Contains("quartermaster"));
    const json first = only_hit(db, "\"Foreign Intelligence Service\"");
    CHECK(first.at("page") == 1);
    CHECK(first.at("location") == pdf + "#page=1");
    // Text output shows the page with the path; other formats have none.
    const ProcessResult text = search(db, {"quartermaster"});
    CHECK_THAT(text.out, Catch::Contains("statement.pdf#page=2 | 2021-04-15 | en"));
    const json word = only_hit(db, "hippocampe");
    CHECK(word.at("page").is_null());
    CHECK(word.at("location") == (docs / "briefing.docx").string());
}

TEST_CASE("A damaged file of each format fails alone with one clear message", "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = copy_format_fixtures(tmp);
    const std::string pdf = read_bytes(kFixtures / "formats" / "statement.pdf");
    write_file(docs / "truncated.pdf", pdf.substr(0, pdf.size() / 3));
    write_file(docs / "random.docx", std::string(4096, '\x5a') + "PK\x03\x04 not really a zip");
    const std::string odt = read_bytes(kFixtures / "formats" / "communique.odt");
    write_file(docs / "truncated.odt", odt.substr(0, odt.size() / 2));
    fs::copy_file(kFixtures / "formats" / "encrypted.pdf", docs / "encrypted.pdf");
    // HTML has no "damaged": any bytes parse. Binary bytes are skipped as for text.
    write_file(docs / "image.html", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
    const fs::path db = tmp / "db";

    const ProcessResult run = index({"--db", db.string(), "-v", docs.string()});
    INFO(describe(run));
    CHECK(run.exit_code == 1);  // failures are named, the rest is committed
    CHECK_THAT(run.err, Catch::Contains((docs / "image.html").string() + ": skipped: binary file (contains NUL bytes)"));
    for (const char* name : {"truncated.pdf", "random.docx", "truncated.odt", "encrypted.pdf"}) {
        const std::string prefix = "dossier-index: " + (docs / name).string() + ": failed: ";
        CAPTURE(name);
        const auto first = run.err.find(prefix);
        CHECK(first != std::string::npos);
        CHECK(run.err.find(prefix, first + 1) == std::string::npos);  // one line each
    }
    CHECK_THAT(run.err, Catch::Contains("encrypted.pdf: failed: encrypted PDF"));
    CHECK_THAT(run.err, Catch::Contains("skipped 1, failed 4"));
    CHECK(dossier::test::document_count(db) == 3);
    CHECK(only_hit(db, "quartermaster").at("format") == "pdf");

    // Nothing changed: the next run reads nothing new and writes nothing.
    const Xapian::rev before = Xapian::Database(db.string()).get_revision();
    const ProcessResult again = index({"--db", db.string()});
    CHECK(again.exit_code == 1);  // the damaged files still fail
    CHECK(Xapian::Database(db.string()).get_revision() == before);
}

TEST_CASE("Extracted text over --max-text-size skips the file and names the limit", "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = copy_format_fixtures(tmp);
    const fs::path db = tmp / "db";
    const ProcessResult run = index({"--db", db.string(), "-v", "--max-text-size", "200", docs.string()});
    INFO(describe(run));
    CHECK(run.exit_code == 0);  // skipped on purpose: not a failure
    CHECK_THAT(run.err, Catch::Contains((docs / "statement.pdf").string() + ": skipped: extracted text is "));
    CHECK_THAT(run.err, Catch::Contains("--max-text-size"));
    const ProcessResult small = index({"--db", (tmp / "db2").string(), "--max-file-size", "1K", docs.string(), "-v"});
    CHECK(small.exit_code == 0);
    CHECK_THAT(small.err, Catch::Contains("statement.pdf: skipped: too large ("));
    CHECK_THAT(small.err, Catch::Contains("the limit, --max-file-size, is 1024 bytes)"));
}

TEST_CASE("Text in legacy encodings and UTF-16 is decoded, found and its encoding reported", "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = tmp / "docs";
    fs::create_directories(docs);
    // Row: fixture, the encoding results report, a word of its text, its title.
    const std::vector<std::array<std::string, 4>> fixtures{{
        {"zh_gb18030.txt", "GB18030", "蜜罐", "深圳网络安全周聚焦蜜罐技术与电力系统防护"},
        {"zh_gbk.txt", "GB18030", "钓鱼", "杭州警方破获跨境钓鱼邮件诈骗团伙"},
        {"zh_big5.txt", "Big5", "資安", "臺北舉辦資安論壇　各國專家討論供應鏈攻擊"},
        {"ru_cp1251.txt", "windows-1251", "ботнет", "Во Владивостоке обсудили защиту портов от кибератак"},
        {"ru_koi8r.txt", "KOI8-R", "шифровальщика",
         "Калининградские больницы усилили защиту после атаки шифровальщика"},
        {"fr_cp1252.txt", "windows-1252", "rançongiciel", "Strasbourg : le Conseil de l’Europe face à un rançongiciel"},
        {"de_latin1.txt", "windows-1252", "Lösegeldforderungen",
         "Bonner Behörde warnt vor Lösegeldforderungen gegen Stadtwerke"},
        {"ja_sjis.txt", "Shift_JIS", "標的型", "大阪の港湾施設に標的型攻撃　政府が注意を呼びかけ"},
        {"en_utf16le.txt", "UTF-16LE", "spearphishing", "Rotterdam port operators rehearse a response to spearphishing"},
        {"ru_utf16be.txt", "UTF-16BE", "контроллеров", "В Новосибирске обсудили уязвимости промышленных контроллеров"},
    }};
    for (const auto& row : fixtures) fs::copy_file(kFixtures / "encodings" / row[0], docs / row[0]);
    const fs::path db = tmp / "db";
    const ProcessResult run = index({"--db", db.string(), docs.string()});
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK(run.err.empty());  // confident guesses: nothing to say under cron
    CHECK(dossier::test::document_count(db) == fixtures.size());
    for (const auto& [name, encoding, word, title] : fixtures) {
        CAPTURE(name, word);
        const ProcessResult found = search(db, {"--format", "json", "--limit", "1", word});
        REQUIRE(found.exit_code == 0);
        const json hit = json::parse(found.out).at("hits").at(0);
        CHECK(hit.at("path") == (docs / name).string());
        CHECK(hit.at("encoding") == encoding);
        CHECK(hit.at("title") == title);
        CHECK(hit.at("format") == "text");
        CHECK_THAT(hit.at("snippet").get<std::string>(), Catch::Contains(word));
    }
}

TEST_CASE("HTML pages give their visible text, metadata, declared charset and a language hint", "[e2e][formats]") {
    TempDir tmp;
    const fs::path docs = tmp / "docs";
    fs::create_directories(docs);
    for (const char* name : {"article.html", "wrong-lang.html", "indonesian-time.html", "russian-cp1251.html"})
        fs::copy_file(kFixtures / "html" / name, docs / name);
    const fs::path db = tmp / "db";
    const ProcessResult run = index({"--db", db.string(), docs.string()});
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);

    const json article = only_hit(db, "quarantined");
    CHECK(article.at("path") == (docs / "article.html").string());
    CHECK(article.at("format") == "html");
    CHECK(article.at("title") == "Foreign Ministers Condemn SolarWinds Espionage Campaign");
    CHECK(article.at("date") == "2021-04-16");
    CHECK(article.at("date_source") == "metadata");
    CHECK(article.at("lang") == "en");
    CHECK(article.at("url") == "https://example.org/news/solarwinds-statement");
    CHECK(article.at("source") == "Ministry of Foreign Affairs");
    CHECK(contains(article.at("entities").at("country"), "RU"));
    CHECK(contains(article.at("entities").at("incident"), "solarwinds"));
    // Hidden text, scripts and page chrome are not indexed.
    CHECK(search(db, {"hiddenword"}).exit_code == 1);

    // <html lang="de"> on a French page: detection overrules the hint.
    CHECK(only_hit(db, "rançongiciel").at("lang") == "fr");
    const json indonesian = only_hit(db, "kedaulatan");
    CHECK(indonesian.at("date") == "2019-11-05");
    CHECK(indonesian.at("lang") == "id");
    CHECK(contains(indonesian.at("entities").at("country"), "CN"));
    const json russian = only_hit(db, "голословными");
    CHECK(russian.at("encoding") == "windows-1251");
    CHECK(russian.at("title") == "МИД России ответил на обвинения в кибератаках");
    CHECK(russian.at("date") == "2023-04-13");
}
