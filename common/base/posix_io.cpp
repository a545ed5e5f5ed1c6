// SPDX-License-Identifier: MIT
#include "base/posix_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

namespace dossier {

namespace {

// The longest path, in bytes, that one open(2) or stat(2) takes: PATH_MAX
// counts the terminating NUL.
constexpr std::size_t kLongestPath = PATH_MAX - 1;

// A folder passed through on the way is opened for lookups only: O_PATH
// needs no read permission, just as a folder named inside a path does not.
#ifdef O_PATH
constexpr int kLookupOnly = O_PATH;
#else
constexpr int kLookupOnly = O_RDONLY;
#endif

// Where the last piece of a path is resolved from, and that piece.
struct LastPiece {
    FileDescriptor held;  // the folder the leading pieces reached, if any
    int folder = AT_FDCWD;
    std::string piece;  // short enough for one call
};

// Resolves, from `folder`, all of `path` but a last piece short enough for
// one call; false, with errno set, when a leading piece cannot be opened.
bool resolve_leading_pieces(int folder, std::string_view path, LastPiece& last) {
    last.folder = folder;
    while (path.size() > kLongestPath) {
        const std::size_t cut = path.rfind('/', kLongestPath);
        // No '/' to cut at: a name longer than any file system allows.
        if (cut == std::string_view::npos || cut == 0) {
            errno = ENAMETOOLONG;
            return false;
        }
        const std::string piece(path.substr(0, cut));
        FileDescriptor next(::openat(last.folder, piece.c_str(), kLookupOnly | O_DIRECTORY | O_CLOEXEC));
        if (next.get() < 0) return false;
        last.held = std::move(next);
        last.folder = last.held.get();
        // The rest is relative to the folder just opened: no leading '/'.
        path.remove_prefix(cut);
        while (path.starts_with('/')) path.remove_prefix(1);
    }
    // Only slashes left after a cut: the path named that folder itself.
    last.piece = path.empty() ? std::string(".") : std::string(path);
    return true;
}

}  // namespace

void FileDescriptor::reset() {
    if (fd_ < 0) return;
    // Callers report the errno of the call that failed before this close.
    const int saved = errno;
    ::close(fd_);
    errno = saved;
    fd_ = -1;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

FileDescriptor open_at_any_length(int folder, std::string_view path, int flags, mode_t mode) {
    LastPiece last;
    if (!resolve_leading_pieces(folder, path, last)) return {};
    return FileDescriptor(::openat(last.folder, last.piece.c_str(), flags, mode));
}

FileDescriptor open_any_length(std::string_view path, int flags, mode_t mode) {
    return open_at_any_length(AT_FDCWD, path, flags, mode);
}

bool stat_any_length(std::string_view path, struct ::stat& info, bool follow_links) {
    LastPiece last;
    if (!resolve_leading_pieces(AT_FDCWD, path, last)) return false;
    return ::fstatat(last.folder, last.piece.c_str(), &info, follow_links ? 0 : AT_SYMLINK_NOFOLLOW) == 0;
}

void open_missing_standard_descriptors() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        // open() returns the lowest free descriptor: this one.
        const int opened = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        if (opened != fd && opened >= 0) ::close(opened);
    }
}

}  // namespace dossier
