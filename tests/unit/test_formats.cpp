// SPDX-License-Identifier: MIT
// Format dispatch (readers/dispatch.h) and running a parser in a child process
// (isolation.h): what comes back, and what a crash, a hang or too much
// output turn into.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <new>
#include <string>
#include <thread>

#include "base/error.h"
#include "readers/dispatch.h"
#include "readers/isolation.h"
#include "index/schema.h"

using dossier::DocumentError;
using dossier::IsolationLimits;
using dossier::SourceDocument;

namespace {

// "kind: message" of the DocumentError `call` throws, or "no error".
template <typename Call>
std::string error_of(Call&& call) {
    try {
        call();
    } catch (const DocumentError& e) {
        return std::string(e.kind() == DocumentError::Kind::skipped ? "skipped" : "failed") + ": " + e.what();
    }
    return "no error";
}

SourceDocument sample_document() {
    SourceDocument document;
    document.path = "/docs/statement.pdf";
    document.format = "pdf";
    document.title = "Déclaration — 声明";
    document.title_from_metadata = true;
    document.date = "2021-04-15";
    document.date_source = "metadata";
    document.lang = "fr";
    document.lang_is_hint = true;
    document.source = "Ministère";
    document.url = "https://example.org/a";
    document.encoding = "";
    document.text = "Page one.\n\nPage two, with \"quotes\" and \\ and \t tabs.";
    document.page_breaks = {11};
    document.warnings = {"a warning"};
    return document;
}

}  // namespace

TEST_CASE("format_of maps extensions in any case to readers", "[formats]") {
    const auto [name, expected] = GENERATE(table<std::string, std::string>({
        {"a.txt", "text"}, {"b.MD", "text"}, {"c.markdown", "text"}, {"d.Html", "html"},
        {"e.htm", "html"}, {"f.xhtml", "html"}, {"g.PDF", "pdf"}, {"h.docx", "docx"},
        {"i.odt", "odt"}, {"j.doc", ""}, {"k.pdf.bak", ""}, {"noextension", ""}, {".pdf", ""},
    }));
    CAPTURE(name);
    CHECK(std::string(dossier::format_of(name)) == expected);
    CHECK(dossier::is_indexable_file_name(name) == !expected.empty());
}

TEST_CASE("A document parsed in a child comes back field for field", "[formats]") {
    const SourceDocument sent = sample_document();
    const SourceDocument got = dossier::parse_in_child([&] { return sent; }, "test reader", IsolationLimits{});
    CHECK(got.path == sent.path);
    CHECK(got.format == sent.format);
    CHECK(got.title == sent.title);
    CHECK(got.title_from_metadata);
    CHECK(got.date == sent.date);
    CHECK(got.date_source == sent.date_source);
    CHECK(got.lang == sent.lang);
    CHECK(got.lang_is_hint);
    CHECK(got.source == sent.source);
    CHECK(got.url == sent.url);
    CHECK(got.text == sent.text);
    CHECK(got.page_breaks == sent.page_breaks);
    CHECK(got.warnings == sent.warnings);
}

TEST_CASE("A reader's DocumentError in the child is rethrown with its kind and message", "[formats]") {
    CHECK(error_of([] {
              dossier::parse_in_child(
                  []() -> SourceDocument {
                      throw DocumentError(DocumentError::Kind::skipped, "no text layer");
                  },
                  "PDF reader", IsolationLimits{});
          }) == "skipped: no text layer");
    CHECK(error_of([] {
              dossier::parse_in_child(
                  []() -> SourceDocument {
                      throw DocumentError(DocumentError::Kind::failed, "encrypted PDF");
                  },
                  "PDF reader", IsolationLimits{});
          }) == "failed: encrypted PDF");
    CHECK(error_of([] {
              dossier::parse_in_child([]() -> SourceDocument { throw std::bad_alloc(); }, "PDF reader",
                                      IsolationLimits{});
          }) == "failed: out of memory while parsing");
}

TEST_CASE("A parser that crashes fails that document with the signal named", "[formats]") {
    const std::string error = error_of([] {
        dossier::parse_in_child([]() -> SourceDocument { std::abort(); }, "PDF reader", IsolationLimits{});
    });
    CHECK(error == "failed: the PDF reader crashed on this file (signal SIGABRT: Aborted); the file is left out");
}

TEST_CASE("A parser that hangs is killed at the timeout", "[formats]") {
    IsolationLimits limits;
    limits.timeout = std::chrono::milliseconds(300);
    const auto start = std::chrono::steady_clock::now();
    const std::string error = error_of([&] {
        dossier::parse_in_child(
            []() -> SourceDocument {
                std::this_thread::sleep_for(std::chrono::seconds(60));
                return {};
            },
            "Word reader", limits);
    });
    CHECK(error == "failed: the Word reader did not finish within 0.3 s; the file is left out");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(30));
}

TEST_CASE("A child sending back more than the text limit is stopped and the file skipped", "[formats]") {
    IsolationLimits limits;
    limits.max_text_bytes = 1000;
    const std::string error = error_of([&] {
        dossier::parse_in_child(
            [] {
                SourceDocument document;
                document.text.assign(3'000'000, 'x');  // past the answer bound (2 x limit + 1 MiB)
                return document;
            },
            "PDF reader", limits);
    });
    CHECK(error == "skipped: extracted text is over the limit (--max-text-size) of 1000 bytes");
}

TEST_CASE("parse_document reads a text file and fills title and date from its text", "[formats]") {
    const SourceDocument document = dossier::parse_document(
        "/docs/note.md", "# Cyber norms\n\nJakarta, 13 April 2023 - Ministers met.\n", "2024-01-02", {});
    CHECK(document.format == "text");
    CHECK(document.encoding == "UTF-8");
    CHECK(document.title == "Cyber norms");
    CHECK(document.date == "2023-04-13");
    CHECK(document.date_source == "text");
}

TEST_CASE("parse_document skips text over --max-text-size", "[formats]") {
    dossier::ReadLimits limits;
    limits.max_text_bytes = 10;
    CHECK(error_of([&] { dossier::parse_document("/docs/a.txt", "twenty-one bytes long", "", limits); }) ==
          "skipped: extracted text is too large (21 bytes; the limit, --max-text-size, is 10 bytes)");
}

TEST_CASE("page_at gives the page holding a byte offset", "[formats]") {
    dossier::schema::StoredDocument document;
    CHECK(dossier::schema::page_at(document, 500) == 1);
    document.page_breaks = {100, 250};
    CHECK(dossier::schema::page_at(document, 0) == 1);
    CHECK(dossier::schema::page_at(document, 99) == 1);
    CHECK(dossier::schema::page_at(document, 100) == 2);
    CHECK(dossier::schema::page_at(document, 249) == 2);
    CHECK(dossier::schema::page_at(document, 250) == 3);
}

TEST_CASE("Format, encoding and page breaks survive the document data", "[formats]") {
    dossier::schema::StoredDocument document;
    document.path = "/docs/a.pdf";
    document.format = "pdf";
    document.encoding = "";
    document.page_breaks = {7, 19};
    document.text = "one.\n\ntwo.";
    const auto decoded = dossier::schema::decode_document_data(dossier::schema::encode_document_data(document));
    CHECK(decoded.format == "pdf");
    CHECK(decoded.page_breaks == std::vector<std::uint32_t>{7, 19});
    CHECK(decoded.text == document.text);
    // Data written before formats existed reads as a text document.
    const auto old = dossier::schema::decode_document_data("{\"path\":\"/x.txt\",\"title\":\"x\"}\nbody");
    CHECK(old.format == "text");
    CHECK(old.page_breaks.empty());
}

TEST_CASE("a big HTML page is parsed in a child with the same result as a small one in process", "[formats]") {
    const std::string head = "<html lang=\"en\"><head><title>Ransomware report</title></head><body><p>";
    std::string small = head + "Hospitals were attacked.</p></body></html>";
    std::string big = head + "Hospitals were attacked.</p>";
    while (big.size() < (1u << 20) + 1000) big += "<p>More paragraphs about the attacks on hospitals.</p>\n";
    big += "</body></html>";
    const SourceDocument in_process = dossier::parse_document("/docs/small.html", small, "", {});
    const SourceDocument in_child = dossier::parse_document("/docs/big.html", big, "", {});
    CHECK(in_process.title == "Ransomware report");
    CHECK(in_child.title == "Ransomware report");
    CHECK(in_child.format == "html");
    CHECK(in_child.lang == "en");
    CHECK(in_child.lang_is_hint);
    CHECK(in_child.text.starts_with(in_process.text));
    CHECK(in_child.text.size() > (1u << 19));
}
