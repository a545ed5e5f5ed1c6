// SPDX-License-Identifier: MIT
// The MISP galaxy import of dossier-gazetteer: MISP's threat-actor,
// intrusion-set and campaign clusters turned into gazetteer JSON (see
// entities/gazetteer.h for the format). It lives with the tool, not in the
// shared library: only `dossier-gazetteer import-misp` runs it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dossier {

// Converts one MISP galaxy cluster file (threat-actor.json,
// mitre-intrusion-set.json, tidal-campaigns.json, ...) to gazetteer JSON
// ({"version":1,"entries":[...]}): clusters of type threat-actor and
// intrusion-set give actors, campaigns give incidents with the years from
// first_seen to last_seen. Countries come from meta.cfr-suspected-state-sponsor
// or meta.country (see misp_country_code). A value
// the built-in gazetteer knows (as id, name or alias, same kind) keeps the
// built-in id, so loading the result adds its synonyms to that entry; other
// ids are the value lower-cased with runs of other characters as '-', given
// a "-actor"/"-incident" suffix when a built-in entry of the other kind has
// that id, and made unique with "-2", "-3". A campaign's actor is the first
// group its description links to, by the same rule.
// Adds one line to `warnings` per problem (unknown country name, value
// skipped). Throws UsageError when `cluster` is not a galaxy cluster.
nlohmann::json import_misp_galaxy(const nlohmann::json& cluster, std::vector<std::string>& warnings);

// Adds the entries of `imported` (from import_misp_galaxy) to the gazetteer
// JSON `into` (null or {"version":1,"entries":[...]}): an entry of the same
// kind with the same id or the same MITRE ATT&CK group id alias ("G0007")
// adds its aliases to that entry (the same group in two clusters); an id
// taken by the other kind gets a "-actor"/"-incident" suffix.
void append_imported(nlohmann::json& into, const nlohmann::json& imported);

// ISO 3166-1 alpha-2 code of a MISP country value: a name as MISP writes it
// ("Russian Federation", "Iran (Islamic Republic of)", "China") or a code
// ("US", "RUS"), resolved through the one country table
// (CountryNames::builtin(): ICU's names and data/countries.tsv); "" when
// unknown.
std::string misp_country_code(std::string_view value);

}  // namespace dossier
