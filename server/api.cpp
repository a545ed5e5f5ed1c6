// SPDX-License-Identifier: MIT
#include "api.h"

#include <chrono>
#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "index/database.h"
#include "search/document_matches.h"
#include "search/result_json.h"
#include "search/show.h"

namespace dossier::server {

namespace {

using nlohmann::ordered_json;

constexpr const char* kParameterHint =
    "fix the parameter the message names; the parameters are those of dossier-search's options (man dossier-serve)";
constexpr const char* kDatabaseHint =
    "the server keeps running and tries the database again on the next request; check it with dossier-search";

ApiResponse json_response(const ordered_json& json) { return {200, dump_json(json) + "\n"}; }

// Runs `answer`, turning dossier's exceptions into their statuses.
// `no_such_document`: a UsageError means the key named nothing (404).
ApiResponse answered(const std::function<ApiResponse()>& answer, bool no_such_document = false) {
    try {
        return answer();
    } catch (const QueryError& e) {
        return error_response(400, e.what(), "check the query syntax (man dossier-search, QUERY SYNTAX)");
    } catch (const UsageError& e) {
        if (no_such_document) return error_response(404, e.what(), "use the \"key\" of a search hit");
        return error_response(400, e.what(), kParameterHint);
    } catch (const DatabaseError& e) {
        return error_response(503, e.what(), kDatabaseHint);
    } catch (const Xapian::Error& e) {
        return error_response(503, "cannot read the database: " + e.get_msg(), kDatabaseHint);
    }
}

double milliseconds_since(std::chrono::steady_clock::time_point start) {
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    return std::round(took.count() * 100) / 100;
}

}  // namespace

ApiResponse error_response(int status, const std::string& message, const std::string& hint) {
    return {status, dump_json({{"error", message}, {"hint", hint}}) + "\n"};
}

ApiResponse ApiWorker::search(const QueryParameters& parameters) {
    return answered([&] {
        const auto start = std::chrono::steady_clock::now();
        const SearchRequest request = search_request(parameters, databases_);
        session_.refresh();
        const SearchResult result = session_.run(request);
        ordered_json json = result_json(result, request);
        for (const FacetCounts& counts : result.facets) json["facets"][counts.facet]["exact"] = counts.exact;
        json["took_ms"] = milliseconds_since(start);
        return json_response(json);
    });
}

ApiResponse ApiWorker::facets(const QueryParameters& parameters) {
    return answered([&] {
        const SearchRequest request = facets_request(parameters, databases_);
        session_.refresh();
        const SearchResult result = session_.run(request);
        ordered_json json = {{"version", kJsonFormatVersion},
                             {"total", result.estimated_total},
                             {"total_exact", result.total_exact},
                             {"facets", facets_json(result.facets)}};
        for (const FacetCounts& counts : result.facets) json["facets"][counts.facet]["exact"] = counts.exact;
        return json_response(json);
    });
}

ApiResponse ApiWorker::document(const QueryParameters& parameters) {
    DocumentRequest document;
    if (ApiResponse bad = answered([&] {
            document = document_request(parameters, databases_, true);
            return ApiResponse{};
        });
        bad.status != 200)
        return bad;
    Explanation shown;
    if (ApiResponse missing = answered(
            [&] {
                shown = show_document(document.request, document.key);
                return ApiResponse{};
            },
            true);
        missing.status != 200)
        return missing;
    return answered([&] {
        ordered_json json = document_json(shown);
        if (!document.request.query.empty()) {
            ordered_json highlights = ordered_json::array();
            for (const auto& [begin, end] :
                 utf16_spans(shown.document.text, query_matches_in_text(document.request, shown)))
                highlights.push_back({begin, end});
            json["highlights"] = highlights;
        }
        return json_response(json);
    });
}

ApiResponse ApiWorker::explain(const QueryParameters& parameters) {
    DocumentRequest document;
    if (ApiResponse bad = answered([&] {
            document = document_request(parameters, databases_, false);
            return ApiResponse{};
        });
        bad.status != 200)
        return bad;
    return answered([&] { return json_response(explanation_json(explain_document(document.request, document.key))); },
                    true);
}

ApiResponse ApiWorker::health() {
    return answered([&] {
        open_for_reading(databases_);
        return ApiResponse{200, "ok\n", "text/plain; charset=utf-8"};
    });
}

std::vector<std::pair<std::size_t, std::size_t>> utf16_spans(std::string_view text,
                                                             const std::vector<std::pair<std::size_t, std::size_t>>& spans) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    out.reserve(spans.size());
    std::size_t byte = 0, units = 0;
    // Units up to byte offset `to` (not before the last one asked).
    const auto units_at = [&](std::size_t to) {
        to = std::min(to, text.size());
        while (byte < to) {
            const auto lead = static_cast<unsigned char>(text[byte]);
            const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
            units += length == 4 ? 2 : 1;  // invalid bytes count as one (JSON output replaces them with U+FFFD)
            byte += lead >= 0x80 && lead < 0xC0 ? 1 : length;
        }
        return units;
    };
    for (const auto& [begin, end] : spans) {
        const std::size_t b = units_at(begin);
        out.emplace_back(b, units_at(end));
    }
    return out;
}

}  // namespace dossier::server
