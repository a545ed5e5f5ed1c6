// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "../skip.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "base/error.h"
#include "entities/gazetteer.h"
#include "text/analyzer.h"
#include "tools/misp_import.h"
#include "test_support.h"

namespace {

using dossier::Facet;
using dossier::Gazetteer;
using json = nlohmann::json;

const Gazetteer& builtin() { return dossier::test::builtin_gazetteer(); }
std::string found(const Gazetteer& gazetteer, const std::string& text, const std::string& lang) {
    return dossier::test::gazetteer_mentions(gazetteer, text, lang);
}

std::string usage_error(const std::function<void()>& action) {
    try {
        action();
    } catch (const dossier::UsageError& e) {
        return e.what();
    }
    return "(no UsageError)";
}

std::filesystem::path misp_dir() {
    return std::filesystem::path(SEEDS_DIR).parent_path() / ".." / "shared" / "corpora" / "misp-galaxy";
}

json read_json(const std::filesystem::path& path) { return json::parse(dossier::test::read_file(path)); }

const json* entry_with_id(const json& gazetteer, const std::string& id) {
    for (const json& entry : gazetteer["entries"])
        if (entry["id"] == id) return &entry;
    return nullptr;
}

// An alias as the import writes it: a string or {"text": ..., flags}.
bool has_alias(const json& entry, const std::string& alias) {
    for (const json& item : entry["aliases"])
        if ((item.is_string() ? item : item["text"]) == alias) return true;
    return false;
}

}  // namespace

// The import had a country table of its own (ISO/UN spellings and short
// forms on top of ICU's English names); every name it resolved must
// resolve, to the same code, through the one table that replaced it.
TEST_CASE("misp import: every alias of the import's former country table resolves through the one table", "[misp]") {
    const std::vector<std::pair<const char*, const char*>> former_aliases = {
        {"russia", "RU"},
        {"russian federation", "RU"},
        {"iran", "IR"},
        {"iran (islamic republic of)", "IR"},
        {"islamic republic of iran", "IR"},
        {"korea (democratic people's republic of)", "KP"},
        {"democratic people's republic of korea", "KP"},
        {"dprk", "KP"},
        {"north korea", "KP"},
        {"korea (republic of)", "KR"},
        {"republic of korea", "KR"},
        {"south korea", "KR"},
        {"people's republic of china", "CN"},
        {"prc", "CN"},
        {"china", "CN"},
        {"palestine", "PS"},
        {"state of palestine", "PS"},
        {"palestine, state of", "PS"},
        {"vietnam", "VN"},
        {"viet nam", "VN"},
        {"syria", "SY"},
        {"syrian arab republic", "SY"},
        {"united states of america", "US"},
        {"usa", "US"},
        {"united kingdom of great britain and northern ireland", "GB"},
        {"great britain", "GB"},
        {"uk", "GB"},
        {"turkey", "TR"},
        {"czech republic", "CZ"},
        {"taiwan, province of china", "TW"},
        {"lao people's democratic republic", "LA"},
        {"venezuela (bolivarian republic of)", "VE"},
        {"bolivia (plurinational state of)", "BO"},
        {"moldova, republic of", "MD"},
        {"republic of moldova", "MD"},
        {"tanzania, united republic of", "TZ"},
        {"united republic of tanzania", "TZ"},
        {"congo (democratic republic of the)", "CD"},
        {"democratic republic of the congo", "CD"},
        {"ivory coast", "CI"},
        {"burma", "MM"},
        {"macedonia", "MK"},
        {"swaziland", "SZ"},
        {"cape verde", "CV"},
        {"east timor", "TL"},
        {"vatican", "VA"},
        {"holy see", "VA"},
        {"uae", "AE"},
    };
    for (const auto& [alias, code] : former_aliases) {
        INFO(alias);
        CHECK(dossier::misp_country_code(alias) == code);
    }
}

// The former table's base: ICU's English name, alpha-2 and alpha-3 code of
// every region; except the exceptional reservations ICU lists for parts of
// other states (Canary Islands, Ceuta & Melilla, Diego Garcia), which the
// one table does not count as countries and no MISP cluster names.
TEST_CASE("misp import: ICU's English name and the codes of every region resolve to the region", "[misp]") {
    const std::set<std::string> not_countries = {"IC", "EA", "DG"};
    for (const char* const* code = icu::Locale::getISOCountries(); *code != nullptr; ++code) {
        if (not_countries.count(*code) > 0) continue;
        const icu::Locale locale("", *code);
        icu::UnicodeString display;
        locale.getDisplayCountry(icu::Locale::getEnglish(), display);
        std::string name;
        display.toUTF8String(name);
        INFO(*code << " " << name);
        CHECK(dossier::misp_country_code(*code) == *code);
        if (const char* iso3 = locale.getISO3Country(); iso3 != nullptr && *iso3 != '\0')
            CHECK(dossier::misp_country_code(iso3) == *code);
        CHECK(dossier::misp_country_code(name) == *code);
    }
}

TEST_CASE("misp import: country names and codes of MISP values map to ISO codes", "[misp]") {
    const std::vector<std::pair<const char*, const char*>> rows = {
        {"Russian Federation", "RU"},
        {"Iran (Islamic Republic of)", "IR"},
        {"Korea (Democratic People's Republic of)", "KP"},
        {"Korea (Republic of)", "KR"},
        {"People's Republic of China", "CN"},
        {"China", "CN"},
        {"United States", "US"},
        {"US", "US"},
        {"Palestine", "PS"},
        {"Vietnam", "VN"},
        {"United Arab Emirates", "AE"},
        {"germany", "DE"},
        {"the Netherlands", "NL"},
        {"People\u2019s Republic of China", "CN"},
        {"Cocos (Keeling) Islands", "CC"},
        {"Atlantis", ""},
        {"", ""},
    };
    for (const auto& [name, code] : rows) {
        INFO(name);
        CHECK(dossier::misp_country_code(name) == code);
    }
}

TEST_CASE("misp import: a small cluster: ids, countries, years, warnings", "[misp]") {
    const json actors = json::parse(R"json({
      "type": "threat-actor", "name": "Threat Actor", "category": "actor", "version": 3,
      "values": [
        {"value": "Purple Lynx", "uuid": "u1",
         "meta": {"synonyms": ["PURPLE LYNX", "Lynx Team"], "cfr-suspected-state-sponsor": "Iran (Islamic Republic of)"}},
        {"value": "Purple Lynx", "meta": {"country": "CN"}},
        {"value": "Atlantean Crew", "meta": {"cfr-suspected-state-sponsor": "Atlantis"}},
        {"value": "Nobody Knows", "meta": {"cfr-suspected-state-sponsor": "Unknown"}},
        {"value": "GhostNet"},
        {"value": "Exchange 2021"},
        {"value": "Fancy Bear", "meta": {"synonyms": ["Sofacy"]}},
        {"meta": {}}
      ]})json");
    std::vector<std::string> warnings;
    const json out = dossier::import_misp_galaxy(actors, warnings);
    REQUIRE(out["entries"].size() == 6);
    std::vector<std::string> ids;
    for (const json& entry : out["entries"]) ids.push_back(entry["id"]);
    // Repeated names are told apart; a name the built-in gazetteer knows keeps
    // its id; an id of a built-in entry of the other kind gets the kind; a
    // name of a built-in incident ("GhostNet") is that incident, no actor.
    CHECK(dossier::test::join(ids) == "purple-lynx|purple-lynx-2|atlantean-crew|nobody-knows|exchange-2021-actor|apt28");
    CHECK(out["entries"][0]["kind"] == "actor");
    CHECK(out["entries"][0]["country"] == "IR");
    // Same terms once; without a word list every word is ordinary: Title
    // Case names need their capitals.
    CHECK(out["entries"][0]["aliases"] ==
          json::parse(R"([{"exact_case":true,"text":"Purple Lynx"},{"exact_case":true,"text":"Lynx Team"}])"));
    CHECK(out["entries"][1]["country"] == "CN");
    CHECK(!out["entries"][2].contains("country"));
    CHECK(!out["entries"][3].contains("country"));
    CHECK(dossier::test::join(warnings) ==
          "\"Atlantean Crew\": unknown state sponsor country \"Atlantis\"|values[7]: no usable \"value\" (name); skipped");

    // The result loads, and adds Sofacy's new synonyms to the built-in APT28.
    Gazetteer gazetteer = builtin();
    gazetteer.merge_json(out.dump(), "imported.json");
    CHECK(found(gazetteer, "Lynx Team and GhostNet", "en") == "actor:purple-lynx|incident:ghostnet");

    const json campaigns = json::parse(R"json({
      "type": "campaigns", "name": "Campaigns", "category": "Campaigns",
      "values": [
        {"value": "Operation Wet Paint", "meta": {"first_seen": "2024-06-18T00:00:00Z", "last_seen": "2022-10-19T00:00:00Z"},
         "description": "A campaign by [Sandworm Team](https://app.tidalcyber.com/groups/16a65ee9) and [APT28](https://app.tidalcyber.com/groups/x)."},
        {"value": "Quiet Night", "meta": {"first_seen": "2019-01-01T05:00:00Z"}},
        {"value": "No Dates"}
      ]})json");
    warnings.clear();
    const json incidents = dossier::import_misp_galaxy(campaigns, warnings);
    CHECK(warnings.empty());
    REQUIRE(incidents["entries"].size() == 3);
    CHECK(incidents["entries"][0]["kind"] == "incident");
    CHECK(incidents["entries"][0]["years"] == json::array({2022, 2023, 2024}));
    CHECK(incidents["entries"][0]["actor"] == "sandworm");  // "Sandworm Team" is a built-in alias
    CHECK(incidents["entries"][1]["years"] == json::array({2019}));
    CHECK(!incidents["entries"][2].contains("years"));

    std::vector<std::string> ignored;
    CHECK(usage_error([&] { (void)dossier::import_misp_galaxy(json::array(), ignored); }) ==
          "not a MISP galaxy cluster (expected a JSON object with a \"values\" array)");
    CHECK(usage_error([&] { (void)dossier::import_misp_galaxy(json{{"type", "tool"}, {"values", json::array()}}, ignored); }) ==
          "MISP galaxy cluster of type \"tool\" is neither threat actors, intrusion sets, groups, ransomware nor "
          "campaigns");
}

TEST_CASE("misp import: the real galaxy clusters", "[misp]") {
    const std::filesystem::path dir = misp_dir();
    if (!std::filesystem::exists(dir / "threat-actor.json")) {
        DOSSIER_SKIP_TEST("MISP galaxy files not found at " << dir.string() << " (../shared absent)");
        return;
    }
    std::vector<std::string> warnings;

    const json actors = dossier::import_misp_galaxy(read_json(dir / "threat-actor.json"), warnings);
    CHECK(actors["entries"].size() > 1000);
    const json* apt28 = entry_with_id(actors, "apt28");
    REQUIRE(apt28 != nullptr);
    CHECK((*apt28)["kind"] == "actor");
    CHECK((*apt28)["country"] == "RU");
    CHECK(has_alias(*apt28, "FANCY BEAR"));  // as the MISP file writes it
    CHECK(has_alias(*apt28, "Sofacy"));
    const json* lazarus = entry_with_id(actors, "lazarus");  // "Lazarus Group" is a built-in alias
    REQUIRE(lazarus != nullptr);
    CHECK((*lazarus)["country"] == "KP");
    for (const std::string& warning : warnings) CHECK(warning.find("countr") == std::string::npos);

    warnings.clear();
    const json mitre = dossier::import_misp_galaxy(read_json(dir / "mitre-intrusion-set.json"), warnings);
    const json* mitre_apt28 = entry_with_id(mitre, "apt28");  // "APT28 - G0007"
    REQUIRE(mitre_apt28 != nullptr);
    CHECK((*mitre_apt28)["name"] == "APT28");
    CHECK(has_alias(*mitre_apt28, "G0007"));
    CHECK(has_alias(*mitre_apt28, "Fancy Bear"));
    CHECK(std::any_of(warnings.begin(), warnings.end(),
                      [](const std::string& w) { return w.find("revoked") != std::string::npos; }));

    warnings.clear();
    const json campaigns = dossier::import_misp_galaxy(read_json(dir / "tidal-campaigns.json"), warnings);
    CHECK(campaigns["entries"].size() > 100);
    const json* solarwinds = entry_with_id(campaigns, "solarwinds");  // "SolarWinds Compromise"
    REQUIRE(solarwinds != nullptr);
    CHECK((*solarwinds)["kind"] == "incident");
    CHECK((*solarwinds)["years"] == json::array({2019, 2020, 2021}));
    CHECK((*solarwinds)["actor"] == "apt29");
    const json* grid = entry_with_id(campaigns, "ukraine-grid-2015");  // "2015 Ukraine Electric Power Attack"
    REQUIRE(grid != nullptr);
    CHECK((*grid)["years"] == json::array({2015, 2016}));
    CHECK((*grid)["actor"] == "sandworm");
    const json* night = entry_with_id(campaigns, "night-dragon");
    REQUIRE(night != nullptr);
    CHECK((*night)["years"] == json::array({2009, 2010, 2011}));

    // The three together, as `dossier-gazetteer import-misp` writes them: one
    // APT28 with the names of both clusters; the result loads over the
    // built-in gazetteer.
    json all;
    dossier::append_imported(all, actors);
    dossier::append_imported(all, mitre);
    dossier::append_imported(all, campaigns);
    std::size_t apt28_entries = 0;
    for (const json& entry : all["entries"]) apt28_entries += entry["id"] == "apt28" ? 1 : 0;
    CHECK(apt28_entries == 1);
    CHECK(has_alias(*entry_with_id(all, "apt28"), "G0007"));
    Gazetteer gazetteer = builtin();
    gazetteer.merge_json(all.dump(), "misp.json");
    CHECK(gazetteer.size(Facet::actor) > 1000);
    CHECK(gazetteer.size(Facet::incident) > 150);
    CHECK(found(gazetteer, "Pawn Storm, also called Fancy Bear", "en") == "actor:apt28|actor:apt28");
}

TEST_CASE("misp import: the match flags of actor names from capitals, ordinary words and length", "[misp]") {
    const dossier::OrdinaryWords words = {"rancor", "summit", "iridium", "anonymous", "play",   "royal", "cuba",
                                          "sea",    "vice",   "society", "black",     "czechoslovak", "group", "the",
                                          "mask", "outer", "space", "volt", "typhoon"};
    struct Row {
        const char* name;
        bool ransomware;
        const char* expected;  // the alias JSON
    };
    const std::vector<Row> rows = {
        {"EMISSARY PANDA", false, R"("EMISSARY PANDA")"},
        {"Anonymous Sudan", false, R"("Anonymous Sudan")"},
        {"RANCOR", false, R"({"capitalized":true,"context":true,"exact_case":false,"text":"RANCOR"})"},
        {"SUMMIT", false, R"({"capitalized":true,"context":true,"exact_case":false,"text":"SUMMIT"})"},
        {"WINNTI", false, R"({"capitalized":true,"exact_case":false,"text":"WINNTI"})"},
        {"GOP", false, R"({"context":true,"text":"GOP"})"},
        {"SEA", false, R"({"context":true,"text":"SEA"})"},
        {"Anonymous", false, R"({"context":true,"text":"Anonymous"})"},
        {"Play", false, R"({"context":true,"text":"Play"})"},
        {"Turla", false, R"("Turla")"},
        {"LockBit", true, R"("LockBit")"},
        {"REvil", true, R"("REvil")"},
        {"TA505", false, R"("TA505")"},
        {"lockbit5", true, R"("lockbit5")"},
        {"Conti", true, R"({"context":true,"text":"Conti"})"},
        {"Katyusha", true, R"({"context":true,"text":"Katyusha"})"},
        {"CzechoSlovak", true, R"({"context":true,"text":"CzechoSlovak"})"},
        {"Group3", false, R"({"context":true,"text":"Group3"})"},
        {"Group 3", false, R"({"context":true,"text":"Group 3"})"},
        {"The Mask", false, R"({"exact_case":true,"text":"The Mask"})"},
        {"Volt Typhoon", false, R"({"exact_case":true,"text":"Volt Typhoon"})"},
        {"Sima", false, R"({"context":true,"text":"Sima"})"},
        {"Madi", false, R"({"context":true,"text":"Madi"})"},
        {"Royal", true, R"({"context":true,"text":"Royal"})"},
        {"Black Basta", true, R"({"context":true,"text":"Black Basta"})"},
        {"Black Basta", false, R"("Black Basta")"},
    };
    for (const Row& row : rows) {
        INFO(row.name);
        CHECK(dossier::misp_actor_alias(row.name, &words, row.ransomware).dump() == row.expected);
    }
    // A campaign of ordinary words needs context, an actor needs capitals.
    CHECK(dossier::misp_actor_alias("Outer Space", &words, false, true).dump() == R"({"context":true,"text":"Outer Space"})");
    // No word list: every one-word name counts as an ordinary word.
    CHECK(dossier::misp_actor_alias("Turla", nullptr).dump() == R"({"context":true,"text":"Turla"})");
    CHECK(dossier::misp_actor_alias("LockBit", nullptr).dump() == R"({"context":true,"text":"LockBit"})");
    CHECK(dossier::misp_actor_alias("APT28", nullptr).dump() == R"("APT28")");
}

TEST_CASE("misp import: ransomware gangs by their distinctive names, generic names only with ransomware", "[misp]") {
    const dossier::OrdinaryWords words = {"royal", "play", "dangerous", "cuba", "vice", "society", "anonymous", "lime"};
    const json cluster = json::parse(R"json({
      "type": "ransomware", "name": "Ransomware", "category": "tool", "version": 7,
      "values": [
        {"value": "LockBit", "meta": {"synonyms": ["LockBit 3.0", "ABCD Ransomware"]}},
        {"value": "Lockbit"},
        {"value": "Royal Ransomware"},
        {"value": "Dangerous Ransomware"},
        {"value": "Vice Society"},
        {"value": "Ocelot Ransomware (FAKE RANSOMWARE)"},
        {"value": "Unnamed ramsomware 1"},
        {"value": "WannaCry"},
        {"value": "Conti", "meta": {"synonyms": ["Conti Ransomware"]}},
        {"value": "Zyklon Locker"}
      ]})json");
    std::vector<std::string> warnings;
    const json out = dossier::import_misp_galaxy(cluster, warnings, &words);
    std::vector<std::string> lines;
    for (const json& entry : out["entries"]) {
        CHECK(entry["kind"] == "actor");
        lines.push_back(entry["id"].get<std::string>() + "=" + entry["aliases"].dump());
    }
    CHECK(dossier::test::join(lines) ==
          R"(lockbit=["LockBit","LockBit 3.0","ABCD ransomware",{"context":true,"text":"ABCD"},"Lockbit ransomware"]|)"
          R"(royal=["Royal ransomware",{"context":true,"text":"Royal"}]|)"
          R"(dangerous=["Dangerous ransomware",{"context":true,"text":"Dangerous"}]|)"
          R"(vice-society=["Vice Society ransomware",{"context":true,"text":"Vice Society"}]|)"
          R"(conti=["Conti ransomware",{"context":true,"text":"Conti"}]|)"
          R"(zyklon-locker=["Zyklon Locker ransomware",{"context":true,"text":"Zyklon Locker"}])");

    // Loaded: the traps are no actors, the gangs are.
    Gazetteer gazetteer = builtin();
    gazetteer.merge_json(out.dump(), "ransomware.json");
    CHECK(found(gazetteer, "The Royal family and dangerous games at Play", "en") == "");
    CHECK(found(gazetteer, "Royal ransomware hit Dallas.", "en") == "actor:royal");
    CHECK(found(gazetteer, "LockBit 3.0 and Lockbit", "en") == "actor:lockbit|actor:lockbit");
    CHECK(found(gazetteer, "Prime Minister Giuseppe Conti spoke.", "en") == "");
    CHECK(found(gazetteer, "Conti leaked the data.", "en") == "");
    CHECK(found(gazetteer, "The Conti gang leaked the data.", "en") == "actor:conti");
    CHECK(found(gazetteer, "WannaCry spread.", "en") == "incident:wannacry");
}
