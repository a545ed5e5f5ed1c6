// SPDX-License-Identifier: MIT
#include "search/value_columns.h"

#include <algorithm>

namespace dossier {

ValueColumn::ValueColumn(const Xapian::Database& database, Xapian::valueno slot) {
    codes_.assign(static_cast<std::size_t>(database.get_lastdocid()) + 1, 0);
    std::unordered_map<std::string, std::uint32_t> code_of_value;
    std::string previous;
    std::uint32_t previous_code = 0;
    for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot); ++value) {
        std::string text = *value;
        // Neighbouring documents (the paragraphs of one speech) mostly
        // share a value: no hash look-up for a repeat.
        if (previous_code == 0 || text != previous) {
            const auto [found, added] =
                code_of_value.try_emplace(text, static_cast<std::uint32_t>(values_.size() + 1));
            if (added) values_.push_back(text);
            previous_code = found->second;
            previous = std::move(text);
        }
        const Xapian::docid docid = value.get_docid();
        if (docid < codes_.size()) codes_[docid] = previous_code;
    }
}

SlotCounts ValueColumn::count(const std::vector<Xapian::docid>& docids) const {
    std::vector<Xapian::doccount> by_code(values_.size() + 1, 0);
    for (const Xapian::docid docid : docids) ++by_code[code_of(docid)];
    SlotCounts counts;
    for (std::size_t code = 1; code < by_code.size(); ++code)
        if (by_code[code] > 0) counts.emplace(values_[code - 1], by_code[code]);
    return counts;
}

std::vector<Xapian::docid> ValueColumn::first_of_each_value(std::vector<Xapian::docid> docids) const {
    std::vector<bool> seen(values_.size() + 1, false);
    std::size_t kept = 0;
    for (const Xapian::docid docid : docids) {
        const std::uint32_t code = code_of(docid);
        if (code != 0 && seen[code]) continue;
        seen[code] = code != 0;
        docids[kept++] = docid;
    }
    docids.resize(kept);
    return docids;
}

std::size_t ValueColumn::bytes() const {
    std::size_t bytes = codes_.capacity() * sizeof(std::uint32_t);
    for (const std::string& value : values_) bytes += sizeof(std::string) + value.capacity();
    return bytes;
}

std::shared_ptr<const ValueColumn> ValueColumns::column(const Xapian::Database& database, Xapian::valueno slot) {
    const Version version{database.get_uuid(), database.get_revision()};
    const std::lock_guard lock(mutex_);
    auto found = versions_.find(version);
    if (found == versions_.end()) {
        if (order_.size() == kRevisionsKept) {
            versions_.erase(order_.front());
            order_.erase(order_.begin());
        }
        order_.push_back(version);
        found = versions_.emplace(version, std::map<Xapian::valueno, std::shared_ptr<const ValueColumn>>{}).first;
    }
    std::shared_ptr<const ValueColumn>& column = found->second[slot];
    // Read under the lock: the threads that want it at the same time wait
    // for one reading instead of each making its own.
    if (!column) column = std::make_shared<const ValueColumn>(database, slot);
    return column;
}

}  // namespace dossier
