// SPDX-License-Identifier: MIT
// Fuzz target: an HTTP query string as dossier-serve receives it ->
// the SearchRequest of /api/search, /api/facets and /api/doc
// (server/api_request.h), with check_request's checks. No database: the
// mapping is pure.
//
// The input is split at '&' into parameters and each at its first '=' into
// name and value, as httplib hands them over after percent-decoding (so any
// byte may appear in either). UsageError and QueryError are the expected
// outcomes of a bad parameter (the server's 400). Any other exception, a
// crash or a sanitizer report is a finding; so is a request accepted with a
// limit or offset past the caps.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api_request.h"
#include "base/error.h"

namespace {

dossier::server::QueryParameters parameters_of(std::string_view input) {
    dossier::server::QueryParameters parameters;
    std::size_t start = 0;
    while (start <= input.size()) {
        const std::size_t end = std::min(input.find('&', start), input.size());
        const std::string_view pair = input.substr(start, end - start);
        const std::size_t equals = pair.find('=');
        if (equals == std::string_view::npos)
            parameters.emplace(std::string(pair), std::string());
        else
            parameters.emplace(std::string(pair.substr(0, equals)), std::string(pair.substr(equals + 1)));
        start = end + 1;
    }
    return parameters;
}

template <typename Map>
void expect_only_usage_errors(Map&& map) {
    try {
        map();
    } catch (const dossier::UsageError&) {
    } catch (const dossier::QueryError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const dossier::server::QueryParameters parameters =
        parameters_of(std::string_view(reinterpret_cast<const char*>(data), size));
    const std::vector<std::string> databases = {"/nonexistent/dossier-fuzz-db"};
    expect_only_usage_errors([&] {
        const dossier::SearchRequest request = dossier::server::search_request(parameters, databases);
        if (request.limit > dossier::kMaxLimit || request.offset > dossier::server::kMaxOffset) std::abort();
    });
    expect_only_usage_errors([&] { dossier::server::facets_request(parameters, databases); });
    expect_only_usage_errors([&] { dossier::server::document_request(parameters, databases, true); });
    expect_only_usage_errors([&] {
        const dossier::SearchRequest request = dossier::server::like_request(parameters, databases);
        if (request.like.empty() || request.limit > dossier::kMaxLimit) std::abort();
    });
    expect_only_usage_errors([&] { dossier::server::alerts_request(parameters, databases); });
    return 0;
}
