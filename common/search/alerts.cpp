// SPDX-License-Identifier: MIT
#include "search/alerts.h"

#include <algorithm>

#include "base/error.h"
#include "base/utf8.h"
#include "entities/entity.h"
#include "index/database.h"
#include "index/document_record.h"
#include "search/result_json.h"

namespace dossier {

using nlohmann::ordered_json;

void apply_saved_search(const SavedSearch& saved, SearchRequest& request) {
    request.query = saved.query;
    if (request.lang.empty()) request.lang = saved.lang;
    if (request.since.empty() && request.until.empty()) {
        request.since = saved.since;
        request.until = saved.until;
    }
    for (const auto& [name, values] : saved.filters)
        if (const auto facet = facet_from_name(name); facet && request.facet_filters[*facet].empty())
            request.facet_filters[*facet] = values;
    std::erase_if(request.facet_filters, [](const auto& filter) { return filter.second.empty(); });
    request.inferred = request.inferred && saved.inferred;
}

Alerts find_alerts(const std::string& database, const SearchRequest& base, SearchSession& session,
                   const std::string& only) {
    Alerts found;
    // Read before searching: what an index run adds meanwhile is of a later
    // run, shown next time (or now and again next time), never skipped.
    found.through_run = latest_run(open_for_reading({database})).run;
    std::vector<SavedSearch> searches = read_saved_searches(database);
    if (!only.empty()) {
        std::erase_if(searches, [&](const SavedSearch& saved) { return saved.name != only; });
        if (searches.empty())
            throw UsageError("no saved search '" + escape_for_terminal(only) + "'; --list-saved lists them");
    }
    for (const SavedSearch& saved : searches) {
        Alert alert{saved, base, {}, {}};
        alert.request.databases = {database};
        apply_saved_search(saved, alert.request);
        alert.request.new_since = std::to_string(saved.seen_run + 1);
        alert.request.exact_total = true;
        // Nothing can be new before a run after the one seen.
        try {
            if (saved.seen_run < found.through_run) alert.result = session.run(alert.request);
        } catch (const UsageError& e) {
            alert.problem = e.what();
        } catch (const QueryError& e) {
            alert.problem = e.what();
        }
        found.alerts.push_back(std::move(alert));
    }
    return found;
}

ordered_json saved_search_json(const SavedSearch& saved) {
    ordered_json filters = ordered_json::object();
    for (const auto& [facet, values] : saved.filters) filters[facet] = values;
    const auto optional = [](const std::string& value) { return value.empty() ? ordered_json(nullptr) : ordered_json(value); };
    return {{"name", saved.name},         {"query", saved.query},
            {"lang", optional(saved.lang)}, {"since", optional(saved.since)},
            {"until", optional(saved.until)}, {"filters", filters},
            {"inferred", saved.inferred}, {"saved", optional(saved.saved)},
            {"seen_run", saved.seen_run}, {"alerted", optional(saved.alerted)}};
}

ordered_json alert_json(const Alert& alert) {
    ordered_json hits = ordered_json::array();
    for (const Hit& hit : alert.result.hits) hits.push_back(hit_json(hit));
    ordered_json entry = saved_search_json(alert.saved);
    entry["since_run"] = alert.saved.seen_run + 1;
    entry["new"] = alert.result.estimated_total;
    entry["hits"] = hits;
    return entry;
}

ordered_json alerts_json(const Alerts& alerts, bool changed) {
    ordered_json list = ordered_json::array();
    for (const Alert& alert : alerts.alerts) list.push_back(alert_json(alert));
    return {{"version", kJsonFormatVersion}, {"through_run", alerts.through_run}, {"changed", changed},
            {"alerts", list}};
}

}  // namespace dossier
