// SPDX-License-Identifier: MIT
#include "jsonl_renderer.h"

#include "json_renderer.h"

namespace dossier::searcher {

void JsonlRenderer::hit(const Hit& hit) { out_ << dump_json(hit_json(hit)) << "\n"; }

// An explanation is one JSON object: one line already.
void JsonlRenderer::explanation(const Explanation& explanation) {
    out_ << dump_json(explanation_json(explanation)) << "\n";
}

}  // namespace dossier::searcher
