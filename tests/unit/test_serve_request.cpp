// SPDX-License-Identifier: MIT
// dossier-serve's query parameters -> SearchRequest (server/api_request.h):
// what each parameter sets, and that a bad one throws dossier-search's
// exception and message.
#include <catch2/catch.hpp>

#include "api_request.h"
#include "base/error.h"

using dossier::Facet;
using dossier::QueryError;
using dossier::SortOrder;
using dossier::UsageError;
using dossier::server::document_request;
using dossier::server::facets_request;
using dossier::server::QueryParameters;
using dossier::server::search_request;

namespace {
const std::vector<std::string> kDatabases = {"/tmp/db"};
}

TEST_CASE("serve request: every parameter sets its field", "[serve]") {
    const QueryParameters parameters = {
        {"q", "cyber attack"}, {"country", "CN"},   {"country", "RU,US"}, {"actor", "APT28"},
        {"lang", "en"},        {"since", "2021"},   {"until", "2022-06"}, {"sort", "newest"},
        {"offset", "20"},      {"limit", "5"},      {"facets", "country,year"}, {"display_lang", "de"},
    };
    const auto request = search_request(parameters, kDatabases);
    CHECK(request.databases == kDatabases);
    CHECK(request.query == "cyber attack");
    CHECK(request.facet_filters.at(Facet::country) == std::vector<std::string>{"CN", "RU", "US"});
    CHECK(request.facet_filters.at(Facet::actor) == std::vector<std::string>{"APT28"});
    CHECK(request.facet_filters.count(Facet::org) == 0);
    CHECK(request.lang == "en");
    CHECK(request.since == "2021");
    CHECK(request.until == "2022-06");
    CHECK(request.sort == SortOrder::newest);
    CHECK(request.offset == 20);
    CHECK(request.limit == 5);
    CHECK(request.facets == std::vector<std::string>{"country", "year"});
    CHECK(request.display_lang == "de");
    CHECK(request.disjunctive_facets);
    CHECK_FALSE(request.exact_total);
    CHECK(search_request({{"q", "x"}, {"limit", "0"}}, kDatabases).exact_total);
}

TEST_CASE("serve request: bad values throw dossier-search's messages", "[serve]") {
    const auto message_of = [](const QueryParameters& parameters) -> std::string {
        try {
            search_request(parameters, kDatabases);
        } catch (const UsageError& e) {
            return e.what();
        }
        return "(accepted)";
    };
    CHECK(message_of({{"q", "x"}, {"limit", "100001"}}) == "--limit 100001 is too large; the most is 100000");
    CHECK(message_of({{"q", "x"}, {"limit", "-1"}}) == "--limit: '-1' is not a number of results (0 or more)");
    CHECK(message_of({{"q", "x"}, {"limit", ""}}) == "--limit: '' is not a number of results (0 or more)");
    CHECK(message_of({{"q", "x"}, {"offset", "99999999999999999999"}}).find("--offset") == 0);
    CHECK(message_of({{"q", "x"}, {"q", "y"}}) == "parameter 'q' was given 2 times; give it once");
    CHECK(message_of({{"q", "x"}, {"facets", "colour"}}).find("--facets: unknown facet 'colour'") == 0);
    CHECK(message_of({{"q", "x"}, {"since", "2021-02-30"}}).find("--since 2021-02-30") == 0);
    CHECK(message_of({{"q", "x"}, {"display_lang", "!!"}}).find("--display-lang !!") == 0);
    CHECK(message_of({{"q", "x"}, {"sort", "up"}}).find("--sort") == 0);
    CHECK(message_of({{"Q", "x"}}).find("unknown parameter 'Q'") == 0);
    CHECK(message_of({}).find("the query is empty") == 0);
    CHECK(message_of({{"country", ",,"}}).find("the query is empty") == 0);  // no value in the list
    CHECK(message_of({{"facets", "country"}}) == "(accepted)");  // counts over every document
}

TEST_CASE("serve request: facets and documents", "[serve]") {
    CHECK(facets_request({}, kDatabases).facets == std::vector<std::string>{"country", "year"});
    const auto facets = facets_request({{"facets", "lang,month"}}, kDatabases);
    CHECK(facets.facets == std::vector<std::string>{"lang", "month"});
    CHECK(facets.limit == 0);
    CHECK_THROWS_AS(facets_request({{"q", "x"}}, kDatabases), UsageError);
    const auto document = document_request({{"key", "/a b.txt"}, {"q", "cyber"}}, kDatabases, true);
    CHECK(document.key == "/a b.txt");
    CHECK(document.request.query == "cyber");
    CHECK_THROWS_AS(document_request({{"key", "k"}, {"q", "cyber"}}, kDatabases, false), UsageError);
    CHECK_THROWS_AS(document_request({}, kDatabases, true), UsageError);
}

TEST_CASE("serve request: like takes a key and the search parameters, alerts a name and a page", "[serve]") {
    const auto like = dossier::server::like_request(
        {{"key", "/docs/a.txt"}, {"country", "RU"}, {"limit", "3"}, {"facets", "country"}}, kDatabases);
    CHECK(like.like == "/docs/a.txt");
    CHECK(like.query.empty());  // a key alone is a search: no "the query is empty"
    CHECK(like.facet_filters.at(Facet::country) == std::vector<std::string>{"RU"});
    CHECK(like.limit == 3);
    CHECK(like.disjunctive_facets);
    CHECK_THROWS_WITH(dossier::server::like_request({{"q", "x"}}, kDatabases),
                      Catch::Contains("parameter 'key' is missing"));
    CHECK_THROWS_AS(dossier::server::like_request({{"key", "a"}, {"key", "b"}}, kDatabases), UsageError);
    CHECK_THROWS_AS(dossier::server::like_request({{"key", "a"}, {"doc", "b"}}, kDatabases), UsageError);

    const auto alerts = dossier::server::alerts_request({{"name", "hafnium"}, {"changed", "1"}, {"limit", "0"}},
                                                        kDatabases);
    CHECK(alerts.name == "hafnium");
    CHECK(alerts.base.changed_too);
    CHECK(alerts.base.limit == 0);
    CHECK(alerts.base.databases == kDatabases);
    const auto every = dossier::server::alerts_request({}, kDatabases);
    CHECK(every.name.empty());
    CHECK_FALSE(every.base.changed_too);
    CHECK(every.base.limit == 10);
    CHECK_THROWS_WITH(dossier::server::alerts_request({{"changed", "maybe"}}, kDatabases),
                      Catch::Contains("neither true nor false"));
    CHECK_THROWS_AS(dossier::server::alerts_request({{"name", "a/b"}}, kDatabases), UsageError);
    CHECK_THROWS_AS(dossier::server::alerts_request({{"q", "x"}}, kDatabases), UsageError);
    CHECK_NOTHROW(dossier::server::check_no_parameters({}));
    CHECK_THROWS_WITH(dossier::server::check_no_parameters({{"name", "x"}}), Catch::Contains("takes none"));
}
