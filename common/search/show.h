// SPDX-License-Identifier: MIT
// Reading one document whole (--show): its metadata, facet values and
// stored text, found by any key a result prints (search/document_key.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "search/search.h"

namespace dossier {

// Document `key` in the databases of `request`, as explain_document gives
// it, with its stored text (document.text) and page breaks kept. Throws
// UsageError when there is no such document, DatabaseError when the
// databases cannot be read.
Explanation show_document(const SearchRequest& request, const std::string& key);

// The pages of a document's text (page_breaks: byte offsets where pages
// 2, 3, ... start); the whole text as one page when it has no breaks.
std::vector<std::string_view> text_pages(const schema::StoredDocument& document);

}  // namespace dossier
