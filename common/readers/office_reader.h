// SPDX-License-Identifier: MIT
// Word (.docx) and OpenDocument text (.odt) files: zip packages of XML,
// read with libzip and pugixml.
#pragma once

#include <string>
#include <string_view>

#include "formats/source_document.h"

namespace dossier {

// Text of word/document.xml in reading order (paragraphs and table cells
// on their own lines, footnotes after the body); title, created (else
// modified) date, creator and language from docProps/core.xml; language
// also from the default run language in word/styles.xml as a hint.
// Throws DocumentError: failed for a damaged package (not a zip, no
// word/document.xml, malformed XML), skipped when a part would expand
// past limits.max_text_bytes or there is no text.
SourceDocument parse_docx_document(std::string path, std::string_view bytes, const ReadLimits& limits);

// The same for OpenDocument text: content.xml and meta.xml (dc:title,
// meta:creation-date, dc:date, dc:language).
SourceDocument parse_odt_document(std::string path, std::string_view bytes, const ReadLimits& limits);

}  // namespace dossier
