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
#include "search/alerts.h"

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
        for (const SavedSearch& saved : searches) list.push_back(saved_search_json(saved));
        out << dump_json({{"version", kJsonFormatVersion}, {"saved", list}}) << "\n";
        break;
    }
    case OutputFormat::jsonl:
        for (const SavedSearch& saved : searches) {
            ordered_json line = {{"version", kJsonFormatVersion}};
            line.update(saved_search_json(saved));
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
    SearchRequest base = options.request;
    // Every new match, unless --limit says otherwise: what is not shown is
    // still recorded as seen.
    if (!options.saved.limit_given) base.limit = kMaxLimit;
    base.with_snippets = format != OutputFormat::paths && format != OutputFormat::paths0;
    SearchSession session;
    const Alerts found = find_alerts(database, base, session);
    const std::uint64_t latest = found.through_run;
    const std::vector<Alert>& alerts = found.alerts;
    if (alerts.empty()) {
        err << fmt::format("{}: no saved searches; save one with --save NAME QUERY\n", kProgram);
        return exit_code::kNoHits;
    }
    bool anything_new = false;
    bool failures = false;
    // One saved search that no longer runs (a name the gazetteer lost) does
    // not stop the others; it is not recorded.
    for (const Alert& alert : alerts) {
        if (!alert.problem.empty()) {
            report_failure(kProgram, "saved search '" + alert.saved.name + "': " + alert.problem +
                               "; not run (save it again, or --forget it)", 0, err);
            failures = true;
        }
        anything_new = anything_new || !alert.result.hits.empty();
    }
    switch (format) {
    case OutputFormat::json:
        out << dump_json(alerts_json(found, options.request.changed_too)) << "\n";
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
                    if (search == alert.saved && alert.problem.empty() && latest > search.seen_run) {
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
