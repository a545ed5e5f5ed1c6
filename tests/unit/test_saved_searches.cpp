// SPDX-License-Identifier: MIT
// The saved-search store (index/saved_searches.h) and the arrival records
// of documents and runs (index/document_record.h).
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>

#include "base/error.h"
#include "index/document_record.h"
#include "index/saved_searches.h"
#include "index/schema.h"
#include "test_support.h"

using namespace dossier;
using dossier::test::TempDir;

namespace {

SavedSearch saved_named(const std::string& name, const std::string& query) {
    SavedSearch search;
    search.name = name;
    search.query = query;
    return search;
}

}  // namespace

TEST_CASE("saved search names are letters and digits and -_. starting with a letter or digit", "[saved_searches]") {
    for (const char* good : {"volt", "Volt-Typhoon_2.0", "7", "a.b"}) CHECK_NOTHROW(check_saved_search_name(good));
    for (const char* bad : {"", "two words", "-x", ".x", "_x", "a/b", "a;b", "é"})
        CHECK_THROWS_AS(check_saved_search_name(bad), UsageError);
    CHECK_NOTHROW(check_saved_search_name(std::string(kMaxSavedSearchName, 'a')));
    CHECK_THROWS_AS(check_saved_search_name(std::string(kMaxSavedSearchName + 1, 'a')), UsageError);
}

TEST_CASE("saved searches are written whole and read back sorted and replaced by name", "[saved_searches]") {
    TempDir tmp("saved");
    const std::string database = tmp.path().string();
    CHECK(read_saved_searches(database).empty());

    SavedSearch volt = saved_named("volt", "volt typhoon");
    volt.filters["country"] = {"CN", "US"};
    volt.lang = "en";
    volt.since = "2021";
    volt.inferred = false;
    volt.seen_run = 7;
    volt.saved = "2026-12-05T06:00:00Z";
    update_saved_searches(database, [&](std::vector<SavedSearch>& searches) {
        searches.push_back(volt);
        searches.push_back(saved_named("apt", "apt28"));
    });
    const std::vector<SavedSearch> read = read_saved_searches(database);
    REQUIRE(read.size() == 2);
    CHECK(read[0] == saved_named("apt", "apt28"));
    CHECK(read[1] == volt);
    // No temporary file is left beside it.
    CHECK(std::distance(std::filesystem::directory_iterator(tmp.path()), std::filesystem::directory_iterator()) == 1);

    update_saved_searches(database, [](std::vector<SavedSearch>& searches) {
        std::erase_if(searches, [](const SavedSearch& search) { return search.name == "apt"; });
    });
    CHECK(read_saved_searches(database) == std::vector<SavedSearch>{volt});
}

TEST_CASE("a change that throws leaves the saved searches as they were", "[saved_searches]") {
    TempDir tmp("saved");
    const std::string database = tmp.path().string();
    update_saved_searches(database, [](std::vector<SavedSearch>& searches) { searches.push_back(saved_named("a", "x")); });
    CHECK_THROWS_AS(update_saved_searches(database,
                                          [](std::vector<SavedSearch>& searches) {
                                              searches.clear();
                                              throw UsageError("no");
                                          }),
                    UsageError);
    CHECK(read_saved_searches(database).size() == 1);
}

TEST_CASE("saved searches need a database folder and a file this dossier can read", "[saved_searches]") {
    TempDir tmp("saved");
    const auto stub = tmp.write("stub", "remote 127.0.0.1:7000\n");
    CHECK_THROWS_AS(read_saved_searches(stub.string()), UsageError);
    CHECK_THROWS_AS(update_saved_searches(stub.string(), [](std::vector<SavedSearch>&) {}), UsageError);
    CHECK_THROWS_AS(read_saved_searches((tmp.path() / "missing").string()), DatabaseError);

    tmp.write(std::string(kSavedSearchesFile), R"({"version": 99, "searches": []})");
    CHECK_THROWS_WITH(read_saved_searches(tmp.path().string()), Catch::Contains("newer dossier"));
    tmp.write(std::string(kSavedSearchesFile), "{not json");
    CHECK_THROWS_WITH(read_saved_searches(tmp.path().string()), Catch::Contains("fix or remove the file"));
}

TEST_CASE("a rebuilt database folder gets the saved searches of the one it replaces", "[saved_searches]") {
    TempDir tmp("saved");
    const auto database = tmp.path() / "db";
    const auto rebuilt = tmp.path() / "db.rebuild";
    std::filesystem::create_directories(database);
    std::filesystem::create_directories(rebuilt);
    CHECK(carry_saved_searches((tmp.path() / "none").string(), rebuilt.string()) == nullptr);
    CHECK(carry_saved_searches(database.string(), rebuilt.string()) != nullptr);  // none saved: nothing copied
    CHECK(read_saved_searches(rebuilt.string()).empty());
    update_saved_searches(database.string(),
                          [](std::vector<SavedSearch>& searches) { searches.push_back(saved_named("a", "x")); });
    CHECK(carry_saved_searches(database.string(), rebuilt.string()) != nullptr);
    CHECK(read_saved_searches(rebuilt.string()) == read_saved_searches(database.string()));
}

TEST_CASE("run stamps sort by run and read back and an unreadable one is from before records", "[document_record]") {
    const RunStamp stamp{12, "2026-12-05T06:28:01Z"};
    CHECK(encode_run_stamp(stamp) == "0000000012 2026-12-05T06:28:01Z");
    CHECK(decode_run_stamp(encode_run_stamp(stamp)) == stamp);
    CHECK(decode_run_stamp("") == RunStamp{});
    CHECK(decode_run_stamp("junk") == RunStamp{});
    CHECK(decode_run_stamp(encode_run_stamp(RunStamp{})) == RunStamp{});
    CHECK(encode_run_stamp({9, "2026-12-05T06:28:01Z"}) < encode_run_stamp({10, "2020-01-01T00:00:00Z"}));
    CHECK(run_range_start(12) <= encode_run_stamp(stamp));
    CHECK(encode_run_stamp(stamp) <= run_range_end(12));
    CHECK(run_range_end(12) < run_range_start(13));
}

TEST_CASE("the next run counts on from the history and its time never goes back", "[document_record]") {
    const auto now = std::chrono::system_clock::from_time_t(1'764'914'881);  // 2025-12-05T06:08:01Z
    CHECK(next_run({}, now) == RunStamp{1, "2025-12-05T06:08:01Z"});
    const std::vector<RunStamp> history = {{1, "2025-12-01T00:00:00Z"}, {2, "2026-01-01T00:00:00Z"}};
    CHECK(next_run(history, now) == RunStamp{3, "2026-01-01T00:00:00Z"});  // the clock was set back
    CHECK(encode_run_history(history, {3, "x"}) == "1 2025-12-01T00:00:00Z\n2 2026-01-01T00:00:00Z\n3 x\n");

    Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
    CHECK(run_history(database).empty());
    CHECK(latest_run(database) == RunStamp{});
    database.set_metadata(std::string(schema::kRunsKey), encode_run_history(history, {3, "2026-02-01T00:00:00Z"}));
    CHECK(run_history(database).size() == 3);
    CHECK(latest_run(database) == RunStamp{3, "2026-02-01T00:00:00Z"});
}

TEST_CASE("a rewritten document keeps when it was added and when it changed unless its content did",
          "[document_record]") {
    const RunStamp run{5, "2026-12-05T06:28:01Z"};
    const std::string now = encode_run_stamp(run);
    const std::string earlier = encode_run_stamp({2, "2026-12-01T00:00:00Z"});
    const std::string before_records = encode_run_stamp({});
    const RecordKeeper keeper(run, {{"/old", {earlier, earlier, "hash1"}}, {"/older", {"", "", "hash2"}}});
    const auto stamped = [&](const std::string& key, const std::string& content) {
        Xapian::Document document;
        keeper.stamp(document, key, content);
        return std::pair{document.get_value(schema::kAddedSlot), document.get_value(schema::kChangedSlot)};
    };
    CHECK(stamped("/new", "h") == std::pair{now, now});
    CHECK(stamped("/old", "hash1") == std::pair{earlier, earlier});  // re-analysed or touched
    CHECK(stamped("/old", "other") == std::pair{earlier, now});      // changed
    CHECK(stamped("/older", "hash2") == std::pair{before_records, before_records});
    CHECK(stamped("/older", "other") == std::pair{before_records, now});
}
