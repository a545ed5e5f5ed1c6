// SPDX-License-Identifier: MIT
#include "readers/html/page_limiter.h"

#include <algorithm>
#include <array>
#include <vector>

#include "base/strings.h"
#include "readers/html/ascii.h"

namespace dossier::html {

namespace {

// Pages nested deeper than this many elements have their deeper tags
// removed before parsing (their text is kept). gumbo's tree building
// scans the stack of open elements for many start tags, so time grows with
// tags × depth: 100,000 nested <div>s would take minutes. Real pages stay
// far below this depth.
constexpr int kMaxNesting = 512;

// At most this many formatting elements (<b>, <font>, <a>, ...) are left
// open; further ones are removed before parsing. The parser re-opens every
// formatting element still open at each new block ("reconstruct the active
// formatting elements"), so 500 unclosed <b id=N> followed by 10,000
// "<p>x</p>" (85 KB) make 5 million elements and 2 GB. The tags are inline:
// removing them changes no text.
constexpr int kMaxOpenFormatting = 16;

// The attributes of formatting elements left open are copied about this
// many times at most. The parser copies each open formatting element,
// attributes and all, into every new block (see kMaxOpenFormatting): 16
// <b>s of 200 attributes followed by 60,000 "<p>x</p>" (508 KB) made 190
// million attribute copies and ran out of memory at 24 GB; even one
// attribute on each of 16 <b>s costs 700 MB over a 1 MiB page. The scan
// counts every tag met while such attributes are open as a copy of them
// all (more than the parser makes); past this many, the attributes of the
// open formatting elements are removed (their tags stay), about 150 MB of
// copies at worst. Real pages stay far below: an unclosed
// <font face size color> over 100,000 tags counts 300,000.
constexpr std::size_t kMaxFormattingAttributeCopies = 500'000;

// The HTML standard's formatting elements, or -1.
int formatting_index(std::string_view name) {
    static constexpr std::array<std::string_view, 14> kNames{
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"};
    const auto found = std::find(kNames.begin(), kNames.end(), name);
    return found == kNames.end() ? -1 : static_cast<int>(found - kNames.begin());
}

// Elements that never open a level: void elements, the document's own
// html/head/body, and elements the parser mostly closes by itself when a
// sibling starts (<li>, <p>, <td>, <option>, ...; pages often leave them
// open, and counting them would cut tags from ordinary pages).
bool opens_no_level(std::string_view name) {
    static constexpr std::array<std::string_view, 40> kNames{
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "image", "input", "keygen", "link", "meta", "param", "source", "track", "wbr", "html",
        "head", "body", "li", "dt", "dd", "p", "tr", "td", "th", "option",
        "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Elements whose content the tokenizer reads as text up to their end tag.
bool is_raw_text(std::string_view name) {
    static constexpr std::array<std::string_view, 9> kNames{
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// Block elements whose removal would glue the words around them: they are
// replaced by <br> rather than removed.
bool breaks_line(std::string_view name) {
    static constexpr std::array<std::string_view, 31> kNames{
        "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul", "ol", "dl",
        "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
        "figcaption", "address", "details", "summary", "fieldset", "form", "center", "hgroup", "menu",
        "dialog"};
    return std::find(kNames.begin(), kNames.end(), name) != kNames.end();
}

// One tag as the limiting scan sees it.
struct ScannedTag {
    std::string name;                           // lower-cased
    std::size_t end = 0;                        // offset just past its '>' (or the end of the input)
    bool closing = false;                       // </name>
    bool self_closing = false;
    std::vector<std::size_t> attribute_starts;  // where each attribute's name begins, repeats included
    std::size_t attributes_end = 0;             // offset just past the last attribute
};

// The end of the attribute whose name begins at `i`, as the tokenizer
// reads it: the name (whose first character may be '='), then optionally
// '=' and a quoted or unquoted value.
std::size_t attribute_end(std::string_view html, std::size_t i) {
    ++i;
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
    const std::size_t name_end = i;
    while (i < html.size() && is_html_space(html[i])) ++i;
    if (i >= html.size() || html[i] != '=') return name_end;
    ++i;
    while (i < html.size() && is_html_space(html[i])) ++i;
    if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const std::size_t close = html.find(html[i], i + 1);
        return close == std::string_view::npos ? html.size() : close + 1;
    }
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '>') ++i;
    return i;
}

// Reads the tag starting at `start` ('<' followed by a letter, or "</" and
// a letter) into `tag`, which is reused so that its vector keeps its memory.
void scan_tag(std::string_view html, std::size_t start, ScannedTag& tag) {
    tag.name.clear();
    tag.attribute_starts.clear();
    tag.closing = tag.self_closing = false;
    std::size_t i = start + 1;
    if (html[i] == '/') {
        tag.closing = true;
        ++i;
    }
    while (i < html.size() && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>')
        tag.name += ascii_lower(html[i++]);
    tag.attributes_end = i;
    while (i < html.size() && html[i] != '>') {
        if (is_html_space(html[i])) {
            ++i;
        } else if (html[i] == '/') {
            ++i;
            tag.self_closing = i < html.size() && html[i] == '>';
        } else {
            tag.attribute_starts.push_back(i);
            i = tag.attributes_end = attribute_end(html, i);
        }
    }
    tag.end = std::min(html.size(), i + 1);
}

// A part of the page removed before parsing.
struct PageCut {
    std::size_t begin, end;
    bool as_break;  // replaced by <br>
};

// Counts the formatting elements open and the copies of their attributes,
// and which of their tags (or attributes) to remove.
class FormattingLimit {
public:
    // Whether to remove this start tag of formatting element `index`, past
    // kMaxOpenFormatting. When it stays, [begin, end) holds the `attributes`
    // it keeps.
    bool remove_start(int index, std::size_t attributes, std::size_t begin, std::size_t end) {
        if (open_total_ >= kMaxOpenFormatting) {
            ++removed_[index];
            return true;
        }
        open_[index].push_back({attributes, begin, end});
        open_attributes_ += attributes;
        ++open_total_;
        return false;
    }
    bool remove_end(int index) {
        if (removed_[index] > 0) {
            --removed_[index];
            return true;
        }
        if (!open_[index].empty()) {
            open_attributes_ -= open_[index].back().attributes;
            open_[index].pop_back();
            --open_total_;
        }
        return false;
    }

    // Counts a tag as a copy of the open formatting elements' attributes.
    // Past kMaxFormattingAttributeCopies, adds to `cuts` the removal of
    // those attributes and returns how many they are.
    std::size_t count_copies(std::vector<PageCut>& cuts) {
        if (open_attributes_ == 0) return 0;
        copies_ += open_attributes_;
        if (copies_ <= kMaxFormattingAttributeCopies) return 0;
        std::size_t removed = 0;
        for (std::vector<OpenElement>& elements : open_) {
            for (OpenElement& element : elements) {
                if (element.attributes == 0) continue;
                cuts.push_back({element.begin, element.end, false});
                removed += element.attributes;
                element.attributes = 0;
            }
        }
        open_attributes_ = 0;
        return removed;
    }

private:
    struct OpenElement {
        std::size_t attributes;
        std::size_t begin, end;  // where they are in the page
    };
    std::array<std::vector<OpenElement>, 14> open_{};  // by formatting_index, innermost last
    std::array<int, 14> removed_{};
    int open_total_ = 0;
    std::size_t open_attributes_ = 0;
    std::size_t copies_ = 0;
};

// Removes the tags nested deeper than kMaxNesting (block tags become <br>),
// formatting tags past kMaxOpenFormatting, and attributes past
// kMaxAttributesPerElement or kMaxFormattingAttributeCopies. The scan is an
// approximation of HTML tokenizing (comments, raw text, quoted attributes,
// foreign content); it only has to keep parse time and memory bounded. The
// depth of gumbo's tree is bounded separately, for destruction (see
// flatten_deep_subtrees).
class PageLimiter {
public:
    explicit PageLimiter(std::string_view html) : html_(html) {}

    LimitedPage run() {
        std::size_t i = 0;
        while ((i = html_.find('<', i)) != std::string_view::npos) i = step(i);
        LimitedPage page;
        page.attributes_removed = attributes_removed_;
        if (!cuts_.empty()) page.html = rewritten();
        return page;
    }

private:
    // Reads what begins with the '<' at `i`; returns where to go on.
    std::size_t step(std::size_t i) {
        const std::string_view rest = html_.substr(i);
        if (rest.starts_with("<!--")) return after(html_.find("-->", i + 2), 3);
        if (rest.size() >= 2 && (rest[1] == '!' || rest[1] == '?')) return after(html_.find('>', i), 1);
        const bool end_tag = rest.size() >= 3 && rest[1] == '/' && is_ascii_letter(rest[2]);
        if (!end_tag && !(rest.size() >= 2 && is_ascii_letter(rest[1]))) return i + 1;
        scan_tag(html_, i, tag_);
        attributes_removed_ += formatting_.count_copies(cuts_);
        const bool html_context = foreign_ == 0;
        limit_tag(i, html_context);
        if (tag_.closing || !html_context) return tag_.end;
        if (tag_.name == "plaintext") return html_.size();
        if (is_raw_text(tag_.name)) return raw_text_end(tag_.end);
        return tag_.end;
    }

    std::size_t after(std::size_t found, std::size_t length) const {
        return found == std::string_view::npos ? html_.size() : found + length;
    }

    // Where the raw text from `from` ends: at "</name" followed by a
    // delimiter, as the tokenizer reads it.
    std::size_t raw_text_end(std::size_t from) const {
        std::size_t close = from;
        while ((close = ifind(html_, "</" + tag_.name, close)) != std::string_view::npos) {
            const std::size_t past = close + 2 + tag_.name.size();
            if (past >= html_.size() || is_html_space(html_[past]) || html_[past] == '/' || html_[past] == '>')
                return close;
            close = past;
        }
        return html_.size();
    }

    void limit_tag(std::size_t at, bool html_context) {
        std::size_t keep = kMaxAttributesPerElement;
        // Formatting tags count in foreign content too: most of them end it
        // (inside <foreignObject> all are HTML), and no text in it is read.
        if (const int index = formatting_index(tag_.name); index >= 0) {
            const std::vector<std::size_t>& starts = tag_.attribute_starts;
            const std::size_t kept = std::min(keep, starts.size());
            const bool remove =
                tag_.closing ? formatting_.remove_end(index)
                             : formatting_.remove_start(index, kept, kept > 0 ? starts[0] : 0,
                                                        kept < starts.size() ? starts[kept] : tag_.attributes_end);
            remove ? remove_tag(at, false) : limit_attributes(keep);
            return;
        }
        const bool counted = html_context ? !opens_no_level(tag_.name) && !is_raw_text(tag_.name)
                                          : !(tag_.self_closing && !tag_.closing);
        const bool svg_or_math = tag_.name == "svg" || tag_.name == "math";
        if (tag_.closing) {
            if (counted && depth_ > 0) {
                if (depth_-- > kMaxNesting) return remove_tag(at, breaks_line(tag_.name));
                if (svg_or_math && foreign_ > 0) --foreign_;
            }
            return limit_attributes(keep);
        }
        if (counted) {
            if (++depth_ > kMaxNesting) return remove_tag(at, breaks_line(tag_.name));
            if (svg_or_math && !tag_.self_closing) ++foreign_;
        }
        if (tag_.name == "html" || tag_.name == "body") {
            std::size_t& given = tag_.name == "html" ? html_attributes_ : body_attributes_;
            keep -= given;
            given += std::min(keep, tag_.attribute_starts.size());
        }
        limit_attributes(keep);
    }

    void remove_tag(std::size_t at, bool as_break) { cuts_.push_back({at, tag_.end, as_break}); }

    // Removes the tag's attributes after the first `keep`.
    void limit_attributes(std::size_t keep) {
        const std::size_t count = tag_.attribute_starts.size();
        if (count <= keep) return;
        cuts_.push_back({tag_.attribute_starts[keep], tag_.attributes_end, false});
        attributes_removed_ += count - keep;
    }

    std::string rewritten() {
        // Attributes of formatting elements are removed after the tags
        // that follow them were seen.
        std::sort(cuts_.begin(), cuts_.end(), [](const PageCut& a, const PageCut& b) { return a.begin < b.begin; });
        std::string out;
        out.reserve(html_.size());
        std::size_t from = 0;
        for (const PageCut& cut : cuts_) {
            out.append(html_.substr(from, cut.begin - from));
            if (cut.as_break) out += "<br>";
            from = cut.end;
        }
        out.append(html_.substr(from));
        return out;
    }

    std::string_view html_;
    std::vector<PageCut> cuts_;
    ScannedTag tag_;
    int depth_ = 0;    // counted open elements, including removed ones
    int foreign_ = 0;  // open <svg>/<math> elements kept
    FormattingLimit formatting_;
    std::size_t html_attributes_ = 0;  // kept on <html> start tags, all of them merged into one element
    std::size_t body_attributes_ = 0;  // likewise for <body>
    std::size_t attributes_removed_ = 0;
};

}  // namespace

LimitedPage limit_page(std::string_view html) { return PageLimiter(html).run(); }

}  // namespace dossier::html
