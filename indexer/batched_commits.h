// SPDX-License-Identifier: MIT
// Committing a run's writes in batches, shared by the folder run and
// --jsonl ingestion.
#pragma once

#include <cstddef>
#include <string>

#include <fmt/format.h>
#include <xapian.h>

#include "base/error.h"

namespace dossier::indexer {

// Committing in batches bounds memory (Xapian buffers changes until a
// commit) and makes progress durable: a killed run keeps what it committed
// and the next run redoes only the rest.
inline constexpr unsigned kCommitEveryDocuments = 1000;
inline constexpr std::size_t kCommitEveryTextBytes = 64u << 20;

class BatchedCommits {
public:
    // `unit` names what is counted in messages ("changes", "records");
    // `how_to_finish` ends the message of a failed write.
    BatchedCommits(std::string database_name, std::string unit, std::string how_to_finish)
        : database_name_(std::move(database_name)), unit_(std::move(unit)), how_to_finish_(std::move(how_to_finish)) {}

    void attach(Xapian::WritableDatabase& database) { database_ = &database; }

    // One more change of `text_bytes` of text; commits when a batch is full.
    void count(std::size_t text_bytes) {
        ++pending_documents_;
        pending_bytes_ += text_bytes;
        if (pending_documents_ >= kCommitEveryDocuments || pending_bytes_ >= kCommitEveryTextBytes) commit();
    }

    void commit() {
        try {
            database_->commit();
        } catch (const Xapian::Error& e) {
            throw DatabaseError(failure("cannot commit to", e));
        }
        committed_ += pending_documents_;
        pending_documents_ = 0;
        pending_bytes_ = 0;
    }

    // The message for a write that failed: what was kept and what to do.
    std::string failure(const std::string& what, const Xapian::Error& e) const {
        return fmt::format("{} database '{}': {}; the database keeps what was committed ({} {} of this run); "
                           "fix the cause (disk space?) and {}",
                           what, database_name_, e.get_description(), committed_, unit_, how_to_finish_);
    }

private:
    std::string database_name_;
    std::string unit_;
    std::string how_to_finish_;
    Xapian::WritableDatabase* database_ = nullptr;
    unsigned pending_documents_ = 0;
    std::size_t pending_bytes_ = 0;
    std::size_t committed_ = 0;
};

}  // namespace dossier::indexer
