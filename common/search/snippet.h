// SPDX-License-Identifier: MIT
// Snippets: the stretch of a document's text that best shows why it
// matched, with the matched words marked. Xapian's MSet::snippet tokenizes
// with its own rules and cannot segment Chinese or Thai as the index did,
// so snippets use dossier's analyzer on the original text instead.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dossier {

struct Snippet {
    std::string text;  // single line; "…" where the text was cut
    // [begin, end) of each matched word in `text`, in code points.
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
    // Byte offset in the document text of the first highlighted word (0
    // without one): tells which page of a PDF the snippet comes from.
    std::size_t match_offset = 0;
};

inline constexpr std::size_t kSnippetCodePoints = 220;

// Picks the window of about `max_code_points` of `text` holding the most
// distinct matching terms (then the most matches); `is_match` is asked
// about each analyzed term (analyzed as text in `lang`, as the document
// was). With no match, the start of the text.
Snippet make_snippet(std::string_view text, const std::function<bool(const std::string&)>& is_match,
                     std::size_t max_code_points = kSnippetCodePoints, std::string_view lang = {});

}  // namespace dossier
