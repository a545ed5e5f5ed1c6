// SPDX-License-Identifier: MIT
#include "index/file_walk.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <string_view>
#include <utility>

#include "formats/format_names.h"
#include "base/posix_io.h"

namespace dossier {

namespace {

// Descriptors of folders more than this many levels above the one being
// listed are closed (the root's excepted), so a tree of any depth needs
// few at once; a folder is reopened when the walk comes back to it with
// subfolders left. Trees are rarely this deep, so reopening is rare.
// Under a tighter limit (ulimit -n) the walk closes more (see
// with_spare_descriptors).
constexpr std::size_t kOpenFolders = 32;

constexpr int kFolderFlags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;

std::string error_text(int error) { return std::strerror(error); }

bool is_hidden(std::string_view name) { return name.size() > 1 && name.front() == '.'; }

// What an entry is, as far as the walk cares.
enum class Kind { folder, link, regular, other, unknown };

Kind kind_of_entry(unsigned char type) {
    switch (type) {
    case DT_DIR:
        return Kind::folder;
    case DT_LNK:
        return Kind::link;
    case DT_REG:
        return Kind::regular;
    case DT_UNKNOWN:  // some file systems do not say: fstatat tells
        return Kind::unknown;
    default:  // FIFO, socket, character or block device
        return Kind::other;
    }
}

Kind kind_of_mode(mode_t mode) {
    if (S_ISDIR(mode)) return Kind::folder;
    if (S_ISLNK(mode)) return Kind::link;
    if (S_ISREG(mode)) return Kind::regular;
    return Kind::other;
}

struct Entry {
    std::string name;
    Kind kind;
};

// Every entry but "." and ".." of the folder open as `copy` (a duplicate:
// fdopendir takes it over, and the walk still opens subfolders from the
// original); `error` is the errno that stopped the listing, 0 when it
// finished. An invalid `copy` fails with the errno its duplication set.
std::vector<Entry> list_folder(FileDescriptor copy, int& error) {
    std::vector<Entry> entries;
    error = 0;
    if (copy.get() < 0) {
        error = errno;
        return entries;
    }
    const std::unique_ptr<DIR, int (*)(DIR*)> dir(::fdopendir(copy.get()), ::closedir);
    if (!dir) {
        error = errno;
        return entries;
    }
    copy.release();  // the DIR closes it
    while (true) {
        errno = 0;
        const dirent* entry = ::readdir(dir.get());
        if (!entry) {
            error = errno;
            return entries;
        }
        const std::string_view name = entry->d_name;
        if (name != "." && name != "..") entries.push_back({std::string(name), kind_of_entry(entry->d_type)});
    }
}

void append_name(std::string& path, std::string_view name) {
    if (path.back() != '/') path += '/';  // only the root "/" ends in one
    path += name;
}

void add_unlisted(WalkResult& result, const std::string& path, const std::string& reason) {
    result.unlisted.push_back(path);
    result.problems.push_back({path, reason});
}

// A folder on the walk's stack.
struct Folder {
    std::size_t path_size = 0;  // its path: the first path_size bytes of FolderWalk::path_
    FileDescriptor fd;          // -1 while closed, deep below the top of the stack
    dev_t device = 0;           // device and inode: which folder it is
    ino_t inode = 0;
    std::vector<std::string> subfolders;  // names not walked yet, the next one last
};

// Walks one root folder depth first. The stack is explicit, not the call
// stack, which a tree 10,000 folders deep would overflow; each folder is
// opened by its name from its parent's descriptor (openat), so no path the
// kernel sees is longer than a name, whatever the depth.
class FolderWalk {
public:
    explicit FolderWalk(WalkResult& result) : result_(result) {}

    void walk(const std::string& root) {
        // A root that is a symbolic link is followed: the user named it.
        FileDescriptor fd = open_any_length(root, kFolderFlags);
        if (fd.get() < 0) return add_unlisted(result_, root, "cannot read folder: " + error_text(errno));
        path_ = root;
        push(std::move(fd));
        while (!stack_.empty()) {
            Folder& top = stack_.back();
            if (top.subfolders.empty()) {
                leave();
                continue;
            }
            if (top.fd.get() < 0 && !reopen_top()) continue;
            const std::string name = std::move(top.subfolders.back());
            top.subfolders.pop_back();
            enter(name);
        }
    }

private:
    std::string child_path(std::string_view name) const {
        std::string path = path_;
        append_name(path, name);
        return path;
    }

    // Opens subfolder `name` of the folder on top and walks into it.
    void enter(const std::string& name) {
        left_.reset();  // the way back up is the parent's own descriptor now
        Folder& parent = stack_.back();
        FileDescriptor fd = with_spare_descriptors(
            [&] { return FileDescriptor(::openat(parent.fd.get(), name.c_str(), kFolderFlags | O_NOFOLLOW)); });
        if (fd.get() < 0) {
            const int error = errno;
            // Replaced by a file or a link since it was listed: taken as what it is now.
            if (error == ENOTDIR || error == ELOOP)
                look_at(parent, {name, Kind::unknown});
            else if (error != ENOENT)  // deleted since it was listed: simply not there
                add_unlisted(result_, child_path(name), "cannot read folder: " + error_text(error));
            return;
        }
        const std::size_t parent_size = path_.size();
        append_name(path_, name);
        if (!push(std::move(fd))) path_.resize(parent_size);
    }

    // Lists the folder open as `fd`, whose path is path_, and puts it on
    // top of the stack; false when it is not walked.
    bool push(FileDescriptor fd) {
        struct stat info {};
        if (::fstat(fd.get(), &info) != 0) {
            add_unlisted(result_, path_, "cannot examine: " + error_text(errno));
            return false;
        }
        const std::pair id(info.st_dev, info.st_ino);
        // Without links, only a mount (a bind mount, a network file system)
        // can bring a folder back inside itself; walking on would never end.
        if (const auto ancestor = ancestors_.find(id); ancestor != ancestors_.end()) {
            const std::string ancestor_path = path_.substr(0, stack_[ancestor->second].path_size);
            result_.skipped.push_back(
                {path_, "the same folder as " + ancestor_path + " (a loop through a mount); not walked again"});
            return false;
        }
        Folder folder{path_.size(), std::move(fd), info.st_dev, info.st_ino, {}};
        FileDescriptor copy = with_spare_descriptors(
            [&] { return FileDescriptor(::fcntl(folder.fd.get(), F_DUPFD_CLOEXEC, 0)); });
        int error = 0;
        for (const Entry& entry : list_folder(std::move(copy), error)) look_at(folder, entry);
        // What was listed before the error is walked; the rest is kept.
        if (error != 0) add_unlisted(result_, path_, "cannot read folder: " + error_text(error));
        std::sort(folder.subfolders.begin(), folder.subfolders.end(), std::greater<>());
        ancestors_.emplace(id, stack_.size());
        stack_.push_back(std::move(folder));
        if (stack_.size() > kOpenFolders + 1) stack_[stack_.size() - 1 - kOpenFolders].fd.reset();
        return true;
    }

    // Sorts one entry of `folder` (whose path is path_) into the result or
    // into the folder's subfolders to walk.
    void look_at(Folder& folder, const Entry& entry) {
        if (is_hidden(entry.name)) return;
        const bool indexable = is_indexable_file_name(entry.name);
        Kind kind = entry.kind;
        struct stat info {};
        // A document to be needs its size and times; an entry the listing
        // gave no type for needs its type.
        if (kind == Kind::unknown || (kind == Kind::regular && indexable)) {
            if (::fstatat(folder.fd.get(), entry.name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0) {
                // Deleted since it was listed: simply not there. Anything
                // else may hide documents already indexed: they are kept.
                if (errno != ENOENT)
                    add_unlisted(result_, child_path(entry.name), "cannot examine: " + error_text(errno));
                return;
            }
            kind = kind_of_mode(info.st_mode);
        }
        switch (kind) {
        case Kind::folder:
            folder.subfolders.push_back(entry.name);
            return;
        case Kind::link:
            result_.links_not_followed.push_back(child_path(entry.name));
            return;
        case Kind::regular:
            if (indexable) result_.files.push_back({child_path(entry.name), to_file_stat(info)});
            return;
        case Kind::other:
            if (indexable) result_.skipped.push_back({child_path(entry.name), "not a regular file"});
            return;
        case Kind::unknown:  // kind_of_mode always knows
            return;
        }
    }

    // Takes the folder on top off the stack; its descriptor is kept as
    // the quick way back up to its parent.
    void leave() {
        Folder done = std::move(stack_.back());
        stack_.pop_back();
        ancestors_.erase({done.device, done.inode});
        left_ = std::move(done.fd);
        if (!stack_.empty()) path_.resize(stack_.back().path_size);
    }

    // Reopens the folder on top, closed while the walk was deeper: as ".."
    // of the folder just left when that is open, else by its path from the
    // nearest open ancestor. Either way it must be the same folder: one
    // moved away meanwhile is not walked in its new place.
    bool reopen_top() {
        Folder& top = stack_.back();
        if (left_.get() >= 0) {
            FileDescriptor up(::openat(left_.get(), "..", kFolderFlags));
            left_.reset();
            if (is_same_folder(up, top)) {
                top.fd = std::move(up);
                return true;
            }
        }
        FileDescriptor fd = with_spare_descriptors([&] { return open_from_ancestor(); });
        if (fd.get() < 0 || !is_same_folder(fd, top)) {
            const std::string why = fd.get() < 0 ? error_text(errno) : "moved or replaced while it was being walked";
            top.subfolders.clear();
            add_unlisted(result_, path_, "cannot read folder: " + why);
            return false;
        }
        top.fd = std::move(fd);
        return true;
    }

    // Opens path_ from the nearest folder on the stack whose descriptor is
    // open (the root's always is).
    FileDescriptor open_from_ancestor() const {
        std::size_t index = stack_.size() - 1;
        while (index > 0 && stack_[index].fd.get() < 0) --index;
        std::string_view relative = std::string_view(path_).substr(stack_[index].path_size);
        while (relative.starts_with('/')) relative.remove_prefix(1);
        return open_at_any_length(stack_[index].fd.get(), relative, kFolderFlags | O_NOFOLLOW);
    }

    // Runs `open`; when the process is out of descriptors, closes those of
    // every folder on the stack but the root's and the top's, and tries once
    // more: a tight limit costs reopening folders, not documents.
    template <typename Open>
    FileDescriptor with_spare_descriptors(Open open) {
        FileDescriptor fd = open();
        if (fd.get() < 0 && (errno == EMFILE || errno == ENFILE) && close_ancestors()) fd = open();
        return fd;
    }

    // Closes the descriptors with_spare_descriptors may; false when none was open.
    bool close_ancestors() {
        bool closed = left_.get() >= 0;
        left_.reset();
        for (std::size_t i = 1; i + 1 < stack_.size(); ++i) {
            closed = closed || stack_[i].fd.get() >= 0;
            stack_[i].fd.reset();
        }
        return closed;
    }

    static bool is_same_folder(const FileDescriptor& fd, const Folder& folder) {
        struct stat info {};
        return fd.get() >= 0 && ::fstat(fd.get(), &info) == 0 && info.st_dev == folder.device &&
               info.st_ino == folder.inode;
    }

    WalkResult& result_;
    std::string path_;  // the path of the folder on top of the stack
    std::vector<Folder> stack_;
    std::map<std::pair<dev_t, ino_t>, std::size_t> ancestors_;  // each folder on the stack: its index
    FileDescriptor left_;  // the folder just left, if its descriptor was open
};

void walk_root(const std::string& root, WalkResult& result) {
    struct stat info {};
    if (!stat_any_length(root, info)) {
        const int error = errno;
        return add_unlisted(result, root,
                            error == ENOENT ? "no such file or folder" : "cannot examine: " + error_text(error));
    }
    if (S_ISDIR(info.st_mode))
        FolderWalk(result).walk(root);
    else if (S_ISREG(info.st_mode))
        result.files.push_back({root, to_file_stat(info)});
    else  // a FIFO, socket or device, named by the user
        result.skipped.push_back({root, "not a regular file"});
}

// Sorts `items` by path and drops repeats: roots may overlap (a folder and
// a subfolder of it), and what both walks met is reported once.
template <typename Item, typename Path>
void sort_unique(std::vector<Item>& items, Path path) {
    std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) { return path(a) < path(b); });
    items.erase(std::unique(items.begin(), items.end(),
                            [&](const Item& a, const Item& b) { return path(a) == path(b); }),
                items.end());
}

}  // namespace

WalkResult walk_roots(const std::vector<std::string>& roots) {
    WalkResult result;
    for (const std::string& root : roots) walk_root(root, result);
    sort_unique(result.files, [](const FoundFile& file) -> const std::string& { return file.path; });
    sort_unique(result.unlisted, [](const std::string& path) -> const std::string& { return path; });
    sort_unique(result.problems, [](const WalkProblem& problem) -> const std::string& { return problem.path; });
    sort_unique(result.links_not_followed, [](const std::string& path) -> const std::string& { return path; });
    sort_unique(result.skipped, [](const WalkProblem& skipped) -> const std::string& { return skipped.path; });
    return result;
}

}  // namespace dossier
