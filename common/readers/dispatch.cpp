// SPDX-License-Identifier: MIT
#include "readers/dispatch.h"

#include <algorithm>
#include <array>
#include <utility>

#include <fmt/format.h>

#include "formats/charset.h"
#include "base/error.h"
#include "readers/html_reader.h"
#include "readers/isolation.h"
#include "readers/office_reader.h"
#include "readers/pdf_reader.h"
#include "formats/text_reader.h"

namespace dossier {

namespace {

constexpr std::size_t kInProcessHtmlBytes = 1u << 20;

void check_text_size(const SourceDocument& document, const ReadLimits& limits) {
    if (document.text.size() > limits.max_text_bytes)
        throw DocumentError(DocumentError::Kind::skipped,
                            fmt::format("extracted text is too large ({} bytes; the limit, --max-text-size, is {} bytes)",
                                        document.text.size(), limits.max_text_bytes));
}

// Bytes of a text or HTML file per byte of UTF-8 text, at most: UTF-32
// and UTF-16 shrink when converted; every other encoding grows or stays.
std::size_t bytes_per_text_byte(std::string_view bytes) {
    if (bytes.starts_with(std::string_view("\xFF\xFE\x00\x00", 4)) ||
        bytes.starts_with(std::string_view("\x00\x00\xFE\xFF", 4)))
        return 4;
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) return 2;
    return 1;
}

// Skips a text file that is sure to be over the limit before decoding it
// (which would cost several times its size in memory). The slack allows
// for front matter and markup that do not count as text.
void check_file_size_for_text(std::string_view bytes, const ReadLimits& limits, std::size_t markup_factor = 1) {
    constexpr std::size_t kSlack = 64u << 10;
    const std::size_t text_bytes = bytes.size() / bytes_per_text_byte(bytes);
    if (text_bytes > markup_factor * limits.max_text_bytes + kSlack)
        throw DocumentError(DocumentError::Kind::skipped,
                            fmt::format("extracted text is too large ({} bytes; the limit, --max-text-size, is {} bytes)",
                                        text_bytes, limits.max_text_bytes));
}

SourceDocument read_html(const std::string& path, std::string_view bytes, const ReadLimits& limits) {
    // As for text: NUL bytes outside UTF-16/32 mean this is no web page.
    if (!has_unicode_bom(bytes) && bytes.find('\0') != std::string_view::npos)
        throw DocumentError(DocumentError::Kind::skipped, "binary file (contains NUL bytes)");
    const DecodedText decoded = decode_text(bytes, declared_html_charset(bytes));
    SourceDocument document = parse_html_document(path, decoded.text, limits);
    document.encoding = decoded.encoding;
    for (std::string& warning : decoding_warnings(decoded)) document.warnings.push_back(std::move(warning));
    return document;
}

SourceDocument read_isolated(std::string_view what, const ReadLimits& limits,
                             const std::function<SourceDocument()>& parse) {
    IsolationLimits isolation;
    isolation.max_text_bytes = limits.max_text_bytes;
    return parse_in_child(parse, what, isolation);
}

}  // namespace

SourceDocument parse_document(const std::string& path, std::string_view bytes, const std::string& mtime_date,
                              const ReadLimits& limits, std::optional<std::string_view> dated_path) {
    const std::string_view format = format_of(path);
    SourceDocument document;
    if (format == kFormatHtml) {
        // Markup can be most of a page: only a file many times the limit is sure to pass it.
        check_file_size_for_text(bytes, limits, 4);
        // gumbo holds about 27 bytes per byte of page: a big page must cost a
        // child its memory limit, not the indexer. A child costs about 3 ms
        // (fork, answer as JSON), six times the parse of a typical page, so
        // pages under kInProcessHtmlBytes are parsed here: html_reader
        // removes, before parsing, the markup on which gumbo's time or
        // memory grows faster than the page (deep nesting, formatting
        // elements left open, floods of attributes).
        if (bytes.size() < kInProcessHtmlBytes)
            document = read_html(path, bytes, limits);
        else
            document = read_isolated("HTML reader", limits, [&] { return read_html(path, bytes, limits); });
    } else if (format == kFormatPdf) {
        document = read_isolated("PDF reader", limits, [&] { return parse_pdf_document(path, bytes, limits); });
    } else if (format == kFormatDocx) {
        document = read_isolated("Word reader", limits, [&] { return parse_docx_document(path, bytes, limits); });
    } else if (format == kFormatOdt) {
        document = read_isolated("OpenDocument reader", limits,
                                 [&] { return parse_odt_document(path, bytes, limits); });
    } else {
        // Plain text, and any file named on the command line whatever its name.
        check_file_size_for_text(bytes, limits);
        document = parse_text_document(path, bytes, mtime_date, dated_path);
    }
    check_text_size(document, limits);
    complete_from_text(document, mtime_date, dated_path);
    return document;
}

}  // namespace dossier
