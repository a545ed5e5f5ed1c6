// SPDX-License-Identifier: MIT
#include "api_request.h"

#include <charconv>
#include <set>
#include <string_view>

#include "base/error.h"
#include "entities/entity.h"
#include "index/saved_searches.h"
#include "search/request.h"
#include "search/sorting.h"
#include "text/language.h"

namespace dossier::server {

namespace {

// The values of `name`, in order.
std::vector<std::string> values_of(const QueryParameters& parameters, const std::string& name) {
    std::vector<std::string> values;
    const auto [first, last] = parameters.equal_range(name);
    for (auto it = first; it != last; ++it) values.push_back(it->second);
    return values;
}

// The one value of `name`; empty when it is absent. Given twice it is an
// error: which one was meant is not ours to guess.
std::string single_value(const QueryParameters& parameters, const std::string& name) {
    const std::vector<std::string> values = values_of(parameters, name);
    if (values.size() > 1) throw UsageError("parameter '" + name + "' was given " + std::to_string(values.size()) +
                                            " times; give it once");
    return values.empty() ? std::string() : values.front();
}

// Every value of `name`, comma lists split, empty pieces dropped
// ("country=CN,RU&country=US").
std::vector<std::string> list_values(const QueryParameters& parameters, const std::string& name) {
    std::vector<std::string> out;
    for (const std::string& value : values_of(parameters, name)) {
        std::size_t start = 0;
        while (start <= value.size()) {
            const std::size_t comma = std::min(value.find(',', start), value.size());
            if (comma > start) out.push_back(value.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return out;
}

// A number of results: digits only, as --limit takes them.
Xapian::doccount count_value(const QueryParameters& parameters, const std::string& name,
                             Xapian::doccount fallback, Xapian::doccount most) {
    const std::string value = single_value(parameters, name);
    if (value.empty() && parameters.find(name) == parameters.end()) return fallback;
    unsigned long long number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size())
        throw UsageError("--" + name + ": '" + value + "' is not a number of results (0 or more)");
    if (number > most)
        throw UsageError("--" + name + " " + value + " is too large; the most is " + std::to_string(most));
    return static_cast<Xapian::doccount>(number);
}

// Names other than `known` are refused: a misspelt filter ("contry=CN")
// would otherwise widen the search without a word.
void check_names(const QueryParameters& parameters, std::initializer_list<std::string_view> known) {
    for (const auto& [name, value] : parameters) {
        bool found = false;
        for (const std::string_view k : known) found = found || k == name;
        if (found) continue;
        std::string list;
        for (const std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        throw UsageError("unknown parameter '" + name + "'; this endpoint takes " + list);
    }
}

void set_display_lang(const QueryParameters& parameters, SearchRequest& request) {
    const std::string display_lang = single_value(parameters, "display_lang");
    if (display_lang.empty()) return;
    try {
        request.display_lang = display_language_tag(display_lang);
    } catch (const UsageError& e) {
        throw UsageError("--display-lang " + display_lang + ": " + e.what());
    }
}

SearchRequest base_request(const std::vector<std::string>& databases) {
    SearchRequest request;
    request.databases = databases;
    return request;
}

// The parameters /api/search and /api/like share, into `request`.
void read_search_parameters(const QueryParameters& parameters, SearchRequest& request) {
    request.query = single_value(parameters, "q");
    for (const EntityFacetName& entity : kEntityFacets)
        if (std::vector<std::string> values = list_values(parameters, std::string(entity.name)); !values.empty())
            request.facet_filters[entity.facet] = std::move(values);
    request.lang = single_value(parameters, "lang");
    request.since = single_value(parameters, "since");
    request.until = single_value(parameters, "until");
    if (const std::string sort = single_value(parameters, "sort"); !sort.empty()) {
        request.sort = sort_order_named(sort);
        if (!request.sort)
            throw UsageError("--sort: '" + sort + "' is not an order; choose relevance, newest or oldest");
    }
    request.offset = count_value(parameters, "offset", 0, kMaxOffset);
    request.limit = count_value(parameters, "limit", request.limit, kMaxLimit);
    request.facets = list_values(parameters, "facets");
    request.disjunctive_facets = true;
    set_display_lang(parameters, request);
    // A page of nothing asks for the count: make it exact, as --limit 0.
    request.exact_total = request.limit == 0;
}

// A yes-or-no parameter: absent is `fallback`.
bool flag_value(const QueryParameters& parameters, const std::string& name, bool fallback) {
    const std::string value = single_value(parameters, name);
    if (value.empty() && parameters.find(name) == parameters.end()) return fallback;
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false") return false;
    throw UsageError("parameter '" + name + "': '" + value + "' is neither true nor false (1, 0)");
}

}  // namespace

SearchRequest search_request(const QueryParameters& parameters, const std::vector<std::string>& databases) {
    check_names(parameters, {"q", "country", "incident", "actor", "org", "lang", "since", "until", "sort", "offset",
                             "limit", "facets", "display_lang"});
    SearchRequest request = base_request(databases);
    read_search_parameters(parameters, request);
    check_request(request);
    return request;
}

SearchRequest like_request(const QueryParameters& parameters, const std::vector<std::string>& databases) {
    check_names(parameters, {"key", "q", "country", "incident", "actor", "org", "lang", "since", "until", "sort",
                             "offset", "limit", "facets", "display_lang"});
    SearchRequest request = base_request(databases);
    request.like = single_value(parameters, "key");
    if (request.like.empty()) throw UsageError("parameter 'key' is missing: give the \"key\" of a search hit");
    read_search_parameters(parameters, request);
    check_request(request);
    return request;
}

AlertsRequest alerts_request(const QueryParameters& parameters, const std::vector<std::string>& databases) {
    check_names(parameters, {"name", "changed", "offset", "limit", "display_lang"});
    AlertsRequest alerts{single_value(parameters, "name"), base_request(databases)};
    if (!alerts.name.empty()) check_saved_search_name(alerts.name);
    SearchRequest& request = alerts.base;
    request.changed_too = flag_value(parameters, "changed", false);
    request.offset = count_value(parameters, "offset", 0, kMaxOffset);
    request.limit = count_value(parameters, "limit", request.limit, kMaxLimit);
    set_display_lang(parameters, request);
    return alerts;
}

void check_no_parameters(const QueryParameters& parameters) {
    if (!parameters.empty())
        throw UsageError("unknown parameter '" + parameters.begin()->first + "'; this endpoint takes none");
}

SearchRequest facets_request(const QueryParameters& parameters, const std::vector<std::string>& databases) {
    check_names(parameters, {"facets", "display_lang"});
    SearchRequest request = base_request(databases);
    request.facets = list_values(parameters, "facets");
    if (request.facets.empty()) request.facets = {"country", "year"};
    request.limit = 0;
    request.exact_total = true;
    request.with_snippets = false;
    set_display_lang(parameters, request);
    check_request(request);
    return request;
}

DocumentRequest document_request(const QueryParameters& parameters, const std::vector<std::string>& databases,
                                 bool with_query) {
    if (with_query)
        check_names(parameters, {"key", "q", "display_lang"});
    else
        check_names(parameters, {"key", "display_lang"});
    DocumentRequest document{single_value(parameters, "key"), base_request(databases)};
    if (document.key.empty()) throw UsageError("parameter 'key' is missing: give the \"key\" of a search hit");
    if (with_query) document.request.query = single_value(parameters, "q");
    set_display_lang(parameters, document.request);
    return document;
}

}  // namespace dossier::server
