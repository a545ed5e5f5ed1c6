// SPDX-License-Identifier: MIT
#include "index/database_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>
#include <xapian.h>

#include "base/error.h"
#include "index/schema.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMarkerText =
    "This folder was made by dossier-index, which may replace or remove it (a --rebuild\n"
    "swaps in a new database folder; a killed run's leftovers are removed by the next run).\n";

std::string what_errno_means(int error) {
    switch (error) {
    case EROFS:
        return "it is on a read-only file system; choose a --db on a writable one";
    case EACCES:
    case EPERM:
        return "permission denied; run dossier-index as a user who may write there, or choose another --db";
    case ENOSPC:
        return "no space left on the device; free some space and run again";
    case ENOTDIR:
        return "a part of the path is a file, not a folder; choose another --db";
    default:
        return std::strerror(error);
    }
}

bool is_xapian_database_folder(const fs::path& folder) {
    std::error_code ec;
    for (const char* stamp : {"iamglass", "iamchert", "iamhoney"})
        if (fs::exists(folder / stamp, ec)) return true;
    return false;
}

bool has_dossier_metadata(const std::string& folder) {
    try {
        return !Xapian::Database(folder).get_metadata(std::string(schema::kSchemaKey)).empty();
    } catch (const Xapian::Error&) {
        return false;
    }
}

// "a regular file", "a FIFO", ...: what is at a path that is not a folder.
std::string kind_of(const struct stat& status) {
    if (S_ISREG(status.st_mode)) return "a file";
    if (S_ISLNK(status.st_mode)) return "a symbolic link";
    if (S_ISFIFO(status.st_mode)) return "a FIFO";
    if (S_ISSOCK(status.st_mode)) return "a socket";
    if (S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode)) return "a device";
    return "not a folder";
}

// Why the folder at `path` is not dossier's, for a message.
std::string what_is_there(const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) return std::strerror(errno);
    if (!S_ISDIR(status.st_mode)) return kind_of(status) + ", not a dossier database";
    if (is_xapian_database_folder(path)) {
        try {
            Xapian::Database database(path);
        } catch (const Xapian::Error& e) {
            return "a Xapian database that cannot be opened (" + e.get_msg() +
                   ") and has no dossier marker, so dossier cannot tell that it made it";
        }
        return "a Xapian database that dossier-index did not write (it has no dossier metadata)";
    }
    std::error_code ec;
    std::size_t entries = 0;
    std::string example;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (example.empty()) example = it->path().filename().string();
        ++entries;
    }
    if (ec) return "a folder that cannot be listed (" + ec.message() + ")";
    return fmt::format("a folder of {} {} (such as '{}') that is not a dossier database", entries,
                       entries == 1 ? "entry" : "entries", example);
}

bool folder_is_empty(const std::string& path) {
    std::error_code ec;
    return fs::is_directory(path, ec) && fs::is_empty(path, ec) && !ec;
}

void write_marker(const std::string& folder) {
    const std::string marker = folder + "/" + kOwnerMarkerName;
    if (::access(marker.c_str(), F_OK) == 0) return;
    const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        throw DatabaseError(fmt::format("cannot write into the database folder '{}': {}", folder,
                                        what_errno_means(errno)));
    const ssize_t written = ::write(fd, kMarkerText.data(), kMarkerText.size());
    const int write_error = errno;
    ::close(fd);
    if (written != static_cast<ssize_t>(kMarkerText.size()))
        throw DatabaseError(fmt::format("cannot write into the database folder '{}': {}", folder,
                                        what_errno_means(written < 0 ? write_error : ENOSPC)));
}

struct Identity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const Identity&) const = default;
};

std::optional<Identity> identity_of(const fs::path& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return std::nullopt;
    return Identity{status.st_dev, status.st_ino};
}

// The ancestor of `inner` (itself included) that is the same folder as
// `outer`, with symbolic links in `inner` resolved; nullopt when none is.
std::optional<fs::path> ancestor_same_as(const fs::path& inner, const fs::path& outer) {
    const std::optional<Identity> target = identity_of(outer);
    if (!target) return std::nullopt;
    std::error_code ec;
    fs::path path = fs::weakly_canonical(inner, ec);
    if (ec) path = inner;
    while (true) {
        if (identity_of(path) == target) return path;
        if (!path.has_relative_path()) return std::nullopt;
        path = path.parent_path();
    }
}

bool has_hidden_component(const fs::path& relative) {
    return std::any_of(relative.begin(), relative.end(), [](const fs::path& part) {
        const std::string name = part.string();
        return name.size() > 1 && name.front() == '.' && name != "..";
    });
}

}  // namespace

std::string resolve_database_path(const std::string& path) {
    if (path.empty()) throw UsageError("the database path is empty; give --db DIR (or set DOSSIER_DB) to a folder");
    fs::path absolute = fs::absolute(path).lexically_normal();
    if (!absolute.has_filename() && absolute.has_relative_path()) absolute = absolute.parent_path();
    if (!absolute.has_relative_path())
        throw UsageError("'" + path + "' cannot be a database: dossier-index needs a folder of its own");
    std::error_code ec;
    if (fs::is_symlink(absolute, ec)) {
        const fs::path target = fs::weakly_canonical(absolute, ec);
        if (!ec) return resolve_database_path(target.string());
    }
    return absolute.string();
}

bool made_by_dossier(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(fs::symlink_status(path, ec))) return false;
    if (fs::is_regular_file(fs::path(path) / kOwnerMarkerName, ec)) return true;
    return is_xapian_database_folder(path) && has_dossier_metadata(path);
}

void check_database_path_is_ours(const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0) {
        if (errno == ENOENT) return;
        throw DatabaseError(fmt::format("cannot create or use the database '{}': {}", path, what_errno_means(errno)));
    }
    if (folder_is_empty(path) || made_by_dossier(path)) return;
    throw DatabaseError(fmt::format(
        "'{}' is {}; dossier-index writes only into a new or empty folder or a database it made, "
        "and will not change or replace this: choose another --db",
        path, what_is_there(path)));
}

void create_owned_folder(const std::string& path) {
    std::error_code ec;
    const fs::path parent = fs::path(path).parent_path();
    fs::create_directories(parent, ec);
    if (ec)
        throw DatabaseError(fmt::format("cannot create the folder '{}' for the database '{}': {}",
                                        parent.string(), path, what_errno_means(ec.value())));
    if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
        throw DatabaseError(fmt::format("cannot create the database folder '{}': {}", path, what_errno_means(errno)));
    check_database_path_is_ours(path);
    write_marker(path);
}

void remove_owned_folder(const std::string& path) {
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0 && errno == ENOENT) return;
    if (!made_by_dossier(path))
        throw DatabaseError(fmt::format("'{}' is in the way: it is {}, and dossier-index removes only what it "
                                        "made; move it away and run again",
                                        path, what_is_there(path)));
    std::error_code ec;
    fs::remove_all(path, ec);
    if (ec)
        throw DatabaseError(fmt::format("cannot remove '{}', left by an earlier run: {}", path, ec.message()));
}

void check_database_outside_roots(const std::string& database, const std::vector<std::string>& roots) {
    for (const std::string& root : roots) {
        if (const auto same = ancestor_same_as(database, root)) {
            std::error_code ec;
            const fs::path inside = fs::weakly_canonical(database, ec).lexically_relative(*same);
            if (inside.empty() || inside == ".")
                throw UsageError(fmt::format("the database '{}' is the folder being indexed ('{}'); "
                                             "dossier-index keeps its database apart from the documents: "
                                             "choose another --db",
                                             database, root));
            if (has_hidden_component(inside)) continue;  // the walk never enters hidden folders
            throw UsageError(fmt::format("the database '{}' is inside the folder being indexed ('{}'); "
                                         "choose a --db outside it (or under a hidden folder in it, which "
                                         "is never indexed)",
                                         database, root));
        }
        if (ancestor_same_as(root, database))
            throw UsageError(fmt::format("'{}', to be indexed, is inside the database '{}'; name the "
                                         "documents' folder, not the database's",
                                         root, database));
    }
}

WriterLock::WriterLock(const std::string& database, double wait_seconds) {
    const fs::path path(database);
    const std::string lock_path = (path.parent_path() / ("." + path.filename().string() + ".dossier-lock")).string();
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        const int error = errno;
        // A database in a folder this user may not write: no rebuild can
        // happen there either, and in-place updates rely on Xapian's lock.
        if ((error == EACCES || error == EROFS) && fs::is_directory(path, ec)) return;
        throw DatabaseError(fmt::format("cannot create the lock file '{}' for the database '{}': {}", lock_path,
                                        database, what_errno_means(error)));
    }
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration<double>(wait_seconds);
    auto pause = std::chrono::milliseconds(50);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) {
            const int error = errno;
            ::close(fd_);
            throw DatabaseError(fmt::format("cannot lock '{}': {}", lock_path, std::strerror(error)));
        }
        if (Clock::now() >= deadline) {
            ::close(fd_);
            const std::string held = "database '" + database + "' is being written by another dossier-index";
            if (wait_seconds > 0)
                throw DatabaseLockedError(held + fmt::format("; still locked after waiting {:g} s", wait_seconds));
            throw DatabaseLockedError(held + "; try again when it has finished, or use --wait SECONDS");
        }
        std::this_thread::sleep_for(pause);
        pause = std::min(pause * 2, std::chrono::milliseconds(1000));
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace dossier
