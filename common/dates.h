// SPDX-License-Identifier: MIT
// Dates of documents, always reported as ISO "YYYY-MM-DD".
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dossier {

// Parses a date written in metadata: "2023-04-13", "2023-04-13T06:20:00Z",
// "2023-04-13 06:20", "2023/04/13", "2023-04" (first of the month), "2023"
// (1 January). Returns nullopt for anything else or an impossible date.
std::optional<std::string> parse_metadata_date(std::string_view value);

// Finds an ISO date ("2023-04-13", optionally followed by a time) near the
// start of a document's text, where datelines are; nullopt when none.
std::optional<std::string> find_date_in_text(std::string_view text);

// The UTC calendar date of a file time.
std::string date_of(std::chrono::system_clock::time_point time);

// "2023-04-13" -> "20230413", the form kept in the date value slot.
std::string date_sort_key(std::string_view iso_date);

}  // namespace dossier
