// SPDX-License-Identifier: MIT
#include "readers/html/visible_text.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/strings.h"
#include "formats/source_document.h"
#include "readers/html/ascii.h"
#include "readers/html/gumbo_tree.h"

namespace dossier::html {

namespace {

// Builds readable text from a stream of text and layout events: whitespace
// collapsed except in <pre>, no space where inline elements meet, lines
// trimmed, at most one blank line between blocks, table cells joined by " | ".
class TextBuilder {
public:
    enum Break { kNone = 0, kLine = 1, kParagraph = 2 };

    explicit TextBuilder(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    void request_break(Break level) {
        pending_break_ = std::max(pending_break_, static_cast<int>(level));
        pending_space_ = pending_cell_ = false;
        pending_pre_space_.clear();
    }
    // <br> and newlines in <pre>: two in a row leave a blank line.
    void add_line_break() {
        pending_break_ = std::min(pending_break_ + 1, static_cast<int>(kParagraph));
        pending_space_ = pending_cell_ = false;
        pending_pre_space_.clear();
    }
    void request_cell_separator() {
        if (line_has_text_ && pending_break_ == kNone) pending_cell_ = true;
    }
    void request_space() {
        if (line_has_text_) pending_space_ = true;
    }

    void append(std::string_view text, bool preformatted) {
        if (preformatted) append_preformatted(text);
        else append_flowing(text);
        if (text_.size() > max_bytes_)
            throw DocumentError(DocumentError::Kind::skipped,
                                fmt::format("extracted text is too large (more than {} bytes; the limit, "
                                            "--max-text-size, is {} bytes)",
                                            max_bytes_, max_bytes_));
    }

    const std::string& text() const { return text_; }

private:
    void append_flowing(std::string_view text) {
        std::size_t i = 0;
        while (i < text.size()) {
            const std::size_t space = whitespace_length(text, i);
            if (space > 0) {
                request_space();
                i += space;
                continue;
            }
            std::size_t end = i;
            while (end < text.size() && whitespace_length(text, end) == 0) ++end;
            emit_pending();
            text_.append(text.substr(i, end - i));
            line_has_text_ = true;
            i = end;
        }
    }

    void append_preformatted(std::string_view text) {
        for (const char c : text) {
            if (c == '\n') {
                add_line_break();
            } else if (c == '\r') {
                continue;
            } else if (c == ' ' || c == '\t' || c == '\f') {
                pending_pre_space_ += c;
            } else {
                std::string indent = std::move(pending_pre_space_);
                pending_pre_space_.clear();
                emit_pending();
                text_ += indent;
                text_ += c;
                line_has_text_ = true;
            }
        }
    }

    // Length of the whitespace (or U+00A0, which pages use as a space) at
    // `i`, or 0.
    static std::size_t whitespace_length(std::string_view text, std::size_t i) {
        if (is_html_space(text[i])) return 1;
        if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') return 2;
        return 0;
    }

    void emit_pending() {
        if (text_.empty()) {
            // Nothing before the first word.
        } else if (pending_break_ != kNone) {
            text_.append(static_cast<std::size_t>(pending_break_), '\n');
            line_has_text_ = false;
        } else if (pending_cell_) {
            text_ += " | ";
        } else if (pending_space_) {
            text_ += ' ';
        }
        pending_break_ = kNone;
        pending_space_ = pending_cell_ = false;
    }

    std::string text_;
    std::size_t max_bytes_;
    int pending_break_ = kNone;
    bool pending_space_ = false;
    bool pending_cell_ = false;
    bool line_has_text_ = false;
    std::string pending_pre_space_;
};

// How an element shapes the text around it.
enum class Layout { inline_, line, paragraph, cell, line_break, space };

Layout layout_of(const GumboNode* node) {
    switch (node->v.element.tag) {
        case GUMBO_TAG_P: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
        case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
        case GUMBO_TAG_LISTING: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
        case GUMBO_TAG_OL: case GUMBO_TAG_DL: case GUMBO_TAG_MENU: case GUMBO_TAG_DIR:
        case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FIGURE: case GUMBO_TAG_HR:
        case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DETAILS: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_HGROUP:
        case GUMBO_TAG_CENTER: case GUMBO_TAG_FORM:
            return Layout::paragraph;
        case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TR:
        case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_LEGEND:
        case GUMBO_TAG_BODY: case GUMBO_TAG_HTML: case GUMBO_TAG_THEAD: case GUMBO_TAG_TBODY:
        case GUMBO_TAG_TFOOT: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_MARQUEE:
            return Layout::line;
        case GUMBO_TAG_TD: case GUMBO_TAG_TH:
            return Layout::cell;
        case GUMBO_TAG_BR:
            return Layout::line_break;
        case GUMBO_TAG_UNKNOWN:
            // Custom elements (<amp-img>, <my-card>) are often blocks; a
            // space keeps their words apart without inventing lines.
            return Layout::space;
        default:
            return Layout::inline_;
    }
}

// Elements whose content is never visible text: code, media, embedded
// documents, form controls, navigation, ruby annotations, metadata.
bool is_invisible_tag(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
        case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH:
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_APPLET:
        case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
        case GUMBO_TAG_SELECT: case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_DATALIST:
        case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_KEYGEN:
        case GUMBO_TAG_NAV: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_RT:
        case GUMBO_TAG_RP: case GUMBO_TAG_META: case GUMBO_TAG_LINK: case GUMBO_TAG_BASE:
            return true;
        default:
            return false;
    }
}

// hidden (but not hidden="until-found", which find-in-page reveals),
// aria-hidden="true", or an inline style that hides the element.
bool is_hidden(const GumboNode* node) {
    if (const auto hidden = attribute(node, "hidden"); hidden && !iequals(trim_html_space(*hidden), "until-found"))
        return true;
    if (const auto aria = attribute(node, "aria-hidden"); aria && iequals(trim_html_space(*aria), "true"))
        return true;
    if (const auto style = attribute(node, "style")) {
        std::string compact;
        for (const char c : *style)
            if (!is_html_space(c)) compact += ascii_lower(c);
        if (compact.find("display:none") != std::string::npos ||
            compact.find("visibility:hidden") != std::string::npos)
            return true;
    }
    return false;
}

bool is_main_region(const GumboNode* node, std::optional<std::string_view> role) {
    return is_html_element(node, GUMBO_TAG_MAIN) || has_token(role, "main");
}

bool is_article(const GumboNode* node, std::optional<std::string_view> role) {
    return is_html_element(node, GUMBO_TAG_ARTICLE) || has_token(role, "article");
}

// What an element means to the visible text, worked out once per element.
struct ElementKind {
    bool skipped = false;           // invisible, hidden or navigation: no text at all
    bool header_or_footer = false;  // <header>, <footer>, role=banner/contentinfo
    bool aside = false;             // <aside>, role=complementary, dialogs
    bool main = false;              // <main>, role=main
    bool article = false;           // <article>, role=article
    bool owns_header = false;       // its <header>/<footer> are its own, not the page's
    bool preformatted = false;      // <pre>, <listing>, <plaintext>
    bool h1 = false;
    Layout layout = Layout::inline_;
};

ElementKind classify(const GumboNode* node) {
    ElementKind kind;
    const GumboTag tag = node->v.element.tag;
    const auto role = attribute(node, "role");
    const bool is_dialog = is_unknown_element_named(node, "dialog");
    kind.skipped = is_invisible_tag(tag) || node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML ||
                   has_token(role, "navigation") || has_token(role, "search") || has_token(role, "menu") ||
                   has_token(role, "menubar") || is_unknown_element_named(node, "search") ||
                   (is_dialog && !attribute(node, "open")) ||  // a <dialog> shows only when open
                   is_hidden(node);
    if (kind.skipped) return kind;
    kind.header_or_footer = tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FOOTER || has_token(role, "banner") ||
                            has_token(role, "contentinfo");
    kind.aside = tag == GUMBO_TAG_ASIDE || has_token(role, "complementary") || has_token(role, "dialog") ||
                 has_token(role, "alertdialog") || is_dialog;
    kind.main = is_main_region(node, role);
    kind.article = is_article(node, role);
    kind.owns_header = kind.main || kind.article || tag == GUMBO_TAG_SECTION || tag == GUMBO_TAG_BLOCKQUOTE ||
                       tag == GUMBO_TAG_FIGURE || tag == GUMBO_TAG_DETAILS;
    kind.preformatted = tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT;
    kind.h1 = tag == GUMBO_TAG_H1;
    kind.layout = layout_of(node);
    return kind;
}


class VisibleTextWalk {
public:
    explicit VisibleTextWalk(std::size_t max_bytes) : page_(max_bytes), main_(max_bytes), articles_(max_bytes) {}

    VisibleText run(const GumboNode* root) {
        walk_tree(
            root, [this](const GumboNode* node) { return enter(node); },
            [this](const GumboNode*) { leave(); });
        const std::string& region = main_.text().empty() ? articles_.text() : main_.text();
        const bool use_region = !region.empty() && region.size() * 3 >= page_.text().size();
        return {use_region ? region : page_.text(), one_line(h1_text_), first_time_, time_in_content_};
    }

private:
    // Calls `event` on every builder that receives the current text.
    template <typename Event>
    void to_builders(Event&& event) {
        event(page_);
        if (main_depth_ > 0) event(main_);
        if (article_depth_ > 0) event(articles_);
    }

    bool enter(const GumboNode* node) {
        if (is_text_node(node)) {
            const std::string_view text = node_text(node);
            to_builders([&](TextBuilder& builder) { builder.append(text, pre_depth_ > 0); });
            if (capturing_h1_) h1_text_ += text;
            return false;
        }
        if (!is_element(node)) {
            if (node->type != GUMBO_NODE_DOCUMENT) return false;
            open_.push_back(ElementKind{});
            return true;
        }
        const ElementKind kind = classify(node);
        if (kind.skipped || (kind.header_or_footer && owners_ == 0) || (kind.aside && content_depth_ == 0))
            return false;
        if (kind.main && main_depth_++ == 0) main_.request_break(TextBuilder::kParagraph);
        if (kind.article && article_depth_++ == 0) articles_.request_break(TextBuilder::kParagraph);
        if (kind.main || kind.article) ++content_depth_;
        if (kind.owns_header) ++owners_;
        if (kind.preformatted) ++pre_depth_;
        if (kind.h1 && !h1_seen_) h1_seen_ = capturing_h1_ = true;
        if (is_html_element(node, GUMBO_TAG_TIME)) note_time(node);
        lay_out(kind.layout, true);
        open_.push_back(kind);
        return true;
    }

    void leave() {
        const ElementKind kind = open_.back();
        open_.pop_back();
        lay_out(kind.layout, false);
        if (kind.h1) capturing_h1_ = false;
        if (kind.preformatted) --pre_depth_;
        if (kind.owns_header) --owners_;
        if (kind.main || kind.article) --content_depth_;
        if (kind.article) --article_depth_;
        if (kind.main) --main_depth_;
    }

    void note_time(const GumboNode* node) {
        const auto datetime = attribute(node, "datetime");
        if (!datetime || trim_html_space(*datetime).empty()) return;
        if (first_time_.empty()) first_time_ = *datetime;
        if (time_in_content_.empty() && content_depth_ > 0) time_in_content_ = *datetime;
    }

    void lay_out(Layout layout, bool entering) {
        switch (layout) {
            case Layout::inline_: break;
            case Layout::line: to_builders([](TextBuilder& b) { b.request_break(TextBuilder::kLine); }); break;
            case Layout::paragraph:
                to_builders([](TextBuilder& b) { b.request_break(TextBuilder::kParagraph); });
                break;
            case Layout::cell:
                if (entering) to_builders([](TextBuilder& b) { b.request_cell_separator(); });
                break;
            case Layout::line_break:
                if (entering) to_builders([](TextBuilder& b) { b.add_line_break(); });
                break;
            case Layout::space: to_builders([](TextBuilder& b) { b.request_space(); }); break;
        }
    }

    TextBuilder page_;
    TextBuilder main_;
    TextBuilder articles_;
    std::vector<ElementKind> open_;  // the elements entered and not yet left
    int main_depth_ = 0;
    int article_depth_ = 0;
    int content_depth_ = 0;  // inside <main> or <article>
    int owners_ = 0;         // inside elements that own their header and footer
    int pre_depth_ = 0;
    bool h1_seen_ = false;
    bool capturing_h1_ = false;
    std::string h1_text_;
    std::string first_time_;
    std::string time_in_content_;
};

}  // namespace

VisibleText visible_text(const GumboNode* root, std::size_t max_bytes) { return VisibleTextWalk(max_bytes).run(root); }

}  // namespace dossier::html
