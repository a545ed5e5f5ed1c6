// SPDX-License-Identifier: MIT
// The Word (.docx) and OpenDocument (.odt) readers, on the fixtures of
// tests/fixtures/formats/ (made by tests/fixtures/make-office-fixtures
// with LibreOffice) and on packages built here with libzip, whose XML
// each test writes out in full.
#include <catch2/catch.hpp>

#include <zip.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "readers/office_reader.h"
#include "index/schema.h"
#include "test_support.h"
#include "base/utf8.h"

using dossier::DocumentError;
using dossier::parse_docx_document;
using dossier::parse_odt_document;
using dossier::ReadLimits;
using dossier::SourceDocument;
using dossier::test::fixture;
using dossier::test::TempDir;

namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

// A zip archive holding `entries` (name, bytes), in order, deflated.
std::string make_zip(const Entries& entries) {
    const TempDir dir("office-zip");
    const std::filesystem::path path = dir.path() / "package.zip";
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    REQUIRE(archive != nullptr);
    for (const auto& [name, bytes] : entries) {
        zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
        REQUIRE(source != nullptr);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) zip_source_free(source);
        REQUIRE(index >= 0);
    }
    REQUIRE(zip_close(archive) == 0);
    return dossier::test::read_file(path);
}

const char* kind_name(DocumentError::Kind kind) {
    return kind == DocumentError::Kind::skipped ? "skipped" : "failed";
}

// "kind: message" of the DocumentError reading `bytes` throws, or "no error".
template <typename Parse>
std::string error_of(Parse parse, const std::string& bytes, const ReadLimits& limits = {}) {
    try {
        parse("/docs/x", bytes, limits);
    } catch (const DocumentError& e) {
        return std::string(kind_name(e.kind())) + ": " + e.what();
    }
    return "no error";
}

std::string docx_error(const std::string& bytes, const ReadLimits& limits = {}) {
    return error_of(parse_docx_document, bytes, limits);
}
std::string odt_error(const std::string& bytes, const ReadLimits& limits = {}) {
    return error_of(parse_odt_document, bytes, limits);
}

constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// word/document.xml with `body` inside w:body.
std::string word_document(const std::string& body) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"") +
           kWordNs +
           "\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>" + body +
           "<w:sectPr/></w:body></w:document>";
}

std::string word_paragraph(const std::string& text) { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>"; }

std::string core_properties(const std::string& fields) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
           "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">" +
           fields + "</cp:coreProperties>";
}

std::string word_styles_with_language(const std::string& lang) {
    return std::string("<w:styles xmlns:w=\"") + kWordNs +
           "\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Calibri\"/><w:lang w:val=\"" + lang +
           "\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault></w:docDefaults>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:rPr><w:lang w:val=\"it-IT\"/></w:rPr></w:style>"
           "</w:styles>";
}

constexpr const char* kOdfNamespaces =
    "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
    "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"";

// content.xml with `text` inside office:text.
std::string odf_content(const std::string& text) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content ") + kOdfNamespaces +
           " office:version=\"1.3\"><office:body><office:text>" + text +
           "</office:text></office:body></office:document-content>";
}

std::string odf_meta(const std::string& fields) {
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta ") + kOdfNamespaces +
           " office:version=\"1.3\"><office:meta>" + fields + "</office:meta></office:document-meta>";
}

std::string odf_styles_with_language(const std::string& language, const std::string& country) {
    return std::string("<office:document-styles ") + kOdfNamespaces +
           "><office:styles>"
           "<style:default-style style:family=\"graphic\"><style:text-properties fo:language=\"ja\"/></style:default-style>"
           "<style:default-style style:family=\"paragraph\"><style:text-properties fo:language=\"" +
           language + "\" fo:country=\"" + country + "\"/></style:default-style>" +
           "</office:styles></office:document-styles>";
}

const std::string kOdtMimetype = "application/vnd.oasis.opendocument.text";

SourceDocument read_docx(const Entries& entries) { return parse_docx_document("/docs/x.docx", make_zip(entries), {}); }
SourceDocument read_odt(const Entries& entries) { return parse_odt_document("/docs/x.odt", make_zip(entries), {}); }

// Where `words` occur in `text`, in order; npos for a word missing or out
// of order.
std::vector<std::size_t> positions_in_order(const std::string& text, const std::vector<std::string>& words) {
    std::vector<std::size_t> positions;
    std::size_t from = 0;
    for (const std::string& word : words) {
        const std::size_t at = text.find(word, from);
        positions.push_back(at);
        if (at == std::string::npos) break;
        from = at + word.size();
    }
    return positions;
}

bool in_order(const std::string& text, const std::vector<std::string>& words) {
    const auto positions = positions_in_order(text, words);
    return positions.size() == words.size() && positions.back() != std::string::npos;
}

}  // namespace

// ---- The fixtures ---------------------------------------------------------------

TEST_CASE("the French briefing .docx gives its core properties and text", "[office]") {
    const SourceDocument doc = parse_docx_document("/docs/briefing.docx", fixture("formats/briefing.docx"), {});
    CHECK(doc.path == "/docs/briefing.docx");
    CHECK(doc.format == "docx");
    CHECK(doc.title == "Note d'information sur NotPetya");
    CHECK(doc.title_from_metadata);
    CHECK(doc.date == "2022-06-27");  // dcterms:created; modified is 2022-07-01
    CHECK(doc.date_source == dossier::schema::kDateFromMetadata);
    CHECK(doc.source == "Direction de la sécurité");
    CHECK(doc.lang == "fr-FR");
    CHECK_FALSE(doc.lang_is_hint);
    CHECK(doc.encoding.empty());
    CHECK(doc.page_breaks.empty());
    CHECK(doc.warnings.empty());
    CHECK(dossier::is_valid_utf8(doc.text));
    CHECK(doc.text ==
          "Note d'information sur NotPetya\n"
          "Le 27 juin 2017, le logiciel malveillant NotPetya a frappé l'Ukraine à travers la mise à jour piégée d'un "
          "logiciel de comptabilité très répandu. Les banques, les ministères et les aéroports ukrainiens ont été "
          "paralysés en quelques heures.\n"
          "Présenté comme un rançongiciel, NotPetya détruisait en réalité les données ; ses dégâts se sont propagés "
          "comme un hippocampe emporté par le courant jusqu'aux entreprises du monde entier.\n"
          "Pays visé\tUkraine\n"
          "Attribution\tRussie tableaucellule\n"
          "En février 2018, plusieurs gouvernements ont attribué l'attaque à la Russie.\n"
          "\n"
          "Voir la notebasdepage sur le logiciel M.E.Doc.");
}

TEST_CASE("the Indonesian communique .odt gives its metadata and text", "[office]") {
    const SourceDocument doc = parse_odt_document("/docs/communique.odt", fixture("formats/communique.odt"), {});
    CHECK(doc.path == "/docs/communique.odt");
    CHECK(doc.format == "odt");
    CHECK(doc.title == "Pernyataan tentang serangan WannaCry");
    CHECK(doc.title_from_metadata);
    CHECK(doc.date == "2017-05-20");  // meta:creation-date; dc:date is 2017-05-22
    CHECK(doc.date_source == dossier::schema::kDateFromMetadata);
    CHECK(doc.source == "Kementerian Luar Negeri");
    CHECK(doc.lang == "id");
    CHECK_FALSE(doc.lang_is_hint);
    CHECK(doc.page_breaks.empty());
    CHECK(doc.warnings.empty());
    CHECK(dossier::is_valid_utf8(doc.text));
    CHECK(doc.text ==
          "Pernyataan tentang serangan WannaCry\n"
          "Pemerintah Indonesia mengecam serangan ransomware WannaCry yang melumpuhkan rumah sakit, bank dan instansi "
          "pemerintah di lebih dari seratus negara pada pertengahan Mei 2017.\n"
          "Sejumlah peneliti keamanan mengaitkan serangan itu dengan kelompok peretas dari Korea Utara. Kami "
          "mengimbau masyarakat segera memperbarui sistem mereka, semudah memetik rambutan di halaman rumah.");
    CHECK(in_order(doc.text, {"WannaCry", "Korea Utara", "rambutan"}));
}

// ---- Word text --------------------------------------------------------------------

TEST_CASE("Word text keeps runs, tabs, breaks, tables and notes and drops deletions and field codes",
          "[office]") {
    const std::string body =
        // Tab stops and run properties are not text.
        "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs><w:rPr><w:b/></w:rPr></w:pPr>"
        "<w:r><w:t>Heading</w:t></w:r></w:p>"
        // Revisions: the deletion goes, the insertion stays; a space run.
        "<w:p><w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"A\"><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\" w:author=\"A\"><w:r><w:t>inserted</w:t></w:r></w:ins>"
        "<w:moveFrom w:id=\"3\"><w:r><w:t>moved away</w:t></w:r></w:moveFrom>"
        "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"
        "<w:r><w:tab/><w:t>after tab</w:t><w:br/><w:t>after break</w:t></w:r></w:p>"
        // A field: the code goes, the result stays; a symbol glyph goes.
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
        "<w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"http://example.org\" </w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>field result</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:t xml:space=\"preserve\"> </w:t><w:sym w:font=\"Wingdings\" w:char=\"F0E0\"/>"
        "<w:t>non</w:t><w:noBreakHyphen/><w:t>breaking</w:t></w:r></w:p>"
        // A text box: the drawing's text once, not again from the VML fallback.
        "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>"
        "<w:p><w:r><w:t>text box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>text box</w:t></w:r></w:p></w:txbxContent></w:pict>"
        "</mc:Fallback></mc:AlternateContent></w:r></w:p>"
        "<w:p/>"
        // A table: cells by tabs, rows by lines, a cell's paragraphs by spaces.
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\"/></w:tblPr>"
        "<w:tr><w:tc><w:tcPr/><w:p><w:r><w:t>a1</w:t></w:r></w:p><w:p><w:r><w:t>a1 again</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>b1</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p/></w:tc><w:tc><w:p><w:r><w:t>b2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>" +
        word_paragraph("Fish &amp; chips &#x2014; &lt;served&gt;");
    const std::string footnotes =
        std::string("<w:footnotes xmlns:w=\"") + kWordNs +
        "\"><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"
        "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:t>cont</w:t></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"1\"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> First "
        "footnote.</w:t></w:r></w:p></w:footnote>"
        "<w:footnote w:id=\"2\"><w:p><w:r><w:t>Second footnote.</w:t></w:r></w:p></w:footnote></w:footnotes>";
    const std::string endnotes = std::string("<w:endnotes xmlns:w=\"") + kWordNs +
                                 "\"><w:endnote w:id=\"1\"><w:p><w:r><w:t>An endnote.</w:t></w:r></w:p></w:endnote>"
                                 "</w:endnotes>";
    const SourceDocument doc = read_docx({{"word/document.xml", word_document(body)},
                                          {"word/footnotes.xml", footnotes},
                                          {"word/endnotes.xml", endnotes}});
    CHECK(doc.text ==
          "Heading\n"
          "Kept inserted \tafter tab\n"
          "after break\n"
          "field result non-breaking\n"
          "text box\n"
          "a1 a1 again\tb1\n"
          "b2\n"
          "Fish & chips — <served>\n"
          "\n"
          "First footnote.\n"
          "Second footnote.\n"
          "\n"
          "An endnote.");
    // No core properties: nothing but the text.
    CHECK(doc.title.empty());
    CHECK_FALSE(doc.title_from_metadata);
    CHECK(doc.date.empty());
    CHECK(doc.date_source.empty());
    CHECK(doc.lang.empty());
    CHECK(doc.source.empty());
    CHECK(doc.warnings.empty());
}

TEST_CASE("Word XML is matched by namespace, whatever the prefix", "[office]") {
    // Row: document.xml -> its text.
    auto [xml, expected] = GENERATE(table<std::string, std::string>({
        {std::string("<ns0:document xmlns:ns0=\"") + kWordNs +
             "\"><ns0:body><ns0:p><ns0:r><ns0:t>Other prefix</ns0:t></ns0:r></ns0:p></ns0:body></ns0:document>",
         "Other prefix"},
        {std::string("<document xmlns=\"") + kWordNs + "\"><body><p><r><t>Default namespace</t></r></p></body></document>",
         "Default namespace"},
        // The strict flavour of Office Open XML.
        {"<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><w:body><w:p><w:r><w:t>Strict"
         "</w:t></w:r></w:p></w:body></w:document>",
         "Strict"},
        // A sloppy generator that never declares w: still gets read.
        {"<w:document><w:body><w:p><w:r><w:t>Undeclared</w:t></w:r></w:p></w:body></w:document>", "Undeclared"},
        // A t of another vocabulary is not Word text.
        {std::string("<w:document xmlns:w=\"") + kWordNs +
             "\" xmlns:x=\"urn:example\"><w:body><w:p><w:r><x:t>foreign</x:t><w:t>own</w:t></w:r></w:p></w:body>"
             "</w:document>",
         "own"},
        // A prefix bound again deeper in the tree.
        {std::string("<w:document xmlns:w=\"") + kWordNs +
             "\"><w:body><w:p><w:r xmlns:w=\"urn:example\"><w:t>rebound</w:t></w:r>"
             "<w:r><w:t>kept</w:t></w:r></w:p></w:body></w:document>",
         "kept"},
    }));
    CAPTURE(xml);
    CHECK(read_docx({{"word/document.xml", xml}}).text == expected);
}

TEST_CASE("Word core properties give title, date, creator and language", "[office]") {
    const SourceDocument doc = read_docx(
        {{"word/document.xml", word_document(word_paragraph("Body."))},
         {"docProps/core.xml",
          core_properties("<dc:title>  Cyber\n strategy </dc:title><dc:creator>Kementerian</dc:creator>"
                          "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2023-04-13T06:20:00Z</dcterms:created>"
                          "<dc:language>en-GB</dc:language>")},
         {"word/styles.xml", word_styles_with_language("de-DE")}});
    CHECK(doc.title == "Cyber strategy");
    CHECK(doc.title_from_metadata);
    CHECK(doc.source == "Kementerian");
    CHECK(doc.date == "2023-04-13");
    CHECK(doc.lang == "en-GB");
    CHECK_FALSE(doc.lang_is_hint);
}

TEST_CASE("a Word file without a core language takes the default run language as a hint", "[office]") {
    const SourceDocument doc = read_docx({{"word/document.xml", word_document(word_paragraph("Text."))},
                                          {"docProps/core.xml", core_properties("<dc:title>T</dc:title>")},
                                          {"word/styles.xml", word_styles_with_language("de-DE")}});
    CHECK(doc.lang == "de-DE");
    CHECK(doc.lang_is_hint);
    // No styles at all: no language.
    const SourceDocument bare = read_docx({{"word/document.xml", word_document(word_paragraph("Text."))}});
    CHECK(bare.lang.empty());
    CHECK_FALSE(bare.lang_is_hint);
}

TEST_CASE("Word dates come from dcterms:created, else dcterms:modified", "[office]") {
    // Row: created, modified -> date, warnings.
    auto [created, modified, expected, warnings] = GENERATE(table<std::string, std::string, std::string, std::size_t>({
        {"2022-06-27T10:00:00Z", "2022-07-01T16:45:00Z", "2022-06-27", 0},
        {"", "2022-07-01T16:45:00Z", "2022-07-01", 0},
        {"2022-06-27", "", "2022-06-27", 0},
        {"1601-01-01T00:00:00Z", "2022-07-01T16:45:00Z", "2022-07-01", 1},  // Windows' zero date
        {"yesterday", "", "", 1},
        {"", "", "", 0},
    }));
    CAPTURE(created, modified);
    std::string fields;
    if (!created.empty()) fields += "<dcterms:created xsi:type=\"dcterms:W3CDTF\">" + created + "</dcterms:created>";
    if (!modified.empty()) fields += "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">" + modified + "</dcterms:modified>";
    const SourceDocument doc = read_docx(
        {{"word/document.xml", word_document(word_paragraph("Text."))}, {"docProps/core.xml", core_properties(fields)}});
    CHECK(doc.date == expected);
    CHECK(doc.date_source == (expected.empty() ? "" : dossier::schema::kDateFromMetadata));
    REQUIRE(doc.warnings.size() == warnings);
    if (warnings == 1) CHECK(doc.warnings[0].starts_with("docProps/core.xml dcterms:created '"));
}

TEST_CASE("a broken Word metadata part costs its metadata only", "[office]") {
    const SourceDocument doc = read_docx({{"word/document.xml", word_document(word_paragraph("Still read."))},
                                          {"docProps/core.xml", "<cp:coreProperties><dc:title>T</dc:titl>"}});
    CHECK(doc.text == "Still read.");
    CHECK(doc.title.empty());
    REQUIRE(doc.warnings.size() == 1);
    CHECK(doc.warnings[0].starts_with("docProps/core.xml is not well-formed XML at offset "));
    CHECK(doc.warnings[0].ends_with("; what it holds is ignored"));
}

TEST_CASE("invalid UTF-8 in Word text is repaired and reported", "[office]") {
    const SourceDocument doc = read_docx({{"word/document.xml", word_document(word_paragraph("caf\xE9 ok"))}});
    CHECK(doc.text == "caf\xEF\xBF\xBD ok");
    CHECK(doc.warnings == std::vector<std::string>{"1 invalid UTF-8 sequence replaced with U+FFFD"});
}

TEST_CASE("deeply nested Word XML is read without exhausting the stack", "[office]") {
    const int depth = 200'000;
    std::string nested;
    for (int i = 0; i < depth; ++i) nested += "<w:sdt><w:sdtContent>";
    nested += word_paragraph("deep");
    for (int i = 0; i < depth; ++i) nested += "</w:sdtContent></w:sdt>";
    CHECK(read_docx({{"word/document.xml", word_document(nested + word_paragraph("shallow"))}}).text == "deep\nshallow");
}

// ---- OpenDocument text ---------------------------------------------------------------

TEST_CASE("OpenDocument text keeps paragraphs, spaces, lists, tables and notes and drops comments and deletions",
          "[office]") {
    const std::string text =
        "<text:tracked-changes><text:changed-region text:id=\"c1\"><text:deletion><office:change-info/>"
        "<text:p>deleted words</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        "<text:sequence-decls><text:sequence-decl text:name=\"Table\"/></text:sequence-decls>\n"
        "<text:h text:outline-level=\"1\">Heading</text:h>\n"
        "<text:p>Spaces:<text:s text:c=\"3\"/>three, tab<text:tab/>here, break<text:line-break/>next line, and\n"
        "   collapsed    <text:span>white</text:span> space<text:note text:id=\"n1\" text:note-class=\"footnote\">"
        "<text:note-citation>1</text:note-citation><text:note-body><text:p>The note.</text:p></text:note-body>"
        "</text:note> goes on.<office:annotation><dc:creator>Reviewer</dc:creator><text:p>A comment.</text:p>"
        "</office:annotation></text:p>\n"
        "<text:list><text:list-item><text:p>First item</text:p></text:list-item>"
        "<text:list-item><text:p>Second item</text:p></text:list-item></text:list>\n"
        "<table:table><table:table-column/><table:table-row><table:table-cell><text:p>a1</text:p>"
        "<text:p>a1 again</text:p></table:table-cell><table:table-cell><text:p>b1</text:p></table:table-cell>"
        "</table:table-row><table:table-row><table:covered-table-cell/><table:table-cell><text:p>b2</text:p>"
        "</table:table-cell></table:table-row></table:table>\n"
        "<text:p><draw:frame><svg:title>Alt title</svg:title><svg:desc>Alt text</svg:desc><draw:text-box>"
        "<text:p>Frame text</text:p></draw:text-box></draw:frame></text:p>\n"
        "<text:p/>\n"
        "<text:p>Fish &amp; chips<text:note text:note-class=\"endnote\"><text:note-citation>i</text:note-citation>"
        "<text:note-body><text:p>The endnote.</text:p></text:note-body></text:note></text:p>";
    const SourceDocument doc = read_odt({{"mimetype", kOdtMimetype}, {"content.xml", odf_content(text)}});
    CHECK(doc.text ==
          "Heading\n"
          "Spaces:   three, tab\there, break\n"
          "next line, and collapsed white space goes on.\n"
          "First item\n"
          "Second item\n"
          "a1 a1 again\tb1\n"
          "b2\n"
          "Frame text\n"
          "Fish & chips\n"
          "\n"
          "The note.\n"
          "The endnote.");
    CHECK(doc.title.empty());
    CHECK(doc.date.empty());
    CHECK(doc.lang.empty());
    CHECK(doc.warnings.empty());
}

TEST_CASE("OpenDocument meta.xml gives title, date, creator and language", "[office]") {
    // Row: meta fields -> title | date | source | lang.
    auto [fields, expected] = GENERATE(table<std::string, std::string>({
        {"<dc:title>Judul</dc:title><meta:initial-creator>Kemlu</meta:initial-creator><dc:creator>Editor</dc:creator>"
         "<meta:creation-date>2017-05-20T08:00:00</meta:creation-date><dc:date>2017-05-22T11:00:00</dc:date>"
         "<dc:language>id</dc:language>",
         "Judul|2017-05-20|Kemlu|id"},
        {"<dc:creator>Editor</dc:creator><dc:date>2017-05-22T11:00:00.123456789</dc:date>", "|2017-05-22|Editor|"},
        {"<meta:creation-date>0000-00-00T00:00:00</meta:creation-date><dc:date>2017-05-22</dc:date>",
         "|2017-05-22||"},
        {"", "|||"},
    }));
    CAPTURE(fields);
    const SourceDocument doc = read_odt({{"mimetype", kOdtMimetype},
                                         {"content.xml", odf_content("<text:p>Isi.</text:p>")},
                                         {"meta.xml", odf_meta(fields)}});
    CHECK(doc.title + "|" + doc.date + "|" + doc.source + "|" + doc.lang == expected);
    CHECK(doc.title_from_metadata == !doc.title.empty());
    CHECK_FALSE(doc.lang_is_hint);
}

TEST_CASE("an OpenDocument file without dc:language takes the default paragraph language as a hint", "[office]") {
    const auto read_with_styles = [](const std::string& styles) {
        return read_odt({{"mimetype", kOdtMimetype},
                         {"content.xml", odf_content("<text:p>Isi.</text:p>")},
                         {"meta.xml", odf_meta("<dc:title>T</dc:title>")},
                         {"styles.xml", styles}});
    };
    const SourceDocument doc = read_with_styles(odf_styles_with_language("en", "US"));
    CHECK(doc.lang == "en-US");
    CHECK(doc.lang_is_hint);
    CHECK(read_with_styles(odf_styles_with_language("id", "none")).lang == "id");
    CHECK(read_with_styles(odf_styles_with_language("zxx", "none")).lang.empty());
}

// ---- Bad packages --------------------------------------------------------------------

TEST_CASE("files that are not zip packages fail with a clear message", "[office]") {
    std::string random(4096, '\0');
    std::uint32_t state = 12345;
    for (char& c : random) {
        state = state * 1103515245u + 12345u;
        c = static_cast<char>(state >> 24);
    }
    CHECK(docx_error(random) == "failed: not a zip package (damaged or not a .docx file)");
    CHECK(odt_error(random) == "failed: not a zip package (damaged or not an .odt file)");
    CHECK(docx_error("plain text, not Word") == "failed: not a zip package (damaged or not a .docx file)");
    CHECK(docx_error(fixture("formats/statement.pdf")) == "failed: not a zip package (damaged or not a .docx file)");
    CHECK(docx_error("") == "skipped: empty file");
    // What Word writes for a password-protected document.
    const std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(504, '\0'));
    CHECK(docx_error(ole) ==
          "failed: password-protected, or an old binary Office file given a new name (an OLE compound file, not a "
          "zip package); save it again without a password in the current format");
}

TEST_CASE("a truncated package fails", "[office]") {
    const std::string briefing = fixture("formats/briefing.docx");
    CHECK(docx_error(briefing.substr(0, briefing.size() / 2)) ==
          "failed: not a zip package (damaged or not a .docx file)");
    const std::string communique = fixture("formats/communique.odt");
    CHECK(odt_error(communique.substr(0, communique.size() / 2)) ==
          "failed: not a zip package (damaged or not an .odt file)");
    // The central directory's end record cut short.
    CHECK(odt_error(communique.substr(0, communique.size() - 10)) ==
          "failed: not a zip package (damaged or not an .odt file)");
}

TEST_CASE("a package without its main part fails", "[office]") {
    const std::string no_document = make_zip({{"[Content_Types].xml", "<Types/>"}, {"word/styles.xml", "<w:styles/>"}});
    CHECK(docx_error(no_document) == "failed: word/document.xml is missing (damaged, or not a Word document)");
    CHECK(odt_error(no_document) == "failed: content.xml is missing (damaged, or not an OpenDocument file)");
    // A .docx renamed .odt, and the other way round.
    CHECK(odt_error(fixture("formats/briefing.docx")) ==
          "failed: content.xml is missing (damaged, or not an OpenDocument file)");
    CHECK(docx_error(fixture("formats/communique.odt")) ==
          "failed: word/document.xml is missing (damaged, or not a Word document)");
}

TEST_CASE("a main part that is not well-formed XML fails with the parser's offset and reason", "[office]") {
    CHECK(docx_error(make_zip({{"word/document.xml", "<w:document><w:body></w:document>"}})) ==
          "failed: word/document.xml is not well-formed XML at offset 22: Start-end tags mismatch");
    CHECK(odt_error(make_zip({{"content.xml", "<office:document-content><text:p>a &unknown; b</text:p>"}})) ==
          "failed: content.xml is not well-formed XML at offset 54: Start-end tags mismatch");
    CHECK(docx_error(make_zip({{"word/document.xml", ""}})) ==
          "failed: word/document.xml is not well-formed XML at offset 0: No document element found");
}

TEST_CASE("XML entities are never expanded", "[office]") {
    // pugixml skips the DOCTYPE: no entity of the file's own is defined,
    // and references to one stay as written.
    const std::string xml = std::string("<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY a \"AAAAAAAAAA\">"
                                        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
                                        "<!ENTITY ext SYSTEM \"file:///etc/passwd\">]>\n<w:document xmlns:w=\"") +
                            kWordNs + "\"><w:body><w:p><w:r><w:t>x &b; &ext; y</w:t></w:r></w:p></w:body></w:document>";
    CHECK(read_docx({{"word/document.xml", xml}}).text == "x &b; &ext; y");
}

TEST_CASE("a package with no text is skipped", "[office]") {
    CHECK(docx_error(make_zip({{"word/document.xml", word_document("<w:p/><w:p><w:r><w:t>   </w:t></w:r></w:p>")}})) ==
          "skipped: no text");
    CHECK(odt_error(make_zip({{"mimetype", kOdtMimetype}, {"content.xml", odf_content("<text:p/>")}})) ==
          "skipped: no text");
}

TEST_CASE("an encrypted OpenDocument file fails and says a password is needed", "[office]") {
    const std::string manifest =
        "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
        "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
        "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\" manifest:size=\"900\">"
        "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">"
        "<manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"y\"/>"
        "</manifest:encryption-data></manifest:file-entry></manifest:manifest>";
    CHECK(odt_error(make_zip({{"mimetype", kOdtMimetype},
                              {"content.xml", std::string("\x8f\x01\xfe binary cipher text", 20)},
                              {"META-INF/manifest.xml", manifest}})) ==
          "failed: encrypted OpenDocument file (a password is needed to read it)");
}

// ---- Limits --------------------------------------------------------------------------

TEST_CASE("a part that expands past the limit is skipped as a zip bomb", "[office]") {
    ReadLimits limits;
    limits.max_text_bytes = 1u << 20;  // parts may be 16 MiB (the floor)
    const std::string bomb = make_zip({{"word/document.xml", word_document(std::string(20u << 20, ' '))}});
    CHECK(bomb.size() < 100'000);
    const std::string kMessage =
        "skipped: word/document.xml expands to more than 16777216 bytes (a zip bomb?); a part may be 4 times the "
        "limit on text, --max-text-size, which is 1048576 bytes (at least 16 MiB)";
    CHECK(docx_error(bomb, limits) == kMessage);

    // The same bomb with its declared sizes forged to 1000 bytes, in the
    // local header (offset 22) and the central directory (offset 24): the
    // bytes that actually come out are counted.
    std::string liar = bomb;
    const std::size_t local = liar.find("PK\x03\x04");
    const std::size_t central = liar.find("PK\x01\x02");
    REQUIRE(local != std::string::npos);
    REQUIRE(central != std::string::npos);
    const auto forge = [&liar](std::size_t at) {
        const std::uint32_t size = 1000;
        for (int i = 0; i < 4; ++i) liar[at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
    };
    forge(local + 22);
    forge(central + 24);
    // libzip 1.7 inflates the whole stream whatever the header says.
    CHECK(docx_error(liar, limits) == kMessage);
}

TEST_CASE("a document whose text passes the limit is skipped", "[office]") {
    ReadLimits limits;
    limits.max_text_bytes = 100;
    const std::string kMessage =
        "skipped: extracted text is too large (more than 100 bytes; the limit, --max-text-size, is 100 bytes)";
    CHECK(docx_error(fixture("formats/briefing.docx"), limits) == kMessage);
    CHECK(odt_error(fixture("formats/communique.odt"), limits) == kMessage);
    // Right at the limit is fine.
    limits.max_text_bytes = 10;
    CHECK(docx_error(make_zip({{"word/document.xml", word_document(word_paragraph("0123456789"))}}), limits) ==
          "no error");
    CHECK(docx_error(make_zip({{"word/document.xml", word_document(word_paragraph("0123456789A"))}}), limits) ==
          "skipped: extracted text is too large (more than 10 bytes; the limit, --max-text-size, is 10 bytes)");
}
