// SPDX-License-Identifier: MIT
// Small string helpers every layer needs, written once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// `text` with A-Z lowered and every other byte kept (file extensions,
// option values, field names: never natural-language text, which the
// normalizer folds).
std::string ascii_lower(std::string_view text);
constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The parts with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

// 64-bit FNV-1a of `bytes` from `basis` (the standard offset basis by
// default): stable across runs and machines, for keys stored in databases.
inline constexpr std::uint64_t kFnv1aOffsetBasis = 0xcbf29ce484222325ULL;
std::uint64_t fnv1a_64(std::string_view bytes, std::uint64_t basis = kFnv1aOffsetBasis);

// Quotes `word` for a POSIX shell, for commands suggested in messages: in
// single quotes, each quote in it written '\''.
std::string shell_quote(std::string_view word);

}  // namespace dossier
