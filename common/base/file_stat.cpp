// SPDX-License-Identifier: MIT
#include "base/file_stat.h"

#include "base/posix_io.h"

namespace dossier {

namespace {

std::int64_t nanoseconds(const struct timespec& time) {
    return static_cast<std::int64_t>(time.tv_sec) * 1'000'000'000 + time.tv_nsec;
}

}  // namespace

FileStat to_file_stat(const struct ::stat& info) {
    FileStat stat;
    stat.size = static_cast<std::uint64_t>(info.st_size);
    stat.mtime_ns = nanoseconds(info.st_mtim);
    stat.ctime_ns = nanoseconds(info.st_ctim);
    stat.inode = static_cast<std::uint64_t>(info.st_ino);
    return stat;
}

std::optional<FileStat> stat_file(const std::string& path) {
    struct stat info {};
    if (!stat_any_length(path, info)) return std::nullopt;
    return to_file_stat(info);
}

}  // namespace dossier
