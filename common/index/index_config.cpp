// SPDX-License-Identifier: MIT
#include "index/index_config.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "base/error.h"

namespace dossier {

std::string encode_index_config(const IndexConfig& config) {
    nlohmann::json json = {{"roots", config.roots}, {"lang", config.lang}, {"gazetteers", config.gazetteers}};
    // Only a sharded database says so: the others keep the encoding they
    // had before shards, and a run that changes nothing writes nothing.
    if (!config.shard.whole()) json["shard"] = shard_text(config.shard);
    return json.dump();
}

IndexConfig decode_index_config(std::string_view encoded) {
    try {
        const nlohmann::json json = nlohmann::json::parse(encoded);
        IndexConfig config;
        config.roots = json.at("roots").get<std::vector<std::string>>();
        config.lang = json.at("lang").get<std::string>();
        config.gazetteers = json.at("gazetteers").get<std::vector<std::string>>();
        if (json.contains("shard")) config.shard = parse_shard(json.at("shard").get<std::string>());
        return config;
    } catch (const UsageError& e) {
        throw DatabaseError(std::string("the remembered shard is damaged (") + e.what() +
                            "); run dossier-index --rebuild with --shard K/N and the folders to index");
    } catch (const nlohmann::json::exception& e) {
        throw DatabaseError(std::string("the remembered index settings are damaged (") + e.what() +
                            "); run dossier-index --rebuild with the folders to index");
    }
}

std::string normalize_root(const std::string& path) {
    if (path.empty()) throw UsageError("an empty PATH names no file or folder");
    std::string normal = std::filesystem::absolute(path).lexically_normal().string();
    while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
    return normal;
}

bool is_under_root(std::string_view path, std::string_view root) {
    if (root == "/") return path.starts_with('/');
    if (!path.starts_with(root)) return false;
    return path.size() == root.size() || path[root.size()] == '/';
}

std::vector<std::string> distinct_roots(std::vector<std::string> roots) {
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    std::vector<std::string> outer;
    for (const std::string& root : roots) {
        const bool nested = std::any_of(outer.begin(), outer.end(), [&](const std::string& other) {
            return is_under_root(root, other);
        });
        if (!nested) outer.push_back(root);
    }
    return outer;
}

}  // namespace dossier
