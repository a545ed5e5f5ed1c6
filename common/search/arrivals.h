// SPDX-License-Identifier: MIT
// Filtering by when documents arrived: --new-since REV|DATE|last and the
// query field added:FROM..TO, on the run stamps of kAddedSlot and
// kChangedSlot (index/document_record.h). A date is turned into the runs
// that started on or after it (the database's run history), so both read
// the same sortable run numbers.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace dossier {

// Throws UsageError unless `since` is a run number, a date (2026, 2026-12,
// 2026-12-05) or "last".
void check_new_since(std::string_view since);

// The documents of `database` added by run `since` or a later one (a run
// number), by the runs that started on or after the date `since`, or by
// the latest run ("last"); with `changed`, those added or changed so.
Xapian::Query arrivals_since(const Xapian::Database& database, std::string_view since, bool changed);

// Throws QueryError unless the value of `shown` (added:FROM..TO) is a
// range of run numbers or dates with at least one end.
void check_arrival_range(const std::string& shown, std::string_view value);

// "added:FROM..TO" in the query language: runs or dates, either end open.
class AddedRangeProcessor : public Xapian::RangeProcessor {
public:
    explicit AddedRangeProcessor(const Xapian::Database& database);
    Xapian::Query operator()(const std::string& begin, const std::string& end) override;

private:
    Xapian::Database database_;
};

}  // namespace dossier
