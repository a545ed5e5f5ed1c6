// SPDX-License-Identifier: MIT
#include "renderer.h"

#include "csv_renderer.h"
#include "json_renderer.h"
#include "jsonl_renderer.h"
#include "paths_renderer.h"
#include "text_renderer.h"

namespace dossier::searcher {

std::unique_ptr<Renderer> make_renderer(OutputFormat format, const RenderOptions& options, std::ostream& out) {
    switch (format) {
    case OutputFormat::text:
        return std::make_unique<TextRenderer>(options, out);
    case OutputFormat::json:
        return std::make_unique<JsonRenderer>(out);
    case OutputFormat::jsonl:
        return std::make_unique<JsonlRenderer>(out);
    case OutputFormat::csv:
        return std::make_unique<CsvRenderer>(options, out);
    case OutputFormat::paths:
        return std::make_unique<PathsRenderer>(options, out);
    case OutputFormat::paths0:
        return std::make_unique<PathsRenderer>(options, out, '\0');
    }
    return std::make_unique<TextRenderer>(options, out);
}

void render_result(const SearchResult& result, const SearchRequest& request, Renderer& renderer) {
    renderer.begin_results(result, request);
    for (const Hit& hit : result.hits) renderer.hit(hit);
    if (!result.facets.empty()) renderer.facets(result.facets);
    renderer.end_results();
}

}  // namespace dossier::searcher
