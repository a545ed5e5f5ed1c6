// SPDX-License-Identifier: MIT
// The order of the results (--sort) and the page of them in that order.
// Xapian orders by the sort keys and then by document id, which changes
// across rebuilds; the ties it leaves are broken here by the document's
// key (search/document_key.h), so the same query lists the same order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "search/search.h"

namespace dossier {

// "relevance", "newest", "oldest".
std::string_view sort_order_name(SortOrder order);
std::optional<SortOrder> sort_order_named(std::string_view name);

// The order `request` gets: its --sort, else relevance; a query without
// weights (filters alone) has no relevance and lists newest first unless
// asked for oldest.
SortOrder sort_order_for(const SearchRequest& request, bool weighted);

// The sort key of a document's date slot value ("YYYYMMDD", or empty):
// newest first inverts the digits; undated documents sort last either way.
std::string date_sort_key(std::string_view date_value, SortOrder order);

struct SortedPage {
    Xapian::MSet mset;  // its estimates are the totals'
    std::vector<Xapian::MSetIterator> page;  // ranks offset+1 .. in order
};

// Sets the order of `enquire` and runs it: the page of `limit` matches
// after `offset`, in `order`, with ties (equal date and score) by key.
// Without weights the path is part of Xapian's sort key (a value of every
// match); with them, ties are few, and are put in key order here, reading
// from the first match to past the page when a tie crosses its edge (by
// relevance, in one more pass over every match scoring as much).
SortedPage sorted_page(Xapian::Enquire& enquire, SortOrder order, bool weighted, Xapian::doccount offset,
                       Xapian::doccount limit);

}  // namespace dossier
