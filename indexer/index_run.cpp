// SPDX-License-Identifier: MIT
#include "index_run.h"
#include "base/strings.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "batched_commits.h"
#include "bulk_build.h"
#include "index/change_plan.h"
#include "index/database.h"
#include "index/database_folder.h"
#include "entities/entities.h"
#include "base/error.h"
#include "file_analysis.h"
#include "index/file_walk.h"
#include "readers/dispatch.h"
#include "index/index_config.h"
#include "jsonl_ingest.h"
#include "reporter.h"
#include "index/schema.h"
#include "formats/text_reader.h"
#include "base/utf8.h"

namespace dossier::indexer {

namespace {

// The roots and options this run uses, and what the database remembers
// after it.
struct Settings {
    std::vector<std::string> scan_roots;
    IndexConfig remembered;
    std::vector<std::string> not_scanned;  // remembered roots left alone this run
};

std::optional<IndexConfig> stored_config(const Xapian::Database& database) {
    const std::string encoded = database.get_metadata(std::string(schema::kIndexConfigKey));
    if (encoded.empty()) return std::nullopt;
    return decode_index_config(encoded);
}

std::vector<std::string> absolute_paths(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const std::string& path : paths) out.push_back(normalize_root(path));
    return out;
}

Settings resolve_settings(const IndexOptions& options, const std::optional<IndexConfig>& stored) {
    Settings settings;
    const IndexConfig previous = stored.value_or(IndexConfig{});
    settings.scan_roots = options.paths.empty() ? previous.roots : distinct_roots(absolute_paths(options.paths));
    if (settings.scan_roots.empty())
        throw UsageError("no PATH given and database '" + options.database +
                         "' remembers no folders; name the folders to index");
    std::vector<std::string> roots = settings.scan_roots;
    if (!options.prune) roots.insert(roots.end(), previous.roots.begin(), previous.roots.end());
    settings.remembered.roots = distinct_roots(roots);
    settings.remembered.lang = options.lang.value_or(previous.lang);
    settings.remembered.gazetteers =
        options.gazetteers ? absolute_paths(*options.gazetteers) : previous.gazetteers;
    for (const std::string& root : settings.remembered.roots) {
        const bool scanned = std::any_of(settings.scan_roots.begin(), settings.scan_roots.end(),
                                         [&](const std::string& s) { return is_under_root(root, s); });
        if (!scanned) settings.not_scanned.push_back(root);
    }
    return settings;
}

// Everything one run needs to decide about and build documents.
class Indexer {
public:
    Indexer(const IndexOptions& options, const RunContext& context, const Settings& settings)
        : options_(options),
          context_(context),
          settings_(settings),
          reporter_(context.err, options.verbosity, context.err_is_terminal),
          catalog_(EntityCatalog::load(settings.remembered.gazetteers)),
          analysis_(schema::analysis_fingerprint(catalog_.fingerprint(), settings.remembered.lang)) {}

    // Plans against `database` (what it holds now) and walks the roots.
    ChangePlan plan(const Xapian::Database* database) {
        const std::vector<StoredFile> stored =
            database ? load_stored_files(*database) : std::vector<StoredFile>{};
        const WalkResult walk = walk_roots(settings_.scan_roots);
        for (const std::string& link : walk.links_not_followed)
            reporter_.note(link + ": symbolic link, not followed");
        for (const WalkProblem& skipped : walk.skipped) {
            reporter_.skipped(skipped.path, skipped.reason);
            ++summary_.skipped;
        }
        for (const WalkProblem& problem : walk.problems) {
            reporter_.failed(problem.path, problem.reason + " (documents indexed from it are kept)");
            ++summary_.failed;
        }
        PlanInputs inputs;
        inputs.walk = &walk;
        inputs.stored = &stored;
        inputs.scanned_roots = settings_.scan_roots;
        inputs.prune = options_.prune;
        inputs.kept_roots = settings_.remembered.roots;
        inputs.analysis = analysis_;
        return plan_changes(inputs);
    }

    // Lists what `plan` would change on `out`, reading new and changed
    // files to tell what would be skipped and a real change from a touch;
    // writes nothing.
    void dry_run(const ChangePlan& plan) {
        summary_.dry_run = true;
        summary_.unchanged = static_cast<unsigned>(plan.unchanged);
        for (const StoredFile& file : plan.remove) list("remove", file.state.path, summary_.removed);
        for (const PlannedFile& file : plan.add) {
            try {
                // Reading tells what a real run would skip (empty, binary).
                const FileContent content = read_file_content(file.file.path, options_.limits);
                parse_document(file.file.path, content.bytes, content.mtime_date, options_.limits);
                list("add", file.file.path, summary_.added);
            } catch (const DocumentError& e) {
                record_unreadable(file, e);
            }
        }
        for (const PlannedFile& file : plan.reanalyze) list("update", file.file.path, summary_.updated);
        for (const PlannedFile& file : plan.check) {
            try {
                if (analyze_file(file, file_analysis_).built)
                    list("update", file.file.path, summary_.updated);
                else
                    ++summary_.unchanged;
            } catch (const DocumentError& e) {
                record_unreadable(file, e);
            }
        }
    }

    // Carries out `plan` on `database`, committing in batches.
    void apply(Xapian::WritableDatabase& database, const ChangePlan& plan) {
        database_ = &database;
        commits_.attach(database);
        summary_.unchanged = static_cast<unsigned>(plan.unchanged);
        stale_documents_ = count_stale(plan);
        write_settings_metadata();
        for (const StoredFile& file : plan.remove) {
            database.delete_document(file.docid);
            reporter_.changed("removed", file.state.path);
            ++summary_.removed;
            if (file.state.analysis != analysis_) --stale_documents_;
            commits_.count(0);
        }
        const std::vector<const PlannedFile*> work = files_to_read(plan);
        for (std::size_t i = 0; i < work.size(); ++i) {
            if (context_.stop && context_.stop->load()) {
                summary_.interrupted = true;
                break;
            }
            reporter_.progress(i, work.size());
            index_file(*work[i]);
        }
        reporter_.clear_progress();
        write_analysis_metadata();
        commits_.commit();
        summary_.revision = database.get_revision();
    }

    // Writes this run's settings into `database` and commits; with
    // `analysis_done`, also the analysis every document now has.
    void commit_settings(Xapian::WritableDatabase& database, bool analysis_done) {
        database_ = &database;
        commits_.attach(database);
        write_settings_metadata();
        if (analysis_done) write_analysis_metadata();
        commits_.commit();
        database_ = nullptr;
    }

    // Whether `plan` (for a database with no documents) is big enough to
    // build with worker processes.
    bool worth_building_in_parallel(const ChangePlan& plan) const {
        return indexer::worth_building_in_parallel(plan.add.size(), options_.jobs);
    }

    // Builds a new database at `output` from `plan` (additions only) with
    // worker processes, and writes the settings into it.
    void apply_bulk(const ChangePlan& plan, const std::string& output) {
        summary_.unchanged = static_cast<unsigned>(plan.unchanged);
        const std::vector<const PlannedFile*> work = files_to_read(plan);
        std::size_t reported = 0;
        const BulkOptions bulk{options_.jobs, output, options_.database, context_.stop};
        const BulkResult result =
            build_in_parallel(work, file_analysis_, bulk, [&](const PlannedFile& file, const FileReport& report) {
                record_report(file, report);
                reporter_.progress(++reported, work.size());
            });
        reporter_.clear_progress();
        summary_.interrupted = result.interrupted;
        WriteOpenOptions scratch;
        scratch.hint_path = options_.database;
        Xapian::WritableDatabase database = open_for_writing(output, scratch);
        commit_settings(database, true);
        summary_.revision = database.get_revision();
    }

    IndexSummary& summary() { return summary_; }
    Reporter& reporter() { return reporter_; }

private:
    void list(const char* action, const std::string& path, unsigned& count) {
        // Exact bytes for a script reading the listing; escaped for a person.
        context_.out << action << " " << (context_.out_is_terminal ? escape_for_terminal(path) : path) << "\n";
        ++count;
    }

    // New, changed and re-analyzed files, in path order.
    static std::vector<const PlannedFile*> files_to_read(const ChangePlan& plan) {
        std::vector<const PlannedFile*> work;
        for (const auto* list : {&plan.add, &plan.check, &plan.reanalyze})
            for (const PlannedFile& file : *list) work.push_back(&file);
        std::sort(work.begin(), work.end(),
                  [](const PlannedFile* a, const PlannedFile* b) { return a->file.path < b->file.path; });
        return work;
    }

    void index_file(const PlannedFile& file) {
        const std::string& path = file.file.path;
        try {
            AnalyzedFile analyzed = analyze_file(file, file_analysis_);
            if (!analyzed.built) {
                remember_new_stat(file, analyzed.stat);
                ++summary_.unchanged;
                return;
            }
            record_warnings(path, analyzed.warnings);
            database_->replace_document(analyzed.built->id_term, analyzed.built->document);
            record_indexed(file, analyzed.built->lang);
            commits_.count(analyzed.text_bytes);
        } catch (const DocumentError& e) {
            record_unreadable(file, e);
        } catch (const Xapian::Error& e) {
            throw DatabaseError(commits_.failure("cannot write '" + path + "' to", e));
        }
    }

    void record_warnings(const std::string& path, const std::vector<std::string>& warnings) {
        for (const std::string& warning : warnings) reporter_.warning(path, warning);
        summary_.warnings += static_cast<unsigned>(warnings.size());
    }

    void record_indexed(const PlannedFile& file, const std::string& lang) {
        if (file.docid == 0) {
            reporter_.changed("added", file.file.path, lang);
            ++summary_.added;
        } else {
            reporter_.changed("updated", file.file.path, lang);
            ++summary_.updated;
            if (file.previous.analysis != analysis_) --stale_documents_;
        }
    }

    // What a bulk worker did with a (new) file.
    void record_report(const PlannedFile& file, const FileReport& report) {
        record_warnings(file.file.path, report.warnings);
        switch (report.outcome) {
        case FileReport::Outcome::added:
            record_indexed(file, report.lang);
            return;
        case FileReport::Outcome::skipped:
            return record_unreadable(file, DocumentError(DocumentError::Kind::skipped, report.message));
        case FileReport::Outcome::failed:
            return record_unreadable(file, DocumentError(DocumentError::Kind::failed, report.message));
        case FileReport::Outcome::gone:
            return record_unreadable(file, DocumentError(DocumentError::Kind::gone, report.message));
        }
    }

    // The file is not indexable (skipped) or not readable (failed). A
    // document it had stays when it failed (nothing is lost to a passing
    // permission problem) and goes when it is now empty or binary, as a
    // fresh index would have it.
    void record_unreadable(const PlannedFile& file, const DocumentError& e) {
        const std::string& path = file.file.path;
        if (e.kind() == DocumentError::Kind::gone && file.docid == 0) return;  // as if never listed
        if (e.kind() == DocumentError::Kind::failed) {
            reporter_.failed(path, std::string("failed: ") + e.what() +
                                       (file.docid ? "; its earlier document is kept" : ""));
            ++summary_.failed;
            return;
        }
        if (file.docid == 0) {
            reporter_.skipped(path, e.what());
            ++summary_.skipped;
            return;
        }
        if (summary_.dry_run) {
            list("remove", path, summary_.removed);
            return;
        }
        database_->delete_document(file.docid);
        reporter_.changed("removed", path, e.what());
        ++summary_.removed;
        if (file.previous.analysis != analysis_) --stale_documents_;
        commits_.count(0);
    }

    // Only the value changes: Xapian rewrites neither terms nor data.
    void remember_new_stat(const PlannedFile& file, const FileStat& stat) {
        FileState state = file.previous;
        state.stat = stat;
        Xapian::Document document = database_->get_document(file.docid);
        document.add_value(schema::kFileStateSlot, encode_file_state(state));
        database_->replace_document(file.docid, document);
        commits_.count(0);
    }

    std::size_t count_stale(const ChangePlan& plan) const {
        std::size_t stale = 0;
        for (const auto* list : {&plan.check, &plan.reanalyze})
            for (const PlannedFile& file : *list) stale += file.previous.analysis != analysis_;
        for (const StoredFile& file : plan.remove) stale += file.state.analysis != analysis_;
        return stale;
    }

    void set_metadata(std::string_view key, const std::string& value) {
        if (database_->get_metadata(std::string(key)) != value)
            database_->set_metadata(std::string(key), value);
    }

    void write_settings_metadata() {
        set_metadata(schema::kIndexConfigKey, encode_index_config(settings_.remembered));
        set_metadata(schema::kGazetteerKey, catalog_.fingerprint());
        if (stale_documents_ > 0) set_metadata(schema::kReanalyzingKey, "1");
    }

    void write_analysis_metadata() {
        if (stale_documents_ > 0) return;
        set_metadata(schema::kAnalysisKey, analysis_);
        set_metadata(schema::kReanalyzingKey, "");
    }

    const IndexOptions& options_;
    const RunContext& context_;
    const Settings& settings_;
    Reporter reporter_;
    EntityCatalog catalog_;
    std::string analysis_;
    FileAnalysis file_analysis_{options_.limits, settings_.remembered.lang, catalog_, analysis_};
    IndexSummary summary_;
    Xapian::WritableDatabase* database_ = nullptr;
    std::size_t stale_documents_ = 0;
    BatchedCommits commits_{options_.database, "changes", "run again to finish"};
};

void note_unscanned(Reporter& reporter, const Settings& settings, bool prune) {
    if (prune || settings.not_scanned.empty()) return;
    std::string roots;
    for (const std::string& root : settings.not_scanned) roots += (roots.empty() ? "" : ", ") + root;
    reporter.note("also remembered but not scanned this run (its documents are kept; --prune removes "
                  "them): " + roots);
}

std::optional<IndexConfig> readable_config(const std::string& path) {
    try {
        if (const auto existing = open_existing(path)) return stored_config(*existing);
    } catch (const DatabaseError&) {
        // A damaged database is what --rebuild is for; the roots must then
        // come from the command line.
    }
    return std::nullopt;
}

IndexSummary run_update(const IndexOptions& options, const RunContext& context) {
    Xapian::WritableDatabase database = open_for_writing(options.database, {options.wait_seconds, false, {}});
    const Settings settings = resolve_settings(options, stored_config(database));
    Indexer indexer(options, context, settings);
    note_unscanned(indexer.reporter(), settings, options.prune);
    const ChangePlan plan = indexer.plan(&database);
    if (database.get_doccount() == 0 && indexer.worth_building_in_parallel(plan)) {
        // A new database is built whole beside this empty one by worker
        // processes, then swapped in (the lock held meanwhile). The empty
        // one remembers the settings first, so that a run that fails can be
        // re-run without naming the folders again. Nothing may be left to
        // commit after the swap: it would write its version file into the
        // new folder.
        indexer.commit_settings(database, false);
        const std::string built = options.database + ".rebuild";
        indexer.apply_bulk(plan, built);
        replace_database_folder(built, options.database);
        database.close();
        return indexer.summary();
    }
    indexer.apply(database, plan);
    return indexer.summary();
}

IndexSummary run_dry(const IndexOptions& options, const RunContext& context) {
    const std::optional<Xapian::Database> existing = open_existing(options.database);
    if (existing) {
        const std::string version = existing->get_metadata(std::string(schema::kSchemaKey));
        if (!version.empty() && version != std::to_string(schema::kSchemaVersion))
            throw DatabaseError("database '" + options.database + "' has schema version " + version +
                                "; a real run would need: dossier-index --db " +
                                shell_quote(options.database) + " --rebuild");
    }
    const Settings settings = resolve_settings(options, existing ? stored_config(*existing) : std::nullopt);
    Indexer indexer(options, context, settings);
    note_unscanned(indexer.reporter(), settings, options.prune);
    indexer.dry_run(indexer.plan(existing ? &*existing : nullptr));
    if (existing) indexer.summary().revision = existing->get_revision();
    return indexer.summary();
}

// Documents without a file state came from --jsonl records: a rebuild
// reads the folders alone, so it cannot carry them over.
void warn_of_records_left_out(Reporter& reporter, const Xapian::Database& old) {
    const Xapian::doccount records = old.get_doccount() - old.get_value_freq(schema::kFileStateSlot);
    if (records == 0) return;
    reporter.warning("--rebuild",
                     fmt::format("{} documents ingested with --jsonl are not part of the rebuilt database "
                                 "(it is built from the folders alone); ingest their records again",
                                 records));
}

// Indexes everything into a new folder beside the database, then swaps it
// in atomically. The run holds the writer lock throughout (run_index), and
// also Xapian's lock on the old database when it opens, for older writers.
IndexSummary run_rebuild(const IndexOptions& options, const RunContext& context) {
    const Settings settings = resolve_settings(options, readable_config(options.database));
    std::optional<Xapian::WritableDatabase> old_lock;
    try {
        if (open_existing(options.database))
            old_lock = open_for_writing(options.database, {options.wait_seconds, true, {}});
    } catch (const DatabaseError&) {
        // Damaged beyond opening: nothing to lock, it is replaced whole.
    }
    const std::string rebuilt = options.database + ".rebuild";
    IndexSummary summary;
    {
        Indexer indexer(options, context, settings);
        if (old_lock) warn_of_records_left_out(indexer.reporter(), *old_lock);
        const ChangePlan plan = indexer.plan(nullptr);
        if (indexer.worth_building_in_parallel(plan)) {
            indexer.apply_bulk(plan, rebuilt);
        } else {
            WriteOpenOptions scratch;
            scratch.hint_path = options.database;
            Xapian::WritableDatabase database = open_for_writing(rebuilt, scratch);
            indexer.apply(database, plan);
            database.close();
        }
        summary = indexer.summary();
    }
    if (summary.interrupted) {
        remove_owned_folder(rebuilt);
        return summary;
    }
    replace_database_folder(rebuilt, options.database);
    if (old_lock) old_lock->close();
    return summary;
}

// The folders this run may read: those named and those remembered.
std::vector<std::string> roots_to_keep_apart(const IndexOptions& options) {
    std::vector<std::string> roots = absolute_paths(options.paths);
    if (const std::optional<IndexConfig> remembered = readable_config(options.database))
        roots.insert(roots.end(), remembered->roots.begin(), remembered->roots.end());
    return roots;
}

// Fails on a bad --gazetteer before anything is created.
void check_gazetteers(const IndexOptions& options) {
    if (options.gazetteers && !options.gazetteers->empty())
        EntityCatalog::load(absolute_paths(*options.gazetteers));
}

// Everything that can be refused is refused before anything is written.
void check_before_writing(const IndexOptions& options) {
    check_database_path_is_ours(options.database);
    check_gazetteers(options);
    check_database_outside_roots(options.database, roots_to_keep_apart(options));
}

// With the writer lock held: what a killed run left is cleared.
void remove_leftovers(const IndexOptions& options) {
    remove_owned_folder(options.database + ".rebuild.shards");
    remove_owned_folder(options.database + ".rebuild");
}

}  // namespace

IndexSummary run_index(const IndexOptions& given, const RunContext& context) {
    const auto started = std::chrono::steady_clock::now();
    IndexOptions options = given;
    options.database = resolve_database_path(given.database);
    std::error_code ec;
    if (!options.jsonl && options.paths.empty() && !std::filesystem::exists(options.database, ec))
        throw UsageError("no PATH given and there is no database at '" + given.database +
                         "' whose folders could be re-run; name the folders to index");
    check_before_writing(options);
    std::optional<WriterLock> lock;
    if (!options.dry_run) {
        lock.emplace(options.database, options.wait_seconds);
        if (!options.jsonl) remove_leftovers(options);
    }
    IndexSummary summary = options.jsonl     ? ingest_jsonl(options, context)
                           : options.rebuild ? run_rebuild(options, context)
                           : options.dry_run ? run_dry(options, context)
                                             : run_update(options, context);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Reporter(context.err, options.verbosity, context.err_is_terminal).summary(summary, given.database);
    if (options.summary_json) context.out << summary_json(summary, given.database) << "\n";
    return summary;
}

}  // namespace dossier::indexer
