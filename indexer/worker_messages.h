// SPDX-License-Identifier: MIT
// What a bulk-indexing worker process tells the indexer, framed for a
// pipe: each message is a 4-byte length and a payload of a type byte and
// fields (numbers as 4 little-endian bytes, strings as a length and their
// bytes, so paths and messages pass whatever bytes they hold).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dossier::indexer {

// The worker took the chunk of the work list numbered `chunk`.
struct ChunkStarted {
    std::uint32_t chunk = 0;
};

// What became of one file of the work list.
struct FileReport {
    enum class Outcome : std::uint8_t { added, skipped, failed, gone };
    std::uint32_t index = 0;  // in the work list
    Outcome outcome = Outcome::added;
    std::string lang;         // added: the language it was analyzed as
    std::string message;      // skipped, failed: why
    std::vector<std::string> warnings;
};

// The chunk's shard is committed with its first `files_done` files (all of
// them unless the run was stopped).
struct ChunkFinished {
    std::uint32_t chunk = 0;
    std::uint32_t files_done = 0;
};

// The worker could not go on (its shard could not be written).
struct WorkerFailure {
    std::string message;
};

// --jsonl (jsonl_bulk.h): the indexer hands a worker a chunk of
// consecutive lines of the records' file, each with its line number; a
// line over the length limit comes without its bytes (`too_long`).
struct RecordLine {
    std::uint32_t number = 0;
    bool too_long = false;
    std::string text;
};
struct RecordChunk {
    std::uint32_t chunk = 0;
    std::vector<RecordLine> lines;
};

// What became of one line of a chunk: a document (its path "jsonl:<id>"
// and id term, and whether an earlier line of the same chunk had that id)
// or why it was skipped.
struct RecordReport {
    enum class Outcome : std::uint8_t { added, failed };
    std::uint32_t line = 0;  // its line number
    Outcome outcome = Outcome::added;
    std::string path;
    std::string id_term;
    bool replaced = false;
    std::string lang;
    std::string message;  // failed: why
    std::vector<std::string> warnings;
    // What copy clustering reads of the document (index/copy_clusters.h):
    // its band terms and signature value, for the indexer to cluster the
    // records in line order.
    std::vector<std::string> band_terms;
    std::string signature;
};

// A re-read of files of an existing database (parallel_reads.h): what
// reading the file at `index` of the work list gave. `built`: the document
// to write (Xapian::Document::serialise()) with its id term, language and
// text size; `touched`: the same bytes under the same analysis, only
// `stat` is new; otherwise why it was not indexed.
struct ReadReport {
    enum class Outcome : std::uint8_t { built, touched, skipped, failed, gone };
    std::uint32_t index = 0;
    Outcome outcome = Outcome::built;
    std::string document;
    std::string id_term;
    std::string lang;
    std::uint64_t text_bytes = 0;
    std::uint64_t stat_size = 0;
    std::int64_t stat_mtime_ns = 0;
    std::int64_t stat_ctime_ns = 0;
    std::uint64_t stat_inode = 0;
    std::string message;  // skipped, failed, gone: why
    std::vector<std::string> warnings;
};

using WorkerMessage =
    std::variant<ChunkStarted, FileReport, ChunkFinished, WorkerFailure, RecordChunk, RecordReport, ReadReport>;

// Bytes from a worker that are not a message (or, as the indexer finds, a
// message out of turn): the pipe between the processes is at fault, not
// the indexing. A worker's own error comes as a WorkerFailure instead.
class GarbledMessage : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// `message` framed, ready to write to the pipe.
std::string encode_message(const WorkerMessage& message);

// Collects the bytes read from a pipe and hands out whole messages.
class MessageReader {
public:
    void feed(std::string_view bytes) { buffer_.append(bytes); }

    // Feeds what the pipe `fd` has now (one read): false at its end, the
    // worker gone. Throws DatabaseError when the pipe cannot be read.
    bool feed_from(int fd);

    // The next whole message, nullopt until one has arrived. Throws
    // GarbledMessage for bytes that are not a message.
    std::optional<WorkerMessage> next();

    // Bytes of a message not yet complete (at EOF: a worker cut short).
    bool has_partial() const { return consumed_ < buffer_.size(); }

private:
    std::string buffer_;
    std::size_t consumed_ = 0;
};

}  // namespace dossier::indexer
