// SPDX-License-Identifier: MIT
// What the indexer remembers about each file it indexed, so that a re-run
// can tell an unchanged file without reading it (size, times, inode) and a
// touched-but-identical one without re-analyzing it (content hash).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sys/stat.h>

namespace dossier {

// The parts of stat(2) that change when a file's content may have changed.
// ctime is included so that a chmod (which leaves mtime alone) makes the
// next run read the file again and notice when it has become unreadable.
struct FileStat {
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
    std::uint64_t inode = 0;

    bool operator==(const FileStat&) const = default;
};

// stat(2) of `path`, of any length (a file deep in a folder tree may have
// a path longer than PATH_MAX); links are followed, as reading the file
// would; nullopt when it does not exist or cannot be examined.
std::optional<FileStat> stat_file(const std::string& path);

// The FileStat of what stat(2)/fstat(2) returned.
FileStat to_file_stat(const struct ::stat& info);

// 128-bit XXH3 of `bytes`, as 32 lowercase hex digits.
std::string content_hash(std::string_view bytes);

// Stored in each document's kFileStateSlot value.
struct FileState {
    std::string path;            // absolute, lexically normal: the document key
    FileStat stat;
    std::string hash;            // content_hash of the bytes indexed
    std::string analysis;        // analysis fingerprint the document was built with
    bool dated_by_mtime = false; // its date came from the modification time

    bool operator==(const FileState&) const = default;
};

std::string encode_file_state(const FileState& state);

// nullopt for a value not written by encode_file_state (another version).
std::optional<FileState> decode_file_state(std::string_view encoded);

}  // namespace dossier
