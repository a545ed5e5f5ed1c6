// SPDX-License-Identifier: MIT
// Test trees the usual tools cannot make or remove: folders nested deeper
// than PATH_MAX allows a path to name, FIFOs and sockets. Plain POSIX, no
// dossier code, so that the tests do not build their cases with the code
// they test; shared by the unit and end-to-end tests.
#pragma once

#include <dirent.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dossier::test {

// One descriptor, closed on destruction (test code, independent of
// dossier's own FileDescriptor).
class OwnedFd {
public:
    explicit OwnedFd(int fd = -1) : fd_(fd) {}
    OwnedFd(OwnedFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    OwnedFd& operator=(OwnedFd&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~OwnedFd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

inline std::runtime_error system_failure(const std::string& what) {
    return std::runtime_error(what + ": " + std::strerror(errno));
}

// Opens folder `name` in the folder open as `folder`.
inline OwnedFd open_folder_at(int folder, const std::string& name) {
    OwnedFd fd(::openat(folder, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) throw system_failure("cannot open folder " + name);
    return fd;
}

// Removes everything inside the folder open as `top`, depth first, holding
// a few descriptors at a time: down by name, back up by "..". Neither
// recursion (the call stack) nor paths (PATH_MAX) limit the depth.
inline void remove_contents(int top) {
    OwnedFd fd(::fcntl(top, F_DUPFD_CLOEXEC, 0));
    std::vector<std::string> names;  // the way down from `top`
    while (true) {
        // fdopendir takes over the duplicate; `fd` stays for the *at calls.
        const int copy = ::fcntl(fd.get(), F_DUPFD_CLOEXEC, 0);
        DIR* dir = copy >= 0 ? ::fdopendir(copy) : nullptr;
        if (!dir) {
            if (copy >= 0) ::close(copy);
            throw system_failure("cannot list a folder to remove");
        }
        std::vector<std::string> entries;  // all read before any is removed
        while (const dirent* entry = ::readdir(dir)) entries.emplace_back(entry->d_name);
        ::closedir(dir);
        std::string subfolder;
        for (const std::string& name : entries) {
            if (name == "." || name == "..") continue;
            struct stat info {};
            if (::fstatat(fd.get(), name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
            if (S_ISDIR(info.st_mode)) {
                ::fchmodat(fd.get(), name.c_str(), 0700, 0);  // a test may have locked it
                subfolder = name;
            } else {
                ::unlinkat(fd.get(), name.c_str(), 0);
            }
        }
        if (!subfolder.empty()) {
            fd = open_folder_at(fd.get(), subfolder);
            names.push_back(subfolder);
            continue;
        }
        if (names.empty()) return;
        OwnedFd up(::openat(fd.get(), "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (up.get() < 0 || ::unlinkat(up.get(), names.back().c_str(), AT_REMOVEDIR) != 0)
            throw system_failure("cannot remove folder " + names.back());
        names.pop_back();
        fd = std::move(up);
    }
}

// `depth` folders named `name`, each inside the one before, in `base`:
// made with mkdirat from the parent's descriptor, since the path soon
// passes PATH_MAX, which mkdir(2) refuses. On destruction the chain is
// removed the same way (std::filesystem::remove_all cannot, by path).
class DeepFolders {
public:
    DeepFolders(const std::filesystem::path& base, int depth, std::string name = "d")
        : base_(base), depth_(depth), name_(std::move(name)) {
        std::filesystem::create_directories(base_);
        OwnedFd fd(::open(base_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.get() < 0) throw system_failure("cannot open " + base_.string());
        for (int level = 1; level <= depth_; ++level) {
            if (::mkdirat(fd.get(), name_.c_str(), 0755) != 0) throw system_failure("mkdirat at level " + std::to_string(level));
            fd = open_folder_at(fd.get(), name_);
        }
    }
    DeepFolders(const DeepFolders&) = delete;
    DeepFolders& operator=(const DeepFolders&) = delete;
    ~DeepFolders() {
        try {
            OwnedFd base(::open(base_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
            OwnedFd top = open_folder_at(base.get(), name_);
            remove_contents(top.get());
            ::unlinkat(base.get(), name_.c_str(), AT_REMOVEDIR);
        } catch (const std::exception&) {
            // Already gone, or the test failed half way: TempDir does what it can.
        }
    }

    // The path of the folder at `level` (1 is the top, depth the bottom).
    std::string path(int level) const {
        std::string path = base_.string();
        for (int i = 0; i < level; ++i) path += "/" + name_;
        return path;
    }
    std::string bottom() const { return path(depth_); }

    // The folder at `level`, opened by descending from `base`.
    OwnedFd open(int level) const {
        OwnedFd fd(::open(base_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.get() < 0) throw system_failure("cannot open " + base_.string());
        for (int i = 0; i < level; ++i) fd = open_folder_at(fd.get(), name_);
        return fd;
    }

private:
    std::filesystem::path base_;
    int depth_;
    std::string name_;
};

// Writes `content` to `name` in the folder open as `folder`.
inline void write_file_at(int folder, const std::string& name, const std::string& content) {
    OwnedFd fd(::openat(folder, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) throw system_failure("cannot create " + name);
    if (::write(fd.get(), content.data(), content.size()) != static_cast<ssize_t>(content.size()))
        throw system_failure("cannot write " + name);
}

inline void make_fifo(const std::filesystem::path& path) {
    if (::mkfifo(path.c_str(), 0644) != 0) throw system_failure("mkfifo " + path.string());
}

// A Unix-domain socket file at `path` (it stays when the socket is closed).
inline void make_socket(const std::filesystem::path& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.native().size() >= sizeof address.sun_path)
        throw std::runtime_error("socket path too long for sockaddr_un: " + path.string());
    std::memcpy(address.sun_path, path.c_str(), path.native().size() + 1);
    OwnedFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0 || ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        throw system_failure("cannot bind a socket at " + path.string());
}

}  // namespace dossier::test
