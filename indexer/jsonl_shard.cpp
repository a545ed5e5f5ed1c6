// SPDX-License-Identifier: MIT
#include "jsonl_shard.h"

#include <nlohmann/json.hpp>

#include "jsonl_ingest.h"

namespace dossier::indexer {

std::optional<std::string> jsonl_line_key(std::string_view line) {
    const nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) return std::nullopt;
    const auto id = record.find("id");
    if (id == record.end()) return std::nullopt;
    if (id->is_number_integer()) return jsonl_path(id->dump());
    if (!id->is_string() || id->get_ref<const std::string&>().empty()) return std::nullopt;
    return jsonl_path(id->get_ref<const std::string&>());
}

bool shard_takes_line(std::string_view line, const Shard& shard) {
    if (shard.whole()) return true;
    const std::optional<std::string> key = jsonl_line_key(line);
    return key ? in_shard(*key, shard) : shard.index == 1;
}

}  // namespace dossier::indexer
