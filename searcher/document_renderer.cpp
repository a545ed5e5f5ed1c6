// SPDX-License-Identifier: MIT
#include "document_renderer.h"

#include <fmt/format.h>

#include "base/utf8.h"
#include "json_renderer.h"
#include "search/show.h"
#include "text_renderer.h"

namespace dossier::searcher {

namespace {

void render_json(const Explanation& shown, std::ostream& out) { out << dump_json(document_json(shown)) << "\n"; }

// The text escaped as titles are, but for its newlines and tabs: it is
// read as text, and they are its layout.
std::string escaped_text(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t at = 0; at <= text.size(); ++at) {
        if (at < text.size() && text[at] != '\n' && text[at] != '\t') continue;
        out += escape_for_terminal(text.substr(start, at - start));
        if (at < text.size()) out += text[at];
        start = at + 1;
    }
    return out;
}

void render_text(const Explanation& shown, const RenderOptions& options, std::ostream& out) {
    const schema::StoredDocument& document = shown.document;
    TextRenderer(options, out).explanation(shown);
    out << fmt::format("  format: {}{}\n", escape_for_terminal(document.format),
                       document.encoding.empty() ? "" : " (" + escape_for_terminal(document.encoding) + ")");
    if (!document.source.empty()) out << "  source: " << escape_for_terminal(document.source) << "\n";
    if (!document.url.empty()) out << "  url: " << escape_for_terminal(document.url) << "\n";
    const std::vector<std::string_view> pages = text_pages(document);
    const bool paged = !document.page_breaks.empty() || document.format == "pdf";
    for (std::size_t page = 0; page < pages.size(); ++page) {
        out << "\n";
        if (paged) out << fmt::format("--- page {} ---\n", page + 1);
        out << escaped_text(pages[page]);
        if (!pages[page].empty() && pages[page].back() != '\n') out << "\n";
    }
}

}  // namespace

void render_document(const Explanation& shown, OutputFormat format, const RenderOptions& options, std::ostream& out) {
    if (format == OutputFormat::json || format == OutputFormat::jsonl)
        render_json(shown, out);
    else
        render_text(shown, options, out);
}

}  // namespace dossier::searcher
