// SPDX-License-Identifier: MIT
// Fuzz target: the analysis of a document. The bytes, repaired to UTF-8 as
// text_reader does, become the body of a SourceDocument whose title is its
// first non-blank line, given as front-matter title so that title entity
// matching runs too; build_document then detects the language (CLD2),
// segments, stems and matches countries, organisations, incidents and
// actors with the built-in catalog.
//
// build_document throws nothing for a document text_reader produced; any
// exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/document_builder.h"
#include "entities/entities.h"
#include "formats/text_reader.h"
#include "base/utf8.h"

namespace {

const dossier::EntityCatalog& catalog() {
    static const dossier::EntityCatalog instance = dossier::EntityCatalog::load({});
    return instance;
}

std::string first_line(std::string_view text) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = text.substr(start, end - start);
        if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
            // At most 150 code points, as text_reader keeps of a title.
            return std::string(line.substr(0, dossier::prefix_bytes(line, 150)));
        }
        start = end + 1;
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)catalog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    dossier::SourceDocument source;
    source.path = "/fuzz/input.txt";
    source.text =
        dossier::repair_utf8(std::string_view(reinterpret_cast<const char*>(data), size)).text;
    source.title = first_line(source.text);
    source.title_from_metadata = !source.title.empty();
    const dossier::BuiltDocument built = dossier::build_document(source, "", catalog());
    (void)built;
    return 0;
}
