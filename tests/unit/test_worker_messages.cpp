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
