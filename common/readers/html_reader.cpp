// SPDX-License-Identifier: MIT
// The public HTML entry: parse (readers/html/gumbo_tree.h, after the limits
// of readers/html/page_limiter.h), then the visible text
// (readers/html/visible_text.h) and the metadata (readers/html/metadata.h).
// The charset prescan is readers/html/charset_prescan.cpp.
#include "readers/html_reader.h"

#include <fmt/format.h>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "readers/html/gumbo_tree.h"
#include "readers/html/metadata.h"
#include "readers/html/page_limiter.h"
#include "readers/html/visible_text.h"

namespace dossier {

namespace {

std::string tidy_title(std::string_view title) { return shorten_title(one_line(title)); }

// Makes sure a string is well-formed UTF-8 (gumbo's output is, but this
// is the reader's promise, so it is not left to another library).
std::string well_formed(std::string text) {
    if (is_valid_utf8(text)) return text;
    return repair_utf8(text).text;
}

// og:title, else <title> (both metadata), else the first visible <h1>
// (part of the text: not metadata).
void take_title(SourceDocument& document, const html::PageMetadata& page, const html::VisibleText& visible) {
    if (std::string og_title = html::meta_value(page, "og:title"); !og_title.empty()) {
        document.title = tidy_title(og_title);
        document.title_from_metadata = true;
    } else if (std::string title = one_line(page.title); !title.empty()) {
        document.title = tidy_title(title);
        document.title_from_metadata = true;
    } else {
        document.title = tidy_title(visible.first_h1);
    }
    document.title = well_formed(std::move(document.title));
}

// Names the limits: only a page made to slow the parser down, or
// machine-made junk, meets them.
std::string attribute_limit_warning(std::size_t removed) {
    return fmt::format("{} {} left out, to keep parsing fast: the limit is {} per element (<html> and <body> "
                       "count as one element each, however often written), and formatting elements such as <b> "
                       "left open over many tags lose theirs",
                       removed, removed == 1 ? "attribute was" : "attributes were", html::kMaxAttributesPerElement);
}

}  // namespace

SourceDocument parse_html_document(std::string path, std::string_view utf8_html, const ReadLimits& limits) {
    const html::ParsedHtml parsed(utf8_html);

    SourceDocument document;
    document.path = std::move(path);
    document.format = kFormatHtml;

    html::VisibleText visible = html::visible_text(parsed.root(), limits.max_text_bytes);
    document.text = well_formed(std::move(visible.text));

    const html::PageMetadata page = html::read_metadata(parsed.document(), parsed.root());
    take_title(document, page, visible);
    document.lang = html::page_language(page);
    document.lang_is_hint = !document.lang.empty();
    document.source = well_formed(html::meta_value(page, "og:site_name"));
    if (std::string url = html::canonical_url(page); !url.empty()) document.url = well_formed(std::move(url));
    html::take_page_date(document, page, visible);
    if (parsed.attributes_removed() > 0)
        document.warnings.push_back(attribute_limit_warning(parsed.attributes_removed()));

    if (document.text.empty() && document.title.empty())
        throw DocumentError(DocumentError::Kind::skipped, "no text (the page has no visible text)");
    return document;
}

}  // namespace dossier
