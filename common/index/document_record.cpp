// SPDX-License-Identifier: MIT
#include "index/document_record.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

#include "index/file_state.h"
#include "index/schema.h"

namespace dossier {

namespace {

constexpr std::size_t kRunDigits = 10;

std::optional<std::uint64_t> parse_run(std::string_view text) {
    std::uint64_t run = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), run);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return run;
}

std::string utc_time(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// "RUN TIME" (the encoded stamp's layout) -> the stamp; nullopt otherwise.
std::optional<RunStamp> parse_stamp(std::string_view encoded) {
    const std::size_t space = encoded.find(' ');
    const auto run = parse_run(encoded.substr(0, space));
    if (!run) return std::nullopt;
    RunStamp stamp{*run, ""};
    if (space != std::string_view::npos && encoded.substr(space + 1) != "-")
        stamp.time = std::string(encoded.substr(space + 1));
    return stamp;
}

}  // namespace

std::string encode_run_stamp(const RunStamp& stamp) {
    return fmt::format("{:0{}} {}", stamp.run, kRunDigits, stamp.time.empty() ? "-" : stamp.time);
}

RunStamp decode_run_stamp(std::string_view encoded) { return parse_stamp(encoded).value_or(RunStamp{}); }

std::string run_range_start(std::uint64_t run) { return fmt::format("{:0{}}", run, kRunDigits); }

// ' ' (after the digits) sorts before '~', so every time of `run` is below.
std::string run_range_end(std::uint64_t run) { return run_range_start(run) + "~"; }

std::vector<RunStamp> run_history(const Xapian::Database& database) {
    const std::string encoded = database.get_metadata(std::string(schema::kRunsKey));
    std::vector<RunStamp> history;
    std::size_t begin = 0;
    while (begin < encoded.size()) {
        std::size_t end = encoded.find('\n', begin);
        if (end == std::string::npos) end = encoded.size();
        if (const auto stamp = parse_stamp(std::string_view(encoded).substr(begin, end - begin)))
            history.push_back(*stamp);
        begin = end + 1;
    }
    return history;
}

RunStamp latest_run(const Xapian::Database& database) {
    const std::vector<RunStamp> history = run_history(database);
    return history.empty() ? RunStamp{} : history.back();
}

RunStamp next_run(const std::vector<RunStamp>& history, std::chrono::system_clock::time_point now) {
    RunStamp run{history.empty() ? 1 : history.back().run + 1, utc_time(now)};
    // The same layout throughout, so the strings compare as the times do.
    if (!history.empty() && history.back().time > run.time) run.time = history.back().time;
    return run;
}

std::string encode_run_history(const std::vector<RunStamp>& history, const RunStamp& run) {
    std::string encoded;
    for (const RunStamp& earlier : history) encoded += fmt::format("{} {}\n", earlier.run, earlier.time);
    encoded += fmt::format("{} {}\n", run.run, run.time);
    return encoded;
}

std::unordered_map<std::string, PreviousRecord> load_previous_records(const Xapian::Database& database) {
    std::unordered_map<Xapian::docid, std::string> added, changed;
    for (const auto& [slot, into] : {std::pair{schema::kAddedSlot, &added}, std::pair{schema::kChangedSlot, &changed}})
        for (auto value = database.valuestream_begin(slot); value != database.valuestream_end(slot); ++value)
            (*into)[value.get_docid()] = *value;
    std::unordered_map<std::string, PreviousRecord> records;
    for (auto value = database.valuestream_begin(schema::kFileStateSlot);
         value != database.valuestream_end(schema::kFileStateSlot); ++value) {
        const auto state = decode_file_state(*value);
        if (!state) continue;
        PreviousRecord& record = records[state->path];
        record.content = state->hash;
        if (const auto found = added.find(value.get_docid()); found != added.end()) record.added = found->second;
        if (const auto found = changed.find(value.get_docid()); found != changed.end())
            record.changed = found->second;
    }
    return records;
}

void RecordKeeper::stamp(Xapian::Document& document, const std::string& key, const std::string& content) const {
    const auto found = previous_.find(key);
    if (found == previous_.end()) return stamp_document(document, run_, nullptr, false);
    // A file state without a hash (never written so) counts as changed.
    stamp_document(document, run_, &found->second, !content.empty() && found->second.content == content);
}

void stamp_document(Xapian::Document& document, const RunStamp& run, const PreviousRecord* previous,
                    bool same_content) {
    const std::string now = encode_run_stamp(run);
    if (previous == nullptr) {
        document.add_value(schema::kAddedSlot, now);
        document.add_value(schema::kChangedSlot, now);
        return;
    }
    // Run 0 written out: a re-analysed document from before records then
    // reads the same as one never rewritten.
    const std::string before_records = encode_run_stamp(RunStamp{});
    document.add_value(schema::kAddedSlot, previous->added.empty() ? before_records : previous->added);
    if (same_content)
        document.add_value(schema::kChangedSlot, previous->changed.empty() ? before_records : previous->changed);
    else
        document.add_value(schema::kChangedSlot, now);
}

RunRecorder::RunRecorder(Xapian::WritableDatabase& database)
    : database_(database),
      history_(run_history(database)),
      run_(next_run(history_, std::chrono::system_clock::now())) {}

void RunRecorder::stamp(Xapian::Document& document, Xapian::docid previous) {
    if (!recorded_) {
        database_.set_metadata(std::string(schema::kRunsKey), encode_run_history(history_, run_));
        recorded_ = true;
    }
    if (previous == 0) return stamp_document(document, run_, nullptr, false);
    const Xapian::Document old = database_.get_document(previous);
    const PreviousRecord record{old.get_value(schema::kAddedSlot), old.get_value(schema::kChangedSlot), ""};
    stamp_document(document, run_, &record, old.get_data() == document.get_data());
}

}  // namespace dossier
