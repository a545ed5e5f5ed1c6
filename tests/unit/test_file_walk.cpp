// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "file_state.h"
#include "file_walk.h"
#include "test_support.h"

namespace fs = std::filesystem;

using dossier::FoundFile;
using dossier::walk_roots;
using dossier::WalkResult;
using dossier::test::join;
using dossier::test::TempDir;

namespace {

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
