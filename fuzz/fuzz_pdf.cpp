// SPDX-License-Identifier: MIT
// Fuzz target: a file's bytes as the indexer reads them ->
// parse_pdf_document (poppler-cpp: Info dictionary, page text, page breaks).
//
// DocumentError (damaged, encrypted, no text layer, too much text) is an
// expected outcome. Any other exception, a crash, a sanitizer report or a
// broken promise of pdf_reader.h / source_document.h (checked below) is a
// finding. In production the reader runs in a child process
// (isolation.h), but a finding in dossier's own code is still a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "text/dates.h"
#include "base/error.h"
#include "readers/pdf_reader.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_pdf: broken promise: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    dossier::ReadLimits limits;
    limits.max_text_bytes = 1u << 20;
    try {
        const dossier::SourceDocument document = dossier::parse_pdf_document("/fuzz/input.pdf", bytes, limits);
        require(document.format == "pdf", "format is pdf");
        require(dossier::is_valid_utf8(document.text), "text is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.title), "title is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.source), "source is well-formed UTF-8");
        require(document.title_from_metadata == !document.title.empty(), "a title comes from the Info dictionary");
        require(document.text.size() <= limits.max_text_bytes, "text is within the limit");
        require(document.text.find('\f') == std::string_view::npos, "no form feeds");
        std::size_t previous = 0;
        for (const std::uint32_t offset : document.page_breaks) {
            require(offset >= previous + 2 && offset <= document.text.size(), "page breaks rise within the text");
            require(document.text.compare(offset - 2, 2, "\n\n") == 0, "pages are joined by a blank line");
            previous = offset;
        }
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
