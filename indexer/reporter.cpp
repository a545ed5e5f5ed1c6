// SPDX-License-Identifier: MIT
#include "reporter.h"

#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/utf8.h"

namespace dossier::indexer {

namespace {

constexpr auto kProgressInterval = std::chrono::milliseconds(200);

// File names and the reasons given for them (which quote names, and what
// readers said about a file's contents) may hold newlines and ESC: shown
// escaped, they can neither forge a line nor drive the terminal.
std::string shown(std::string_view text) { return escape_for_terminal(text); }

}  // namespace

Reporter::Reporter(std::ostream& err, Verbosity verbosity, bool terminal)
    : err_(err), verbosity_(verbosity), terminal_(terminal) {}

bool Reporter::watched() const {
    return verbosity_ == Verbosity::verbose || (verbosity_ == Verbosity::normal && terminal_);
}

void Reporter::failed(const std::string& path, const std::string& what) {
    clear_progress();
    err_ << "dossier-index: " << shown(path) << ": " << shown(what) << "\n";
}

// Skipping an empty or binary file is not trouble: cron hears nothing.
void Reporter::skipped(const std::string& path, const std::string& what) {
    if (!watched()) return;
    clear_progress();
    err_ << "dossier-index: " << shown(path) << ": skipped: " << shown(what) << "\n";
}

void Reporter::warning(const std::string& path, const std::string& what) {
    if (verbosity_ == Verbosity::quiet) return;
    clear_progress();
    err_ << "dossier-index: warning: " << shown(path) << ": " << shown(what) << "\n";
}

void Reporter::note(const std::string& what) {
    if (!watched()) return;
    clear_progress();
    err_ << "dossier-index: " << shown(what) << "\n";
}

void Reporter::changed(const char* action, const std::string& path, const std::string& detail) {
    if (verbosity_ != Verbosity::verbose) return;
    clear_progress();
    err_ << action << " " << shown(path);
    if (!detail.empty()) err_ << " [" << shown(detail) << "]";
    err_ << "\n";
}

bool Reporter::progress_due(bool last) {
    if (!terminal_ || verbosity_ == Verbosity::quiet) return false;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_progress_ < kProgressInterval && !last) return false;
    last_progress_ = now;
    progress_shown_ = true;
    return true;
}

void Reporter::progress(std::size_t done, std::size_t total) {
    if (total == 0 || !progress_due(done == total)) return;
    err_ << fmt::format("\rindexing {}/{} files", done, total) << std::flush;
}

void Reporter::progress_records(std::size_t records) {
    if (progress_due(false)) err_ << fmt::format("\ringesting: {} records", records) << std::flush;
}

void Reporter::clear_progress() {
    if (!progress_shown_) return;
    err_ << "\r\033[K" << std::flush;
    progress_shown_ = false;
}

void Reporter::summary(const IndexSummary& s, const std::string& database) {
    clear_progress();
    const bool trouble = s.failed > 0 || s.interrupted;
    if (!watched() && !(trouble && verbosity_ != Verbosity::quiet)) return;
    err_ << fmt::format(
        "dossier-index: {}added {}, updated {}, removed {}, unchanged {}, skipped {}, failed {}{} in "
        "{:.2f} s ({}){}\n",
        s.dry_run ? "dry run, would have " : "", s.added, s.updated, s.removed, s.unchanged, s.skipped,
        s.failed, s.warnings ? fmt::format(", {} warning{}", s.warnings, s.warnings == 1 ? "" : "s") : "", s.seconds, shown(database),
        s.interrupted ? "; interrupted, the rest is left for the next run" : "");
}

std::string summary_json(const IndexSummary& s, const std::string& database) {
    const nlohmann::ordered_json json = {
        {"version", 1},          {"database", database},   {"dry_run", s.dry_run},
        {"added", s.added},      {"updated", s.updated},   {"removed", s.removed},
        {"unchanged", s.unchanged}, {"skipped", s.skipped}, {"failed", s.failed},
        {"warnings", s.warnings}, {"interrupted", s.interrupted},
        {"revision", s.revision}, {"seconds", std::round(s.seconds * 1000) / 1000},
    };
    return json.dump();
}

}  // namespace dossier::indexer
