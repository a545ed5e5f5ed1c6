// SPDX-License-Identifier: MIT
// The gazetteer: named cyber incidents and campaigns (facet "incident") and
// the threat actors behind them (facet "actor"), found in text by their
// names in any language and script.
//
// File format (data/gazetteer.json ships with dossier; users add their own
// files with --gazetteer FILE; `dossier-gazetteer check FILE` validates one):
//
//   {
//     "version": 1,                      required, must be 1
//     "description": "...",              optional, for people
//     "entries": [
//       {
//         "id": "wannacry",              required: [a-z0-9] then [a-z0-9-]*,
//                                        unique across both kinds
//         "kind": "incident",            "incident" or "actor" (required for a
//                                        new id; may be left out when adding
//                                        to an existing one)
//         "name": "WannaCry",            display name (required for a new id);
//                                        not matched in text unless it is
//                                        also listed in "aliases"
//         "years": [2017],               year(s) the incident happened or was
//                                        disclosed, 1970..2100 (incidents)
//         "aliases": [                   names as writers spell them, in any
//           "WannaCry", "想哭",          language and script
//           {"text": "PRISM", "exact_case": true}
//         ],
//         "exclude": ["Olympic Flame"],  optional: longer phrases around an
//                                        alias that do NOT name an entry; a
//                                        match of one hides the alias inside
//         "actor": "lazarus",            optional: id of the attributed actor
//         "country": "KP",               optional: ISO 3166-1 alpha-2 of the
//                                        state it is attributed to ("" or
//                                        absent: none, e.g. criminal groups)
//         "note": "..."                  optional, for people
//       }
//     ]
//   }
//
// An alias is a string or an object {"text": ..., plus MatchRule flags}:
//   "exact_case": bool     letters must match case exactly
//   "capitalized": bool    first letter must be a capital (cased scripts)
//   "person_name": bool    also a person's name: not next to another
//                          capitalized word ("Emma Lazarus")
//   "languages": ["id"]    only in documents of these languages
//   "stem_language": "ru"  match inflected forms under that stemmer
// Defaults for a flag left out:
//   exact_case  - true for an all-capitals alias of 2 or more letters and
//                 no digits ("PRISM", "DNC", "CAMBERDADA", MISP's "SUMMIT":
//                 a name its source writes in capitals must not match the
//                 ordinary word), false otherwise ("APT28" matches "apt28":
//                 codes with digits are unambiguous);
//   capitalized - true when the alias is written with a capital first letter
//                 ("Flame", "Fancy Bear": not "flame", "fancy bear"), false
//                 when it starts in lower case or an uncased script ("想哭").
// Matching is on analyzed terms (PhraseMatcher), never on substrings.
//
// Merging a user file: a new id adds an entry; an existing id gets the file's
// aliases and exclusions added, and its name, years, actor and country (when
// given) replace the old ones. Errors throw UsageError naming the file, the
// entry (index and id) and what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "text/analyzer.h"
#include "entities/entity.h"
#include "text/phrase_matcher.h"

namespace dossier {

// The gazetteer file format version this dossier reads and the import
// writes, and the years an entry may name.
inline constexpr int kGazetteerFormatVersion = 1;
inline constexpr int kGazetteerMinYear = 1970;
inline constexpr int kGazetteerMaxYear = 2100;

// One name of an entry and how strictly text must agree with it.
struct GazetteerAlias {
    std::string text;
    MatchRule rule;
};

// One incident or actor.
struct GazetteerEntry {
    std::string id;                      // "exchange-2021", "apt28"
    Facet kind = Facet::incident;        // Facet::incident or Facet::actor
    std::string name;                    // display name
    std::vector<int> years;              // ascending, no duplicates
    std::vector<std::string> aliases;    // as written in the data (texts of `names`)
    std::vector<GazetteerAlias> names;   // aliases with their match rules
    std::vector<std::string> exclude;    // phrases that hide an alias
    std::string actor;                   // attributed actor id, or ""
    std::string country;                 // ISO 3166-1 alpha-2, or ""
};

// The analyzed terms of a name joined, for comparing names as the matcher
// sees them ("Microsoft  exchange" == "microsoft Exchange").
std::string gazetteer_name_key(std::string_view text);

// The match rule an alias gets when its object leaves the flags out (see the
// file format above).
MatchRule default_alias_rule(std::string_view alias);

class Gazetteer {
public:
    Gazetteer();
    Gazetteer(const Gazetteer& other);
    Gazetteer(Gazetteer&& other) noexcept;
    Gazetteer& operator=(const Gazetteer& other);
    Gazetteer& operator=(Gazetteer&& other) noexcept;
    ~Gazetteer();

    // The gazetteer shipped in data/gazetteer.json (parsed once per process;
    // each call returns a copy).
    static Gazetteer builtin();

    // Merges a user's gazetteer file. Throws UsageError naming the file when
    // it cannot be read or is not a valid gazetteer; on error nothing of the
    // file is merged.
    void merge_file(const std::filesystem::path& file);

    // Merges gazetteer JSON text; `source_name` (a file name) is what error
    // messages name. Throws UsageError; on error nothing is merged.
    void merge_json(std::string_view json, const std::string& source_name);

    // Appends to `out` the incidents and actors `tokens` (from analyze(text))
    // name, in text order; a name shared by several entries ("Hafnium": the
    // actor and the 2021 Exchange compromise) gives a mention of each.
    // `lang` is the document's language. Builds the matcher on first use.
    void find(const std::vector<Token>& tokens, std::string_view text, std::string_view lang,
              std::vector<EntityMention>& out) const;

    // The entry of `kind` whose id, name or any alias is `id_or_alias`
    // (case-insensitive, compared as analyzed terms); nullptr if none.
    const GazetteerEntry* find_entry(Facet kind, std::string_view id_or_alias) const;

    // Up to `max` ids, names or aliases of `kind` closest in spelling to
    // `name` (one per entry, closest first), for "did you mean"; empty when
    // nothing is close.
    std::vector<std::string> nearest_names(Facet kind, std::string_view name, std::size_t max = 5) const;

    // Stable hex digest of the merged content (entries, names and match
    // rules), so that an index can tell the gazetteer changed.
    std::string fingerprint() const;

    // Number of entries of `kind`.
    std::size_t size(Facet kind) const;

    // All entries, in the order they were first added.
    const std::vector<GazetteerEntry>& entries() const { return entries_; }

private:
    struct Compiled;
    std::shared_ptr<const Compiled> compiled() const;

    std::vector<GazetteerEntry> entries_;
    mutable std::unique_ptr<std::mutex> mutex_;
    mutable std::shared_ptr<const Compiled> compiled_;
};

}  // namespace dossier
