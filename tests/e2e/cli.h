// SPDX-License-Identifier: MIT
// The dossier programs as end-to-end tests call them: no $DOSSIER_DB,
// config file or colour from the environment, the JSON summary parsed, a
// failed check described with the command, exit status and stderr.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "process.h"

namespace dossier::test {

// dossier-index with `args`, run in `cwd`.
ProcessResult index(const std::vector<std::string>& args, const std::filesystem::path& cwd = {},
                    int timeout_seconds = 60);

// Long enough for a pool of indexing workers on a busy machine; a hang
// still fails the case rather than the suite.
inline constexpr int kWorkerPoolSeconds = 300;

// index(), given kWorkerPoolSeconds.
ProcessResult index_with_workers(const std::vector<std::string>& args);

// dossier-search on `database` with `args` after --db (and no config file).
ProcessResult search(const std::filesystem::path& database, const std::vector<std::string>& args,
                     int timeout_seconds = 60);

// The result of dossier-search on `database` with `--format json` and
// `args`; fails the test, with the run described, unless it exits 0.
nlohmann::json search_json(const std::filesystem::path& database, std::vector<std::string> args);

// dossier-search on `database` printing every hit: `--format FORMAT
// --limit 10000` and then `query`.
ProcessResult search_all(const std::filesystem::path& database, const std::vector<std::string>& query,
                         const std::string& format = "paths");

// Root reads any file, so permission cases run the programs as the
// unprivileged user nobody then (with setpriv), as the user otherwise.
// Whether that can be arranged here:
bool can_run_as_nobody();
// `program` with `args` that way; throws when can_run_as_nobody() is false.
ProcessResult run_as_nobody(const std::string& program, const std::vector<std::string>& args);

// Lets nobody into `folder` and read everything under it.
void open_to_all(const std::filesystem::path& folder);

// The --summary-json object: the last line of stdout that starts with '{'.
nlohmann::json summary_of(const ProcessResult& run);

// "added 1, updated 0, ..." from a summary: the `fields` a test compares,
// in order, so one string states the whole outcome.
std::string counts(const nlohmann::json& summary,
                   const std::vector<std::string>& fields = {"added", "updated", "removed", "unchanged", "skipped",
                                                             "failed"});

// The command, its exit status, time, peak memory, stdout and stderr (each
// cut to a readable length), for INFO().
std::string describe(const ProcessResult& run);

// The file names of a --format paths run's lines, sorted and distinct,
// joined by '|'.
std::string file_names_of(const ProcessResult& run);

// The file names a search of `database` finds (--format paths, up to 100),
// as file_names_of gives them; "" when nothing matches; "exit N: stderr"
// when the search fails otherwise.
std::string names_found(const std::filesystem::path& database, std::vector<std::string> args);

// Whether xapian-check finds the database sound; `report` gets its output.
bool database_is_sound(const std::filesystem::path& database, std::string* report = nullptr);

// Fails the test, with xapian-check's report, unless the database is sound.
void require_sound(const std::filesystem::path& database);

// What a database holds, read with Xapian directly rather than through
// dossier-search, so a test does not trust the program under test.
Xapian::doccount document_count(const std::filesystem::path& database);
// Each document by path (its "Q" id term) with its terms as "term/wdf".
std::map<std::string, std::vector<std::string>> document_terms(const std::filesystem::path& database);
std::set<std::string> document_paths(const std::filesystem::path& database);
Xapian::rev revision(const std::filesystem::path& database);
std::string metadata(const std::filesystem::path& database, const std::string& key);
// The pids of the processes whose parent is `parent` (from /proc).
std::vector<int> children_of(int parent);
// The entries of `folder`, but for the owner marker "dossier.created".
std::size_t entries_in(const std::filesystem::path& folder);
// The workers' chunk shards in a bulk build's shards folder (named by their
// chunk's number, "000002"): not its other entries (a --jsonl build's
// "clusters" database, made as the workers start).
std::size_t chunk_shards_in(const std::filesystem::path& folder);
// The shards folder of a run building `db` with workers.
std::filesystem::path shards_of(const std::filesystem::path& db);
// The whole content of a database as text (tests/tools/db_digest.cpp):
// equal digests, equal databases.
std::string digest(const std::filesystem::path& database);
// The id term of each document, in document id order: equal lists mean
// equal document ids.
std::vector<std::string> id_terms_in_docid_order(const std::filesystem::path& database);

// The language fixtures (tests/fixtures) that sample databases add to the
// seed corpus: one document per script the analyzer treats differently.
inline const std::vector<std::string> kLanguageFixtures = {"zh_cyber.txt", "ru_cyber.txt",   "ar_cyber.txt",
                                                           "th_cyber.txt", "id_inflect.txt", "en_plain.txt"};

// Copies the seed corpus (corpus/) into `folder`.
void copy_corpus(const std::filesystem::path& folder);
// Copies kLanguageFixtures into `folder`.
void copy_language_fixtures(const std::filesystem::path& folder);

}  // namespace dossier::test
