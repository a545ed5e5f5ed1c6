// SPDX-License-Identifier: MIT
#include "api.h"

#include <chrono>
#include <cmath>
#include <functional>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "index/database.h"
#include "index/saved_searches.h"
#include "search/alerts.h"
#include "search/document_key.h"
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

constexpr const char* kKeyHint = "use the \"key\" of a search hit";
constexpr const char* kSavedHint =
    "saved searches are made with dossier-search --db DIR --save NAME QUERY; GET /api/saved lists them";

// Runs `answer`, turning dossier's exceptions into their statuses.
// `not_found_hint`: given, a UsageError means what was asked for is not
// there (404), with this hint.
ApiResponse answered(const std::function<ApiResponse()>& answer, const char* not_found_hint = nullptr) {
    try {
        return answer();
    } catch (const QueryError& e) {
        return error_response(400, e.what(), "check the query syntax (man dossier-search, QUERY SYNTAX)");
    } catch (const UsageError& e) {
        if (not_found_hint) return error_response(404, e.what(), not_found_hint);
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

// dossier-search's facets, with whether each one's counts are exact.
ordered_json api_facets_json(const std::vector<FacetCounts>& facets) {
    ordered_json json = facets_json(facets);
    for (const FacetCounts& counts : facets) json[counts.facet]["exact"] = counts.exact;
    return json;
}

// /api/search's and /api/like's answer: dossier-search's JSON, "exact" in
// each facet, and "took_ms" since `start`.
ApiResponse search_response(const SearchResult& result, const SearchRequest& request,
                            std::chrono::steady_clock::time_point start) {
    ordered_json json = result_json(result, request);
    if (!result.facets.empty()) json["facets"] = api_facets_json(result.facets);
    json["took_ms"] = milliseconds_since(start);
    return json_response(json);
}

}  // namespace

ApiResponse error_response(int status, const std::string& message, const std::string& hint) {
    return {status, dump_json({{"error", message}, {"hint", hint}}) + "\n"};
}

ApiResponse ApiWorker::search(const QueryParameters& parameters) {
    return answered([&] {
        const auto start = std::chrono::steady_clock::now();
        const SearchRequest request = with_remote(search_request(parameters, databases_));
        session_.refresh();
        return search_response(session_.run(request), request, start);
    });
}

ApiResponse ApiWorker::facets(const QueryParameters& parameters) {
    return answered([&] {
        const SearchRequest request = with_remote(facets_request(parameters, databases_));
        session_.refresh();
        const SearchResult result = session_.run(request);
        ordered_json json = {{"version", kJsonFormatVersion},
                             {"total", result.estimated_total},
                             {"total_exact", result.total_exact},
                             {"facets", api_facets_json(result.facets)}};
        return json_response(json);
    });
}

ApiResponse ApiWorker::document(const QueryParameters& parameters) {
    DocumentRequest document;
    if (ApiResponse bad = answered([&] {
            document = document_request(parameters, databases_, true);
            document.request = with_remote(std::move(document.request));
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
            kKeyHint);
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
            document.request = with_remote(std::move(document.request));
            return ApiResponse{};
        });
        bad.status != 200)
        return bad;
    return answered([&] { return json_response(explanation_json(explain_document(document.request, document.key))); },
                    kKeyHint);
}

ApiResponse ApiWorker::like(const QueryParameters& parameters) {
    return answered([&] {
        const auto start = std::chrono::steady_clock::now();
        const SearchRequest request = with_remote(like_request(parameters, databases_));
        session_.refresh();
        SearchResult result;
        try {
            result = session_.run(request);
        } catch (const UsageError& e) {
            // The one the key causes is dossier-search's message word for word.
            if (e.what() == no_such_document("--like", request.like)) return error_response(404, e.what(), kKeyHint);
            throw;
        }
        return search_response(result, request, start);
    });
}

const std::string& ApiWorker::saved_search_database() const {
    if (databases_.size() != 1)
        throw UsageError("saved searches are kept with one database folder, and this server serves " +
                         std::to_string(databases_.size()) + " databases");
    // Its errors before anything else is opened: a stub file of remote
    // shards has nowhere to keep them (404), a missing folder is 503.
    read_saved_searches(databases_.front());
    return databases_.front();
}

ApiResponse ApiWorker::saved(const QueryParameters& parameters) {
    if (ApiResponse bad = answered([&] {
            check_no_parameters(parameters);
            return ApiResponse{};
        });
        bad.status != 200)
        return bad;
    return answered(
        [&] {
            ordered_json list = ordered_json::array();
            for (const SavedSearch& search : read_saved_searches(saved_search_database()))
                list.push_back(saved_search_json(search));
            return json_response({{"version", kJsonFormatVersion}, {"saved", list}});
        },
        kSavedHint);
}

ApiResponse ApiWorker::alerts(const QueryParameters& parameters) {
    AlertsRequest request;
    if (ApiResponse bad = answered([&] {
            request = alerts_request(parameters, databases_);
            request.base = with_remote(std::move(request.base));
            return ApiResponse{};
        });
        bad.status != 200)
        return bad;
    return answered(
        [&] {
            const std::string& database = saved_search_database();
            session_.refresh();
            const Alerts found = find_alerts(database, request.base, session_, request.name);
            ordered_json json = alerts_json(found, request.base.changed_too);
            for (std::size_t i = 0; i < found.alerts.size(); ++i)
                if (!found.alerts[i].problem.empty()) json["alerts"][i]["error"] = found.alerts[i].problem;
            return json_response(json);
        },
        kSavedHint);
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
