// SPDX-License-Identifier: MIT
// Exceptions that carry a message a user can act on. Each kind maps to one
// exit code at the edge of the programs (indexer/main.cpp, searcher/main.cpp).
#pragma once

#include <stdexcept>
#include <string>

namespace dossier {

// Bad command-line usage or a bad option value (exit 2).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A query that cannot be parsed or run as given (exit 2).
class QueryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The database is missing, unreadable, corrupt or of another schema (exit 3).
class DatabaseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Another writer holds the database lock (indexer exit 75).
class DatabaseLockedError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// One input document could not be used. `skipped` distinguishes files that
// are deliberately left out (empty, binary, too large) from real failures
// (unreadable); only failures make the indexer exit 1. `gone`: the file was
// deleted after the folder was listed, an ordinary event, not a failure.
class DocumentError : public std::runtime_error {
public:
    enum class Kind { skipped, failed, gone };
    DocumentError(Kind kind, const std::string& reason)
        : std::runtime_error(reason), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

}  // namespace dossier
