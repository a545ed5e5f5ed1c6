// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "base/version.h"
#include "base/error.h"
#include "indexer/options.h"
#include "indexer/settings.h"
#include "test_support.h"

using dossier::IndexConfig;
using dossier::indexer::DatabaseMemory;
using dossier::indexer::parse_index_options;
using dossier::indexer::resolve_run_settings;
using dossier::indexer::RunKind;
using dossier::indexer::RunSettings;
using dossier::indexer::ParsedIndexOptions;
using dossier::indexer::Verbosity;
using dossier::test::EnvGuard;
using dossier::test::join;

namespace {

struct IndexRun {
    ParsedIndexOptions parsed;
    std::string out;
    std::string err;
};

// Parses `args` (split at spaces) as dossier-index's command line.
IndexRun run(const std::string& args) {
    const std::vector<std::string> words = dossier::test::split_words(args);
    std::vector<const char*> argv{"dossier-index"};
    for (const std::string& word : words) argv.push_back(word.c_str());
    std::ostringstream out, err;
    IndexRun result;
    result.parsed = parse_index_options(static_cast<int>(argv.size()), argv.data(), out, err);
    result.out = out.str();
    result.err = err.str();
    return result;
}

const char* verbosity_name(Verbosity v) {
    switch (v) {
        case Verbosity::quiet: return "quiet";
        case Verbosity::normal: return "normal";
        case Verbosity::verbose: return "verbose";
    }
    return "?";
}

// "db=…;lang=…;verbosity=…;paths=a|b", with ";gazetteers=…" and the
// run-mode flags only when given; lang "-" when not given (remembered).
std::string describe(const dossier::indexer::IndexOptions& options) {
    std::string text = "db=" + options.database + ";lang=" + options.lang.value_or("-") + ";verbosity=" +
                       verbosity_name(options.verbosity) + ";paths=" + join(options.paths);
    if (options.gazetteers) text += ";gazetteers=" + join(*options.gazetteers);
    if (options.prune) text += ";prune";
    if (options.rebuild) text += ";rebuild";
    if (options.dry_run) text += ";dry-run";
    if (options.summary_json) text += ";summary-json";
    if (options.wait_seconds > 0) text += ";wait=" + std::to_string(static_cast<int>(options.wait_seconds));
    return text;
}

const char* kind_name(RunKind kind) {
    switch (kind) {
        case RunKind::update: return "update";
        case RunKind::first_build: return "first_build";
        case RunKind::dry_run: return "dry_run";
        case RunKind::rebuild: return "rebuild";
        case RunKind::jsonl_ingest: return "jsonl_ingest";
        case RunKind::jsonl_rebuild: return "jsonl_rebuild";
    }
    return "?";
}

// The settings of `args` for a database (at "/d") remembering `memory`.
RunSettings resolved(const std::string& args, const DatabaseMemory& memory) {
    const IndexRun r = run(args);
    REQUIRE(r.parsed.run);
    return resolve_run_settings(r.parsed.options, "/d", memory);
}

// A database with documents from the folders `roots`.
DatabaseMemory remembering(std::vector<std::string> roots, std::string lang = "",
                           std::vector<std::string> gazetteers = {}) {
    return {IndexConfig{std::move(roots), std::move(lang), std::move(gazetteers), {}}, true};
}

}  // namespace

TEST_CASE("dossier-index --help prints usage on stdout and exits 0", "[index_options]") {
    const IndexRun r = run("--help");
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK_THAT(r.out, Catch::Matchers::Contains("Usage: dossier-index [OPTIONS] [PATH...]"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("--prune"));
    CHECK_THAT(r.out, Catch::Matchers::Contains("$DOSSIER_DB"));
    CHECK(r.err.empty());
}

TEST_CASE("dossier-index --version prints the version and exits 0", "[index_options]") {
    const IndexRun r = run("--version");
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK(r.out == "dossier-index " + std::string(dossier::kVersion) + "\n");
    CHECK(r.err.empty());
}

TEST_CASE("dossier-index options are collected for the run", "[index_options]") {
    // Row: arguments -> "db=…;lang=…;verbosity=…;paths=a|b" (lang is the
    // canonical code, "" for auto, "-" when left to what the database
    // remembers).
    auto [args, expected] = GENERATE(table<std::string, std::string>({
        {"--db /d a", "db=/d;lang=-;verbosity=normal;paths=a"},
        {"--db /d a b/c", "db=/d;lang=-;verbosity=normal;paths=a|b/c"},
        {"a --db /d", "db=/d;lang=-;verbosity=normal;paths=a"},
        {"--db /d", "db=/d;lang=-;verbosity=normal;paths="},
        {"--db /d -q a", "db=/d;lang=-;verbosity=quiet;paths=a"},
        {"--db /d --verbose a", "db=/d;lang=-;verbosity=verbose;paths=a"},
        {"--db /d --lang EN a", "db=/d;lang=en;verbosity=normal;paths=a"},
        {"--db /d --lang zh-Hant a", "db=/d;lang=zh;verbosity=normal;paths=a"},
        {"--db /d --lang Indonesian a", "db=/d;lang=id;verbosity=normal;paths=a"},
        {"--db /d --lang auto a", "db=/d;lang=;verbosity=normal;paths=a"},
        {"--db /d --gazetteer g.json a", "db=/d;lang=-;verbosity=normal;paths=a;gazetteers=g.json"},
        {"--db /d --no-gazetteer", "db=/d;lang=-;verbosity=normal;paths=;gazetteers="},
        {"--db /d --prune a", "db=/d;lang=-;verbosity=normal;paths=a;prune"},
        {"--db /d --rebuild", "db=/d;lang=-;verbosity=normal;paths=;rebuild"},
        {"--db /d -n --summary-json", "db=/d;lang=-;verbosity=normal;paths=;dry-run;summary-json"},
        {"--db /d --wait 30 a", "db=/d;lang=-;verbosity=normal;paths=a;wait=30"},
    }));
    CAPTURE(args);
    const IndexRun r = run(args);
    CHECK(r.err == "");
    CHECK(r.parsed.run);
    CHECK(r.parsed.exit_code == 0);
    CHECK(describe(r.parsed.options) == expected);
}

TEST_CASE("dossier-index usage errors exit 2 with a message on stderr", "[index_options]") {
    // Row: arguments -> the exact stderr text.
    auto [args, expected] = GENERATE(table<std::string, std::string>({
        {"--bogus x",
         "dossier-index: The following argument was not expected: --bogus\n"
         "Run 'dossier-index --help' for usage.\n"},
        {"--db /d --wait -1",
         "dossier-index: --wait: '-1' is not a number of seconds (0 or more)\nRun 'dossier-index --help' for usage.\n"},
        {"--db /d --rebuild --dry-run",
         "dossier-index: --rebuild excludes --dry-run\nRun 'dossier-index --help' for usage.\n"},
        {"--db /d --gazetteer g.json --no-gazetteer",
         "dossier-index: --gazetteer excludes --no-gazetteer\nRun 'dossier-index --help' for usage.\n"},
        {"-q -v --db /d a",
         "dossier-index: --quiet excludes --verbose\nRun 'dossier-index --help' for usage.\n"},
        {"--db /d --lang xx a",
         "dossier-index: unknown language 'xx': give an ISO 639-1 code such as en, id, zh, ru, "
         "ar, fr, or an English language name such as Indonesian\n"},
    }));
    CAPTURE(args);
    const IndexRun r = run(args);
    CHECK_FALSE(r.parsed.run);
    CHECK(r.parsed.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == expected);
}

TEST_CASE("dossier-index finds the database by --db, $DOSSIER_DB, then $XDG_DATA_HOME", "[index_options]") {
    // Row: $DOSSIER_DB, $XDG_DATA_HOME ("-" for unset), arguments -> database.
    auto [dossier_db, xdg, args, expected] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"/env/db", "/xdg", "--db /given a", "/given"},
        {"/env/db", "/xdg", "a", "/env/db"},
        {"-", "/xdg", "a", "/xdg/dossier/index"},
    }));
    CAPTURE(dossier_db, xdg, args);
    const EnvGuard db_guard("DOSSIER_DB", dossier_db == "-" ? std::nullopt : std::optional(dossier_db));
    const EnvGuard xdg_guard("XDG_DATA_HOME", xdg == "-" ? std::nullopt : std::optional(xdg));
    const IndexRun r = run(args);
    CHECK(r.err == "");
    REQUIRE(r.parsed.run);
    CHECK(r.parsed.options.database == expected);
}

TEST_CASE("the command line and the database decide which run it is", "[index_options]") {
    // Row: arguments, whether the database has documents -> the run.
    auto [args, has_documents, expected] = GENERATE(table<std::string, bool, std::string>({
        {"--db /d /r", true, "update"},
        {"--db /d /r", false, "first_build"},
        {"--db /d -n /r", false, "dry_run"},
        {"--db /d --rebuild /r", true, "rebuild"},
        {"--db /d --jsonl -", false, "jsonl_ingest"},
        {"--db /d --jsonl - --rebuild", true, "jsonl_rebuild"},
    }));
    CAPTURE(args, has_documents);
    const RunSettings settings = resolved(args, {std::nullopt, has_documents});
    CHECK(kind_name(settings.kind) == expected);
    CHECK(settings.database == "/d");
    CHECK(settings.scratch == "/d.rebuild");
}

TEST_CASE("a folder run adds the named roots to the remembered ones, or replaces them with --prune",
          "[index_options]") {
    const DatabaseMemory memory = remembering({"/r/a"}, "id", {"/g.json"});
    RunSettings settings = resolved("--db /d /r/b", memory);
    CHECK(settings.scan_roots == std::vector<std::string>{"/r/b"});
    CHECK(settings.remembered.roots == std::vector<std::string>{"/r/a", "/r/b"});
    CHECK(settings.not_scanned == std::vector<std::string>{"/r/a"});
    CHECK(settings.lang == "id");
    CHECK(settings.gazetteers == std::vector<std::string>{"/g.json"});
    CHECK(settings.remembered.lang == "id");

    settings = resolved("--db /d --prune --lang en --no-gazetteer /r/b", memory);
    CHECK(settings.remembered.roots == std::vector<std::string>{"/r/b"});
    CHECK(settings.not_scanned.empty());
    CHECK(settings.prune);
    CHECK(settings.remembered.lang == "en");
    CHECK(settings.gazetteers.empty());

    settings = resolved("--db /d", memory);
    CHECK(settings.scan_roots == std::vector<std::string>{"/r/a"});
    CHECK(settings.remembered.roots == std::vector<std::string>{"/r/a"});
}

TEST_CASE("a folder run with no PATH needs remembered folders", "[index_options]") {
    CHECK_THROWS_MATCHES(resolved("--db /d", {}), dossier::UsageError,
                         Catch::Matchers::Message("no PATH given and database '/d' remembers no folders; "
                                                  "name the folders to index"));
}

TEST_CASE("dossier-index --jsonl analyzes with this run's --lang and --gazetteer and remembers nothing", "[index_options]") {
    const DatabaseMemory memory = remembering({"/r/a"}, "id", {"/g.json"});
    RunSettings settings = resolved("--db /d --jsonl - --lang fr --gazetteer extra.json -q -j 3", memory);
    CHECK(settings.jsonl == "-");
    CHECK(settings.lang == "fr");
    CHECK(settings.gazetteers == std::vector<std::string>{"extra.json"});
    CHECK(settings.remembered == IndexConfig{});
    CHECK(settings.scan_roots.empty());
    CHECK(settings.verbosity == Verbosity::quiet);
    CHECK(settings.jobs == 3);

    settings = resolved("--db /d --jsonl records.jsonl", memory);
    CHECK(settings.lang == "id");
    CHECK(settings.gazetteers == std::vector<std::string>{"/g.json"});
}

TEST_CASE("dossier-index --shard is remembered, and changed only by --rebuild", "[index_options]") {
    DatabaseMemory memory = remembering({"/r/a"});
    memory.config->shard = dossier::parse_shard("2/3");
    // Without --shard, or with the same one: the remembered shard.
    CHECK(resolved("--db /d", memory).shard == dossier::Shard{2, 3});
    CHECK(resolved("--db /d", memory).remembered.shard == dossier::Shard{2, 3});
    CHECK(resolved("--db /d --shard 2/3 /r/a", memory).shard == dossier::Shard{2, 3});
    CHECK(resolved("--db /d --jsonl -", memory).shard == dossier::Shard{2, 3});
    // Another one, on a database with documents: a usage error.
    CHECK_THROWS_MATCHES(resolved("--db /d --shard 1/3", memory), dossier::UsageError,
                         Catch::Matchers::Message("database '/d' holds shard 2/3, not shard 1/3; to change it, index "
                                                  "it anew: dossier-index --db '/d' --rebuild --shard 1/3"));
    CHECK_THROWS_AS(resolved("--db /d --shard 2/4", memory), dossier::UsageError);
    CHECK_THROWS_AS(resolved("--db /d --jsonl - --shard 1/3", memory), dossier::UsageError);
    CHECK_THROWS_AS(resolved("--db /d --shard 1/1", memory), dossier::UsageError);
    // --rebuild, or a database without documents, takes the new one.
    CHECK(resolved("--db /d --rebuild --shard 1/3", memory).remembered.shard == dossier::Shard{1, 3});
    CHECK(resolved("--db /d --rebuild --shard 1/1", memory).remembered.shard.whole());
    memory.has_documents = false;
    CHECK(resolved("--db /d --shard 3/3", memory).shard == dossier::Shard{3, 3});
    // A whole database asked for a shard.
    CHECK_THROWS_MATCHES(resolved("--db /d --shard 1/2", remembering({"/r/a"})), dossier::UsageError,
                         Catch::Matchers::Message("database '/d' holds all documents (no --shard), not shard 1/2; to "
                                                  "change it, index it anew: dossier-index --db '/d' --rebuild --shard 1/2"));
}
