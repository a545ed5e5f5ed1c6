// SPDX-License-Identifier: MIT
// --format json: one JSON document of the whole result, for scripts. Text
// is exact (JSON's escaping only); README "JSON output" is its contract.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "renderer.h"
#include "search/result_json.h"

namespace dossier::searcher {

// The number and "id" of a --queries line, which its object carries after
// "version".
struct BatchLine {
    std::size_t number = 0;
    nlohmann::ordered_json id;  // null: the line had none
};

class JsonRenderer final : public Renderer {
public:
    explicit JsonRenderer(std::ostream& out, std::optional<BatchLine> line = std::nullopt)
        : out_(out), line_(std::move(line)) {}

    void begin_results(const SearchResult& result, const SearchRequest& request) override;
    void hit(const Hit& hit) override;
    void facets(const std::vector<FacetCounts>& facets) override;
    void end_results() override;
    void explanation(const Explanation& explanation) override;

private:
    std::ostream& out_;
    std::optional<BatchLine> line_;
    nlohmann::ordered_json document_;
};

// hit_json, facets_json, explanation_json and dump_json: search/result_json.h,
// shared with dossier-serve.

// `object` with "version", then the line's "line" and "id", first: an
// object of --queries output.
nlohmann::ordered_json with_batch_line(const nlohmann::ordered_json& object, const BatchLine& line);

}  // namespace dossier::searcher
