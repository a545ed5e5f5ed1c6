// SPDX-License-Identifier: MIT
#include "index/copy_clusters.h"

#include <algorithm>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "index/schema.h"

namespace dossier {

namespace {

std::string cluster_term(std::string_view name) { return std::string(schema::kCopyClusterPrefix) + std::string(name); }

// The terms of `document` that start with `prefix`.
std::vector<std::string> terms_with_prefix(const Xapian::Document& document, std::string_view prefix) {
    std::vector<std::string> terms;
    Xapian::TermIterator term = document.termlist_begin();
    term.skip_to(std::string(prefix));
    for (; term != document.termlist_end(); ++term) {
        std::string value = *term;
        if (!value.starts_with(prefix)) break;
        terms.push_back(std::move(value));
    }
    return terms;
}

// Sets (or, with an empty name, removes) the cluster of `document`.
void set_cluster(Xapian::Document& document, const std::string& name) {
    const std::string old = document.get_value(schema::kCopyClusterSlot);
    if (old == name) return;
    if (!old.empty()) {
        document.remove_value(schema::kCopyClusterSlot);
        try {
            document.remove_term(cluster_term(old));
        } catch (const Xapian::InvalidArgumentError&) {
            // The term was not there: nothing to remove.
        }
    }
    if (name.empty()) return;
    document.add_value(schema::kCopyClusterSlot, name);
    document.add_boolean_term(cluster_term(name));
}

struct Copy {
    Xapian::docid id = 0;
    double similarity = 0;
    std::string cluster;  // empty: in none yet
};

// Candidates taken from one band: the oldest documents. A text copied
// thousands of times (a boilerplate page) then costs a bounded number of
// comparisons per document, and the oldest copies are in its cluster.
constexpr std::size_t kCandidatesPerBand = 100;

// The documents sharing a band term of `document`, but `self`, and with
// `before` set only those with smaller ids; ascending.
std::vector<Xapian::docid> candidates(const Xapian::Database& database, const Xapian::Document& document,
                                      Xapian::docid self, Xapian::docid before) {
    std::vector<Xapian::docid> found;
    for (const std::string& term : terms_with_prefix(document, schema::kCopyBandPrefix)) {
        std::size_t taken = 0;
        for (auto posting = database.postlist_begin(term);
             posting != database.postlist_end(term) && taken < kCandidatesPerBand; ++posting) {
            if (before != 0 && *posting >= before) break;  // ascending
            if (*posting == self) continue;
            found.push_back(*posting);
            ++taken;
        }
    }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

// The copy `document` joins: one in the cluster it was in (a changed
// document that still matches stays), else the most similar, ties to the
// smallest id.
std::optional<Copy> best_copy(const Xapian::Database& database, const Xapian::Document& document,
                              const NearCopySignature& signature, Xapian::docid self, Xapian::docid before,
                              const std::string& previous_cluster) {
    std::optional<Copy> best;
    for (const Xapian::docid id : candidates(database, document, self, before)) {
        const Xapian::Document other = database.get_document(id, Xapian::DOC_ASSUME_VALID);
        const std::optional<NearCopySignature> other_signature =
            decode_signature(other.get_value(schema::kCopySignatureSlot));
        if (!other_signature || !are_copies(signature, *other_signature)) continue;
        Copy copy{id, signature_similarity(signature, *other_signature), other.get_value(schema::kCopyClusterSlot)};
        const bool stays = !previous_cluster.empty() && copy.cluster == previous_cluster;
        const bool best_stays = best && !previous_cluster.empty() && best->cluster == previous_cluster;
        if (!best || (stays && !best_stays) || (stays == best_stays && copy.similarity > best->similarity))
            best = std::move(copy);
    }
    return best;
}

// The copy a short text (no stored sketch, one exact key) joins: a
// document with the same key, one in its previous cluster first, else the
// smallest id.
std::optional<Copy> exact_copy(const Xapian::Database& database, const Xapian::Document& document, Xapian::docid self,
                               Xapian::docid before, const std::string& previous_cluster) {
    std::optional<Copy> best;
    for (const Xapian::docid id : candidates(database, document, self, before)) {
        const Xapian::Document other = database.get_document(id, Xapian::DOC_ASSUME_VALID);
        if (!other.get_value(schema::kCopySignatureSlot).empty()) continue;  // a long text
        Copy copy{id, 1.0, other.get_value(schema::kCopyClusterSlot)};
        if (!previous_cluster.empty() && copy.cluster == previous_cluster) return copy;
        if (!best) best = std::move(copy);
    }
    return best;
}

// The id term ("Q...") of the document `id`.
std::string id_term_of(const Xapian::Database& database, Xapian::docid id) {
    const std::vector<std::string> terms = terms_with_prefix(database.get_document(id), schema::kPathPrefix);
    return terms.empty() ? fmt::format("#{}", id) : terms.front();
}

}  // namespace

void add_copy_signature(Xapian::Document& document, const NearCopySignature& signature) {
    // A short text's one key says all a comparison would (band_keys).
    if (!exact_copies_only(signature)) document.add_value(schema::kCopySignatureSlot, encode_signature(signature));
    for (const std::string& key : band_keys(signature))
        document.add_boolean_term(std::string(schema::kCopyBandPrefix) + key);
}

std::string copy_cluster_name(std::string_view id_term) {
    return fmt::format("{:016x}", XXH3_64bits(id_term.data(), id_term.size()));
}

std::string join_copy_cluster(Xapian::WritableDatabase& database, Xapian::Document& document, Xapian::docid self,
                              Xapian::docid before) {
    std::string previous_cluster;
    if (self != 0) {
        try {
            previous_cluster = database.get_document(self).get_value(schema::kCopyClusterSlot);
        } catch (const Xapian::DocNotFoundError&) {
        }
    }
    const std::optional<NearCopySignature> signature =
        decode_signature(document.get_value(schema::kCopySignatureSlot));
    std::optional<Copy> copy;
    if (signature) copy = best_copy(database, document, *signature, self, before, previous_cluster);
    else copy = exact_copy(database, document, self, before, previous_cluster);
    if (!copy) {
        set_cluster(document, "");
        return {};
    }
    if (copy->cluster.empty()) {
        // The copy starts the cluster, named after it.
        copy->cluster = copy_cluster_name(id_term_of(database, copy->id));
        Xapian::Document first = database.get_document(copy->id);
        set_cluster(first, copy->cluster);
        database.replace_document(copy->id, first);
    }
    set_cluster(document, copy->cluster);
    return copy->cluster;
}

std::size_t cluster_copies(Xapian::WritableDatabase& database) {
    // The documents that share a band with another: the only ones that can
    // have an earlier copy.
    std::vector<Xapian::docid> sharing;
    const std::string prefix(schema::kCopyBandPrefix);
    for (auto term = database.allterms_begin(prefix); term != database.allterms_end(prefix); ++term) {
        if (term.get_termfreq() < 2) continue;
        for (auto posting = database.postlist_begin(*term); posting != database.postlist_end(*term); ++posting)
            sharing.push_back(*posting);
    }
    std::sort(sharing.begin(), sharing.end());
    sharing.erase(std::unique(sharing.begin(), sharing.end()), sharing.end());
    for (const Xapian::docid id : sharing) {
        Xapian::Document document = database.get_document(id);
        const std::string before = document.get_value(schema::kCopyClusterSlot);
        if (join_copy_cluster(database, document, id, id) != before) database.replace_document(id, document);
    }
    return database.get_value_freq(schema::kCopyClusterSlot);
}

}  // namespace dossier
