// SPDX-License-Identifier: MIT
#include "settings.h"

#include <algorithm>

#include "base/error.h"
#include "base/strings.h"
#include "options.h"

namespace dossier::indexer {

namespace {

// The roots walked now and the roots remembered after the run: those
// named (or, with none named, the remembered ones), plus the earlier ones
// unless --prune.
void resolve_roots(RunSettings& settings, const IndexOptions& options, const IndexConfig& previous) {
    settings.scan_roots = options.paths.empty() ? previous.roots : distinct_roots(absolute_paths(options.paths));
    if (settings.scan_roots.empty())
        throw UsageError("no PATH given and database '" + settings.database +
                         "' remembers no folders; name the folders to index");
    std::vector<std::string> roots = settings.scan_roots;
    if (!options.prune) roots.insert(roots.end(), previous.roots.begin(), previous.roots.end());
    settings.remembered.roots = distinct_roots(roots);
    for (const std::string& root : settings.remembered.roots) {
        const bool scanned = std::any_of(settings.scan_roots.begin(), settings.scan_roots.end(),
                                         [&](const std::string& s) { return is_under_root(root, s); });
        if (!scanned) settings.not_scanned.push_back(root);
    }
}

// A folder run remembers its language and gazetteers for the next one.
void resolve_folder_analysis(RunSettings& settings, const IndexOptions& options, const IndexConfig& previous) {
    settings.remembered.lang = options.lang.value_or(previous.lang);
    settings.remembered.gazetteers = options.gazetteers ? absolute_paths(*options.gazetteers) : previous.gazetteers;
    settings.lang = settings.remembered.lang;
    settings.gazetteers = settings.remembered.gazetteers;
}

// --lang and --gazetteer apply to the records of this run only; by
// default they are analyzed as the database's folders are.
void resolve_jsonl_analysis(RunSettings& settings, const IndexOptions& options, const IndexConfig& previous) {
    settings.lang = options.lang.value_or(previous.lang);
    settings.gazetteers = options.gazetteers.value_or(previous.gazetteers);
}

std::string described(const Shard& shard) {
    return shard.whole() ? std::string("all documents (no --shard)") : "shard " + shard_text(shard);
}

// The shard named, else the remembered one. A database with documents
// keeps its shard: those of another split would be left in it.
Shard resolve_shard(const IndexOptions& options, const std::string& database, RunKind kind,
                    const DatabaseMemory& memory) {
    const Shard previous = memory.config ? memory.config->shard : Shard{};
    if (!options.shard || *options.shard == previous) return previous;
    if (memory.has_documents && kind != RunKind::rebuild && kind != RunKind::jsonl_rebuild)
        throw UsageError("database '" + database + "' holds " + described(previous) + ", not " +
                         described(*options.shard) + "; to change it, index it anew: dossier-index --db " +
                         shell_quote(database) + (options.jsonl ? " --jsonl FILE" : "") + " --rebuild --shard " +
                         (options.shard->whole() ? std::string("1/1") : shard_text(*options.shard)));
    return *options.shard;
}

RunKind resolved_kind(const IndexOptions& options, const DatabaseMemory& memory) {
    const RunKind requested = requested_run(options);
    if (requested == RunKind::update && !memory.has_documents) return RunKind::first_build;
    return requested;
}

}  // namespace

std::vector<std::string> absolute_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& path : paths) out.push_back(normalize_root(path));
    return out;
}

RunKind requested_run(const IndexOptions& options) {
    if (options.jsonl) return options.rebuild ? RunKind::jsonl_rebuild : RunKind::jsonl_ingest;
    if (options.rebuild) return RunKind::rebuild;
    if (options.dry_run) return RunKind::dry_run;
    return RunKind::update;
}

RunSettings resolve_run_settings(const IndexOptions& options, const std::string& database,
                                 const DatabaseMemory& memory) {
    RunSettings settings;
    settings.kind = resolved_kind(options, memory);
    settings.database = database;
    settings.database_named = options.database;
    settings.scratch = database + ".rebuild";
    const IndexConfig previous = memory.config.value_or(IndexConfig{});
    settings.shard = resolve_shard(options, database, settings.kind, memory);
    if (settings.kind == RunKind::jsonl_ingest || settings.kind == RunKind::jsonl_rebuild) {
        settings.jsonl = *options.jsonl;
        resolve_jsonl_analysis(settings, options, previous);
    } else {
        resolve_roots(settings, options, previous);
        resolve_folder_analysis(settings, options, previous);
        settings.remembered.shard = settings.shard;
        settings.prune = options.prune;
    }
    settings.jobs = options.jobs;
    settings.wait_seconds = options.wait_seconds;
    settings.verbosity = options.verbosity;
    settings.limits = options.limits;
    settings.summary_json = options.summary_json;
    return settings;
}

}  // namespace dossier::indexer
