// SPDX-License-Identifier: MIT
// HTML documents (.html, .htm), parsed with gumbo (an HTML5 parser).
#pragma once

#include <string>
#include <string_view>

#include "formats/source_document.h"

namespace dossier {

// The charset an HTML file declares in its first 1024 bytes
// (<meta charset="..."> or <meta http-equiv="Content-Type"
// content="...; charset=...">, found as the HTML standard's prescan finds
// them: not inside comments or attribute values), else in an XML
// declaration at its start (<?xml ... encoding="..."?>, XHTML); the label
// lower-cased ("windows-1251"), utf-16 labels read as "utf-8" as the
// standard says; empty when none.
std::string declared_html_charset(std::string_view bytes);

// Extracts a document from HTML already decoded to UTF-8 (the caller sets
// `encoding`).
// text: the visible text only. Never script, style, template, noscript,
//   svg/math, media, embedded documents, form controls, <nav>, or hidden
//   elements (hidden, aria-hidden="true", display:none, visibility:hidden);
//   nor page chrome: <header>/<footer> outside article/main/section and
//   <aside> or dialogs outside article/main. When <main> (else <article>)
//   holds at least a third of the text, only its text is kept. Blocks are
//   separated by line breaks (at most one blank line), inline elements
//   join without a space, table cells are joined by " | ", whitespace
//   collapses except in <pre>.
// Markup that would make the parser's time or memory grow faster than the
//   page is left out before parsing: tags nested past 512 levels (their
//   text is kept), formatting elements past 16 open at once, attributes
//   past 100 on one element (in all on <html>, and on <body>), and the
//   attributes of formatting elements left open over so many tags that
//   the parser would copy them half a million times; a warning says how
//   many attributes went.
// title: og:title, else <title> (both title_from_metadata), else the first
//   visible <h1>. lang: <html lang> (else xml:lang, Content-Language) as
//   written, with lang_is_hint. date: the first valid one of
//   article:published_time, og:updated_time, article:modified_time,
//   DC.date / dcterms, the first visible <time datetime> (one inside
//   article/main preferred), meta name=date, itemprop=datePublished,
//   citation dates; a junk value adds a warning and the next is tried.
//   url: <link rel=canonical>, else og:url, when absolute http(s).
//   source: og:site_name.
// Title and date the page does not give are left empty (complete_from_text
// fills them). Throws DocumentError (skipped) when the page has no text and
// no title, or when the text passes limits.max_text_bytes.
SourceDocument parse_html_document(std::string path, std::string_view utf8_html, const ReadLimits& limits);

}  // namespace dossier
