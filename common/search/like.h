// SPDX-License-Identifier: MIT
// More like this (--like KEY): documents similar to one document, by
// Xapian's relevance feedback (an RSet of the document, Enquire::get_eset
// for its most telling words), narrowed by the query and filters.
#pragma once

#include <string>

#include <xapian.h>

#include "entities/entities.h"
#include "search/request.h"

namespace dossier {

// Words of the document the like query is made of, at most.
inline constexpr Xapian::termcount kLikeTerms = 40;

// The query for request.like: the document's most telling stemmed words
// (get_eset over it alone), OR-ed and ranked by BM25; narrowed, when the
// request has words or filters, to the documents they match (its words
// then choose, they do not rank); without the document itself and its
// copies (its kCopyClusterSlot cluster). Throws UsageError when the key
// names no document or the document has no words.
QueryToRun like_query(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                      const EntityCatalog* catalog);

}  // namespace dossier
