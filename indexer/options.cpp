// SPDX-License-Identifier: MIT
#include "options.h"

#include <sched.h>

#include <algorithm>
#include <ostream>
#include <thread>
#include <utility>

#include <CLI/CLI.hpp>

#include "index/database.h"
#include "base/version.h"
#include "base/command_line.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "text/language.h"
#include "base/utf8.h"

namespace dossier::indexer {

namespace {

constexpr const char* kDescription =
    "Index documents (.txt .md .html .htm .pdf .docx .odt) under the given folders\n"
    "(recursively) and files into a dossier database, or bring it up to date: new files are\n"
    "added, changed ones re-indexed, deleted, moved and renamed ones removed; unchanged files\n"
    "are not read. The folders and options are remembered, so 'dossier-index --db DIR'\n"
    "alone re-runs the last set.";

constexpr const char* kFooter =
    "Database: --db, else $DOSSIER_DB, else $XDG_DATA_HOME/dossier/index.\n"
    "Front matter at the top of a file ('---' lines with title:, date:, lang:, source:, url:)\n"
    "overrides what is detected. Folders given now are added to the remembered ones; documents\n"
    "under a folder no longer given are kept unless --prune. A missing folder keeps its\n"
    "documents (an unmounted share does not empty the index) and counts as a failure.\n"
    "Output: nothing under cron unless something failed; on a terminal, progress and a summary.\n"
    "With XAPIAN_MAX_CHANGESETS=N set, updates in place keep the last N changesets, which read\n"
    "replicas (xapian-replicate) follow; see docs/shards.md.\n"
    "Exit status: 0 all good; 1 some files failed (named on stderr, the rest committed);\n"
    "2 usage error; 3 database unusable or not writable (e.g. disk full; what was committed\n"
    "is kept); 74 standard output could not be written;\n"
    "75 another dossier-index holds the database (see --wait); 130 interrupted (what was\n"
    "indexed so far is committed).";

// --jsonl replaces the folder run, so nothing about folders goes with it
// (--rebuild does: a new database of the records alone).
std::string checked_jsonl(const std::string& file, const IndexOptions& options) {
    if (file.empty()) throw UsageError("--jsonl needs a FILE, or '-' for standard input");
    if (!options.paths.empty())
        throw UsageError("--jsonl cannot be combined with PATH arguments; index folders in a separate run");
    for (const auto& [given, name] : {std::pair{options.prune, "--prune"}, std::pair{options.dry_run, "--dry-run"}})
        if (given) throw UsageError(std::string("--jsonl cannot be combined with ") + name);
    return file;
}

}  // namespace

unsigned usable_cpus() {
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    if (::sched_getaffinity(0, sizeof cpus, &cpus) == 0) return std::max(1, CPU_COUNT(&cpus));
    return std::max(1u, std::thread::hardware_concurrency());
}

// A size with K, M, G suffixes; a minus sign is refused first, since an
// unsigned number would wrap "-1" into no limit at all.
const CLI::Validator kSize(
    [](std::string& value) {
        if (value.find('-') != std::string::npos) return "'" + value + "' is not a size (0 or more, with K, M or G)";
        return CLI::AsSizeValue(false)(value);
    },
    "SIZE");

ParsedIndexOptions parse_index_options(int argc, const char* const* argv, std::ostream& out,
                                       std::ostream& err) {
    CLI::App app{kDescription};
    app.name("dossier-index");
    app.set_version_flag("--version", "dossier-index " + std::string(dossier::kVersion));
    app.footer(kFooter);

    std::string database;
    std::string lang;
    std::vector<std::string> gazetteers;
    bool no_gazetteer = false;
    bool quiet = false;
    bool verbose = false;
    ParsedIndexOptions parsed;
    IndexOptions& options = parsed.options;
    app.add_option("--db", database, "Database folder (created if missing)")->type_name("DIR");
    app.add_option("--lang", lang,
                   "Language of documents without a front-matter lang: ('auto' to detect each, the "
                   "default); remembered")
        ->type_name("LANG");
    app.add_option("--gazetteer", gazetteers,
                   "Extra incidents and actors (gazetteer JSON, see dossier-gazetteer); repeatable; "
                   "remembered")
        ->allow_extra_args(false)
        ->type_name("FILE");
    app.add_flag("--no-gazetteer", no_gazetteer, "Forget the remembered --gazetteer files");
    app.add_flag("--prune", options.prune,
                 "Also remove documents outside the PATHs of this run (default: keep them)");
    app.add_flag("--rebuild", options.rebuild,
                 "Index everything into a new database and swap it in when complete (after a\n"
                 "schema change or damage); searches go on meanwhile. With --jsonl: a new database\n"
                 "of FILE's records alone (refused when the database has folders)");
    app.add_flag("-n,--dry-run", options.dry_run,
                 "List what would be added, updated and removed on stdout; write nothing");
    app.add_option("--wait", options.wait_seconds,
                   "If another dossier-index holds the database, wait up to this long (default 0)")
        ->type_name("SECONDS")
        ->check(CLI::Validator(
            [](std::string& value) {
                double seconds = -1;
                const bool number = CLI::detail::lexical_cast(value, seconds);
                return number && seconds >= 0 ? std::string()
                                               : "'" + value + "' is not a number of seconds (0 or more)";
            },
            "SECONDS"));
    options.jobs = usable_cpus();
    app.add_option("-j,--jobs", options.jobs,
                   "Worker processes that read and analyze files when building a new database (the\n"
                   "first run, --rebuild) or updating more than 500 files of one (a re-analysis), and\n"
                   "--jsonl records into a database without documents; 1 indexes in one process,\n"
                   "committing as it goes (default: the number of CPUs, here " +
                       std::to_string(options.jobs) + ")")
        ->check(CLI::Range(1u, 256u))
        ->type_name("N");
    app.add_option("--max-file-size", options.limits.max_file_bytes,
                   "Skip files larger than this on disk (default 256M; K, M, G suffixes)")
        ->transform(kSize)
        ->type_name("SIZE");
    app.add_option("--max-text-size", options.limits.max_text_bytes,
                   "Skip files whose extracted text is larger than this (default 64M)")
        ->transform(kSize)
        ->type_name("SIZE");
    app.add_flag("--summary-json", options.summary_json,
                 "Print the summary as one JSON object on stdout");
    app.add_flag("-q,--quiet", quiet, "Print only failures and errors");
    app.add_flag("-v,--verbose", verbose, "Name each file added, updated or removed, and summarize");
    std::string jsonl;
    app.add_option("--jsonl", jsonl,
                   "Instead of folders, ingest records from FILE ('-': standard input), one JSON\n"
                   "object a line: id, text; optional title, date, lang, url, source, country.\n"
                   "Re-ingesting an id replaces its document; bad lines are named and skipped. Not\n"
                   "remembered; --lang and --gazetteer then apply to this run only. With --rebuild,\n"
                   "the database becomes FILE's records (others are dropped), each keeping when it\n"
                   "was first added")
        ->type_name("FILE|-");
    std::string shard;
    app.add_option("--shard", shard,
                   "Index only the documents whose key (a file's absolute path, a record's jsonl:ID)\n"
                   "hashes to shard K of N, for N machines each indexing part of one shared folder\n"
                   "(mounted at the same path on all); remembered, and changed only with --rebuild\n"
                   "(1/1: all documents). See docs/shards.md")
        ->type_name("K/N");
    app.add_option("PATH", options.paths,
                   "Files and folders to index (default: the ones the database remembers)")
        ->type_name("PATH");
    app.get_option("--quiet")->excludes("--verbose");
    app.get_option("--no-gazetteer")->excludes("--gazetteer");
    app.get_option("--rebuild")->excludes("--dry-run");

    try {
        app.parse(argc, argv);
        if (app.count("--db") > 0 && database.empty())
            throw UsageError("--db needs a database folder; an empty value names none");
        options.database = app.count("--db") > 0 ? database : default_database_path();
        for (const std::string& path : options.paths)
            if (path.empty()) throw UsageError("an empty PATH names no file or folder");
        if (app.count("--jsonl") > 0) options.jsonl = checked_jsonl(jsonl, options);
        if (app.count("--lang") > 0)
            options.lang = lang == "auto" ? std::string() : canonical_language_code(lang);
        if (app.count("--gazetteer") > 0) options.gazetteers = gazetteers;
        if (app.count("--shard") > 0) options.shard = parse_shard(shard);
        if (no_gazetteer) options.gazetteers = std::vector<std::string>{};
    } catch (...) {
        parsed.exit_code = command_line_status("dossier-index", app, out, err);
        return parsed;
    }
    options.verbosity = quiet ? Verbosity::quiet : verbose ? Verbosity::verbose : Verbosity::normal;
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::indexer
