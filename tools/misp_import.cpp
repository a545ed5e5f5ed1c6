// SPDX-License-Identifier: MIT
#include "tools/misp_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/strings.h"
#include "entities/country_names.h"
#include "entities/gazetteer.h"

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
        type.find("group") != std::string::npos || category == "actor")
        return Facet::actor;
    return std::nullopt;
}

// Adds the names of `entry` to `known` (the same group or campaign seen
// twice) and fills the fields `known` lacks.
void merge_entry_json(json& known, const json& entry) {
    std::set<std::string> keys;
    for (const json& alias : known["aliases"]) keys.insert(gazetteer_name_key(alias.get<std::string>()));
    for (const json& alias : entry["aliases"])
        if (keys.insert(gazetteer_name_key(alias.get<std::string>())).second) known["aliases"].push_back(alias);
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
        if (std::regex_match(alias.get<std::string>(), kAttackId)) ids.insert(alias.get<std::string>());
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

nlohmann::json import_misp_galaxy(const nlohmann::json& cluster, std::vector<std::string>& warnings) {
    if (!cluster.is_object() || !cluster.contains("values") || !cluster["values"].is_array())
        throw UsageError("not a MISP galaxy cluster (expected a JSON object with a \"values\" array)");
    const std::optional<Facet> kind = cluster_kind(cluster);
    const std::string type = cluster.contains("type") && cluster["type"].is_string() ? cluster["type"].get<std::string>() : "";
    if (!kind)
        throw UsageError("MISP galaxy cluster of type " + quote_text(type) +
                         " is neither threat actors, intrusion sets nor campaigns");

    static const std::regex kMitreSuffix(R"(^(.*\S)\s+-\s+([GC]\d{4})$)");
    static const std::regex kGroupLink(R"(\[([^\]]+)\]\(https?://[^)\s]*/groups/[^)\s]*\))");

    const Gazetteer builtin = Gazetteer::builtin();
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

        std::vector<std::string> aliases;
        std::set<std::string> alias_keys;
        const auto add_alias = [&](const std::string& text) {
            const std::string key = gazetteer_name_key(text);
            if (key.empty() || !alias_keys.insert(key).second) return;
            aliases.push_back(text);
        };
        std::smatch parts;
        std::string code;
        if (std::regex_match(name, parts, kMitreSuffix)) {
            code = parts[2].str();
            name = parts[1].str();
        }
        add_alias(name);
        if (meta.contains("synonyms"))
            for (const std::string& synonym : string_list(meta["synonyms"])) add_alias(synonym);
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
    const auto index = [&](std::size_t i) {
        by_id.emplace(entries[i]["id"].get<std::string>(), i);
        for (const std::string& code : attack_ids(entries[i]))
            by_code.emplace(std::make_pair(entries[i]["kind"].get<std::string>(), code), i);
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
        if (same) {
            merge_entry_json(entries[*same], entry);
            index(*same);
            continue;
        }
        json copy = entry;
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
