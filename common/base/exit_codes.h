// SPDX-License-Identifier: MIT
// Exit statuses of dossier-index and dossier-search (documented in README).
#pragma once

namespace dossier::exit_code {

inline constexpr int kSuccess = 0;       // search: hits; index: all files indexed
inline constexpr int kNoHits = 1;        // search: the query matched nothing
inline constexpr int kSomeFailed = 1;    // index: some files failed, the rest indexed
inline constexpr int kUsage = 2;         // bad option or query
inline constexpr int kDatabase = 3;      // database missing, unreadable, unusable or not writable
inline constexpr int kLocked = 75;       // index: another writer holds the database (EX_TEMPFAIL)
inline constexpr int kOutput = 74;       // standard output could not be written (EX_IOERR)
inline constexpr int kInterrupted = 130; // index: SIGINT/SIGTERM, work so far committed (128+SIGINT)
inline constexpr int kInternal = 70;     // a bug: unexpected exception (EX_SOFTWARE)

}  // namespace dossier::exit_code
