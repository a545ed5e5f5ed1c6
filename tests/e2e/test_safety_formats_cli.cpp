// SPDX-License-Identifier: MIT
// End-to-end safety cases of reading and building (issue 13): a web page
// made to slow the HTML parser down, and a first run built by worker
// processes on a disk too small for its shards or for their merge. Each
// checks what a user sees (exit status, the message naming the file or
// folder and the limit) and what is left on disk; none asserts wall time.
// The disk cases mount a small tmpfs in a private mount namespace
// (unshare); where that is not allowed they say "skipped:" in a warning
// and return, as the other such cases do.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "../skip.h"
#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::counts;
using dossier::test::BackgroundProcess;
using dossier::test::database_is_sound;
using dossier::test::describe;
using dossier::test::index;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::search;
using dossier::test::summary_of;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

constexpr int kGenerousSeconds = 300;  // a hung run fails the case instead of the suite
constexpr int kBulkFiles = 600;        // more than one chunk of 500: built by worker processes

// The counts of a first run, for counts().
const std::vector<std::string> kFirstRun = {"added", "skipped", "failed"};

// kBulkFiles reports of about 5 KB, each with words of its own, as the
// folder a first run indexes.
void write_reports(const fs::path& docs) {
    for (int i = 0; i < kBulkFiles; ++i) {
        std::string text = "Long report " + std::to_string(i) + "\n\n";
        for (int j = 0; j < 60; ++j)
            text += "Paragraph " + std::to_string(i * 100 + j) + " word" + std::to_string(i * 977 + j) +
                    " discusses sanctions, diplomacy and cyber norms in detail.\n";
        write_file(docs / ("long-" + std::to_string(1000 + i) + ".txt"), text);
    }
}

// Bytes the files under `folder` take on disk.
std::uintmax_t disk_use(const fs::path& folder) {
    std::uintmax_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(folder)) {
        struct stat status {};
        if (::lstat(entry.path().c_str(), &status) == 0) total += static_cast<std::uintmax_t>(status.st_blocks) * 512;
    }
    return total;
}

// The size of the database a first run with two workers builds from
// `docs`, for sizing a filesystem relative to it (Xapian's sizes may
// change between versions; the ratios hardly do).
std::uintmax_t built_size(const TempDir& tmp, const fs::path& docs) {
    const fs::path db = tmp / "calibration";
    const ProcessResult run = index({"--db", db.string(), "--jobs", "2", docs.string()}, {}, kGenerousSeconds);
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    const std::uintmax_t size = disk_use(db);
    fs::remove_all(db);
    return size;
}

// A tmpfs of `kilobytes` at `mount_point` in a private mount namespace,
// held by a sleeping process: gone with it, whatever happens to the test.
// Programs run inside it with nsenter.
class SmallFilesystem {
public:
    SmallFilesystem(const TempDir& tmp, const fs::path& mount_point, std::uintmax_t kilobytes)
        : mount_point_(mount_point) {
        if (!fs::exists("/usr/bin/unshare") || !fs::exists("/usr/bin/nsenter")) {
            why_not_ = "unshare/nsenter (util-linux) missing, cannot mount a small filesystem";
            return;
        }
        fs::create_directories(mount_point);
        const fs::path mounted = tmp / ("mounted-" + mount_point.filename().string());
        holder_ = std::make_unique<BackgroundProcess>(
            "/usr/bin/unshare",
            std::vector<std::string>{"--mount", "--propagation", "private", "/bin/sh", "-c",
                                     "mount -t tmpfs -o size=" + std::to_string(kilobytes) + "k tmpfs '" +
                                         mount_point.string() + "' && touch '" + mounted.string() +
                                         "' && exec sleep 600"});
        for (int i = 0; i < 500 && holder_->running() && !fs::exists(mounted); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (!fs::exists(mounted)) why_not_ = "cannot mount a tmpfs here (needs CAP_SYS_ADMIN): " + holder_->wait(5).err;
    }

    // Empty when mounted; else why not.
    const std::string& why_not() const { return why_not_; }

    ProcessResult run(const std::string& program, const std::vector<std::string>& args) const {
        std::vector<std::string> all{"--target", std::to_string(holder_->pid()), "--mount", "--", program};
        all.insert(all.end(), args.begin(), args.end());
        return run_process("/usr/bin/nsenter", all, {{"DOSSIER_DB", ""}}, {}, kGenerousSeconds);
    }

    // The names in the filesystem's top folder, one a line (only the
    // namespace sees them).
    std::string listing() const { return run("/bin/ls", {"-A", mount_point_.string()}).out; }

    // Changes its size (it may shrink while empty).
    void resize(std::uintmax_t kilobytes) const {
        REQUIRE(run("/bin/mount", {"-o", "remount,size=" + std::to_string(kilobytes) + "k", mount_point_.string()})
                    .exit_code == 0);
    }

    // How many documents hold `word` in `db`.
    long hits(const fs::path& db, const std::string& word) const {
        const ProcessResult found =
            run(SEARCHER_EXE, {"--db", db.string(), "--format", "paths", "--limit", "10000", word});
        return std::count(found.out.begin(), found.out.end(), '\n');
    }

private:
    fs::path mount_point_;
    std::unique_ptr<BackgroundProcess> holder_;
    std::string why_not_;
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// What --format paths prints for the one document at `path`.
std::string only(const fs::path& path) { return path.string() + "\n"; }

}  // namespace

TEST_CASE("a page with a hundred thousand attributes on one element is indexed with a warning naming the limit",
          "[e2e][safety]") {
    TempDir tmp;
    const fs::path docs = tmp / "docs";
    // 889 KB: parsed in the indexer's own process, where gumbo took 16 s
    // over it (each attribute is checked against all before it).
    std::string page = "<html><head><title>Attribute flood</title></head><body><div";
    for (int i = 0; i < 100'000; ++i) page += " a" + std::to_string(i) + "=1";
    page += ">floodword survives</div><p>after the flood</p></body></html>";
    write_file(docs / "flood.html", page);
    for (const char* name : {"article.html", "indonesian-time.html", "russian-cp1251.html", "wrong-lang.html"})
        fs::copy_file(fs::path(FIXTURES_DIR) / "html" / name, docs / name);
    const fs::path db = tmp / "db";

    const ProcessResult run = index({"--db", db.string(), "--summary-json", docs.string()}, {}, kGenerousSeconds);
    INFO(describe(run));
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.err, Catch::Contains("dossier-index: warning: " + (docs / "flood.html").string() +
                                        ": 99900 attributes were left out") &&
                            Catch::Contains("the limit is 100 per element"));
    CHECK(counts(summary_of(run), kFirstRun) == "added 5, skipped 0, failed 0");
    CHECK(search(db, {"--format", "paths", "floodword"}).out == only(docs / "flood.html"));
    CHECK(search(db, {"--format", "paths", "quarantined"}).out == only(docs / "article.html"));
    CHECK(search(db, {"--format", "paths", "kedaulatan"}).out == only(docs / "indonesian-time.html"));
    CHECK(search(db, {"--format", "paths", "голословными"}).out == only(docs / "russian-cp1251.html"));
    CHECK(database_is_sound(db));
}

TEST_CASE("a full disk in a worker of a first run is reported as it is, exit 3, and nothing is left behind",
          "[e2e][safety][slow]") {
    TempDir tmp;
    const SmallFilesystem disk(tmp, tmp / "small", 1024);
    if (!disk.why_not().empty()) {
        DOSSIER_SKIP_TEST(disk.why_not());
        return;
    }
    const fs::path docs = tmp / "docs";
    write_reports(docs);
    const std::uintmax_t final_size = built_size(tmp, docs);
    // The shards take about twice the final database: they cannot fit.
    disk.resize(final_size / 2 / 1024);
    const fs::path db = tmp / "small" / "db";

    const ProcessResult full = disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", docs.string()});
    INFO(describe(full));
    CHECK(full.exit_code == 3);
    // The worker's own error, not "an indexing worker sent a garbled report".
    CHECK_THAT(full.err, Catch::Contains("No space left on device") &&
                             Catch::Contains(db.string() + ".rebuild.shards") &&
                             Catch::Contains("the database '" + db.string() + "' is unchanged") &&
                             !Catch::Contains("garbled"));
    const std::string left = disk.listing();
    INFO("left on the filesystem:\n" << left);
    CHECK_FALSE(contains(left, "db.rebuild"));
    CHECK(disk.hits(db, "sanctions") == 0);
    CHECK(disk.run("/usr/bin/xapian-check", {db.string()}).exit_code == 0);

    // Room again: the next run, naming no folder, builds it all.
    disk.resize(8 * final_size / 1024);
    const ProcessResult again = disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--summary-json"});
    INFO(describe(again));
    CHECK(again.exit_code == 0);
    CHECK(counts(summary_of(again), kFirstRun) == "added " + std::to_string(kBulkFiles) + ", skipped 0, failed 0");
    CHECK(disk.hits(db, "sanctions") == kBulkFiles);
}

TEST_CASE("a merge the disk has no room for is refused before it starts, naming the folder and the space",
          "[e2e][safety][slow]") {
    TempDir tmp;
    const SmallFilesystem disk(tmp, tmp / "small", 1024);
    if (!disk.why_not().empty()) {
        DOSSIER_SKIP_TEST(disk.why_not());
        return;
    }
    const fs::path docs = tmp / "docs";
    write_reports(docs);
    const std::uintmax_t final_size = built_size(tmp, docs);
    // The shards (about 2 times the final database) fit; they and the
    // merged copy (about 3.2 times at the peak) do not.
    disk.resize(final_size * 26 / 10 / 1024);
    const fs::path db = tmp / "small" / "db";

    const ProcessResult refused = disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", docs.string()});
    INFO(describe(refused));
    CHECK(refused.exit_code == 3);
    CHECK_THAT(refused.err, Catch::Contains("not enough free space to merge the new database's shards into '" +
                                            db.string() + ".rebuild'") &&
                                Catch::Contains("the merge needs about ") && Catch::Contains(" MiB is free there") &&
                                Catch::Contains("the database '" + db.string() + "' is unchanged") &&
                                !Catch::Contains("No space left on device"));
    const std::string left = disk.listing();
    INFO("left on the filesystem:\n" << left);
    CHECK_FALSE(contains(left, "db.rebuild"));
    CHECK(disk.hits(db, "sanctions") == 0);
    CHECK(disk.run("/usr/bin/xapian-check", {db.string()}).exit_code == 0);

    // As the message says, one process builds it in place, in less space.
    const ProcessResult in_place = disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "1"});
    INFO(describe(in_place));
    CHECK(in_place.exit_code == 0);
    CHECK(disk.hits(db, "sanctions") == kBulkFiles);
}

TEST_CASE("a full disk in a worker of a first jsonl run is reported as it is, exit 3, and nothing is left behind",
          "[e2e][safety][jsonl][slow]") {
    TempDir tmp;
    const SmallFilesystem disk(tmp, tmp / "small", 1024);
    if (!disk.why_not().empty()) {
        DOSSIER_SKIP_TEST(disk.why_not());
        return;
    }
    // Records of about 5 KB (several 1 MiB chunks), read from outside the
    // small filesystem.
    const fs::path records = tmp / "records.jsonl";
    {
        std::string lines;
        for (int i = 0; i < kBulkFiles; ++i) {
            std::string text = "Long report " + std::to_string(i) + ".";
            for (int j = 0; j < 60; ++j)
                text += " Paragraph " + std::to_string(i * 100 + j) + " word" + std::to_string(i * 977 + j) +
                        " discusses sanctions, diplomacy and cyber norms in detail.";
            lines += R"({"id":"r)" + std::to_string(i) + R"(","text":")" + text + "\"}\n";
        }
        write_file(records, lines);
    }
    const fs::path calibration = tmp / "calibration";
    REQUIRE(index({"--db", calibration.string(), "--jobs", "2", "--jsonl", records.string()}, {}, kGenerousSeconds)
                .exit_code == 0);
    const std::uintmax_t final_size = disk_use(calibration);
    disk.resize(final_size / 2 / 1024);
    const fs::path db = tmp / "small" / "db";

    const ProcessResult full = disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--jsonl", records.string()});
    INFO(describe(full));
    CHECK(full.exit_code == 3);
    CHECK_THAT(full.err, Catch::Contains("No space left on device") &&
                             Catch::Contains(db.string() + ".rebuild.shards") &&
                             Catch::Contains("the database '" + db.string() + "' is unchanged") &&
                             !Catch::Contains("garbled"));
    const std::string left = disk.listing();
    INFO("left on the filesystem:\n" << left);
    CHECK_FALSE(contains(left, "db.rebuild"));
    CHECK(disk.hits(db, "sanctions") == 0);

    // Room again: ingesting the records again builds it all.
    disk.resize(8 * final_size / 1024);
    const ProcessResult again =
        disk.run(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--jsonl", records.string(), "--summary-json"});
    INFO(describe(again));
    CHECK(again.exit_code == 0);
    CHECK(counts(summary_of(again), kFirstRun) == "added " + std::to_string(kBulkFiles) + ", skipped 0, failed 0");
    CHECK(disk.hits(db, "sanctions") == kBulkFiles);
}
