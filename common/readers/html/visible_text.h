// SPDX-License-Identifier: MIT
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>

namespace dossier::html {

// The visible text of a page, and the text of its first visible <h1>.
//
// Page chrome is told apart by markup only:
//  - <nav> (and role=navigation, search, menu) is always left out;
//  - <header>/<footer> (role=banner/contentinfo) are left out when they
//    belong to the page, i.e. no <article>, <main>, <section>,
//    <blockquote>, <figure> or <details> encloses them (an article's own
//    header holds its headline and byline and is kept);
//  - <aside> (role=complementary, and dialogs such as cookie banners) is
//    left out unless it sits inside an <article> or <main>.
// When the page marks its content with <main> (else with <article>s), the
// text of those regions alone is kept, which drops sidebars and lists of
// related stories; but only when they hold at least a third of the page's
// text, so that a page that wraps just its headline in <article> loses
// nothing.
//
// The first <time datetime> is taken from the visible text too, so that a
// masthead's "today" in the page header does not pass for the page's date;
// one inside <main> or <article> is preferred.
struct VisibleText {
    std::string text;
    std::string first_h1;
    std::string first_time;       // datetime of the first visible <time>
    std::string time_in_content;  // ... of the first one inside <main> or <article>
};

// Walks the page from `root`; throws DocumentError (skipped) when the text
// passes `max_bytes`.
VisibleText visible_text(const GumboNode* root, std::size_t max_bytes);

}  // namespace dossier::html
