// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "indexer/worker_messages.h"

using dossier::indexer::ChunkFinished;
using dossier::indexer::ChunkStarted;
using dossier::indexer::encode_message;
using dossier::indexer::FileReport;
using dossier::indexer::GarbledMessage;
using dossier::indexer::MessageReader;
using dossier::indexer::WorkerFailure;
using dossier::indexer::WorkerMessage;

TEST_CASE("worker messages arrive whole and in order however the pipe cuts the bytes", "[worker_messages]") {
    FileReport report;
    report.index = 70001;
    report.outcome = FileReport::Outcome::failed;
    constexpr char kMessage[] = "cannot open: Permission denied\n\xff\x00 bytes";
    report.message = std::string(kMessage, sizeof kMessage - 1);  // the NUL inside too
    REQUIRE(report.message.size() == 39);
    report.warnings = {"invalid UTF-8 replaced", ""};
    FileReport added;
    added.index = 3;
    added.lang = "zh-Hant";
    const std::vector<WorkerMessage> sent{ChunkStarted{7}, report, added, ChunkFinished{7, 499},
                                          WorkerFailure{"no space left on device"}};
    std::string bytes;
    for (const WorkerMessage& message : sent) bytes += encode_message(message);

    for (const std::size_t piece : {std::size_t{1}, std::size_t{3}, std::size_t{64}, bytes.size()}) {
        MessageReader reader;
        std::vector<WorkerMessage> received;
        for (std::size_t at = 0; at < bytes.size(); at += piece) {
            reader.feed(std::string_view(bytes).substr(at, piece));
            while (auto message = reader.next()) received.push_back(std::move(*message));
        }
        INFO("pieces of " << piece << " bytes");
        CHECK_FALSE(reader.has_partial());
        REQUIRE(received.size() == 5);
        CHECK(std::get<ChunkStarted>(received[0]).chunk == 7);
        const auto& failed = std::get<FileReport>(received[1]);
        CHECK(failed.index == 70001);
        CHECK(failed.outcome == FileReport::Outcome::failed);
        CHECK(failed.message == report.message);
        CHECK(failed.warnings == report.warnings);
        const auto& indexed = std::get<FileReport>(received[2]);
        CHECK(indexed.outcome == FileReport::Outcome::added);
        CHECK(indexed.lang == "zh-Hant");
        CHECK(indexed.message.empty());
        CHECK(std::get<ChunkFinished>(received[3]).chunk == 7);
        CHECK(std::get<ChunkFinished>(received[3]).files_done == 499);
        CHECK(std::get<WorkerFailure>(received[4]).message == "no space left on device");
    }
}

TEST_CASE("a worker message cut short waits for its rest and shows as partial", "[worker_messages]") {
    const std::string bytes = encode_message(WorkerFailure{"disk full"});
    MessageReader reader;
    reader.feed(std::string_view(bytes).substr(0, bytes.size() - 1));
    CHECK_FALSE(reader.next().has_value());
    CHECK(reader.has_partial());
    reader.feed(std::string_view(bytes).substr(bytes.size() - 1));
    REQUIRE(reader.next().has_value());
    CHECK_FALSE(reader.has_partial());
}

// GarbledMessage, so that the indexer tells a broken pipe between the
// processes from a worker's own error (which comes as a WorkerFailure).
TEST_CASE("bytes that are not a worker message are refused as garbled", "[worker_messages]") {
    const auto refused = [](const std::string& bytes) {
        MessageReader reader;
        reader.feed(bytes);
        CHECK_THROWS_AS(reader.next(), GarbledMessage);
    };
    refused(std::string("\x00\x00\x00\x00", 4));                  // empty
    refused(std::string("\x01\x00\x00\x00\x09", 5));              // unknown type
    refused(std::string("\x02\x00\x00\x00\x01\x00", 6));          // started, number cut short
    refused(std::string("\x06\x00\x00\x00\x01\x01\x00\x00\x00\x00", 10));  // started, a byte too many
    refused(std::string("\xff\xff\xff\xff", 4));                  // longer than anything sent
    std::string bad_outcome = encode_message(FileReport{});
    bad_outcome[4 + 1 + 4] = 9;  // the outcome byte
    refused(bad_outcome);
}

TEST_CASE("jsonl chunks and record reports pass the pipe whole, whatever bytes their lines hold",
          "[worker_messages]") {
    using dossier::indexer::RecordChunk;
    using dossier::indexer::RecordReport;
    RecordChunk chunk;
    chunk.chunk = 12;
    constexpr char kLine[] = "{\"id\":\"a\",\"text\":\"\xff\x00 bytes\"}";
    chunk.lines = {{4, false, std::string(kLine, sizeof kLine - 1)}, {5, true, ""}, {4000000000u, false, ""}};
    RecordReport report;
    report.line = 7;
    report.path = "jsonl:a";
    report.id_term = "Qjsonl:a";
    report.replaced = true;
    report.lang = "fr";
    report.warnings = {"invalid UTF-8 replaced"};
    RecordReport failed;
    failed.line = 8;
    failed.outcome = RecordReport::Outcome::failed;
    failed.message = "no \"text\" field";
    std::string bytes = encode_message(chunk) + encode_message(report) + encode_message(failed);
    MessageReader reader;
    std::vector<WorkerMessage> received;
    for (const char c : bytes) {
        reader.feed(std::string_view(&c, 1));
        while (auto message = reader.next()) received.push_back(std::move(*message));
    }
    REQUIRE(received.size() == 3);
    const auto& got = std::get<RecordChunk>(received[0]);
    CHECK(got.chunk == 12);
    REQUIRE(got.lines.size() == 3);
    CHECK(got.lines[0].number == 4);
    CHECK(got.lines[0].text == chunk.lines[0].text);
    CHECK_FALSE(got.lines[0].too_long);
    CHECK(got.lines[1].too_long);
    CHECK(got.lines[2].number == 4000000000u);
    const auto& added = std::get<RecordReport>(received[1]);
    CHECK(added.line == 7);
    CHECK(added.outcome == RecordReport::Outcome::added);
    CHECK(added.path == "jsonl:a");
    CHECK(added.id_term == "Qjsonl:a");
    CHECK(added.replaced);
    CHECK(added.lang == "fr");
    CHECK(added.warnings == report.warnings);
    const auto& skipped = std::get<RecordReport>(received[2]);
    CHECK(skipped.outcome == RecordReport::Outcome::failed);
    CHECK_FALSE(skipped.replaced);
    CHECK(skipped.message == "no \"text\" field");

    // A flag byte other than 0 or 1 is garbage, not a flag.
    std::string bad = encode_message(report);
    const std::size_t flag_at = 4 + 1 + 4 + 1 + 4 + report.path.size() + 4 + report.id_term.size();
    REQUIRE(bad[flag_at] == 1);
    bad[flag_at] = 2;
    MessageReader garbled;
    garbled.feed(bad);
    CHECK_THROWS_AS(garbled.next(), GarbledMessage);
}

TEST_CASE("a re-read file's report carries its document and stat whole, 64-bit numbers included",
          "[worker_messages]") {
    using dossier::indexer::ReadReport;
    ReadReport built;
    built.index = 12;
    constexpr char kDocument[] = "\x01\x00serialised\xff";
    built.document = std::string(kDocument, sizeof kDocument - 1);
    built.id_term = "Q/docs/a.txt";
    built.lang = "id";
    built.text_bytes = 5'000'000'000ULL;
    built.warnings = {"invalid UTF-8 replaced"};
    ReadReport touched;
    touched.index = 13;
    touched.outcome = ReadReport::Outcome::touched;
    touched.stat_size = 1ULL << 40;
    touched.stat_mtime_ns = -1'700'000'000'123'456'789LL;
    touched.stat_ctime_ns = 1'800'000'000'000'000'001LL;
    touched.stat_inode = 0xfedcba9876543210ULL;
    ReadReport failed;
    failed.index = 14;
    failed.outcome = ReadReport::Outcome::failed;
    failed.message = "cannot open: Permission denied";
    const std::string bytes = encode_message(built) + encode_message(touched) + encode_message(failed);
    MessageReader reader;
    reader.feed(bytes);
    std::vector<WorkerMessage> received;
    while (auto message = reader.next()) received.push_back(std::move(*message));
    REQUIRE(received.size() == 3);
    const auto& got = std::get<ReadReport>(received[0]);
    CHECK(got.index == 12);
    CHECK(got.outcome == ReadReport::Outcome::built);
    CHECK(got.document == built.document);
    CHECK(got.id_term == built.id_term);
    CHECK(got.lang == "id");
    CHECK(got.text_bytes == 5'000'000'000ULL);
    CHECK(got.warnings == built.warnings);
    const auto& stat = std::get<ReadReport>(received[1]);
    CHECK(stat.outcome == ReadReport::Outcome::touched);
    CHECK(stat.stat_size == touched.stat_size);
    CHECK(stat.stat_mtime_ns == touched.stat_mtime_ns);
    CHECK(stat.stat_ctime_ns == touched.stat_ctime_ns);
    CHECK(stat.stat_inode == touched.stat_inode);
    const auto& why = std::get<ReadReport>(received[2]);
    CHECK(why.outcome == ReadReport::Outcome::failed);
    CHECK(why.message == failed.message);
    CHECK_FALSE(reader.has_partial());
}
