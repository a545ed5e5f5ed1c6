// SPDX-License-Identifier: MIT
#include "search/arrivals.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/error.h"
#include "index/document_record.h"
#include "index/schema.h"
#include "text/dates.h"

namespace dossier {

namespace {

constexpr std::string_view kForms = "a run number (12), a date (2026-12 or 2026-12-05) or last";

// No document: above every stamp (they start with digits). Not
// Query::MatchNothing, which the query parser takes for "no words".
Xapian::Query no_runs(Xapian::valueno slot) { return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, "~"); }

bool is_run_number(std::string_view value) {
    return !value.empty() && value.size() <= 18 &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t run_number(std::string_view value) {
    std::uint64_t run = 0;
    std::from_chars(value.data(), value.data() + value.size(), run);
    return run;
}

// Why `value` is no run number or date; nullopt when it is one. A date
// names at least its month: a plain number is a run.
std::optional<std::string> bound_problem(std::string_view value) {
    if (is_run_number(value)) return std::nullopt;
    if (value.find('-') == std::string_view::npos)
        return "'" + std::string(value) + "' is not " + std::string(kForms);
    if (const auto problem = user_date_problem(value)) return *problem;
    return std::nullopt;
}

// The first run that started on or after the date `from`; nullopt: none.
std::optional<std::uint64_t> first_run_from(const std::vector<RunStamp>& history, std::string_view from) {
    for (const RunStamp& run : history)
        if (run.time >= from) return run.run;
    return std::nullopt;
}

// The last run that started on or before the end of the date `to`
// ("2026-12" takes in every day of December); nullopt: none.
std::optional<std::uint64_t> last_run_until(const std::vector<RunStamp>& history, std::string_view to) {
    std::optional<std::uint64_t> last;
    for (const RunStamp& run : history)
        if (std::string_view(run.time).substr(0, to.size()) <= to) last = run.run;
    return last;
}

// Documents whose `slot` stamp is from a run in [from, to] (either end may
// be empty: open); ends are checked run numbers or dates.
Xapian::Query runs_between(const Xapian::Database& database, Xapian::valueno slot, std::string_view from,
                           std::string_view to) {
    std::optional<std::string> low, high;
    const bool dated = (!from.empty() && from != "last" && !is_run_number(from)) || (!to.empty() && !is_run_number(to));
    const std::vector<RunStamp> history = dated ? run_history(database) : std::vector<RunStamp>{};
    std::string latest;
    if (from == "last") {
        const RunStamp run = latest_run(database);
        if (run.run == 0) return no_runs(slot);  // no run has recorded anything
        from = latest = std::to_string(run.run);
    }
    if (!from.empty()) {
        const auto run = is_run_number(from) ? std::optional(run_number(from)) : first_run_from(history, from);
        if (!run) return no_runs(slot);
        low = run_range_start(*run);
    }
    if (!to.empty()) {
        const auto run = is_run_number(to) ? std::optional(run_number(to)) : last_run_until(history, to);
        if (!run) return no_runs(slot);
        high = run_range_end(*run);
    }
    if (low && high) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, *low, *high);
    if (low) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, *low);
    if (high) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, *high);
    return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string());
}

}  // namespace

void check_new_since(std::string_view since) {
    if (since == "last") return;
    if (const auto problem = bound_problem(since)) throw UsageError("--new-since " + std::string(since) + ": " + *problem);
}

Xapian::Query arrivals_since(const Xapian::Database& database, std::string_view since, bool changed) {
    // A document's change stamp is never before its addition: changed
    // since R covers "added or changed since R".
    const Xapian::valueno slot = changed ? schema::kChangedSlot : schema::kAddedSlot;
    return runs_between(database, slot, since, "");
}

void check_arrival_range(const std::string& shown, std::string_view value) {
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos || (dots == 0 && value.size() == 2))
        throw QueryError(shown + ": added: takes a range of runs or dates: added:12.., added:10..12 or "
                         "added:2026-12-01..");
    const std::string_view from = value.substr(0, dots), to = value.substr(dots + 2);
    for (const std::string_view end : {from, to})
        if (const auto problem = end.empty() || (end == from && end == "last") ? std::nullopt : bound_problem(end))
            throw QueryError(shown + ": " + *problem);
}

AddedRangeProcessor::AddedRangeProcessor(const Xapian::Database& database)
    : Xapian::RangeProcessor(schema::kAddedSlot, "added:"), database_(database) {}

Xapian::Query AddedRangeProcessor::operator()(const std::string& begin, const std::string& end) {
    return runs_between(database_, schema::kAddedSlot, begin, end);
}

}  // namespace dossier
