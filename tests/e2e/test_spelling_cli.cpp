// SPDX-License-Identifier: MIT
// End-to-end tests of "Did you mean" (issue 19): dossier-index builds
// Xapian's spelling table (index/spelling_data.h) and keeps it through
// re-runs; dossier-search suggests the nearest indexed words for a query
// word nothing matches, or for a query that finds almost nothing, and
// never runs the suggestion instead of the query.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <xapian.h>

#include "../skip.h"
#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// The seed corpus (two documents name Blinken), indexed once per test run.
const TempDir& sample() {
    static const TempDir tmp;
    static const bool built = [] {
        dossier::test::copy_corpus(tmp / "docs");
        const ProcessResult run = dossier::test::index({"--db", (tmp / "db").string(), (tmp / "docs").string()});
        if (run.exit_code != 0) FAIL("indexing the corpus failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(sample() / "db", args); }

nlohmann::json json_of(const ProcessResult& run) {
    INFO(describe(run));
    return nlohmann::json::parse(run.out);
}

// The "suggestion" field of JSON output: null for none, and a note when
// the field is missing (it is always there).
nlohmann::json suggestion_of(const ProcessResult& run) {
    const nlohmann::json json = json_of(run);
    return json.contains("suggestion") ? json["suggestion"] : nlohmann::json("(no suggestion field)");
}

// The "Did you mean" line of text output, or "" when there is none.
std::string did_you_mean(const ProcessResult& run) {
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("Did you mean: ")) return line;
    return "";
}

// The "spelling WORD FREQ" lines of a database's digest (tests/tools/db_digest.cpp).
std::string spelling_lines(const fs::path& db) {
    std::istringstream in(dossier::test::digest(db));
    std::string lines;
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("spelling ")) lines += line + "\n";
    return lines;
}

// Checks, with Xapian directly, that each word of the spelling table has
// as frequency the number of documents holding it (none: not there).
void require_spelling_matches_documents(const fs::path& db) {
    const Xapian::Database database(db.string());
    std::size_t words = 0;
    for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word, ++words) {
        INFO("spelling word " << *word);
        REQUIRE(word.get_termfreq() == database.get_termfreq(*word));
    }
    REQUIRE(words > 0);
}

}  // namespace

TEST_CASE("spelling: a mistyped name suggests the indexed one, and the query still finds nothing (exit 1)") {
    const ProcessResult text = search({"Blinkn"});
    INFO(describe(text));
    CHECK(text.exit_code == 1);
    CHECK(did_you_mean(text) == "Did you mean: Blinken?");
    CHECK(text.out.find("No documents match 'Blinkn'") != std::string::npos);

    const ProcessResult json_run = search({"--format", "json", "Blinkn"});
    CHECK(suggestion_of(json_run) == "blinken");
    const nlohmann::json json = json_of(json_run);
    CHECK(json.value("query", "") == "Blinkn");  // never replaced by the suggestion
    CHECK(json.value("hits", nlohmann::json()).empty());
    CHECK(json.value("estimated_total", -1) == 0);
}

TEST_CASE("spelling: a correct query gets no suggestion") {
    const ProcessResult text = search({"Blinken"});
    INFO(describe(text));
    CHECK(text.exit_code == 0);
    CHECK(did_you_mean(text).empty());
    CHECK(suggestion_of(search({"--format", "json", "Blinken"})).is_null());
    // A word found only through its stem ("accusation" for "accusations")
    // is no misspelling either.
    const ProcessResult stemmed = search({"accusation"});
    INFO(describe(stemmed));
    CHECK(stemmed.exit_code == 0);
    CHECK(did_you_mean(stemmed).empty());
}

TEST_CASE("spelling: only the mistyped word changes, in the case typed, beside the rest of the query") {
    const ProcessResult run = search({"Blinkn cyber"});
    INFO(describe(run));
    CHECK(run.exit_code == 0);  // "cyber" matches: the query ran as typed
    CHECK(did_you_mean(run) == "Did you mean: Blinken cyber?");
    CHECK(suggestion_of(search({"--format", "json", "Blinkn cyber"})) == "blinken cyber");
    CHECK(did_you_mean(search({"BLINKN"})) == "Did you mean: BLINKEN?");
    CHECK(did_you_mean(search({"\"Blinkn said\""})) == "Did you mean: \"Blinken said\"?");
    CHECK(did_you_mean(search({"title:Blinkn"})) == "Did you mean: title:Blinken?");
}

TEST_CASE("spelling: entity prefixes, wildcards and excluded words get no spelling suggestion") {
    // A facet value that is no name is an error with its own nearest names.
    const ProcessResult country = search({"country:Tiongkk"});
    INFO(describe(country));
    CHECK(country.exit_code == 2);
    CHECK(did_you_mean(country).empty());
    CHECK(country.err.find("Tiongkok") != std::string::npos);
    // Beside a word, the value stays as typed and only the word is corrected.
    CHECK(suggestion_of(search({"--format", "json", "Blinkn country:CN"})) == "blinken country:CN");
    const ProcessResult actor = search({"actor:APT28"});
    INFO(describe(actor));
    CHECK(did_you_mean(actor).empty());
    // A name the query finds by its entity is not respelt ("fancy bear" in
    // lower case is two words, and "dance year" is near).
    CHECK(did_you_mean(search({"Fancy Bear Blinkn"})) == "Did you mean: Fancy Bear Blinken?");
    CHECK(did_you_mean(search({"blinkn*"})).empty());
    CHECK(did_you_mean(search({"cyber -Blinkn"})).empty());
}

TEST_CASE("spelling: the suggestion is a word of the languages searched") {
    // "pertemuan" is in the Indonesian documents only.
    CHECK(did_you_mean(search({"pertemuann"})) == "Did you mean: pertemuan?");
    CHECK(did_you_mean(search({"pertemuann lang:id"})) == "Did you mean: pertemuan lang:id?");
    CHECK(did_you_mean(search({"--lang", "id", "pertemuann"})) == "Did you mean: pertemuan?");
    const ProcessResult english = search({"--lang", "en", "pertemuann"});
    INFO(describe(english));
    CHECK(english.exit_code == 1);
    CHECK(did_you_mean(english).empty());
    CHECK(did_you_mean(search({"pertemuann lang:en"})).empty());
}

TEST_CASE("spelling: jsonl ends with the suggestion, --queries carries it per line") {
    const ProcessResult jsonl = search({"--format", "jsonl", "Blinkn"});
    INFO(describe(jsonl));
    CHECK(jsonl.exit_code == 1);
    CHECK(jsonl.out == "{\"version\":1,\"suggestion\":\"blinken\"}\n");

    const TempDir tmp;
    write_file(tmp / "queries.txt", "Blinkn\nBlinken\n");
    const ProcessResult batch = search({"--queries", (tmp / "queries.txt").string()});
    INFO(describe(batch));
    std::istringstream lines(batch.out);
    std::string first, second;
    std::getline(lines, first);
    std::getline(lines, second);
    nlohmann::json first_object = nlohmann::json::parse(first), second_object = nlohmann::json::parse(second);
    CHECK(first_object["suggestion"] == "blinken");
    CHECK(second_object.contains("suggestion"));
    CHECK(second_object["suggestion"].is_null());
}

TEST_CASE("spelling: a rare word that finds almost nothing suggests a much more frequent one") {
    const TempDir tmp;
    dossier::test::copy_corpus(tmp / "docs");
    // The typo itself in one document; the right spelling in four.
    write_file(tmp / "docs" / "typo.txt", "Typo\n\nSecretary Blinkn spoke about ransomware.\n");
    write_file(tmp / "docs" / "b1.txt", "One\n\nSecretary Blinken spoke about sanctions.\n");
    write_file(tmp / "docs" / "b2.txt", "Two\n\nBlinken met his counterparts in Jakarta.\n");
    const fs::path db = tmp / "db";
    REQUIRE(dossier::test::index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    const ProcessResult rare = dossier::test::search(db, {"Blinkn"});
    INFO(describe(rare));
    CHECK(rare.exit_code == 0);  // it found the document with the typo
    CHECK(did_you_mean(rare) == "Did you mean: Blinken?");
    // A word this frequent is taken as meant.
    CHECK(did_you_mean(dossier::test::search(db, {"Blinken"})).empty());
}

TEST_CASE("spelling: re-runs keep the spelling data equal to a fresh build's") {
    const TempDir tmp;
    dossier::test::copy_corpus(tmp / "docs");
    write_file(tmp / "docs" / "quokka.txt", "Quokka\n\nThe quokkanese delegation met in Canberra.\n");
    write_file(tmp / "docs" / "dugong.txt", "Dugong\n\nThe dugongian envoy spoke.\n");
    const fs::path db = tmp / "db";
    REQUIRE(dossier::test::index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    CHECK(did_you_mean(dossier::test::search(db, {"quokkanesse"})) == "Did you mean: quokkanese?");

    // Changed (a word lost, one gained), deleted and added documents.
    write_file(tmp / "docs" / "quokka.txt", "Quokka\n\nThe marsupialist delegation met in Canberra.\n");
    fs::remove(tmp / "docs" / "dugong.txt");
    write_file(tmp / "docs" / "wombat.txt", "Wombat\n\nThe wombatish envoy spoke.\n");
    const ProcessResult rerun = dossier::test::index({"--db", db.string(), (tmp / "docs").string()});
    INFO(describe(rerun));
    REQUIRE(rerun.exit_code == 0);
    const ProcessResult gone = dossier::test::search(db, {"quokkanesse"});
    INFO(describe(gone));
    CHECK(gone.exit_code == 1);
    CHECK(did_you_mean(gone).empty());
    CHECK(did_you_mean(dossier::test::search(db, {"dugongan"})).empty());
    CHECK(did_you_mean(dossier::test::search(db, {"marsupialst"})) == "Did you mean: marsupialist?");
    CHECK(did_you_mean(dossier::test::search(db, {"wombatsh"})) == "Did you mean: wombatish?");
    require_spelling_matches_documents(db);

    const fs::path fresh = tmp / "fresh";
    REQUIRE(dossier::test::index({"--db", fresh.string(), (tmp / "docs").string()}).exit_code == 0);
    CHECK(spelling_lines(db) == spelling_lines(fresh));
    dossier::test::require_sound(db);
}

TEST_CASE("spelling: a database without spelling data gets it from its next run, and searches degrade meanwhile") {
    const TempDir tmp;
    dossier::test::copy_corpus(tmp / "docs");
    const fs::path db = tmp / "db";
    REQUIRE(dossier::test::index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    const std::string built = spelling_lines(db);
    REQUIRE_FALSE(built.empty());
    {
        // As a database written before the spelling data existed.
        Xapian::WritableDatabase database(db.string());
        for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word)
            database.remove_spelling(*word, word.get_termfreq());
        database.set_metadata("dossier.spelling", "");
        database.commit();
    }
    const ProcessResult without = dossier::test::search(db, {"Blinkn"});
    INFO(describe(without));
    CHECK(without.exit_code == 1);
    CHECK(without.err.empty());
    CHECK(did_you_mean(without).empty());

    const ProcessResult rerun = dossier::test::index({"--db", db.string(), (tmp / "docs").string()});
    INFO(describe(rerun));
    REQUIRE(rerun.exit_code == 0);
    CHECK(dossier::test::metadata(db, "dossier.spelling") == "1");
    CHECK(spelling_lines(db) == built);
    CHECK(did_you_mean(dossier::test::search(db, {"Blinkn"})) == "Did you mean: Blinken?");
    // And a run with nothing to do writes nothing.
    const Xapian::rev before = dossier::test::revision(db);
    REQUIRE(dossier::test::index({"--db", db.string(), (tmp / "docs").string()}).exit_code == 0);
    CHECK(dossier::test::revision(db) == before);
}

TEST_CASE("spelling: --jsonl records build and keep the spelling data") {
    const TempDir tmp;
    write_file(tmp / "a.jsonl",
               R"({"id":"1","text":"The quokkanese treaty was signed.","lang":"en"})"
               "\n"
               R"({"id":"2","text":"A dugongian summit took place.","lang":"en"})"
               "\n");
    const fs::path db = tmp / "db";
    REQUIRE(dossier::test::index({"--db", db.string(), "--jsonl", (tmp / "a.jsonl").string()}).exit_code == 0);
    CHECK(did_you_mean(dossier::test::search(db, {"quokkanesse"})) == "Did you mean: quokkanese?");
    // Record 1 replaced: its words go, the new ones come.
    write_file(tmp / "b.jsonl", R"({"id":"1","text":"The marsupialist treaty was signed.","lang":"en"})"
                                "\n");
    REQUIRE(dossier::test::index({"--db", db.string(), "--jsonl", (tmp / "b.jsonl").string()}).exit_code == 0);
    CHECK(did_you_mean(dossier::test::search(db, {"quokkanesse"})).empty());
    CHECK(did_you_mean(dossier::test::search(db, {"marsupialst"})) == "Did you mean: marsupialist?");
    require_spelling_matches_documents(db);
}

TEST_CASE("spelling: a remote shard has no spelling data in Xapian 1.4, and the search goes on without it") {
    const ProcessResult progsrv = run_process("/bin/sh", {"-c", "command -v xapian-progsrv"});
    if (progsrv.exit_code != 0) {
        DOSSIER_SKIP_TEST("xapian-progsrv (Debian xapian-tools) is not installed");
        return;
    }
    const TempDir tmp;
    // A program stub: xapian-progsrv over pipes, no network.
    write_file(tmp / "remote.stub", "remote :xapian-progsrv " + (sample() / "db").string() + "\n");
    const ProcessResult run = dossier::test::search(tmp / "remote.stub", {"Blinkn"});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    // Said in one line, since a "did you mean" could have helped here.
    CHECK(run.err == "dossier-search: warning: no \"did you mean\": remote shards carry no spelling data in "
                     "Xapian 1.4 (docs/shards.md)\n");
    CHECK(did_you_mean(run).empty());
    CHECK(suggestion_of(dossier::test::search(tmp / "remote.stub", {"--format", "json", "Blinkn"})).is_null());
    const ProcessResult found = dossier::test::search(tmp / "remote.stub", {"Blinken"});
    INFO(describe(found));
    CHECK(found.exit_code == 0);
    // Beside a local database, the local one's spelling data answers.
    const ProcessResult mixed =
        dossier::test::search(tmp / "remote.stub", {"--db", (sample() / "db").string(), "Blinkn"});
    INFO(describe(mixed));
    CHECK(mixed.exit_code == 1);
    CHECK(did_you_mean(mixed) == "Did you mean: Blinken?");
    CHECK(mixed.err.empty());
}
