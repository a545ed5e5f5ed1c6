// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "indexer/jsonl_ingest.h"
#include "indexer/options.h"
#include "indexer/settings.h"
#include "index/change_plan.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "base/error.h"
#include "index/schema.h"
#include "test_support.h"

using dossier::DocumentError;
using dossier::ReadLimits;
using dossier::indexer::JsonlInput;
using dossier::indexer::LineRead;
using dossier::indexer::parse_jsonl_record;
using dossier::indexer::read_jsonl_line;
using dossier::indexer::RunKind;
using dossier::indexer::RunSettings;

namespace {

// The reason parse_jsonl_record gives for `line`, or "" when it is good.
std::string bad_reason(const std::string& line, const ReadLimits& limits = {}) {
    try {
        parse_jsonl_record(line, limits);
    } catch (const DocumentError& e) {
        CHECK(e.kind() == DocumentError::Kind::failed);
        return e.what();
    }
    return "";
}

dossier::indexer::ParsedIndexOptions parse(std::vector<const char*> args, std::string& err) {
    args.insert(args.begin(), "dossier-index");
    std::ostringstream out, err_stream;
    auto parsed = dossier::indexer::parse_index_options(static_cast<int>(args.size()), args.data(), out,
                                                        err_stream);
    err = err_stream.str();
    return parsed;
}

// The settings of `dossier-index --db DIR/db --jsonl -`.
RunSettings stdin_ingest_settings(const dossier::test::TempDir& dir) {
    RunSettings settings;
    settings.kind = RunKind::jsonl_ingest;
    settings.database = (dir.path() / "db").string();
    settings.database_named = settings.database;
    settings.jsonl = "-";
    return settings;
}

}  // namespace

TEST_CASE("a JSONL record becomes a text document named jsonl:id", "[jsonl]") {
    const auto record = parse_jsonl_record(
        R"({"id":"r-1","text":"Body of the record.","title":"A title","date":"2023-04-13T06:20:00Z",)"
        R"("lang":"Indonesian","url":"https://x.example/1","source":"Kompas","country":["France","cn"],"extra":1})",
        {});
    CHECK(record.source.path == "jsonl:r-1");
    CHECK(record.source.format == "text");
    CHECK(record.source.text == "Body of the record.");
    CHECK(record.source.title == "A title");
    CHECK(record.source.title_from_metadata);
    CHECK(record.source.date == "2023-04-13");
    CHECK(record.source.date_source == "metadata");
    CHECK(record.source.lang == "id");
    CHECK_FALSE(record.source.lang_is_hint);
    CHECK(record.source.url == "https://x.example/1");
    CHECK(record.source.source == "Kompas");
    REQUIRE(record.countries.size() == 2);
    CHECK(record.countries[0] == std::pair<std::string, std::string>{"FR", "France"});
    CHECK(record.countries[1] == std::pair<std::string, std::string>{"CN", "cn"});
}

TEST_CASE("a JSONL record without title or date takes them from its text like a file", "[jsonl]") {
    const auto record =
        parse_jsonl_record(R"({"id":42,"text":"First line here\nJakarta, 13 April 2023 - more text","title":null})", {});
    CHECK(record.source.path == "jsonl:42");
    CHECK(parse_jsonl_record(R"({"id":1,"text":"x","date":2021})", {}).source.date == "2021");
    CHECK(record.source.title == "First line here");
    CHECK_FALSE(record.source.title_from_metadata);
    CHECK(record.source.date == "2023-04-13");
    CHECK(record.source.date_source == "text");
    CHECK(record.source.lang.empty());
    CHECK(record.countries.empty());
}

TEST_CASE("each kind of bad JSONL line has its own reason", "[jsonl]") {
    CHECK(bad_reason("{\"id\":1,\"text\":\"x\"") ==
          "not valid JSON: at column 19: syntax error while parsing object - unexpected end of input; "
          "expected '}'");
    CHECK(bad_reason("[1,2]") == "not a JSON object (each line must be one {...} record)");
    CHECK(bad_reason(R"({"text":"x"})") == "no \"id\" field");
    CHECK(bad_reason(R"({"id":"","text":"x"})") == "\"id\" is empty");
    CHECK(bad_reason(R"({"id":1.5,"text":"x"})") == "\"id\" must be a string or an integer");
    CHECK(bad_reason(R"({"id":"a"})") == "no \"text\" field");
    CHECK(bad_reason(R"({"id":"a","text":7})") == "\"text\" must be a string");
    CHECK(bad_reason(R"({"id":"a","text":" \n "})") == "\"text\" is empty");
    CHECK(bad_reason(R"({"id":"a","text":"x","title":["t"]})") == "\"title\" must be a string");
    CHECK(bad_reason(R"({"id":"a","text":"x","date":"yesterday"})") ==
          "\"date\" 'yesterday' is not a date like 2023-04-13");
    CHECK(bad_reason(R"({"id":"a","text":"x","date":"2023-02-30"})") ==
          "\"date\" '2023-02-30' is not a date like 2023-04-13");
    CHECK(bad_reason(R"({"id":"a","text":"x","date":true})") == "\"date\" must be a string");
    CHECK(bad_reason(R"({"id":"a","text":"x","lang":"klingonese"})") ==
          "\"lang\" 'klingonese' is not a known language");
    CHECK(bad_reason(R"({"id":"a","text":"x","country":5})") ==
          "\"country\" must be a string or an array of strings");
    CHECK_THAT(bad_reason(R"({"id":"a","text":"x","country":["FR","Narnia"]})"),
               Catch::StartsWith("\"country\" 'Narnia' is not a known country; nearest known names: "));
    ReadLimits small;
    small.max_text_bytes = 4;
    CHECK(bad_reason(R"({"id":"a","text":"12345"})", small) ==
          "\"text\" is larger than --max-text-size (4 bytes)");
    CHECK(bad_reason(R"({"id":"a","text":"1234"})", small).empty());
}

TEST_CASE("JSON with invalid UTF-8 is a bad line", "[jsonl]") {
    CHECK_THAT(bad_reason("{\"id\":\"a\",\"text\":\"caf\xE9\"}"), Catch::StartsWith("not valid JSON: "));
}

TEST_CASE("record countries join the country facet of the built document", "[jsonl]") {
    const auto record = parse_jsonl_record(
        R"({"id":"c","text":"Officials in Japan met on Tuesday.","lang":"en","country":["France","FR","de"]})", {});
    dossier::BuiltDocument built = dossier::build_document(record.source, "", dossier::test::builtin_catalog());
    dossier::indexer::add_record_countries(built, record);
    CHECK(built.document.get_value(dossier::schema::kCountrySlot) == "DE|FR|JP");
    std::vector<std::string> country_terms;
    for (auto it = built.document.termlist_begin(); it != built.document.termlist_end(); ++it)
        if ((*it).rfind("XC", 0) == 0) country_terms.push_back(*it);
    CHECK(country_terms == std::vector<std::string>{"XC:DE", "XC:FR", "XC:JP"});
    const auto stored = dossier::schema::decode_document_data(built.document.get_data());
    const auto& evidence = stored.evidence.at("country");
    CHECK(evidence.at("FR") == std::vector<std::string>{"France", "FR"});
    CHECK(evidence.at("DE") == std::vector<std::string>{"de"});
    CHECK(evidence.at("JP") == std::vector<std::string>{"Japan"});
    CHECK(stored.path == "jsonl:c");
    CHECK(built.id_term == dossier::schema::path_term("jsonl:c"));
}

TEST_CASE("a line's record countries are stored as add_record_countries stores them", "[jsonl]") {
    // analyze_jsonl_line adds them before the data is encoded, not after.
    const std::string line =
        R"({"id":"c","text":"Officials in Japan met on Tuesday.","lang":"en","country":["France","FR","de"]})";
    const auto record = parse_jsonl_record(line, {});
    dossier::BuiltDocument expected = dossier::build_document(record.source, "", dossier::test::builtin_catalog());
    dossier::indexer::add_record_countries(expected, record);
    const auto analyzed = dossier::indexer::analyze_jsonl_line(line, {}, "", dossier::test::builtin_catalog());
    CHECK(analyzed.built.document.get_data() == expected.document.get_data());
    CHECK(analyzed.built.document.get_value(dossier::schema::kCountrySlot) == "DE|FR|JP");
    std::vector<std::string> terms, expected_terms;
    for (auto it = analyzed.built.document.termlist_begin(); it != analyzed.built.document.termlist_end(); ++it)
        terms.push_back(*it);
    for (auto it = expected.document.termlist_begin(); it != expected.document.termlist_end(); ++it)
        expected_terms.push_back(*it);
    CHECK(terms == expected_terms);
}

TEST_CASE("JSONL lines are read one at a time and an overlong one is passed over", "[jsonl]") {
    std::istringstream in("short\r\n0123456789\n\nlast");
    std::string line;
    CHECK(read_jsonl_line(in, line, 6) == LineRead::line);
    CHECK(line == "short");
    CHECK(read_jsonl_line(in, line, 6) == LineRead::too_long);
    CHECK(line.empty());
    CHECK(read_jsonl_line(in, line, 6) == LineRead::line);
    CHECK(line.empty());
    CHECK(read_jsonl_line(in, line, 6) == LineRead::line);
    CHECK(line == "last");
    CHECK(read_jsonl_line(in, line, 6) == LineRead::end);
}

TEST_CASE("documents without a file state are invisible to the re-index planner", "[jsonl]") {
    Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const auto record = parse_jsonl_record(R"({"id":"keep","text":"Kept across folder runs."})", {});
    const dossier::BuiltDocument built =
        dossier::build_document(record.source, "en", dossier::test::builtin_catalog());
    database.replace_document(built.id_term, built.document);
    CHECK(dossier::load_stored_files(database).empty());

    const dossier::WalkResult walk;
    const std::vector<dossier::StoredFile> stored = dossier::load_stored_files(database);
    dossier::PlanInputs inputs;
    inputs.walk = &walk;
    inputs.stored = &stored;
    inputs.scanned_roots = {"/"};
    inputs.prune = true;
    inputs.kept_roots = {"/elsewhere"};
    const dossier::ChangePlan plan = dossier::plan_changes(inputs);
    CHECK(plan.remove.empty());
}

TEST_CASE("dossier-index --jsonl is a run of its own", "[jsonl]") {
    std::string err;
    auto parsed = parse({"--db", "/tmp/x", "--jsonl", "-"}, err);
    CHECK(parsed.run);
    CHECK(parsed.options.jsonl == std::optional<std::string>("-"));
    CHECK(parse({"--db", "/tmp/x"}, err).options.jsonl == std::nullopt);

    parsed = parse({"--db", "/tmp/x", "--jsonl", "f.jsonl", "/docs"}, err);
    CHECK_FALSE(parsed.run);
    CHECK(parsed.exit_code == 2);
    CHECK(err == "dossier-index: --jsonl cannot be combined with PATH arguments; index folders in a separate run\n");
    for (const char* option : {"--prune", "--dry-run"}) {
        parsed = parse({"--db", "/tmp/x", "--jsonl", "f.jsonl", option}, err);
        CHECK(parsed.exit_code == 2);
        CHECK(err == std::string("dossier-index: --jsonl cannot be combined with ") + option + "\n");
    }
    // --rebuild makes a database of the records alone (jsonl_rebuild).
    parsed = parse({"--db", "/tmp/x", "--jsonl", "f.jsonl", "--rebuild"}, err);
    CHECK(parsed.run);
    CHECK(parsed.options.rebuild);
    parsed = parse({"--db", "/tmp/x", "--jsonl", ""}, err);
    CHECK(parsed.exit_code == 2);
    CHECK(err == "dossier-index: --jsonl needs a FILE, or '-' for standard input\n");
}

TEST_CASE("ingesting JSONL from a stream names bad lines and commits the good ones", "[jsonl]") {
    const dossier::test::TempDir dir("jsonl");
    const RunSettings settings = stdin_ingest_settings(dir);
    std::istringstream in(
        "{\"id\":\"a\",\"text\":\"First record.\"}\n"
        "\n"
        "not json\n"
        "{\"id\":\"b\",\"text\":\"Second record.\",\"date\":\"someday\"}\n"
        "{\"id\":\"a\",\"text\":\"First record, again.\"}\n"
        "{\"id\":\"c\",\"text\":\"Third record.\"}");
    std::ostringstream out, err;
    const dossier::indexer::RunContext context{out, err, false, nullptr, &in};
    JsonlInput input(settings.jsonl, context.in);
    Xapian::WritableDatabase writable = dossier::open_for_writing(settings.database);
    const auto summary = dossier::indexer::ingest_jsonl(settings, input, writable, context);
    CHECK(summary.added == 2);
    CHECK(summary.updated == 1);
    CHECK(summary.failed == 2);
    CHECK_FALSE(summary.interrupted);
    CHECK(err.str() ==
          "dossier-index: stdin:3: skipped: not valid JSON: at column 2: syntax error while parsing value - "
          "invalid literal; last read: 'no'\n"
          "dossier-index: stdin:4: skipped: \"date\" 'someday' is not a date like 2023-04-13\n");
    const Xapian::Database database(settings.database);
    CHECK(database.get_doccount() == 2);
    CHECK(database.get_metadata(std::string(dossier::schema::kIndexConfigKey)).empty());
    const Xapian::Document first =
        database.get_document(*database.postlist_begin(dossier::schema::path_term("jsonl:a")));
    CHECK(dossier::schema::decode_document_data(first.get_data()).text == "First record, again.");
    CHECK(first.get_value(dossier::schema::kFileStateSlot).empty());
}

TEST_CASE("a stop request ends JSONL ingestion before the next line", "[jsonl]") {
    const dossier::test::TempDir dir("jsonl");
    const RunSettings settings = stdin_ingest_settings(dir);
    std::istringstream in("{\"id\":\"a\",\"text\":\"Never read.\"}\n");
    std::ostringstream out, err;
    const std::atomic<bool> stop{true};
    const dossier::indexer::RunContext context{out, err, false, &stop, &in};
    JsonlInput input(settings.jsonl, context.in);
    Xapian::WritableDatabase writable = dossier::open_for_writing(settings.database);
    const auto summary = dossier::indexer::ingest_jsonl(settings, input, writable, context);
    CHECK(summary.interrupted);
    CHECK(summary.added == 0);
    CHECK(Xapian::Database(settings.database).get_doccount() == 0);
}

TEST_CASE("JSONL lines come numbered, without blank ones and the byte-order mark, reading ahead or not",
          "[jsonl]") {
    using dossier::indexer::JsonlLines;
    for (const bool read_ahead : {false, true}) {
        std::istringstream in("\xEF\xBB\xBF{\"id\":1}\n\n  \t\n" + std::string(40, 'x') + "\r\nlast\r\n\nend");
        JsonlInput input("-", &in);
        JsonlLines lines(input, 30);
        if (read_ahead) {
            CHECK(lines.has_more_than(2));
            CHECK_FALSE(lines.has_more_than(4));
        }
        std::vector<std::string> seen;
        JsonlLines::Line line;
        while (lines.next(line))
            seen.push_back(std::to_string(line.number) + (line.too_long ? " too long" : " " + line.text));
        INFO("read ahead: " << read_ahead);
        CHECK(seen == std::vector<std::string>{"1 {\"id\":1}", "4 too long", "5 last", "7 end"});
        CHECK(lines.read_error().empty());
        CHECK_FALSE(lines.next(line));
    }
}
