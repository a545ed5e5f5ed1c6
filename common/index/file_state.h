// SPDX-License-Identifier: MIT
// What the indexer remembers about each file it indexed, so that a re-run
// can tell an unchanged file without reading it (size, times, inode) and a
// touched-but-identical one without re-analyzing it (content hash).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/file_stat.h"

namespace dossier {

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
