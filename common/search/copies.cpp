// SPDX-License-Identifier: MIT
#include "search/copies.h"

#include <unordered_set>

#include "index/schema.h"
#include "search/document_key.h"

namespace dossier {

OtherCopies other_copies(const Xapian::Database& database, const std::string& cluster, Xapian::docid id) {
    OtherCopies copies;
    if (cluster.empty()) return copies;
    const std::string term = std::string(schema::kCopyClusterPrefix) + cluster;
    // Counted from the cluster term's frequency, not by reading the
    // members: summed over all the databases searched together, as the
    // postings below are; the document itself is one of them.
    const Xapian::doccount members = database.get_termfreq(term);
    copies.count = members > 0 ? members - 1 : 0;
    const Xapian::PostingIterator end = database.postlist_end(term);
    for (auto posting = database.postlist_begin(term); posting != end && copies.paths.size() < kListedCopies;
         ++posting) {
        // The ids come from the postings: no need to check the documents exist.
        if (*posting != id)
            copies.paths.push_back(document_key(database.get_document(*posting, Xapian::DOC_ASSUME_VALID)));
    }
    return copies;
}

std::vector<Xapian::docid> one_per_story(const Xapian::Database& database, std::vector<Xapian::docid> docids) {
    // Few documents have copies: walk the cluster slot's values along the
    // matches, skipping those without.
    std::unordered_set<std::string> seen;
    Xapian::ValueIterator value = database.valuestream_begin(schema::kCopyClusterSlot);
    const Xapian::ValueIterator end = database.valuestream_end(schema::kCopyClusterSlot);
    std::size_t kept = 0;
    for (const Xapian::docid docid : docids) {
        if (value != end && value.get_docid() < docid) value.skip_to(docid);
        const bool copy = value != end && value.get_docid() == docid && !seen.insert(*value).second;
        if (!copy) docids[kept++] = docid;
    }
    docids.resize(kept);
    return docids;
}

}  // namespace dossier
