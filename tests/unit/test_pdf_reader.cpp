// SPDX-License-Identifier: MIT
// The PDF reader (poppler-cpp), on the fixtures of tests/fixtures/formats/
// (made by tests/fixtures/make-office-fixtures) and on small PDFs written
// here, which control exactly what the Info dictionary and pages hold.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "readers/pdf_reader.h"
#include "index/schema.h"
#include "test_support.h"
#include "base/utf8.h"

using dossier::DocumentError;
using dossier::parse_pdf_document;
using dossier::ReadLimits;
using dossier::SourceDocument;
using dossier::test::fixture;

namespace {

const char* kind_name(DocumentError::Kind kind) {
    return kind == DocumentError::Kind::skipped ? "skipped" : "failed";
}

// "kind: message" of the DocumentError reading `bytes` throws, or "no error".
std::string pdf_error(const std::string& bytes, const ReadLimits& limits = {}) {
    try {
        parse_pdf_document("/docs/x.pdf", bytes, limits);
    } catch (const DocumentError& e) {
        return std::string(kind_name(e.kind())) + ": " + e.what();
    }
    return "no error";
}

// A PDF string: UTF-16BE with a byte order mark, in hex, so that any text
// (and any delimiter) can be written.
std::string pdf_text_string(const std::string& utf8) {
    std::string out = "<FEFF";
    for (char32_t c : dossier::test::to_code_points(utf8)) {
        auto unit = [&out](unsigned value) {
            static const char* digits = "0123456789ABCDEF";
            for (int shift = 12; shift >= 0; shift -= 4) out += digits[(value >> shift) & 0xF];
        };
        if (c >= 0x10000) {
            unit(0xD800 + ((c - 0x10000) >> 10));
            unit(0xDC00 + ((c - 0x10000) & 0x3FF));
        } else {
            unit(static_cast<unsigned>(c));
        }
    }
    return out + ">";
}

struct PdfSpec {
    // Lines of each page, in the WinAnsi encoding of the standard
    // Helvetica font (ASCII, and Latin-1 bytes for accented letters).
    std::vector<std::vector<std::string>> pages;
    // Info dictionary entries (UTF-8 values).
    std::vector<std::pair<std::string, std::string>> info;
    // The /Count the page tree claims; the real count when 0.
    long claimed_pages = 0;
    // Free entries added to the cross-reference table (poppler believes
    // a /Count only up to the number of objects the table lists).
    std::size_t free_objects = 0;
};

// A small, valid PDF 1.4 file with a correct cross-reference table.
std::string make_pdf(const PdfSpec& spec) {
    std::vector<std::string> objects;  // object i + 1
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("");  // the page tree, filled in below
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    std::string info = "<<";
    for (const auto& [key, value] : spec.info) info += " /" + key + " " + pdf_text_string(value);
    objects.push_back(info + " >>");
    std::string kids;
    for (const auto& lines : spec.pages) {
        std::string stream;
        if (!lines.empty()) {
            stream = "BT /F1 12 Tf 14 TL 72 720 Td";
            for (const std::string& line : lines) {
                std::string escaped;
                for (char c : line) {
                    if (c == '(' || c == ')' || c == '\\') escaped += '\\';
                    escaped += c;
                }
                stream += " (" + escaped + ") Tj T*";
            }
            stream += " ET";
        }
        const std::size_t page_number = objects.size() + 1;
        kids += " " + std::to_string(page_number) + " 0 R";
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                          "/Contents " + std::to_string(page_number + 1) + " 0 R >>");
        objects.push_back("<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream");
    }
    const long count = spec.claimed_pages != 0 ? spec.claimed_pages : static_cast<long>(spec.pages.size());
    objects[1] = "<< /Type /Pages /Kids [" + kids + " ] /Count " + std::to_string(count) + " >>";

    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = pdf.size();
    const std::size_t size = objects.size() + 1 + spec.free_objects;
    pdf += "xref\n0 " + std::to_string(size) + "\n0000000000 65535 f \n";
    for (std::size_t offset : offsets) {
        const std::string digits = std::to_string(offset);
        pdf += std::string(10 - digits.size(), '0') + digits + " 00000 n \n";
    }
    for (std::size_t i = 0; i < spec.free_objects; ++i) pdf += "0000000000 00001 f \n";
    pdf += "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R /Info 4 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

SourceDocument read_pdf(const PdfSpec& spec) { return parse_pdf_document("/docs/x.pdf", make_pdf(spec), {}); }

// `text` with every run of white space made one space.
std::string squeeze(const std::string& text) {
    std::string out;
    for (char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

TEST_CASE("the statement PDF gives its Info title, author, creation date and text", "[pdf]") {
    const SourceDocument doc = parse_pdf_document("/docs/statement.pdf", fixture("formats/statement.pdf"), {});
    CHECK(doc.path == "/docs/statement.pdf");
    CHECK(doc.format == "pdf");
    CHECK(doc.title == "Joint Statement on the SolarWinds Compromise");
    CHECK(doc.title_from_metadata);
    CHECK(doc.source == "Ministry of Foreign Affairs");
    // CreationDate D:20210415093000+02'00' wins over ModDate 2021-04-16.
    CHECK(doc.date == "2021-04-15");
    CHECK(doc.date_source == dossier::schema::kDateFromMetadata);
    CHECK(doc.lang.empty());  // poppler-cpp does not expose the catalog's /Lang
    CHECK(doc.encoding.empty());
    CHECK(doc.warnings.empty());
    CHECK(dossier::is_valid_utf8(doc.text));
    CHECK(doc.text.find('\f') == std::string::npos);
    CHECK(squeeze(doc.text).starts_with("Joint Statement on the SolarWinds Compromise The governments signing this "
                                        "statement attribute the SolarWinds supply-chain compromise to the Foreign "
                                        "Intelligence Service of Russia"));
    CHECK(squeeze(doc.text).ends_with("paid a ransom to the criminal group known as DarkSide."));
}

TEST_CASE("the statement PDF records where its second page begins", "[pdf]") {
    const SourceDocument doc = parse_pdf_document("/docs/statement.pdf", fixture("formats/statement.pdf"), {});
    REQUIRE(doc.page_breaks.size() == 1);
    const std::size_t page2 = doc.page_breaks[0];
    REQUIRE(page2 <= doc.text.size());
    CHECK(doc.text.substr(0, page2).ends_with("supply\nchains.\n\n"));
    CHECK(doc.text.substr(page2).starts_with("Annex\nThe ransomware attack on Colonial Pipeline"));
    const std::size_t quartermaster = doc.text.find("quartermaster");
    REQUIRE(quartermaster != std::string::npos);
    CHECK(quartermaster > page2);
    CHECK(doc.text.find("Russia") < page2);
}

TEST_CASE("every PDF page gets its break, empty pages included", "[pdf]") {
    const SourceDocument doc = read_pdf({{{"Page one says Alpha."}, {}, {"Page three says Gamma.", "Second line."}},
                                         {{"Title", "Three pages"}}});
    CHECK(doc.text == "Page one says Alpha.\n\n\n\nPage three says Gamma.\nSecond line.");
    CHECK(doc.page_breaks == std::vector<std::uint32_t>{22, 24});
    CHECK(doc.title == "Three pages");
    CHECK(doc.date.empty());
    CHECK(doc.date_source.empty());
    CHECK(doc.source.empty());
}

TEST_CASE("a one-page PDF has no page breaks", "[pdf]") {
    const SourceDocument doc = read_pdf({{{"Only page."}}, {}});
    CHECK(doc.text == "Only page.");
    CHECK(doc.page_breaks.empty());
    CHECK(doc.title.empty());
    CHECK_FALSE(doc.title_from_metadata);
}

TEST_CASE("a two-column PDF reads the left column before the right one", "[pdf]") {
    // The second paragraph runs from the foot of the left column to the
    // head of the right one (tests/fixtures/formats/src/two_columns.fodt).
    const SourceDocument doc = parse_pdf_document("/docs/two.pdf", fixture("formats/two_columns.pdf"), {});
    CHECK(squeeze(doc.text) ==
          "First paragraph: the text opens with the Stuxnet worm and the centrifuges it damaged at Natanz. "
          "Second paragraph: it goes on with the WannaCry ransomware and the hospitals it disrupted, and it is long "
          "enough to run from the foot of the left column to the head of the right one. "
          "Third paragraph: it ends with the NotPetya attack on Ukraine.");
    CHECK(doc.title == "Two columns");
}

TEST_CASE("PDF text in a single-byte font encoding comes out as UTF-8", "[pdf]") {
    // WinAnsi 0xE9 is é, 0x96 is an en dash.
    const SourceDocument doc = read_pdf({{{"D\xE9" "claration conjointe \x96 2021"}}, {}});
    CHECK(doc.text == "Déclaration conjointe – 2021");
}

TEST_CASE("PDF Info titles that say nothing give no title", "[pdf]") {
    // Row: Info Title -> the title the document gets.
    auto [raw, expected] = GENERATE(table<std::string, std::string>({
        {"Cyber Strategy 2023", "Cyber Strategy 2023"},
        {"  Cyber   Strategy\n2023 ", "Cyber Strategy 2023"},
        {"Déclaration conjointe sur la cybersécurité", "Déclaration conjointe sur la cybersécurité"},
        {"网络安全声明", "网络安全声明"},
        {"Microsoft Word - Joint statement final.docx", "Joint statement final"},
        {"Microsoft Word - Statement", "Statement"},
        {"Microsoft PowerPoint - Briefing.pptx", "Briefing"},
        {"Untitled", ""},
        {"untitled-3", ""},
        {"Untitled document", ""},
        {"Document1", ""},
        {"Microsoft Word Document", ""},
        {"---", ""},
        {"   ", ""},
    }));
    CAPTURE(raw);
    const SourceDocument doc = read_pdf({{{"Body text."}}, {{"Title", raw}, {"Author", " Kementerian\nLuar Negeri "}}});
    CHECK(doc.title == expected);
    CHECK(doc.title_from_metadata == !expected.empty());
    CHECK(doc.source == "Kementerian Luar Negeri");
}

TEST_CASE("PDF dates come from CreationDate, else ModDate, as their writer wrote them", "[pdf]") {
    // Row: CreationDate, ModDate -> date, number of warnings.
    auto [creation, mod, expected, warnings] = GENERATE(table<std::string, std::string, std::string, std::size_t>({
        {"D:20210415093000+02'00'", "D:20210416120000Z", "2021-04-15", 0},
        // Early on the 15th east of Greenwich is the 14th in UTC: the
        // date as written wins.
        {"D:20210415003000+07'00'", "", "2021-04-15", 0},
        {"D:20211231230000-05'00'", "", "2021-12-31", 0},
        {"D:20190704", "", "2019-07-04", 0},
        {"D:201907", "", "2019-07-01", 0},
        {"D:2019", "", "2019-01-01", 0},
        {"20190704120000", "", "2019-07-04", 0},
        {"2019-07-04T12:00:00Z", "", "2019-07-04", 0},  // ISO, as some producers write
        {"", "D:20200102030405Z", "2020-01-02", 0},
        {"not a date", "D:20200102", "2020-01-02", 1},
        {"D:20210230", "", "", 1},     // no 30 February
        {"D:18500101", "", "", 1},     // implausible for a document
        {"D:00000101", "D:20200102", "2020-01-02", 1},
        {"D:2019071", "", "", 1},
        {"", "", "", 0},
    }));
    CAPTURE(creation, mod);
    std::vector<std::pair<std::string, std::string>> info;
    if (!creation.empty()) info.emplace_back("CreationDate", creation);
    if (!mod.empty()) info.emplace_back("ModDate", mod);
    const SourceDocument doc = read_pdf({{{"Body text."}}, info});
    CHECK(doc.date == expected);
    CHECK(doc.date_source == (expected.empty() ? "" : dossier::schema::kDateFromMetadata));
    CHECK(doc.warnings.size() == warnings);
    if (warnings == 1) CHECK(doc.warnings[0].starts_with("PDF CreationDate '"));
}

TEST_CASE("an encrypted PDF fails and says a password is needed", "[pdf]") {
    CHECK(pdf_error(fixture("formats/encrypted.pdf")) == "failed: encrypted PDF (a password is needed to read it)");
}

TEST_CASE("a damaged or foreign file given to the PDF reader fails", "[pdf]") {
    const std::string statement = fixture("formats/statement.pdf");
    REQUIRE(statement.size() > 2000);
    const std::string kDamaged = "failed: damaged or not a PDF (poppler could not open it)";
    CHECK(pdf_error("") == kDamaged);
    CHECK(pdf_error("hello, world\n") == kDamaged);
    CHECK(pdf_error("%PDF-1.4\n") == kDamaged);
    for (const std::size_t cut : {std::size_t{1000}, statement.size() / 3, statement.size() / 2}) {
        CAPTURE(cut);
        CHECK(pdf_error(statement.substr(0, cut)) == kDamaged);
    }
    // Without its trailer only, poppler rebuilds the cross-references.
    const SourceDocument repaired = parse_pdf_document("/docs/x.pdf", statement.substr(0, statement.size() - 100), {});
    CHECK(repaired.page_breaks.size() == 1);
    REQUIRE(repaired.text.find("quartermaster") != std::string::npos);
    CHECK(repaired.text.find("quartermaster") > repaired.page_breaks.at(0));
    CHECK(pdf_error(fixture("formats/briefing.docx")) == kDamaged);
}

TEST_CASE("a PDF without a text layer is skipped as a scan", "[pdf]") {
    CHECK(pdf_error(fixture("formats/no_text.pdf")) ==
          "skipped: no text layer (a scanned PDF? dossier does not do OCR)");
    CHECK(pdf_error(make_pdf({{{}, {}}, {{"Title", "Blank"}}})) ==
          "skipped: no text layer (a scanned PDF? dossier does not do OCR)");
}

TEST_CASE("a PDF whose text passes the limit is skipped", "[pdf]") {
    ReadLimits limits;
    limits.max_text_bytes = 100;
    CHECK(pdf_error(fixture("formats/statement.pdf"), limits) ==
          "skipped: extracted text is too large (more than 100 bytes by page 1 of 2; the limit, --max-text-size, is "
          "100 bytes)");
    const std::size_t size = parse_pdf_document("/docs/x.pdf", fixture("formats/statement.pdf"), {}).text.size();
    limits.max_text_bytes = size - 1;
    CHECK(pdf_error(fixture("formats/statement.pdf"), limits) ==
          "skipped: extracted text is too large (more than " + std::to_string(size - 1) +
              " bytes by page 2 of 2; the limit, --max-text-size, is " + std::to_string(size - 1) + " bytes)");
    limits.max_text_bytes = size;
    CHECK(pdf_error(fixture("formats/statement.pdf"), limits) == "no error");
}

TEST_CASE("a PDF page tree claiming absurdly many pages fails", "[pdf]") {
    PdfSpec spec{{{"One real page."}}, {}};
    spec.claimed_pages = 150'000;
    spec.free_objects = 160'000;
    CHECK(pdf_error(make_pdf(spec)) == "failed: damaged PDF (it claims 150000 pages; dossier reads at most 100000)");
    // With fewer objects than the claimed pages, poppler finds none.
    spec.free_objects = 0;
    CHECK(pdf_error(make_pdf(spec)) == "failed: damaged PDF (it has no pages)");
}
