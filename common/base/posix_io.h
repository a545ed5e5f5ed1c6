// SPDX-License-Identifier: MIT
// Small POSIX helpers shared by the file reader, the file walk, the parser
// child and the indexing workers: an owned file descriptor, a write that
// finishes, and open(2) and stat(2) for paths of any length.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <string_view>
#include <utility>

namespace dossier {

// Owns one file descriptor and closes it on destruction; -1 is none.
class FileDescriptor {
public:
    FileDescriptor() = default;
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor& operator=(FileDescriptor&& other) noexcept {
        if (this != &other) {
            reset();
            fd_ = std::exchange(other.fd_, -1);
        }
        return *this;
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() { reset(); }

    int get() const { return fd_; }
    void reset();  // closes it now; errno is left as it was
    // Gives the descriptor up without closing it (to fdopendir, say).
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_ = -1;
};

// Writes all of `data` to `fd`, going on after short writes and EINTR;
// false when a write fails (errno says why).
bool write_all(int fd, std::string_view data);

// openat(2) of `path` from the folder open as `folder` (AT_FDCWD: the
// working folder; ignored when `path` is absolute), for a path of any
// length: one longer than the kernel takes at once (PATH_MAX) is resolved
// piece by piece, each piece shorter than PATH_MAX and cut at a '/', the
// last piece opened with `flags`. Links and ".." resolve as in one call.
// The result holds -1, with errno set, when it fails.
FileDescriptor open_at_any_length(int folder, std::string_view path, int flags, mode_t mode = 0);

// open(2) of `path` (absolute or relative), of any length as above.
FileDescriptor open_any_length(std::string_view path, int flags, mode_t mode = 0);

// stat(2) of `path` into `info`, or lstat(2) when `follow_links` is false,
// for a path of any length as above; false, with errno set, when it fails.
bool stat_any_length(std::string_view path, struct ::stat& info, bool follow_links = true);

// Opens /dev/null on any of descriptors 0, 1 and 2 that is closed, so a
// program started with one closed (`<&-`, `2>&-`) does not hand it to the
// next file it opens: a lock file would be read as records, or written
// with messages. Called first thing in each program's main.
void open_missing_standard_descriptors();

}  // namespace dossier
