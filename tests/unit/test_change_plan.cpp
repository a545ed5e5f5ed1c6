// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "index/change_plan.h"
#include "test_support.h"

using dossier::ChangePlan;
using dossier::FileStat;
using dossier::FoundFile;
using dossier::PlanInputs;
using dossier::PlannedFile;
using dossier::StoredFile;
using dossier::WalkResult;
using dossier::test::join;

namespace {

constexpr const char* kAnalysis = "analysis-1";
const FileStat kStat{100, 1'700'000'000'000'000'000, 1'700'000'000'500'000'000, 42};

StoredFile stored(Xapian::docid docid, const std::string& path, FileStat stat = kStat,
                  const std::string& analysis = kAnalysis) {
    StoredFile file;
    file.docid = docid;
    file.state.path = path;
    file.state.stat = stat;
    file.state.hash = "0123456789abcdef0123456789abcdef";
    file.state.analysis = analysis;
    file.state.dated_by_mtime = docid % 2 == 0;
    return file;
}

FoundFile found(const std::string& path, FileStat stat = kStat) { return {path, stat}; }

// "a|b" -> {"a", "b"}; "" -> {}.
std::vector<std::string> split_list(const std::string& joined) {
    std::vector<std::string> parts;
    for (std::size_t start = 0; start < joined.size();) {
        const std::size_t bar = std::min(joined.find('|', start), joined.size());
        parts.push_back(joined.substr(start, bar - start));
        start = bar + 1;
    }
    return parts;
}

struct Scenario {
    WalkResult walk;
    std::vector<StoredFile> stored;
    std::vector<std::string> scanned_roots{"/docs"};
    bool prune = false;
    std::vector<std::string> kept_roots;
    std::string analysis = kAnalysis;

    ChangePlan plan() const {
        PlanInputs inputs;
        inputs.walk = &walk;
        inputs.stored = &stored;
        inputs.scanned_roots = scanned_roots;
        inputs.prune = prune;
        inputs.kept_roots = kept_roots;
        inputs.analysis = analysis;
        return dossier::plan_changes(inputs);
    }
};

std::string paths(const std::vector<PlannedFile>& files) {
    std::vector<std::string> out;
    for (const PlannedFile& file : files) out.push_back(file.file.path);
    return join(out);
}

std::string paths(const std::vector<StoredFile>& files) {
    std::vector<std::string> out;
    for (const StoredFile& file : files) out.push_back(file.state.path);
    return join(out);
}

std::string docids(const std::vector<StoredFile>& files) {
    std::vector<std::string> out;
    for (const StoredFile& file : files) out.push_back(std::to_string(file.docid));
    return join(out);
}

}  // namespace

TEST_CASE("nothing found and nothing stored plans nothing", "[change_plan]") {
    const Scenario scenario;
    const ChangePlan plan = scenario.plan();
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.remove.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("a file the database does not hold is added", "[change_plan]") {
    Scenario scenario;
    const FileStat stat{7, 8, 9, 10};
    scenario.walk.files = {found("/docs/new.txt", stat), found("/docs/old.txt")};
    scenario.stored = {stored(3, "/docs/old.txt")};
    const ChangePlan plan = scenario.plan();
    REQUIRE(paths(plan.add) == "/docs/new.txt");
    CHECK(plan.add[0].docid == 0);
    CHECK(plan.add[0].file.stat == stat);
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.remove.empty());
    CHECK(plan.unchanged == 1);
}

TEST_CASE("a file with the same stat and analysis is left unchanged", "[change_plan]") {
    Scenario scenario;
    scenario.walk.files = {found("/docs/a.txt"), found("/docs/b.txt"), found("/docs/c d.txt")};
    scenario.stored = {stored(1, "/docs/a.txt"), stored(2, "/docs/b.txt"), stored(3, "/docs/c d.txt")};
    const ChangePlan plan = scenario.plan();
    CHECK(plan.unchanged == 3);
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.remove.empty());
}

TEST_CASE("a file whose size, mtime, ctime or inode alone changed is checked", "[change_plan]") {
    // Row: what changed, the stat found on disk (stored: kStat).
    auto [what, size, mtime, ctime, inode] =
        GENERATE(table<std::string, std::uint64_t, std::int64_t, std::int64_t, std::uint64_t>({
            {"size", kStat.size + 1, kStat.mtime_ns, kStat.ctime_ns, kStat.inode},
            {"size shrunk to 0", 0, kStat.mtime_ns, kStat.ctime_ns, kStat.inode},
            {"mtime by 1 ns", kStat.size, kStat.mtime_ns + 1, kStat.ctime_ns, kStat.inode},
            {"mtime back in time", kStat.size, kStat.mtime_ns - 1'000'000'000, kStat.ctime_ns,
             kStat.inode},
            {"ctime (chmod)", kStat.size, kStat.mtime_ns, kStat.ctime_ns + 1, kStat.inode},
            {"inode (replaced by rename)", kStat.size, kStat.mtime_ns, kStat.ctime_ns, kStat.inode + 1},
        }));
    INFO(what);
    Scenario scenario;
    const FileStat on_disk{size, mtime, ctime, inode};
    scenario.walk.files = {found("/docs/a.txt", on_disk)};
    scenario.stored = {stored(7, "/docs/a.txt")};
    const ChangePlan plan = scenario.plan();
    REQUIRE(paths(plan.check) == "/docs/a.txt");
    CHECK(plan.check[0].docid == 7);
    CHECK(plan.check[0].file.stat == on_disk);
    CHECK(plan.check[0].previous == scenario.stored[0].state);
    CHECK(plan.add.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.remove.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("an unchanged file built with another analysis is reanalyzed", "[change_plan]") {
    // Row: analysis the document was built with.
    const std::string built_with = GENERATE(as<std::string>{}, "analysis-0", "", "analysis-1 ");
    INFO("stored analysis \"" << built_with << "\"");
    Scenario scenario;
    scenario.walk.files = {found("/docs/a.txt")};
    scenario.stored = {stored(5, "/docs/a.txt", kStat, built_with)};
    const ChangePlan plan = scenario.plan();
    REQUIRE(paths(plan.reanalyze) == "/docs/a.txt");
    CHECK(plan.reanalyze[0].docid == 5);
    CHECK(plan.reanalyze[0].previous == scenario.stored[0].state);
    CHECK(plan.reanalyze[0].file.stat == kStat);
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.remove.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("a file with a changed stat and another analysis is checked, not reanalyzed",
          "[change_plan]") {
    // Reading it is needed anyway; the check rebuilds with the new analysis.
    Scenario scenario;
    const FileStat on_disk{kStat.size + 5, kStat.mtime_ns + 5, kStat.ctime_ns + 5, kStat.inode};
    scenario.walk.files = {found("/docs/a.txt", on_disk)};
    scenario.stored = {stored(5, "/docs/a.txt", kStat, "analysis-0")};
    const ChangePlan plan = scenario.plan();
    CHECK(paths(plan.check) == "/docs/a.txt");
    CHECK(plan.reanalyze.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("a stored file under a scanned root that was not found is removed", "[change_plan]") {
    // Row: scanned roots ('|'-joined), stored path, with prune, kept roots.
    auto [roots, path, prune, kept] = GENERATE(table<std::string, std::string, bool, std::string>({
        {"/docs", "/docs/a.txt", false, ""},
        {"/docs", "/docs/deep/er/b.md", false, ""},
        {"/docs", "/docs", false, ""},
        {"/other|/docs", "/docs/a.txt", false, ""},
        {"/docs/a.txt", "/docs/a.txt", false, ""},  // a root that is a file, now deleted
        {"/", "/anywhere/a.txt", false, ""},
        // Keeping a root with prune does not keep a file deleted from it.
        {"/docs", "/docs/a.txt", true, "/docs"},
    }));
    INFO("roots " << roots << ", stored " << path << (prune ? ", prune" : ""));
    Scenario scenario;
    scenario.scanned_roots = split_list(roots);
    scenario.prune = prune;
    scenario.kept_roots = split_list(kept);
    scenario.walk.files = {found("/docs/still-here.txt")};
    scenario.stored = {stored(9, path), stored(10, "/docs/still-here.txt")};
    const ChangePlan plan = scenario.plan();
    CHECK(paths(plan.remove) == path);
    CHECK(docids(plan.remove) == "9");
    CHECK(plan.unchanged == 1);
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
}

TEST_CASE("a stored file outside the scanned roots is kept unless pruned away", "[change_plan]") {
    // Row: with prune, kept roots ('|'-joined), expected removed.
    auto [prune, kept, removed] = GENERATE(table<bool, std::string, bool>({
        {false, "", false},             // a run on /docs alone leaves /other alone
        {false, "/docs", false},        // kept roots only matter with prune
        {true, "/docs", true},          // pruned: outside every kept root
        {true, "", true},               // pruned: no kept root at all
        {true, "/docs|/other", false},  // inside a kept root
        {true, "/other/sub", false},    // inside a nested kept root
        {true, "/", false},             // everything is kept under "/"
        {true, "/oth", true},           // "/other" is not under "/oth"
        {true, "/other/sub2", true},    // "/other/sub/x.txt" is not under "/other/sub2"
    }));
    INFO((prune ? "prune, kept " : "no prune, kept ") << kept);
    Scenario scenario;
    scenario.scanned_roots = {"/docs"};
    scenario.prune = prune;
    scenario.kept_roots = split_list(kept);
    scenario.stored = {stored(4, "/other/sub/x.txt")};
    const ChangePlan plan = scenario.plan();
    CHECK(paths(plan.remove) == (removed ? "/other/sub/x.txt" : ""));
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("a stored file under a missing root or unreadable folder is kept", "[change_plan]") {
    // Row: scanned root, unlisted path, stored path, with prune, expected removed.
    auto [root, unlisted, path, prune, removed] =
        GENERATE(table<std::string, std::string, std::string, bool, bool>({
            {"/docs", "/docs/share", "/docs/share/a.txt", false, false},       // unreadable folder
            {"/docs", "/docs/share", "/docs/share/deep/b.txt", false, false},  // beneath it
            {"/mnt/usb", "/mnt/usb", "/mnt/usb/a.txt", false, false},          // missing root
            {"/mnt/usb", "/mnt/usb", "/mnt/usb/a.txt", true, false},           // even with prune
            {"/docs/a.txt", "/docs/a.txt", "/docs/a.txt", false, false},       // missing file root
            {"/docs", "/docs/share", "/docs/share2/a.txt", false, true},       // a sibling is gone
            {"/docs", "/docs/share", "/docs/a.txt", false, true},              // the parent's file is gone
        }));
    INFO("root " << root << ", unlisted " << unlisted << ", stored " << path);
    Scenario scenario;
    scenario.scanned_roots = {root};
    scenario.prune = prune;
    scenario.walk.unlisted = {unlisted};
    scenario.walk.problems = {{unlisted, "cannot read folder: Permission denied"}};
    scenario.stored = {stored(12, path)};
    const ChangePlan plan = scenario.plan();
    CHECK(paths(plan.remove) == (removed ? path : ""));
    CHECK(plan.add.empty());
    CHECK(plan.check.empty());
    CHECK(plan.reanalyze.empty());
    CHECK(plan.unchanged == 0);
}

TEST_CASE("a re-index run sorts every file into exactly one list", "[change_plan]") {
    Scenario scenario;
    scenario.scanned_roots = {"/docs", "/mnt/usb"};
    scenario.prune = true;
    scenario.kept_roots = {"/docs", "/mnt/usb", "/keep"};
    const FileStat touched{kStat.size, kStat.mtime_ns + 1, kStat.ctime_ns + 1, kStat.inode};
    const FileStat renamed{kStat.size, kStat.mtime_ns, kStat.ctime_ns, kStat.inode + 100};
    const FileStat grown{kStat.size + 1, kStat.mtime_ns, kStat.ctime_ns, kStat.inode};
    scenario.walk.files = {
        found("/docs/a new.txt"),               // add
        found("/docs/b-same.txt"),              // unchanged
        found("/docs/c-touched.txt", touched),  // check
        found("/docs/d-old-analysis.md"),       // reanalyze
        found("/docs/e-renamed.txt", renamed),  // check
        found("/docs/f-same.md"),               // unchanged
        found("/docs/g-grown.txt", grown),      // check (and old analysis)
        found("/docs/z-new.md"),                // add
    };
    scenario.walk.unlisted = {"/docs/locked", "/mnt/usb"};
    scenario.walk.problems = {{"/docs/locked", "cannot read folder: Permission denied"},
                              {"/mnt/usb", "no such file or folder"}};
    scenario.stored = {
        stored(1, "/docs/b-same.txt"),
        stored(2, "/docs/c-touched.txt"),
        stored(3, "/docs/d-old-analysis.md", kStat, "analysis-0"),
        stored(4, "/docs/deleted.txt"),         // remove: gone from a scanned root
        stored(5, "/docs/e-renamed.txt"),
        stored(6, "/docs/f-same.md"),
        stored(7, "/docs/locked/secret.txt"),   // kept: folder unreadable
        stored(8, "/mnt/usb/photo-notes.txt"),  // kept: root missing
        stored(9, "/elsewhere/old.txt"),        // remove: pruned
        stored(10, "/keep/k.txt"),              // kept: inside a kept root
        stored(11, "/docs/g-grown.txt", kStat, "analysis-0"),
        stored(12, "/docs/lockedout.txt"),      // remove: not under /docs/locked
    };
    const ChangePlan plan = scenario.plan();

    CHECK(paths(plan.add) == "/docs/a new.txt|/docs/z-new.md");
    for (const PlannedFile& file : plan.add) CHECK(file.docid == 0);

    CHECK(paths(plan.check) == "/docs/c-touched.txt|/docs/e-renamed.txt|/docs/g-grown.txt");
    REQUIRE(plan.check.size() == 3);
    CHECK(plan.check[0].docid == 2);
    CHECK(plan.check[0].file.stat == touched);
    CHECK(plan.check[0].previous.stat == kStat);
    CHECK(plan.check[1].docid == 5);
    CHECK(plan.check[1].file.stat == renamed);
    CHECK(plan.check[2].docid == 11);
    CHECK(plan.check[2].previous.analysis == "analysis-0");

    CHECK(paths(plan.reanalyze) == "/docs/d-old-analysis.md");
    REQUIRE(plan.reanalyze.size() == 1);
    CHECK(plan.reanalyze[0].docid == 3);
    CHECK(plan.reanalyze[0].previous == scenario.stored[2].state);

    CHECK(paths(plan.remove) == "/docs/deleted.txt|/elsewhere/old.txt|/docs/lockedout.txt");
    CHECK(docids(plan.remove) == "4|9|12");

    CHECK(plan.unchanged == 2);
}
