// SPDX-License-Identifier: MIT
#include "json_renderer.h"

#include <fmt/format.h>

#include "entities/entity.h"

namespace dossier::searcher {

namespace {

using nlohmann::ordered_json;

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

// Where to open a hit: the path, with "#page=N" for the page of a PDF the
// snippet is on (the fragment PDF viewers understand).
std::string location(const Hit& hit) {
    return hit.page ? fmt::format("{}#page={}", hit.document.path, hit.page) : hit.document.path;
}

ordered_json facet_json(const FacetCounts& counts) {
    ordered_json values = ordered_json::array();
    for (const FacetValue& value : counts.values)
        values.push_back({{"value", value.value}, {"name", value.name}, {"count", value.count}});
    return {{"values", values}, {"other_values", counts.other_values}};
}

}  // namespace

ordered_json hit_json(const Hit& hit) {
    ordered_json highlights = ordered_json::array();
    for (const auto& [begin, end] : hit.snippet.highlights) highlights.push_back({begin, end});
    return {
        {"rank", hit.rank},
        {"score", hit.score},
        {"id", hit.id},
        {"path", hit.document.path},
        {"title", hit.document.title},
        {"date", optional_string(hit.document.date)},
        {"date_source", optional_string(hit.document.date_source)},
        {"lang", hit.document.lang},
        {"source", optional_string(hit.document.source)},
        {"url", optional_string(hit.document.url)},
        {"format", hit.document.format},
        {"encoding", optional_string(hit.document.encoding)},
        {"page", hit.page ? ordered_json(hit.page) : ordered_json(nullptr)},
        {"location", location(hit)},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
        {"entities", entities_json(hit.document.evidence)},
    };
}

ordered_json explanation_json(const Explanation& explanation) {
    ordered_json facets = ordered_json::object();
    for (const auto& [facet, values] : explanation.facets) {
        ordered_json list = ordered_json::array();
        for (const Explanation::Value& value : values)
            list.push_back({{"value", value.value}, {"name", value.name}, {"words", value.words}});
        facets[facet] = list;
    }
    return {{"version", kJsonFormatVersion},
            {"id", explanation.id},
            {"path", explanation.document.path},
            {"title", explanation.document.title},
            {"lang", explanation.document.lang},
            {"date", optional_string(explanation.document.date)},
            {"date_source", optional_string(explanation.document.date_source)},
            {"facets", facets}};
}

std::string dump_json(const ordered_json& value) {
    return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

void JsonRenderer::begin_results(const SearchResult& result, const SearchRequest& request) {
    document_ = {
        {"version", kJsonFormatVersion}, {"query", result.query},
        {"parsed", result.parsed},       {"estimated_total", result.estimated_total},
        {"offset", request.offset},      {"limit", request.limit},
        {"hits", ordered_json::array()},
    };
}

void JsonRenderer::hit(const Hit& hit) { document_["hits"].push_back(hit_json(hit)); }

void JsonRenderer::facets(const std::vector<FacetCounts>& facets) {
    ordered_json out = ordered_json::object();
    for (const FacetCounts& counts : facets) out[counts.facet] = facet_json(counts);
    document_["facets"] = out;
}

void JsonRenderer::end_results() { out_ << dump_json(document_) << "\n"; }

void JsonRenderer::explanation(const Explanation& explanation) {
    out_ << dump_json(explanation_json(explanation)) << "\n";
}

}  // namespace dossier::searcher
