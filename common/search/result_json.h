// SPDX-License-Identifier: MIT
// The JSON of a search's results, of --explain and of --show: one
// definition for dossier-search's json and jsonl output and for
// dossier-serve's API, so the two cannot drift apart. README "JSON output"
// is its contract.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/search.h"

namespace dossier {

// Version of the JSON and JSON Lines output; bumped on any incompatible
// change (README, "JSON output").
inline constexpr int kJsonFormatVersion = 1;

// The JSON of one hit, as json's "hits" and jsonl's lines hold it.
nlohmann::ordered_json hit_json(const Hit& hit);

// The "facets" object of json, and of jsonl's last line.
nlohmann::ordered_json facets_json(const std::vector<FacetCounts>& facets);

// Where to open a hit: the path, with "#page=N" for the page of a PDF the
// snippet is on (the fragment PDF viewers understand).
std::string hit_location(const Hit& hit);

// The fields of --format json's object before its hits, with "hits" empty
// (the hits and "facets" are added after it, in that order).
nlohmann::ordered_json result_header_json(const SearchResult& result, const SearchRequest& request);

// --format json's whole object: the header, its hits, and "facets" when
// any were counted.
nlohmann::ordered_json result_json(const SearchResult& result, const SearchRequest& request);

// The JSON of --explain, the same for json and jsonl.
nlohmann::ordered_json explanation_json(const Explanation& explanation);

// The JSON of --show: --explain's object with the rest of the metadata,
// the text and, for a paged document, its pages (else null).
nlohmann::ordered_json document_json(const Explanation& shown);

// `value` on one line; invalid UTF-8 replaced rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& value);

}  // namespace dossier
