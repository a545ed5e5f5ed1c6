// SPDX-License-Identifier: MIT
// dossier-index --jsonl: documents from JSON Lines records instead of
// files, for scripted pipelines. One object a line: "id" and "text"
// required; "title", "date", "lang", "url", "source", "country" optional;
// other fields are ignored. A record's document is identified by its id
// ("jsonl:<id>"), so ingesting the same id again replaces it. Records
// carry no file state: folder runs (and --prune) never see or remove them.
#pragma once

#include <cstddef>
#include <deque>
#include <fstream>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "entities/entities.h"
#include "formats/source_document.h"
#include "index/document_builder.h"
#include "run_context.h"
#include "settings.h"

namespace dossier::indexer {

// The stored path of record `id`, and the source of its unique id term.
inline constexpr std::string_view kJsonlPathPrefix = "jsonl:";
std::string jsonl_path(std::string_view id);

struct JsonlRecord {
    SourceDocument source;  // path "jsonl:<id>", format "text"
    // The "country" values: ISO code and the value as written, in order.
    std::vector<std::pair<std::string, std::string>> countries;
};

// Parses one non-blank line. Throws DocumentError (failed) with the reason
// the line is unusable: not JSON, not an object, no or empty id, text not
// a string or empty or over limits.max_text_bytes, a field of the wrong
// type, a date parse_metadata_date rejects, an unknown lang or country.
// Without a title the first line of the text is one; without a date, a
// dateline in the text (as for files).
JsonlRecord parse_jsonl_record(std::string_view line, const ReadLimits& limits);

// Adds the record's countries to `built` (from build_document of its
// source): boolean term, facet value slot and evidence, besides those the
// text names.
void add_record_countries(BuiltDocument& built, const JsonlRecord& record);

// Lines longer than this are skipped unread: the text limit plus room for
// JSON escapes and the other fields.
std::size_t max_jsonl_line_bytes(const ReadLimits& limits);

enum class LineRead { line, too_long, end };

// Reads the next line (without its "\n" or "\r\n") into `line`; a line
// over `max_bytes` is consumed without being kept (too_long).
LineRead read_jsonl_line(std::istream& in, std::string& line, std::size_t max_bytes);

// The file (or standard input) the records come from, opened before the
// database is.
class JsonlInput {
public:
    // `name` "-": `standard_input`. Throws UsageError when there is none,
    // or the file is a folder or cannot be opened.
    JsonlInput(const std::string& name, std::istream* standard_input);
    std::istream& stream() { return *in_; }
    const std::string& label() const { return label_; }  // "stdin" or the file's name
    bool failed() const { return in_->bad(); }
    // Only the lines `keep` accepts are read as records; the others are
    // passed over like blank lines, their numbers counted (--shard).
    void keep_only(std::function<bool(std::string_view line)> keep) { keep_ = std::move(keep); }
    bool keeps(std::string_view line) const { return !keep_ || keep_(line); }

private:
    std::ifstream file_;
    std::istream* in_ = nullptr;
    std::string label_;
    std::function<bool(std::string_view line)> keep_;
};

// The non-blank lines of a JSONL input in order, numbered from 1 (the
// first without a byte-order mark), with what stopped the reading.
class JsonlLines {
public:
    struct Line {
        unsigned long number = 0;
        bool too_long = false;  // over the limit: `text` is empty
        std::string text;
    };

    JsonlLines(JsonlInput& input, std::size_t max_bytes) : input_(input), max_bytes_(max_bytes) {}

    // The next line; false at the end of the input, or when it cannot be
    // read (read_error()).
    bool next(Line& line);
    // Reads ahead until more than `count` lines and `bytes` bytes are held;
    // false when the input ends before (all its lines are then held).
    bool has_more_than(std::size_t count, std::size_t bytes = 0);
    // Why the input could not be read to its end; empty when it could.
    std::string read_error() const;

private:
    bool read(Line& line);

    JsonlInput& input_;
    std::size_t max_bytes_;
    std::deque<Line> ahead_;
    std::size_t ahead_bytes_ = 0;
    unsigned long last_number_ = 0;
    bool ended_ = false;
    std::string read_error_;
};

// One line's record built as --jsonl ingests it: the document, neither
// stamped nor clustered yet, with its warnings in built.warnings. Throws
// DocumentError (failed) when the line is unusable.
struct AnalyzedRecord {
    BuiltDocument built;
    std::string path;  // "jsonl:<id>"
    std::size_t text_bytes = 0;
};
AnalyzedRecord analyze_jsonl_line(std::string_view line, const ReadLimits& limits, const std::string& lang,
                                  const EntityCatalog& catalog);

// The message for a line over max_jsonl_line_bytes.
std::string too_long_line_message(const ReadLimits& limits);

// Ingests the records of `input` into `database` (settings.database),
// analyzed with settings.lang and settings.gazetteers, committing in
// batches. Bad lines are reported as "FILE:LINE: skipped: reason" and
// counted as failed. Throws DatabaseError when the database cannot be
// written.
// A database with no documents gets the records through worker processes
// (jsonl_bulk.h) when they are enough for two (worth_building_in_parallel)
// and settings.jobs > 1; otherwise they are ingested in place, and a
// database that had none is compacted at the end (compact_new_database).
// Defined in jsonl_bulk.cpp.
IndexSummary ingest_jsonl(const RunSettings& settings, JsonlInput& input, Xapian::WritableDatabase& database,
                          const RunContext& context);

// --jsonl --rebuild: the records of `input` ingested by settings.jobs
// worker processes (jsonl_bulk.h) into a new database at
// settings.scratch, which takes the place of the database at
// settings.database when complete; searches go on meanwhile. `replaced` is
// that database, held open (nullptr: there is none, or it is damaged
// beyond opening): the new one remembers what it did (its run counter)
// and each record it had keeps when it was added, and when it changed
// unless its content did (same_record_content). An interrupted run, or an
// input that cannot be read to its end, leaves `replaced` as it was and
// removes the new database. Defined in jsonl_bulk.cpp.
IndexSummary rebuild_jsonl(const RunSettings& settings, JsonlInput& input, Xapian::WritableDatabase* replaced,
                           const RunContext& context);

// Whether two documents' data (schema::encode_document_data) hold the same
// record: title, date, url, source and text. What the analysis adds
// (language, entities, countries found in the text) is left out, as a
// file's content hash leaves it out: a re-analysis is not news.
bool same_record_content(std::string_view data, std::string_view other);

// The one-process ingestion of what `lines` has left into `database`.
IndexSummary ingest_jsonl_in_place(const RunSettings& settings, JsonlLines& lines, const std::string& label,
                                   const EntityCatalog& catalog, Xapian::WritableDatabase& database,
                                   const RunContext& context);

}  // namespace dossier::indexer
