// SPDX-License-Identifier: MIT
// Reading a file of any supported format with the reader its name calls for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "formats/format_names.h"
#include "formats/source_document.h"

namespace dossier {

// Extracts the document in `bytes`, read from `path`, with the reader its
// format calls for, then fills a missing title and date from the text and
// the path (complete_from_text, which `dated_path` is passed to). PDF, Word and OpenDocument files, and HTML pages
// of 1 MiB or more, are parsed in a child process (isolation.h), so a
// parser that crashes, hangs or runs out of memory costs that document only.
//
// Throws DocumentError: skipped (empty, binary, no text, over a limit) or
// failed (damaged, encrypted, the parser crashed or timed out); each
// message says which.
SourceDocument parse_document(const std::string& path, std::string_view bytes,
                              const std::string& mtime_date, const ReadLimits& limits,
                              std::optional<std::string_view> dated_path = std::nullopt);

}  // namespace dossier
