// SPDX-License-Identifier: MIT
#include "readers/html_reader.h"
#include "base/strings.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/utf8.h"

namespace dossier {

namespace {

// ---- Small string helpers ----------------------------------------------------


bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// HTML's "ASCII whitespace" (the prescan also stops names at these).
bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

// Case-insensitive find of an ASCII `needle`.
std::size_t ifind(std::string_view haystack, std::string_view needle, std::size_t from = 0) {
    if (needle.empty() || haystack.size() < needle.size()) return std::string_view::npos;
    for (std::size_t i = from; i + needle.size() <= haystack.size(); ++i)
        if (iequals(haystack.substr(i, needle.size()), needle)) return i;
    return std::string_view::npos;
}

std::string_view trim_html_space(std::string_view s) {
    while (!s.empty() && is_html_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_html_space(s.back())) s.remove_suffix(1);
    return s;
}

// ---- Declared charset (the HTML5 "prescan a byte stream") ---------------------

// How far the prescan looks, as in the HTML standard.
constexpr std::size_t kPrescanBytes = 1024;

// A cursor over the first kPrescanBytes of the raw bytes.
class Prescan {
public:
    explicit Prescan(std::string_view bytes) : bytes_(bytes.substr(0, kPrescanBytes)) {}

    bool done() const { return pos_ >= bytes_.size(); }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < bytes_.size() ? bytes_[pos_ + ahead] : '\0'; }
    bool at(std::string_view text) const { return istarts_with(bytes_.substr(pos_), text); }
    void advance(std::size_t n = 1) { pos_ = std::min(bytes_.size(), pos_ + n); }
    void skip_to_after(std::string_view text, std::size_t from) {
        const std::size_t found = bytes_.find(text, from);
        pos_ = found == std::string_view::npos ? bytes_.size() : found + text.size();
    }
    std::size_t position() const { return pos_; }
    void skip_spaces() {
        while (!done() && is_html_space(peek())) advance();
    }

    // The standard's "get an attribute": a lower-cased name and value, or
    // nullopt at '>' or the end of the bytes.
    std::optional<std::pair<std::string, std::string>> attribute() {
        while (!done() && (is_html_space(peek()) || peek() == '/')) advance();
        if (done() || peek() == '>') return std::nullopt;
        std::string name;
        std::string value;
        while (true) {
            if (done()) return std::nullopt;
            const char c = peek();
            if (c == '=' && !name.empty()) {
                advance();
                break;
            }
            if (is_html_space(c)) {
                skip_spaces();
                if (peek() != '=') return std::pair{name, value};
                advance();
                break;
            }
            if (c == '/' || c == '>') return std::pair{name, value};
            name += ascii_lower(c);
            advance();
        }
        skip_spaces();
        if (done()) return std::nullopt;
        if (const char quote = peek(); quote == '"' || quote == '\'') {
            advance();
            while (true) {
                if (done()) return std::nullopt;
                if (peek() == quote) {
                    advance();
                    return std::pair{name, value};
                }
                value += ascii_lower(peek());
                advance();
            }
        }
        if (peek() == '>') return std::pair{name, value};
        while (!done() && !is_html_space(peek()) && peek() != '>') {
            value += ascii_lower(peek());
            advance();
        }
        return done() ? std::nullopt : std::optional{std::pair{name, value}};
    }

private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

// The standard's "extract a character encoding from a meta element":
// "text/html; charset=windows-1251" -> "windows-1251".
std::string charset_from_content(std::string_view content) {
    std::size_t pos = 0;
    while (true) {
        const std::size_t found = ifind(content, "charset", pos);
        if (found == std::string_view::npos) return {};
        pos = found + 7;
        while (pos < content.size() && is_html_space(content[pos])) ++pos;
        if (pos >= content.size() || content[pos] != '=') continue;
        ++pos;
        while (pos < content.size() && is_html_space(content[pos])) ++pos;
        if (pos >= content.size()) return {};
        if (const char quote = content[pos]; quote == '"' || quote == '\'') {
            const std::size_t close = content.find(quote, pos + 1);
            if (close == std::string_view::npos) return {};
            return std::string(content.substr(pos + 1, close - pos - 1));
        }
        std::size_t end = pos;
        while (end < content.size() && !is_html_space(content[end]) && content[end] != ';') ++end;
        return std::string(content.substr(pos, end - pos));
    }
}

// A label worth handing to the decoder: "windows-1251", "shift_jis", ...
// (junk such as "{{charset}}" is passed over, as the standard does with
// labels it does not know).
std::string usable_label(std::string_view label) {
    label = trim_html_space(label);
    if (label.empty() || label.size() > 40) return {};
    for (const char c : label)
        if (!(is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':'))
            return {};
    std::string out = ascii_lower(label);
    // A declaration readable as ASCII cannot be in UTF-16; the standard
    // reads such pages as UTF-8 (and x-user-defined as windows-1252).
    if (out == "utf-16" || out == "utf-16le" || out == "utf-16be") return "utf-8";
    if (out == "x-user-defined") return "windows-1252";
    return out;
}

// The charset of one <meta> whose attributes start at the cursor, or "".
std::string meta_charset(Prescan& scan) {
    std::map<std::string, std::string> attributes;
    while (auto attribute = scan.attribute())
        attributes.emplace(std::move(attribute->first), std::move(attribute->second));  // first one wins
    if (const auto it = attributes.find("charset"); it != attributes.end())
        if (std::string label = usable_label(it->second); !label.empty()) return label;
    const auto equiv = attributes.find("http-equiv");
    const auto content = attributes.find("content");
    if (equiv != attributes.end() && equiv->second == "content-type" && content != attributes.end())
        return usable_label(charset_from_content(content->second));
    return {};
}

// Skips the attributes of any other tag, so that a '>' or "<meta" inside a
// quoted attribute value is not taken for markup.
void skip_tag(Prescan& scan) {
    while (!scan.done() && !is_html_space(scan.peek()) && scan.peek() != '>') scan.advance();
    while (scan.attribute()) {
    }
    scan.advance();  // the '>'
}

// The encoding of an XML declaration at the very start (XHTML pages):
// <?xml version="1.0" encoding="windows-1251"?>.
std::string xml_declared_encoding(std::string_view bytes) {
    if (!bytes.starts_with("<?xml")) return {};
    const std::string_view declaration = bytes.substr(0, std::min(bytes.find("?>"), kPrescanBytes));
    std::size_t pos = declaration.find("encoding");
    if (pos == std::string_view::npos) return {};
    pos += 8;
    while (pos < declaration.size() && is_html_space(declaration[pos])) ++pos;
    if (pos >= declaration.size() || declaration[pos] != '=') return {};
    ++pos;
    while (pos < declaration.size() && is_html_space(declaration[pos])) ++pos;
    if (pos >= declaration.size() || (declaration[pos] != '"' && declaration[pos] != '\'')) return {};
    const std::size_t close = declaration.find(declaration[pos], pos + 1);
    if (close == std::string_view::npos) return {};
    return usable_label(declaration.substr(pos + 1, close - pos - 1));
}

// ---- Limits before parsing -----------------------------------------------------
//
// gumbo's time and memory grow faster than the page on some shapes of
// markup. Before parsing, a cheap scan removes what would set that off:
// tags nested too deep, too many formatting elements left open, too many
// attributes. Real pages reach none of the limits and are parsed as they
// are.

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

// At most this many attributes of one tag are kept; the rest are removed
// before parsing. gumbo checks each attribute against all the tag's
// earlier ones (to drop duplicates), so time grows with the square of
// their number: one <div> with 100,000 attributes (889 KB) took 16 s.
// Real elements have a few, rarely a few dozen. The page's <html> and
// <body> get this many in all, however often their start tags are
// repeated: the parser merges each repeat's attributes into the one
// element, checking each against all it has (80 <body> tags of 1,000
// attributes, 780 KB: 19 s).
constexpr std::size_t kMaxAttributesPerElement = 100;

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

// The page as gumbo gets it.
struct LimitedPage {
    std::optional<std::string> html;  // rewritten; nullopt when nothing was over a limit (the usual case)
    std::size_t attributes_removed = 0;
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

// ---- gumbo -----------------------------------------------------------------

// gumbo's allocator, named so that flatten_deep_subtrees provably frees
// and allocates with the same functions gumbo_destroy_output uses.
void* gumbo_allocate(void*, std::size_t size) { return std::malloc(size); }
void gumbo_free(void*, void* pointer) { std::free(pointer); }

GumboOptions parser_options() {
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &gumbo_allocate;
    options.deallocator = &gumbo_free;
    // Each recorded parse error copies the stack of open elements: on a
    // deeply nested page that is gigabytes. We never read the errors.
    options.max_errors = 0;
    return options;
}

GumboVector* children_of(GumboNode* node) {
    switch (node->type) {
        case GUMBO_NODE_DOCUMENT: return &node->v.document.children;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: return &node->v.element.children;
        default: return nullptr;
    }
}

const GumboVector* children_of(const GumboNode* node) { return children_of(const_cast<GumboNode*>(node)); }

GumboNode* child_at(const GumboVector& children, unsigned int index) {
    return static_cast<GumboNode*>(children.data[index]);
}

// gumbo_destroy_output recurses once per tree level; below this depth a
// subtree is flattened first so that destroying a hostile page cannot
// overflow the stack.
constexpr std::size_t kMaxDestroyDepth = 1000;

// Makes every descendant of `node` its direct child (in document order).
// Only the shape changes; gumbo_destroy_output still frees every node.
void flatten(GumboNode* node) {
    std::vector<GumboNode*> descendants;
    std::vector<GumboNode*> pending{node};
    while (!pending.empty()) {
        GumboNode* current = pending.back();
        pending.pop_back();
        if (current != node) descendants.push_back(current);
        if (const GumboVector* children = children_of(current))
            for (unsigned int i = children->length; i-- > 0;) pending.push_back(child_at(*children, i));
    }
    const GumboOptions options = parser_options();
    for (GumboNode* descendant : descendants) {
        if (GumboVector* children = children_of(descendant)) {
            options.deallocator(options.userdata, children->data);
            *children = GumboVector{nullptr, 0, 0};
        }
    }
    GumboVector* children = children_of(node);
    void** data = static_cast<void**>(options.allocator(options.userdata, descendants.size() * sizeof(void*)));
    if (data == nullptr) std::abort();  // as gumbo itself would fail
    for (std::size_t i = 0; i < descendants.size(); ++i) {
        data[i] = descendants[i];
        descendants[i]->parent = node;
        descendants[i]->index_within_parent = static_cast<unsigned int>(i);
    }
    options.deallocator(options.userdata, children->data);
    const auto count = static_cast<unsigned int>(descendants.size());
    *children = GumboVector{data, count, count};
}

void flatten_deep_subtrees(GumboNode* document) {
    std::vector<std::pair<GumboNode*, std::size_t>> pending{{document, 0}};
    while (!pending.empty()) {
        const auto [node, depth] = pending.back();
        pending.pop_back();
        const GumboVector* children = children_of(node);
        if (children == nullptr || children->length == 0) continue;
        if (depth >= kMaxDestroyDepth) {
            flatten(node);
            continue;
        }
        for (unsigned int i = 0; i < children->length; ++i) pending.emplace_back(child_at(*children, i), depth + 1);
    }
}

struct GumboOutputDeleter {
    void operator()(GumboOutput* output) const {
        const GumboOptions options = parser_options();
        if (output->document != nullptr) flatten_deep_subtrees(output->document);
        gumbo_destroy_output(&options, output);
    }
};

// A parsed page. The tree points into the text it was parsed from
// (original_tag, original_text), so that text lives as long as the tree.
class ParsedHtml {
public:
    explicit ParsedHtml(std::string_view utf8_html) {
        LimitedPage limited = PageLimiter(utf8_html).run();
        attributes_removed_ = limited.attributes_removed;
        if (limited.html) limited_input_ = std::move(*limited.html);
        const std::string_view input = limited.html ? std::string_view(limited_input_) : utf8_html;
        const GumboOptions options = parser_options();
        output_.reset(gumbo_parse_with_options(&options, input.data(), input.size()));
        if (!output_ || output_->document == nullptr || output_->root == nullptr)
            throw DocumentError(DocumentError::Kind::failed, "the HTML parser could not read the page");
    }
    const GumboNode* document() const { return output_->document; }
    const GumboNode* root() const { return output_->root; }
    // Attributes removed before parsing (PageLimiter), for a warning.
    std::size_t attributes_removed() const { return attributes_removed_; }

private:
    std::string limited_input_;  // the input with what passed a limit removed, when anything did
    std::size_t attributes_removed_ = 0;
    std::unique_ptr<GumboOutput, GumboOutputDeleter> output_;
};

// Visits the tree in document order without recursion (hostile pages nest
// far deeper than the stack allows). `enter(node)` returns whether to visit
// the node's children; `leave(node)` follows them for every node entered.
template <typename Enter, typename Leave>
void walk_tree(const GumboNode* root, Enter&& enter, Leave&& leave) {
    struct Step {
        const GumboNode* node;
        bool leaving;
    };
    std::vector<Step> steps{{root, false}};
    while (!steps.empty()) {
        const Step step = steps.back();
        steps.pop_back();
        if (step.leaving) {
            leave(step.node);
            continue;
        }
        if (!enter(step.node)) continue;
        steps.push_back({step.node, true});
        if (const GumboVector* children = children_of(step.node))
            for (unsigned int i = children->length; i-- > 0;) steps.push_back({child_at(*children, i), false});
    }
}

bool is_element(const GumboNode* node) {
    return node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE;
}

bool is_html_element(const GumboNode* node, GumboTag tag) {
    return is_element(node) && node->v.element.tag == tag && node->v.element.tag_namespace == GUMBO_NAMESPACE_HTML;
}

std::optional<std::string_view> attribute(const GumboNode* node, const char* name) {
    if (!is_element(node)) return std::nullopt;
    const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
    if (found == nullptr || found->value == nullptr) return std::nullopt;
    return std::string_view(found->value);
}

std::string_view node_text(const GumboNode* node) {
    return node->v.text.text == nullptr ? std::string_view() : std::string_view(node->v.text.text);
}

// Whether `node` is an HTML element gumbo does not know (GUMBO_TAG_UNKNOWN)
// named `name` (lower-case), such as <dialog> or <search>.
bool is_unknown_element_named(const GumboNode* node, std::string_view name) {
    if (!is_element(node) || node->v.element.tag != GUMBO_TAG_UNKNOWN ||
        node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML)
        return false;
    // The name as written in the start tag ("<Dialog open>"); elements the
    // parser made up have no start tag. (Not gumbo_tag_from_original_text:
    // it assumes a well-formed tag.)
    const GumboStringPiece& tag = node->v.element.original_tag;
    if (tag.data == nullptr || tag.length < 2 || tag.data[0] != '<') return false;
    const std::string_view written(tag.data + 1, tag.length - 1);
    const std::size_t end = std::min(written.size(), written.find_first_of(" \t\n\r\f/>"));
    return iequals(written.substr(0, end), name);
}

bool is_text_node(const GumboNode* node) {
    return node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA;
}

// Whether a space-separated attribute value (rel, role) holds `token`.
bool has_token(std::optional<std::string_view> value, std::string_view token) {
    if (!value) return false;
    const std::string_view tokens = *value;
    std::size_t i = 0;
    while (i < tokens.size()) {
        while (i < tokens.size() && is_html_space(tokens[i])) ++i;
        std::size_t end = i;
        while (end < tokens.size() && !is_html_space(tokens[end])) ++end;
        if (end > i && iequals(tokens.substr(i, end - i), token)) return true;
        i = end;
    }
    return false;
}

// The text of an element's descendants, as written (for <title> and <h1>).
std::string descendant_text(const GumboNode* node) {
    std::string text;
    walk_tree(
        node,
        [&](const GumboNode* current) {
            if (is_text_node(current)) text += node_text(current);
            return is_element(current);
        },
        [](const GumboNode*) {});
    return text;
}

// ---- Visible text ------------------------------------------------------------

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

// The visible text of a page, and the text of its first visible <h1>.
//
// Page chrome is told apart by markup only:
//  - <nav> (and role=navigation, search, menu) is always left out;
//  - <header>/<footer> (role=banner/contentinfo) are left out when they
//    belong to the page, i.e. no <article>, <main>, <section>,
//    <blockquote>, <figure> or <details> encloses them (an article's own
//    header holds its headline and byline and is kept);
//  - <aside> (role=complementary, and dialogs such as cookie banners) is
//    left out unless it sits inside an <article> or <main>.
// When the page marks its content with <main> (else with <article>s), the
// text of those regions alone is kept, which drops sidebars and lists of
// related stories; but only when they hold at least a third of the page's
// text, so that a page that wraps just its headline in <article> loses
// nothing.
//
// The first <time datetime> is taken from the visible text too, so that a
// masthead's "today" in the page header does not pass for the page's date;
// one inside <main> or <article> is preferred.
struct VisibleText {
    std::string text;
    std::string first_h1;
    std::string first_time;       // datetime of the first visible <time>
    std::string time_in_content;  // ... of the first one inside <main> or <article>
};

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

// ---- Metadata ----------------------------------------------------------------

// What the markup says about the page, first occurrence of each.
struct PageMetadata {
    std::map<std::string, std::string> meta;  // lower-cased property or name -> content
    std::string http_equiv_language;
    std::string title;                        // <title>
    std::string canonical;                    // <link rel=canonical href>
    std::string html_lang;                    // <html lang> or xml:lang
    std::string date_published;               // itemprop=datePublished
};

void remember(std::map<std::string, std::string>& meta, std::optional<std::string_view> key, std::string_view value) {
    if (key && !trim_html_space(*key).empty()) meta.emplace(ascii_lower(trim_html_space(*key)), std::string(value));
}

PageMetadata read_metadata(const GumboNode* document, const GumboNode* root) {
    PageMetadata page;
    if (auto lang = attribute(root, "lang"); lang && !trim_html_space(*lang).empty())
        page.html_lang = trim_html_space(*lang);
    else if (auto xml_lang = attribute(root, "xml:lang"))
        page.html_lang = trim_html_space(*xml_lang);
    bool title_seen = false;
    walk_tree(
        document,
        [&](const GumboNode* node) {
            if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
            // Not <svg><title>, nor the inert content of a <template>.
            if (node->v.element.tag_namespace != GUMBO_NAMESPACE_HTML || node->type == GUMBO_NODE_TEMPLATE)
                return false;
            switch (node->v.element.tag) {
                case GUMBO_TAG_META:
                    if (const auto content = attribute(node, "content")) {
                        remember(page.meta, attribute(node, "property"), *content);
                        remember(page.meta, attribute(node, "name"), *content);
                        if (const auto equiv = attribute(node, "http-equiv");
                            equiv && iequals(trim_html_space(*equiv), "content-language") &&
                            page.http_equiv_language.empty())
                            page.http_equiv_language = *content;
                    }
                    break;
                case GUMBO_TAG_TITLE:
                    if (!title_seen) page.title = descendant_text(node);
                    title_seen = true;
                    break;
                case GUMBO_TAG_LINK:
                    if (const auto href = attribute(node, "href");
                        href && page.canonical.empty() && has_token(attribute(node, "rel"), "canonical"))
                        page.canonical = *href;
                    break;
                default:
                    break;
            }
            if (page.date_published.empty() && has_token(attribute(node, "itemprop"), "datePublished")) {
                if (const auto content = attribute(node, "content")) page.date_published = *content;
                else if (const auto datetime = attribute(node, "datetime")) page.date_published = *datetime;
            }
            return true;
        },
        [](const GumboNode*) {});
    return page;
}

std::string meta_value(const PageMetadata& page, std::string_view key) {
    const auto it = page.meta.find(std::string(key));
    return it == page.meta.end() ? std::string() : one_line(it->second);
}

// A language tag as pages write it ("fr-CA", "en_US"); template junk such
// as "{{ lang }}" is not one.
bool looks_like_language_tag(std::string_view tag) {
    if (tag.empty() || tag.size() > 35 || !is_ascii_letter(tag.front())) return false;
    return std::all_of(tag.begin(), tag.end(), [](char c) {
        return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

std::string page_language(const PageMetadata& page) {
    if (std::string lang = std::string(trim_html_space(page.html_lang)); looks_like_language_tag(lang)) return lang;
    // Content-Language may list several ("en, fr"); the first is the hint.
    std::string_view first = page.http_equiv_language;
    first = trim_html_space(first.substr(0, first.find(',')));
    return looks_like_language_tag(first) ? std::string(first) : std::string();
}

bool is_absolute_web_url(std::string_view url) {
    return istarts_with(url, "http://") || istarts_with(url, "https://");
}

// The date, from the first source that gives a valid one. A source holding
// junk adds a warning (take_metadata_date) and the next one is tried.
void take_page_date(SourceDocument& document, const PageMetadata& page, const VisibleText& visible) {
    struct Source {
        std::string value;
        std::string field;
    };
    const auto meta_property = [&](std::string_view key, std::string_view attribute_name) {
        return Source{meta_value(page, key), fmt::format("<meta {}=\"{}\">", attribute_name, key)};
    };
    const std::vector<Source> sources{
        meta_property("article:published_time", "property"),
        meta_property("og:updated_time", "property"),
        meta_property("article:modified_time", "property"),
        meta_property("dc.date", "name"),
        meta_property("dc.date.issued", "name"),
        meta_property("dcterms.date", "name"),
        meta_property("dcterms.issued", "name"),
        meta_property("dcterms.created", "name"),
        {one_line(visible.time_in_content.empty() ? visible.first_time : visible.time_in_content),
         "<time datetime>"},
        meta_property("date", "name"),
        {one_line(page.date_published), "itemprop=\"datePublished\""},
        meta_property("citation_publication_date", "name"),
        meta_property("citation_date", "name"),
    };
    for (const Source& source : sources)
        if (!source.value.empty() && take_metadata_date(document, source.value, source.field)) return;
}

std::string tidy_title(std::string_view title) { return shorten_title(one_line(title)); }

// Makes sure a string is well-formed UTF-8 (gumbo's output is, but this
// is the reader's promise, so it is not left to another library).
std::string well_formed(std::string text) {
    if (is_valid_utf8(text)) return text;
    return repair_utf8(text).text;
}

// Names the limits: only a page made to slow the parser down, or
// machine-made junk, meets them.
std::string attribute_limit_warning(std::size_t removed) {
    return fmt::format("{} {} left out, to keep parsing fast: the limit is {} per element (<html> and <body> "
                       "count as one element each, however often written), and formatting elements such as <b> "
                       "left open over many tags lose theirs",
                       removed, removed == 1 ? "attribute was" : "attributes were", kMaxAttributesPerElement);
}

}  // namespace

std::string declared_html_charset(std::string_view bytes) {
    Prescan scan(bytes);
    while (!scan.done()) {
        if (scan.at("<!--")) {
            scan.skip_to_after("-->", scan.position() + 2);
        } else if (scan.at("<meta") && (is_html_space(scan.peek(5)) || scan.peek(5) == '/')) {
            scan.advance(5);
            if (std::string label = meta_charset(scan); !label.empty()) return label;
        } else if (scan.peek() == '<' && (is_ascii_letter(scan.peek(1)) ||
                                          (scan.peek(1) == '/' && is_ascii_letter(scan.peek(2))))) {
            scan.advance(scan.peek(1) == '/' ? 2 : 1);
            skip_tag(scan);
        } else if (scan.at("<!") || scan.at("</") || scan.at("<?")) {
            scan.skip_to_after(">", scan.position());
        } else {
            scan.advance();
        }
    }
    return xml_declared_encoding(bytes);
}

SourceDocument parse_html_document(std::string path, std::string_view utf8_html, const ReadLimits& limits) {
    const ParsedHtml parsed(utf8_html);

    SourceDocument document;
    document.path = std::move(path);
    document.format = kFormatHtml;

    VisibleText visible = VisibleTextWalk(limits.max_text_bytes).run(parsed.root());
    document.text = well_formed(std::move(visible.text));

    const PageMetadata page = read_metadata(parsed.document(), parsed.root());
    if (std::string og_title = meta_value(page, "og:title"); !og_title.empty()) {
        document.title = tidy_title(og_title);
        document.title_from_metadata = true;
    } else if (std::string title = one_line(page.title); !title.empty()) {
        document.title = tidy_title(title);
        document.title_from_metadata = true;
    } else {
        document.title = tidy_title(visible.first_h1);  // part of the text: not metadata
    }
    document.title = well_formed(std::move(document.title));

    document.lang = page_language(page);
    document.lang_is_hint = !document.lang.empty();
    document.source = well_formed(meta_value(page, "og:site_name"));
    for (const std::string& url : {one_line(page.canonical), meta_value(page, "og:url")}) {
        if (is_absolute_web_url(url)) {
            document.url = well_formed(url);
            break;
        }
    }
    take_page_date(document, page, visible);
    if (parsed.attributes_removed() > 0)
        document.warnings.push_back(attribute_limit_warning(parsed.attributes_removed()));

    if (document.text.empty() && document.title.empty())
        throw DocumentError(DocumentError::Kind::skipped, "no text (the page has no visible text)");
    return document;
}

}  // namespace dossier
