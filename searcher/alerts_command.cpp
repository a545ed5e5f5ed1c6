// SPDX-License-Identifier: MIT
#include "alerts_command.h"

#include <chrono>
#include <ctime>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/program_errors.h"
#include "base/utf8.h"
#include "index/database.h"
#include "index/document_record.h"
#include "index/saved_searches.h"
#include "json_renderer.h"
#include "saved_search_options.h"

namespace dossier::searcher {

namespace {

using nlohmann::ordered_json;

constexpr std::string_view kProgram = "dossier-search";

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// The saved search's query and filters as a command line would give them.
std::string described(const SavedSearch& saved) {
    std::string text = saved.query.empty() ? std::string() : "'" + saved.query + "'";
    const auto add = [&](const std::string& option, const std::string& value) {
        if (!value.empty()) text += (text.empty() ? "" : " ") + option + " " + value;
    };
    for (const auto& [facet, values] : saved.filters)
        for (const std::string& value : values) add("--" + facet, value);
    add("--lang", saved.lang);
    add("--since", saved.since);
    add("--until", saved.until);
    if (!saved.inferred) text += " --no-inferred";
    return escape_for_terminal(text);
}

ordered_json saved_json(const SavedSearch& saved) {
    ordered_json filters = ordered_json::object();
    for (const auto& [facet, values] : saved.filters) filters[facet] = values;
    const auto optional = [](const std::string& value) { return value.empty() ? ordered_json(nullptr) : ordered_json(value); };
    return {{"name", saved.name},         {"query", saved.query},
            {"lang", optional(saved.lang)}, {"since", optional(saved.since)},
            {"until", optional(saved.until)}, {"filters", filters},
            {"inferred", saved.inferred}, {"saved", optional(saved.saved)},
            {"seen_run", saved.seen_run}, {"alerted", optional(saved.alerted)}};
}

// --save: checked by running it once (a query that cannot run is not
// saved); everything indexed up to now counts as seen.
int save(const SearchOptions& options, std::ostream& err) {
    const std::string& database = saved_search_database(options.request);
    SearchRequest check = options.request;
    check.limit = 0;
    check.facets.clear();
    run_search(check);
    SavedSearch saved = saved_search_of(options.request, options.saved.save);
    saved.saved = utc_now();
    saved.seen_run = latest_run(open_for_reading({database})).run;
    std::optional<SavedSearch> replaced;
    update_saved_searches(database, [&](std::vector<SavedSearch>& searches) {
        for (SavedSearch& search : searches)
            if (search.name == saved.name) {
                replaced = search;
                search = saved;
                return;
            }
        searches.push_back(saved);
    });
    if (replaced)
        err << fmt::format("{}: saved search '{}' replaced (it was {})\n", kProgram, saved.name, described(*replaced));
    else
        err << fmt::format("{}: saved search '{}'; --alerts reports what is indexed after now\n", kProgram,
                           saved.name);
    return exit_code::kSuccess;
}

int forget(const SearchOptions& options, std::ostream& err) {
    const std::string& name = options.saved.forget;
    bool found = false;
    update_saved_searches(saved_search_database(options.request), [&](std::vector<SavedSearch>& searches) {
        found = std::erase_if(searches, [&](const SavedSearch& search) { return search.name == name; }) > 0;
    });
    if (!found) throw UsageError("no saved search '" + name + "'; --list-saved lists them");
    err << fmt::format("{}: forgot saved search '{}'\n", kProgram, name);
    return exit_code::kSuccess;
}

int list(const SearchOptions& options, std::ostream& out, std::ostream& err) {
    const std::vector<SavedSearch> searches = read_saved_searches(saved_search_database(options.request));
    switch (options.format) {
    case OutputFormat::json: {
        ordered_json list = ordered_json::array();
        for (const SavedSearch& saved : searches) list.push_back(saved_json(saved));
        out << dump_json({{"version", kJsonFormatVersion}, {"saved", list}}) << "\n";
        break;
    }
    case OutputFormat::jsonl:
        for (const SavedSearch& saved : searches) {
            ordered_json line = {{"version", kJsonFormatVersion}};
            line.update(saved_json(saved));
            out << dump_json(line) << "\n";
        }
        break;
    case OutputFormat::text:
        for (const SavedSearch& saved : searches)
            out << fmt::format("{}  {}  ({})\n", saved.name, described(saved),
                               saved.alerted.empty() ? "no --alerts run yet"
                                                     : fmt::format("alerts up to run {}, {}", saved.seen_run,
                                                                   saved.alerted));
        break;
    default:
        throw UsageError("--list-saved writes text, json or jsonl");
    }
    return checked_output(kProgram, searches.empty() ? exit_code::kNoHits : exit_code::kSuccess, out, err);
}

struct Alert {
    SavedSearch saved;
    SearchRequest request;
    SearchResult result;
    bool failed = false;  // could not run (a name the gazetteer no longer has): not recorded
};

// The request of `saved` on top of the command line's options: what it
// matches among the documents added (or changed) after the runs it has seen.
SearchRequest alert_request(const SearchOptions& options, const SavedSearch& saved) {
    SearchRequest request = options.request;
    apply_saved_search(saved, request);
    request.new_since = std::to_string(saved.seen_run + 1);
    // Every new match, unless --limit says otherwise: what is not shown is
    // still recorded as seen.
    if (!options.saved.limit_given) request.limit = kMaxLimit;
    request.exact_total = true;
    return request;
}

void write_text(const std::vector<Alert>& alerts, const RenderOptions& render_options, std::ostream& out) {
    bool first = true;
    for (const Alert& alert : alerts) {
        if (alert.result.hits.empty()) continue;
        out << fmt::format("{}== {}: {} new ({}) ==\n", first ? "" : "\n", alert.saved.name,
                           alert.result.estimated_total, described(alert.saved));
        first = false;
        const std::unique_ptr<Renderer> renderer = make_renderer(OutputFormat::text, render_options, out);
        render_result(alert.result, alert.request, *renderer);
    }
}

void write_json(const std::vector<Alert>& alerts, std::uint64_t latest, bool changed, std::ostream& out) {
    ordered_json list = ordered_json::array();
    for (const Alert& alert : alerts) {
        ordered_json hits = ordered_json::array();
        for (const Hit& hit : alert.result.hits) hits.push_back(hit_json(hit));
        ordered_json entry = saved_json(alert.saved);
        entry["since_run"] = alert.saved.seen_run + 1;
        entry["new"] = alert.result.estimated_total;
        entry["hits"] = hits;
        list.push_back(entry);
    }
    out << dump_json({{"version", kJsonFormatVersion}, {"through_run", latest}, {"changed", changed},
                      {"alerts", list}})
        << "\n";
}

void write_jsonl(const std::vector<Alert>& alerts, std::ostream& out) {
    for (const Alert& alert : alerts)
        for (const Hit& hit : alert.result.hits) {
            ordered_json line = {{"version", kJsonFormatVersion}, {"saved", alert.saved.name}};
            line.update(hit_json(hit));
            out << dump_json(line) << "\n";
        }
}

int alerts(const SearchOptions& options, const RenderOptions& render_options, std::ostream& out,
           std::ostream& err) {
    const OutputFormat format = options.format;
    if (format != OutputFormat::text && format != OutputFormat::json && format != OutputFormat::jsonl &&
        format != OutputFormat::paths && format != OutputFormat::paths0)
        throw UsageError("--alerts writes text, json, jsonl, paths or paths0");
    const std::string& database = saved_search_database(options.request);
    // Read before searching: what an index run adds meanwhile is of a later
    // run, shown next time (or now and again next time), never skipped.
    const std::uint64_t latest = latest_run(open_for_reading({database})).run;
    const std::vector<SavedSearch> searches = read_saved_searches(database);
    if (searches.empty()) {
        err << fmt::format("{}: no saved searches; save one with --save NAME QUERY\n", kProgram);
        return exit_code::kNoHits;
    }
    std::vector<Alert> alerts;
    SearchSession session;
    bool anything_new = false;
    bool failures = false;
    for (const SavedSearch& saved : searches) {
        Alert alert{saved, alert_request(options, saved), {}, false};
        alert.request.with_snippets = format != OutputFormat::paths && format != OutputFormat::paths0;
        // Nothing can be new before a run after the one seen. One saved
        // search that no longer runs (a name the gazetteer lost) must not
        // stop the others; it is not recorded.
        std::string problem;
        try {
            if (saved.seen_run < latest) alert.result = session.run(alert.request);
        } catch (const UsageError& e) {
            problem = e.what();
        } catch (const QueryError& e) {
            problem = e.what();
        }
        if (!problem.empty()) {
            report_failure(kProgram, "saved search '" + saved.name + "': " + problem +
                               "; not run (save it again, or --forget it)", 0, err);
            alert.failed = failures = true;
        }
        anything_new = anything_new || !alert.result.hits.empty();
        alerts.push_back(std::move(alert));
    }
    switch (format) {
    case OutputFormat::json:
        write_json(alerts, latest, options.request.changed_too, out);
        break;
    case OutputFormat::jsonl:
        write_jsonl(alerts, out);
        break;
    case OutputFormat::text:
        write_text(alerts, render_options, out);
        break;
    default: {
        const std::unique_ptr<Renderer> renderer = make_renderer(format, render_options, out);
        for (const Alert& alert : alerts)
            for (const Hit& hit : alert.result.hits) renderer->hit(hit);
    }
    }
    const int status = checked_output(
        kProgram, anything_new ? exit_code::kSuccess : failures ? exit_code::kUsage : exit_code::kNoHits, out, err);
    if (status == exit_code::kOutput) return status;  // not recorded: the next run shows the same again
    // Recorded for the searches as they were read; one saved again or
    // forgotten meanwhile keeps what that did.
    const std::string now = utc_now();
    try {
        update_saved_searches(database, [&](std::vector<SavedSearch>& current) {
            for (SavedSearch& search : current)
                for (const Alert& alert : alerts)
                    if (search == alert.saved && !alert.failed && latest > search.seen_run) {
                        search.seen_run = latest;
                        search.alerted = now;
                    }
        });
    } catch (const std::exception& e) {
        throw DatabaseError(std::string(e.what()) +
                            "; the alerts were written but not recorded, so the next --alerts shows them again");
    }
    return status;
}

}  // namespace

int run_saved_search_command(const SearchOptions& options, const RenderOptions& render_options, std::ostream& out,
                             std::ostream& err) {
    try {
        if (!options.saved.save.empty()) return save(options, err);
        if (!options.saved.forget.empty()) return forget(options, err);
        if (options.saved.list) return list(options, out, err);
        return alerts(options, render_options, out, err);
    } catch (...) {
        return report_error(std::string(kProgram), std::current_exception(), err);
    }
}

}  // namespace dossier::searcher
