// SPDX-License-Identifier: MIT
// A document as a reader (text, HTML, PDF, Word, OpenDocument) extracted
// it from a file, before analysis; and the limits every reader obeys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/format_names.h"

namespace dossier {

// Where a document's date came from, most trusted first: the file's own
// metadata (front matter, HTML meta, PDF Info, ...), its text, its path
// (file and folder names), the file's modification time (the last resort).
// describing_date (text/dates.h) says when a path beats the text.
inline constexpr std::string_view kDateFromMetadata = "metadata";
inline constexpr std::string_view kDateFromText = "text";
inline constexpr std::string_view kDateFromPath = "path";
inline constexpr std::string_view kDateFromMtime = "mtime";

struct SourceDocument {
    std::string path;        // absolute, lexically normal
    std::string format;      // kFormat*
    std::string title;
    bool title_from_metadata = false;  // not part of `text` (front matter, <title>, PDF Title, ...)
    std::string date;        // "YYYY-MM-DD", "YYYY-MM" or "YYYY" (its precision), or empty
    std::string date_source; // kDateFrom*, empty with no date
    std::string lang;        // from metadata; empty means "detect"
    bool lang_is_hint = false;  // `lang` came from markup (<html lang>, w:lang) that
                                // a confident detection may overrule
    std::string source;
    std::string url;
    std::string encoding;    // the file's character encoding when it was text
                             // ("UTF-8", "windows-1251", ...); empty for binary formats
    std::string text;        // body, well-formed UTF-8
    // Byte offsets in `text` where pages 2, 3, ... begin (PDF only; empty
    // means one page or no pages).
    std::vector<std::uint32_t> page_breaks;
    std::vector<std::string> warnings;  // repaired problems worth a line on stderr
};

// What a reader may take from one file. A file over either limit is
// skipped with a message naming the limit (DocumentError, skipped).
struct ReadLimits {
    // Size of the file on disk.
    std::uintmax_t max_file_bytes = 256u * 1024u * 1024u;
    // Text extracted from it (a PDF, or a zip part, may expand far beyond
    // its file size); readers stop and skip the file past this.
    std::size_t max_text_bytes = 64u * 1024u * 1024u;
};

// Fills what the reader's metadata did not give: a title from the first
// non-empty line of the text (Markdown heading marks removed, shortened to
// 150 code points), a date from the text or the path (describing_date in
// text/dates.h; kDateFromText, kDateFromPath), else `mtime_date`
// (kDateFromMtime; may be empty). `dated_path` is the part of the path
// that names the document in its collection (below the folder indexed,
// "Session 25 - 1970/USA_25_1970.txt"); nullopt means the file name of
// `document.path` alone, since folders above a collection (a home or
// temporary folder) say nothing of its documents; "" means no path (a
// JSONL record, whose id is no file name).
void complete_from_text(SourceDocument& document, const std::string& mtime_date,
                        std::optional<std::string_view> dated_path = std::nullopt);

// `text` without leading and trailing ASCII whitespace.
std::string_view trim_space(std::string_view text);

// `text` as one line, the way a title or a metadata value reads: runs of
// ASCII whitespace and no-break spaces become one space, none at the ends.
std::string one_line(std::string_view text);

// `line` cut to about 150 code points at a word boundary, with "…".
std::string shorten_title(std::string_view line);

// Sets the date from a metadata value when it is one parse_metadata_date
// understands; otherwise adds a warning naming `field`. Returns whether it did.
bool take_metadata_date(SourceDocument& document, std::string_view value, std::string_view field);

}  // namespace dossier
