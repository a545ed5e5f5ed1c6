// SPDX-License-Identifier: MIT
#include "base/utf8.h"

#include <unicode/utf8.h>

#include <fmt/format.h>

namespace dossier {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Whether a terminal takes ASCII byte `c` as a command.
bool is_ascii_control(unsigned char c) { return c < 0x20 || c == 0x7F; }

void append_escaped_ascii(std::string& out, unsigned char c) {
    switch (c) {
    case '\t': out += "\\t"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    default: out += fmt::format("\\x{:02x}", static_cast<unsigned>(c)); break;
    }
}

}  // namespace

RepairedText repair_utf8(std::string_view bytes) {
    if (bytes.starts_with(kByteOrderMark)) bytes.remove_prefix(kByteOrderMark.size());
    RepairedText out;
    if (is_valid_utf8(bytes)) {
        out.text.assign(bytes);
        return out;
    }
    out.text.reserve(bytes.size() + 16);
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {
            out.text.append(kReplacement);
            ++out.replaced;
        } else {
            out.text.append(bytes.substr(start, i - start));
        }
    }
    return out;
}

bool is_valid_utf8(std::string_view bytes) {
    const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
    const int32_t length = static_cast<int32_t>(bytes.size());
    int32_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {  // ASCII fast path
            ++i;
            continue;
        }
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) return false;
    }
    return true;
}

std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(bytes, i, length, c);
        if (c >= 0) out.push_back(static_cast<char32_t>(c));
    }
    return out;
}

std::size_t count_code_points(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::size_t prefix_bytes(std::string_view text, std::size_t max_code_points) {
    std::size_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (seen == max_code_points) return i;
            ++seen;
        }
    }
    return text.size();
}

namespace {

// Marks that reorder how the rest of a line is shown (Trojan Source): a
// title or path holding U+202E would display reversed.
bool is_bidi_control(UChar32 c) {
    return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < length) {
        if (s[i] < 0x80) {  // ASCII fast path
            if (is_ascii_control(s[i])) append_escaped_ascii(out, s[i]);
            else out += static_cast<char>(s[i]);
            ++i;
            continue;
        }
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) {  // every byte of the ill-formed sequence, as it is
            for (int32_t b = start; b < i; ++b) out += fmt::format("\\x{:02x}", static_cast<unsigned>(s[b]));
        } else if (c <= 0x9F || is_bidi_control(c)) {  // C1 control; text-reordering control
            out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
    }
    return out;
}

}  // namespace dossier
