// SPDX-License-Identifier: MIT
// dossier-index --jsonl: documents from JSON Lines records instead of
// files, for scripted pipelines. One object a line: "id" and "text"
// required; "title", "date", "lang", "url", "source", "country" optional;
// other fields are ignored. A record's document is identified by its id
// ("jsonl:<id>"), so ingesting the same id again replaces it. Records
// carry no file state: folder runs (and --prune) never see or remove them.
#pragma once

#include <cstddef>
#include <fstream>
#include <istream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

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

private:
    std::ifstream file_;
    std::istream* in_ = nullptr;
    std::string label_;
};

// Ingests the records of `input` into `database` (settings.database),
// analyzed with settings.lang and settings.gazetteers, committing in
// batches. Bad lines are reported as "FILE:LINE: skipped: reason" and
// counted as failed. Throws DatabaseError when the database cannot be
// written.
IndexSummary ingest_jsonl(const RunSettings& settings, JsonlInput& input, Xapian::WritableDatabase& database,
                          const RunContext& context);

}  // namespace dossier::indexer
