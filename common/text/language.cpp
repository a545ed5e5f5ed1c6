// SPDX-License-Identifier: MIT
#include "text/language.h"
#include "base/strings.h"

#include <algorithm>
#include <array>
#include <cstdio>  // CLD2's header uses FILE without including it
#include <utility>

#include <cld2/public/compact_lang_det.h>

#include "base/error.h"

namespace dossier {

namespace {

constexpr std::size_t kDetectionBytes = 256 * 1024;

// CLD2 still uses a few withdrawn or regional codes.
std::string canonical_cld2_code(std::string code) {
    if (code == "zh-Hant") return "zh";
    if (code == "iw") return "he";
    if (code == "jw") return "jv";
    if (code == "un" || code == "xxx" || code.empty()) return std::string(kUndeterminedLanguage);
    return code;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kStemmers{{
    {"ar", "arabic"},     {"hy", "armenian"},  {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},     {"nl", "dutch"},     {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},     {"de", "german"},    {"hu", "hungarian"},  {"id", "indonesian"},
    {"ms", "indonesian"}, {"ga", "irish"},     {"it", "italian"},    {"lt", "lithuanian"},
    {"ne", "nepali"},     {"no", "norwegian"}, {"nb", "norwegian"},  {"nn", "norwegian"},
    {"pt", "portuguese"}, {"ro", "romanian"},  {"ru", "russian"},    {"es", "spanish"},
    {"sv", "swedish"},    {"ta", "tamil"},     {"tr", "turkish"},
}};

}  // namespace

LanguageGuess detect_language(std::string_view text) {
    if (text.size() > kDetectionBytes) text = text.substr(0, kDetectionBytes);
    bool reliable = false;
    CLD2::Language top3[3];
    int percent3[3];
    double scores3[3];
    int text_bytes = 0;
    const CLD2::Language language = CLD2::ExtDetectLanguageSummary(
        text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, nullptr, 0, top3,
        percent3, scores3, nullptr, &text_bytes, &reliable);
    LanguageGuess guess;
    guess.code = canonical_cld2_code(CLD2::LanguageCode(language));
    guess.reliable = reliable && guess.code != kUndeterminedLanguage;
    guess.percent = percent3[0];
    return guess;
}

std::string canonical_language_code(std::string_view user_value) {
    const std::string lowered = ascii_lower(user_value);
    if (lowered == kUndeterminedLanguage) return lowered;
    // CLD2 knows codes ("id", "zh-Hant") and English names ("INDONESIAN").
    std::string upper(user_value);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    for (const std::string& candidate : {std::string(user_value), lowered, upper}) {
        const CLD2::Language by_code = CLD2::GetLanguageFromName(candidate.c_str());
        if (by_code != CLD2::UNKNOWN_LANGUAGE)
            return canonical_cld2_code(CLD2::LanguageCode(by_code));
    }
    // A BCP 47 tag as markup writes it ("fr-CA", "en_US", "zh-TW"): the
    // language subtag decides, except that Chinese keeps its script.
    if (const std::size_t dash = lowered.find_first_of("-_"); dash != std::string::npos && dash > 0) {
        const std::string primary = lowered.substr(0, dash);
        const std::string rest = lowered.substr(dash + 1);
        if (primary == "zh" && (rest.starts_with("hant") || rest == "tw" || rest == "hk" || rest == "mo"))
            return canonical_language_code("zh-Hant");
        try {
            return canonical_language_code(primary);
        } catch (const UsageError&) {
            // Fall through: the whole value is named in the message.
        }
    }
    throw UsageError("unknown language '" + std::string(user_value) +
                     "': give an ISO 639-1 code such as en, id, zh, ru, ar, fr, or an English "
                     "language name such as Indonesian");
}

std::string stemmer_name(std::string_view code) {
    for (const auto& [language_code, name] : kStemmers)
        if (language_code == code) return std::string(name);
    return {};
}

Xapian::Stem make_stemmer(std::string_view code) {
    const std::string name = stemmer_name(code);
    return Xapian::Stem(name.empty() ? "none" : name);
}

}  // namespace dossier
