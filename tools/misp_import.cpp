// SPDX-License-Identifier: MIT
#include "tools/misp_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include <fstream>

#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/error.h"
#include "base/strings.h"
#include "base/utf8.h"
#include "entities/country_names.h"
#include "entities/gazetteer.h"
#include "text/stopwords.h"

namespace dossier {

namespace {

using json = nlohmann::json;

// The gazetteer file format this import writes, and the years a
// gazetteer accepts: others are not read as a first or last sighting.
constexpr int kFormatVersion = kGazetteerFormatVersion;
constexpr int kMinYear = kGazetteerMinYear;
constexpr int kMaxYear = kGazetteerMaxYear;

std::string_view kind_name(Facet kind) { return kind == Facet::actor ? "actor" : "incident"; }

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

// The text of an alias as the import writes it: a string or {"text": ...}.
std::string alias_text(const json& alias) {
    if (alias.is_string()) return alias.get<std::string>();
    if (alias.is_object() && alias.contains("text") && alias["text"].is_string()) return alias["text"].get<std::string>();
    return {};
}

std::string utf8(const std::u32string& points) {
    std::string out;
    for (const char32_t c : points) {
        char buffer[4];
        int32_t length = 0;
        UBool error = false;
        U8_APPEND(reinterpret_cast<uint8_t*>(buffer), length, 4, static_cast<UChar32>(c), error);
        if (!error) out.append(buffer, static_cast<std::size_t>(length));
    }
    return out;
}

// What a name looks like: its runs of letters and digits ("TEMP.Veles":
// "TEMP", "Veles") and their case.
struct NameShape {
    std::vector<std::u32string> runs;
    std::size_t letters = 0;
    bool all_upper = true;     // every cased letter is a capital
    bool distinctive = false;  // a CamelCase run ("LockBit", "REvil") or letters and digits in one ("TA505")
};

NameShape shape_of(std::string_view text) {
    NameShape shape;
    std::u32string run;
    const auto finish = [&] {
        if (run.empty()) return;
        bool letter = false, digit = false;
        for (std::size_t i = 0; i < run.size(); ++i) {
            const auto c = static_cast<UChar32>(run[i]);
            letter = letter || u_isalpha(c);
            digit = digit || u_isdigit(c);
            if (i >= 1 && u_islower(static_cast<UChar32>(run[i - 1])) && u_isupper(c)) shape.distinctive = true;
            if (i >= 2 && u_isupper(static_cast<UChar32>(run[i - 2])) && u_isupper(static_cast<UChar32>(run[i - 1])) &&
                u_islower(c))
                shape.distinctive = true;
        }
        if (letter && digit) shape.distinctive = true;
        shape.runs.push_back(run);
        run.clear();
    };
    for (const char32_t point : code_points(text)) {
        const auto c = static_cast<UChar32>(point);
        if (!u_isalnum(c)) {
            finish();
            continue;
        }
        run += point;
        if (u_isalpha(c)) {
            ++shape.letters;
            if (u_hasBinaryProperty(c, UCHAR_CASED) && !u_isupper(c)) shape.all_upper = false;
        }
    }
    finish();
    return shape;
}

bool ordinary_word(const std::u32string& run, const OrdinaryWords* words) {
    if (words == nullptr) return true;
    std::u32string lower;
    for (const char32_t c : run) lower += static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
    return words->count(utf8(lower)) > 0;
}

// "Royal Ransomware" -> "Royal", "Ocelot Ransomware (FAKE RANSOMWARE)" ->
// nothing (a fake), "5ss5c(5ss5cCrypt)" -> "5ss5c".
std::optional<std::string> ransomware_core(const std::string& name) {
    const std::string lower = ascii_lower(name);
    for (const char* fake : {"fake", "unnamed", "official name", "impersonator", "clone"})
        if (lower.find(fake) != std::string::npos) return std::nullopt;
    static const std::regex kBrackets(R"(\s*\([^)]*\)?)");
    static const std::regex kSuffix(R"((^|[\s_\-]+)(ransom|ramsom|ranson)[a-z]*\b.*$)", std::regex::icase);
    std::string core = std::regex_replace(name, kBrackets, " ");
    core = std::regex_replace(core, kSuffix, "");
    while (!core.empty() && (core.back() == ' ' || core.back() == '-' || core.back() == '_')) core.pop_back();
    while (!core.empty() && core.front() == ' ') core.erase(0, 1);
    if (gazetteer_name_key(core).empty()) core = std::regex_replace(name, kBrackets, " ");
    while (!core.empty() && core.back() == ' ') core.pop_back();
    if (gazetteer_name_key(core).empty()) return std::nullopt;
    // "of Ransomware: OpenToYou" gives "of": no name.
    const NameShape shape = shape_of(core);
    if (shape.letters < 3) return std::nullopt;
    if (shape.runs.size() == 1) {
        const Xapian::Stopper* stop = stopper_for("en");
        if (stop != nullptr && (*stop)(ascii_lower(core))) return std::nullopt;
    }
    return core;
}

std::string make_id(std::string_view value) {
    std::string id;
    for (const char raw : value) {
        const char c = (raw >= 'A' && raw <= 'Z') ? static_cast<char>(raw - 'A' + 'a') : raw;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id += c;
        else if (!id.empty() && id.back() != '-') id += '-';
    }
    while (!id.empty() && id.back() == '-') id.pop_back();
    return id;
}

// "2015-12-01T05:00:00Z" -> 2015.
std::optional<int> year_of(const json& value) {
    if (!value.is_string()) return std::nullopt;
    const std::string text = value.get<std::string>();
    if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const int year = std::stoi(text.substr(0, 4));
    if (year < kMinYear || year > kMaxYear) return std::nullopt;
    return year;
}

std::vector<std::string> string_list(const json& value) {
    std::vector<std::string> out;
    if (value.is_string()) out.push_back(value.get<std::string>());
    else if (value.is_array())
        for (const json& item : value)
            if (item.is_string()) out.push_back(item.get<std::string>());
    return out;
}

std::optional<Facet> cluster_kind(const json& cluster) {
    const std::string type = cluster.contains("type") && cluster["type"].is_string() ? ascii_lower(cluster["type"].get<std::string>()) : "";
    const std::string category = cluster.contains("category") && cluster["category"].is_string()
                                     ? ascii_lower(cluster["category"].get<std::string>())
                                     : "";
    if (type.find("campaign") != std::string::npos || category.find("campaign") != std::string::npos)
        return Facet::incident;
    if (type.find("threat-actor") != std::string::npos || type.find("intrusion-set") != std::string::npos ||
        type.find("group") != std::string::npos || type == "ransomware" || category == "actor")
        return Facet::actor;
    return std::nullopt;
}

// Adds the names of `entry` to `known` (the same group or campaign seen
// twice) and fills the fields `known` lacks.
void merge_entry_json(json& known, const json& entry) {
    std::set<std::string> keys;
    for (const json& alias : known["aliases"]) keys.insert(gazetteer_name_key(alias_text(alias)));
    for (const json& alias : entry["aliases"])
        if (keys.insert(gazetteer_name_key(alias_text(alias))).second) known["aliases"].push_back(alias);
    for (const char* field : {"country", "years", "actor"})
        if (!known.contains(field) && entry.contains(field)) known[field] = entry[field];
    if (entry.contains("note")) {
        const std::string note = entry["note"].get<std::string>();
        const std::string had = known.value("note", "");
        if (had.find(note) == std::string::npos) known["note"] = had.empty() ? note : had + "; " + note;
    }
}

// MITRE ATT&CK group ids among the aliases ("G0007"), which name the same
// group across galaxy clusters.
std::set<std::string> attack_ids(const json& entry) {
    static const std::regex kAttackId(R"(^G\d{4}$)");
    std::set<std::string> ids;
    for (const json& alias : entry["aliases"])
        if (const std::string text = alias_text(alias); std::regex_match(text, kAttackId)) ids.insert(text);
    return ids;
}

// "The Netherlands" -> "Netherlands".
std::string_view without_leading_the(std::string_view name) {
    if (name.size() > 4 && ascii_lower(name.substr(0, 4)) == "the ") name.remove_prefix(4);
    return name;
}

// "Cocos (Keeling) Islands" -> "Cocos Islands", "Iran (Islamic Republic
// of)" -> "Iran".
std::string without_brackets(std::string_view name) {
    std::string out;
    int depth = 0;
    for (const char c : name) {
        if (c == '(') ++depth;
        else if (c == ')' && depth > 0) --depth;
        else if (depth == 0 && !(c == ' ' && (out.empty() || out.back() == ' '))) out += c;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace

void read_word_list(const std::string& path, OrdinaryWords& words) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError(path + ": cannot read the word list");
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::u32string lower;
        for (const char32_t c : code_points(line)) lower += static_cast<char32_t>(u_tolower(static_cast<UChar32>(c)));
        words.insert(utf8(lower));
    }
}

nlohmann::json misp_actor_alias(const std::string& text, const OrdinaryWords* words, bool ransomware, bool campaign) {
    const NameShape shape = shape_of(text);
    if (shape.runs.empty() || shape.letters < 2) return text;
    // A distinctive word: a code in capitals with digits ("APT28", "TA505"),
    // or letters and digits or CamelCase that are no ordinary word
    // ("lockbit5", "LockBit"; not "Group3", "CzechoSlovak", "CoronaVirus").
    bool distinctive = false, all_ordinary = true, digits_only_run = false;
    for (const std::u32string& run : shape.runs) {
        std::u32string letters;
        bool digit = false, camel = false, upper = true;
        for (std::size_t i = 0; i < run.size(); ++i) {
            const auto c = static_cast<UChar32>(run[i]);
            if (u_isdigit(c)) digit = true;
            if (!u_isalpha(c)) continue;
            letters += run[i];
            if (u_hasBinaryProperty(c, UCHAR_CASED) && !u_isupper(c)) upper = false;
            if (i >= 1 && u_islower(static_cast<UChar32>(run[i - 1])) && u_isupper(c)) camel = true;
            if (i >= 2 && u_isupper(static_cast<UChar32>(run[i - 2])) && u_isupper(static_cast<UChar32>(run[i - 1])) &&
                u_islower(c))
                camel = true;
        }
        if (letters.empty()) {
            digits_only_run = true;
            continue;
        }
        const bool ordinary = ordinary_word(letters, words) || ordinary_word(run, words);
        if (!ordinary) all_ordinary = false;
        if (digit && (upper || !ordinary)) distinctive = true;
        if (camel && !ordinary) distinctive = true;
    }
    if (distinctive) return text;
    if (shape.runs.size() > 1) {
        // "Black Basta", "Vice Society", "Angela Merkel Ransomware": only
        // next to "ransomware", "gang", ... or with a distinctive name.
        if (ransomware) return {{"text", text}, {"context", true}};
        // A campaign called "Outer Space": not every speech on outer space.
        if (campaign && all_ordinary) return {{"text", text}, {"context", true}};
        // "Group 3", "Group 72": numbered ordinary words, in context only.
        if (all_ordinary && digits_only_run) return {{"text", text}, {"context", true}};
        // "The Mask", "Cold River": ordinary words are a name only with
        // their capitals ("the mask" is no actor). Not context: vendors'
        // names are ordinary words too ("Volt Typhoon", "Mustang Panda").
        if (all_ordinary && !shape.all_upper) return {{"text", text}, {"exact_case", true}};
        return text;
    }
    const bool ordinary = all_ordinary;
    if (shape.all_upper) {
        if (shape.letters <= 4) return {{"text", text}, {"context", true}};
        if (ordinary) return {{"text", text}, {"exact_case", false}, {"capitalized", true}, {"context", true}};
        return {{"text", text}, {"exact_case", false}, {"capitalized", true}};
    }
    // Ransomware names of one plain word are names of anything ("Naga",
    // "Beethoven", "Katyusha", "Conti"): in context, or with "ransomware".
    if (ordinary || ransomware) return {{"text", text}, {"context", true}};
    // A short plain word ("Sima", "Madi", "Hezb") is as often a person's or
    // a party's name: in context only.
    if (shape.letters <= 4) return {{"text", text}, {"context", true}};
    return text;
}

std::string misp_country_code(std::string_view value) {
    const CountryNames& countries = CountryNames::builtin();
    if (const std::optional<std::string> code = countries.country_code(value)) return *code;
    // Registries qualify names in ways the country table need not know:
    // "The Netherlands", "Iran (Islamic Republic of)", "Cocos (Keeling) Islands".
    const std::string plain = without_brackets(without_leading_the(value));
    if (plain != value)
        if (const std::optional<std::string> code = countries.country_code(plain)) return *code;
    return {};
}

nlohmann::json import_misp_galaxy(const nlohmann::json& cluster, std::vector<std::string>& warnings,
                                  const OrdinaryWords* words) {
    if (!cluster.is_object() || !cluster.contains("values") || !cluster["values"].is_array())
        throw UsageError("not a MISP galaxy cluster (expected a JSON object with a \"values\" array)");
    const std::optional<Facet> kind = cluster_kind(cluster);
    const std::string type = cluster.contains("type") && cluster["type"].is_string() ? cluster["type"].get<std::string>() : "";
    if (!kind)
        throw UsageError("MISP galaxy cluster of type " + quote_text(type) +
                         " is neither threat actors, intrusion sets, groups, ransomware nor campaigns");
    const bool ransomware = ascii_lower(type) == "ransomware";

    static const std::regex kMitreSuffix(R"(^(.*\S)\s+-\s+([GC]\d{4})$)");
    static const std::regex kGroupLink(R"(\[([^\]]+)\]\(https?://[^)\s]*/groups/[^)\s]*\))");

    const Gazetteer builtin = Gazetteer::handwritten();
    // A name the hand-written gazetteer gives an incident and no actor
    // ("WannaCry", a ransomware family in MISP) names that incident.
    const auto incident_name = [&](const std::string& name) {
        return builtin.find_entry(Facet::incident, name) != nullptr && builtin.find_entry(Facet::actor, name) == nullptr;
    };
    std::map<std::string, std::size_t> ransomware_entries;  // name key -> index in entries
    std::map<std::string, Facet> builtin_kinds;
    for (const GazetteerEntry& known : builtin.entries()) builtin_kinds.emplace(known.id, known.kind);
    // The id for `name`, and whether it is a built-in entry's.
    const auto resolve_id = [&](Facet of_kind, const std::string& name) -> std::pair<std::string, bool> {
        if (const GazetteerEntry* known = builtin.find_entry(of_kind, name)) return {known->id, true};
        std::string id = make_id(name);
        if (id.empty()) id = std::string(kind_name(of_kind));
        if (const auto other = builtin_kinds.find(id); other != builtin_kinds.end()) {
            if (other->second == of_kind) return {id, true};
            id += "-" + std::string(kind_name(of_kind));
        }
        return {id, false};
    };

    json entries = json::array();
    std::set<std::string> ids;
    std::size_t index = 0;
    for (const json& value : cluster["values"]) {
        const std::size_t position = index++;
        if (!value.is_object() || !value.contains("value") || !value["value"].is_string() ||
            gazetteer_name_key(value["value"].get<std::string>()).empty()) {
            warnings.push_back("values[" + std::to_string(position) + "]: no usable \"value\" (name); skipped");
            continue;
        }
        std::string name = value["value"].get<std::string>();
        if (value.contains("revoked") && value["revoked"].is_boolean() && value["revoked"].get<bool>()) {
            warnings.push_back(quote_text(name) + ": revoked in the source; skipped");
            continue;
        }
        const json meta = value.contains("meta") && value["meta"].is_object() ? value["meta"] : json::object();
        if (ransomware) {
            const std::optional<std::string> core = ransomware_core(name);
            if (!core) continue;  // a fake or an unnamed sample: no gang
            name = *core;
        }
        if (*kind == Facet::actor && incident_name(name)) continue;

        json aliases = json::array();
        std::set<std::string> alias_keys;
        const auto add_alias = [&](const std::string& text) {
            const std::string key = gazetteer_name_key(text);
            if (key.empty() || !alias_keys.insert(key).second) return;
            if (*kind == Facet::incident) {
                aliases.push_back(misp_actor_alias(text, words, false, true));
                return;
            }
            if (incident_name(text)) return;
            // A country or nationality ("Cuba", "Turkish") names the state:
            // a ransomware gang so named only with "ransomware" after it.
            if (!misp_country_code(text).empty()) {
                if (ransomware && alias_keys.insert(key + " ransomware").second) aliases.push_back(text + " ransomware");
                return;
            }
            json alias = misp_actor_alias(text, words, ransomware);
            // A ransomware name that needs context or may be a person's
            // also counts with "ransomware" after it ("Royal ransomware");
            // one written as a lower-case ordinary word (a leak site's
            // "eruption") only so.
            if (ransomware && alias.is_object() && alias_keys.insert(key + " ransomware").second)
                aliases.push_back(text + " ransomware");
            const NameShape shape = shape_of(text);
            if (ransomware && alias.is_object() && alias.value("context", false) && shape.runs.size() == 1 &&
                !shape.runs.front().empty() && u_islower(static_cast<UChar32>(shape.runs.front().front())))
                return;
            aliases.push_back(std::move(alias));
        };
        std::smatch parts;
        std::string code;
        if (std::regex_match(name, parts, kMitreSuffix)) {
            code = parts[2].str();
            name = parts[1].str();
        }
        add_alias(name);
        if (meta.contains("synonyms"))
            for (const std::string& synonym : string_list(meta["synonyms"])) {
                if (!ransomware) add_alias(synonym);
                else if (const std::optional<std::string> core = ransomware_core(synonym)) add_alias(*core);
            }
        if (aliases.empty()) continue;
        if (!code.empty()) add_alias(code);
        if (meta.contains("external_id"))
            for (const std::string& external : string_list(meta["external_id"])) add_alias(external);

        // A group or campaign dossier already knows keeps the built-in id, so
        // that the import adds names to it; other ids come from the name and
        // avoid the built-in ids of the other kind ("ghostnet" the incident).
        auto [id, known_id] = resolve_id(*kind, name);
        if (!known_id) {
            const std::string base = id;
            for (int n = 2; ids.count(id) > 0; ++n) id = base + "-" + std::to_string(n);
        }

        json entry = {{"id", id}, {"kind", std::string(kind_name(*kind))}, {"name", name}, {"aliases", aliases}};

        std::string country;
        if (meta.contains("cfr-suspected-state-sponsor")) {
            for (const std::string& sponsor : string_list(meta["cfr-suspected-state-sponsor"])) {
                if (sponsor.empty() || ascii_lower(sponsor) == "unknown") continue;
                const std::string found = misp_country_code(sponsor);
                if (found.empty()) warnings.push_back(quote_text(name) + ": unknown state sponsor country " + quote_text(sponsor));
                else if (country.empty()) country = found;
            }
        }
        if (country.empty() && meta.contains("country") && meta["country"].is_string()) {
            const std::string raw = meta["country"].get<std::string>();
            if (!raw.empty()) {
                const std::string found = misp_country_code(raw);
                if (found.empty()) warnings.push_back(quote_text(name) + ": unknown country " + quote_text(raw));
                else country = found;
            }
        }
        if (!country.empty()) entry["country"] = country;

        if (*kind == Facet::incident) {
            std::optional<int> first = meta.contains("first_seen") ? year_of(meta["first_seen"]) : std::nullopt;
            std::optional<int> last = meta.contains("last_seen") ? year_of(meta["last_seen"]) : std::nullopt;
            if (!first) first = last;
            if (!last) last = first;
            if (first) {
                if (*first > *last) std::swap(first, last);
                json years = json::array();
                for (int year = *first; year <= *last; ++year) years.push_back(year);
                entry["years"] = years;
            }
            if (value.contains("description") && value["description"].is_string()) {
                const std::string description = value["description"].get<std::string>();
                if (std::regex_search(description, parts, kGroupLink)) {
                    const std::string actor = resolve_id(Facet::actor, parts[1].str()).first;
                    if (!actor.empty() && actor != "actor") entry["actor"] = actor;
                }
            }
        }
        std::string note = "MISP galaxy " + (type.empty() ? std::string("cluster") : type);
        if (value.contains("uuid") && value["uuid"].is_string()) note += " " + value["uuid"].get<std::string>();
        entry["note"] = note;
        if (ransomware) {
            // The same family under several values ("LockBit", "Lockbit",
            // versions "lockbit3", "LockBit 3.0"): one entry.
            static const std::regex kVersion(R"(^(.*[^0-9 ].*?)[0-9 ]+$)");
            std::string key = gazetteer_name_key(name);
            if (std::regex_match(key, parts, kVersion) && parts[1].length() >= 4) key = parts[1].str();
            while (!key.empty() && key.back() == ' ') key.pop_back();
            if (const auto same = ransomware_entries.find(key); same != ransomware_entries.end()) {
                merge_entry_json(entries[same->second], entry);
                continue;
            }
            if (!known_id || ids.count(id) == 0) ransomware_entries.emplace(key, entries.size());
        }
        if (known_id && ids.count(id) > 0) {
            // Two values naming the same built-in entry: one entry.
            for (json& earlier : entries)
                if (earlier["id"] == id) merge_entry_json(earlier, entry);
            continue;
        }
        ids.insert(id);
        entries.push_back(std::move(entry));
    }
    json out = {{"version", kFormatVersion}, {"entries", entries}};
    std::string description = "Imported from MISP galaxy";
    if (cluster.contains("name") && cluster["name"].is_string()) description += " " + quote_text(cluster["name"].get<std::string>());
    if (cluster.contains("version") && cluster["version"].is_number_integer())
        description += " version " + std::to_string(cluster["version"].get<long long>());
    out["description"] = description;
    return out;
}

void append_imported(nlohmann::json& into, const nlohmann::json& imported) {
    if (!into.is_object() || !into.contains("entries")) into = {{"version", kFormatVersion}, {"entries", json::array()}};
    json& entries = into["entries"];
    std::map<std::string, std::size_t> by_id;                          // id -> index
    std::map<std::pair<std::string, std::string>, std::size_t> by_code;  // (kind, ATT&CK id) -> index
    std::map<std::pair<std::string, std::string>, std::size_t> by_name;  // (kind, name key of an alias) -> index
    const auto index = [&](std::size_t i) {
        by_id.emplace(entries[i]["id"].get<std::string>(), i);
        const std::string kind = entries[i]["kind"].get<std::string>();
        for (const std::string& code : attack_ids(entries[i])) by_code.emplace(std::make_pair(kind, code), i);
        for (const json& alias : entries[i]["aliases"]) by_name.emplace(std::make_pair(kind, gazetteer_name_key(alias_text(alias))), i);
    };
    for (std::size_t i = 0; i < entries.size(); ++i) index(i);

    for (const json& entry : imported.at("entries")) {
        const std::string id = entry.at("id").get<std::string>();
        const std::string kind = entry.at("kind").get<std::string>();
        // The same group in two clusters (APT28 in threat-actor.json and
        // mitre-intrusion-set.json): the same id, or the same ATT&CK id.
        std::optional<std::size_t> same;
        if (const auto it = by_id.find(id); it != by_id.end() && entries[it->second]["kind"] == kind) same = it->second;
        if (!same)
            for (const std::string& code : attack_ids(entry))
                if (const auto it = by_code.find({kind, code}); it != by_code.end()) {
                    same = it->second;
                    break;
                }
        // Or by its name: the gang "Vice Society" (ransomware.json) is the
        // group that threat-actor.json calls Vanilla Tempest, alias Vice Society.
        if (!same && entry.contains("name"))
            if (const auto it = by_name.find({kind, gazetteer_name_key(entry["name"].get<std::string>())}); it != by_name.end())
                same = it->second;
        if (same) {
            merge_entry_json(entries[*same], entry);
            index(*same);
            continue;
        }
        json copy = entry;
        // A campaign's actor is an actor of the file: under its own id, or
        // (merged into another entry) under the entry with that name.
        if (copy.contains("actor")) {
            const std::string actor = copy["actor"].get<std::string>();
            const auto own = by_id.find(actor);
            if (own == by_id.end() || entries[own->second]["kind"] != "actor") {
                std::string name = actor;
                std::replace(name.begin(), name.end(), '-', ' ');
                if (const auto it = by_name.find({"actor", gazetteer_name_key(name)}); it != by_name.end())
                    copy["actor"] = entries[it->second]["id"];
                else if (Gazetteer::handwritten().find_entry(Facet::actor, actor) == nullptr)
                    copy.erase("actor");
            }
        }
        if (by_id.count(id) > 0) {
            const std::string base = id + "-" + kind;
            std::string unique = base;
            for (int n = 2; by_id.count(unique) > 0; ++n) unique = base + "-" + std::to_string(n);
            copy["id"] = unique;
        }
        entries.push_back(std::move(copy));
        index(entries.size() - 1);
    }
}

}  // namespace dossier
