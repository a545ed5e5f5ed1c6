// SPDX-License-Identifier: MIT
// Small POSIX helpers shared by the file reader, the parser child and the
// indexing workers: an owned file descriptor and a write that finishes.
#pragma once

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
    void reset();  // closes it now

private:
    int fd_ = -1;
};

// Writes all of `data` to `fd`, going on after short writes and EINTR;
// false when a write fails (errno says why).
bool write_all(int fd, std::string_view data);

}  // namespace dossier
