// SPDX-License-Identifier: MIT
// The MISP galaxy import of dossier-gazetteer: MISP's threat-actor,
// intrusion-set and campaign clusters turned into gazetteer JSON (see
// entities/gazetteer.h for the format). It lives with the tool, not in the
// shared library: only `dossier-gazetteer import-misp` runs it.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dossier {

// Lower-case words of a spelling word list (one a line, e.g.
// /usr/share/dict/words from Debian's wamerican): a MISP name that is one of
// them is an ordinary word and needs context to count.
using OrdinaryWords = std::unordered_set<std::string>;

// Reads a word list (one word a line, any case; "#" lines ignored) into
// `words`. Throws UsageError when the file cannot be read.
void read_word_list(const std::string& path, OrdinaryWords& words);

// Converts one MISP galaxy cluster file (threat-actor.json,
// mitre-intrusion-set.json, tidal-groups.json, ransomware.json,
// tidal-campaigns.json, ...) to gazetteer JSON ({"version":1,"entries":[...]}):
// clusters of type threat-actor, intrusion-set, groups and ransomware give
// actors, campaigns give incidents with the years from first_seen to
// last_seen. Countries come from meta.cfr-suspected-state-sponsor or
// meta.country (see misp_country_code). A value the hand-written gazetteer
// (Gazetteer::handwritten()) knows (as id, name or alias, same kind) keeps
// its id, so loading the result adds its synonyms to that entry; other ids
// are the value lower-cased with runs of other characters as '-', given a
// "-actor"/"-incident" suffix when a hand-written entry of the other kind has
// that id, and made unique with "-2", "-3". A campaign's actor is the first
// group its description links to, by the same rule.
//
// Names of actors get the match flags misp_actor_alias decides (`words`:
// the ordinary words; null: every single word counts as ordinary). An actor
// name that the hand-written gazetteer lists as an incident's name and not
// as an actor's ("WannaCry") is left out: the incident is what it names; so
// is a name of a country or nationality ("Turkish", "Cuba": a ransomware
// name so is kept only as "Cuba ransomware").
// Ransomware families and gangs (ransomware.json) are imported by the name
// without "Ransomware" ("Royal Ransomware" -> "Royal") plus that name
// followed by "ransomware"; values written as fakes, clones or unnamed are
// skipped, and values with the same name are one entry.
// Adds one line to `warnings` per problem (unknown country name, value
// skipped). Throws UsageError when `cluster` is not a galaxy cluster.
nlohmann::json import_misp_galaxy(const nlohmann::json& cluster, std::vector<std::string>& warnings,
                                  const OrdinaryWords* words = nullptr);

// The alias JSON (a string, or an object with match flags, see
// entities/gazetteer.h) the import writes for an actor's name `text`:
//   - a name with a distinctive word: a code in capitals with digits
//     ("APT28", "TA505"), letters and digits or CamelCase that are no
//     ordinary word ("lockbit5", "LockBit", "REvil"): as it is;
//   - one word in capitals of at most 4 letters ("SEA", "GOP", "LEAD"):
//     exact case and context;
//   - one word in capitals that is an ordinary word ("SUMMIT", "IRIDIUM",
//     "RANCOR"): capitalized ("Rancor") and context;
//   - one other word in capitals ("CARBANAK", "WINNTI"): capitalized, not
//     exact case;
//   - one word not in capitals that is an ordinary word ("Anonymous",
//     "Play", "Silence", "CoronaVirus", "Group3"), and any one-word
//     ransomware name ("Conti", "Naga", "Katyusha"): context;
//   - several words: as they are ("Anonymous Sudan"; "EMISSARY PANDA"
//     matches "Emissary Panda" by the default rules), but ordinary words
//     with a number ("Group 3") need context, ordinary words written in
//     Title Case ("The Mask", "Sea Turtle") need their capitals
//     (exact_case), and ransomware names need context ("Black Basta").
// Campaign names (`campaign`) follow the same rules, but several ordinary
// words need context ("Outer Space", a Tidal campaign, is not every speech
// on outer space).
nlohmann::json misp_actor_alias(const std::string& text, const OrdinaryWords* words, bool ransomware = false,
                                bool campaign = false);

// Adds the entries of `imported` (from import_misp_galaxy) to the gazetteer
// JSON `into` (null or {"version":1,"entries":[...]}): an entry of the same
// kind with the same id, the same MITRE ATT&CK group id alias ("G0007") or
// whose name is an alias of an entry already there ("Vice Society") adds
// its aliases to that entry (the same group in two clusters); an id taken by
// the other kind gets a "-actor"/"-incident" suffix.
void append_imported(nlohmann::json& into, const nlohmann::json& imported);

// ISO 3166-1 alpha-2 code of a MISP country value: a name as MISP writes it
// ("Russian Federation", "Iran (Islamic Republic of)", "China") or a code
// ("US", "RUS"), resolved through the one country table
// (CountryNames::builtin(): ICU's names and data/countries.tsv); "" when
// unknown.
std::string misp_country_code(std::string_view value);

}  // namespace dossier
