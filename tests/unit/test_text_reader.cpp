// SPDX-License-Identifier: MIT
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "base/error.h"
#include "formats/format_names.h"
#include "index/schema.h"
#include "test_support.h"
#include "formats/text_reader.h"

using dossier::DocumentError;
using dossier::read_text_document;
using dossier::SourceDocument;
using dossier::test::TempDir;

namespace {

// Sets a file's modification time to `seconds` since the epoch.
void set_mtime(const std::filesystem::path& path, long seconds) {
    const struct timeval times[2] = {{seconds, 0}, {seconds, 0}};
    REQUIRE(::utimes(path.c_str(), times) == 0);
}

const char* kind_name(DocumentError::Kind kind) {
    return kind == DocumentError::Kind::skipped ? "skipped" : kind == DocumentError::Kind::gone ? "gone" : "failed";
}

// "kind: message" of the DocumentError reading `path` throws, or "no error".
std::string read_error(const std::filesystem::path& path, const dossier::ReadLimits& limits = {}) {
    try {
        read_text_document(path, limits);
    } catch (const DocumentError& e) {
        return std::string(kind_name(e.kind())) + ": " + e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("text file names are recognised by their extension", "[text_reader]") {
    // Row: file name -> "yes" when the indexer picks it up, else "no".
    auto [name, expected] = GENERATE(table<std::string, std::string>({
        {"a.txt", "yes"},
        {"a.TXT", "yes"},
        {"notes.text", "yes"},
        {"README.md", "yes"},
        {"post.Markdown", "yes"},
        {"/deep/dir.d/file.txt", "yes"},
        {"a.pdf", "no"},
        {"a.txt.bak", "no"},
        {"txt", "no"},
        {".txt", "no"},  // a hidden file named ".txt" has no extension
        {"a.mdx", "no"},
        {"", "no"},
    }));
    CAPTURE(name);
    CHECK((dossier::format_of(name) == dossier::kFormatText ? "yes" : "no") == expected);
}

TEST_CASE("the title comes from front matter, else the first non-empty line", "[text_reader]") {
    // Row: file content -> title, then "meta" when it came from front
    // matter or "text", separated by '|'.
    auto [content, expected] = GENERATE(table<std::string, std::string>({
        {"First line title\nbody text\n", "First line title|text"},
        {"  \n\n  First line title  \nbody text here\n", "First line title|text"},
        {"# Markdown Heading\n\nBody.\n", "Markdown Heading|text"},
        {"### Third level\nBody.\n", "Third level|text"},
        {"## Closed Heading ##\n\nBody.\n", "Closed Heading|text"},
        {"---\ntitle: \"Front Title\"\n---\n# Heading\nBody\n", "Front Title|meta"},
        {"---\nlang: en\n---\n\n# Heading Below\nBody\n", "Heading Below|text"},
        {"\xEF\xBB\xBFTitle after BOM\nbody\n", "Title after BOM|text"},
        {"外交部发言人就网络安全问题答记者问\n正文\n", "外交部发言人就网络安全问题答记者问|text"},
    }));
    CAPTURE(content);
    TempDir dir("title");
    const SourceDocument document = read_text_document(dir.write("doc.md", content));
    CHECK(document.title + "|" + (document.title_from_metadata ? "meta" : "text") == expected);
}

TEST_CASE("a long first line is shortened at a word with an ellipsis", "[text_reader]") {
    TempDir dir("long-title");
    std::string line;
    for (int i = 0; i < 40; ++i) line += "word" + std::to_string(i) + " ";
    SourceDocument document = read_text_document(dir.write("a.txt", line + "\nbody\n"));
    CHECK(document.title ==
          "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12 "
          "word13 word14 word15 word16 word17 word18 word19 word20 word21…");

    // Without spaces the line is cut at 150 characters (code points).
    std::string cyrillic;
    for (int i = 0; i < 200; ++i) cyrillic += "ж";
    document = read_text_document(dir.write("b.txt", cyrillic + "\nbody\n"));
    std::string expected;
    for (int i = 0; i < 150; ++i) expected += "ж";
    CHECK(document.title == expected + "…");
}

TEST_CASE("front matter supplies title, date, lang, source and url", "[text_reader]") {
    TempDir dir("front");
    const auto path = dir.write(
        "c.md",
        "---\nTitle: \"Front Title\"\ndate: 2021-07-19\nlang: id\nsource: Kompas\n"
        "url: https://example.id/a\n---\n2023-04-13 body\n");
    set_mtime(path, 1577966400);  // 2020-01-02 12:00 UTC
    const SourceDocument document = read_text_document(path);
    CHECK(document.title == "Front Title");
    CHECK(document.title_from_metadata);
    CHECK(document.date == "2021-07-19");
    CHECK(document.date_source == dossier::schema::kDateFromMetadata);
    CHECK(document.lang == "id");
    CHECK(document.source == "Kompas");
    CHECK(document.url == "https://example.id/a");
    CHECK(document.text == "2023-04-13 body\n");
    CHECK(document.warnings.empty());
}

TEST_CASE("the date comes from metadata, else the text, else the file time", "[text_reader]") {
    // Row: file content -> "date|date_source"; the file time is 2020-01-02.
    auto [content, expected] = GENERATE(table<std::string, std::string>({
        {"---\ndate: 2021-07-19\n---\nSent 2023-04-13.\n", "2021-07-19|metadata"},
        {"---\ndate: 2021-07\n---\nBody\n", "2021-07|metadata"},  // a month
        {"Remarks\n\n2023-04-13 06:20\n\nbody\n", "2023-04-13|text"},
        {"---\ndate: yesterday\n---\nSent 2023-04-13.\n", "2023-04-13|text"},
        {"Pada pertengahan Juli, tanpa tanggal.\n", "2020-01-02|mtime"},
    }));
    CAPTURE(content);
    TempDir dir("date");
    const auto path = dir.write("d.txt", content);
    set_mtime(path, 1577966400);  // 2020-01-02 12:00 UTC
    const SourceDocument document = read_text_document(path);
    CHECK(document.date + "|" + document.date_source == expected);
}

TEST_CASE("the seed with a dateline gets its date from the text", "[text_reader]") {
    TempDir dir("seed");
    const auto path = dir.path() / "004.txt";
    std::filesystem::copy_file(std::filesystem::path(SEEDS_DIR) / "004_51e65c8d9e533e62.txt", path);
    const SourceDocument document = read_text_document(path);
    CHECK(document.title == "Remarks by Foreign Ministry Spokesman on US Jeopardizing Global Cyber Security");
    CHECK(document.date == "2023-04-13");
    CHECK(document.date_source == "text");
    CHECK(document.path == path.string());
}

TEST_CASE("a front matter date that is no date is reported and ignored", "[text_reader]") {
    TempDir dir("bad-date");
    const auto path = dir.write("k.txt", "---\ndate: 13.04.2023\n---\nText\n");
    set_mtime(path, 1577966400);
    const SourceDocument document = read_text_document(path);
    CHECK(document.date == "2020-01-02");
    CHECK(document.date_source == "mtime");
    REQUIRE(document.warnings.size() == 1);
    CHECK(document.warnings[0] == "front matter date '13.04.2023' is not a date like 2023-04-13; ignored");
}

TEST_CASE("files with nothing to index are skipped with a reason", "[text_reader]") {
    // Row: file content -> "kind: message" of the DocumentError.
    auto [content, expected] = GENERATE(table<std::string, std::string>({
        {"", "skipped: empty file"},
        {" \n\t\n  \r\n", "skipped: empty file"},
        {std::string("abc\0def", 7), "skipped: binary file (contains NUL bytes)"},
        {std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), "skipped: binary file (contains NUL bytes)"},
        {"---\nlang: en\n---\n  \n", "skipped: empty file (front matter only)"},
    }));
    CAPTURE(content);
    TempDir dir("skip");
    CHECK(read_error(dir.write("x.txt", content)) == expected);
}

TEST_CASE("a file with only a front matter title is kept", "[text_reader]") {
    TempDir dir("title-only");
    const SourceDocument document = read_text_document(dir.write("i.txt", "---\ntitle: Only a title\n---\n"));
    CHECK(document.title == "Only a title");
    CHECK(document.text.empty());
}

TEST_CASE("a file over the size limit is skipped", "[text_reader]") {
    TempDir dir("limit");
    dossier::ReadLimits limits;
    limits.max_file_bytes = 5;
    CHECK(read_error(dir.write("big.txt", "0123456789\n"), limits) ==
          "skipped: too large (11 bytes; the limit, --max-file-size, is 5 bytes)");
    CHECK(read_error(dir.write("small.txt", "01234"), limits) == "no error");
}

TEST_CASE("a file that cannot be read is a failure, not a skip", "[text_reader]") {
    TempDir dir("unreadable");
    CHECK(read_error(dir.path() / "missing.txt") == "gone: no longer exists (deleted after the folder was listed)");

    const auto path = dir.write("secret.txt", "Secret\nbody\n");
    std::filesystem::permissions(path, std::filesystem::perms::none);
    if (::access(path.c_str(), R_OK) != 0) {
        CHECK(read_error(path) == "failed: cannot open: Permission denied");
        return;
    }
    // Root reads a mode-000 file: try as nobody, in a child process.
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const bool dropped = ::setgid(65534) == 0 && ::setuid(65534) == 0;
        ::_exit(!dropped ? 2 : read_error(path) == "failed: cannot open: Permission denied" ? 0 : 1);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    INFO("0: the message as expected; 1: another message; 2: could not become nobody");
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a folder given as a file is skipped", "[text_reader]") {
    TempDir dir("folder");
    std::filesystem::create_directory(dir.path() / "sub.txt");
    CHECK(read_error(dir.path() / "sub.txt") == "skipped: not a regular file");
}

TEST_CASE("invalid UTF-8 is repaired and reported", "[text_reader]") {
    // Row: file content -> body text, then the warnings joined by '|'. Stray
    // bytes in text that is otherwise UTF-8 are replaced, not re-read in a
    // legacy encoding.
    auto [content, expected] = GENERATE(table<std::string, std::string>({
        {"Заголовок\nbad \xFF byte\n",
         "Заголовок\nbad � byte\n|1 byte sequence not valid UTF-8 replaced with U+FFFD"},
        {"Заголовок\nbad \xFF\xFE bytes\n",
         "Заголовок\nbad �� bytes\n|2 byte sequences not valid UTF-8 replaced with U+FFFD"},
        {"Title\ngood é\n", "Title\ngood é\n"},
    }));
    CAPTURE(content);
    TempDir dir("utf8");
    const SourceDocument document = read_text_document(dir.write("u.txt", content));
    std::vector<std::string> parts{document.text};
    parts.insert(parts.end(), document.warnings.begin(), document.warnings.end());
    CHECK(dossier::test::join(parts) == expected);
    CHECK(document.encoding == "UTF-8");
}

TEST_CASE("the document path is absolute and lexically normal", "[text_reader]") {
    TempDir dir("path");
    const auto file = dir.write("a.txt", "Title\nbody\n");
    std::filesystem::create_directory(dir.path() / "sub");
    const SourceDocument document = read_text_document(dir.path() / "sub" / ".." / "." / "a.txt");
    CHECK(document.path == file.string());
}

TEST_CASE("text in a legacy encoding or UTF-16 is converted and its encoding recorded", "[text_reader][charset]") {
    // Row: fixture in tests/fixtures/encodings -> "encoding|title".
    auto [name, expected] = GENERATE(table<std::string, std::string>({
        {"zh_gb18030", "GB18030|深圳网络安全周聚焦蜜罐技术与电力系统防护"},
        {"zh_gbk", "GB18030|杭州警方破获跨境钓鱼邮件诈骗团伙"},
        {"zh_big5", "Big5|臺北舉辦資安論壇　各國專家討論供應鏈攻擊"},
        {"ru_cp1251", "windows-1251|Во Владивостоке обсудили защиту портов от кибератак"},
        {"ru_koi8r", "KOI8-R|Калининградские больницы усилили защиту после атаки шифровальщика"},
        {"fr_cp1252", "windows-1252|Strasbourg : le Conseil de l’Europe face à un rançongiciel"},
        {"de_latin1", "windows-1252|Bonner Behörde warnt vor Lösegeldforderungen gegen Stadtwerke"},
        {"ja_sjis", "Shift_JIS|大阪の港湾施設に標的型攻撃　政府が注意を呼びかけ"},
        {"en_utf16le", "UTF-16LE|Rotterdam port operators rehearse a response to spearphishing"},
        {"ru_utf16be", "UTF-16BE|В Новосибирске обсудили уязвимости промышленных контроллеров"},
    }));
    CAPTURE(name);
    TempDir dir("encodings");
    const auto path = dir.path() / (name + ".txt");
    std::filesystem::copy_file(std::filesystem::path(FIXTURES_DIR) / "encodings" / (name + ".txt"), path);
    const SourceDocument document = read_text_document(path);
    CHECK(document.encoding + "|" + document.title == expected);
    CHECK(document.text == dossier::test::fixture("encodings/src/" + name + ".utf8"));
    CHECK(document.warnings.empty());
}

TEST_CASE("a UTF-16 file with a byte-order mark is text despite its NUL bytes", "[text_reader][charset]") {
    TempDir dir("utf16");
    const std::string utf16 = dossier::test::fixture("encodings/en_utf16le.txt");
    REQUIRE(utf16.find('\0') != std::string::npos);
    const SourceDocument document = read_text_document(dir.write("e.txt", utf16));
    CHECK(document.encoding == "UTF-16LE");
    CHECK(document.title == "Rotterdam port operators rehearse a response to spearphishing");
    CHECK(document.date == "2023-04-13");

    // Row: file content -> "kind: message" of the DocumentError.
    auto [content, expected] = GENERATE(table<std::string, std::string>({
        {std::string("\xFF\xFEh\0i\0\0\0", 8), "skipped: binary file (NUL characters in its UTF-16LE text)"},
        {std::string("\xFF\xFE \0\n\0", 6), "skipped: empty file"},
        {std::string("\xFE\xFF", 2), "skipped: empty file"},
        {std::string("h\0i\0", 4), "skipped: binary file (contains NUL bytes)"},
    }));
    CAPTURE(content);
    CHECK(read_error(dir.write("x.txt", content)) == expected);
}

TEST_CASE("a weak guess at the encoding is indexed with a warning", "[text_reader][charset]") {
    TempDir dir("weak");
    const SourceDocument document = read_text_document(dir.write("w.txt", "Caf\xE9\n"));
    CHECK(document.text == "Café\n");
    CHECK(document.title == "Café");
    CHECK(document.encoding == "windows-1252");
    CHECK(document.warnings ==
          std::vector<std::string>{
              "not UTF-8; read as windows-1252 but the guess is weak (confidence 10%); convert the "
              "file to UTF-8 to be sure"});
}
