// SPDX-License-Identifier: MIT
// Saved searches, kept with the database so that cron and the analyst
// share them: a small JSON file in the database folder (kSavedSearchesFile),
// replaced whole (a temporary file renamed over it) under an flock on the
// folder. Not Xapian metadata: the searcher opens the database read-only,
// and the indexer holds Xapian's write lock for a whole run, which a
// --save or an --alerts record must not wait for.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

inline constexpr std::string_view kSavedSearchesFile = "dossier-saved-searches.json";
inline constexpr int kSavedSearchesVersion = 1;
inline constexpr std::size_t kMaxSavedSearchName = 64;

struct SavedSearch {
    std::string name;
    std::string query;
    std::string lang;
    std::string since, until;
    std::map<std::string, std::vector<std::string>> filters;  // entity facet name -> values ("country": ["CN"])
    bool inferred = true;                                     // false: saved with --no-inferred
    std::string saved;         // UTC time of the --save
    std::uint64_t seen_run = 0;  // --alerts has shown what runs up to this one added
    std::string alerted;       // UTC time of the last --alerts run; empty: none yet

    bool operator==(const SavedSearch&) const = default;
};

// Throws UsageError unless `name` is 1 to kMaxSavedSearchName letters,
// digits, '-', '_' and '.', starting with a letter or digit.
void check_saved_search_name(std::string_view name);

// The file of the database folder `database`.
std::string saved_searches_path(const std::string& database);

// The saved searches of `database`, sorted by name; none when nothing was
// saved. Throws UsageError when `database` is no folder (a stub file of
// remote shards has nowhere to keep them), DatabaseError when the file
// cannot be read or was written by a newer dossier.
std::vector<SavedSearch> read_saved_searches(const std::string& database);

// Reads the saved searches under the folder's lock, lets `change` edit
// them, and writes the result in place of the file (written in full and
// synced first: a reader sees the old list or the new one). Throws as
// read_saved_searches, and DatabaseError when the file cannot be written.
void update_saved_searches(const std::string& database,
                           const std::function<void(std::vector<SavedSearch>&)>& change);

// An flock on the database folder, the one the saved searches are written
// under (taken again if the folder was swapped by a --rebuild meanwhile).
class SavedSearchLock {
public:
    explicit SavedSearchLock(const std::string& database);
    SavedSearchLock(const SavedSearchLock&) = delete;
    SavedSearchLock& operator=(const SavedSearchLock&) = delete;
    SavedSearchLock(SavedSearchLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    ~SavedSearchLock();

private:
    int fd_ = -1;
};

// Copies the saved-searches file of `database` (when there is one) into
// `rebuilt`, the folder about to take its place, and returns the lock that
// keeps them unchanged until the swap is done (nullptr when `database` is
// no folder).
std::unique_ptr<SavedSearchLock> carry_saved_searches(const std::string& database, const std::string& rebuilt);

}  // namespace dossier
