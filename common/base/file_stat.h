// SPDX-License-Identifier: MIT
// The parts of a file's stat(2) that tell whether its content may have
// changed: what readers record and the index compares on the next run.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <optional>
#include <string>

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

}  // namespace dossier
