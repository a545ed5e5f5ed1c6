// SPDX-License-Identifier: MIT
// Countries and organisations named in text, across languages and scripts:
// "China", "Tiongkok", "RRC", "中国", "Китай", "الصين" and "Beijing" all name
// CN; "NATO", "北约" and "الناتو" name the org NATO. Names come from ICU's
// localized region names plus data/countries.tsv (abbreviations, capitals,
// states and cities, state agencies used for the state, blocs, and "none"
// rows that stop a longer phrase from counting: "South China Sea") and
// data/demonyms.tsv (the demonyms and adjectives of every country).
//
// Decisions on ambiguous names (see data/countries.tsv for the full list):
//   - "Korea" and "Korean" alone are KR (modern usage; "North Korea" is
//     always qualified); "Korean Peninsula"/"Korean War" name neither.
//   - "Georgia" is GE with the person-name rule ("Georgia Smith" no); it is
//     the US state where the text says so ("Atlanta, Georgia", "state of
//     Georgia") or names another US state (flag yields_to=US).
//   - Places count for their country: US states and cities, capitals and
//     large cities elsewhere (flags place, state), but not inside a
//     treaty's name ("Budapest Convention", "Treaty of Lisbon").
//   - Demonyms that are no other word match in lower case ("iranian");
//     "north Korean" is KP, never "Korean" (KR).
//   - Multi-word names also match glued in CamelCase ("NorthKorea"); ISO
//     alpha-3 codes match in capitals ("PRK") unless their neighbours are
//     all-capital words too ("WE ARE READY") or the table lists them as
//     words ("CAN", "TLS").
//   - Not the country: a name touching a currency sign ("US$"); an
//     acronym the text defines as something else ("Minuteman Senior
//     Services (MSS)"); a generic agency name right after another
//     country's name ("Russian Cyber Command", flag generic).
//   - "Chad", "Jordan", "Washington", "Berlin", "Paris", "London" use the
//     person-name rule; "Israel" and "Niger" do not ("Israel Defense
//     Forces" must count; "Niger Delta" is blocked instead).
//   - "US", "UK", "UAE", "UN", "EU", "SCO", agency acronyms: exact case.
//     "AS" is the US only in Indonesian and Malay documents, "AU" is the
//     African Union only in English ones, "UE" the EU only in Romance ones.
//   - "Hong Kong" is HK, "Taiwan"/"Chinese Taipei" TW, "South China Sea" is
//     no country, "Papua New Guinea" PG, "New Mexico" no country.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "text/analyzer.h"
#include "entities/entity.h"
#include "text/phrase_matcher.h"

namespace dossier {

class CountryNames {
public:
    // The built-in resolver: ICU's region names for every ISO 3166-1 code
    // (plus XK, Kosovo) in en, id, ms, zh, zh_Hant, ja, ko, ru, uk, ar, fa,
    // fr, es, pt, de, tr, vi, hi, th, it, nl, pl, he (full and short forms),
    // the alpha-3 codes, and the rows of data/countries.tsv and
    // data/demonyms.tsv. Created once, on first use
    // (thread-safe via a function-local static) with only the codes and the
    // table's rows (~1 ms): display names need nothing more. The matching
    // and lookup tables (about 8,100 names analyzed, ~110 ms) are built on
    // the first call that needs them (find, country_code, org_id, nearest_*,
    // size), once, thread-safe.
    static const CountryNames& builtin();

    // A resolver from ICU's names and `table`, text in the format of
    // data/countries.tsv (rows of the table override ICU names with the
    // same words), with its matching tables built at once. Throws
    // std::invalid_argument naming the line of a malformed row.
    explicit CountryNames(std::string_view table);

    CountryNames(const CountryNames&) = delete;
    CountryNames& operator=(const CountryNames&) = delete;

    // Appends to `out` one EntityMention (Facet::country or Facet::org) per
    // mention, in text order, for `tokens` = analyze(`text`) of a document
    // in language `lang`. One phrase naming two states ("中美") gives two
    // mentions with the same span.
    void find(const std::vector<Token>& tokens, std::string_view text, std::string_view lang,
              std::vector<EntityMention>& out) const;

    // A country named by a user in a query or option: an alpha-2 code in
    // any case ("cn", "CN"), an alpha-3 code ("CHN"), or any name or alias
    // in any language ("Tiongkok", "中国", "Republik Rakyat China"); nullopt
    // when unknown. Case-insensitive; ignores the matcher's context rules.
    // Codes come first: "AS" is American Samoa (write "Amerika Serikat" or
    // "US" for the United States), "IN" is India.
    std::optional<std::string> country_code(std::string_view name) const;

    // Same for organisations: an org id or any alias ("nato", "Uni Eropa"
    // -> "EU", "ООН" -> "UN").
    std::optional<std::string> org_id(std::string_view name) const;

    // Display name of a country code in `display_lang` (ICU; ("CN", "id")
    // -> "Tiongkok"; "zh-Hant" and "zh_Hant" both work), English when ICU
    // has no name in that language, the code itself when it is unknown.
    // Never builds the matching tables.
    std::string country_display_name(std::string_view code, std::string_view display_lang = "en") const;

    // The name of an org id: its first alias in data/countries.tsv
    // ("EU" -> "European Union"); the id itself when unknown. Never builds
    // the matching tables.
    std::string org_display_name(std::string_view id) const;

    // Up to `max` known names closest to `name` (edit distance on the
    // normalized form, ties by length, then alphabetical), for "did you
    // mean" messages: "Tiongkk" -> "Tiongkok", ...
    std::vector<std::string> nearest_country_names(std::string_view name, std::size_t max = 5) const;
    // Same for organisations.
    std::vector<std::string> nearest_org_names(std::string_view name, std::size_t max = 5) const;

    // Number of names and aliases registered for matching (ICU + table).
    std::size_t size() const { return matching().aliases.size(); }

    // Number of those that came from ICU's localized region names.
    std::size_t icu_name_count() const { return matching().icu_names; }

private:
    enum class Kind : std::uint8_t { country, org, none };
    struct Alias {
        std::string id;     // "CN", "NATO"; empty for kind none
        Kind kind = Kind::country;
        std::string name;   // as written in the table or by ICU
        MatchRule rule;
        bool place = false;      // a city or region: not inside a treaty's name
        bool state = false;      // a first-level region (flag state)
        bool generic = false;    // another state's after its name or adjective
        bool alpha3 = false;     // an ISO alpha-3 code: not among all-caps words
        std::string yields_to;   // not this country beside a state of that one
    };
    struct TableRow {
        Alias alias;
        std::string file;      // "countries.tsv", for error messages
        std::size_t line = 0;  // in the table, for error messages
    };
    struct Table {
        std::string_view name;  // "countries.tsv"
        std::string_view text;
    };
    struct Known {
        std::string key;    // normalized words, space separated
        std::string name;   // as written
    };
    using KeyMap = std::unordered_map<std::string, std::string>;
    using StemMap = std::unordered_map<std::string, KeyMap>;  // stem language -> stemmed key -> id

    // What finding names in text and resolving a user's name need: every
    // alias analyzed into terms. Costly (ICU names in 23 languages, each
    // analyzed), so built on first use; display names never need it.
    struct Matching {
        std::vector<Alias> aliases;
        PhraseMatcher matcher;
        std::unordered_set<std::string> known_terms;  // every term of a registered name
        KeyMap country_by_key;                        // "" value: ambiguous
        KeyMap org_by_key;
        StemMap country_by_stem;                      // "ru" -> "росс" -> "RU"
        StemMap org_by_stem;
        std::vector<Known> country_names;
        std::vector<Known> org_list;
        std::unordered_map<std::string, std::string> alpha3;  // "CHN" -> "CN"
        std::size_t icu_names = 0;

        void add_alias(Alias alias, const std::vector<std::string>& terms);
    };

    struct Deferred {};
    // Codes and organisation names only (what display names need); the
    // tables are read and validated with the matching tables, at first use.
    CountryNames(const std::vector<Table>& tables, Deferred);
    // The rows of `table`, validated.
    std::vector<TableRow> parse_table(const Table& table) const;
    // The first alias of each organisation in `table`, its display name.
    void add_org_names(const Table& table);

    // One region name from ICU and what the locales that gave it say.
    struct IcuName;

    const Matching& matching() const;
    // The steps of build_matching, in order: the table's rows first (they
    // override ICU's reading of the same words), then ICU's region names,
    // then the suggestion lists pruned to names that resolve.
    std::unique_ptr<Matching> build_matching() const;
    std::set<std::string> add_table_rows(Matching& m, const std::vector<TableRow>& rows) const;
    void add_alpha3_codes(Matching& m, const std::set<std::string>& table_keys) const;
    static void add_glued(Matching& m, const Alias& alias, std::uint32_t value, std::size_t terms);
    static std::map<std::string, IcuName> collect_icu_names(const std::unordered_set<std::string>& codes);
    static void add_icu_names(Matching& m, const std::map<std::string, IcuName>& names,
                              const std::set<std::string>& table_keys);
    static Alias icu_alias(const std::string& code, const std::string& key, const std::vector<std::string>& terms,
                           const IcuName& candidate);
    static void keep_only_resolving_suggestions(Matching& m);
    // Tokens as the matcher wants them: each term's span narrowed to its
    // part of the word, possessives dropped, glued clitics and particles
    // taken off.
    std::vector<Token> refine(const Matching& matching, const std::vector<Token>& tokens,
                              std::string_view text) const;
    bool person_name_context(const std::vector<Token>& tokens, std::size_t first, std::string_view text,
                             std::string_view lang) const;
    bool among_capital_words(const std::vector<Token>& tokens, const PhraseMatch& match, std::string_view text) const;
    static std::optional<std::string> lookup(std::string_view name, const KeyMap& by_key, const StemMap& by_stem);
    static std::vector<std::string> nearest(const std::vector<Known>& names, std::string_view name,
                                            std::size_t max);

    // Built by the constructor: cheap, enough for display names (a facet
    // count names its values in every dossier-search run).
    std::unordered_set<std::string> codes_;                           // alpha-2 codes
    std::unordered_map<std::string, std::string> org_names_;          // id -> display name
    std::vector<std::pair<std::string, std::string>> tables_;         // name, text: read by build_matching

    mutable std::once_flag matching_built_;
    mutable std::unique_ptr<Matching> matching_;
};

}  // namespace dossier
