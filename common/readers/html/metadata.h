// SPDX-License-Identifier: MIT
// What a page's markup says about it: <meta>, <title>, <link rel=canonical>,
// <html lang>, and the date sources in the order they are trusted.
#pragma once

#include <gumbo.h>

#include <map>
#include <string>
#include <string_view>

#include "formats/source_document.h"
#include "readers/html/visible_text.h"

namespace dossier::html {

// What the markup says about the page, first occurrence of each.
struct PageMetadata {
    std::map<std::string, std::string> meta;  // lower-cased property or name -> content
    std::string http_equiv_language;
    std::string title;                        // <title>
    std::string canonical;                    // <link rel=canonical href>
    std::string html_lang;                    // <html lang> or xml:lang
    std::string date_published;               // itemprop=datePublished
};

PageMetadata read_metadata(const GumboNode* document, const GumboNode* root);

// The content of <meta property|name=`key`> (lower-case) on one line, or "".
std::string meta_value(const PageMetadata& page, std::string_view key);

// <html lang> (else xml:lang, else the first Content-Language) when it
// looks like a language tag, else "".
std::string page_language(const PageMetadata& page);

// <link rel=canonical>, else og:url, when absolute http(s); else "".
std::string canonical_url(const PageMetadata& page);

// The date, from the first source that gives a valid one. A source holding
// junk adds a warning (take_metadata_date) and the next one is tried.
void take_page_date(SourceDocument& document, const PageMetadata& page, const VisibleText& visible);

}  // namespace dossier::html
