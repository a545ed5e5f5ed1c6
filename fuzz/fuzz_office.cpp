// SPDX-License-Identifier: MIT
// Fuzz target: the readers of zip packages of XML -> parse_docx_document
// or parse_odt_document (libzip, pugixml). The input's first byte chooses,
// by its value modulo 4:
//   0  Word, the rest is the file's bytes
//   1  OpenDocument, the rest is the file's bytes
//   2  Word, the rest is XML: up to four parts separated by "\n--part--\n"
//      (word/document.xml, docProps/core.xml, word/styles.xml,
//      word/footnotes.xml), stored in a zip made here
//   3  OpenDocument, the same (content.xml, meta.xml, styles.xml,
//      META-INF/manifest.xml)
// Modes 2 and 3 exist because a mutated zip almost always fails its CRC
// check, so the XML walkers would hardly be reached through modes 0 and 1.
//
// DocumentError (not a zip, a part missing or malformed, a zip bomb, no
// text, too much text) is an expected outcome. Any other exception, a
// crash, a sanitizer report or a broken promise of office_reader.h /
// source_document.h (checked below) is a finding.
#include <zip.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/dates.h"
#include "base/error.h"
#include "readers/office_reader.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_office: broken promise: %s\n", what);
    std::abort();
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

constexpr std::array<const char*, 4> kWordParts{"word/document.xml", "docProps/core.xml", "word/styles.xml",
                                                "word/footnotes.xml"};
constexpr std::array<const char*, 4> kOpenDocumentParts{"content.xml", "meta.xml", "styles.xml",
                                                        "META-INF/manifest.xml"};

// A zip (entries stored, not deflated) holding the "\n--part--\n"
// separated pieces of `xml` under `names`.
std::string make_package(std::string_view xml, const std::array<const char*, 4>& names) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    require(buffer != nullptr, "the fuzzer can make a zip buffer");
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    require(archive != nullptr, "the fuzzer can open a zip buffer");
    zip_source_keep(buffer);
    constexpr std::string_view kSeparator = "\n--part--\n";
    for (const char* name : names) {
        const std::size_t end = xml.find(kSeparator);
        const std::string_view part = xml.substr(0, end);
        zip_source_t* source = zip_source_buffer(archive, part.data(), part.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name, source, 0);
        require(index >= 0, "the fuzzer can add a part");
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
        if (end == std::string_view::npos) break;
        xml.remove_prefix(end + kSeparator.size());
    }
    require(zip_close(archive) == 0, "the fuzzer can write a zip");
    std::string bytes;
    zip_stat_t stat;
    require(zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0, "the fuzzer can read its zip");
    bytes.resize(static_cast<std::size_t>(stat.size));
    require(zip_source_read(buffer, bytes.data(), bytes.size()) == static_cast<zip_int64_t>(bytes.size()),
            "the fuzzer reads its whole zip");
    zip_source_close(buffer);
    zip_source_free(buffer);
    zip_error_fini(&error);
    return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const int mode = data[0] % 4;
    const bool word = mode % 2 == 0;
    const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    const std::string bytes = mode < 2 ? std::string(rest) : make_package(rest, word ? kWordParts : kOpenDocumentParts);
    dossier::ReadLimits limits;
    limits.max_text_bytes = 1u << 20;  // parts may then expand to 16 MiB
    try {
        const dossier::SourceDocument document =
            word ? dossier::parse_docx_document("/fuzz/input.docx", bytes, limits)
                 : dossier::parse_odt_document("/fuzz/input.odt", bytes, limits);
        require(document.format == (word ? "docx" : "odt"), "format matches the reader");
        require(dossier::is_valid_utf8(document.text), "text is well-formed UTF-8");
        require(!is_blank(document.text), "a document has text");
        require(document.text.size() <= limits.max_text_bytes, "text is within the limit");
        require(dossier::is_valid_utf8(document.title), "title is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.source), "source is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.lang), "lang is well-formed UTF-8");
        require(document.title_from_metadata == !document.title.empty(), "a title comes from the metadata");
        require(!document.lang_is_hint || !document.lang.empty(), "only a language can be a hint");
        require(document.page_breaks.empty(), "no pages in a zip package");
        require(document.date.empty() == document.date_source.empty(),
                "a date has a source and only a date has one");
        if (!document.date.empty()) {
            const auto again = dossier::parse_metadata_date(document.date);
            require(again && *again == document.date, "date is a valid YYYY-MM-DD");
        }
    } catch (const dossier::DocumentError&) {
        // Skipped or failed document: expected for hostile bytes.
    }
    return 0;
}
