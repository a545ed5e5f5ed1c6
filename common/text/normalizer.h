// SPDX-License-Identifier: MIT
// Text normalization shared by indexing and querying.
#pragma once

#include <string>
#include <string_view>

namespace dossier {

// Normalizes one word for matching: Unicode NFKC with full case folding
// (full-width forms, ligatures, compatibility characters and case all
// collapse), default-ignorable characters such as soft hyphens and
// zero-width joiners removed, Arabic diacritics and tatweel removed,
// Cyrillic "ё" folded to "е", Greek accents and diaeresis removed (all
// routinely omitted in writing, and Greek capitals carry none); final
// sigma folds to "σ" and "İ" to "i". In a language with Turkic casing
// (`lang` "tr" or "az", see has_turkic_casing) "I" is the capital of the
// dotless "ı" and folds to it. ASCII input takes a fast path with the same
// result.
std::string normalize_word(std::string_view utf8, std::string_view lang = {});

// True for the languages whose capital "I" is dotless (Turkish and
// Azerbaijani): their words fold differently, so a query must be analyzed
// in that language to meet their documents.
bool has_turkic_casing(std::string_view lang);

}  // namespace dossier
