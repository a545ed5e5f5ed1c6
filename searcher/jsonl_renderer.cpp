// SPDX-License-Identifier: MIT
#include "jsonl_renderer.h"

#include "json_renderer.h"

namespace dossier::searcher {

// Every line says its version, so that a line read alone can be checked.
void JsonlRenderer::hit(const Hit& hit) {
    nlohmann::ordered_json fields = hit_json(hit);
    nlohmann::ordered_json line = {{"version", kJsonFormatVersion}};
    for (auto field = fields.begin(); field != fields.end(); ++field) line[field.key()] = std::move(field.value());
    out_ << dump_json(line) << "\n";
}

// After the hits: told from a hit by having "facets" and no "rank".
void JsonlRenderer::facets(const std::vector<FacetCounts>& facets) {
    out_ << dump_json({{"version", kJsonFormatVersion}, {"facets", facets_json(facets)}}) << "\n";
}

// After the hits and facets: told from them by "suggestion".
void JsonlRenderer::end_results() {
    if (!suggestion_.empty()) out_ << dump_json({{"version", kJsonFormatVersion}, {"suggestion", suggestion_}}) << "\n";
}

// An explanation is one JSON object: one line already.
void JsonlRenderer::explanation(const Explanation& explanation) {
    out_ << dump_json(explanation_json(explanation)) << "\n";
}

}  // namespace dossier::searcher
