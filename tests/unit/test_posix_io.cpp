// SPDX-License-Identifier: MIT
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "../file_tree.h"
#include "base/posix_io.h"
#include "test_support.h"

using dossier::FileDescriptor;
using dossier::open_any_length;
using dossier::open_at_any_length;
using dossier::stat_any_length;
using dossier::write_all;
using dossier::test::DeepFolders;
using dossier::test::TempDir;
using dossier::test::write_file_at;

namespace {

// Folder names of 200 bytes: 21 levels pass PATH_MAX, and a test needs
// few folders (each mkdir costs) for a long path.
const std::string kLongName(200, 'n');

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

std::string read_all(int fd) {
    std::string bytes;
    char buffer[4096];
    ssize_t n;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) bytes.append(buffer, static_cast<std::size_t>(n));
    return bytes;
}

}  // namespace

TEST_CASE("write_all delivers every byte through a pipe far smaller than the data", "[posix_io]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    FileDescriptor read_end(fds[0]);
    FileDescriptor write_end(fds[1]);
    std::string data(4u << 20, '\0');  // 4 MiB against a 64 KiB pipe: many short writes
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 31 % 251);
    std::string received;
    std::thread reader([&] {
        char buffer[8192];
        ssize_t n;
        while ((n = ::read(read_end.get(), buffer, sizeof buffer)) > 0) received.append(buffer, static_cast<std::size_t>(n));
    });
    const bool written = write_all(write_end.get(), data);
    write_end.reset();  // end of file for the reader
    reader.join();
    CHECK(written);
    CHECK(received == data);
}

TEST_CASE("write_all reports a write that fails", "[posix_io]") {
    FileDescriptor read_only(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    REQUIRE(read_only.get() >= 0);
    CHECK_FALSE(write_all(read_only.get(), "text"));
}

TEST_CASE("a FileDescriptor closes its descriptor once, and a move hands it on", "[posix_io]") {
    int fd = -1;
    {
        FileDescriptor first(::open("/dev/null", O_RDONLY | O_CLOEXEC));
        fd = first.get();
        REQUIRE(is_open(fd));
        FileDescriptor second(std::move(first));
        CHECK(first.get() == -1);
        CHECK(second.get() == fd);
        FileDescriptor third;
        third = std::move(second);
        CHECK(second.get() == -1);
        CHECK(is_open(fd));
    }
    CHECK_FALSE(is_open(fd));
}

TEST_CASE("open_any_length and stat_any_length reach a file at any depth", "[posix_io]") {
    const TempDir dir("posix-io");
    // Row: folders of 201 bytes of path above the file: well under
    // PATH_MAX, just over it (two pieces), several times over (four pieces).
    const int depth = GENERATE(10, 21, 70);
    const DeepFolders deep(dir.path(), depth, kLongName);
    write_file_at(deep.open(depth).get(), "note.txt", "deep content");
    const std::string path = deep.bottom() + "/note.txt";
    INFO("depth " << depth << ", path of " << path.size() << " bytes");
    if (path.size() >= PATH_MAX) {
        // What the walk met before: a path the kernel refuses in one call.
        const int refused = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        const int error = errno;
        CHECK(refused == -1);
        CHECK(error == ENAMETOOLONG);
    }

    const FileDescriptor fd = open_any_length(path, O_RDONLY | O_CLOEXEC);
    REQUIRE(fd.get() >= 0);
    CHECK(read_all(fd.get()) == "deep content");
    struct stat opened {};
    REQUIRE(::fstat(fd.get(), &opened) == 0);

    struct stat info {};
    REQUIRE(stat_any_length(path, info));
    CHECK(S_ISREG(info.st_mode));
    CHECK(info.st_size == 12);
    CHECK(info.st_ino == opened.st_ino);
    CHECK(info.st_dev == opened.st_dev);

    // The folder itself, also named with a trailing slash.
    const FileDescriptor folder = open_any_length(deep.bottom() + "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    CHECK(folder.get() >= 0);
}

TEST_CASE("open_at_any_length resolves a long relative path from a folder descriptor", "[posix_io]") {
    const TempDir dir("posix-io");
    const DeepFolders deep(dir.path(), 40, kLongName);
    write_file_at(deep.open(40).get(), "note.txt", "relative");
    const FileDescriptor base(::open(dir.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    REQUIRE(base.get() >= 0);
    const std::string relative = deep.bottom().substr(dir.path().string().size() + 1) + "/note.txt";
    REQUIRE(relative.size() > PATH_MAX);

    const FileDescriptor fd = open_at_any_length(base.get(), relative, O_RDONLY | O_CLOEXEC);
    REQUIRE(fd.get() >= 0);
    CHECK(read_all(fd.get()) == "relative");
}

TEST_CASE("a long path resolves '..' and symbolic links as one open(2) would", "[posix_io]") {
    const TempDir dir("posix-io");
    const DeepFolders deep(dir.path(), 30, kLongName);
    write_file_at(deep.open(30).get(), "note.txt", "same file");
    // A link at level 25 to the folder beside it: the path through it is
    // the same file; so is one that climbs back up with "..".
    REQUIRE(::symlinkat(kLongName.c_str(), deep.open(25).get(), "jump") == 0);
    const std::string through_link = deep.path(25) + "/jump" + deep.bottom().substr(deep.path(26).size()) + "/note.txt";
    const std::string up_and_down = deep.bottom() + "/../../" + kLongName + "/" + kLongName + "/note.txt";
    REQUIRE(through_link.size() > PATH_MAX);

    struct stat direct {};
    REQUIRE(stat_any_length(deep.bottom() + "/note.txt", direct));
    for (const std::string& path : {through_link, up_and_down}) {
        struct stat info {};
        REQUIRE(stat_any_length(path, info));
        CHECK(info.st_ino == direct.st_ino);
        const FileDescriptor fd = open_any_length(path, O_RDONLY | O_CLOEXEC);
        REQUIRE(fd.get() >= 0);
        CHECK(read_all(fd.get()) == "same file");
    }

    // Not following: the link itself, at the end of a long path.
    struct stat link {};
    REQUIRE(stat_any_length(deep.path(25) + "/jump", link, false));
    CHECK(S_ISLNK(link.st_mode));
    const FileDescriptor refused = open_any_length(deep.path(25) + "/jump", O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    const int error = errno;
    CHECK(refused.get() == -1);
    CHECK(error == ELOOP);
}

TEST_CASE("open_any_length and stat_any_length fail with the errno of the piece that failed", "[posix_io]") {
    const TempDir dir("posix-io");
    const DeepFolders deep(dir.path(), 30, kLongName);
    write_file_at(deep.open(5).get(), "plain.txt", "a file, not a folder");
    struct stat info {};

    // Each row's folder is new: the rows name paths in it, not the paths.
    const std::string below_11 = deep.bottom().substr(deep.path(11).size()) + "/x.txt";
    const std::string below_5 = deep.bottom().substr(deep.path(5).size()) + "/x.txt";
    // Row: what is wrong, the errno expected.
    auto [wrong, expected] = GENERATE(table<std::string, int>({
        {"last piece missing", ENOENT},
        {"leading piece missing", ENOENT},
        {"a file inside the path", ENOTDIR},
        {"no '/' to cut at", ENAMETOOLONG},
    }));
    const std::string path = wrong == "last piece missing"      ? deep.bottom() + "/missing.txt"
                             : wrong == "leading piece missing" ? deep.path(10) + "/gone" + below_11
                             : wrong == "a file inside the path" ? deep.path(5) + "/plain.txt" + below_5
                                                                 : "/" + std::string(5000, 'x');
    INFO(wrong);
    REQUIRE(path.size() > PATH_MAX);
    INFO(path.substr(0, 120) << "... (" << path.size() << " bytes)");
    errno = 0;
    const FileDescriptor fd = open_any_length(path, O_RDONLY | O_CLOEXEC);
    const int open_error = errno;
    CHECK(fd.get() == -1);
    CHECK(open_error == expected);
    errno = 0;
    const bool examined = stat_any_length(path, info);
    const int stat_error = errno;
    CHECK_FALSE(examined);
    CHECK(stat_error == expected);
}

TEST_CASE("a FileDescriptor's close leaves errno as the failed call set it", "[posix_io]") {
    FileDescriptor fd(::open("/dev/null", O_RDONLY | O_CLOEXEC));
    REQUIRE(fd.get() >= 0);
    errno = ENOENT;
    fd.reset();
    const int after = errno;
    CHECK(after == ENOENT);
    CHECK(fd.get() == -1);
}
