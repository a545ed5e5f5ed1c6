// SPDX-License-Identifier: MIT
#include "json_renderer.h"

#include <fmt/format.h>

#include "entities/entity.h"
#include "search/sorting.h"
#include "text/dates.h"

namespace dossier::searcher {

namespace {

using nlohmann::ordered_json;

// "day", "month" or "year" for a date at its precision; null with no date.
ordered_json date_precision_json(const std::string& date) {
    const auto precision = date_precision(date);
    return precision ? ordered_json(precision_name(*precision)) : ordered_json(nullptr);
}

ordered_json optional_string(const std::string& value) {
    return value.empty() ? ordered_json(nullptr) : ordered_json(value);
}

// facet -> sorted value ids, for every entity facet (empty lists too).
ordered_json entities_json(const Evidence& evidence) {
    ordered_json out = ordered_json::object();
    for (const EntityFacetName& entity : kEntityFacets) {
        const std::string name(entity.name);
        ordered_json ids = ordered_json::array();
        if (const auto found = evidence.find(name); found != evidence.end())
            for (const auto& [id, words] : found->second) ids.push_back(id);
        out[name] = ids;
    }
    return out;
}

// facet -> the values of entities_json reached only through another value
// (inferred countries: through an actor), sorted; "country" always there.
ordered_json inferred_json(const Inferences& inferred) {
    ordered_json out = ordered_json::object();
    out[std::string(facet_name(Facet::country))] = ordered_json::array();
    for (const auto& [facet, values] : inferred)
        for (const auto& [id, sources] : values) out[facet].push_back(id);
    return out;
}

// {"run": 12, "time": "2026-12-05T06:28:01Z"}; run 0 with a null time:
// from before dossier recorded arrivals.
ordered_json run_stamp_json(const RunStamp& stamp) {
    return {{"run", stamp.run}, {"time", optional_string(stamp.time)}};
}

ordered_json facet_json(const FacetCounts& counts) {
    ordered_json values = ordered_json::array();
    for (const FacetValue& value : counts.values)
        values.push_back({{"value", value.value}, {"name", value.name}, {"count", value.count}});
    return {{"values", values}, {"other_values", counts.other_values}};
}

}  // namespace

std::string hit_location(const Hit& hit) {
    return hit.page ? fmt::format("{}#page={}", hit.document.path, hit.page) : hit.document.path;
}

ordered_json facets_json(const std::vector<FacetCounts>& facets) {
    ordered_json out = ordered_json::object();
    for (const FacetCounts& counts : facets) out[counts.facet] = facet_json(counts);
    return out;
}

ordered_json hit_json(const Hit& hit) {
    ordered_json highlights = ordered_json::array();
    for (const auto& [begin, end] : hit.snippet.highlights) highlights.push_back({begin, end});
    return {
        {"rank", hit.rank},
        {"score", hit.score},
        {"id", hit.id},
        {"key", hit.document.path},  // stable, unlike the id; what --show, --explain and --like take
        {"path", hit.document.path},
        {"title", hit.document.title},
        {"date", optional_string(hit.document.date)},
        {"date_source", optional_string(hit.document.date_source)},
        {"date_precision", date_precision_json(hit.document.date)},
        {"lang", hit.document.lang},
        {"source", optional_string(hit.document.source)},
        {"url", optional_string(hit.document.url)},
        {"format", hit.document.format},
        {"encoding", optional_string(hit.document.encoding)},
        {"page", hit.page ? ordered_json(hit.page) : ordered_json(nullptr)},
        {"location", hit_location(hit)},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
        {"entities", entities_json(hit.document.evidence)},
        {"inferred", inferred_json(hit.document.inferred)},
        {"copies", hit.copies.paths},  // the first kListedCopies (search/copies.h)
        {"copy_count", hit.copies.count},
        {"added", run_stamp_json(hit.added)},
        {"changed", run_stamp_json(hit.changed)},
    };
}

ordered_json explanation_json(const Explanation& explanation) {
    ordered_json facets = ordered_json::object();
    for (const auto& [facet, values] : explanation.facets) {
        ordered_json list = ordered_json::array();
        for (const Explanation::Value& value : values) {
            ordered_json via = ordered_json::array();
            for (const InferredFrom& from : value.via)
                via.push_back({{"facet", from.facet}, {"value", from.id}, {"name", from.name}});
            list.push_back({{"value", value.value},
                            {"name", value.name},
                            {"words", value.words},
                            {"inferred", !value.via.empty()},
                            {"via", via}});
        }
        facets[facet] = list;
    }
    return {{"version", kJsonFormatVersion},
            {"id", explanation.id},
            {"path", explanation.document.path},
            {"title", explanation.document.title},
            {"lang", explanation.document.lang},
            {"date", optional_string(explanation.document.date)},
            {"date_source", optional_string(explanation.document.date_source)},
            {"date_precision", date_precision_json(explanation.document.date)},
            {"facets", facets}};
}

std::string dump_json(const ordered_json& value) {
    return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

ordered_json with_batch_line(const ordered_json& object, const BatchLine& line) {
    ordered_json out = {{"version", kJsonFormatVersion}, {"line", line.number}};
    if (!line.id.is_null()) out["id"] = line.id;
    for (const auto& [key, value] : object.items())
        if (key != "version") out[key] = value;
    return out;
}

void JsonRenderer::begin_results(const SearchResult& result, const SearchRequest& request) {
    ordered_json fields = {
        {"version", kJsonFormatVersion}, {"query", result.query},
        {"parsed", result.parsed},       {"estimated_total", result.estimated_total},
        {"total_exact", result.total_exact},
        {"sort", std::string(sort_order_name(result.sort))},
        {"like", request.like.empty() ? ordered_json(nullptr) : ordered_json(request.like)},
        {"suggestion", optional_string(result.suggestion)},
        {"offset", request.offset},      {"limit", request.limit},
        {"hits", ordered_json::array()},
    };
    // Built with its line in place: --queries prints thousands of these.
    document_ = line_ ? with_batch_line(fields, *line_) : std::move(fields);
}

void JsonRenderer::hit(const Hit& hit) { document_["hits"].push_back(hit_json(hit)); }

void JsonRenderer::facets(const std::vector<FacetCounts>& facets) { document_["facets"] = facets_json(facets); }

void JsonRenderer::end_results() { out_ << dump_json(document_) << "\n"; }

void JsonRenderer::explanation(const Explanation& explanation) {
    out_ << dump_json(explanation_json(explanation)) << "\n";
}

}  // namespace dossier::searcher
