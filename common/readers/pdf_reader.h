// SPDX-License-Identifier: MIT
// PDF documents, read with poppler-cpp.
#pragma once

#include <string>
#include <string_view>

#include "formats/source_document.h"

namespace dossier {

// Extracts a document from the bytes of a PDF: the text of each page in
// reading order (pages separated by a blank line, their starts recorded
// in page_breaks), Title as the title, CreationDate (else ModDate) as the
// date, Author as the source. Throws DocumentError: failed for a damaged
// or encrypted file (the message says which), skipped when it has no text
// layer (a scan) or its text passes limits.max_text_bytes.
SourceDocument parse_pdf_document(std::string path, std::string_view bytes, const ReadLimits& limits);

}  // namespace dossier
