// SPDX-License-Identifier: MIT
// Saved searches as searches (search/alerts.h): a saved search applied to
// a request, and the JSON --list-saved, --alerts and dossier-serve share.
// What is new for one is run end to end (test_alerts_cli, test_serve_http).
#include <catch2/catch.hpp>

#include "search/alerts.h"
#include "search/result_json.h"

using namespace dossier;

namespace {

SavedSearch china_exchange() {
    SavedSearch saved;
    saved.name = "china-exchange";
    saved.query = "Exchange";
    saved.lang = "en";
    saved.since = "2021";
    saved.filters = {{"country", {"CN"}}, {"incident", {"exchange-2021"}}};
    saved.inferred = false;
    saved.saved = "2026-12-01T10:00:00Z";
    saved.seen_run = 4;
    return saved;
}

}  // namespace

TEST_CASE("a saved search applied to a request: its query and filters, the request's filters win", "[alerts]") {
    SearchRequest request;
    request.facet_filters[Facet::country] = {"RU"};
    request.facet_filters[Facet::actor] = {"APT28"};
    request.until = "2023";
    apply_saved_search(china_exchange(), request);
    CHECK(request.query == "Exchange");
    CHECK(request.facet_filters.at(Facet::country) == std::vector<std::string>{"RU"});  // the request's
    CHECK(request.facet_filters.at(Facet::incident) == std::vector<std::string>{"exchange-2021"});
    CHECK(request.facet_filters.at(Facet::actor) == std::vector<std::string>{"APT28"});  // narrows further
    CHECK(request.lang == "en");
    CHECK(request.since.empty());  // the request gave a date range: the saved one is not mixed in
    CHECK(request.until == "2023");
    CHECK_FALSE(request.inferred);

    SearchRequest plain;
    apply_saved_search(china_exchange(), plain);
    CHECK(plain.since == "2021");
    CHECK(plain.facet_filters.at(Facet::country) == std::vector<std::string>{"CN"});
}

TEST_CASE("a saved search and its alert in JSON: null for what was not given, the run it starts from", "[alerts]") {
    SavedSearch saved = china_exchange();
    saved.lang.clear();
    const nlohmann::ordered_json listed = saved_search_json(saved);
    CHECK(listed.at("name") == "china-exchange");
    CHECK(listed.at("lang").is_null());
    CHECK(listed.at("until").is_null());
    CHECK(listed.at("alerted").is_null());
    CHECK(listed.at("filters").at("country") == nlohmann::ordered_json::array({"CN"}));
    CHECK(listed.at("seen_run") == 4);

    Alerts alerts;
    alerts.through_run = 6;
    Alert alert{saved, {}, {}, {}};
    alert.result.estimated_total = 12;  // more than the hits shown
    alert.result.hits.resize(1);
    alert.result.hits[0].document.path = "/docs/a.txt";
    alerts.alerts.push_back(alert);
    const nlohmann::ordered_json json = alerts_json(alerts, true);
    CHECK(json.at("version") == kJsonFormatVersion);
    CHECK(json.at("through_run") == 6);
    CHECK(json.at("changed") == true);
    const auto& entry = json.at("alerts").at(0);
    CHECK(entry.at("name") == "china-exchange");
    CHECK(entry.at("since_run") == 5);
    CHECK(entry.at("new") == 12);
    REQUIRE(entry.at("hits").size() == 1);
    CHECK(entry.at("hits")[0].at("key") == "/docs/a.txt");
}
