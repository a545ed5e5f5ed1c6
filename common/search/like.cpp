// SPDX-License-Identifier: MIT
#include "search/like.h"

#include <vector>

#include "base/error.h"
#include "index/schema.h"
#include "search/document_key.h"
#include "search/matching.h"
#include "text/stopwords.h"

namespace dossier {

namespace {

// Expands to the body's stems ("Z" + a word): one term per word, in every
// language. Title stems ("ZS...") and unstemmed words would count the same
// word twice. Scripts without stems (no "Z" terms) take their words. Stop
// words of the document's language, and words no other document has (they
// find nothing), are left out: they would take the place of words that
// find similar documents.
class LikeTerms final : public Xapian::ExpandDecider {
public:
    LikeTerms(const Xapian::Database& database, const Xapian::Stopper* stopper, bool words)
        : database_(database), stopper_(stopper), words_(words) {}
    bool operator()(const std::string& term) const override {
        const std::string_view stem = schema::kStemPrefix;
        std::string word;
        if (words_) {
            if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) return false;
            word = term;
        } else {
            if (term.size() <= stem.size() || !term.starts_with(stem) ||
                (term[stem.size()] >= 'A' && term[stem.size()] <= 'Z'))
                return false;
            word = term.substr(stem.size());
        }
        if (stopper_ != nullptr && (*stopper_)(word)) return false;
        return database_.get_termfreq(term) > 1;
    }

private:
    const Xapian::Database& database_;
    const Xapian::Stopper* stopper_;
    bool words_;
};

Xapian::Query similar_to(const Xapian::Database& database, Xapian::docid id) {
    Xapian::Enquire enquire(database);
    Xapian::RSet relevant;
    relevant.add_document(id);
    const Xapian::Stopper* stopper = stopper_for(stored_document(database.get_document(id)).lang);
    for (const bool words : {false, true}) {
        const LikeTerms decider(database, stopper, words);
        const Xapian::ESet terms = enquire.get_eset(kLikeTerms, relevant, &decider);
        if (terms.empty()) continue;
        std::vector<Xapian::Query> alternatives;
        for (auto term = terms.begin(); term != terms.end(); ++term) alternatives.emplace_back(*term);
        return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    }
    return Xapian::Query();
}

// The document itself, and its copies when it is in a copy cluster.
Xapian::Query itself_and_copies(const Xapian::Database& database, Xapian::docid id) {
    const Xapian::Document document = database.get_document(id);
    std::vector<Xapian::Query> same;
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term)
        if ((*term).starts_with(schema::kPathPrefix)) same.emplace_back(*term);
    if (const std::string cluster = document.get_value(schema::kCopyClusterSlot); !cluster.empty())
        same.emplace_back(std::string(schema::kCopyClusterPrefix) + cluster);
    return Xapian::Query(Xapian::Query::OP_OR, same.begin(), same.end());
}

}  // namespace

QueryToRun like_query(const SearchRequest& request, const Xapian::Database& database, const std::string& lang,
                      const EntityCatalog* catalog) {
    const Xapian::docid id = find_document(database, request.like);
    try {
        if (id == 0) throw Xapian::DocNotFoundError(request.like);
        const Xapian::Query similar = similar_to(database, id);
        if (similar.empty())
            throw UsageError("--like " + request.like + ": the document has no words to find others like it by");
        // The query and filters as the user gave them: without words, they
        // let through what they name (MatchAll without any).
        QueryToRun run = resolve_query(request, database, lang, catalog);
        Xapian::Query query = similar;
        const bool narrowed = request.query.find_first_not_of(" \t\n\r\f\v") != std::string::npos ||
                              !request.facet_filters.empty() || !request.since.empty() || !request.until.empty() ||
                              !lang.empty();
        if (narrowed) query = Xapian::Query(Xapian::Query::OP_FILTER, similar, run.query);
        run.query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, itself_and_copies(database, id));
        run.parsed.query = run.query;
        run.parsed.weighted = true;
        run.parsed.wildcard_patterns.clear();
        return run;
    } catch (const Xapian::DocNotFoundError&) {
    }
    throw UsageError(no_such_document("--like", request.like));
}

}  // namespace dossier
