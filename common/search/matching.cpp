// SPDX-License-Identifier: MIT
#include "search/matching.h"

#include <functional>
#include <string>

#include "base/error.h"
#include "index/file_state.h"
#include "search/copies.h"
#include "search/snippet.h"
#include "search/sorting.h"
#include "text/language.h"

namespace dossier {

namespace {

// The snippet of a hit around the words that matched, and the page of a
// PDF it is on.
void add_snippet(Hit& hit, const QueryWordMatcher& matcher) {
    hit.snippet = make_snippet(hit.document.text, std::cref(matcher), kSnippetCodePoints, hit.document.lang);
    if (!hit.document.page_breaks.empty() || hit.document.format == "pdf")
        hit.page = schema::page_at(hit.document, hit.snippet.match_offset);
}

}  // namespace

QueryWordMatcher::QueryWordMatcher(const Xapian::Query& query, const std::vector<std::string>& wildcards,
                                   const std::string& lang)
    : terms_(query.get_unique_terms_begin(), query.get_unique_terms_end()),
      stemmer_(make_stemmer(lang)),
      wildcards_(wildcards) {}

bool QueryWordMatcher::operator()(const std::string& term) const {
    if (terms_.count(term)) return true;
    if (terms_.count(std::string(schema::kStemPrefix) + stemmer_(term))) return true;
    for (const std::string& pattern : wildcards_)
        if (term.starts_with(pattern)) return true;
    return false;
}

// The JSON metadata holds the path as valid UTF-8; a file name that is not
// UTF-8 keeps its real bytes in the file state, which is what --format
// paths must print. A --jsonl record ("jsonl:ID", not absolute) has no file
// state, and reading the value would cost a B-tree lookup per hit.
schema::StoredDocument stored_document(const Xapian::Document& document) {
    schema::StoredDocument stored = schema::decode_document_data(document.get_data());
    if (!stored.path.starts_with('/')) return stored;
    if (const auto state = decode_file_state(document.get_value(schema::kFileStateSlot)))
        stored.path = state->path;
    return stored;
}

RankedMatches rank_matches(const SearchRequest& request, const Xapian::Database& database, const QueryToRun& query) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query.query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    // Copies of one text are one hit, the best ranked (search/copies.h).
    if (!request.all_copies) enquire.set_collapse_key(schema::kCopyClusterSlot);
    RankedMatches ranked;
    ranked.sort = sort_order_for(request, query.parsed.weighted);
    SortedPage sorted;
    try {
        sorted = sorted_page(enquire, ranked.sort, query.parsed.weighted, request.offset, request.limit);
    } catch (const Xapian::WildcardError& e) {
        throw QueryError("query '" + request.query + "': " + e.get_msg());
    }
    ranked.mset = sorted.mset;
    ranked.estimated_total = sorted.mset.get_matches_estimated();
    for (const Xapian::MSetIterator& it : sorted.page) {
        Hit hit;
        hit.rank = request.offset + static_cast<Xapian::doccount>(ranked.hits.size()) + 1;
        hit.score = it.get_weight();
        hit.id = *it;
        const Xapian::Document document = it.get_document();
        hit.document = stored_document(document);
        if (request.with_arrivals) {
            hit.added = decode_run_stamp(document.get_value(schema::kAddedSlot));
            hit.changed = decode_run_stamp(document.get_value(schema::kChangedSlot));
        }
        // Collapsing read the cluster already; each value read is a B-tree
        // lookup of its own.
        hit.copies = other_copies(
            database, request.all_copies ? document.get_value(schema::kCopyClusterSlot) : it.get_collapse_key(), *it);
        if (request.with_snippets)
            add_snippet(hit, QueryWordMatcher(query.query, query.parsed.wildcard_patterns, hit.document.lang));
        hit.document.text.clear();
        ranked.hits.push_back(std::move(hit));
    }
    return ranked;
}

}  // namespace dossier
