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
//           {"text": "PRISM", "exact_case": true},
//           {"text": "SEA", "context": true}
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
//   "context": bool        counts only in context (below): for names that
//                          are also ordinary words or short abbreviations
//                          ("SEA", "GOP", "IRIDIUM", "Anonymous", "Play")
// Defaults for a flag left out:
//   exact_case  - true for a single all-capitals word of 2 or more letters
//                 and no digits ("PRISM", "DNC", "KA-SAT", "CAMBERDADA": a
//                 name its source writes in capitals must not match the
//                 ordinary word), false otherwise: several all-capitals
//                 words are a name in capitals ("EMISSARY PANDA" matches
//                 "Emissary Panda"), and codes with digits are unambiguous
//                 ("APT28" matches "apt28");
//   capitalized - true when the alias is written with a capital first letter
//                 ("Flame", "Fancy Bear", "EMISSARY PANDA": not "flame",
//                 "fancy bear") and is not exact_case, false when it starts
//                 in lower case or an uncased script ("想哭");
//   context     - false. `dossier-gazetteer import-misp` decides it (and
//                 exact_case/capitalized of single all-capitals words) for
//                 each MISP name and writes it into the file; see
//                 tools/misp_import.h.
// Variants: each alias also matches glued: "Syrian Electronic Army" matches
// "SyrianElectronicArmy"; a word of capitals then digits also matches
// split, in those capitals ("APT28": "APT 28", "APT-28"; "TA505": "TA 505";
// never "Apt 1"); a CamelCase word of three parts or more also matches
// spaced with its capitals ("SyrianElectronicArmy": "Syrian Electronic
// Army", but "HowAreYou" is no "How are you"), one of two parts does not
// ("DarkSide" is no "Dark Side").
// Context: a "context" alias counts only when the same document also names
// the same entry by an alias that needs no context (or by a context alias
// that is in context), or when the word right before or after it (only
// spaces or quotes between) is a cue: group, groups, gang, gangs, hackers,
// hacker, hacktivists, hacktivist, hacking, actor, actors, crew, operators,
// affiliates, ransomware, collective, APT, and gruppe, groupe, grupo,
// gruppo, kelompok, peretas, группировка/группировки, хакеры (cue words
// other than APT count only in lower case: "the Minsk Group" is no cue).
// A cue does not count for an alias that starts a sentence unless it is
// written there in capitals ("One group of States" is no actor "One").
// So "GOP" (the Republican party) and "SEA" (South-East Asia) alone are no
// actor, "the SEA hackers" and a report naming the Syrian Electronic Army
// first are.
// Matching is on analyzed terms (PhraseMatcher), never on substrings.
//
// Merging a user file: a new id adds an entry; an existing id gets the file's
// aliases and exclusions added, and its name, years, actor and country (when
// given) replace the old ones. Errors throw UsageError naming the file, the
// entry (index and id) and what is wrong.
#pragma once

#include <cstddef>
#include <atomic>
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
    bool context = false;  // counts only in context (see the file format)
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

    // The gazetteer shipped with dossier: data/gazetteer.json (written by
    // hand) merged with data/misp-gazetteer.json (generated from the MISP
    // galaxy by scripts/import-misp), so that hand-written entries keep
    // their ids and fields. Parsed once per process; each call returns a copy.
    // The MISP part is read on first need: naming a hand-written id
    // (find_entry of "apt28") does not read it.
    static Gazetteer builtin();

    // data/gazetteer.json alone: what the MISP import resolves names against.
    static Gazetteer handwritten();

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
    const std::vector<GazetteerEntry>& entries() const;

private:
    struct Compiled;
    std::shared_ptr<const Compiled> compiled() const;
    // Reads the built-in MISP part if this is builtin() and it is not read yet.
    void complete() const;

    // Shared by copies (the built-in gazetteer, ~3,300 entries, is held
    // once per process); a merge makes a new list.
    mutable std::shared_ptr<const std::vector<GazetteerEntry>> entries_;
    // builtin() with only the hand-written entries in entries_ so far.
    mutable std::atomic<bool> misp_pending_{false};
    mutable std::unique_ptr<std::mutex> mutex_;
    mutable std::shared_ptr<const Compiled> compiled_;
};

}  // namespace dossier
