// SPDX-License-Identifier: MIT
#include "index_run.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>

#include "base/error.h"
#include "base/strings.h"
#include "entities/entities.h"
#include "folder_runs.h"
#include "index/database.h"
#include "index/database_folder.h"
#include "index/index_config.h"
#include "index/schema.h"
#include "jsonl_ingest.h"
#include "jsonl_shard.h"
#include "reporter.h"
#include "settings.h"

namespace dossier::indexer {

namespace {

std::optional<IndexConfig> stored_config(const Xapian::Database& database) {
    const std::string encoded = database.get_metadata(std::string(schema::kIndexConfigKey));
    if (encoded.empty()) return std::nullopt;
    return decode_index_config(encoded);
}

DatabaseMemory memory_of(const Xapian::Database& database) {
    return {stored_config(database), database.get_doccount() > 0};
}

// What the database at `path` remembers, when it can be read at all.
std::optional<IndexConfig> readable_config(const std::string& path) {
    try {
        if (const auto existing = open_existing(path)) return stored_config(*existing);
    } catch (const DatabaseError&) {
        // A damaged database is what --rebuild is for; the roots must then
        // come from the command line.
    }
    return std::nullopt;
}

// The folders this run may read: those named and those remembered.
std::vector<std::string> roots_to_keep_apart(const IndexOptions& options, const std::string& database) {
    std::vector<std::string> roots = absolute_paths(options.paths);
    if (const std::optional<IndexConfig> remembered = readable_config(database))
        roots.insert(roots.end(), remembered->roots.begin(), remembered->roots.end());
    return roots;
}

// Fails on a bad --gazetteer before anything is created.
void check_gazetteers(const IndexOptions& options) {
    if (options.gazetteers && !options.gazetteers->empty())
        EntityCatalog::load(absolute_paths(*options.gazetteers));
}

// --jsonl --rebuild makes a database of the records alone: a database
// with documents from folders is refused, naming them, as the rebuild
// would drop them.
void refuse_jsonl_rebuild_over_folders(const IndexOptions& options, const std::string& database) {
    if (!options.jsonl || !options.rebuild) return;
    std::vector<std::string> roots;
    Xapian::doccount files = 0;
    try {
        const std::optional<Xapian::Database> existing = open_existing(database);
        if (!existing) return;
        if (const std::optional<IndexConfig> config = stored_config(*existing)) roots = config->roots;
        files = existing->get_value_freq(schema::kFileStateSlot);
    } catch (const DatabaseError&) {
        return;  // damaged: nothing can be kept, the records make it anew
    } catch (const Xapian::Error&) {
        return;
    }
    if (roots.empty() && files == 0) return;
    std::string held;
    for (const std::string& root : roots) held += (held.empty() ? "" : ", ") + shell_quote(root);
    held = roots.empty() ? fmt::format("{} documents indexed from files", files)
                         : fmt::format("documents indexed from the folder{} {}", roots.size() == 1 ? "" : "s", held);
    const std::string db = shell_quote(database);
    throw UsageError(fmt::format(
        "database '{}' holds {}; --jsonl --rebuild makes a database of the records alone and would drop them. "
        "Rebuild the folders (dossier-index --db {} --rebuild) and then ingest the records again in place "
        "(dossier-index --db {} --jsonl FILE), or keep the records in a database of their own",
        database, held, db, db));
}

// Everything that can be refused is refused before anything is written
// (the lock file included). `database` is options.database resolved.
void refuse_before_creating(const IndexOptions& options, const std::string& database) {
    std::error_code ec;
    if (!options.jsonl && options.paths.empty() && !std::filesystem::exists(database, ec))
        throw UsageError("no PATH given and there is no database at '" + options.database +
                         "' whose folders could be re-run; name the folders to index");
    check_database_path_is_ours(database);
    refuse_jsonl_rebuild_over_folders(options, database);
    check_gazetteers(options);
    check_database_outside_roots(database, roots_to_keep_apart(options, database));
}

// With the writer lock held: what a killed run left is cleared.
void remove_leftovers(const std::string& database) {
    remove_owned_folder(database + ".rebuild.shards");
    remove_owned_folder(database + ".rebuild");
}

// A dry run reads any schema, but says what a real run would need.
void refuse_other_schema(const Xapian::Database& existing, const std::string& database) {
    const std::string version = existing.get_metadata(std::string(schema::kSchemaKey));
    if (!version.empty() && version != std::to_string(schema::kSchemaVersion))
        throw DatabaseError("database '" + database + "' has schema version " + version +
                            "; a real run would need: dossier-index --db " + shell_quote(database) +
                            " --rebuild");
}

// The one place that decides which run a command line asks for and opens
// what it needs, in the order that keeps a refused run from leaving
// anything behind: the refusals, the writer lock, the leftovers of a
// killed run, the input and the database; then the settings, resolved
// against what the database remembers as read under the lock (another
// indexer we waited for may have changed it).
class OpenedRun {
public:
    OpenedRun(const IndexOptions& options, const RunContext& context) {
        const RunKind requested = requested_run(options);
        const std::string database = resolve_database_path(options.database);
        refuse_before_creating(options, database);
        if (requested != RunKind::dry_run) {
            lock_.emplace(database, options.wait_seconds);
            if (requested != RunKind::jsonl_ingest) remove_leftovers(database);
        }
        const DatabaseMemory memory = open_database(requested, options, database, context);
        settings_ = resolve_run_settings(options, database, memory);
        if (settings_.kind == RunKind::rebuild || settings_.kind == RunKind::jsonl_rebuild) open_database_to_replace();
        if (settings_.kind == RunKind::jsonl_ingest) keep_only_shard(memory);
        if (settings_.kind == RunKind::jsonl_rebuild) read_only_shard();
    }

    const RunSettings& settings() const { return settings_; }

    IndexSummary run(const RunContext& context) {
        switch (settings_.kind) {
        case RunKind::update:
            return run_update(settings_, *database_, context);
        case RunKind::first_build:
            return run_first_build(settings_, *database_, context);
        case RunKind::dry_run:
            return run_dry(settings_, existing_ ? &*existing_ : nullptr, context);
        case RunKind::rebuild:
            return run_rebuild(settings_, database_ ? &*database_ : nullptr, context);
        case RunKind::jsonl_rebuild:
            return rebuild_jsonl(settings_, *records_, database_ ? &*database_ : nullptr, context);
        case RunKind::jsonl_ingest:
            break;
        }
        return ingest_jsonl(settings_, *records_, *database_, context);
    }

private:
    // Opens the database as the run needs it and says what it remembers.
    DatabaseMemory open_database(RunKind requested, const IndexOptions& options, const std::string& database,
                                 const RunContext& context) {
        switch (requested) {
        case RunKind::jsonl_ingest:
            // A file that cannot be read refuses the run before the
            // database is created.
            records_.emplace(*options.jsonl, context.in);
            [[fallthrough]];
        case RunKind::update:
        case RunKind::first_build:
            database_.emplace(open_for_writing(database, {options.wait_seconds, false, {}}));
            return memory_of(*database_);
        case RunKind::dry_run:
            existing_ = open_existing(database);
            if (!existing_) return {};
            refuse_other_schema(*existing_, database);
            return memory_of(*existing_);
        case RunKind::jsonl_rebuild:
            records_.emplace(*options.jsonl, context.in);
            break;
        case RunKind::rebuild:
            break;
        }
        // A rebuild reads the database only for what it remembers: it is
        // replaced whole, and may be damaged or of another schema.
        return {readable_config(database), false};
    }

    // --jsonl reads only the records of its shard, and the database
    // remembers the shard (committed first, as folder runs write their
    // settings first), so that a later run without --shard keeps to it.
    void keep_only_shard(const DatabaseMemory& memory) {
        const Shard shard = settings_.shard;
        if (!shard.whole()) records_->keep_only([shard](std::string_view line) { return shard_takes_line(line, shard); });
        IndexConfig config = memory.config.value_or(IndexConfig{});
        if (config.shard == shard) return;
        config.shard = shard;
        try {
            database_->set_metadata(std::string(schema::kIndexConfigKey), encode_index_config(config));
            database_->commit();
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot write to database '" + settings_.database + "': " + e.get_msg());
        }
    }

    // A --jsonl --rebuild reads only the records of its shard; the new
    // database remembers it.
    void read_only_shard() {
        const Shard shard = settings_.shard;
        if (!shard.whole()) records_->keep_only([shard](std::string_view line) { return shard_takes_line(line, shard); });
    }

    // The database a rebuild replaces, held open (once the settings are
    // known to be usable) for Xapian's own lock, which older writers take.
    void open_database_to_replace() {
        try {
            if (open_existing(settings_.database))
                database_.emplace(open_for_writing(settings_.database, {settings_.wait_seconds, true, {}}));
        } catch (const DatabaseError&) {
            // Damaged beyond opening: nothing to lock, it is replaced whole.
        }
    }

    // Declared first, so released last: after every database is closed.
    std::optional<WriterLock> lock_;
    std::optional<JsonlInput> records_;
    // Update, first build and --jsonl: the database written; rebuild
    // (--jsonl too): the one replaced.
    std::optional<Xapian::WritableDatabase> database_;
    std::optional<Xapian::Database> existing_;  // dry run
    RunSettings settings_;
};

}  // namespace

IndexSummary run_index(const IndexOptions& options, const RunContext& context) {
    const auto started = std::chrono::steady_clock::now();
    OpenedRun run(options, context);
    const RunSettings& settings = run.settings();
    IndexSummary summary = run.run(context);
    summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Reporter(context.err, settings.verbosity, context.err_is_terminal).summary(summary, settings.database_named);
    if (settings.summary_json) context.out << summary_json(summary, settings.database_named) << "\n";
    return summary;
}

}  // namespace dossier::indexer
