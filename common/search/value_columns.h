// SPDX-License-Identifier: MIT
// A value slot of every document held in memory by document id (what
// Lucene calls doc values), for a long-lived session (dossier-serve) to
// count facets with: counting a slot over the matches by walking its value
// stream decodes every value of the stream between the first and the last
// match, which on a 1.55 M document index is most of a faceted request's
// time. A column is read once per database revision, then each match is
// one array look-up. A one-off search (dossier-search) reads the stream,
// which is cheaper than reading the whole column once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dossier {

// How many matching documents hold each distinct value of a slot.
using SlotCounts = std::unordered_map<std::string, Xapian::doccount>;

// One slot's value of each document of one database revision.
class ValueColumn {
public:
    // Reads the whole value stream of `slot`.
    ValueColumn(const Xapian::Database& database, Xapian::valueno slot);

    // How many of `docids` hold each value; documents without one are not
    // counted.
    SlotCounts count(const std::vector<Xapian::docid>& docids) const;

    // `docids` (ascending) without the documents whose value an earlier
    // one of them has: the first document of each copy cluster, and every
    // document without a value (search/copies.h, one_per_story).
    std::vector<Xapian::docid> first_of_each_value(std::vector<Xapian::docid> docids) const;

    // Memory held, in bytes (codes and distinct values).
    std::size_t bytes() const;

private:
    std::uint32_t code_of(Xapian::docid docid) const { return docid < codes_.size() ? codes_[docid] : 0; }

    std::vector<std::uint32_t> codes_;  // by document id: 0 no value, else 1 + an index of values_
    std::vector<std::string> values_;   // each distinct value once
};

// The columns of one database, kept for its latest revisions and shared by
// the threads of a session (or by several sessions): each slot's column is
// read on first use at a revision. Thread-safe.
class ValueColumns {
public:
    // The column of `slot` for the revision `database` (one local database,
    // pinned by the caller) is at.
    std::shared_ptr<const ValueColumn> column(const Xapian::Database& database, Xapian::valueno slot);

private:
    // A database (its UUID) at a revision.
    using Version = std::pair<std::string, Xapian::rev>;
    // Two revisions: sessions move to a new one request by request, and a
    // request still on the old one must not make the new one be read again.
    static constexpr std::size_t kRevisionsKept = 2;

    std::mutex mutex_;
    std::map<Version, std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>>> versions_;
    std::vector<Version> order_;  // oldest first
};

}  // namespace dossier
