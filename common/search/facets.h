// SPDX-License-Identifier: MIT
// The facets dossier-search counts (--facets): the entity facets, the
// document's language, its date by year and by month, and its format. The options,
// the counting pass and the renderers all read this one table.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "entities/entity.h"

namespace dossier {

// What a facet counts, and so which value slot it reads, how a value is
// split or cut and what name it is shown with.
enum class FacetKind {
    entity,    // the values of an entity facet, shown by their catalog name
    language,  // the document's language, shown by its name
    year,      // the date, cut to "2021": a histogram, every value shown
    month,     // the date, cut to "2021-07": a histogram, every value shown
    format,    // the file format ("pdf", "html"), read from the "XF" terms:
               // it has no value slot, and a document has one format term
};

struct SearchFacet {
    std::string_view name;  // as --facets takes it and the output shows it
    FacetKind kind;
    Facet entity = Facet::country;  // which one, for FacetKind::entity
};

// Every facet --facets accepts, in the order its help lists them.
inline constexpr SearchFacet kSearchFacets[] = {
    {facet_name(Facet::country), FacetKind::entity, Facet::country},
    {facet_name(Facet::org), FacetKind::entity, Facet::org},
    {facet_name(Facet::incident), FacetKind::entity, Facet::incident},
    {facet_name(Facet::actor), FacetKind::entity, Facet::actor},
    {"lang", FacetKind::language},
    {"year", FacetKind::year},
    {"month", FacetKind::month},
    {"format", FacetKind::format},
};

// The facet called `name`; nullopt for anything else.
constexpr std::optional<SearchFacet> search_facet(std::string_view name) {
    for (const SearchFacet& facet : kSearchFacets)
        if (facet.name == name) return facet;
    return std::nullopt;
}

// Year and month list every value in date order; the others list the most
// frequent first, up to --facet-limit.
constexpr bool is_histogram(const SearchFacet& facet) {
    return facet.kind == FacetKind::year || facet.kind == FacetKind::month;
}

// The facet names joined by `separator`: "country,org,...,month".
inline std::string search_facet_names(std::string_view separator) {
    std::string names;
    for (const SearchFacet& facet : kSearchFacets) {
        if (!names.empty()) names += separator;
        names += facet.name;
    }
    return names;
}

}  // namespace dossier
