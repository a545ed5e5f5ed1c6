// SPDX-License-Identifier: MIT
#include "search/search.h"

#include <algorithm>
#include <filesystem>
#include <future>
#include <iterator>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "index/database.h"
#include "text/dates.h"
#include "entities/entities.h"
#include "base/error.h"
#include "index/file_state.h"
#include "index/index_config.h"
#include "text/language.h"
#include "search/query.h"

namespace dossier {

namespace {

// What a hit shows of a document. The JSON metadata holds the path as
// valid UTF-8; a file name that is not UTF-8 keeps its real bytes in the
// file state, which is what --format paths must print.
schema::StoredDocument stored_document(const Xapian::Document& document) {
    schema::StoredDocument stored = schema::decode_document_data(document.get_data());
    if (const auto state = decode_file_state(document.get_value(schema::kFileStateSlot)))
        stored.path = state->path;
    return stored;
}

constexpr int kAttemptsWhenModified = 3;

// A query of nothing but spaces has no words: only its filters choose.
bool is_blank(std::string_view query) { return query.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos; }

// A term of the document is a match when the query holds it, its stem in
// the document's language, or a wildcard it completes.
class HitMatcher {
public:
    HitMatcher(std::set<std::string> query_terms, const std::string& lang,
               const std::vector<std::string>& wildcards)
        : terms_(std::move(query_terms)), stemmer_(make_stemmer(lang)), wildcards_(wildcards) {}

    bool operator()(const std::string& term) const {
        if (terms_.count(term)) return true;
        if (terms_.count(std::string(schema::kStemPrefix) + stemmer_(term))) return true;
        for (const std::string& pattern : wildcards_)
            if (term.starts_with(pattern)) return true;
        return false;
    }

private:
    std::set<std::string> terms_;
    Xapian::Stem stemmer_;
    const std::vector<std::string>& wildcards_;
};

bool is_entity_facet(std::string_view name) { return facet_from_name(name).has_value(); }

// The catalog is only loaded (ICU name tables, gazetteer) when something
// needs names: a facet filter, facet counts or a facet field in the query.
bool needs_catalog(const SearchRequest& request) {
    if (!request.facet_filters.empty() || !request.facets.empty()) return true;
    for (const schema::QueryField& field : schema::kQueryFields)
        if (field.kind == schema::FieldKind::facet &&
            request.query.find(std::string(field.name) + ":") != std::string::npos)
            return true;
    return false;
}

Xapian::valueno slot_of_facet(std::string_view name) {
    if (const auto facet = facet_from_name(name)) return schema::facet_slot(*facet);
    if (name == "lang") return schema::kLanguageSlot;
    return schema::kDateSlot;  // year, month
}

// Filters from --country/--org/--incident/--actor and --since/--until.
Xapian::Query option_filters(const SearchRequest& request, const EntityCatalog* catalog) {
    std::vector<Xapian::Query> filters;
    for (const auto& [facet, values] : request.facet_filters) {
        std::vector<Xapian::Query> alternatives;
        for (const std::string& value : values)
            alternatives.emplace_back(schema::prefixed_term(schema::facet_prefix(facet),
                                                            resolve_facet_value(facet, value, *catalog)));
        filters.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    // check_date_options has made sure the keys are there.
    if (!request.since.empty())
        filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, *date_range_start(request.since));
    if (!request.until.empty())
        filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, *date_range_end(request.until));
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

std::string language_display_name(std::string_view code, std::string_view display_lang) {
    icu::UnicodeString name;
    icu::Locale(std::string(code).c_str()).getDisplayLanguage(icu::Locale(std::string(display_lang).c_str()), name);
    std::string out;
    name.toUTF8String(out);
    return out.empty() ? std::string(code) : out;
}

// How many matching documents hold each distinct value of a slot.
using SlotCounts = std::unordered_map<std::string, Xapian::doccount>;

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

// What counting found: how many documents match, and per value slot how
// many of them hold each value.
struct MatchCounts {
    Xapian::doccount matches = 0;
    std::map<Xapian::valueno, SlotCounts> slots;
};

// The value slots `facets` read, once each (year and month share one).
std::vector<Xapian::valueno> slots_of(const std::vector<std::string>& facets) {
    std::vector<Xapian::valueno> slots;
    for (const std::string& facet : facets)
        if (std::find(slots.begin(), slots.end(), slot_of_facet(facet)) == slots.end())
            slots.push_back(slot_of_facet(facet));
    return slots;
}

// Counts the values of `slots` over every match of `query`. A pass of its
// own: the ranked pass stops early as usual (a top 10 needs to weigh few
// matches), while this one visits every match without weighing any
// (BoolWeight, docid order), which costs less than half as much per match
// as BM25. Most of its cost is reading the slots.
MatchCounts count_matches(const Xapian::Database& database, const Xapian::Query& query,
                          const std::vector<Xapian::valueno>& slots) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    MatchCounts counts;
    try {
        std::vector<std::unique_ptr<SlotValueCounter>> spies;
        for (const Xapian::valueno slot : slots) {
            spies.push_back(std::make_unique<SlotValueCounter>(slot));
            enquire.add_matchspy(spies.back().get());
        }
        counts.matches = enquire.get_mset(0, 0, database.get_doccount()).get_matches_estimated();
        enquire.clear_matchspies();
        for (const auto& spy : spies) counts.slots[spy->slot()] = spy->take_counts();
    } catch (const Xapian::UnimplementedError&) {
        // A remote shard runs only Xapian's own spies.
        enquire.clear_matchspies();
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

// The docids of every match of `query`, ascending: a pass that weighs
// nothing (see count_matches).
std::vector<Xapian::docid> matching_docids(const Xapian::Database& database, const Xapian::Query& query) {
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
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

// Facet counts made while the ranked pass runs, in other threads: one
// finds the matches, then each slot is read in a thread of its own. Each
// thread has a handle of its own on the database (a handle serves one
// thread at a time), pinned to the revision the ranked pass reads. Where
// the revision cannot be pinned (several databases, a remote one) the
// count runs in the caller's thread when asked for (count_matches).
class ConcurrentCount {
public:
    ConcurrentCount(const std::vector<std::string>& paths, const Xapian::Database& database,
                    const Xapian::Query& query, const std::vector<std::string>& facets)
        : database_(database), query_(query), slots_(slots_of(facets)) {
        if (slots_.empty()) return;
        const std::optional<Xapian::rev> revision = revision_of(database);
        if (!revision) return;
        // Xapian::Query is not safe to share between threads: the worker
        // gets a copy.
        try {
            worker_ = std::async(std::launch::async, count_in_threads, paths, *revision, query.serialise(), slots_);
        } catch (const std::system_error&) {
            // No thread to be had: get() counts here instead.
        }
    }

    // Waits for the threads; rethrows what one of them threw.
    MatchCounts get() {
        if (worker_.valid()) return worker_.get();
        return slots_.empty() ? MatchCounts{} : count_matches(database_, query_, slots_);
    }

private:
    static std::optional<Xapian::rev> revision_of(const Xapian::Database& database) {
        try {
            return database.get_revision();
        } catch (const Xapian::Error&) {
            return std::nullopt;  // several databases, or a remote one
        }
    }

    static MatchCounts count_in_threads(const std::vector<std::string>& paths, Xapian::rev revision,
                                        const std::string& serialised_query,
                                        const std::vector<Xapian::valueno>& slots) {
        std::vector<Xapian::Database> handles;
        for (std::size_t i = 0; i < slots.size(); ++i) {
            handles.push_back(open_for_reading(paths));
            if (handles.back().get_revision() != revision)
                throw Xapian::DatabaseModifiedError("the database changed while facets were counted");
        }
        const std::vector<Xapian::docid> docids =
            matching_docids(handles[0], Xapian::Query::unserialise(serialised_query));
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
        counts.slots[slots[0]] = count_slot_values(handles[0], slots[0], docids);
        for (std::size_t i = 1; i < slots.size(); ++i)
            counts.slots[slots[i]] =
                i <= others.size() ? others[i - 1].get() : count_slot_values(handles[i], slots[i], docids);
        return counts;
    }

    const Xapian::Database& database_;
    const Xapian::Query& query_;
    std::vector<Xapian::valueno> slots_;
    std::future<MatchCounts> worker_;
};

FacetCounts count_facet(std::string_view facet, const SlotCounts& slot_counts, const SearchRequest& request,
                        const EntityCatalog* catalog) {
    FacetCounts counts;
    counts.facet = facet;
    std::map<std::string, Xapian::doccount> totals;
    for (const auto& [value, frequency] : slot_counts) {
        if (facet == "year" || facet == "month") {
            if (value.size() < 6) continue;
            totals[facet == "year" ? value.substr(0, 4) : value.substr(0, 4) + "-" + value.substr(4, 2)] += frequency;
        } else if (is_entity_facet(facet)) {
            // One combination of values per document: split it up.
            for (const std::string& single : schema::decode_facet_values(value)) totals[single] += frequency;
        } else {
            totals[value] += frequency;
        }
    }
    for (const auto& [value, count] : totals) counts.values.push_back({value, value, count});
    if (facet != "year" && facet != "month") {
        std::stable_sort(counts.values.begin(), counts.values.end(),
                         [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
        if (counts.values.size() > request.facet_limit) {
            counts.other_values = static_cast<Xapian::doccount>(counts.values.size() - request.facet_limit);
            counts.values.resize(request.facet_limit);
        }
    }
    for (FacetValue& value : counts.values) {
        if (const auto entity = facet_from_name(facet)) value.name = catalog->display_name(*entity, value.value, request.display_lang);
        else if (facet == "lang") value.name = language_display_name(value.value, request.display_lang);
    }
    return counts;
}

SearchResult search_once(const SearchRequest& request, const Xapian::Database& database,
                         const std::string& lang, const EntityCatalog* catalog) {
    ParsedQuery parsed;
    if (is_blank(request.query)) {
        // No query text: the filters alone choose the documents.
        parsed.query = lang.empty() ? Xapian::Query::MatchAll
                                    : Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query::MatchAll,
                                                    Xapian::Query(schema::language_term(lang)));
    } else {
        parsed = parse_query(request.query, database, lang, catalog);
    }
    Xapian::Query query = parsed.query;
    if (const Xapian::Query filter = option_filters(request, catalog); !filter.empty())
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, filter);

    ConcurrentCount facet_count(request.databases, database, query, request.facets);
    Xapian::Enquire enquire(database);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5));
    // Equal scores (a query of filters alone scores 0) list newest first.
    enquire.set_sort_by_relevance_then_value(schema::kDateSlot, true);
    const auto query_error = [&](const Xapian::WildcardError& e) {
        return QueryError("query '" + request.query + "': " + e.get_msg());
    };
    Xapian::MSet mset;
    try {
        mset = enquire.get_mset(request.offset, request.limit);
    } catch (const Xapian::WildcardError& e) {
        throw query_error(e);
    }

    SearchResult result;
    result.query = request.query;
    result.parsed = parsed.query.get_description();
    result.estimated_total = mset.get_matches_estimated();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.rank = it.get_rank() + 1;
        hit.score = it.get_weight();
        hit.id = *it;
        hit.document = stored_document(it.get_document());
        if (request.with_snippets) {
            const HitMatcher matcher(std::set<std::string>(enquire.get_matching_terms_begin(it),
                                                           enquire.get_matching_terms_end(it)),
                                     hit.document.lang, parsed.wildcard_patterns);
            hit.snippet = make_snippet(hit.document.text, matcher);
            if (!hit.document.page_breaks.empty() || hit.document.format == "pdf")
                hit.page = schema::page_at(hit.document, hit.snippet.match_offset);
        }
        hit.document.text.clear();
        result.hits.push_back(std::move(hit));
    }
    if (!request.facets.empty()) {
        MatchCounts counts;
        try {
            counts = facet_count.get();  // counted meanwhile
        } catch (const Xapian::WildcardError& e) {
            throw query_error(e);
        }
        result.estimated_total = counts.matches;  // exact: every match was counted
        for (const std::string& facet : request.facets)
            result.facets.push_back(count_facet(facet, counts.slots.at(slot_of_facet(facet)), request, catalog));
    }
    return result;
}

// The indexer's --gazetteer files, when the search names none: a query
// for a user-defined incident then works without repeating the option.
std::vector<std::string> gazetteers_for(const SearchRequest& request, const Xapian::Database& database) {
    if (!request.gazetteers.empty()) return request.gazetteers;
    const std::string config = database.get_metadata(std::string(schema::kIndexConfigKey));
    if (config.empty()) return {};
    std::vector<std::string> remembered = decode_index_config(config).gazetteers;
    std::erase_if(remembered, [](const std::string& path) {
        std::error_code ec;
        return !std::filesystem::exists(path, ec);
    });
    return remembered;
}

// `database` is all of request.databases combined; Xapian answers metadata
// from the first of several, so only then is each opened on its own.
std::vector<std::string> database_warnings(const SearchRequest& request, const Xapian::Database& database) {
    std::vector<std::string> warnings;
    for (const std::string& path : request.databases) {
        const Xapian::Database one = request.databases.size() == 1 ? database : open_for_reading({path});
        if (!one.get_metadata(std::string(schema::kReanalyzingKey)).empty())
            warnings.push_back("database '" + path +
                               "' is part-way through re-analysis (its gazetteer or analyzer changed); "
                               "facets may mix old and new until dossier-index completes a run");
    }
    return warnings;
}

// --since and --until: dates that exist, the one not after the other.
void check_date_options(const SearchRequest& request) {
    for (const auto& [option, value] : {std::pair{"--since", &request.since}, std::pair{"--until", &request.until}})
        if (const auto problem = value->empty() ? std::nullopt : user_date_problem(*value))
            throw UsageError(std::string(option) + " " + *value + ": " + *problem);
    if (is_reversed_range(request.since, request.until))
        throw UsageError("--since " + request.since + " is after --until " + request.until +
                         ", so no date is in between; give the earlier date to --since");
}

// Words or a filter: a query of neither would list every document, which
// is never what was meant (an empty variable in a script, a stray '').
void check_something_to_search(const SearchRequest& request) {
    const bool filtered = !request.facet_filters.empty() || !request.since.empty() || !request.until.empty() ||
                          !request.lang.empty();
    if (is_blank(request.query) && !filtered)
        throw UsageError("the query is empty; give words to search for, or a filter (country:CN, --country CN, "
                         "--since 2021, ...) to list the documents it lets through");
}

void check_facet_names(const SearchRequest& request) {
    for (const std::string& facet : request.facets)
        if (std::find(std::begin(kFacetNames), std::end(kFacetNames), facet) == std::end(kFacetNames))
            throw UsageError("--facets: unknown facet '" + facet +
                             "'; choose from country, org, incident, actor, lang, year, month");
}

}  // namespace

SearchResult run_search(const SearchRequest& request) {
    if (request.limit > kMaxLimit)
        throw UsageError("--limit " + std::to_string(request.limit) + " is too large; the most is " +
                         std::to_string(kMaxLimit));
    check_facet_names(request);
    check_date_options(request);
    check_something_to_search(request);
    const std::string lang = request.lang.empty() ? std::string() : canonical_language_code(request.lang);
    std::optional<EntityCatalog> catalog;
    for (int attempt = 1;; ++attempt) {
        try {
            // Opened once per attempt: a retry must see the new revision.
            const Xapian::Database database = open_for_reading(request.databases);
            if (needs_catalog(request) && !catalog)
                catalog.emplace(EntityCatalog::load(gazetteers_for(request, database)));
            SearchResult result = search_once(request, database, lang, catalog ? &*catalog : nullptr);
            result.warnings = database_warnings(request, database);
            return result;
        } catch (const Xapian::DatabaseModifiedError&) {
            // The indexer committed while we read; the next attempt opens
            // the new revision.
            if (attempt == kAttemptsWhenModified)
                throw DatabaseError("the database kept changing while being read; try again");
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseError("database is damaged (" + e.get_msg() +
                                "); rebuild it with: dossier-index --db DIR --rebuild");
        } catch (const Xapian::DatabaseError& e) {
            throw DatabaseError("cannot read the database: " + e.get_msg());
        }
    }
}

}  // namespace dossier

namespace dossier {

namespace {

// The document indexed under `key` (its unique id term), or 0.
Xapian::docid document_keyed(const Xapian::Database& database, const std::string& key) {
    const std::string term = schema::path_term(key);
    const auto posting = database.postlist_begin(term);
    return posting == database.postlist_end(term) ? 0 : *posting;
}

// The document `id_or_path` names: a document id; the key a result shows
// as its path (a file's absolute path, or "jsonl:<id>" for a --jsonl
// record, which is no file and so must not be made absolute); or a file's
// path relative to the current folder. 0 when there is none.
Xapian::docid find_document(const Xapian::Database& database, const std::string& id_or_path) {
    const bool numeric = !id_or_path.empty() &&
                         std::all_of(id_or_path.begin(), id_or_path.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (numeric) return static_cast<Xapian::docid>(std::stoul(id_or_path));
    if (id_or_path.empty()) return 0;  // no key, and no path to make absolute
    if (const Xapian::docid id = document_keyed(database, id_or_path)) return id;
    return document_keyed(database, std::filesystem::absolute(id_or_path).lexically_normal().string());
}

}  // namespace

Explanation explain_document(const SearchRequest& request, const std::string& id_or_path) {
    Xapian::Database database = open_for_reading(request.databases);
    try {
        const Xapian::docid id = find_document(database, id_or_path);
        if (id == 0) throw Xapian::DocNotFoundError("no document for " + id_or_path);
        Explanation explanation;
        explanation.id = id;
        explanation.document = stored_document(database.get_document(id));
        explanation.document.text.clear();
        const EntityCatalog catalog = EntityCatalog::load(gazetteers_for(request, database));
        for (const auto& [facet_label, values] : explanation.document.evidence) {
            const auto facet = facet_from_name(facet_label);
            for (const auto& [value, words] : values)
                explanation.facets[facet_label].push_back(
                    {value, facet ? catalog.display_name(*facet, value, request.display_lang) : value, words});
        }
        return explanation;
    } catch (const Xapian::DocNotFoundError&) {
    } catch (const std::out_of_range&) {
    }
    throw UsageError("--explain " + id_or_path +
                     ": no such document; give a document id from the results (--format json shows "
                     "\"id\"), the path of an indexed file, or jsonl:ID for a record indexed with --jsonl");
}

}  // namespace dossier
