// SPDX-License-Identifier: MIT
// --jsonl with --shard: which lines a shard ingests, decided from the
// record's id before anything else is done with it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "index/shard.h"

namespace dossier::indexer {

// The key ("jsonl:ID") of the record on `line`, its id read as
// parse_jsonl_record reads it (a non-empty string, or an integer); nullopt
// when the line has no usable id (not JSON, not an object, no id).
std::optional<std::string> jsonl_line_key(std::string_view line);

// Whether `shard` ingests `line`: its key is in the shard. A line without
// a usable id is taken by shard 1 alone, which reports it as bad, so that
// it is reported once whatever the number of shards.
bool shard_takes_line(std::string_view line, const Shard& shard);

}  // namespace dossier::indexer
