// SPDX-License-Identifier: MIT
// Text normalization shared by indexing and querying.
#pragma once

#include <string>
#include <string_view>

namespace dossier {

// Normalizes one word for matching: Unicode NFKC with full case folding
// (full-width forms, ligatures, compatibility characters and case all
// collapse), default-ignorable characters such as soft hyphens and
// zero-width joiners removed, Arabic diacritics and tatweel removed and
// Cyrillic "ё" folded to "е" (both are routinely omitted in writing).
// ASCII input takes a fast path with the same result.
std::string normalize_word(std::string_view utf8);

}  // namespace dossier
