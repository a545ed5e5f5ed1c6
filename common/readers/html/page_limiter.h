// SPDX-License-Identifier: MIT
// Limits before parsing. gumbo's time and memory grow faster than the page
// on some shapes of markup. Before parsing, a cheap scan removes what would
// set that off: tags nested too deep, too many formatting elements left
// open, too many attributes. Real pages reach none of the limits and are
// parsed as they are.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dossier::html {

// At most this many attributes of one tag are kept; the rest are removed
// before parsing. gumbo checks each attribute against all the tag's
// earlier ones (to drop duplicates), so time grows with the square of
// their number: one <div> with 100,000 attributes (889 KB) took 16 s.
// Real elements have a few, rarely a few dozen. The page's <html> and
// <body> get this many in all, however often their start tags are
// repeated: the parser merges each repeat's attributes into the one
// element, checking each against all it has (80 <body> tags of 1,000
// attributes, 780 KB: 19 s).
constexpr std::size_t kMaxAttributesPerElement = 100;

// The page as gumbo gets it.
struct LimitedPage {
    std::optional<std::string> html;  // rewritten; nullopt when nothing was over a limit (the usual case)
    std::size_t attributes_removed = 0;
};

// Removes the tags nested too deep (block tags become <br>), formatting
// tags past the limit of open ones, and attributes past the limits (see
// page_limiter.cpp for each limit and why).
LimitedPage limit_page(std::string_view html);

}  // namespace dossier::html
