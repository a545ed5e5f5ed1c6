// SPDX-License-Identifier: MIT
#include "utf8.h"

#include <unicode/utf8.h>

namespace dossier {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

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

}  // namespace dossier
