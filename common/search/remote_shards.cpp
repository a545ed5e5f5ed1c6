// SPDX-License-Identifier: MIT
#include "search/remote_shards.h"

#include "index/database.h"

namespace dossier {

std::string remote_spelling_warning(const std::vector<std::string>& paths, const Xapian::Database& database) {
    if (database.spellings_begin() != database.spellings_end() || !names_remote_shard(paths)) return {};
    return "no \"did you mean\": remote shards carry no spelling data in Xapian 1.4 (docs/shards.md)";
}

}  // namespace dossier
