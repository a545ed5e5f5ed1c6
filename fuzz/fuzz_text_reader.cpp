// SPDX-License-Identifier: MIT
// Fuzz target: a file's bytes as the indexer reads them ->
// parse_text_document (front matter, UTF-8 repair, title, date).
//
// DocumentError (empty, binary, front matter only) is an expected outcome.
// Any other exception, a crash, a sanitizer report or a broken promise of
// text_reader.h (checked below) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "text/dates.h"
#include "base/error.h"
#include "formats/text_reader.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_text_reader: broken promise: %s\n", what);
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    try {
        const dossier::SourceDocument document =
            dossier::parse_text_document("/fuzz/input.md", bytes, "2024-01-02");
        require(dossier::is_valid_utf8(document.text), "text is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.title), "title is well-formed UTF-8");
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
