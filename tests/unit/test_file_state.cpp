// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>

#include "index/file_state.h"
#include "test_support.h"

using dossier::content_hash;
using dossier::decode_file_state;
using dossier::encode_file_state;
using dossier::FileStat;
using dossier::FileState;
using dossier::stat_file;

namespace {

bool is_lower_hex(const std::string& text) {
    for (const char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Sets both the access and the modification time of `path` to `seconds`
// and `nanoseconds` past the epoch.
void set_mtime(const std::filesystem::path& path, std::int64_t seconds, long nanoseconds) {
    struct timespec times[2];
    times[0].tv_sec = static_cast<time_t>(seconds);
    times[0].tv_nsec = nanoseconds;
    times[1] = times[0];
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
}

}  // namespace

TEST_CASE("a file state survives encoding and decoding", "[file_state]") {
    // Row: path, hash, analysis, dated_by_mtime.
    auto [path, hash, analysis, dated_by_mtime] =
        GENERATE(table<std::string, std::string, std::string, bool>({
            {"/docs/a.txt", "0123456789abcdef0123456789abcdef", "a1b2", false},
            {"/docs/a.txt", "0123456789abcdef0123456789abcdef", "a1b2", true},
            {"/docs/with  two spaces/and one.txt", "ffff", "x", true},
            {"/docs/line\nbreak.txt", "ffff", "x", false},
            {"/docs/ trailing space ", "ffff", "x", false},
            {"/docs/Москва 网络安全 é.md", "ffff", "x", true},
            {"/docs/empty-hash.txt", "", "x", false},
            {"/docs/empty-analysis.txt", "ffff", "", true},
            {"/docs/both-empty.txt", "", "", false},
            {"/", "", "", false},
        }));
    FileState state;
    state.path = path;
    state.stat = {1234, 1'700'000'000'123'456'789, 1'700'000'001'000'000'001, 987654};
    state.hash = hash;
    state.analysis = analysis;
    state.dated_by_mtime = dated_by_mtime;

    const auto decoded = decode_file_state(encode_file_state(state));
    REQUIRE(decoded.has_value());
    CHECK(decoded->path == path);
    CHECK(decoded->stat.size == 1234);
    CHECK(decoded->stat.mtime_ns == 1'700'000'000'123'456'789);
    CHECK(decoded->stat.ctime_ns == 1'700'000'001'000'000'001);
    CHECK(decoded->stat.inode == 987654);
    CHECK(decoded->hash == hash);
    CHECK(decoded->analysis == analysis);
    CHECK(decoded->dated_by_mtime == dated_by_mtime);
    CHECK(*decoded == state);
}

TEST_CASE("a file state keeps extreme sizes, times and inodes", "[file_state]") {
    // Row: size, mtime_ns, ctime_ns, inode.
    auto [size, mtime, ctime, inode] =
        GENERATE(table<std::uint64_t, std::int64_t, std::int64_t, std::uint64_t>({
            {0, 0, 0, 0},
            {std::numeric_limits<std::uint64_t>::max(), std::numeric_limits<std::int64_t>::max(),
             std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max()},
            {1, -1, -1'000'000'000, 2},  // before 1970
            {1, std::numeric_limits<std::int64_t>::min(), 5, 3},
        }));
    FileState state;
    state.path = "/x.txt";
    state.stat = {size, mtime, ctime, inode};
    state.hash = "abc";
    state.analysis = "def";
    const auto decoded = decode_file_state(encode_file_state(state));
    REQUIRE(decoded.has_value());
    CHECK(decoded->stat.size == size);
    CHECK(decoded->stat.mtime_ns == mtime);
    CHECK(decoded->stat.ctime_ns == ctime);
    CHECK(decoded->stat.inode == inode);
}

TEST_CASE("the stored file state is the documented one-line form", "[file_state]") {
    // Values already in databases must keep decoding: pin the layout
    // "1 SIZE MTIME CTIME INODE HASH ANALYSIS m|t PATH".
    FileState state;
    state.path = "/d/a b.txt";
    state.stat = {5, 6, 7, 8};
    state.hash = "h";
    state.analysis = "a";
    state.dated_by_mtime = true;
    CHECK(encode_file_state(state) == "1 5 6 7 8 h a m /d/a b.txt");
    state.hash.clear();
    state.analysis.clear();
    state.dated_by_mtime = false;
    CHECK(encode_file_state(state) == "1 5 6 7 8 - - t /d/a b.txt");

    const auto decoded = decode_file_state("1 5 6 7 8 h a m /d/a b.txt");
    REQUIRE(decoded.has_value());
    CHECK(decoded->path == "/d/a b.txt");
    CHECK(decoded->stat == FileStat{5, 6, 7, 8});
    CHECK(decoded->hash == "h");
    CHECK(decoded->analysis == "a");
    CHECK(decoded->dated_by_mtime);
}

TEST_CASE("a file state not written by this version is not decoded", "[file_state]") {
    // Row: what went wrong, stored value.
    auto [why, encoded] = GENERATE(table<std::string, std::string>({
        {"nothing at all", ""},
        {"encoding version 0", "0 5 6 7 8 h a m /d/a.txt"},
        {"encoding version 2", "2 5 6 7 8 h a m /d/a.txt"},
        {"encoding version 10", "10 5 6 7 8 h a m /d/a.txt"},
        {"version only", "1"},
        {"version and a space", "1 "},
        {"no path and no space before it", "1 5 6 7 8 h a m"},
        {"empty path", "1 5 6 7 8 h a m "},
        {"no flag and no path", "1 5 6 7 8 h a"},
        {"fields missing", "1 5 6 7 /d/a.txt"},
        {"non-numeric size", "1 five 6 7 8 h a m /d/a.txt"},
        {"non-numeric mtime", "1 5 six 7 8 h a m /d/a.txt"},
        {"non-numeric ctime", "1 5 6 seven 8 h a m /d/a.txt"},
        {"non-numeric inode", "1 5 6 7 eight h a m /d/a.txt"},
        {"number with a suffix", "1 5x 6 7 8 h a m /d/a.txt"},
        {"decimal number", "1 5 6.5 7 8 h a m /d/a.txt"},
        {"negative size", "1 -5 6 7 8 h a m /d/a.txt"},
        {"negative inode", "1 5 6 7 -8 h a m /d/a.txt"},
        {"size over 64 bits", "1 18446744073709551616 6 7 8 h a m /d/a.txt"},
        {"empty number", "1  6 7 8 h a m /d/a.txt"},
        {"flag x", "1 5 6 7 8 h a x /d/a.txt"},
        {"flag M", "1 5 6 7 8 h a M /d/a.txt"},
        {"flag mt", "1 5 6 7 8 h a mt /d/a.txt"},
        {"empty flag", "1 5 6 7 8 h a  /d/a.txt"},
    }));
    INFO(why);
    CHECK_FALSE(decode_file_state(encoded).has_value());
}

TEST_CASE("the content hash is 32 lowercase hex digits of XXH3-128", "[file_state]") {
    // Row: bytes, expected hash (XXH3 128-bit, high then low 64 bits).
    auto [bytes, expected] = GENERATE(table<std::string, std::string>({
        {"", "99aa06d3014798d86001c324468d497f"},
        {"abc", "06b05ab6733a618578af5f94892f3950"},
        {std::string("a\0b", 3), "39797789ed4c7ea0d5a06cd078125351"},
    }));
    const std::string hash = content_hash(bytes);
    CHECK(hash.size() == 32);
    CHECK(is_lower_hex(hash));
    CHECK(hash == expected);
}

TEST_CASE("equal bytes hash equal, one changed byte hashes differently", "[file_state]") {
    const std::string text(10'000, 'q');
    CHECK(content_hash(text) == content_hash(std::string(10'000, 'q')));
    for (const std::size_t position : {std::size_t{0}, std::size_t{4'999}, std::size_t{9'999}}) {
        std::string changed = text;
        changed[position] = 'r';
        INFO("changed byte at " << position);
        CHECK(content_hash(changed) != content_hash(text));
        CHECK(content_hash(changed).size() == 32);
        CHECK(is_lower_hex(content_hash(changed)));
    }
    CHECK(content_hash(text + "q") != content_hash(text));
}

TEST_CASE("the content hash reads past NUL bytes", "[file_state]") {
    const std::string a("x\0y", 3);
    const std::string b("x\0z", 3);
    const std::string nuls(5, '\0');
    CHECK(content_hash(a) != content_hash(b));
    CHECK(content_hash(a) != content_hash("x"));
    CHECK(content_hash(nuls) != content_hash(std::string(4, '\0')));
    CHECK(content_hash(nuls) != content_hash(""));
    CHECK(content_hash(a) == content_hash(std::string("x\0y", 3)));
}

TEST_CASE("stat_file reports a real file's size, times and inode", "[file_state]") {
    const dossier::test::TempDir dir("file-state");
    const auto path = dir.write("note.txt", "hello, world");

    const auto stat = stat_file(path.string());
    REQUIRE(stat.has_value());
    CHECK(stat->size == 12);
    CHECK(stat->inode != 0);
    CHECK(stat->mtime_ns > 0);
    CHECK(stat->ctime_ns > 0);

    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK(stat->inode == static_cast<std::uint64_t>(info.st_ino));

    // Taking it twice without a change gives the same answer.
    CHECK(stat_file(path.string()) == stat);

    const auto empty = stat_file(dir.write("empty.txt", "").string());
    REQUIRE(empty.has_value());
    CHECK(empty->size == 0);
}

TEST_CASE("stat_file gives the modification time to the nanosecond", "[file_state]") {
    const dossier::test::TempDir dir("file-state");
    const auto path = dir.write("note.txt", "hello");
    const auto before = stat_file(path.string());
    REQUIRE(before.has_value());

    // Row: seconds, nanoseconds to set; the expected mtime_ns.
    auto [seconds, nanoseconds, expected] = GENERATE(table<std::int64_t, long, std::int64_t>({
        {1'600'000'000, 123'456'789, 1'600'000'000'123'456'789},
        {1'600'000'000, 1, 1'600'000'000'000'000'001},
        {1'600'000'000, 999'999'999, 1'600'000'000'999'999'999},
        {86'400, 0, 86'400'000'000'000},
    }));
    set_mtime(path, seconds, nanoseconds);
    const auto after = stat_file(path.string());
    REQUIRE(after.has_value());
    CHECK(after->mtime_ns == expected);
    CHECK(after->size == before->size);
    CHECK(after->inode == before->inode);
    CHECK(*after != *before);
}

TEST_CASE("rewriting a file in place keeps its inode, replacing it by rename does not",
          "[file_state]") {
    const dossier::test::TempDir dir("file-state");
    const auto path = dir.write("note.txt", "first version");
    const auto original = stat_file(path.string());
    REQUIRE(original.has_value());

    SECTION("rewrite in place") {
        dir.write("note.txt", "second, longer version");  // truncates the same file
        const auto rewritten = stat_file(path.string());
        REQUIRE(rewritten.has_value());
        CHECK(rewritten->inode == original->inode);
        CHECK(rewritten->size == 22);
    }
    SECTION("replace by rename") {
        const auto replacement = dir.write("note.txt.tmp", "first version");
        std::filesystem::rename(replacement, path);
        const auto replaced = stat_file(path.string());
        REQUIRE(replaced.has_value());
        CHECK(replaced->inode != original->inode);
        CHECK(replaced->size == original->size);  // same size, yet the stat differs
        CHECK(*replaced != *original);
    }
}

TEST_CASE("stat_file of a missing path is nullopt", "[file_state]") {
    const dossier::test::TempDir dir("file-state");
    CHECK_FALSE(stat_file((dir.path() / "missing.txt").string()).has_value());
    CHECK_FALSE(stat_file((dir.path() / "missing" / "deeper.txt").string()).has_value());
    const auto file = dir.write("gone.txt", "soon gone");
    REQUIRE(stat_file(file.string()).has_value());
    std::filesystem::remove(file);
    CHECK_FALSE(stat_file(file.string()).has_value());
}
