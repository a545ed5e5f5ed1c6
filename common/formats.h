// SPDX-License-Identifier: MIT
// Which reader a file gets, and reading a file of any supported format.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "source_document.h"

namespace dossier {

// The format (kFormat*) dossier reads a file name as, by its extension in
// any case: .txt .text .md .markdown -> text, .html .htm .xhtml -> html,
// .pdf, .docx, .odt; empty for anything else.
std::string_view format_of(const std::filesystem::path& path);

// True for the file names the indexer picks up when walking folders.
bool is_indexable_file_name(const std::filesystem::path& path);

// Extracts the document in `bytes`, read from `path`, with the reader its
// format calls for, then fills a missing title and date from the text
// (complete_from_text). PDF, Word and OpenDocument files, and HTML pages
// of 1 MiB or more, are parsed in a child process (isolation.h), so a
// parser that crashes, hangs or runs out of memory costs that document only.
//
// Throws DocumentError: skipped (empty, binary, no text, over a limit) or
// failed (damaged, encrypted, the parser crashed or timed out); each
// message says which.
SourceDocument parse_document(const std::string& path, std::string_view bytes,
                              const std::string& mtime_date, const ReadLimits& limits);

}  // namespace dossier
