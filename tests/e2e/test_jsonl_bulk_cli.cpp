// SPDX-License-Identifier: MIT
// End-to-end tests of --jsonl into a new database with worker processes
// (--jobs): the database is the one a one-process run builds, repeated ids
// and bad lines included; bad lines are named in line order; standard
// input works; a stop keeps the records before it; a worker that dies
// changes nothing.
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::BackgroundProcess;
using dossier::test::children_of;
using dossier::test::describe;
using dossier::test::shards_of;
using dossier::test::chunk_shards_in;
using dossier::test::digest;
using dossier::test::index_with_workers;
using dossier::test::kWorkerPoolSeconds;
using dossier::test::id_terms_in_docid_order;
using dossier::test::document_count;
using dossier::test::ProcessResult;
using dossier::test::run_process;
using dossier::test::summary_of;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {


std::string text_of(int i) {
    static const char* const topics[] = {
        "The ministry attributed the ransomware campaign against hospitals in France to a criminal group.",
        "Sanctions on Russia were discussed by the European Union after the attack on the power grid.",
        "China and Indonesia signed a memorandum on cyber norms and the protection of undersea cables.",
        "Le ministère a publié un rapport sur la protection des infrastructures critiques en Allemagne.",
        "Die Regierung in Berlin verurteilte den Angriff auf das Netzwerk des Bundestages scharf.",
        "The delegation of Brazil called on all member states to respect the sovereignty of nations.",
        "Kenya and Ghana spoke of climate finance, debt relief and the reform of the Security Council.",
    };
    return std::string(topics[i % 7]) + " Paragraph " + std::to_string(i) + " counts " + std::to_string(i * 13) +
           " delegates.";
}

// Some 1,500 bytes: a file of 1,500 records then makes several chunks
// (dossier-index cuts them at 1 MiB at least).
std::string long_text(int i) {
    std::string text;
    for (int k = 0; k < 14; ++k) text += text_of(i + k) + " ";
    return text;
}

// One of a few long texts (near-copy signatures): the records that have
// it are copies, in a cluster named after the first of them.
std::string copied_text(int which) {
    static const char* const words[] = {"assembly", "sovereignty", "climate", "finance", "treaty", "council",
                                        "delegation", "reform",   "security", "peace",   "debt",   "norms"};
    std::string text = "Statement " + std::to_string(which) + ":";
    for (int k = 0; k < 80; ++k) text += std::string(" ") + words[(k * (which + 3) + k / 7) % 12];
    return text + ".";
}

std::string record(const std::string& id, const std::string& text, int i) {
    nlohmann::json object{{"id", id}, {"text", text}, {"date", std::to_string(1970 + i % 50)}};
    if (i % 3 == 0) object["country"] = i % 2 == 0 ? "France" : "Kenya";
    return object.dump();
}

// `count` records, numbered lines, with every kind of line a run meets:
// blank lines, bad lines of each kind, copies, ids repeated within a chunk
// and across chunks (with other texts), and one line too long
// for --max-text-size 4K. Returns the lines; the ids first seen are r0,
// r1...
std::vector<std::string> record_lines(int count) {
    std::vector<std::string> lines;
    for (int i = 0; i < count; ++i) {
        lines.push_back(record("r" + std::to_string(i), i % 9 == 4 ? copied_text(i % 4) : long_text(i), i));
        // A cluster's first record changes later: one-process clustering
        // keeps the name it gave, and so must the workers'.
        if (i == 900) lines.push_back(record("r4", long_text(i) + " Late.", i));
        if (i == 1000) lines.push_back(record("r13", copied_text(2), i));
        if (i % 97 == 5) lines.push_back("not json at all");
        if (i % 131 == 7) lines.push_back(R"({"id":"bad-date","text":"A text.","date":"someday"})");
        if (i % 157 == 11) lines.push_back(R"({"id":"no-text"})");
        if (i % 173 == 13) lines.push_back(R"({"id":"where","text":"Somewhere.","country":"Narnia"})");
        if (i % 89 == 3) lines.push_back("");
        // Repeats: one soon after (same chunk), one far later (another chunk).
        if (i % 41 == 20) lines.push_back(record("r" + std::to_string(i - 10), long_text(i + 3) + " Revised.", i));
        if (i > 600 && i % 53 == 0) lines.push_back(record("r" + std::to_string(i - 600), long_text(i + 5) + " Late.", i));
    }
    lines.insert(lines.begin() + std::min<std::ptrdiff_t>(700, static_cast<std::ptrdiff_t>(lines.size())),
                 R"({"id":"huge","text":")" + std::string(1100 * 1024, 'a') + "\"}");
    return lines;
}

fs::path write_records(const fs::path& path, const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    write_file(path, text);
    return path;
}

// The "FILE:LINE: skipped" lines of stderr, with FILE dropped.
std::vector<std::string> skipped_lines(const std::string& err) {
    std::vector<std::string> found;
    std::istringstream in(err);
    const std::regex skipped(R"(^dossier-index: [^:]*:([0-9]+): skipped: (.*)$)");
    std::smatch match;
    for (std::string line; std::getline(in, line);)
        if (std::regex_match(line, match, skipped)) found.push_back(match[1].str() + ": " + match[2].str());
    return found;
}

// Records long enough that a run takes some seconds: time to stop it.
fs::path write_long_records(const fs::path& path, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        text += record("long-" + std::to_string(i), long_text(i), i) + "\n";
    }
    write_file(path, text);
    return path;
}

}  // namespace

TEST_CASE("jsonl records ingested by two workers build the one-process database, repeated ids and bad lines included",
          "[e2e][jsonl][parallel][slow]") {
    TempDir tmp;
    const fs::path records = write_records(tmp / "records.jsonl", record_lines(1500));
    // Several chunks (of 1 MiB at least), some of them repeating ids of others.
    REQUIRE(fs::file_size(records) > (3u << 20));
    const fs::path one = tmp / "one";
    const fs::path two = tmp / "two";
    const std::vector<std::string> common{"--jsonl", records.string(), "--max-text-size", "4K", "-v", "--summary-json"};
    std::vector<std::string> serial_args{"--db", one.string(), "--jobs", "1"};
    std::vector<std::string> parallel_args{"--db", two.string(), "--jobs", "2"};
    serial_args.insert(serial_args.end(), common.begin(), common.end());
    parallel_args.insert(parallel_args.end(), common.begin(), common.end());

    const ProcessResult serial = index_with_workers(serial_args);
    const ProcessResult parallel = index_with_workers(parallel_args);
    INFO(describe(serial) << "\n---\n" << describe(parallel));
    REQUIRE(serial.exit_code == 1);  // the bad lines
    REQUIRE(parallel.exit_code == 1);
    const nlohmann::json serial_summary = summary_of(serial);
    const nlohmann::json parallel_summary = summary_of(parallel);
    CHECK(parallel_summary["added"] == 1500);
    CHECK(parallel_summary["updated"].get<int>() > 40);  // both kinds of repeat
    for (const char* count : {"added", "updated", "failed", "warnings", "skipped"})
        CHECK(parallel_summary[count] == serial_summary[count]);

    CHECK(digest(two) == digest(one));
    CHECK(id_terms_in_docid_order(two) == id_terms_in_docid_order(one));
    // Line by line, what is said reads the same, in the same order.
    const auto neutral = [&](std::string text, const fs::path& db) {
        text = std::regex_replace(text, std::regex(db.string()), "DB");
        return std::regex_replace(text, std::regex("in [0-9.]+ s"), "in N s");
    };
    CHECK(neutral(parallel.err, two) == neutral(serial.err, one));
    CHECK_FALSE(fs::exists(two.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(shards_of(two)));
    dossier::test::require_sound(two);

    // A record that came again later is the later one, at the first one's
    // place: the 17 "Late" repeats and r4's.
    const Xapian::Database database(two.string());
    CHECK(database.get_termfreq("late") == 18);
    const Xapian::Document r4 = database.get_document(*database.postlist_begin("Qjsonl:r4"));
    CHECK(r4.get_data().find("Late.") != std::string::npos);
    CHECK(*database.postlist_begin("Qjsonl:r4") == 5);  // after r0 to r3, as first ingested
}

TEST_CASE("jsonl ingestion with workers names the bad lines by line number, in line order", "[e2e][jsonl][parallel][slow]") {
    TempDir tmp;
    const std::vector<std::string> lines = record_lines(1500);
    const fs::path records = write_records(tmp / "records.jsonl", lines);
    const fs::path db = tmp / "db";
    const ProcessResult run =
        index_with_workers({"--db", db.string(), "--jobs", "2", "--jsonl", records.string(), "--max-text-size", "4K", "--summary-json"});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string number = std::to_string(i + 1);
        if (lines[i] == "not json at all")
            expected.push_back(number + ": not valid JSON: at column 2: syntax error while parsing value - invalid "
                                        "literal; last read: 'no'");
        else if (lines[i].find("someday") != std::string::npos)
            expected.push_back(number + ": \"date\" 'someday' is not a date like 2023-04-13");
        else if (lines[i] == R"({"id":"no-text"})")
            expected.push_back(number + ": no \"text\" field");
        else if (lines[i].find("Narnia") != std::string::npos)
            expected.push_back(number + ": \"country\" 'Narnia' is not a known country");
        else if (lines[i].starts_with(R"({"id":"huge")"))
            expected.push_back(number + ": line longer than 1052672 bytes (--max-text-size plus 1 MiB); not read");
    }
    REQUIRE(expected.size() > 30);
    std::vector<std::string> reported = skipped_lines(run.err);
    // "Narnia" is followed by the nearest known names: compare up to them.
    for (std::string& line : reported)
        if (const std::size_t cut = line.find("; nearest known names"); cut != std::string::npos) line.erase(cut);
    CHECK(reported == expected);
    CHECK(summary_of(run)["failed"] == expected.size());
}

TEST_CASE("jsonl ingestion with workers reads standard input", "[e2e][jsonl][parallel][slow]") {
    TempDir tmp;
    const fs::path records = write_records(tmp / "records.jsonl", record_lines(1500));
    const fs::path piped = tmp / "piped";
    const fs::path from_file = tmp / "from-file";
    const std::string command = "cat '" + records.string() + "' | '" + INDEXER_EXE + "' --db '" + piped.string() +
                                "' --jobs 2 --max-text-size 4K --jsonl - --summary-json";
    const ProcessResult run = run_process("/bin/sh", {"-c", command}, {{"DOSSIER_DB", ""}}, {}, kWorkerPoolSeconds);
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK_THAT(run.err, Catch::Contains("dossier-index: stdin:8: skipped: not valid JSON"));
    CHECK(summary_of(run)["added"] == 1500);
    REQUIRE(index_with_workers({"--db", from_file.string(), "--jobs", "1", "--max-text-size", "4K", "--jsonl", records.string()})
                .exit_code == 1);
    CHECK(digest(piped) == digest(from_file));
    CHECK(id_terms_in_docid_order(piped) == id_terms_in_docid_order(from_file));
}

TEST_CASE("a --jsonl worker killed mid-run ends the run with exit 3, names the line, and leaves no database",
          "[e2e][jsonl][parallel][slow]") {
    TempDir tmp;
    const fs::path records = write_long_records(tmp / "records.jsonl", 12000);
    const fs::path db = tmp / "db";
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--jsonl", records.string()},
                              {{"DOSSIER_DB", ""}});
    std::vector<int> workers;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (indexer.running() && workers.empty() && std::chrono::steady_clock::now() < deadline) {
        workers = children_of(indexer.pid());
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE_FALSE(workers.empty());
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // into its chunk
    ::kill(workers.front(), SIGKILL);
    const ProcessResult run = indexer.wait(120);
    INFO(describe(run));
    CHECK(run.exit_code == 3);
    CHECK_THAT(run.err, Catch::Matches("dossier-index: an indexing worker was killed by signal SIGKILL[^\n]* while "
                                       "ingesting .*records\\.jsonl:[0-9]+; the database '.*' is unchanged; run "
                                       "again \\(--jobs 1 ingests in one process\\)\n"));
    CHECK(document_count(db) == 0);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    CHECK_FALSE(fs::exists(shards_of(db)));
    CHECK(children_of(indexer.pid()).empty());

    // Nothing is in the way of the next run.
    const ProcessResult next = index_with_workers({"--db", db.string(), "--jobs", "2", "--jsonl", records.string(), "--summary-json"});
    CHECK(next.exit_code == 0);
    CHECK(summary_of(next)["added"] == 12000);
}

TEST_CASE("SIGTERM stops a --jsonl run with workers and keeps the records before the stop",
          "[e2e][jsonl][parallel][slow]") {
    TempDir tmp;
    const fs::path records = write_long_records(tmp / "records.jsonl", 12000);
    const fs::path db = tmp / "db";
    BackgroundProcess indexer(INDEXER_EXE, {"--db", db.string(), "--jobs", "2", "--jsonl", records.string()},
                              {{"DOSSIER_DB", ""}});
    // A third shard: a worker has finished its first chunk.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (indexer.running() && chunk_shards_in(shards_of(db)) < 3 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    indexer.send_signal(SIGTERM);
    const ProcessResult stopped = indexer.wait(120);
    INFO(describe(stopped));
    REQUIRE(stopped.exit_code == 130);
    CHECK_FALSE(fs::exists(shards_of(db)));
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    dossier::test::require_sound(db);
    // The first records, in order, and none after them.
    const std::vector<std::string> kept = id_terms_in_docid_order(db);
    CHECK_FALSE(kept.empty());
    CHECK(kept.size() < 12000);
    for (std::size_t i = 0; i < kept.size(); ++i)
        if (kept[i] != "Qjsonl:long-" + std::to_string(i)) {
            FAIL_CHECK("document " << i + 1 << " is " << kept[i]);
            break;
        }
    // Ingesting the file again completes the database.
    const ProcessResult rest = index_with_workers({"--db", db.string(), "--jsonl", records.string(), "--summary-json"});
    CHECK(rest.exit_code == 0);
    CHECK(summary_of(rest)["added"] == 12000 - kept.size());
    CHECK(document_count(db) == 12000);
}

TEST_CASE("a one-process --jsonl run into a new database leaves it compacted", "[e2e][jsonl]") {
    TempDir tmp;
    const fs::path records = write_records(tmp / "records.jsonl", record_lines(300));
    const fs::path db = tmp / "db";
    const ProcessResult run = index_with_workers({"--db", db.string(), "--jobs", "1", "--max-text-size", "4K", "--jsonl",
                                     records.string(), "--summary-json"});
    INFO(describe(run));
    CHECK(run.exit_code == 1);
    CHECK(summary_of(run)["added"] == 300);
    CHECK_FALSE(fs::exists(db.string() + ".rebuild"));
    dossier::test::require_sound(db);
    // Compacting it again gains nothing: the postlist table is as small as
    // compaction makes it.
    const fs::path again = tmp / "again";
    Xapian::Database(db.string()).compact(again.string());
    CHECK(fs::file_size(db / "postlist.glass") == fs::file_size(again / "postlist.glass"));
    CHECK(digest(again) == digest(db));
}
