// SPDX-License-Identifier: MIT
#include "search/result_json.h"

#include <fmt/format.h>

#include "entities/entity.h"
#include "search/show.h"
#include "search/sorting.h"
#include "text/dates.h"

namespace dossier {

namespace {

using nlohmann::ordered_json;

// An object built field by field, in order: the initializer-list form
// builds a two-element array for every field first and moves it apart
// again, and ordered_map's own emplace searches the fields for the key.
// A page of hits is built once a query, thousands of times in a batch.
class JsonObject {
public:
    explicit JsonObject(std::size_t fields) { fields_().reserve(fields); }

    JsonObject& add(const char* key, ordered_json value) {
        fields_().emplace_back(key, std::move(value));
        return *this;
    }
    ordered_json take() { return std::move(json_); }

private:
    ordered_json::object_t& fields_() { return json_.get_ref<ordered_json::object_t&>(); }

    ordered_json json_ = ordered_json::object();
};

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
    return JsonObject(2).add("run", stamp.run).add("time", optional_string(stamp.time)).take();
}

// The remote shards a result was made without: "HOST:PORT" each.
ordered_json missing_shards_json(const std::vector<MissingShard>& missing) {
    ordered_json addresses = ordered_json::array();
    for (const MissingShard& shard : missing) addresses.push_back(shard.address);
    return addresses;
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
    return JsonObject(24)
        .add("rank", hit.rank)
        .add("score", hit.score)
        .add("id", hit.id)
        .add("key", hit.document.path)  // stable, unlike the id; what --show, --explain and --like take
        .add("path", hit.document.path)
        .add("title", hit.document.title)
        .add("date", optional_string(hit.document.date))
        .add("date_source", optional_string(hit.document.date_source))
        .add("date_precision", date_precision_json(hit.document.date))
        .add("lang", hit.document.lang)
        .add("source", optional_string(hit.document.source))
        .add("url", optional_string(hit.document.url))
        .add("format", hit.document.format)
        .add("encoding", optional_string(hit.document.encoding))
        .add("page", hit.page ? ordered_json(hit.page) : ordered_json(nullptr))
        .add("location", hit_location(hit))
        .add("snippet", hit.snippet.text)
        .add("highlights", std::move(highlights))
        .add("entities", entities_json(hit.document.evidence))
        .add("inferred", inferred_json(hit.document.inferred))
        .add("copies", hit.copies.paths)  // the first kListedCopies (search/copies.h)
        .add("copy_count", hit.copies.count)
        .add("added", run_stamp_json(hit.added))
        .add("changed", run_stamp_json(hit.changed))
        .take();
}

ordered_json result_header_json(const SearchResult& result, const SearchRequest& request) {
    return {
        {"version", kJsonFormatVersion}, {"query", result.query},
        {"parsed", result.parsed},       {"estimated_total", result.estimated_total},
        {"total_exact", result.total_exact},
        {"sort", std::string(sort_order_name(result.sort))},
        {"like", request.like.empty() ? ordered_json(nullptr) : ordered_json(request.like)},
        {"suggestion", optional_string(result.suggestion)},
        {"partial", !result.missing_shards.empty()},
        {"missing_shards", missing_shards_json(result.missing_shards)},
        {"offset", request.offset},      {"limit", request.limit},
        {"hits", ordered_json::array()},
    };
}

ordered_json result_json(const SearchResult& result, const SearchRequest& request) {
    ordered_json out = result_header_json(result, request);
    for (const Hit& hit : result.hits) out["hits"].push_back(hit_json(hit));
    if (!result.facets.empty()) out["facets"] = facets_json(result.facets);
    return out;
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

ordered_json document_json(const Explanation& shown) {
    const schema::StoredDocument& document = shown.document;
    ordered_json json = explanation_json(shown);
    json["key"] = document.path;
    json["format"] = document.format;
    json["encoding"] = optional_string(document.encoding);
    json["source"] = optional_string(document.source);
    json["url"] = optional_string(document.url);
    // A paged document's text a page at a time; else null.
    ordered_json pages = nullptr;
    if (!document.page_breaks.empty() || document.format == "pdf") {
        pages = ordered_json::array();
        for (const std::string_view page : text_pages(document)) pages.push_back(std::string(page));
    }
    json["text"] = document.text;
    json["pages"] = pages;
    return json;
}

std::string dump_json(const ordered_json& value) {
    return value.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace dossier
