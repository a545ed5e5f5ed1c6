// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <climits>
#include <filesystem>
#include <string>
#include <vector>

#include "../file_tree.h"
#include "base/error.h"
#include "index/file_state.h"
#include "index/file_walk.h"
#include "test_support.h"
#include "formats/text_reader.h"

namespace fs = std::filesystem;

using dossier::FoundFile;
using dossier::walk_roots;
using dossier::WalkProblem;
using dossier::WalkResult;
using dossier::test::DeepFolders;
using dossier::test::join;
using dossier::test::make_fifo;
using dossier::test::make_socket;
using dossier::test::OwnedFd;
using dossier::test::TempDir;
using dossier::test::write_file_at;

namespace {

// Folder names of 200 bytes: 21 levels pass PATH_MAX, and a test needs
// few folders (each mkdir costs) for a long path.
const std::string kLongName(200, 'n');

// "PATH: REASON" for each skipped entry, PATH relative to `base`, '|'-joined.
std::string skipped_entries(const WalkResult& result, const fs::path& base) {
    std::vector<std::string> out;
    for (const WalkProblem& skipped : result.skipped)
        out.push_back(fs::path(skipped.path).lexically_relative(base).string() + ": " + skipped.reason);
    return join(out);
}

// Lowers the limit on open descriptors, for the scope, so that exactly
// `spare` more can be opened. The limit bounds descriptor numbers, so the
// free numbers below it are counted, gaps included.
class DescriptorLimit {
public:
    explicit DescriptorLimit(int spare) {
        REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved_) == 0);
        int limit = 0;
        for (int free = 0; free < spare; ++limit)
            if (!is_open(limit)) ++free;
        rlimit lowered = saved_;
        lowered.rlim_cur = static_cast<rlim_t>(limit);
        REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    }
    DescriptorLimit(const DescriptorLimit&) = delete;
    DescriptorLimit& operator=(const DescriptorLimit&) = delete;
    ~DescriptorLimit() { ::setrlimit(RLIMIT_NOFILE, &saved_); }

private:
    static bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

    rlimit saved_{};
};

// Makes `name` in the folder at `level` of `deep` with a document in it.
void add_side_folder(const DeepFolders& deep, int level, const std::string& name) {
    const OwnedFd folder = deep.open(level);
    REQUIRE(::mkdirat(folder.get(), name.c_str(), 0755) == 0);
    const OwnedFd side = dossier::test::open_folder_at(folder.get(), name);
    write_file_at(side.get(), "doc.txt", "beside level " + std::to_string(level));
}

// The found paths relative to `base`, '|'-joined in the order found.
std::string relative_paths(const WalkResult& result, const fs::path& base) {
    std::vector<std::string> out;
    for (const FoundFile& file : result.files)
        out.push_back(fs::path(file.path).lexically_relative(base).string());
    return join(out);
}

// A tree with every kind of entry the walk has to decide about.
void make_tree(const TempDir& dir) {
    dir.write("a.txt", "a");
    dir.write("B.MD", "b");
    dir.write("c.Markdown", "c");
    dir.write("d.TEXT", "d");
    dir.write("e.Txt", "e");
    dir.write("report.xls", "%PDF");
    dir.write("noext", "no extension");
    dir.write("archive.txt.gz", "gz");
    dir.write(".hidden.txt", "hidden file");
    dir.write("sub/f.txt", "f");
    dir.write("sub/deeper/g.md", "g");
    dir.write("sub/deeper/h.markdown", "h");
    dir.write("sub/deeper/skip.doc", "doc");
    dir.write(".hiddendir/i.txt", "in a hidden folder");
    dir.write("sub/.git/j.md", "in a nested hidden folder");
    dir.write("folder.txt/k.text", "a folder named like a text file");
    fs::create_directories(dir.path() / "empty");
    fs::create_symlink(dir.path() / "a.txt", dir.path() / "link-to-file.txt");
    fs::create_symlink("a.txt", dir.path() / "relative-link.md");
    fs::create_directory_symlink(dir.path() / "sub", dir.path() / "link-to-folder");
    fs::create_directory_symlink("..", dir.path() / "sub" / "up");  // a cycle
    fs::create_symlink("loop.txt", dir.path() / "loop.txt");       // points to itself
    fs::create_symlink("nowhere.txt", dir.path() / "dangling.txt");
}

}  // namespace

TEST_CASE("the walk finds text files recursively, sorted, in any case of extension",
          "[file_walk]") {
    const TempDir dir("file-walk");
    make_tree(dir);

    const WalkResult result = walk_roots({dir.path().string()});
    // Byte order: capitals before lower case, "deeper/" before "f.txt".
    CHECK(relative_paths(result, dir.path()) ==
          "B.MD|a.txt|c.Markdown|d.TEXT|e.Txt|folder.txt/k.text|"
          "sub/deeper/g.md|sub/deeper/h.markdown|sub/f.txt");
    CHECK(result.unlisted.empty());
    CHECK(result.problems.empty());
    for (const FoundFile& file : result.files) {
        INFO(file.path);
        CHECK(fs::path(file.path).is_absolute());
        CHECK(file.path == fs::path(file.path).lexically_normal().string());
    }
}

TEST_CASE("the walk skips hidden entries, other extensions and symbolic links", "[file_walk]") {
    const TempDir dir("file-walk");
    make_tree(dir);

    const WalkResult result = walk_roots({dir.path().string()});
    const std::string found = "|" + relative_paths(result, dir.path()) + "|";
    // Row: an entry that must not be found.
    const std::string skipped = GENERATE(as<std::string>{}, ".hidden.txt", ".hiddendir/i.txt",
                                         "sub/.git/j.md", "report.xls", "noext", "archive.txt.gz",
                                         "sub/deeper/skip.doc", "link-to-file.txt", "relative-link.md",
                                         "link-to-folder/f.txt", "sub/up/a.txt", "loop.txt",
                                         "dangling.txt", "folder.txt");
    INFO(skipped);
    CHECK(found.find("|" + skipped + "|") == std::string::npos);
    CHECK(result.files.size() == 9);
    CHECK(result.unlisted.empty());
    CHECK(result.problems.empty());
}

TEST_CASE("the walk names the symbolic links it did not follow", "[file_walk]") {
    const TempDir dir("file-walk");
    make_tree(dir);
    const WalkResult result = walk_roots({dir.path().string()});
    std::vector<std::string> links;
    for (const std::string& link : result.links_not_followed)
        links.push_back(fs::path(link).lexically_relative(dir.path()).string());
    std::sort(links.begin(), links.end());
    CHECK(join(links) == "dangling.txt|link-to-file.txt|link-to-folder|loop.txt|relative-link.md|sub/up");
}

TEST_CASE("a root that is a file is taken whatever its name", "[file_walk]") {
    const TempDir dir("file-walk");
    // Row: file name given as a root.
    const std::string name = GENERATE(as<std::string>{}, "report.xls", "noext", ".hidden", "notes.TXT",
                                      "archive.txt.gz");
    const fs::path file = dir.write(name, "content");
    dir.write("beside.txt", "not asked for");

    const WalkResult result = walk_roots({file.string()});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].path == file.string());
    CHECK(result.files[0].stat.size == 7);
    CHECK(result.unlisted.empty());
    CHECK(result.problems.empty());
}

TEST_CASE("a root that is a symbolic link is followed", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("real/a.txt", "a");
    fs::create_directory_symlink(dir.path() / "real", dir.path() / "linked");

    const WalkResult result = walk_roots({(dir.path() / "linked").string()});
    CHECK(relative_paths(result, dir.path()) == "linked/a.txt");
    CHECK(result.problems.empty());
}

TEST_CASE("a missing root is unlisted with a problem and yields no files", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("present/a.txt", "a");
    const std::string missing = (dir.path() / "missing").string();
    const std::string missing_file = (dir.path() / "present" / "gone.txt").string();
    const std::string present = (dir.path() / "present").string();

    SECTION("alone") {
        const WalkResult result = walk_roots({missing});
        CHECK(result.files.empty());
        REQUIRE(result.unlisted.size() == 1);
        CHECK(result.unlisted[0] == missing);
        REQUIRE(result.problems.size() == 1);
        CHECK(result.problems[0].path == missing);
        CHECK(result.problems[0].reason == "no such file or folder");
    }
    SECTION("beside roots that exist") {
        const WalkResult result = walk_roots({missing, present, missing_file});
        CHECK(relative_paths(result, dir.path()) == "present/a.txt");
        CHECK(join(result.unlisted) == missing + "|" + missing_file);
        REQUIRE(result.problems.size() == 2);
        CHECK(result.problems[0].path == missing);
        CHECK(result.problems[0].reason == "no such file or folder");
        CHECK(result.problems[1].path == missing_file);
        CHECK(result.problems[1].reason == "no such file or folder");
    }
}

TEST_CASE("a file reached through several roots is found once", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("a.txt", "a");
    dir.write("sub/b.md", "b");
    const std::string root = dir.path().string();
    const std::string sub = (dir.path() / "sub").string();
    const std::string file = (dir.path() / "a.txt").string();

    // Row: the roots given (each test run has its own folder, so the rows
    // name them), the files expected.
    auto [given, expected] = GENERATE(table<std::string, std::string>({
        {"ROOT ROOT", "a.txt|sub/b.md"},
        {"ROOT SUB", "a.txt|sub/b.md"},
        {"SUB ROOT", "a.txt|sub/b.md"},
        {"ROOT FILE SUB ROOT", "a.txt|sub/b.md"},
        {"FILE FILE", "a.txt"},
        {"SUB SUB FILE", "a.txt|sub/b.md"},
    }));
    std::vector<std::string> roots;
    for (const std::string& word : dossier::test::split_words(given))
        roots.push_back(word == "ROOT" ? root : word == "SUB" ? sub : file);
    const WalkResult result = walk_roots(roots);
    const std::string found = relative_paths(result, dir.path());
    INFO("roots: " << given);
    CHECK(found == expected);
    CHECK(result.problems.empty());
}

TEST_CASE("a found file carries the stat of its path", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("one.txt", "one");
    dir.write("sub/two.md", "two, longer");
    dir.write("empty.txt", "");

    const WalkResult result = walk_roots({dir.path().string()});
    REQUIRE(result.files.size() == 3);
    for (const FoundFile& file : result.files) {
        INFO(file.path);
        const auto stat = dossier::stat_file(file.path);
        REQUIRE(stat.has_value());
        CHECK(file.stat.size == stat->size);
        CHECK(file.stat.mtime_ns == stat->mtime_ns);
        CHECK(file.stat.ctime_ns == stat->ctime_ns);
        CHECK(file.stat.inode == stat->inode);
    }
    CHECK(result.files[0].stat.size == 0);   // empty.txt
    CHECK(result.files[1].stat.size == 3);   // one.txt
    CHECK(result.files[2].stat.size == 11);  // sub/two.md
}

TEST_CASE("an empty folder yields nothing and no problem", "[file_walk]") {
    const TempDir dir("file-walk");
    fs::create_directories(dir.path() / "a" / "b");
    const WalkResult result = walk_roots({dir.path().string()});
    CHECK(result.files.empty());
    CHECK(result.unlisted.empty());
    CHECK(result.problems.empty());
}

TEST_CASE("the walk finds documents at any depth, 10,000 folders down", "[file_walk][slow]") {
    const TempDir dir("file-walk");
    const fs::path docs = dir.path() / "docs";
    const DeepFolders deep(docs, 10000);
    write_file_at(deep.open(10000).get(), "bottom.txt", "at the bottom");
    write_file_at(deep.open(5000).get(), "middle.md", "half way");
    dir.write("docs/top.txt", "at the top");
    REQUIRE(deep.bottom().size() > PATH_MAX);

    const WalkResult result = walk_roots({docs.string()});
    REQUIRE(result.files.size() == 3);
    CHECK(result.files[0].path == deep.bottom() + "/bottom.txt");
    CHECK(result.files[0].stat.size == 13);
    CHECK(result.files[1].path == deep.path(5000) + "/middle.md");
    CHECK(result.files[2].path == (docs / "top.txt").string());
    CHECK(result.problems.empty());
    CHECK(result.unlisted.empty());
    CHECK(result.skipped.empty());
}

TEST_CASE("a deep walk holds few descriptors, also coming back up to folders left to walk",
          "[file_walk]") {
    const TempDir dir("file-walk");
    const fs::path docs = dir.path() / "docs";
    const int depth = 150;
    const DeepFolders deep(docs, depth);
    write_file_at(deep.open(depth).get(), "bottom.txt", "at the bottom");
    // Side folders, walked after the deep "d" beside them: at every 7th
    // level (far apart: each is reopened by its path) and at every level
    // from 50 to 80 (next to each other: each reopened from the one below).
    std::size_t documents = 1;
    for (int level = 1; level < depth; ++level) {
        if (level % 7 != 0 && (level < 50 || level > 80)) continue;
        add_side_folder(deep, level, "s");
        ++documents;
    }

    SECTION("with 4 descriptors to spare, everything is found") {
        // The root, the folder listed, a subfolder opened, its listing.
        const DescriptorLimit limit(4);
        const WalkResult result = walk_roots({docs.string()});
        CHECK(result.files.size() == documents);
        CHECK(result.problems.empty());
        CHECK(result.unlisted.empty());
    }
    SECTION("with 3 to spare, the walk runs out and says so") {
        WalkResult result;
        {
            const DescriptorLimit limit(3);
            result = walk_roots({docs.string()});
        }
        CHECK(result.files.size() < documents);
        REQUIRE_FALSE(result.problems.empty());
        CHECK(result.unlisted.size() == result.problems.size());
        for (const WalkProblem& problem : result.problems) {
            INFO(problem.path.substr(0, 200));
            CHECK_THAT(problem.reason, Catch::Contains("Too many open files"));
        }
    }
}

TEST_CASE("FIFOs, sockets and devices named like documents are skipped, with the reason", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("good.txt", "text");
    make_fifo(dir.path() / "pipe.txt");
    make_socket(dir.path() / "socket.md");
    dir.write("sub/keep.txt", "text");
    make_fifo(dir.path() / "sub" / "deeper.html");
    make_fifo(dir.path() / "pipe");          // not named like a document: not a question
    make_fifo(dir.path() / ".hidden.txt");   // hidden: not looked at
    // A device needs root (CAP_MKNOD); without it that row is left out.
    const bool device = ::mknod((dir.path() / "null.txt").c_str(), S_IFCHR | 0644, makedev(1, 3)) == 0;

    const WalkResult result = walk_roots({dir.path().string()});
    CHECK(relative_paths(result, dir.path()) == "good.txt|sub/keep.txt");
    CHECK(skipped_entries(result, dir.path()) ==
          std::string(device ? "null.txt: not a regular file|" : "") +
              "pipe.txt: not a regular file|socket.md: not a regular file|sub/deeper.html: not a regular file");
    CHECK(result.problems.empty());
    CHECK(result.unlisted.empty());
}

TEST_CASE("a root that is a FIFO, a socket or a device is skipped, whatever its name", "[file_walk]") {
    const TempDir dir("file-walk");
    make_fifo(dir.path() / "pipe");
    make_socket(dir.path() / "socket.txt");
    // Row: the root named (a name in the folder, made anew for each row).
    const std::string name = GENERATE(as<std::string>{}, "pipe", "socket.txt", "/dev/null");
    const std::string root = name.front() == '/' ? name : (dir.path() / name).string();
    INFO(root);
    const WalkResult result = walk_roots({root});
    CHECK(result.files.empty());
    REQUIRE(result.skipped.size() == 1);
    CHECK(result.skipped[0].path == root);
    CHECK(result.skipped[0].reason == "not a regular file");
    CHECK(result.problems.empty());
    CHECK(result.unlisted.empty());
}

TEST_CASE("what overlapping roots both meet is reported once", "[file_walk]") {
    const TempDir dir("file-walk");
    dir.write("sub/a.txt", "a");
    make_fifo(dir.path() / "sub" / "pipe.txt");
    fs::create_symlink("a.txt", dir.path() / "sub" / "link.txt");
    const std::string sub = (dir.path() / "sub").string();

    const WalkResult result = walk_roots({dir.path().string(), sub, sub + "/pipe.txt"});
    CHECK(relative_paths(result, dir.path()) == "sub/a.txt");
    CHECK(skipped_entries(result, dir.path()) == "sub/pipe.txt: not a regular file");
    CHECK(join(result.links_not_followed) == sub + "/link.txt");
}

TEST_CASE("a root deeper than PATH_MAX is walked, a folder or a file", "[file_walk]") {
    const TempDir dir("file-walk");
    const DeepFolders deep(dir.path(), 30, kLongName);
    write_file_at(deep.open(30).get(), "deep.txt", "deep");
    const std::string file = deep.bottom() + "/deep.txt";

    // Row: the root, beyond PATH_MAX either way.
    const bool folder = GENERATE(true, false);
    const std::string root = folder ? deep.path(25) : file;
    REQUIRE(root.size() > PATH_MAX);
    const WalkResult result = walk_roots({root});
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].path == file);
    CHECK(result.files[0].stat.size == 4);
    CHECK(result.problems.empty());

    const WalkResult missing = walk_roots({deep.bottom() + "/missing.txt"});
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].reason == "no such file or folder");
}

TEST_CASE("stat_file examines a file deeper than PATH_MAX", "[file_walk]") {
    const TempDir dir("file-walk");
    const DeepFolders deep(dir.path(), 30, kLongName);
    write_file_at(deep.open(30).get(), "deep.txt", "deep");
    const auto stat = dossier::stat_file(deep.bottom() + "/deep.txt");
    REQUIRE(stat.has_value());
    CHECK(stat->size == 4);
    CHECK_FALSE(dossier::stat_file(deep.bottom() + "/missing.txt").has_value());
}

TEST_CASE("what the walk found deeper than PATH_MAX is read, a socket met later is skipped",
          "[file_walk]") {
    const TempDir dir("file-walk");
    const DeepFolders deep(dir.path(), 30, kLongName);
    write_file_at(deep.open(30).get(), "deep.txt", "deep words");
    const WalkResult result = walk_roots({dir.path().string()});
    REQUIRE(result.files.size() == 1);
    CHECK(dossier::read_file_content(result.files[0].path, {}).bytes == "deep words");

    // A socket the reader meets (made after the walk, say): open(2)
    // refuses it (ENXIO), which is no failure to read but not a document.
    make_socket(dir.path() / "socket.txt");
    try {
        dossier::read_file_content(dir.path() / "socket.txt", {});
        FAIL("a socket was read");
    } catch (const dossier::DocumentError& e) {
        CHECK(e.kind() == dossier::DocumentError::Kind::skipped);
        CHECK(std::string(e.what()) == "not a regular file");
    }
}
