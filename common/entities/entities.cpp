// SPDX-License-Identifier: MIT
#include "entities/entities.h"
#include "base/strings.h"

#include <algorithm>

#include "entities/country_names.h"
#include "base/error.h"

namespace dossier {

EntityCatalog EntityCatalog::load(const std::vector<std::string>& gazetteer_files) {
    auto gazetteers = std::make_shared<Gazetteers>();
    // A user's file is checked now, so that a bad one is reported before
    // any work; the built-in gazetteer alone (~4 ms to parse) waits until
    // an incident or actor is asked for. The country matching tables are
    // not built here either: they cost ~70 ms and only extract() and
    // resolve() need them (CountryNames builds them on first use, once).
    if (!gazetteer_files.empty()) {
        std::call_once(gazetteers->loaded, [&] {
            Gazetteer gazetteer = Gazetteer::builtin();
            for (const std::string& file : gazetteer_files) gazetteer.merge_file(file);
            gazetteers->gazetteer.emplace(std::move(gazetteer));
        });
    }
    return EntityCatalog(std::move(gazetteers));
}

const Gazetteer& EntityCatalog::gazetteer() const {
    std::call_once(gazetteers_->loaded, [this] { gazetteers_->gazetteer.emplace(Gazetteer::builtin()); });
    return *gazetteers_->gazetteer;
}

std::vector<EntityMention> EntityCatalog::mentions(const std::vector<Token>& tokens, std::string_view text,
                                                  std::string_view lang) const {
    std::vector<EntityMention> found;
    CountryNames::builtin().find(tokens, text, lang, found);
    gazetteer().find(tokens, text, lang, found);
    return found;
}

Evidence EntityCatalog::extract(const std::vector<Token>& tokens, std::string_view text,
                                std::string_view lang) const {
    Evidence evidence;
    for (const EntityMention& mention : mentions(tokens, text, lang)) {
        std::vector<std::string>& words = evidence[std::string(facet_name(mention.facet))][mention.id];
        std::string written(text.substr(mention.begin, mention.end - mention.begin));
        if (words.size() < kEvidenceWords && std::find(words.begin(), words.end(), written) == words.end())
            words.push_back(std::move(written));
    }
    return evidence;
}

Inferences EntityCatalog::infer_countries(Evidence& evidence) const {
    Inferences inferred;
    const auto actors = evidence.find(std::string(facet_name(Facet::actor)));
    if (actors == evidence.end()) return inferred;
    const std::string country_facet(facet_name(Facet::country));
    for (const auto& [actor, words] : actors->second) {
        const GazetteerEntry* entry = gazetteer().find_entry(Facet::actor, actor);
        if (entry == nullptr || entry->id != actor || entry->country.empty()) continue;
        // Named in the text: direct, with its words. (Inferred countries
        // join `evidence` only below, so this sees the named ones alone.)
        if (const auto named = evidence.find(country_facet);
            named != evidence.end() && named->second.count(entry->country))
            continue;
        std::vector<std::string>& sources = inferred[country_facet][entry->country];
        if (sources.size() < kEvidenceWords) sources.push_back(inference_source(Facet::actor, actor));
    }
    for (const auto& [facet, values] : inferred)
        for (const auto& [id, sources] : values) evidence[facet].try_emplace(id);
    return inferred;
}

InferredFrom EntityCatalog::inferred_from(std::string_view source) const {
    const std::size_t colon = source.find(':');
    InferredFrom from;
    from.facet = source.substr(0, std::min(colon, source.size()));
    from.id = colon == std::string_view::npos ? std::string(source) : std::string(source.substr(colon + 1));
    const std::optional<Facet> facet = facet_from_name(from.facet);
    from.name = facet ? display_name(*facet, from.id, "en") : from.id;
    from.text = "via " + (facet ? from.facet + " " : std::string()) + from.name;
    return from;
}

std::string EntityCatalog::resolve(Facet facet, std::string_view value) const {
    const CountryNames& countries = CountryNames::builtin();
    std::optional<std::string> id;
    std::vector<std::string> nearest;
    switch (facet) {
    case Facet::country:
        id = countries.country_code(value);
        if (!id) nearest = countries.nearest_country_names(value);
        break;
    case Facet::org:
        id = countries.org_id(value);
        if (!id) nearest = countries.nearest_org_names(value);
        break;
    case Facet::incident:
    case Facet::actor:
        if (const GazetteerEntry* entry = gazetteer().find_entry(facet, value)) id = entry->id;
        else nearest = gazetteer().nearest_names(facet, value);
        break;
    }
    if (id) return *id;
    std::string message = "no " + std::string(facet_name(facet)) + " is called '" + std::string(value) + "'";
    if (!nearest.empty()) message += "; nearest known names: " + join(nearest, ", ");
    throw QueryError(message);
}

std::optional<std::string> EntityCatalog::find(Facet facet, std::string_view name) const {
    switch (facet) {
    case Facet::country:
        return CountryNames::builtin().country_code(name);
    case Facet::org:
        return CountryNames::builtin().org_id(name);
    case Facet::incident:
    case Facet::actor:
        if (const GazetteerEntry* entry = gazetteer().find_entry(facet, name)) return entry->id;
        break;
    }
    return std::nullopt;
}

std::string EntityCatalog::display_name(Facet facet, std::string_view id, std::string_view display_lang) const {
    switch (facet) {
    case Facet::country:
        return CountryNames::builtin().country_display_name(id, display_lang);
    case Facet::org:
        return CountryNames::builtin().org_display_name(id);
    case Facet::incident:
    case Facet::actor:
        if (const GazetteerEntry* entry = gazetteer().find_entry(facet, id)) return entry->name;
        break;
    }
    return std::string(id);
}

void EntityCatalog::prepare_extraction() const {
    // Extracting from a word builds every table extract() uses.
    constexpr std::string_view sample = "Nations";
    extract(analyze(sample), sample, "en");
}

std::string EntityCatalog::fingerprint() const { return gazetteer().fingerprint(); }

}  // namespace dossier
