// SPDX-License-Identifier: MIT
#include "json_renderer.h"

namespace dossier::searcher {

using nlohmann::ordered_json;

ordered_json with_batch_line(const ordered_json& object, const BatchLine& line) {
    ordered_json out = {{"version", kJsonFormatVersion}, {"line", line.number}};
    if (!line.id.is_null()) out["id"] = line.id;
    for (const auto& [key, value] : object.items())
        if (key != "version") out[key] = value;
    return out;
}

void JsonRenderer::begin_results(const SearchResult& result, const SearchRequest& request) {
    ordered_json fields = result_header_json(result, request);
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
