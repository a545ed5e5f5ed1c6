// SPDX-License-Identifier: MIT
#include "text/language.h"
#include "base/strings.h"

#include <algorithm>
#include <array>
#include <cstdio>  // CLD2's header uses FILE without including it
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <cld2/public/compact_lang_det.h>

#include "base/error.h"
#include "text/stemmer.h"

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

// Xapian's own Snowball stemmers; the Snowball library's where Xapian 1.4
// has none (greek, hindi, serbian, yiddish); for Russian a light stemmer
// (text/stemmer.h).
constexpr std::array<std::pair<std::string_view, std::string_view>, 31> kStemmers{{
    {"ar", "arabic"},     {"hy", "armenian"},  {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},     {"nl", "dutch"},     {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},     {"de", "german"},    {"el", "greek"},      {"hi", "hindi"},
    {"hu", "hungarian"},  {"id", "indonesian"}, {"ms", "indonesian"}, {"ga", "irish"},
    {"it", "italian"},    {"lt", "lithuanian"}, {"ne", "nepali"},    {"no", "norwegian"},
    {"nb", "norwegian"},  {"nn", "norwegian"}, {"pt", "portuguese"}, {"ro", "romanian"},
    {"ru", kRussianLightStemmer}, {"sr", "serbian"}, {"es", "spanish"},  {"sv", "swedish"},
    {"ta", "tamil"},      {"tr", "turkish"},   {"yi", "yiddish"},
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

namespace {

// `text` case-folded, for comparing names.
std::string folded(std::string_view text) {
    icu::UnicodeString name = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    name.foldCase();
    std::string out;
    name.toUTF8String(out);
    return out;
}

// The language a name in any language ICU has names in stands for
// ("indonesia" and "bahasa indonesia" -> "id", "Inggris" -> "en",
// "allemand" -> "de"): ICU's display name of every language CLD2 detects,
// in every language ICU has, case-folded. A name two languages share (in
// different display languages) names neither. Built on first use (a
// value CLD2 does not know), once.
std::optional<std::string> language_named(std::string_view value) {
    static const std::unordered_map<std::string, std::string> by_name = [] {
        std::unordered_map<std::string, std::string> names;
        std::vector<std::pair<std::string, icu::Locale>> languages;
        for (int i = 0; i < CLD2::NUM_LANGUAGES; ++i) {
            const auto language = static_cast<CLD2::Language>(i);
            // CLD2's "X_" entries are scripts and jokes (X_KLINGON, X_PIG_LATIN), not languages.
            if (std::string_view(CLD2::LanguageName(language)).starts_with("X_")) continue;
            const std::string code = canonical_cld2_code(CLD2::LanguageCode(language));
            if (code == kUndeterminedLanguage || code.find('-') != std::string::npos) continue;
            languages.emplace_back(code, icu::Locale(code.c_str()));
        }
        int32_t count = 0;
        const icu::Locale* available = icu::Locale::getAvailableLocales(count);
        for (int32_t d = 0; d < count; ++d) {
            const icu::Locale& display = available[d];
            if (display.getCountry()[0] != '\0' || display.getScript()[0] != '\0') continue;  // one per language
            for (const auto& [code, locale] : languages) {
                icu::UnicodeString name;
                locale.getDisplayLanguage(display, name);
                std::string utf8;
                name.toUTF8String(utf8);
                if (utf8.empty() || utf8 == code) continue;  // ICU has no name for it there
                const auto [it, inserted] = names.emplace(folded(utf8), code);
                if (!inserted && it->second != code) it->second.clear();
            }
        }
        return names;
    }();
    const auto it = by_name.find(folded(value));
    if (it == by_name.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

}  // namespace

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
    if (const auto named = language_named(user_value)) return *named;
    throw UsageError("unknown language '" + std::string(user_value) +
                     "': give an ISO 639-1 code such as en, id, zh, ru, ar, fr, or an English "
                     "language name such as Indonesian");
}

std::string display_language_tag(std::string_view user_value) {
    const std::string code = canonical_language_code(user_value);
    // A tag whose language subtag is the code keeps its script or region.
    const std::string primary = ascii_lower(user_value.substr(0, user_value.find_first_of("-_")));
    if (primary == code || (code == "zh" && primary == "zh") || (code == "he" && primary == "iw")) return std::string(user_value);
    if (code == kUndeterminedLanguage) throw UsageError("unknown language '" + std::string(user_value) + "'");
    return code;
}

std::string stemmer_name(std::string_view code) {
    for (const auto& [language_code, name] : kStemmers)
        if (language_code == code) return std::string(name);
    return {};
}

Xapian::Stem make_stemmer(std::string_view code) {
    const std::string name = stemmer_name(code);
    if (name.empty()) return Xapian::Stem("none");
    if (name == kRussianLightStemmer) return russian_light_stemmer();
    if (xapian_has_stemmer(name)) return Xapian::Stem(name);
    return snowball_stemmer(name);
}

}  // namespace dossier
