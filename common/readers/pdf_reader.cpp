// SPDX-License-Identifier: MIT
#include "readers/pdf_reader.h"
#include "base/strings.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include "text/dates.h"
#include "base/error.h"
#include "formats/source_document.h"
#include "base/utf8.h"

namespace dossier {

namespace {

// More pages than any real document has; a page tree claiming more is
// damaged or hostile, and walking it would only burn the time limit.
constexpr int kMaxPages = 100'000;

// Document dates outside these years are placeholders or garbage
// ("D:00000101", "D:16010101").
constexpr int kMinPlausibleYear = 1900;
constexpr int kMaxPlausibleYear = 2100;

// poppler reports every oddity of a file on stderr through this hook;
// the indexer has its own, per-file reporting.
void ignore_poppler_message(const std::string&, void*) {}

void silence_poppler() {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(ignore_poppler_message, nullptr); });
}

std::string to_string(const poppler::ustring& text) {
    const poppler::byte_array utf8 = text.to_utf8();
    return repair_utf8(std::string_view(utf8.data(), utf8.size())).text;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool ends_with_ignoring_case(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && starts_with_ignoring_case(s.substr(s.size() - suffix.size()), suffix);
}


// Titles that printer drivers and editors fill in on their own, which say
// nothing about the document: "Untitled", "Untitled-3", "Document1".
bool is_placeholder_title(std::string_view title) {
    const std::string folded = ascii_lower(title);
    if (folded.starts_with("untitled")) return true;
    if (folded == "title" || folded == "no title" || folded == "unknown" || folded == "none" ||
        folded == "microsoft word document" || folded == "powerpoint presentation")
        return true;
    if (folded.starts_with("document") &&
        std::all_of(folded.begin() + 8, folded.end(), [](unsigned char c) { return std::isdigit(c); }))
        return true;
    // Nothing but punctuation and spaces ("-", "...").
    return std::none_of(title.begin(), title.end(), [](unsigned char c) { return std::isalnum(c) || c >= 0x80; });
}

// The Info Title as a result heading: Office's PDF printer writes
// "Microsoft Word - Statement.docx", whose useful part is "Statement";
// placeholders give "".
std::string clean_title(std::string_view raw) {
    std::string_view title = trim_space(raw);
    for (std::string_view application : {"Microsoft Word - ", "Microsoft PowerPoint - ", "Microsoft Excel - "}) {
        if (starts_with_ignoring_case(title, application)) {
            title = trim_space(title.substr(application.size()));
            for (std::string_view extension : {".docx", ".doc", ".rtf", ".pptx", ".ppt", ".xlsx", ".xls"}) {
                if (ends_with_ignoring_case(title, extension)) {
                    title = trim_space(title.substr(0, title.size() - extension.size()));
                    break;
                }
            }
            break;
        }
    }
    if (title.empty() || is_placeholder_title(title)) return {};
    return one_line(title);
}

int digits(std::string_view s, std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) value = value * 10 + (s[i] - '0');
    return value;
}

bool is_plausible(const std::string& iso_date) {
    const int year = digits(iso_date, 0, 4);
    return year >= kMinPlausibleYear && year <= kMaxPlausibleYear;
}

// The calendar date of a PDF date string "D:YYYYMMDDHHmmSSOHH'mm'" as
// written, "YYYY-MM-DD". The date is taken in the writer's own time zone,
// not converted to UTC: a statement signed in Jakarta early on the 15th
// is dated the 15th, as its author saw it. Month and day default to 1
// (the format allows "D:2021"). nullopt when it is not such a date.
std::optional<std::string> pdf_calendar_date(std::string_view value) {
    value = trim_space(value);
    if (value.starts_with("D:")) value.remove_prefix(2);
    std::size_t length = 0;
    while (length < value.size() && length < 8 && std::isdigit(static_cast<unsigned char>(value[length])))
        ++length;
    // "D:YYYY" and "D:YYYYMM" end there; "D:YYYYMMDD" may go on with a
    // time and zone.
    if (length != 8 && (length != value.size() || (length != 4 && length != 6))) return std::nullopt;
    const std::string written = fmt::format("{:04}-{:02}-{:02}", digits(value, 0, 4),
                                            length >= 6 ? digits(value, 4, 2) : 1,
                                            length == 8 ? digits(value, 6, 2) : 1);
    // Rejects 2021-02-30 and the like.
    return parse_metadata_date(written);
}

// CreationDate, else ModDate. One that is present but unusable is named
// in a warning (take_metadata_date) and the next is tried.
void take_info_date(SourceDocument& result, const poppler::document& document) {
    for (const char* key : {"CreationDate", "ModDate"}) {
        const std::string raw(trim_space(to_string(document.info_key(key))));
        if (raw.empty()) continue;
        // Not a PDF date: perhaps ISO 8601, as some producers write.
        const std::optional<std::string> date = pdf_calendar_date(raw);
        const std::string value = date ? *date : raw;
        const std::string field = std::string("PDF ") + key;
        if (const auto parsed = parse_metadata_date(value); parsed && !is_plausible(*parsed)) {
            result.warnings.push_back(fmt::format("{} '{}' is not a plausible document date; ignored", field, raw));
            continue;
        }
        if (take_metadata_date(result, value, field)) return;
    }
}

// One page's text as extracted: form feeds dropped, trailing spaces of
// each line and blank lines at either end removed.
std::string tidy_page_text(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    std::size_t start = 0;
    while (start <= raw.size()) {
        std::size_t end = raw.find('\n', start);
        if (end == std::string_view::npos) end = raw.size();
        std::string_view line = raw.substr(start, end - start);
        std::string kept;
        for (char c : line)
            if (c != '\f') kept += c;
        while (!kept.empty() && is_space(kept.back())) kept.pop_back();
        out += kept;
        out += '\n';
        start = end + 1;
    }
    const std::size_t first = out.find_first_not_of('\n');
    if (first == std::string::npos) return {};
    const std::size_t last = out.find_last_not_of('\n');
    return out.substr(first, last - first + 1);
}

// Reading order: poppler's default text layout (the one pdftotext uses
// without -layout or -raw) groups words into lines, lines into blocks and
// orders blocks into columns, so a two-column page reads left column then
// right. physical_layout keeps the columns side by side on each line (the
// halves of two sentences interleaved); raw_order_layout follows the
// content stream, which is reading order only when the producer wrote it
// so. See tests/unit/test_pdf_reader.cpp, "two columns".
constexpr auto kLayout = poppler::page::non_raw_non_physical_layout;

}  // namespace

SourceDocument parse_pdf_document(std::string path, std::string_view bytes, const ReadLimits& limits) {
    silence_poppler();
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw DocumentError(DocumentError::Kind::skipped, "too large for the PDF reader (over 2 GiB)");
    // poppler reads `bytes` in place: they outlive `document`, which is
    // destroyed before this function returns.
    const std::unique_ptr<poppler::document> document(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!document)
        throw DocumentError(DocumentError::Kind::failed, "damaged or not a PDF (poppler could not open it)");
    if (document->is_locked())
        throw DocumentError(DocumentError::Kind::failed, "encrypted PDF (a password is needed to read it)");
    const int pages = document->pages();
    if (pages <= 0) throw DocumentError(DocumentError::Kind::failed, "damaged PDF (it has no pages)");
    if (pages > kMaxPages)
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("damaged PDF (it claims {} pages; dossier reads at most {})", pages,
                                        kMaxPages));

    SourceDocument result;
    result.path = std::move(path);
    result.format = kFormatPdf;
    result.title = clean_title(to_string(document->info_key("Title")));
    result.title_from_metadata = !result.title.empty();
    result.source = one_line(to_string(document->info_key("Author")));
    take_info_date(result, *document);

    // page_breaks holds 32-bit offsets.
    const std::size_t max_text = std::min<std::size_t>(limits.max_text_bytes, std::numeric_limits<std::uint32_t>::max());
    bool any_text = false;
    int unreadable_pages = 0;
    for (int index = 0; index < pages; ++index) {
        if (index > 0) {
            result.text += "\n\n";
            result.page_breaks.push_back(static_cast<std::uint32_t>(result.text.size()));
        }
        const std::unique_ptr<poppler::page> page(document->create_page(index));
        if (!page) {
            ++unreadable_pages;
            continue;
        }
        const std::string text = tidy_page_text(to_string(page->text(poppler::rectf(), kLayout)));
        any_text = any_text || !text.empty();
        result.text += text;
        if (result.text.size() > max_text)
            throw DocumentError(DocumentError::Kind::skipped,
                                fmt::format("extracted text is too large (more than {} bytes by page {} of {}; the "
                                            "limit, --max-text-size, is {} bytes)",
                                            max_text, index + 1, pages, limits.max_text_bytes));
    }
    if (unreadable_pages > 0)
        result.warnings.push_back(fmt::format("{} of {} pages could not be read (damaged page tree)",
                                              unreadable_pages, pages));
    if (!any_text)
        throw DocumentError(DocumentError::Kind::skipped, "no text layer (a scanned PDF? dossier does not do OCR)");
    return result;
}

}  // namespace dossier
