// SPDX-License-Identifier: MIT
#include "folder_runs.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/utf8.h"
#include "batched_commits.h"
#include "bulk_build.h"
#include "changesets.h"
#include "entities/entities.h"
#include "file_analysis.h"
#include "formats/text_reader.h"
#include "index/change_plan.h"
#include "index/copy_clusters.h"
#include "index/database.h"
#include "index/database_folder.h"
#include "index/document_record.h"
#include "index/file_walk.h"
#include "index/schema.h"
#include "index/shard.h"
#include "index/spelling_data.h"
#include "parallel_reads.h"
#include "readers/dispatch.h"
#include "reporter.h"

namespace dossier::indexer {

namespace {

// The scratch folder (created on first use) for writing, with messages
// that suggest commands for the database it will replace.
Xapian::WritableDatabase open_scratch(const RunSettings& settings) {
    WriteOpenOptions scratch;
    scratch.hint_path = settings.database;
    return open_for_writing(settings.scratch, scratch);
}

// Leaves out of `walk` the files of other shards, decided from their paths
// alone: they are never read, and what is reported of them (a link not
// followed, a FIFO) is reported by their own shard. Folders that could not
// be listed stay: every shard keeps what it indexed from them.
void keep_only_shard(WalkResult& walk, const Shard& shard) {
    if (shard.whole()) return;
    const auto elsewhere = [&](const std::string& path) { return !in_shard(path, shard); };
    std::erase_if(walk.files, [&](const FoundFile& file) { return elsewhere(file.path); });
    std::erase_if(walk.skipped, [&](const WalkProblem& skipped) { return elsewhere(skipped.path); });
    std::erase_if(walk.links_not_followed, elsewhere);
}

// Everything one run needs to decide about and build documents.
class Indexer {
public:
    Indexer(const RunSettings& settings, const RunContext& context)
        : settings_(settings),
          context_(context),
          reporter_(context.err, settings.verbosity, context.err_is_terminal),
          catalog_(EntityCatalog::load(settings.gazetteers)),
          analysis_(schema::analysis_fingerprint(catalog_.fingerprint(), settings.lang)) {}

    // Plans against `database` (what it holds now) and walks the roots.
    ChangePlan plan(const Xapian::Database* database) {
        const std::vector<StoredFile> stored =
            database ? load_stored_files(*database) : std::vector<StoredFile>{};
        WalkResult walk = walk_roots(settings_.scan_roots);
        keep_only_shard(walk, settings_.shard);
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
        inputs.prune = settings_.prune;
        inputs.kept_roots = settings_.remembered.roots;
        inputs.analysis = analysis_;
        ChangePlan changes = plan_changes(inputs);
        // What rewritten documents had is read only when some may be.
        if (!records_loaded_)
            load_records(database, database && (!changes.check.empty() || !changes.reanalyze.empty()));
        return changes;
    }

    // A --rebuild: documents keep when they were added (and changed, when
    // their content did not) from the database they replace, and the run
    // counter goes on from it; the new database records the run even when
    // no document is written.
    void carry_records_from(const Xapian::Database& old) {
        load_records(&old, true);
        record_run_always_ = true;
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
                const FileContent content = read_file_content(file.file.path, settings_.limits);
                parse_document(file.file.path, content.bytes, content.mtime_date, settings_.limits);
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
        spelling_.emplace(database);
        summary_.unchanged = static_cast<unsigned>(plan.unchanged);
        stale_documents_ = count_stale(plan);
        write_settings_metadata();
        if (record_run_always_) record_run();
        for (const StoredFile& file : plan.remove) {
            record_run();
            spelling_->remove(file.docid);
            reporter_.changed("removed", file.state.path);
            ++summary_.removed;
            if (file.state.analysis != analysis_) --stale_documents_;
            commits_.count(0);
        }
        const std::vector<const PlannedFile*> work = files_to_read(plan);
        std::string worker_failure;
        if (worth_reading_in_parallel(work.size(), settings_.jobs)) {
            worker_failure = read_with_workers(work);
        } else {
            for (std::size_t i = 0; i < work.size(); ++i) {
                if (context_.stop && context_.stop->load()) {
                    summary_.interrupted = true;
                    break;
                }
                reporter_.progress(i, work.size());
                index_file(*work[i]);
            }
        }
        reporter_.clear_progress();
        write_analysis_metadata();
        spelling_->finish();
        commits_.commit();
        summary_.revision = database.get_revision();
        // What was written before a worker failed is kept, as a stop keeps it.
        if (!worker_failure.empty()) throw DatabaseError(worker_failure);
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
        return indexer::worth_building_in_parallel(plan.add.size(), settings_.jobs);
    }

    // Builds a new database at the scratch folder from `plan` (additions
    // only) with worker processes, and writes the settings into it.
    void apply_bulk(const ChangePlan& plan) {
        summary_.unchanged = static_cast<unsigned>(plan.unchanged);
        const std::vector<const PlannedFile*> work = files_to_read(plan);
        std::size_t reported = 0;
        const BulkOptions bulk{settings_.jobs, settings_.scratch, settings_.database, context_.stop};
        const BulkResult result =
            build_in_parallel(work, file_analysis_, bulk, [&](const PlannedFile& file, const FileReport& report) {
                record_report(file, report);
                reporter_.progress(++reported, work.size());
            });
        reporter_.clear_progress();
        summary_.interrupted = result.interrupted;
        Xapian::WritableDatabase database = open_scratch(settings_);
        database_ = &database;
        record_run();  // the workers stamped their documents with it
        cluster_copies(database);  // the workers could not see each other's copies
        rebuild_spelling(database);  // merged from the shards': only checked, and marked complete
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

    // Many files to read (a re-analysis, a large change): worker processes
    // read and analyze them, and each is written here, in the same order
    // and the same way as index_file does. Returns a worker's failure
    // (empty: none), after which nothing more was written.
    std::string read_with_workers(const std::vector<const PlannedFile*>& work) {
        const ParallelReadOptions options{settings_.jobs, settings_.database, context_.stop};
        const ParallelReadResult result =
            read_in_parallel(work, file_analysis_, options, [&](std::size_t i, FileRead read) {
                reporter_.progress(i, work.size());
                if (read.error) record_unreadable(*work[i], *read.error);
                else write_analyzed(*work[i], std::move(*read.analyzed));
            });
        summary_.interrupted = result.interrupted;
        return result.failure;
    }

    void index_file(const PlannedFile& file) {
        AnalyzedFile analyzed;
        try {
            analyzed = analyze_file(file, file_analysis_);
        } catch (const DocumentError& e) {
            record_unreadable(file, e);
            return;
        } catch (const Xapian::Error& e) {
            throw DatabaseError(commits_.failure("cannot write '" + file.file.path + "' to", e));
        }
        write_analyzed(file, std::move(analyzed));
    }

    // Writes what reading `file` gave.
    void write_analyzed(const PlannedFile& file, AnalyzedFile analyzed) {
        const std::string& path = file.file.path;
        try {
            if (!analyzed.built) {
                remember_new_stat(file, analyzed.stat);
                ++summary_.unchanged;
                return;
            }
            record_warnings(path, analyzed.warnings);
            record_run();
            join_copy_cluster(*database_, analyzed.built->document, file.docid);
            spelling_->replace(analyzed.built->id_term, analyzed.built->document);
            record_indexed(file, analyzed.built->lang);
            commits_.count(analyzed.text_bytes);
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
        record_run();
        spelling_->remove(file.docid);
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
        record_run();
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

    // The run counter and history of `database` (nullptr: a new one), and
    // with `previous`, what its documents had (RecordKeeper).
    void load_records(const Xapian::Database* database, bool previous) {
        history_ = database ? run_history(*database) : std::vector<RunStamp>{};
        records_ = RecordKeeper(next_run(history_, std::chrono::system_clock::now()),
                                previous ? load_previous_records(*database)
                                         : std::unordered_map<std::string, PreviousRecord>{});
        records_loaded_ = true;
    }

    // Counts this run in the database with its first write, in the same
    // commit as what it writes: a run that changes nothing writes nothing.
    void record_run() {
        if (run_recorded_) return;
        database_->set_metadata(std::string(schema::kRunsKey), encode_run_history(history_, records_.run()));
        run_recorded_ = true;
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

    const RunSettings& settings_;
    const RunContext& context_;
    Reporter reporter_;
    EntityCatalog catalog_;
    std::string analysis_;
    RecordKeeper records_;
    std::vector<RunStamp> history_;
    bool records_loaded_ = false;
    bool record_run_always_ = false;
    bool run_recorded_ = false;
    FileAnalysis file_analysis_{settings_.limits, settings_.lang, catalog_, analysis_, settings_.scan_roots,
                                &records_};
    IndexSummary summary_;
    Xapian::WritableDatabase* database_ = nullptr;
    std::optional<SpellingKeeper> spelling_;  // of database_, from apply()
    std::size_t stale_documents_ = 0;
    BatchedCommits commits_{settings_.database, "changes", "run again to finish"};
};

void note_unscanned(Reporter& reporter, const RunSettings& settings) {
    if (settings.prune || settings.not_scanned.empty()) return;
    std::string roots;
    for (const std::string& root : settings.not_scanned) roots += (roots.empty() ? "" : ", ") + root;
    reporter.note("also remembered but not scanned this run (its documents are kept; --prune removes "
                  "them): " + roots);
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

}  // namespace

IndexSummary run_update(const RunSettings& settings, Xapian::WritableDatabase& database,
                        const RunContext& context) {
    Indexer indexer(settings, context);
    note_unscanned(indexer.reporter(), settings);
    indexer.apply(database, indexer.plan(&database));
    return indexer.summary();
}

IndexSummary run_first_build(const RunSettings& settings, Xapian::WritableDatabase& database,
                             const RunContext& context) {
    Indexer indexer(settings, context);
    note_unscanned(indexer.reporter(), settings);
    const ChangePlan plan = indexer.plan(&database);
    if (!indexer.worth_building_in_parallel(plan)) {
        indexer.apply(database, plan);
        return indexer.summary();
    }
    // A new database is built whole beside this empty one by worker
    // processes, then swapped in (the lock held meanwhile). The empty one
    // remembers the settings first, so that a run that fails can be re-run
    // without naming the folders again. Nothing may be left to commit after
    // the swap: it would write its version file into the new folder.
    indexer.commit_settings(database, false);
    {
        const NoChangesetsWhileBuilding new_database;
        indexer.apply_bulk(plan);
    }
    replace_database_folder(settings.scratch, settings.database);
    database.close();
    return indexer.summary();
}

IndexSummary run_dry(const RunSettings& settings, const Xapian::Database* existing, const RunContext& context) {
    Indexer indexer(settings, context);
    note_unscanned(indexer.reporter(), settings);
    indexer.dry_run(indexer.plan(existing));
    if (existing) indexer.summary().revision = existing->get_revision();
    return indexer.summary();
}

IndexSummary run_rebuild(const RunSettings& settings, Xapian::WritableDatabase* old, const RunContext& context) {
    IndexSummary summary;
    {
        const NoChangesetsWhileBuilding new_database;
        Indexer indexer(settings, context);
        if (old) {
            warn_of_records_left_out(indexer.reporter(), *old);
            indexer.carry_records_from(*old);
        }
        const ChangePlan plan = indexer.plan(nullptr);
        if (indexer.worth_building_in_parallel(plan)) {
            indexer.apply_bulk(plan);
        } else {
            Xapian::WritableDatabase database = open_scratch(settings);
            indexer.apply(database, plan);
            database.close();
        }
        summary = indexer.summary();
    }
    if (summary.interrupted) {
        remove_owned_folder(settings.scratch);
        return summary;
    }
    replace_database_folder(settings.scratch, settings.database);
    if (old) old->close();
    return summary;
}

}  // namespace dossier::indexer
