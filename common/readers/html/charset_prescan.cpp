// SPDX-License-Identifier: MIT
// The declared charset of an HTML file: the HTML standard's "prescan a byte
// stream to determine its encoding", then an XML declaration (XHTML).
#include "readers/html_reader.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "base/strings.h"
#include "readers/html/ascii.h"

namespace dossier {

namespace {

using html::ifind;
using html::is_ascii_letter;
using html::is_html_space;
using html::istarts_with;
using html::trim_html_space;

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

}  // namespace dossier
