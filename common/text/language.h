// SPDX-License-Identifier: MIT
// Language identification (CLD2) and the per-language stemmer choice.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dossier {

// Code used when the language cannot be determined (ISO 639-2 "und").
inline constexpr std::string_view kUndeterminedLanguage = "und";

struct LanguageGuess {
    std::string code;       // ISO 639-1 where one exists ("en", "id", "zh"),
                            // else CLD2's code; "und" when unknown
    bool reliable = false;  // CLD2's own verdict
    int percent = 0;        // share of the text in that language
};

// Detects the main language of UTF-8 `text` with CLD2 (the first 256 KiB
// are enough). Returns "und" for text too short or mixed to tell.
LanguageGuess detect_language(std::string_view text);

// Canonical code for what a user wrote: a code in any case ("EN", "id",
// "zh-Hant"), an English language name ("Indonesian") or its name in any
// language ICU knows ("indonesia", "Inggris", "allemand"). Throws
// UsageError naming the value when it is not a language CLD2 knows.
std::string canonical_language_code(std::string_view user_value);

// A language to show names in (--display-lang), as ICU takes it: a code or
// tag as given ("id", "zh-Hant", "pt_BR"), a name as its code
// ("Indonesian", "Bahasa Indonesia" -> "id"). Throws UsageError naming the
// value when no language has that code or name.
std::string display_language_tag(std::string_view user_value);

// The stemmer name for a language code ("indonesian" for "id" and "ms",
// "english" for "en", "greek" for "el": a Snowball algorithm of Xapian's
// or, where Xapian has none, of the Snowball library; "russian_light" for
// "ru"), or "" when there is none (Chinese, Japanese, Thai, Ukrainian, ...).
std::string stemmer_name(std::string_view code);

// A stemmer for `code`; the "none" stemmer (identity) when there is none.
Xapian::Stem make_stemmer(std::string_view code);

}  // namespace dossier
