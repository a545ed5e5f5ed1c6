// SPDX-License-Identifier: MIT
#include "index/shard.h"

#include <charconv>

#include <xxhash.h>

#include "base/error.h"

namespace dossier {

namespace {

// A whole number of digits only: no sign, space or fraction.
bool parse_count(std::string_view digits, unsigned& value) {
    if (digits.empty()) return false;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return error == std::errc() && end == digits.data() + digits.size();
}

}  // namespace

Shard parse_shard(std::string_view text) {
    const std::string quoted = "--shard '" + std::string(text) + "'";
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        throw UsageError(quoted + ": give the shard as K/N, e.g. 2/3 for the second of three");
    Shard shard;
    if (!parse_count(text.substr(0, slash), shard.index) || !parse_count(text.substr(slash + 1), shard.count))
        throw UsageError(quoted + ": K and N must be whole numbers, as in 2/3");
    if (shard.count < 1 || shard.count > kMaxShards)
        throw UsageError(quoted + ": N must be from 1 to " + std::to_string(kMaxShards));
    if (shard.index < 1 || shard.index > shard.count)
        throw UsageError(quoted + ": K must be from 1 to N (" + std::to_string(shard.count) + ")");
    if (shard.count == 1) return {};
    return shard;
}

std::string shard_text(const Shard& shard) {
    if (shard.whole()) return {};
    return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

unsigned shard_of_key(std::string_view key, unsigned count) {
    if (count <= 1) return 1;
    return static_cast<unsigned>(XXH64(key.data(), key.size(), 0) % count) + 1;
}

bool in_shard(std::string_view key, const Shard& shard) {
    return shard.whole() || shard_of_key(key, shard.count) == shard.index;
}

}  // namespace dossier
