// SPDX-License-Identifier: MIT
#include "jsonl_ingest.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batched_commits.h"
#include "entities/country_names.h"
#include "index/copy_clusters.h"
#include "index/database.h"
#include "index/document_record.h"
#include "text/dates.h"
#include "entities/entities.h"
#include "base/error.h"
#include "text/language.h"
#include "reporter.h"
#include "index/schema.h"
#include "index/spelling_data.h"

namespace dossier::indexer {

namespace {

using Json = nlohmann::json;

constexpr std::size_t kLineSlackBytes = 1u << 20;

[[noreturn]] void bad_line(const std::string& reason) {
    throw DocumentError(DocumentError::Kind::failed, reason);
}

// nlohmann's message without its "[json.exception.parse_error.101] " tag
// and line number.
std::string parse_error_message(const Json::exception& e) {
    std::string message = e.what();
    if (const std::size_t tag_end = message.find("] "); message.rfind("[json.exception", 0) == 0 &&
                                                          tag_end != std::string::npos)
        message.erase(0, tag_end + 2);
    // Every record is on line 1 of what is parsed; the column is what helps.
    constexpr std::string_view kLineOne = "parse error at line 1, column ";
    if (message.rfind(kLineOne, 0) == 0) message.replace(0, kLineOne.size(), "at column ");
    return message;
}

// What the system said in a stream error ("...: Is a directory"): the
// part after the library's own words.
std::string system_reason(std::string_view what) {
    const std::size_t colon = what.rfind(": ");
    return std::string(colon == std::string_view::npos ? what : what.substr(colon + 2));
}

// The value of an optional string field; nullopt when absent or null.
std::optional<std::string> optional_string(const Json& record, const char* field) {
    const auto it = record.find(field);
    if (it == record.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) bad_line(fmt::format("\"{}\" must be a string", field));
    return it->get<std::string>();
}

// A year may come as a number (2021); any other date as a string.
std::optional<std::string> record_date(const Json& record) {
    const auto it = record.find("date");
    if (it != record.end() && it->is_number_integer()) return it->dump();
    return optional_string(record, "date");
}

std::string record_id(const Json& record) {
    const auto it = record.find("id");
    if (it == record.end() || it->is_null()) bad_line("no \"id\" field");
    if (it->is_number_integer()) return it->dump();
    if (!it->is_string()) bad_line("\"id\" must be a string or an integer");
    std::string id = it->get<std::string>();
    if (id.empty()) bad_line("\"id\" is empty");
    return id;
}

std::string record_text(const Json& record, const ReadLimits& limits) {
    const auto it = record.find("text");
    if (it == record.end() || it->is_null()) bad_line("no \"text\" field");
    if (!it->is_string()) bad_line("\"text\" must be a string");
    std::string text = it->get<std::string>();
    if (text.size() > limits.max_text_bytes)
        bad_line(fmt::format("\"text\" is larger than --max-text-size ({} bytes)", limits.max_text_bytes));
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) bad_line("\"text\" is empty");
    return text;
}

std::pair<std::string, std::string> resolve_country(const std::string& value) {
    const CountryNames& names = CountryNames::builtin();
    if (const auto code = names.country_code(value)) return {*code, value};
    std::string reason = "\"country\" '" + value + "' is not a known country";
    const std::vector<std::string> nearest = names.nearest_country_names(value, 3);
    for (std::size_t i = 0; i < nearest.size(); ++i)
        reason += (i == 0 ? "; nearest known names: " : ", ") + nearest[i];
    bad_line(reason);
}

std::vector<std::pair<std::string, std::string>> record_countries(const Json& record) {
    const auto it = record.find("country");
    if (it == record.end() || it->is_null()) return {};
    std::vector<std::pair<std::string, std::string>> countries;
    if (it->is_string()) {
        countries.push_back(resolve_country(it->get<std::string>()));
        return countries;
    }
    if (!it->is_array()) bad_line("\"country\" must be a string or an array of strings");
    for (const Json& value : *it) {
        if (!value.is_string()) bad_line("\"country\" must be a string or an array of strings");
        countries.push_back(resolve_country(value.get<std::string>()));
    }
    return countries;
}

// Writes records into the database, in batches, and counts them.
class JsonlIngest {
public:
    JsonlIngest(const RunSettings& settings, const RunContext& context, Xapian::WritableDatabase& database,
                const EntityCatalog& catalog)
        : settings_(settings),
          context_(context),
          database_(database),
          reporter_(context.err, settings.verbosity, context.err_is_terminal),
          catalog_(catalog) {
        commits_.attach(database);
    }

    void run(JsonlLines& lines, const std::string& label) {
        JsonlLines::Line line;
        for (;;) {
            if (context_.stop && context_.stop->load()) {
                summary_.interrupted = true;
                break;
            }
            if (!lines.next(line)) break;
            const std::string where = fmt::format("{}:{}", label, line.number);
            if (line.too_long) {
                bad(where, too_long_line_message(settings_.limits));
                continue;
            }
            ingest_line(where, line.text);
            reporter_.progress_records(summary_.added + summary_.updated);
        }
        reporter_.clear_progress();
        // A signal during a read of standard input ends it like end of file.
        if (context_.stop && context_.stop->load()) summary_.interrupted = true;
        if (const std::string error = lines.read_error(); !error.empty()) {
            reporter_.failed(label, error + "; the records before it are committed");
            ++summary_.failed;
        }
        spelling_.finish();
        commits_.commit();
        summary_.revision = database_.get_revision();
    }

    IndexSummary& summary() { return summary_; }

private:
    void ingest_line(const std::string& where, const std::string& line) {
        try {
            AnalyzedRecord record = analyze_jsonl_line(line, settings_.limits, settings_.lang, catalog_);
            BuiltDocument& built = record.built;
            for (const std::string& warning : built.warnings) reporter_.warning(where, warning);
            summary_.warnings += static_cast<unsigned>(built.warnings.size());
            const bool existed = database_.term_exists(built.id_term);
            join_copy_cluster(database_, built.document, existed ? *database_.postlist_begin(built.id_term) : 0);
            run_.stamp(built.document, existed ? *database_.postlist_begin(built.id_term) : 0);
            spelling_.replace(built.id_term, built.document);
            reporter_.clear_progress();
            reporter_.changed(existed ? "updated" : "added", record.path, built.lang);
            ++(existed ? summary_.updated : summary_.added);
            commits_.count(record.text_bytes);
        } catch (const DocumentError& e) {
            bad(where, e.what());
        } catch (const Xapian::Error& e) {
            throw DatabaseError(commits_.failure("cannot write the record of " + where + " to", e));
        }
    }

    void bad(const std::string& where, const std::string& reason) {
        reporter_.clear_progress();
        reporter_.failed(where, "skipped: " + reason);
        ++summary_.failed;
    }

    const RunSettings& settings_;
    const RunContext& context_;
    Xapian::WritableDatabase& database_;
    SpellingKeeper spelling_{database_};
    RunRecorder run_{database_};
    Reporter reporter_;
    const EntityCatalog& catalog_;
    IndexSummary summary_;
    BatchedCommits commits_{settings_.database, "records", "run again (records already ingested are replaced)"};
};

}  // namespace

JsonlInput::JsonlInput(const std::string& name, std::istream* standard_input) {
    if (name == "-") {
        if (!standard_input) throw UsageError("--jsonl -: no standard input to read");
        in_ = standard_input;
        label_ = "stdin";
        return;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(name, ec))
        throw UsageError("--jsonl: '" + name + "' is a folder; name a JSONL file (folders are PATH arguments)");
    file_.open(name, std::ios::binary);
    if (!file_) throw UsageError("--jsonl: cannot open '" + name + "': " + std::strerror(errno));
    in_ = &file_;
    label_ = name;
}

std::string jsonl_path(std::string_view id) { return std::string(kJsonlPathPrefix) + std::string(id); }

JsonlRecord parse_jsonl_record(std::string_view line, const ReadLimits& limits) {
    Json record;
    try {
        record = Json::parse(line);
    } catch (const Json::exception& e) {
        // parse_error, and out_of_range for a number no double holds (1e400).
        bad_line("not valid JSON: " + parse_error_message(e));
    }
    if (!record.is_object()) bad_line("not a JSON object (each line must be one {...} record)");

    JsonlRecord result;
    SourceDocument& source = result.source;
    source.path = jsonl_path(record_id(record));
    source.format = std::string(kFormatText);
    source.text = record_text(record, limits);
    if (auto title = optional_string(record, "title"); title && !title->empty()) {
        source.title = std::move(*title);
        source.title_from_metadata = true;
    }
    if (const auto date = record_date(record)) {
        const auto parsed = parse_metadata_date(*date);
        if (!parsed) bad_line("\"date\" '" + *date + "' is not a date like 2023-04-13");
        source.date = *parsed;
        source.date_source = std::string(schema::kDateFromMetadata);
    }
    if (const auto lang = optional_string(record, "lang")) {
        try {
            source.lang = canonical_language_code(*lang);
        } catch (const UsageError&) {
            bad_line("\"lang\" '" + *lang + "' is not a known language");
        }
    }
    source.url = optional_string(record, "url").value_or("");
    source.source = optional_string(record, "source").value_or("");
    result.countries = record_countries(record);
    complete_from_text(source, "", std::string_view());  // a record's id is no file name
    return result;
}

namespace {

// add_record_countries on the data build_document is about to store.
void declare_record_countries(BuiltDocument& built, schema::StoredDocument& stored, const JsonlRecord& record) {
    if (record.countries.empty()) return;
    auto& countries = stored.evidence[std::string(facet_name(Facet::country))];
    for (const auto& [code, written] : record.countries) {
        std::vector<std::string>& words = countries[code];
        if (words.size() < kEvidenceWords && std::find(words.begin(), words.end(), written) == words.end())
            words.push_back(written);
        built.document.add_boolean_term(schema::prefixed_term(schema::kCountryPrefix, code));
        // Declared by the record: direct, no longer inferred from an actor.
        if (auto inferred = stored.inferred.find(std::string(facet_name(Facet::country)));
            inferred != stored.inferred.end() && inferred->second.erase(code) > 0) {
            built.document.remove_term(schema::prefixed_term(schema::kInferredCountryPrefix, code));
            if (inferred->second.empty()) stored.inferred.erase(inferred);
            add_inferred_countries(built.document, stored.inferred);
        }
    }
    std::vector<std::string> codes;
    for (const auto& [code, words] : countries) codes.push_back(code);  // sorted: the map is ordered
    built.document.add_value(schema::kCountrySlot, schema::encode_facet_values(codes));
}

}  // namespace

void add_record_countries(BuiltDocument& built, const JsonlRecord& record) {
    if (record.countries.empty()) return;
    schema::StoredDocument stored = schema::decode_document_data(built.document.get_data());
    declare_record_countries(built, stored, record);
    built.document.set_data(schema::encode_document_data(stored));
}

std::size_t max_jsonl_line_bytes(const ReadLimits& limits) {
    return limits.max_text_bytes + kLineSlackBytes;
}

LineRead read_jsonl_line(std::istream& in, std::string& line, std::size_t max_bytes) {
    line.clear();
    std::streambuf* buffer = in.rdbuf();
    bool too_long = false;
    bool any = false;
    for (;;) {
        const int c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            in.setstate(std::ios::eofbit);
            if (!any) return LineRead::end;
            break;
        }
        any = true;
        if (c == '\n') break;
        if (too_long) continue;
        if (line.size() >= max_bytes) {
            too_long = true;
            line.clear();
            line.shrink_to_fit();
            continue;
        }
        line.push_back(static_cast<char>(c));
    }
    if (too_long) return LineRead::too_long;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return LineRead::line;
}

AnalyzedRecord analyze_jsonl_line(std::string_view line, const ReadLimits& limits, const std::string& lang,
                                  const EntityCatalog& catalog) {
    JsonlRecord record = parse_jsonl_record(line, limits);
    // The countries go into the data before it is encoded, not decoded and
    // encoded again after (a tenth of a short record's own analysis).
    AnalyzedRecord analyzed{build_document(record.source, lang, catalog,
                                           [&record](BuiltDocument& built, schema::StoredDocument& stored) {
                                               declare_record_countries(built, stored, record);
                                           }),
                            record.source.path, record.source.text.size()};
    return analyzed;
}

std::string too_long_line_message(const ReadLimits& limits) {
    return fmt::format("line longer than {} bytes (--max-text-size plus 1 MiB); not read",
                       max_jsonl_line_bytes(limits));
}

bool JsonlLines::read(Line& line) {
    for (;;) {
        if (ended_) return false;
        LineRead read = LineRead::end;
        try {
            read = read_jsonl_line(input_.stream(), line.text, max_bytes_);
        } catch (const std::ios_base::failure& e) {
            // libstdc++ throws from underflow (a folder, an I/O error).
            read_error_ = system_reason(e.what());
            read = LineRead::end;
        }
        if (read == LineRead::end) {
            ended_ = true;
            return false;
        }
        line.number = ++last_number_;
        line.too_long = read == LineRead::too_long;
        if (line.too_long) return true;
        if (line.number == 1 && line.text.rfind("\xEF\xBB\xBF", 0) == 0) line.text.erase(0, 3);  // BOM
        if (line.text.find_first_not_of(" \t") != std::string::npos && input_.keeps(line.text)) return true;
    }
}

bool JsonlLines::next(Line& line) {
    if (ahead_.empty()) return read(line);
    line = std::move(ahead_.front());
    ahead_.pop_front();
    ahead_bytes_ -= line.text.size() + 1;
    return true;
}

bool JsonlLines::has_more_than(std::size_t count, std::size_t bytes) {
    while (ahead_.size() <= count || ahead_bytes_ <= bytes) {
        Line line;
        if (!read(line)) return false;
        ahead_bytes_ += line.text.size() + 1;
        ahead_.push_back(std::move(line));
    }
    return true;
}

std::string JsonlLines::read_error() const {
    if (!input_.failed() && read_error_.empty()) return {};
    return "cannot read it" + (read_error_.empty() ? "" : ": " + read_error_);
}

bool same_record_content(std::string_view data, std::string_view other) {
    try {
        const schema::StoredDocument a = schema::decode_document_data(data);
        const schema::StoredDocument b = schema::decode_document_data(other);
        return a.path == b.path && a.title == b.title && a.date == b.date && a.url == b.url && a.source == b.source &&
               a.text == b.text;
    } catch (const DatabaseError&) {
        return false;  // written by another schema: taken as changed
    }
}

IndexSummary ingest_jsonl_in_place(const RunSettings& settings, JsonlLines& lines, const std::string& label,
                                   const EntityCatalog& catalog, Xapian::WritableDatabase& database,
                                   const RunContext& context) {
    JsonlIngest ingest(settings, context, database, catalog);
    ingest.run(lines, label);
    return ingest.summary();
}

}  // namespace dossier::indexer
