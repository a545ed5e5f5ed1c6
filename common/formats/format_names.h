// SPDX-License-Identifier: MIT
// Which format a file is read as, by its name: what the walk picks up and
// the dispatch (readers/dispatch.h) sends to a reader.
#pragma once

#include <filesystem>
#include <string_view>

namespace dossier {

// The formats dossier reads, named as they appear in results ("format").
inline constexpr std::string_view kFormatText = "text";
inline constexpr std::string_view kFormatHtml = "html";
inline constexpr std::string_view kFormatPdf = "pdf";
inline constexpr std::string_view kFormatDocx = "docx";
inline constexpr std::string_view kFormatOdt = "odt";

// The format (kFormat*) dossier reads a file name as, by its extension in
// any case: .txt .text .md .markdown -> text, .html .htm .xhtml -> html,
// .pdf, .docx, .odt; empty for anything else.
std::string_view format_of(const std::filesystem::path& path);

// True for the file names the indexer picks up when walking folders.
bool is_indexable_file_name(const std::filesystem::path& path);

}  // namespace dossier
