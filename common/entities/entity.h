// SPDX-License-Identifier: MIT
// What entity extraction reports: which facet value a stretch of text names.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The facets a document is described by, besides its date and language.
enum class Facet { country, org, incident, actor };

struct EntityFacetName {
    Facet facet;
    std::string_view name;  // in Evidence, query fields, --facets and output
};

// Every entity facet, in the order output lists them; the one place their
// names are spelled.
inline constexpr EntityFacetName kEntityFacets[] = {
    {Facet::country, "country"}, {Facet::org, "org"}, {Facet::incident, "incident"}, {Facet::actor, "actor"}};

constexpr std::string_view facet_name(Facet facet) {
    for (const auto& [value, name] : kEntityFacets)
        if (value == facet) return name;
    return "unknown";
}

// Parses "country" etc.; nullopt for anything else.
constexpr std::optional<Facet> facet_from_name(std::string_view name) {
    for (const auto& [value, known] : kEntityFacets)
        if (known == name) return value;
    return std::nullopt;
}

struct EntityMention {
    Facet facet = Facet::country;
    std::string id;         // ISO 3166-1 alpha-2 ("CN"), org id ("NATO"),
                            // gazetteer id ("wannacry", "apt28")
    std::size_t begin = 0;  // byte span in the analyzed text of the words
    std::size_t end = 0;    // that named it
};

// Facet values of one document and the words that gave each value:
// facet name -> value id -> distinct words as written (a few at most).
using Evidence = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

// Facet values a document reaches through another value it names rather
// than through words of its own (a country through a threat actor): facet
// name -> value id -> the values it came through, as "facet:id"
// ("actor:lazarus"), a few at most. Such a value is in the Evidence too,
// with no words (none were written).
using Inferences = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

// "actor:lazarus" for a value reached through actor "lazarus".
inline std::string inference_source(Facet facet, std::string_view id) {
    return std::string(facet_name(facet)) + ":" + std::string(id);
}

// One source of an inferred value, as --explain shows it.
struct InferredFrom {
    std::string facet;  // "actor"
    std::string id;     // "lazarus"
    std::string name;   // "Lazarus Group"
    std::string text;   // "via actor Lazarus Group"
};

}  // namespace dossier
