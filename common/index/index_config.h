// SPDX-License-Identifier: MIT
// What a database remembers about how it was indexed (kept in its Xapian
// metadata), so that `dossier-index --db DIR` alone re-runs the last set.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "index/shard.h"

namespace dossier {

struct IndexConfig {
    std::vector<std::string> roots;       // absolute, lexically normal, sorted, distinct
    std::string lang;                     // forced language, empty to detect
    std::vector<std::string> gazetteers;  // user gazetteer files, absolute
    Shard shard;                          // --shard K/N: the documents this database holds

    bool operator==(const IndexConfig&) const = default;
};

std::string encode_index_config(const IndexConfig& config);

// Throws DatabaseError when `encoded` is not what encode_index_config wrote.
IndexConfig decode_index_config(std::string_view encoded);

// `path` made absolute and lexically normal, without a trailing '/'.
// Throws UsageError for an empty path.
std::string normalize_root(const std::string& path);

// Sorted, without duplicates and without roots nested in another root of the
// list (a nested root adds nothing: its files are under the outer one).
std::vector<std::string> distinct_roots(std::vector<std::string> roots);

// True when `path` is `root` or lies beneath it ("/a/b" is under "/a", not
// under "/a/b2" nor "/ab").
bool is_under_root(std::string_view path, std::string_view root);

}  // namespace dossier
