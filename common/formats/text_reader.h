// SPDX-License-Identifier: MIT
// Reads a plain-text or Markdown file into a SourceDocument.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/file_stat.h"
#include "formats/source_document.h"

namespace dossier {

// A file's bytes as read, with its stat(2) taken before reading (so that a
// change made while reading shows in the next run's comparison).
struct FileContent {
    std::string bytes;
    FileStat stat;
    std::string mtime_date;  // "YYYY-MM-DD" of the modification time
};

// Reads `path` whole. Throws DocumentError: skipped when it is not a
// regular file or is over the size limit; failed when it cannot be read.
FileContent read_file_content(const std::filesystem::path& path, const ReadLimits& limits = {});

// Reads `path`. Front matter (see front_matter.h) supplies title, date,
// lang, source and url; otherwise the title is the first non-empty line
// (Markdown heading marks removed) and the date comes from an ISO date near
// the start of the text, else the file's modification time.
//
// Throws DocumentError: skipped for an empty file, a binary file (NUL
// bytes) or one over the size limit; failed when it cannot be read.
// Text not in UTF-8 is decoded (charset.h) and its encoding recorded; weak
// guesses and replaced bytes are reported in `warnings`. A file with a
// Unicode BOM is never binary.
SourceDocument read_text_document(const std::filesystem::path& path, const ReadLimits& limits = {});

// The same, for text already in memory (`mtime_date` is used when neither
// front matter nor text gives a date; may be empty).
// `dated_path` is passed to complete_from_text.
SourceDocument parse_text_document(std::string path, std::string_view bytes,
                                   const std::string& mtime_date,
                                   std::optional<std::string_view> dated_path = std::nullopt);

}  // namespace dossier
