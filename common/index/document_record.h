// SPDX-License-Identifier: MIT
// When each document was added and when its content last changed, and the
// run counter those records count in. A run is one dossier-index run that
// wrote the database; the counter is the database's own (kRunsKey), so it
// stays one step per run whether the run wrote in place or through worker
// shards merged by xapian-compact (whose Xapian revision says nothing of
// runs), and --rebuild carries it over.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace dossier {

// A run and the time it started. Run 0 is "before records existed": the
// documents of a database written before dossier kept them (no time).
struct RunStamp {
    std::uint64_t run = 0;
    std::string time;  // UTC, "2026-12-05T06:28:01Z"; empty for run 0

    bool operator==(const RunStamp&) const = default;
};

// "0000000012 2026-12-05T06:28:01Z": zero-padded so that values sort by run.
std::string encode_run_stamp(const RunStamp& stamp);
// Run 0 for an empty or unreadable value.
RunStamp decode_run_stamp(std::string_view encoded);
// The smallest encoded value of `run` and the largest (for value ranges).
std::string run_range_start(std::uint64_t run);
std::string run_range_end(std::uint64_t run);

// The runs recorded in `database` (its kRunsKey), oldest first; none for a
// database no run has stamped. With several databases, Xapian answers from
// the first.
std::vector<RunStamp> run_history(const Xapian::Database& database);
// The latest of run_history (run 0 when there is none).
RunStamp latest_run(const Xapian::Database& database);

// The next run after `history`, starting at `now`; its time is never before
// the previous run's (a clock set back), so times grow with runs.
RunStamp next_run(const std::vector<RunStamp>& history, std::chrono::system_clock::time_point now);

// kRunsKey's value: `history` and then `run`.
std::string encode_run_history(const std::vector<RunStamp>& history, const RunStamp& run);

// A document's record before this run, to carry over.
struct PreviousRecord {
    std::string added;    // encoded kAddedSlot value; empty: before records
    std::string changed;  // encoded kChangedSlot value; empty: before records
    std::string content;  // what "the content did not change" compares: the
                          // content hash of a file
};

// The records of every file document of `database` by path, read from the
// kFileStateSlot, kAddedSlot and kChangedSlot value streams.
std::unordered_map<std::string, PreviousRecord> load_previous_records(const Xapian::Database& database);

// Stamps the documents one run writes.
class RecordKeeper {
public:
    RecordKeeper() = default;
    RecordKeeper(RunStamp run, std::unordered_map<std::string, PreviousRecord> previous)
        : run_(std::move(run)), previous_(std::move(previous)) {}

    const RunStamp& run() const { return run_; }

    // Sets the kAddedSlot and kChangedSlot values of `document`, newly built
    // for `key` (a file's path) from `content` (its content hash): a new key
    // is added and changed by this run; a known one keeps when it was added,
    // and when it changed unless `content` differs from what it was.
    void stamp(Xapian::Document& document, const std::string& key, const std::string& content) const;

private:
    RunStamp run_;
    std::unordered_map<std::string, PreviousRecord> previous_;
};

// The same decision for one document whose previous record is known (or
// nullptr when it is new): `same_content` says its content is unchanged.
void stamp_document(Xapian::Document& document, const RunStamp& run, const PreviousRecord* previous,
                    bool same_content);

// The run of a writer that replaces documents one at a time by key
// (dossier-index --jsonl): counts the run in `database` with its first
// stamp, and compares a replaced document's data to tell a change.
class RunRecorder {
public:
    explicit RunRecorder(Xapian::WritableDatabase& database);

    // Stamps `document`, about to replace document `previous` (0: none),
    // and records the run in the database if not yet done.
    void stamp(Xapian::Document& document, Xapian::docid previous);

private:
    Xapian::WritableDatabase& database_;
    std::vector<RunStamp> history_;
    RunStamp run_;
    bool recorded_ = false;
};

}  // namespace dossier
