// SPDX-License-Identifier: MIT
#include "search/sorting.h"

#include <algorithm>
#include <limits>

#include "index/file_state.h"
#include "index/schema.h"
#include "search/document_key.h"

namespace dossier {

namespace {

// Xapian reads no further for a tie across a page's edge than this many
// matches past it; beyond, a tie stays in document id order. Only records
// (no file, so no path in a value) can tie past the score and date.
constexpr Xapian::doccount kMaxTieFetch = 10000;

// How many matches past a page the first pass reads, so that a tie across
// the page's edge is seen whole without a second pass. Of the 250 queries
// of scripts/bench, a margin of 1 left 56 needing a second pass, 5 left 7,
// 8 leaves one; each match past the page costs the matcher 1 to 2% of what
// a second pass costs (callgrind).
constexpr Xapian::doccount kTieMargin = 8;

// The file's path, from the file state value; empty for a --jsonl record.
std::string file_path(const Xapian::Document& document) {
    const auto state = decode_file_state(document.get_value(schema::kFileStateSlot));
    return state ? state->path : std::string();
}

// Date first ("0" + key; undated "1", after every date), then, for a query
// without weights where nothing else orders, the file's path: a value,
// cheap to read for every match.
class DateKeyMaker final : public Xapian::KeyMaker {
public:
    DateKeyMaker(SortOrder order, bool with_path) : order_(order), with_path_(with_path) {}

    std::string operator()(const Xapian::Document& document) const override {
        std::string key = date_sort_key(document.get_value(schema::kDateSlot), order_);
        if (with_path_) {
            key += '\0';
            key += file_path(document);
        }
        return key;
    }

private:
    SortOrder order_;
    bool with_path_;
};

// Whether two matches are a tie Xapian broke by document id: the same
// score and the same sort key (the date; without weights, where nothing
// else orders, the date and path: two records). The key is the one Xapian
// sorted by, so no document is read for it.
bool tied(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b) {
    return a.get_weight() == b.get_weight() && a.get_sort_key() == b.get_sort_key();
}

// Every match scoring `weight` or more, in one pass that skips what scores
// less: the matches to the end of a tie by relevance.
Xapian::MSet matches_scoring_at_least(Xapian::Enquire& enquire, double weight, Xapian::doccount at_most) {
    enquire.set_cutoff(0, weight);
    Xapian::MSet matches = enquire.get_mset(0, at_most);
    enquire.set_cutoff(0, 0);
    return matches;
}

// The matches from the first to past a tie at the edge of a page ending at
// `end`, sorted by date first: twice as many each time until the tie ends.
Xapian::MSet matches_past_tie(Xapian::Enquire& enquire, Xapian::doccount end) {
    for (Xapian::doccount fetch = 2 * (end + 1);; fetch = fetch * 2) {
        Xapian::MSet matches = enquire.get_mset(0, fetch);
        const Xapian::doccount size = matches.size();
        if (size < fetch || fetch > end + kMaxTieFetch || !tied(matches[end - 1], matches[size - 1])) return matches;
    }
}

// Xapian 1.4's remote backend takes no KeyMaker: over remote shards the
// date slot is sorted as the value it is ("YYYYMMDD", so newest first is
// the same order), and ties are put in key order below as before. Undated
// documents (no value) then come first with --sort oldest (docs/shards.md).
Xapian::MSet first_pass(Xapian::Enquire& enquire, SortOrder order, bool weighted, Xapian::doccount first,
                        Xapian::doccount count) {
    try {
        return enquire.get_mset(first, count);
    } catch (const Xapian::UnimplementedError&) {
        if (weighted && order == SortOrder::relevance) throw;
        if (weighted)
            enquire.set_sort_by_value_then_relevance(schema::kDateSlot, order == SortOrder::newest);
        else
            enquire.set_sort_by_value(schema::kDateSlot, order == SortOrder::newest);
        return enquire.get_mset(first, count);
    }
}

}  // namespace

std::string_view sort_order_name(SortOrder order) {
    switch (order) {
    case SortOrder::relevance:
        return "relevance";
    case SortOrder::newest:
        return "newest";
    case SortOrder::oldest:
        return "oldest";
    }
    return "relevance";
}

std::optional<SortOrder> sort_order_named(std::string_view name) {
    for (const SortOrder order : {SortOrder::relevance, SortOrder::newest, SortOrder::oldest})
        if (sort_order_name(order) == name) return order;
    return std::nullopt;
}

SortOrder sort_order_for(const SearchRequest& request, bool weighted) {
    const SortOrder asked = request.sort.value_or(SortOrder::relevance);
    return !weighted && asked == SortOrder::relevance ? SortOrder::newest : asked;
}

std::string date_sort_key(std::string_view date_value, SortOrder order) {
    if (date_value.empty()) return "1";
    std::string key = "0";
    for (const char c : date_value) key += order == SortOrder::newest && c >= '0' && c <= '9' ? char('9' - (c - '0')) : c;
    return key;
}

SortedPage sorted_page(Xapian::Enquire& enquire, SortOrder order, bool weighted, Xapian::doccount offset,
                       Xapian::doccount limit) {
    if (!weighted)  // every score is 0: date, then path
        enquire.set_sort_by_key((new DateKeyMaker(order, true))->release(), false);
    else if (order == SortOrder::relevance)
        enquire.set_sort_by_relevance_then_value(schema::kDateSlot, true);  // equal scores newest first
    else
        enquire.set_sort_by_key_then_relevance((new DateKeyMaker(order, false))->release(), false);
    SortedPage sorted;
    const Xapian::doccount end = offset + limit;
    if (limit == 0 || end < offset) {  // no page, or one past any database
        sorted.mset = first_pass(enquire, order, weighted, offset, limit);
        return sorted;
    }
    // From the first match, and on past the page's last one while it is
    // tied with those after it: a tie across the page's edges is then seen
    // whole, and put in key order before the page is cut out. The
    // estimates are the first pass's, which had no cutoff.
    // The first pass reads kTieMargin matches past the page: most ties end
    // within them, and a second pass is needed only for one that may not.
    const Xapian::doccount fetch = end + std::min(kTieMargin, std::numeric_limits<Xapian::doccount>::max() - end);
    sorted.mset = first_pass(enquire, order, weighted, 0, fetch);
    Xapian::MSet window = sorted.mset;
    if (window.size() == fetch && window.size() > end && tied(window[end - 1], window[window.size() - 1])) {
        if (weighted && order == SortOrder::relevance) {
            // A pass with a cutoff estimates only what it kept: the totals
            // stay the first pass's.
            window = matches_scoring_at_least(enquire, window[end - 1].get_weight(), end + kMaxTieFetch);
        } else {
            window = matches_past_tie(enquire, end);
            sorted.mset = window;
        }
    }
    std::vector<Xapian::MSetIterator> all;
    for (auto it = window.begin(); it != window.end(); ++it) all.push_back(it);
    for (std::size_t first = 0; first < all.size() && first < end;) {
        std::size_t last = first + 1;
        while (last < all.size() && tied(all[first], all[last])) ++last;
        if (last - first > 1 && last > offset) {
            std::vector<std::pair<std::string, Xapian::MSetIterator>> keyed;
            for (std::size_t i = first; i < last; ++i) keyed.emplace_back(document_key(all[i].get_document()), all[i]);
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            for (std::size_t i = first; i < last; ++i) all[i] = keyed[i - first].second;
        }
        first = last;
    }
    for (std::size_t i = offset; i < all.size() && i < end; ++i) sorted.page.push_back(all[i]);
    return sorted;
}

}  // namespace dossier
