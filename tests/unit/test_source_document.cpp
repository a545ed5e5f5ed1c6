// SPDX-License-Identifier: MIT
// What a document gets when its file says nothing about itself: the title
// a result shows and the date --since/--until filter on.
#include <catch2/catch.hpp>

#include <string>

#include "formats/source_document.h"

using dossier::complete_from_text;
using dossier::SourceDocument;

namespace {

SourceDocument from_text(std::string text) {
    SourceDocument document;
    document.path = "/docs/report.txt";
    document.text = std::move(text);
    return document;
}

}  // namespace

TEST_CASE("the title is the first non-empty line, without Markdown heading marks", "[source-document]") {
    auto [text, title] = GENERATE(table<std::string, std::string>({
        {"Field report\n\nThe committee met.\n", "Field report"},
        {"\n\n   \n  Indented first line  \nsecond\n", "Indented first line"},
        {"## Weekly summary ##\nbody\n", "Weekly summary"},
        {"# C# in practice\nbody\n", "C# in practice"},
        {"#\n\nAfter an empty heading\n", "After an empty heading"},
        {"", ""},
    }));
    SourceDocument document = from_text(text);
    complete_from_text(document, "");
    CHECK(document.title == title);
    CHECK_FALSE(document.title_from_metadata);
}

TEST_CASE("a long first line becomes a title of about 150 characters cut at a word", "[source-document]") {
    std::string line;
    while (line.size() < 400) line += "sanctions diplomacy ";
    SourceDocument document = from_text(line + "\nbody\n");
    complete_from_text(document, "");
    CHECK_THAT(document.title, Catch::StartsWith("sanctions diplomacy") && Catch::EndsWith("…"));
    CHECK(document.title.size() <= 150 + std::string("…").size());
    CHECK(document.title.find("  ") == std::string::npos);
    CHECK_THAT(document.title, !Catch::EndsWith(" …"));
}

TEST_CASE("a title from the file's metadata is kept", "[source-document]") {
    SourceDocument document = from_text("First line of the body\n");
    document.title = "Title from <title>";
    document.title_from_metadata = true;
    complete_from_text(document, "2020-01-01");
    CHECK(document.title == "Title from <title>");
    CHECK(document.title_from_metadata);
}

TEST_CASE("the date comes from the metadata, else a dateline in the text, else the file's time",
          "[source-document]") {
    SECTION("a dateline near the start of the text beats the modification time") {
        SourceDocument document = from_text("Report\n\nKyiv, 13 April 2023: the agency reported an attack.\n");
        complete_from_text(document, "2024-02-29");
        CHECK(document.date == "2023-04-13");
        CHECK(document.date_source == dossier::kDateFromText);
    }
    SECTION("without a dateline, the modification time") {
        SourceDocument document = from_text("Report\n\nNo date is written here.\n");
        complete_from_text(document, "2024-02-29");
        CHECK(document.date == "2024-02-29");
        CHECK(document.date_source == dossier::kDateFromMtime);
    }
    SECTION("with neither, no date at all") {
        SourceDocument document = from_text("Report\n\nNo date is written here.\n");
        complete_from_text(document, "");
        CHECK(document.date.empty());
        CHECK(document.date_source.empty());
    }
    SECTION("a date from the metadata is kept over both") {
        SourceDocument document = from_text("Report\n\n2021-07-13: the bravo team met.\n");
        REQUIRE(dossier::take_metadata_date(document, "2019-05-01T10:00:00Z", "date"));
        complete_from_text(document, "2024-02-29");
        CHECK(document.date == "2019-05-01");
        CHECK(document.date_source == dossier::kDateFromMetadata);
    }
}

TEST_CASE("a metadata date that is not a date is ignored with a warning naming the field", "[source-document]") {
    SourceDocument document = from_text("Report\n\n2021-07-13: the bravo team met.\n");
    CHECK_FALSE(dossier::take_metadata_date(document, "next Tuesday", "dc:date"));
    CHECK(document.warnings == std::vector<std::string>{"dc:date 'next Tuesday' is not a date like 2023-04-13; ignored"});
    complete_from_text(document, "");
    CHECK(document.date == "2021-07-13");
    CHECK(document.date_source == dossier::kDateFromText);
}

TEST_CASE("a title or metadata value reads as one line", "[source-document]") {
    CHECK(dossier::one_line("  Annual\treport\n\n2023\xC2\xA0" "edition  ") == "Annual report 2023 edition");
    CHECK(dossier::trim_space("\t report \r\n") == "report");
}
