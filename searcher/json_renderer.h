// SPDX-License-Identifier: MIT
// --format json: one JSON document of the whole result, for scripts. Text
// is exact (JSON's escaping only); README "JSON output" is its contract.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "renderer.h"

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

// `object` with "version", then the line's "line" and "id", first: an
// object of --queries output.
nlohmann::ordered_json with_batch_line(const nlohmann::ordered_json& object, const BatchLine& line);

// The JSON of one hit, as json's "hits" and jsonl's lines hold it.
nlohmann::ordered_json hit_json(const Hit& hit);

// The "facets" object of json, and of jsonl's last line.
nlohmann::ordered_json facets_json(const std::vector<FacetCounts>& facets);

// Where to open a hit: the path, with "#page=N" for the page of a PDF the
// snippet is on (the fragment PDF viewers understand).
std::string hit_location(const Hit& hit);

// The JSON of --explain, the same for json and jsonl.
nlohmann::ordered_json explanation_json(const Explanation& explanation);

// `value` on one line; invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& value);

}  // namespace dossier::searcher
