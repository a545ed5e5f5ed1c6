// SPDX-License-Identifier: MIT
#include "search/facet_count.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <system_error>
#include <unordered_set>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "index/database.h"
#include "index/schema.h"
#include "search/copies.h"
#include "search/query.h"
#include "search/facets.h"

namespace dossier {

namespace {

Xapian::valueno slot_of(const SearchFacet& facet) {
    switch (facet.kind) {
    case FacetKind::entity:
        return schema::facet_slot(facet.entity);
    case FacetKind::language:
        return schema::kLanguageSlot;
    case FacetKind::format:
        return Xapian::BAD_VALUENO;  // counted from its terms (formats_wanted)
    case FacetKind::year:
    case FacetKind::month:
        break;
    }
    // The end of the date's period, which says its precision: a date known
    // to its year only ("20229999") has no month to count. Year and month
    // share it, so counting both reads one slot.
    return schema::kDateEndSlot;
}

// Whether `facet` is counted without the countries a document reaches only
// through an actor (--no-inferred): kInferredCountrySlot's counts are then
// taken from kCountrySlot's.
bool leaves_out_inferred(const SearchFacet& facet, const SearchRequest& request) {
    return !request.inferred && facet.kind == FacetKind::entity && facet.entity == Facet::country;
}

// The value slots the facets of `request` read, once each (year and month
// share one). The names have been checked (check_request).
std::vector<Xapian::valueno> slots_of(const SearchRequest& request) {
    std::vector<Xapian::valueno> slots;
    const auto add = [&slots](Xapian::valueno slot) {
        if (std::find(slots.begin(), slots.end(), slot) == slots.end()) slots.push_back(slot);
    };
    for (const std::string& name : request.facets) {
        const SearchFacet facet = *search_facet(name);
        if (facet.kind == FacetKind::format) continue;
        add(slot_of(facet));
        if (leaves_out_inferred(facet, request)) add(schema::kInferredCountrySlot);
    }
    return slots;
}

// Whether the format facet is asked for: it is counted from the "XF"
// terms, not from a slot.
bool formats_wanted(const SearchRequest& request) {
    return std::any_of(request.facets.begin(), request.facets.end(),
                       [](const std::string& name) { return search_facet(name)->kind == FacetKind::format; });
}

// The format terms the database holds ("XFpdf", ...): a handful.
std::vector<std::string> format_terms(const Xapian::Database& database) {
    const std::string prefix(schema::kFormatPrefix);
    std::vector<std::string> terms;
    for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix); ++term)
        terms.push_back(*term);
    return terms;
}

// Adds up one slot's values a document at a time, at a fraction of what
// Xapian's ValueCountMatchSpy costs per document: a hash table instead of
// a std::map of strings, and the previous document's entry remembered,
// since neighbouring documents (the paragraphs of one file) mostly share
// their values.
class ValueTally {
public:
    void add(std::string value) {
        if (value.empty()) return;  // the document has none
        if (last_ == nullptr || value != last_->first) last_ = &*counts_.try_emplace(std::move(value), 0).first;
        ++last_->second;  // nodes of an unordered_map stay put when it grows
    }
    SlotCounts take() {
        last_ = nullptr;
        return std::move(counts_);
    }

private:
    SlotCounts counts_;
    SlotCounts::value_type* last_ = nullptr;
};

// Counts the values of one slot over the matches. It cannot be sent to a
// remote shard (xapian-tcpsrv knows only Xapian's own spies);
// count_matches falls back to those there.
class SlotValueCounter : public Xapian::MatchSpy {
public:
    explicit SlotValueCounter(Xapian::valueno slot) : slot_(slot) {}

    void operator()(const Xapian::Document& document, double) override { tally_.add(document.get_value(slot_)); }

    Xapian::valueno slot() const { return slot_; }
    SlotCounts take_counts() { return tally_.take(); }

private:
    Xapian::valueno slot_;
    ValueTally tally_;
};

// Hands `counters` the first document of each copy cluster it sees (and
// every document without copies), counts those stories and, asked to, their
// formats (from the "XF" terms): counting on several databases, whose
// document ids the docid-list passes cannot take.
class FirstOfEachStory : public Xapian::MatchSpy {
public:
    FirstOfEachStory(std::vector<Xapian::MatchSpy*> counters, bool formats)
        : counters_(std::move(counters)), formats_(formats) {}

    void operator()(const Xapian::Document& document, double weight) override {
        const std::string cluster = document.get_value(schema::kCopyClusterSlot);
        if (!cluster.empty() && !seen_.insert(cluster).second) return;
        ++stories_;
        for (Xapian::MatchSpy* counter : counters_) (*counter)(document, weight);
        if (!formats_) return;
        Xapian::TermIterator term = document.termlist_begin();
        term.skip_to(std::string(schema::kFormatPrefix));
        if (term != document.termlist_end() && (*term).starts_with(schema::kFormatPrefix))
            ++formats_counted_[(*term).substr(schema::kFormatPrefix.size())];
    }

    Xapian::doccount stories() const { return stories_; }
    SlotCounts take_formats() { return std::move(formats_counted_); }

private:
    std::vector<Xapian::MatchSpy*> counters_;
    bool formats_;
    std::unordered_set<std::string> seen_;
    Xapian::doccount stories_ = 0;
    SlotCounts formats_counted_;
};

// An Enquire visiting every match of `query` without weighing any
// (BoolWeight, docid order), which costs less than half as much per match
// as BM25.
Xapian::Enquire unweighted_enquire(const Xapian::Database& database, const Xapian::Query& query) {
    Xapian::Enquire enquire(database);
    enquire.set_query(reading_every_match(query));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    return enquire;
}

// How many matches of `query` hold each format term, a pass per format
// (there are few): a way that works on any database, a remote one too.
SlotCounts count_formats_by_query(const Xapian::Database& database, const Xapian::Query& query) {
    SlotCounts formats;
    for (const std::string& term : format_terms(database)) {
        Xapian::Enquire enquire =
            unweighted_enquire(database, Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(term)));
        const Xapian::doccount count = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
        if (count > 0) formats[term.substr(schema::kFormatPrefix.size())] = count;
    }
    return formats;
}

// Counts the values of `slots` over every match of `query`. A pass of its
// own: the ranked pass stops early as usual (a top 10 needs to weigh few
// matches), while this one visits every match unweighted. Most of its
// cost is reading the slots.
MatchCounts count_matches(const Xapian::Database& database, const Xapian::Query& query,
                          const std::vector<Xapian::valueno>& slots, bool formats, bool all_copies) {
    Xapian::Enquire enquire = unweighted_enquire(database, query);
    MatchCounts counts;
    try {
        std::vector<std::unique_ptr<SlotValueCounter>> spies;
        for (const Xapian::valueno slot : slots) spies.push_back(std::make_unique<SlotValueCounter>(slot));
        // Copies of one text count once (search/copies.h): the stories'
        // spy hands the counters only the first document of each cluster.
        std::optional<FirstOfEachStory> stories;
        if (all_copies) {
            for (const auto& spy : spies) enquire.add_matchspy(spy.get());
        } else {
            std::vector<Xapian::MatchSpy*> counters;
            for (const auto& spy : spies) counters.push_back(spy.get());
            enquire.add_matchspy(&stories.emplace(std::move(counters), formats));
        }
        counts.matches = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
        enquire.clear_matchspies();
        for (const auto& spy : spies) counts.slots[spy->slot()] = spy->take_counts();
        if (stories) {
            counts.matches = stories->stories();
            if (formats) counts.formats = stories->take_formats();
            return counts;
        }
    } catch (const Xapian::UnimplementedError&) {
        // A remote shard runs only Xapian's own spies: collapsing counts
        // each copy cluster once, but the spies see every copy.
        enquire.clear_matchspies();
        if (!all_copies) enquire.set_collapse_key(schema::kCopyClusterSlot);
        std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
        for (const Xapian::valueno slot : slots) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
            enquire.add_matchspy(spies.back().get());
        }
        counts.matches = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
        enquire.clear_matchspies();
        for (std::size_t i = 0; i < slots.size(); ++i)
            for (auto it = spies[i]->values_begin(); it != spies[i]->values_end(); ++it)
                counts.slots[slots[i]].emplace(*it, it.get_termfreq());
    }
    if (formats) counts.formats = count_formats_by_query(database, query);
    return counts;
}

// Collects the docids of the matches (visited in docid order).
class MatchCollector : public Xapian::MatchSpy {
public:
    void operator()(const Xapian::Document& document, double) override { docids_.push_back(document.get_docid()); }
    std::vector<Xapian::docid> take_docids() { return std::move(docids_); }

private:
    std::vector<Xapian::docid> docids_;
};

// The docids of every match of `query`, ascending, from an unweighted pass.
std::vector<Xapian::docid> matching_docids(const Xapian::Database& database, const Xapian::Query& query) {
    Xapian::Enquire enquire = unweighted_enquire(database, query);
    MatchCollector collector;
    enquire.add_matchspy(&collector);
    enquire.get_mset(0, 0, database.get_doccount());
    enquire.clear_matchspies();
    std::vector<Xapian::docid> docids = collector.take_docids();
    if (!std::is_sorted(docids.begin(), docids.end())) std::sort(docids.begin(), docids.end());
    return docids;
}

// How many of `docids` (ascending) hold each value of `slot`, in one walk
// along the slot's value stream.
SlotCounts count_slot_values(const Xapian::Database& database, Xapian::valueno slot,
                             const std::vector<Xapian::docid>& docids) {
    ValueTally tally;
    Xapian::ValueIterator value = database.valuestream_begin(slot);
    const Xapian::ValueIterator end = database.valuestream_end(slot);
    for (const Xapian::docid docid : docids) {
        if (value == end) break;
        if (value.get_docid() < docid) {
            value.skip_to(docid);
            if (value == end) break;
        }
        if (value.get_docid() != docid) continue;  // no value for this one
        tally.add(*value);
    }
    return tally.take();
}

// How many of `docids` (ascending) hold each format term, walking each
// term's posting list along them.
SlotCounts count_format_terms(const Xapian::Database& database, const std::vector<Xapian::docid>& docids) {
    SlotCounts formats;
    for (const std::string& term : format_terms(database)) {
        Xapian::doccount count = 0;
        Xapian::PostingIterator posting = database.postlist_begin(term);
        const Xapian::PostingIterator end = database.postlist_end(term);
        for (const Xapian::docid docid : docids) {
            if (posting == end) break;
            if (*posting < docid) {
                posting.skip_to(docid);
                if (posting == end) break;
            }
            if (*posting == docid) ++count;
        }
        if (count > 0) formats[term.substr(schema::kFormatPrefix.size())] = count;
    }
    return formats;
}

// A handle on `paths` at `revision`; DatabaseModifiedError when the
// database has moved on since the ranked pass opened it.
Xapian::Database handle_at(const std::vector<std::string>& paths, Xapian::rev revision) {
    Xapian::Database handle = open_for_reading(paths);
    if (handle.get_revision() != revision)
        throw Xapian::DatabaseModifiedError("the database changed while facets were counted");
    return handle;
}

// The matches, then each slot counted from its column in memory: no value
// stream is read, once the columns of this revision are.
MatchCounts count_from_columns(const std::vector<std::string>& paths, Xapian::rev revision,
                               const std::string& serialised_query, const std::vector<Xapian::valueno>& slots,
                               bool formats, bool all_copies, ValueColumns& columns) {
    const Xapian::Database handle = handle_at(paths, revision);
    std::vector<Xapian::docid> docids = matching_docids(handle, Xapian::Query::unserialise(serialised_query));
    // Copies of one text count once, as their first document (search/copies.h).
    if (!all_copies) docids = columns.column(handle, schema::kCopyClusterSlot)->first_of_each_value(std::move(docids));
    MatchCounts counts;
    counts.matches = static_cast<Xapian::doccount>(docids.size());
    for (const Xapian::valueno slot : slots) counts.slots[slot] = columns.column(handle, slot)->count(docids);
    if (formats) counts.formats = count_format_terms(handle, docids);
    return counts;
}

// One thread finds the matches, then each slot is read in a thread of its
// own, on handles pinned to `revision`.
MatchCounts count_in_threads(const std::vector<std::string>& paths, Xapian::rev revision,
                             const std::string& serialised_query, const std::vector<Xapian::valueno>& slots,
                             bool formats, bool all_copies, ValueColumns* columns) {
    if (columns) return count_from_columns(paths, revision, serialised_query, slots, formats, all_copies, *columns);
    std::vector<Xapian::Database> handles;
    for (std::size_t i = 0; i < std::max<std::size_t>(slots.size(), 1); ++i) handles.push_back(handle_at(paths, revision));
    std::vector<Xapian::docid> docids = matching_docids(handles[0], Xapian::Query::unserialise(serialised_query));
    // Copies of one text count once, as their first document (search/copies.h).
    if (!all_copies) docids = one_per_story(handles[0], std::move(docids));
    std::vector<std::future<SlotCounts>> others;  // joined before handles and docids go
    try {
        for (std::size_t i = 1; i < slots.size(); ++i)
            others.push_back(std::async(std::launch::async, [&handles, &slots, &docids, i] {
                return count_slot_values(handles[i], slots[i], docids);
            }));
    } catch (const std::system_error&) {
        // No more threads to be had: the slots left are read below.
    }
    MatchCounts counts;
    counts.matches = static_cast<Xapian::doccount>(docids.size());
    if (!slots.empty()) counts.slots[slots[0]] = count_slot_values(handles[0], slots[0], docids);
    for (std::size_t i = 1; i < slots.size(); ++i)
        counts.slots[slots[i]] =
            i <= others.size() ? others[i - 1].get() : count_slot_values(handles[i], slots[i], docids);
    if (formats) counts.formats = count_format_terms(handles[0], docids);
    return counts;
}

std::optional<Xapian::rev> revision_of(const Xapian::Database& database) {
    try {
        return database.get_revision();
    } catch (const Xapian::Error&) {
        return std::nullopt;  // several databases, or a remote one
    }
}

// The value `facet` shows for a slot's `value` ("20210715" -> "2021-07"
// for month); empty when the value has no date to cut.
std::string cut_value(const SearchFacet& facet, const std::string& value) {
    if (!is_histogram(facet)) return value;
    if (value.size() < 6) return {};
    if (facet.kind == FacetKind::month && value.substr(4, 2) == "99") return {};  // a year alone
    return facet.kind == FacetKind::year ? value.substr(0, 4) : value.substr(0, 4) + "-" + value.substr(4, 2);
}

// Matching documents per shown value of `facet`.
std::map<std::string, Xapian::doccount> totals_of(const SearchFacet& facet, const SlotCounts& slot_counts) {
    std::map<std::string, Xapian::doccount> totals;
    for (const auto& [value, frequency] : slot_counts) {
        if (facet.kind == FacetKind::entity) {
            // One combination of values per document: split it up.
            for (const std::string& single : schema::decode_facet_values(value)) totals[single] += frequency;
        } else if (const std::string shown = cut_value(facet, value); !shown.empty()) {
            totals[shown] += frequency;
        }
    }
    return totals;
}

std::string language_display_name(std::string_view code, std::string_view display_lang) {
    icu::UnicodeString name;
    icu::Locale(std::string(code).c_str()).getDisplayLanguage(icu::Locale(std::string(display_lang).c_str()), name);
    std::string out;
    name.toUTF8String(out);
    return out.empty() ? std::string(code) : out;
}

std::string display_name(const SearchFacet& facet, const std::string& value, const SearchRequest& request,
                         const EntityCatalog* catalog) {
    switch (facet.kind) {
    case FacetKind::entity:
        return catalog->display_name(facet.entity, value, request.display_lang);
    case FacetKind::language:
        return language_display_name(value, request.display_lang);
    case FacetKind::format:
    case FacetKind::year:
    case FacetKind::month:
        break;
    }
    return value;
}

}  // namespace

FacetCount::FacetCount(const SearchRequest& request, const Xapian::Database& database, const Xapian::Query& query,
                       ValueColumns* columns)
    : database_(database), query_(query), slots_(slots_of(request)), formats_(formats_wanted(request)),
      all_copies_(request.all_copies) {
    if (slots_.empty() && !formats_) return;
    const std::optional<Xapian::rev> revision = revision_of(database);
    if (!revision) return;
    // Xapian::Query is not safe to share between threads: the worker gets
    // a copy.
    try {
        worker_ = std::async(std::launch::async, count_in_threads, request.databases, *revision, query.serialise(),
                             slots_, formats_, all_copies_, columns);
    } catch (const std::system_error&) {
        // No thread to be had: take() counts here instead.
    }
}

MatchCounts FacetCount::take() {
    if (worker_.valid()) return worker_.get();
    return slots_.empty() && !formats_ ? MatchCounts{} : count_matches(database_, query_, slots_, formats_, all_copies_);
}

FacetCounts facet_counts(const std::string& name, const MatchCounts& counts, const SearchRequest& request,
                         const EntityCatalog* catalog) {
    const SearchFacet facet = *search_facet(name);
    FacetCounts result;
    result.facet = name;
    std::map<std::string, Xapian::doccount> totals;
    if (facet.kind == FacetKind::format)
        totals.insert(counts.formats.begin(), counts.formats.end());
    else
        totals = totals_of(facet, counts.slots.at(slot_of(facet)));
    if (leaves_out_inferred(facet, request)) {
        // A country is named or inferred in a document, never both, and
        // kCountrySlot holds both: what remains is the named ones' count.
        for (const auto& [value, inferred] : totals_of(facet, counts.slots.at(schema::kInferredCountrySlot)))
            if (const auto total = totals.find(value); total != totals.end()) {
                total->second -= std::min(total->second, inferred);
                if (total->second == 0) totals.erase(total);
            }
    }
    for (const auto& [value, count] : totals) result.values.push_back({value, value, count});
    if (!is_histogram(facet)) {
        std::stable_sort(result.values.begin(), result.values.end(),
                         [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
        if (result.values.size() > request.facet_limit) {
            result.other_values = static_cast<Xapian::doccount>(result.values.size() - request.facet_limit);
            result.values.resize(request.facet_limit);
        }
    }
    for (FacetValue& value : result.values) value.name = display_name(facet, value.value, request, catalog);
    return result;
}

}  // namespace dossier
