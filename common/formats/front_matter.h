// SPDX-License-Identifier: MIT
// YAML-style front matter at the top of a text or Markdown file:
//
//   ---
//   title: Remarks by the Foreign Ministry Spokesman
//   date: 2023-04-13
//   lang: en
//   ---
//
// Only flat `key: value` lines are read (values may be quoted); that is all
// dossier needs, so no YAML library is pulled in.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace dossier {

struct FrontMatter {
    std::map<std::string, std::string> fields;  // keys lower-cased
    std::size_t body_offset = 0;                // where the text after it starts
    bool present = false;
};

// Parses front matter at the very start of `text`. When there is none (no
// opening `---` line, or no closing `---` or `...` line within the first
// 200 lines), returns `present == false` and `body_offset == 0`.
FrontMatter parse_front_matter(std::string_view text);

}  // namespace dossier
