// SPDX-License-Identifier: MIT
#include "batch.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/program_errors.h"
#include "entities/entity.h"
#include "json_renderer.h"
#include "renderer.h"
#include "search/search.h"

namespace dossier::searcher {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view kProgram = "dossier-search";

// A line that is no query, with the reason.
struct BadLine : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string trimmed(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t\r\n\f\v");
    if (begin == std::string::npos) return "";
    const std::size_t end = text.find_last_not_of(" \t\r\n\f\v");
    return text.substr(begin, end - begin + 1);
}

std::string string_value(const ordered_json& value, const std::string& key) {
    if (!value.is_string()) throw BadLine("\"" + key + "\" must be a string");
    return value.get<std::string>();
}

// A JSON line's keys on top of `request`; its "id" into `id`. Entity
// filters add values (as a repeated --country does), lang/since/until
// replace the command line's.
void apply_json_line(const ordered_json& line, SearchRequest& request, ordered_json& id) {
    if (!line.is_object()) throw BadLine("a line starting with '{' must be a JSON object");
    if (line.contains("id")) id = line["id"];  // kept even when another key is bad
    for (const auto& [key, value] : line.items()) {
        if (key == "id") {
            if (value.is_object() || value.is_array()) throw BadLine("\"id\" must be a string or a number");
        } else if (key == "query") {
            request.query = string_value(value, key);
        } else if (key == "lang") {
            request.lang = string_value(value, key);
        } else if (key == "since") {
            request.since = string_value(value, key);
        } else if (key == "until") {
            request.until = string_value(value, key);
        } else if (const std::optional<Facet> facet = facet_from_name(key)) {
            std::vector<std::string>& values = request.facet_filters[*facet];
            if (value.is_string()) {
                values.push_back(value.get<std::string>());
            } else if (value.is_array()) {
                for (const ordered_json& item : value) values.push_back(string_value(item, key));
            } else {
                throw BadLine("\"" + key + "\" must be a string or a list of strings");
            }
            if (values.empty()) request.facet_filters.erase(*facet);
        } else {
            throw BadLine("unknown key \"" + key +
                          "\" (known: id, query, lang, since, until, country, org, incident, actor)");
        }
    }
}

}  // namespace

int run_batch(const SearchOptions& options, std::istream& input, std::ostream& out, std::ostream& err) {
    SearchSession session;
    std::set<std::string> warned;  // each database warning once, not once a line
    bool bad_line = false;
    std::size_t number = 0;
    try {
        for (std::string text; std::getline(input, text);) {
            ++number;
            const std::string line = trimmed(text);
            if (line.empty()) continue;
            SearchRequest request = options.request;
            request.with_snippets = true;
            request.exact_total = request.limit == 0;  // a page of none is a count
            BatchLine at{number, nullptr};
            std::string object;
            try {
                if (line.front() == '{') {
                    ordered_json parsed;
                    try {
                        parsed = ordered_json::parse(line);
                    } catch (const ordered_json::exception& e) {
                        throw BadLine(std::string("bad JSON: ") + e.what());
                    }
                    apply_json_line(parsed, request, at.id);
                } else {
                    request.query = line;
                }
                const SearchResult result = session.run(request);
                for (const std::string& warning : result.warnings)
                    if (warned.insert(warning).second) report_failure(kProgram, "warning: " + warning, 0, err);
                std::ostringstream json;
                JsonRenderer renderer(json, at);
                render_result(result, request, renderer);
                object = json.str();
            } catch (const BadLine& e) {
                bad_line = true;
                object = dump_json(with_batch_line({{"error", e.what()}}, at)) + '\n';
            } catch (const UsageError& e) {
                bad_line = true;
                object = dump_json(with_batch_line({{"error", e.what()}}, at)) + '\n';
            } catch (const QueryError& e) {
                bad_line = true;
                object = dump_json(with_batch_line({{"error", e.what()}}, at)) + '\n';
            }
            out << object << std::flush;
            if (!out) break;  // checked_output reports it
        }
        if (input.bad()) throw UsageError("cannot read --queries " + options.queries + ": " + std::strerror(errno));
    } catch (...) {
        const int status = report_error(kProgram, std::current_exception(), err);
        return checked_output(kProgram, status, out, err);
    }
    return checked_output(kProgram, bad_line ? exit_code::kNoHits : exit_code::kSuccess, out, err);
}

int run_batch_file(const SearchOptions& options, std::ostream& out, std::ostream& err) {
    if (options.queries == "-") return run_batch(options, std::cin, out, err);
    std::ifstream file(options.queries);
    if (!file)
        return report_failure(kProgram, "cannot read --queries " + options.queries + ": " + std::strerror(errno),
                              exit_code::kUsage, err);
    return run_batch(options, file, out, err);
}

}  // namespace dossier::searcher
