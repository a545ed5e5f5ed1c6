// SPDX-License-Identifier: MIT
#include "search/copies.h"

#include <unordered_set>

#include "index/file_state.h"
#include "index/schema.h"

namespace dossier {

namespace {

// A file's path from its file state (the exact bytes, as --format paths
// prints them); a --jsonl record, which has none, from its data.
std::string path_of(const Xapian::Document& document) {
    if (const auto state = decode_file_state(document.get_value(schema::kFileStateSlot))) return state->path;
    return schema::decode_document_data(document.get_data()).path;
}

}  // namespace

std::vector<std::string> other_copies(const Xapian::Database& database, const Xapian::Document& document,
                                      Xapian::docid id) {
    std::vector<std::string> paths;
    const std::string cluster = document.get_value(schema::kCopyClusterSlot);
    if (cluster.empty()) return paths;
    const std::string term = std::string(schema::kCopyClusterPrefix) + cluster;
    for (auto posting = database.postlist_begin(term); posting != database.postlist_end(term); ++posting)
        if (*posting != id) paths.push_back(path_of(database.get_document(*posting)));
    return paths;
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
