// SPDX-License-Identifier: MIT
// Splitting one collection over N databases by document key, with no
// coordinator: `dossier-index --shard K/N` on each of N machines indexes
// the documents whose key hashes to K, and a stub file of the N databases
// searches them as one (docs/shards.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dossier {

// Shard `index` (1-based) of `count`; count 0 means the whole collection
// (no --shard, or --shard 1/1).
struct Shard {
    unsigned index = 0;
    unsigned count = 0;

    bool whole() const { return count <= 1; }
    bool operator==(const Shard&) const = default;
};

// Most shards a collection may be split into.
inline constexpr unsigned kMaxShards = 1024;

// Parses "K/N" (1 <= K <= N <= kMaxShards); "1/1" is the whole collection
// (Shard{}). Throws UsageError naming what is wrong.
Shard parse_shard(std::string_view text);

// "K/N", or "" for the whole collection: as parse_shard reads it and as the
// database remembers it.
std::string shard_text(const Shard& shard);

// The shard (1-based) of `count` that `key` belongs to: XXH64 of the key's
// bytes (seed 0) modulo `count`, plus 1. `key` is a document's stable key: a
// file's absolute path, or "jsonl:ID" for a --jsonl record. Fixed for good:
// machines and versions must agree on it.
unsigned shard_of_key(std::string_view key, unsigned count);

// Whether `key` belongs to `shard` (always, for the whole collection).
bool in_shard(std::string_view key, const Shard& shard);

}  // namespace dossier
