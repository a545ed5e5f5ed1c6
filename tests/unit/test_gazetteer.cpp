// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "text/analyzer.h"
#include "base/error.h"
#include "entities/gazetteer.h"
#include "test_support.h"

namespace {

using dossier::Facet;
using dossier::Gazetteer;
using dossier::GazetteerEntry;

const Gazetteer& builtin() { return dossier::test::builtin_gazetteer(); }
std::string tag(Facet facet) { return dossier::test::mention_tag(facet); }
std::string found(const Gazetteer& gazetteer, const std::string& text, const std::string& lang) {
    return dossier::test::gazetteer_mentions(gazetteer, text, lang);
}

std::set<std::string> found_set(const Gazetteer& gazetteer, const std::string& text, const std::string& lang) {
    std::vector<dossier::EntityMention> mentions;
    gazetteer.find(dossier::analyze(text), text, lang, mentions);
    std::set<std::string> out;
    for (const auto& mention : mentions) out.insert(tag(mention.facet) + mention.id);
    return out;
}

std::string usage_error(const std::function<void()>& action) {
    try {
        action();
    } catch (const dossier::UsageError& e) {
        return e.what();
    }
    return "(no UsageError)";
}

}  // namespace

TEST_CASE("built-in gazetteer: at least 40 incidents of 2007-2024 and the well-known actors", "[gazetteer]") {
    const Gazetteer& gazetteer = builtin();
    std::size_t in_range = 0;
    std::set<std::string> actors;
    for (const GazetteerEntry& entry : gazetteer.entries())
        if (entry.kind == Facet::actor) actors.insert(entry.id);
    const std::regex id_pattern("^[a-z0-9][a-z0-9-]*$");
    for (const GazetteerEntry& entry : gazetteer.entries()) {
        INFO(entry.id);
        CHECK(std::regex_match(entry.id, id_pattern));
        CHECK(!entry.name.empty());
        CHECK(!entry.names.empty());
        CHECK(entry.aliases.size() == entry.names.size());
        CHECK((entry.country.empty() || (entry.country.size() == 2 && std::isupper(static_cast<unsigned char>(entry.country[0])))));
        if (entry.kind != Facet::incident) continue;
        CHECK(!entry.years.empty());
        CHECK(std::is_sorted(entry.years.begin(), entry.years.end()));
        if (std::any_of(entry.years.begin(), entry.years.end(), [](int y) { return y >= 2007 && y <= 2024; })) ++in_range;
        // An incident's actor is one of the gazetteer's actors.
        if (!entry.actor.empty()) CHECK(actors.count(entry.actor) == 1);
    }
    CHECK(in_range >= 40);
    CHECK(gazetteer.size(Facet::incident) >= 40);

    for (const char* id : {"exchange-2021", "colonial-pipeline", "stuxnet", "wannacry", "prism", "camberdada",
                           "apt40-indictment-2021", "solarwinds", "notpetya", "estonia-2007", "georgia-2008",
                           "operation-aurora", "shamoon", "sony-pictures-2014", "opm-2015", "ukraine-grid-2015",
                           "ukraine-grid-2016", "dnc-2016", "bangladesh-bank-2016", "equifax-2017", "olympic-destroyer",
                           "marriott-2018", "cloud-hopper", "kaseya-2021", "log4shell", "viasat-2022",
                           "volt-typhoon-2023", "moveit-2023", "salt-typhoon-2024", "change-healthcare-2024",
                           "operation-triangulation", "shadow-brokers", "vault-7", "titan-rain", "ghostnet", "flame",
                           "duqu", "operation-ababil", "tv5monde-2015", "triton", "samsam"}) {
        INFO(id);
        const GazetteerEntry* entry = gazetteer.find_entry(Facet::incident, id);
        REQUIRE(entry != nullptr);
        CHECK(entry->id == id);
    }
    for (const char* id : {"apt28", "apt29", "sandworm", "lazarus", "hafnium", "apt40", "apt41", "equation-group",
                           "volt-typhoon", "apt10", "apt1", "turla", "charming-kitten", "apt33", "muddywater",
                           "kimsuky", "andariel", "darkside", "salt-typhoon", "gamaredon"}) {
        INFO(id);
        const GazetteerEntry* entry = gazetteer.find_entry(Facet::actor, id);
        REQUIRE(entry != nullptr);
        CHECK(entry->id == id);
    }
}

TEST_CASE("built-in gazetteer: years, attribution and state of key incidents", "[gazetteer]") {
    struct Row {
        const char* id;
        std::vector<int> years;
        const char* actor;
        const char* country;
    };
    const std::vector<Row> rows = {
        {"exchange-2021", {2021}, "hafnium", "CN"},
        {"colonial-pipeline", {2021}, "darkside", ""},
        {"stuxnet", {2010}, "", "US"},
        {"wannacry", {2017}, "lazarus", "KP"},
        {"notpetya", {2017}, "sandworm", "RU"},
        {"prism", {2013}, "", "US"},
        {"camberdada", {2015}, "", "US"},
        {"apt40-indictment-2021", {2021}, "apt40", "CN"},
        {"solarwinds", {2020}, "apt29", "RU"},
        {"estonia-2007", {2007}, "", "RU"},
        {"georgia-2008", {2008}, "", "RU"},
        {"sony-pictures-2014", {2014}, "lazarus", "KP"},
        {"dnc-2016", {2016}, "apt28", "RU"},
        {"olympic-destroyer", {2018}, "sandworm", "RU"},
        {"salt-typhoon-2024", {2024}, "salt-typhoon", "CN"},
    };
    for (const Row& row : rows) {
        INFO(row.id);
        const GazetteerEntry* entry = builtin().find_entry(Facet::incident, row.id);
        REQUIRE(entry != nullptr);
        CHECK(entry->years == row.years);
        CHECK(entry->actor == row.actor);
        CHECK(entry->country == row.country);
    }
}

TEST_CASE("gazetteer: incidents and actors named in sentences of several languages", "[gazetteer]") {
    struct Row {
        const char* lang;
        const char* text;
        const char* expected;
    };
    const std::vector<Row> rows = {
        // PRISM: only the programme's capitals, never the optics word.
        {"en", "the prism of history", ""},
        {"en", "Prism Optics sold a Prism.", ""},
        {"en", "In 2013, PRISM revealed how the US spied.", "incident:prism"},
        {"en", "In 2017 WannaCry hit hospitals; WannaCrypt spread by SMB.", "incident:wannacry|incident:wannacry"},
        // A name shared by the actor and the incident gives both.
        {"en", "Hafnium exploited ProxyLogon.", "incident:exchange-2021|actor:hafnium|incident:exchange-2021"},
        {"en", "hacking Microsoft Exchange servers earlier this year", "incident:exchange-2021"},
        {"en", "a breach of Microsoft Exchange accounts", "incident:exchange-2021"},
        {"en", "users of Microsoft's exchange servers", "incident:exchange-2021"},
        {"en", "the Exchange Server hack", "incident:exchange-2021"},
        {"en", "mailboxes moved to Microsoft Exchange Online", ""},
        {"en", "the London Stock Exchange hack", ""},
        {"en", "a foreign exchange server", ""},
        {"en", "Flame infected computers in Iran.", "incident:flame"},
        {"en", "They lit the Olympic Flame and a flame of hope.", ""},
        {"en", "Fancy Bear and Cozy Bear, not a fancy bear costume.", "actor:apt28|actor:apt29"},
        {"en", "Strontium 90 reached the milk.", ""},
        {"en", "Microsoft said Strontium targeted them.", "actor:apt28"},
        {"en", "Poet Emma Lazarus wrote it.", ""},
        {"en", "North Korea's Lazarus Group, and Lazarus stole more.", "actor:lazarus|actor:lazarus"},
        {"en", "the Colonial Pipeline ransomware attack", "incident:colonial-pipeline"},
        {"en", "change healthcare policy now", ""},
        {"en", "Change Healthcare paid the ransom", "incident:change-healthcare-2024"},
        {"en", "attempts to steal research into the Ebola virus", "incident:apt40-indictment-2021"},
        {"en", "an Ebola vaccine trial", ""},
        {"en", "Volt Typhoon hid in routers", "incident:volt-typhoon-2023|actor:volt-typhoon"},
        {"en", "NotPetya hit Maersk", "incident:notpetya"},
        {"en", "Petya Ivanov replied", ""},
        {"en", "the 2016 Ukraine power grid attack", "incident:ukraine-grid-2016"},
        {"en", "a Ukraine power grid attack", "incident:ukraine-grid-2015|incident:ukraine-grid-2016"},
        {"en", "the Triton drone and Neptune's moon Triton", ""},
        {"en", "TRITON targeted safety systems", "incident:triton"},
        {"en", "cyber-attacks on Estonia in 2007", "incident:estonia-2007"},
        {"en", "the Equation Group and the NSA", "actor:equation-group"},
        // Indonesian.
        {"id", "mengeksploitasi kerentanan Microsoft Exchange Server", "incident:exchange-2021"},
        {"id", "peretasan Microsoft Exchange oleh peretas China", "incident:exchange-2021"},
        {"id", "peretas yang menyerang Colonial Pipeline", "incident:colonial-pipeline"},
        {"id", "Virus Stuxnet menyerang fasilitas nuklir Iran", "incident:stuxnet"},
        // Chinese.
        {"zh", "想哭勒索病毒", "incident:wannacry"},
        {"zh", "我想哭", ""},
        {"zh", "美国利用震网病毒攻击伊朗核设施", "incident:stuxnet"},
        {"zh", "斯诺登曝光的棱镜门事件", "incident:prism"},
        {"zh", "美国国家安全局的方程式组织", "actor:equation-group"},
        {"zh", "所谓伏特台风是虚假叙事", "incident:volt-typhoon-2023|actor:volt-typhoon"},
        {"zh", "微软Exchange服务器漏洞", "incident:exchange-2021"},
        // Russian.
        {"ru", "Червь Stuxnet поразил центрифуги", "incident:stuxnet"},
        {"ru", "Стакснет", "incident:stuxnet"},
        {"ru", "после кибератак на Эстонию", "incident:estonia-2007"},
        {"ru", "в ходе Операции «Аврора»", "incident:operation-aurora"},
        {"ru", "группировка Лазарус", "actor:lazarus"},
    };
    for (const Row& row : rows) {
        INFO(row.lang << ": " << row.text);
        CHECK(found(builtin(), row.text, row.lang) == row.expected);
    }
}

// What a careful reader lists for each seed document (SEEDS_DIR):
//   000 (id) exploits "kerentanan Microsoft Exchange Server" -> exchange-2021;
//       Hafnium is not named; MSS is a state agency (country facet), not an actor.
//   001 (en) "Microsoft's exchange servers ... called 'Hafnium'" -> exchange-2021 and actor hafnium.
//   002 (id) "hacker yang menyerang Colonial Pipeline" -> colonial-pipeline.
//   003 (en) "hacking Microsoft Exchange servers", "breach of Microsoft Exchange accounts"
//       -> exchange-2021; "charges against three Chinese government officials ... research
//       into the Ebola virus" -> apt40-indictment-2021.
//   004 (en) Stuxnet, WannaCry, PRISM, Project CAMBERDADA; "Clean Network" is a US
//       programme, not an incident; the NIST backdoor case and the Pentagon leaks are
//       not named incidents; the NSA is an agency, not an actor.
TEST_CASE("gazetteer: the seed documents name exactly these incidents and actors", "[gazetteer]") {
    const std::map<std::string, std::pair<std::string, std::set<std::string>>> expected = {
        {"000", {"id", {"incident:exchange-2021"}}},
        {"001", {"en", {"incident:exchange-2021", "actor:hafnium"}}},
        {"002", {"id", {"incident:colonial-pipeline"}}},
        {"003", {"en", {"incident:exchange-2021", "incident:apt40-indictment-2021"}}},
        {"004", {"en", {"incident:stuxnet", "incident:wannacry", "incident:prism", "incident:camberdada"}}},
    };
    std::set<std::string> seen;
    for (const auto& file : std::filesystem::directory_iterator(SEEDS_DIR)) {
        const std::string name = file.path().filename().string();
        const auto it = expected.find(name.substr(0, 3));
        if (it == expected.end() || file.path().extension() != ".txt") continue;
        INFO(name);
        seen.insert(it->first);
        const std::string text = dossier::test::read_file(file.path());
        CHECK(found_set(builtin(), text, it->second.first) == it->second.second);
    }
    CHECK(seen.size() == expected.size());
}

TEST_CASE("gazetteer: default match rules of aliases", "[gazetteer]") {
    struct Row {
        const char* alias;
        bool exact_case;
        bool capitalized;
    };
    const std::vector<Row> rows = {
        {"PRISM", true, false},      {"DNC", true, false},          {"KA-SAT", true, false},
        {"APT28", false, true},      {"CAMBERDADA", true, false},   {"SUMMIT", true, false},   {"Flame", false, true},
        // Several words in capitals are a name in capitals (MISP's style).
        {"EMISSARY PANDA", false, true}, {"BRONZE MOHAWK", false, true},
        {"Fancy Bear", false, true}, {"sKyWIper", false, false},    {"agent.btz", false, false},
        {"想哭病毒", false, false},  {"Стакснет", false, true},     {"research into the Ebola virus", false, false},
    };
    for (const Row& row : rows) {
        INFO(row.alias);
        const dossier::MatchRule rule = dossier::default_alias_rule(row.alias);
        CHECK(rule.exact_case == row.exact_case);
        CHECK(rule.capitalized == row.capitalized);
        CHECK(!rule.person_name_risk);
    }
}

TEST_CASE("gazetteer: find_entry by id or any alias, nearest names for typos", "[gazetteer]") {
    const Gazetteer& gazetteer = builtin();
    const auto id_of = [&](Facet kind, const char* name) {
        const GazetteerEntry* entry = gazetteer.find_entry(kind, name);
        return entry == nullptr ? std::string("-") : entry->id;
    };
    CHECK(id_of(Facet::incident, "ProxyLogon") == "exchange-2021");
    CHECK(id_of(Facet::incident, "EXCHANGE-2021") == "exchange-2021");
    CHECK(id_of(Facet::incident, "microsoft  exchange") == "exchange-2021");
    CHECK(id_of(Facet::incident, "Hafnium") == "exchange-2021");
    CHECK(id_of(Facet::actor, "Hafnium") == "hafnium");
    CHECK(id_of(Facet::actor, "fancy bear") == "apt28");
    CHECK(id_of(Facet::actor, "Forest Blizzard") == "apt28");
    CHECK(id_of(Facet::actor, "Midnight Blizzard") == "apt29");
    CHECK(id_of(Facet::incident, "想哭病毒") == "wannacry");
    CHECK(id_of(Facet::incident, "prism") == "prism");  // queries are case-insensitive
    CHECK(id_of(Facet::actor, "wannacry") == "-");
    CHECK(id_of(Facet::incident, "") == "-");

    const std::vector<std::string> wanna = gazetteer.nearest_names(Facet::incident, "wanacry");
    REQUIRE(!wanna.empty());
    CHECK(wanna.front() == "WannaCry");
    const std::vector<std::string> bear = gazetteer.nearest_names(Facet::actor, "Fancy Bar");
    REQUIRE(!bear.empty());
    CHECK(bear.front() == "Fancy Bear");
    CHECK(gazetteer.nearest_names(Facet::actor, "Sandwrom", 1) == std::vector<std::string>{"Sandworm"});
    CHECK(gazetteer.nearest_names(Facet::incident, "zzzzqqqqxxxx").empty());
    CHECK(gazetteer.nearest_names(Facet::incident, "wanacry", 0).empty());
}

TEST_CASE("gazetteer: a user file adds entries and aliases and may override fields", "[gazetteer]") {
    Gazetteer gazetteer = builtin();
    const std::size_t incidents = gazetteer.size(Facet::incident);
    const std::string before = gazetteer.fingerprint();
    CHECK(before == Gazetteer::builtin().fingerprint());  // stable
    CHECK(before.size() == 32);

    gazetteer.merge_json(R"json({"version": 1, "entries": [
        {"id": "my-op", "kind": "incident", "name": "My Op", "years": [2020], "country": "FR",
         "aliases": ["Operation Foobar", {"text": "Serangan Kilat", "languages": ["id"]},
                     {"text": "BLUE MOON", "exact_case": true}]},
        {"id": "wannacry", "aliases": ["Wanna Decryptor"]},
        {"id": "flame", "name": "Flame (sKyWIper)", "country": ""}
    ]})json",
                         "user.json");
    CHECK(gazetteer.size(Facet::incident) == incidents + 1);
    CHECK(gazetteer.fingerprint() != before);

    const GazetteerEntry* mine = gazetteer.find_entry(Facet::incident, "operation foobar");
    REQUIRE(mine != nullptr);
    CHECK(mine->id == "my-op");
    CHECK(mine->years == std::vector<int>{2020});
    CHECK(mine->country == "FR");
    CHECK(found(gazetteer, "Operation Foobar began in May.", "en") == "incident:my-op");
    CHECK(found(gazetteer, "Serangan Kilat dimulai.", "id") == "incident:my-op");
    CHECK(found(gazetteer, "Serangan Kilat dimulai.", "en") == "");
    CHECK(found(gazetteer, "BLUE MOON rose, not the Blue Moon.", "en") == "incident:my-op");

    const GazetteerEntry* wannacry = gazetteer.find_entry(Facet::incident, "wannacry");
    REQUIRE(wannacry != nullptr);
    CHECK(wannacry->name == "WannaCry");  // not given: kept
    CHECK(wannacry->years == std::vector<int>{2017});
    CHECK(std::count(wannacry->aliases.begin(), wannacry->aliases.end(), "Wanna Decryptor") == 1);
    CHECK(found(gazetteer, "the Wanna Decryptor worm", "en") == "incident:wannacry");

    const GazetteerEntry* flame = gazetteer.find_entry(Facet::incident, "flame");
    REQUIRE(flame != nullptr);
    CHECK(flame->name == "Flame (sKyWIper)");
    CHECK(flame->country.empty());
    CHECK(flame->years == std::vector<int>{2012});

    // The built-in copy elsewhere is untouched.
    CHECK(builtin().find_entry(Facet::incident, "operation foobar") == nullptr);
}

TEST_CASE("gazetteer: a user file on disk, and an unreadable one", "[gazetteer]") {
    dossier::test::TempDir dir("gazetteer");
    const auto file = dir.write("mine.json", R"({"version":1,"entries":[{"id":"my-actor","kind":"actor",
        "name":"Purple Lynx","aliases":["Purple Lynx"],"country":"XX"}]})");
    Gazetteer gazetteer = builtin();
    gazetteer.merge_file(file);
    CHECK(found(gazetteer, "Purple Lynx struck", "en") == "actor:my-actor");

    const auto missing = dir.path() / "missing.json";
    const std::string message = usage_error([&] { gazetteer.merge_file(missing); });
    CHECK(message.rfind(missing.string() + ": cannot read the gazetteer file", 0) == 0);
}

TEST_CASE("gazetteer: errors in a user file name the file, the entry and the problem", "[gazetteer]") {
    struct Row {
        const char* json;
        const char* message;
    };
    const std::vector<Row> rows = {
        {R"({"version": 1, "entries": [)",
         "user.json: not valid JSON: parse error at line 1, column 28: syntax error while parsing value - "
         "unexpected end of input; expected '[', '{', or a literal"},
        {R"([1, 2])", "user.json: not a gazetteer: expected a JSON object {\"version\": 1, \"entries\": [...]}"},
        {R"({"entries": []})", "user.json: missing \"version\" (this dossier reads version 1)"},
        {R"({"version": 2, "entries": []})", "user.json: unsupported \"version\" 2 (this dossier reads version 1)"},
        {R"({"version": 1})", "user.json: missing \"entries\" (an array of entries)"},
        {R"({"version": 1, "entries": [], "extra": 1})",
         "user.json: unknown key \"extra\" (expected \"version\", \"entries\", \"description\")"},
        {R"({"version": 1, "entries": [{"kind": "incident", "name": "X", "aliases": ["X"]}]})",
         "user.json: entries[0]: missing \"id\""},
        {R"({"version": 1, "entries": [{"id": "ok", "kind": "actor", "name": "Ok"}, {"id": "Bad Id"}]})",
         "user.json: entries[1] (\"Bad Id\"): \"id\" must be lower-case letters, digits and '-', starting with a "
         "letter or digit, at most 120 bytes"},

        {R"({"version": 1, "entries": [{"id": "x", "kind": "event", "name": "X"}]})",
         "user.json: entries[0] (\"x\"): \"kind\" must be \"incident\" or \"actor\", not \"event\""},
        {R"({"version": 1, "entries": [{"id": "x", "name": "X", "aliases": ["X"]}]})",
         "user.json: entries[0] (\"x\"): missing \"kind\" (\"incident\" or \"actor\") for a new id"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "actor", "aliases": ["X"]}]})",
         "user.json: entries[0] (\"x\"): missing \"name\" for a new id"},
        {R"({"version": 1, "entries": [{"id": "wannacry", "kind": "actor"}]})",
         "user.json: entries[0] (\"wannacry\"): \"kind\" \"actor\" differs from the existing incident with this id"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "years": [207]}]})",
         "user.json: entries[0] (\"x\"): \"years\" must hold whole years from 1970 to 2100, not 207"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "country": "Russia"}]})",
         "user.json: entries[0] (\"x\"): \"country\" must be an ISO 3166-1 alpha-2 code such as \"RU\", or \"\", "
         "not \"Russia\""},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "aliases": ["X", 3]}]})",
         "user.json: entries[0] (\"x\"): aliases[1]: must be a string or an object {\"text\": ...}"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "aliases": [{"text": "X", "exact": true}]}]})",
         "user.json: entries[0] (\"x\"): aliases[0]: unknown key \"exact\" (expected text, exact_case, capitalized, "
         "person_name, languages, stem_language, context)"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "aliases": ["--"]}]})",
         "user.json: entries[0] (\"x\"): aliases[0]: has no letters or digits"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "incident", "name": "X", "alias": ["X"]}]})",
         "user.json: entries[0] (\"x\"): unknown key \"alias\" (expected id, kind, name, years, aliases, exclude, "
         "actor, country, note)"},
        {R"({"version": 1, "entries": [{"id": "x", "kind": "actor", "name": "X"}, {"id": "x", "kind": "actor", "name": "Y"}]})",
         "user.json: entries[1] (\"x\"): duplicate id (also entries[0])"},
    };
    for (const Row& row : rows) {
        INFO(row.json);
        Gazetteer gazetteer = builtin();
        const std::string before = gazetteer.fingerprint();
        CHECK(usage_error([&] { gazetteer.merge_json(row.json, "user.json"); }) == row.message);
        // Nothing of a bad file is merged.
        CHECK(gazetteer.fingerprint() == before);
    }
}

TEST_CASE("gazetteer: copies and concurrent finds share one lazily built matcher safely", "[gazetteer]") {
    const Gazetteer original = Gazetteer::builtin();
    Gazetteer moved = Gazetteer(original);
    const std::string text = "WannaCry and NotPetya, then SolarWinds.";
    const auto tokens = dossier::analyze(text);
    std::vector<std::thread> threads;
    std::vector<std::size_t> counts(4);
    for (std::size_t t = 0; t < counts.size(); ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                std::vector<dossier::EntityMention> out;
                moved.find(tokens, text, "en", out);
                counts[t] = out.size();
            }
        });
    for (std::thread& thread : threads) thread.join();
    for (const std::size_t count : counts) CHECK(count == 3);
    Gazetteer assigned;
    assigned = std::move(moved);
    CHECK(found(assigned, text, "en") == "incident:wannacry|incident:notpetya|incident:solarwinds");
    CHECK(assigned.fingerprint() == original.fingerprint());
}

TEST_CASE("gazetteer: an id longer than an index term may be is refused when the file is read", "[gazetteer]") {
    // Ids become index terms (XA<id>), which Xapian bounds at 245 bytes: a
    // longer one used to pass here and then stop every indexing run.
    Gazetteer gazetteer = builtin();
    const std::string id(121, 'a');
    const std::string json = R"({"version": 1, "entries": [{"id": ")" + id + R"(", "kind": "actor", "name": "L"}]})";
    CHECK(usage_error([&] { gazetteer.merge_json(json, "user.json"); }) ==
          "user.json: entries[0] (\"" + id +
              "\"): \"id\" must be lower-case letters, digits and '-', starting with a letter or digit, at most 120 bytes");
}

// The MISP names below are what data/misp-gazetteer.json (built in) holds for
// them; each sentence is what a report or a speech writes.
TEST_CASE("gazetteer: MISP names in capitals match as capitalized names, ambiguous capitals only in context", "[gazetteer]") {
    struct Row {
        const char* text;
        const char* expected;
    };
    const std::vector<Row> rows = {
        // "EMISSARY PANDA" (MISP) is how reports write "Emissary Panda".
        {"Emissary Panda targeted government sites.", "actor:apt27"},
        {"EMISSARY PANDA targeted government sites.", "actor:apt27"},
        {"an emissary panda", ""},
        // "RANCOR" is an ordinary word: capitalized, but only in context.
        {"The Rancor group targeted Cambodia.", "actor:rancor"},
        {"RANCOR hackers used PLAINTEE.", "actor:rancor"},
        {"Rancor grew between the two parties.", ""},
        // PRISM stays exact (hand-written, one word in capitals).
        {"Prism Optics sold a Prism.", ""},
        {"In 2013, PRISM revealed how the US spied.", "incident:prism"},
        // "SUMMIT" (Turla in MISP) never matches a summit, in any case.
        {"The SUMMIT of the G20 opened.", ""},
        {"At the Summit for Democracy leaders spoke.", ""},
        {"Turla, which Microsoft calls KRYPTON, struck again.", "actor:turla|actor:turla"},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        CHECK(found(builtin(), row.text, "en") == row.expected);
    }
}

TEST_CASE("gazetteer: glued, spaced and numbered spellings of an actor match", "[gazetteer]") {
    struct Row {
        const char* text;
        const char* expected;
    };
    const std::vector<Row> rows = {
        {"SyrianElectronicArmy defaced the site.", "actor:deadeye-jackal"},
        {"The Syrian Electronic Army defaced the site.", "actor:deadeye-jackal"},
        {"APT6 stole designs.", "actor:apt6"},
        {"APT 6 stole designs.", "actor:apt6"},
        {"APT-6 stole designs.", "actor:apt6"},
        {"Our Apt 6 lease ended.", ""},  // an address, not the actor
        {"TA505 sent the lures.", "actor:ta505"},
        {"TA 505 sent the lures.", "actor:ta505"},
        {"Fancy Bear, also FancyBear, and APT-28", "actor:apt28|actor:apt28|actor:apt28"},
        // Two CamelCase parts are not split: "the dark side" is no DarkSide.
        {"They went over to the Dark Side.", ""},
        {"DarkSide hit the pipeline.", "actor:darkside"},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        CHECK(found(builtin(), row.text, "en") == row.expected);
    }
    // Queries find them under any spelling too.
    const GazetteerEntry* apt6 = builtin().find_entry(Facet::actor, "APT 6");
    REQUIRE(apt6 != nullptr);
    CHECK(apt6->id == "apt6");
}

TEST_CASE("gazetteer: hacktivists and ransomware gangs are actors, generic ransomware names are not", "[gazetteer]") {
    struct Row {
        const char* text;
        const char* expected;
    };
    const std::vector<Row> rows = {
        {"Anonymous Sudan claimed the DDoS attacks.", "actor:anonymous-sudan"},
        {"Anonymous sources said the talks failed.", ""},
        {"LockBit affiliates encrypted the hospital.", "actor:lockbit"},
        {"BlackCat, also called ALPHV, leaked the files.", "actor:alphv|actor:alphv"},
        {"The Conti ransomware gang", "actor:conti"},
        {"Royal ransomware hit Dallas; Royal demanded millions.", "actor:royal|actor:royal"},
        {"The Royal Navy and the Royal family", ""},
        {"Play ransomware hit Oakland.", "actor:play"},
        {"Children play in the park. Play is learning.", ""},
        {"The Cuba ransomware gang struck.", "actor:cuba"},
        {"Cuba and the United States", ""},
        {"Dangerous weapons and royal decrees", ""},
        // The gang and the group other clusters name: one actor.
        {"Vice Society ransomware leaked school data.", "actor:vanilla-tempest"},
        {"Akira ransomware encrypted VMware servers.", "actor:storm-1567"},
        // A name the hand-written gazetteer gives an incident stays one.
        {"WannaCry hit hospitals.", "incident:wannacry"},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        CHECK(found(builtin(), row.text, "en") == row.expected);
    }
}

TEST_CASE("gazetteer: short and ordinary-word actor names count only in context (GOP, SEA, IRIDIUM)", "[gazetteer]") {
    struct Row {
        const char* text;
        const char* expected;
    };
    const std::vector<Row> rows = {
        // "GOP" (Guardians of Peace, Andariel in MISP) is the Republican party.
        {"The GOP won the Senate.", ""},
        {"GOP leaders met in Washington.", ""},
        {"GOP hackers leaked Sony's films.", "actor:andariel"},
        // "SEA" (Syrian Electronic Army) is South-East Asia.
        {"Trade in SEA grew.", ""},
        {"ASEAN and SEA economies, and the South China Sea", ""},
        {"The SEA hackers hijacked the AP account.", "actor:deadeye-jackal"},
        {"The Syrian Electronic Army (SEA) hijacked the AP account; SEA later denied it.",
         "actor:deadeye-jackal|actor:deadeye-jackal|actor:deadeye-jackal"},
        // "IRIDIUM" (an Iranian group in MISP) is a satellite company and an element.
        {"IRIDIUM satellites cover the poles.", ""},
        {"Iridium Communications reported earnings.", ""},
        {"The IRIDIUM group targeted Israeli firms.", "actor:sandworm"},
        // A cue word counts in lower case only: "the Minsk Group" is no cue.
        {"Trade in SEA Group companies", ""},
    };
    for (const Row& row : rows) {
        INFO(row.text);
        CHECK(found(builtin(), row.text, "en") == row.expected);
    }
}

TEST_CASE("gazetteer: the context flag of an alias in a user file", "[gazetteer]") {
    Gazetteer gazetteer = builtin();
    gazetteer.merge_json(R"json({"version": 1, "entries": [
        {"id": "blue-fox", "kind": "actor", "name": "Blue Fox",
         "aliases": ["Blue Fox Team", {"text": "FOX", "context": true}]}
    ]})json",
                         "user.json");
    CHECK(found(gazetteer, "FOX aired the debate.", "en") == "");
    CHECK(found(gazetteer, "the FOX hackers struck", "en") == "actor:blue-fox");
    CHECK(found(gazetteer, "Blue Fox Team, also FOX, struck", "en") == "actor:blue-fox|actor:blue-fox");
    CHECK(usage_error([&] {
              gazetteer.merge_json(R"({"version": 1, "entries": [{"id": "x", "kind": "actor", "name": "X",
                  "aliases": [{"text": "X", "context": "yes"}]}]})",
                                   "user.json");
          }) == "user.json: entries[0] (\"x\"): aliases[0]: \"context\" must be true or false");
}

TEST_CASE("gazetteer: the built-in MISP import keeps hand-written ids and fields", "[gazetteer]") {
    const Gazetteer handwritten = Gazetteer::handwritten();
    const Gazetteer& all = builtin();
    CHECK(all.size(Facet::actor) > 2000);
    CHECK(all.size(Facet::incident) > 150);
    for (const GazetteerEntry& entry : handwritten.entries()) {
        INFO(entry.id);
        const GazetteerEntry* merged = all.find_entry(entry.kind, entry.id);
        REQUIRE(merged != nullptr);
        CHECK(merged->name == entry.name);
        CHECK(merged->country == entry.country);
        CHECK(merged->years == entry.years);
        CHECK(merged->actor == entry.actor);
    }
    // Countries of imported actors, for the country facet that actors imply.
    const GazetteerEntry* sea = all.find_entry(Facet::actor, "Syrian Electronic Army");
    REQUIRE(sea != nullptr);
    CHECK(sea->country == "SY");
    CHECK(all.find_entry(Facet::actor, "conti")->country.empty());  // hand-written: criminal, no state
}

// Words of UN General Debate speeches that are also MISP names (ransomware
// "CzechoSlovak", "CoronaVirus", "One", "Naga", "HowAreYou"; groups "Group
// 3", "Group 26", "The Mask"; campaigns): none is an actor or incident there.
TEST_CASE("gazetteer: words of speeches that MISP lists as names are no actors", "[gazetteer]") {
    const std::vector<const char*> texts = {
        "The Czechoslovak delegation supports the resolution.",
        "The Coronavirus pandemic has hit the poor hardest.",
        "One group of States has blocked the reform.",
        "How are you to explain this to our children?",
        "The mask of neutrality has fallen.",
        "the Contadora Group. 26. In a letter",
        "the Eastern European Group. 3 10-55408 The importance",
        "The Naga people and the Katyusha rockets; Beethoven's Ninth.",
        "Turkish troops and the Turkish Cypriot community",
        "Anonymous sources; the Royal Navy; children play; Sea levels rise.",
        // Tidal campaigns "Outer Space" and "Frankenstein" are no incidents here.
        "the Committee on the Peaceful Uses of Outer Space. Outer Space belongs to all.",
        "Frankenstein's monster, Mary Shelley wrote.",
    };
    for (const char* text : texts) {
        INFO(text);
        CHECK(found(builtin(), text, "en") == "");
    }
}
