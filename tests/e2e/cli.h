// SPDX-License-Identifier: MIT
// The dossier programs as end-to-end tests call them: no $DOSSIER_DB or
// colour from the environment, the JSON summary parsed, a failed check
// described with the command, exit status and stderr.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.h"

namespace dossier::test {

// dossier-index with `args`, run in `cwd`.
ProcessResult index(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                    int timeout_seconds = 60);

// dossier-search on `database` with `args` after --db.
ProcessResult search(const std::filesystem::path& database, const std::vector<std::string>& args,
                     int timeout_seconds = 60);

// The --summary-json object: the last line of stdout that starts with '{'.
nlohmann::json summary_of(const ProcessResult& run);

// The command, its exit status, stdout and stderr, for INFO().
std::string describe(const ProcessResult& run);

// Whether xapian-check finds the database sound; `report` gets its output.
bool database_is_sound(const std::filesystem::path& database, std::string* report = nullptr);

}  // namespace dossier::test
