// SPDX-License-Identifier: MIT
#include "text/normalizer.h"

#include <stdexcept>

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
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

bool is_greek(UChar32 c) { return (c >= 0x0370 && c <= 0x03FF) || (c >= 0x1F00 && c <= 0x1FFF); }

constexpr UChar32 kCombiningDotAbove = 0x0307;

// Greek accents (tonos, dialytika, polytonic marks) are left out in
// capitals and often in typing: "ΠΟΛΙΤΙΚΗΣ", "πολιτικής" and "πολιτικης"
// must be one word. Removes every combining mark that follows a Greek
// letter.
icu::UnicodeString without_greek_accents(const icu::UnicodeString& folded) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return folded;
    const icu::UnicodeString decomposed = nfd->normalize(folded, status);
    if (U_FAILURE(status)) return folded;
    icu::UnicodeString bare;
    bool after_greek = false;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        i += U16_LENGTH(c);
        if (u_getCombiningClass(c) != 0 || (c >= 0x0300 && c <= 0x036F)) {
            if (after_greek) continue;
        } else {
            after_greek = is_greek(c);
        }
        bare.append(c);
    }
    icu::UnicodeString composed = nfc->normalize(bare, status);
    return U_FAILURE(status) ? bare : composed;
}

}  // namespace

bool has_turkic_casing(std::string_view lang) { return lang == "tr" || lang == "az"; }

std::string normalize_word(std::string_view utf8, std::string_view lang) {
    const bool turkic = has_turkic_casing(lang);
    if (is_ascii(utf8) && !(turkic && utf8.find('I') != std::string_view::npos)) {
        std::string out(utf8);
        for (char& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    // ICU's Turkish lower-casing: "I" -> "ı", "İ" -> "i"; the case folding
    // below then leaves both alone.
    if (turkic) source.toLower(icu::Locale("tr"));
    icu::UnicodeString folded = nfkc_casefold().normalize(source, status);
    if (U_FAILURE(status)) folded = source;

    icu::UnicodeString cleaned;
    bool greek = false;
    for (int32_t i = 0; i < folded.length();) {
        const UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (is_optional_mark(c)) continue;
        // Case folding turns "İ" into "i" and a combining dot: the dot
        // says nothing an "i" does not.
        if (c == kCombiningDotAbove && cleaned.length() > 0 && cleaned.charAt(cleaned.length() - 1) == u'i') continue;
        greek = greek || is_greek(c);
        cleaned.append(c == 0x0451 ? UChar32{0x0435} : c);  // ё -> е
    }
    if (greek) cleaned = without_greek_accents(cleaned);
    std::string out;
    cleaned.toUTF8String(out);
    return out;
}

}  // namespace dossier
