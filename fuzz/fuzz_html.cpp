// SPDX-License-Identifier: MIT
// Fuzz target: an HTML file's bytes as the indexer reads them ->
// declared_html_charset on the raw bytes, then parse_html_document on the
// bytes made well-formed UTF-8 (the indexer decodes with charset.h first).
//
// DocumentError (no visible text, over the text limit) is an expected
// outcome. Any other exception, a crash, a sanitizer report, a timeout or
// a broken promise of html_reader.h (checked below) is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "text/dates.h"
#include "base/error.h"
#include "readers/html_reader.h"
#include "base/utf8.h"

namespace {

void require(bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz_html: broken promise: %s\n", what);
    std::abort();
}

bool is_label_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
}

bool is_web_url(std::string_view url) {
    std::string scheme(url.substr(0, 8));
    for (char& c : scheme)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return scheme.starts_with("http://") || scheme.starts_with("https://");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);

    const std::string charset = dossier::declared_html_charset(bytes);
    for (const char c : charset) require(is_label_char(c), "a declared charset is a lower-case label");

    dossier::ReadLimits limits;
    limits.max_text_bytes = 1u << 20;
    try {
        const dossier::SourceDocument document =
            dossier::parse_html_document("/fuzz/page.html", dossier::repair_utf8(bytes).text, limits);
        require(document.format == "html", "format is html");
        require(dossier::is_valid_utf8(document.text), "text is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.title), "title is well-formed UTF-8");
        require(dossier::is_valid_utf8(document.url) && dossier::is_valid_utf8(document.source) &&
                    dossier::is_valid_utf8(document.lang),
                "url, source and lang are well-formed UTF-8");
        require(!document.text.empty() || !document.title.empty(), "a page without text and title is skipped");
        require(document.text.size() <= limits.max_text_bytes, "text stays within --max-text-size");
        require(document.lang_is_hint == !document.lang.empty(), "a language from markup is a hint");
        require(document.date.empty() == document.date_source.empty(),
                "a date has a source and only a date has one");
        if (!document.date.empty()) {
            const auto again = dossier::parse_metadata_date(document.date);
            require(again && *again == document.date, "date is a valid YYYY-MM-DD");
        }
        require(document.url.empty() || is_web_url(document.url), "url is an absolute http(s) URL");
    } catch (const dossier::DocumentError&) {
        // Skipped or failed page: expected for hostile bytes.
    }
    return 0;
}
