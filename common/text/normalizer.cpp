// SPDX-License-Identifier: MIT
#include "text/normalizer.h"

#include <stdexcept>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace dossier {

namespace {

const icu::Normalizer2& nfkc_casefold() {
    static const icu::Normalizer2* instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
        if (U_FAILURE(status) || n == nullptr)
            throw std::runtime_error(std::string("ICU NFKC_Casefold data unavailable: ") +
                                     u_errorName(status));
        return n;
    }();
    return *instance;
}

bool is_ascii(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

// Characters that writers of the language routinely leave out, so a query
// without them must still match a text with them.
bool is_optional_mark(UChar32 c) {
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640;
}

}  // namespace

std::string normalize_word(std::string_view utf8) {
    if (is_ascii(utf8)) {
        std::string out(utf8);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
    if (U_FAILURE(status)) folded = source;

    icu::UnicodeString cleaned;
    for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (is_optional_mark(c)) continue;
        cleaned.append(c == 0x0451 ? UChar32{0x0435} : c);  // ё -> е
    }
    std::string out;
    cleaned.toUTF8String(out);
    return out;
}

}  // namespace dossier
