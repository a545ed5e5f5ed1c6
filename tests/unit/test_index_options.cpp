// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "base/version.h"
#include "indexer/options.h"
#include "test_support.h"

using dossier::indexer::parse_index_options;
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
