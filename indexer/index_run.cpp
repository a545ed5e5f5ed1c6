// SPDX-License-Identifier: MIT
#include "index_run.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "database.h"
#include "document_builder.h"
#include "entities.h"
#include "error.h"
#include "schema.h"
#include "text_reader.h"

namespace dossier::indexer {

namespace fs = std::filesystem;

namespace {

// Committing bounds memory and makes progress durable: an interrupted run
// keeps what was committed and the next run redoes the rest.
constexpr unsigned kCommitEvery = 1000;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);

class Reporter {
public:
    Reporter(std::ostream& err, Verbosity verbosity, bool terminal)
        : err_(err), verbosity_(verbosity), progress_(terminal && verbosity != Verbosity::quiet) {}

    void file_failed(const std::string& path, const std::string& what) {
        clear_progress();
        err_ << "dossier-index: " << path << ": " << what << "\n";
    }
    // Skipping an empty or binary file is not trouble: quiet runs say nothing.
    void file_skipped(const std::string& path, const std::string& what) {
        if (verbosity_ == Verbosity::quiet) return;
        clear_progress();
        err_ << "dossier-index: " << path << ": " << what << "\n";
    }
    void warning(const std::string& path, const std::string& what) {
        if (verbosity_ == Verbosity::quiet) return;
        clear_progress();
        err_ << "dossier-index: warning: " << path << ": " << what << "\n";
    }
    void indexed(const std::string& path, const std::string& lang) {
        if (verbosity_ != Verbosity::verbose) return;
        clear_progress();
        err_ << "indexed " << path << " [" << lang << "]\n";
    }
    void progress(std::size_t done, std::size_t total) {
        if (!progress_) return;
        const auto now = std::chrono::steady_clock::now();
        if (now - last_progress_ < kProgressInterval && done != total) return;
        last_progress_ = now;
        err_ << fmt::format("\rindexing {}/{} files", done, total) << std::flush;
        progress_shown_ = true;
    }
    void clear_progress() {
        if (!progress_shown_) return;
        err_ << "\r\033[K" << std::flush;
        progress_shown_ = false;
    }
    bool quiet() const { return verbosity_ == Verbosity::quiet; }
    std::ostream& stream() { return err_; }

private:
    std::ostream& err_;
    Verbosity verbosity_;
    bool progress_;
    bool progress_shown_ = false;
    std::chrono::steady_clock::time_point last_progress_{};
};

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name.front() == '.' && name != "..";
}

// Files to index under `root`, in a stable order. Folders are walked
// recursively, skipping hidden entries and symbolic links; a file named
// directly is indexed whatever its extension.
std::vector<fs::path> collect_files(const fs::path& root, Reporter& reporter, IndexSummary& summary) {
    std::vector<fs::path> files;
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(root, ec);
    if (ec || !fs::exists(status)) {
        reporter.file_failed(root.string(), "no such file or folder");
        ++summary.failed;
        return files;
    }
    if (!fs::is_directory(fs::status(root, ec))) {
        files.push_back(root);
        return files;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) {
        reporter.file_failed(root.string(), "cannot read folder: " + ec.message());
        ++summary.failed;
        return files;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            reporter.file_failed(it->path().string(), "cannot read folder: " + ec.message());
            ++summary.failed;
            ec.clear();
            continue;
        }
        const fs::directory_entry& entry = *it;
        if (is_hidden(entry.path()) || entry.is_symlink(ec)) {
            if (entry.is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (entry.is_regular_file(ec) && is_text_file_name(entry.path())) files.push_back(entry.path());
    }
    if (ec) {
        reporter.file_failed(root.string(), "cannot read folder: " + ec.message());
        ++summary.failed;
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

IndexSummary run_index(const IndexOptions& options, std::ostream& err, bool err_is_terminal) {
    const auto started = std::chrono::steady_clock::now();
    Reporter reporter(err, options.verbosity, err_is_terminal);
    IndexSummary summary;

    const EntityCatalog catalog = EntityCatalog::load(options.gazetteers);
    Xapian::WritableDatabase database = open_for_writing(options.database);
    database.set_metadata(std::string(schema::kGazetteerKey), catalog.fingerprint());

    std::vector<fs::path> files;
    for (const std::string& path : options.paths) {
        std::vector<fs::path> found = collect_files(path, reporter, summary);
        files.insert(files.end(), found.begin(), found.end());
    }

    unsigned since_commit = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string shown = files[i].string();
        reporter.progress(i, files.size());
        try {
            const SourceDocument source = read_text_document(files[i]);
            BuiltDocument built = build_document(source, options.lang, catalog);
            for (const std::string& warning : source.warnings) reporter.warning(shown, warning);
            for (const std::string& warning : built.warnings) reporter.warning(shown, warning);
            summary.warnings += static_cast<unsigned>(source.warnings.size() + built.warnings.size());
            database.replace_document(built.id_term, built.document);
            reporter.indexed(shown, built.lang);
            ++summary.indexed;
            if (++since_commit == kCommitEvery) {
                database.commit();
                since_commit = 0;
            }
        } catch (const DocumentError& e) {
            const bool skipped = e.kind() == DocumentError::Kind::skipped;
            if (skipped) {
                reporter.file_skipped(shown, std::string("skipped: ") + e.what());
                ++summary.skipped;
            } else {
                reporter.file_failed(shown, std::string("failed: ") + e.what());
                ++summary.failed;
            }
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot write '" + shown + "' to database '" + options.database +
                                "': " + e.get_description());
        }
    }
    reporter.progress(files.size(), files.size());
    try {
        database.commit();
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot commit to database '" + options.database + "': " + e.get_description() +
                            "; documents committed earlier are kept, run again to finish");
    }
    reporter.clear_progress();

    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!reporter.quiet()) {
        err << fmt::format("dossier-index: indexed {}, skipped {}, failed {}{} in {:.2f} s ({})\n",
                           summary.indexed, summary.skipped, summary.failed,
                           summary.warnings ? fmt::format(", {} warnings", summary.warnings) : "",
                           summary.seconds, options.database);
    }
    return summary;
}

}  // namespace dossier::indexer
