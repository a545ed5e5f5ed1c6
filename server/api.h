// SPDX-License-Identifier: MIT
// The endpoints of dossier-serve's API, apart from HTTP: each takes the
// query parameters and answers a status and a JSON body. Errors are
// {"error": "...", "hint": "..."} with the status their kind stands for:
// 400 a bad parameter or query (dossier-search's message), 404 no such
// document, 503 a database that cannot be read (dossier-search's message;
// the next request tries again), 404 also for saved searches where they
// cannot be kept (several databases, remote shards).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api_request.h"
#include "search/search.h"
#include "search/value_columns.h"

namespace dossier::server {

struct ApiResponse {
    int status = 200;
    std::string body;  // JSON, or "ok\n" for /healthz
    std::string content_type = "application/json";
};

// {"error": message, "hint": hint} with `status`.
ApiResponse error_response(int status, const std::string& message, const std::string& hint);

// What one worker thread keeps between requests: its own handle on the
// databases (a Xapian handle serves one thread at a time), moved to the
// latest revision before each request.
class ApiWorker {
public:
    // `columns`: the value slots in memory that every worker's facet counts
    // share (search/value_columns.h).
    // `remote`: how the remote shards of a stub file among `databases` are
    // waited for (dossier-serve --timeout, --allow-partial).
    ApiWorker(std::vector<std::string> databases, RemoteOptions remote, std::shared_ptr<ValueColumns> columns)
        : databases_(std::move(databases)), remote_(remote), session_(std::move(columns)) {}

    // /api/search: dossier-search's --format json object with "took_ms", and
    // "exact" in each facet.
    ApiResponse search(const QueryParameters& parameters);
    // /api/facets: {"version", "total", "total_exact", "facets"} over every document.
    ApiResponse facets(const QueryParameters& parameters);
    // /api/doc: dossier-search --show KEY --format json, with "highlights"
    // when q is given: [begin, end) in UTF-16 code units of "text".
    ApiResponse document(const QueryParameters& parameters);
    // /api/explain: dossier-search --explain KEY --format json.
    ApiResponse explain(const QueryParameters& parameters);
    // /api/like: dossier-search --like KEY --format json (with its query
    // and filters), plus "took_ms" and "exact" in each facet as /api/search;
    // 404 when the key names no document.
    ApiResponse like(const QueryParameters& parameters);
    // /api/saved: dossier-search --list-saved --format json.
    // /api/alerts: dossier-search --alerts --format json, recording nothing;
    // "error" in a saved search's entry that could not run. Both need the
    // server to serve one database folder: 404 otherwise, and for an
    // unknown name.
    ApiResponse saved(const QueryParameters& parameters);
    ApiResponse alerts(const QueryParameters& parameters);
    // /healthz: 200 "ok" when every database opens, else 503.
    ApiResponse health();

private:
    // The one database folder saved searches are kept in; UsageError (404)
    // when the server serves several databases or remote shards,
    // DatabaseError (503) when there is no database.
    const std::string& saved_search_database() const;

    // `request` (from search_request etc.) with the server's remote options.
    SearchRequest with_remote(SearchRequest request) const {
        request.remote = remote_;
        return request;
    }

    std::vector<std::string> databases_;
    RemoteOptions remote_;
    SearchSession session_;
};

// [begin, end) byte offsets of `text` as UTF-16 code-unit offsets (what
// JavaScript's string indices count): a code point above U+FFFF is two
// units. `spans` must be in text order.
std::vector<std::pair<std::size_t, std::size_t>> utf16_spans(std::string_view text,
                                                             const std::vector<std::pair<std::size_t, std::size_t>>& spans);

}  // namespace dossier::server
