// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "text/analyzer.h"
#include "entities/country_names.h"
#include "base/embedded_data.h"
#include "test_support.h"

using dossier::CountryNames;
using dossier::EntityMention;
using dossier::Facet;

namespace {

std::vector<EntityMention> mentions(std::string_view text, std::string_view lang) {
    std::vector<EntityMention> out;
    CountryNames::builtin().find(dossier::analyze(text), text, lang, out);
    return out;
}

// Sorted, unique ids (countries and orgs together), joined by '|'.
std::string ids(std::string_view text, std::string_view lang) {
    std::set<std::string> unique;
    for (const EntityMention& m : mentions(text, lang)) unique.insert(m.id);
    return dossier::test::join({unique.begin(), unique.end()});
}

std::string seed_text(const std::string& prefix) {
    for (const auto& entry : std::filesystem::directory_iterator(SEEDS_DIR))
        if (entry.path().filename().string().rfind(prefix, 0) == 0) return dossier::test::read_file(entry.path());
    FAIL("no seed document " << prefix << "* in " << SEEDS_DIR);
    return {};
}

std::vector<std::string> split_tabs(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
    }
    return fields;
}

}  // namespace

TEST_CASE("every row of country_traps.tsv resolves as expected", "[countries]") {
    const std::string fixture = dossier::test::fixture("country_traps.tsv");
    REQUIRE_FALSE(fixture.empty());
    std::size_t rows = 0;
    std::size_t line_number = 0;
    std::size_t start = 0;
    while (start < fixture.size()) {
        std::size_t end = fixture.find('\n', start);
        if (end == std::string::npos) end = fixture.size();
        std::string line = fixture.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line.front() == '#') continue;
        const std::vector<std::string> fields = split_tabs(line);
        CAPTURE(line_number, line);
        REQUIRE((fields.size() == 2 || fields.size() == 3));
        const std::string& lang = fields[0];
        const std::string& text = fields[1];
        const std::string expected = fields.size() == 3 ? fields[2] : std::string();
        CHECK(ids(text, lang) == expected);
        ++rows;
    }
    CHECK(rows >= 40);
}

TEST_CASE("mentions carry their facet and the span of the words", "[countries]") {
    SECTION("Australia is a country, the African Union an org, both AU") {
        const std::string text = "The AU and Australia met.";
        const auto found = mentions(text, "en");
        REQUIRE(found.size() == 2);
        CHECK(found[0].facet == Facet::org);
        CHECK(found[0].id == "AU");
        CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "AU");
        CHECK(found[1].facet == Facet::country);
        CHECK(found[1].id == "AU");
        CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "Australia");
    }
    SECTION("text order, possessives and clitics keep the name's own span") {
        const std::string text = "China's MSS and l'UE";
        const auto found = mentions(text, "fr");
        REQUIRE(found.size() == 3);
        CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "China");
        CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "MSS");
        CHECK(text.substr(found[2].begin, found[2].end - found[2].begin) == "UE");
        CHECK(found[2].facet == Facet::org);
    }
    SECTION("one word naming two states gives both, same span") {
        const auto found = mentions("中俄", "zh");
        REQUIRE(found.size() == 2);
        CHECK(found[0].id == "CN");
        CHECK(found[1].id == "RU");
        CHECK(found[0].begin == found[1].begin);
    }
    SECTION("appends to what is already there") {
        std::vector<EntityMention> out(1);
        const std::string text = "Iran";
        CountryNames::builtin().find(dossier::analyze(text), text, "en", out);
        REQUIRE(out.size() == 2);
        CHECK(out[1].id == "IR");
    }
}

TEST_CASE("country_code resolves codes and names in any language", "[countries]") {
    const CountryNames& names = CountryNames::builtin();
    struct Row {
        const char* input;
        const char* code;
    };
    const Row rows[] = {
        {"Tiongkok", "CN"}, {"中国", "CN"}, {"China", "CN"}, {"china", "CN"}, {"RRC", "CN"}, {"PRC", "CN"},
        {"cn", "CN"}, {"CN", "CN"}, {"CHN", "CN"}, {"chn", "CN"}, {"Китай", "CN"}, {"الصين", "CN"},
        {"Chine", "CN"}, {"Republik Rakyat China", "CN"}, {"People's Republic of China", "CN"},
        {"Amerika Serikat", "US"}, {"美国", "US"}, {"U.S.", "US"}, {"USA", "US"}, {"usa", "US"},
        {"United States", "US"}, {"Washington", "US"}, {"США", "US"},
        // Two letters are read as a code first: AS is American Samoa.
        {"AS", "AS"}, {"as", "AS"}, {"American Samoa", "AS"},
        {"UK", "GB"}, {"Britania Raya", "GB"}, {"gbr", "GB"},
        {"Korea", "KR"}, {"ROK", "KR"}, {"DPRK", "KP"}, {"Korea Utara", "KP"},
        {"Georgia", "GE"}, {"Deutschland", "DE"}, {"Allemagne", "DE"}, {"  de ", "DE"},
        {"Hong Kong", "HK"}, {"Chinese Taipei", "TW"}, {"Kosovo", "XK"},
        // Inflected forms by stem.
        {"России", "RU"}, {"российских", "RU"}, {"Китаем", "CN"},
        // Demonyms, glued forms, states and cities, agencies.
        {"Italian", "IT"}, {"italians", "IT"}, {"Moroccan", "MA"}, {"North Korean", "KP"},
        {"NorthKorea", "KP"}, {"SaudiArabia", "SA"}, {"New Mexico", "US"}, {"Minnesota", "US"},
        {"Shanghai", "CN"}, {"Bundestag", "DE"}, {"PRK", "KP"}, {"are", "AE"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.input);
        CHECK(names.country_code(row.input) == std::optional<std::string>(row.code));
    }
    for (const char* unknown : {"", "   ", "Atlantis", "Congo", "NATO", "South China Sea", "ZZ", "XYZ", "Norfolk",
                                "China Chopper", "Geneva"}) {
        CAPTURE(unknown);
        CHECK_FALSE(names.country_code(unknown).has_value());
    }
}

TEST_CASE("org_id resolves org ids and aliases", "[countries]") {
    const CountryNames& names = CountryNames::builtin();
    struct Row {
        const char* input;
        const char* id;
    };
    const Row rows[] = {
        {"nato", "NATO"}, {"NATO", "NATO"}, {"北约", "NATO"}, {"OTAN", "NATO"}, {"الناتو", "NATO"},
        {"Uni Eropa", "EU"}, {"eu", "EU"}, {"European Union", "EU"}, {"ЕС", "EU"}, {"欧盟", "EU"},
        {"Европейского союза", "EU"}, {"un", "UN"}, {"ООН", "UN"}, {"联合国", "UN"}, {"PBB", "UN"},
        {"Perserikatan Bangsa-Bangsa", "UN"}, {"csto", "CSTO"}, {"ОДКБ", "CSTO"},
        {"Collective Security Treaty Organization", "CSTO"}, {"ШОС", "SCO"},
        {"Shanghai Cooperation Organisation", "SCO"}, {"G-7", "G7"}, {"g20", "G20"},
        {"African Union", "AU"}, {"Five Eyes", "FVEY"}, {"BRICS", "BRICS"}, {"ASEAN", "ASEAN"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.input);
        CHECK(names.org_id(row.input) == std::optional<std::string>(row.id));
    }
    for (const char* unknown : {"", "China", "Europe", "Article 5", "MSS"}) {
        CAPTURE(unknown);
        CHECK_FALSE(names.org_id(unknown).has_value());
    }
}

TEST_CASE("display names come from ICU and the data file", "[countries]") {
    const CountryNames& names = CountryNames::builtin();
    CHECK(names.country_display_name("CN") == "China");
    CHECK(names.country_display_name("CN", "en") == "China");
    CHECK(names.country_display_name("CN", "id") == "Tiongkok");
    CHECK(names.country_display_name("cn", "fr") == "Chine");
    CHECK(names.country_display_name("CN", "zh") == "中国");
    CHECK(names.country_display_name("US", "id") == "Amerika Serikat");
    CHECK(names.country_display_name("GB", "zh-Hant") == "英國");
    CHECK(names.country_display_name("GB", "zh_Hant") == "英國");
    CHECK(names.country_display_name("RU", "ru") == "Россия");
    CHECK(names.country_display_name("ZZ") == "ZZ");
    CHECK(names.org_display_name("EU") == "European Union");
    CHECK(names.org_display_name("NATO") == "North Atlantic Treaty Organization");
    CHECK(names.org_display_name("nato") == "North Atlantic Treaty Organization");
    CHECK(names.org_display_name("XYZ") == "XYZ");
}

TEST_CASE("nearest names for did-you-mean messages", "[countries]") {
    const CountryNames& names = CountryNames::builtin();
    const auto tiongkok = names.nearest_country_names("Tiongkk");
    REQUIRE_FALSE(tiongkok.empty());
    CHECK(tiongkok.front() == "Tiongkok");
    CHECK(tiongkok.size() <= 5);
    const auto germany = names.nearest_country_names("Germny", 3);
    REQUIRE(germany.size() == 3);
    CHECK(germany.front() == "Germany");
    const auto nato = names.nearest_org_names("natto");
    REQUIRE_FALSE(nato.empty());
    CHECK(nato.front() == "NATO");
    CHECK(names.nearest_org_names("Uni Erop").front() == "Uni Eropa");
    CHECK(names.nearest_country_names("").empty());
    CHECK(names.nearest_country_names("China", 0).empty());
    // Names that resolve to no single country are never suggested.
    for (const std::string& name : names.nearest_country_names("Congo", 20)) CHECK(name != "Congo");
}

TEST_CASE("the seed documents name what a careful reader lists", "[countries]") {
    struct Seed {
        const char* prefix;
        const char* lang;
        const char* expected;
    };
    const Seed seeds[] = {
        // Indonesian: "AS"/"Amerika Serikat" (US), "Republik Rakyat China"/
        // "RRC" and "MSS" (CN), NATO, "Uni Eropa" (EU), "Britania Raya"
        // (GB), Kanada, Australia, New Zealand, Jepang. "MMS" is a typo of
        // MSS and counts for nothing; "Microsoft Exchange" is no country.
        {"000_", "id", "AU|CA|CN|EU|GB|JP|NATO|NZ|US"},
        // "US", "United States", "White House" (US); China, Chinese,
        // Beijing, PRC, "People's Republic of China", CCP (CN); NATO;
        // "Britain" (GB); "Hong Kong" (HK, its own ISO code); "G-7" (G7).
        // "South China Sea" is a sea, "European nations" not the EU,
        // Glasgow and "Hafnium" name no state.
        {"001_", "en", "CN|G7|GB|HK|NATO|US"},
        // Indonesian: Rusia, "Federasi Rusia", Moskow (RU); Indonesia,
        // Nikaragua, Uzbekistan, Iran, Kirgistan; CSTO, SCO, BRICS;
        // Prancis (FR); AS, "Amerika Serikat", "media Amerika", "Gedung
        // Putih" (US). Jenewa (Geneva) is a summit venue, not a party.
        {"002_", "id", "BRICS|CSTO|FR|ID|IR|KG|NI|RU|SCO|US|UZ"},
        // The joint statement's signatories (US, NATO, EU, UK, Canada,
        // Japan, Australia, New Zealand), China ("Ministry of State
        // Security", Beijing), Russia, Germany, the Netherlands, France,
        // Greece, Italy. "Atlantic Council", "Article 5" and "17+1" are no
        // org of ours; "Xinjiang province" adds nothing beyond CN.
        {"003_", "en", "AU|CA|CN|DE|EU|FR|GB|GR|IT|JP|NATO|NL|NZ|RU|US"},
        // US (also "Pentagon", CIA, NSA, "Cyber Command", NIST), China,
        // Iran, Germany, "the ROK" (KR), Russia, Ukraine. "Shenzhen TV" and
        // "Dragon TV" are broadcasters, "Summit for Democracy" no org.
        {"004_", "en", "CN|DE|IR|KR|RU|UA|US"},
    };
    for (const Seed& seed : seeds) {
        CAPTURE(seed.prefix);
        const std::string text = seed_text(seed.prefix);
        REQUIRE_FALSE(text.empty());
        CHECK(ids(text, seed.lang) == seed.expected);
    }
}

TEST_CASE("the data file is well-formed and the resolver is quick to build", "[countries]") {
    const auto start = std::chrono::steady_clock::now();
    const CountryNames names(dossier::embedded_data("countries.tsv"));
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 1000);
    CHECK(names.size() > 3000);
    CHECK(names.icu_name_count() > 2500);
    CHECK(&CountryNames::builtin() == &CountryNames::builtin());
}

TEST_CASE("a malformed table row is reported with its line", "[countries]") {
    const auto message = [](std::string_view table) {
        try {
            CountryNames names(table);
        } catch (const std::invalid_argument& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(message("# comment\nXX\tcountry\tNowhere\n"), Catch::Contains("line 2") && Catch::Contains("XX"));
    CHECK_THAT(message("CN\tcountry\tCathay\tbold\n"), Catch::Contains("unknown flag 'bold'"));
    CHECK_THAT(message("CN\tstate\tCathay\n"), Catch::Contains("unknown kind"));
    CHECK_THAT(message("CN\tcountry\n"), Catch::Contains("columns"));
    CHECK_THAT(message("GE\tcountry\tGeorgia\tyields_to=XX\n"), Catch::Contains("unknown country code 'XX'"));
    CHECK_THAT(message("\n\nCN\tcountry\tCathay\tbold\n"), Catch::Contains("countries.tsv line 3"));
    CHECK(message("") == "no error");
    // A custom row counts, with its rule.
    const CountryNames custom("CN\tcountry\tCathay\tcapitalized\n");
    const std::string text = "Cathay and cathay";
    std::vector<EntityMention> out;
    custom.find(dossier::analyze(text), text, "en", out);
    REQUIRE(out.size() == 1);
    CHECK(out[0].id == "CN");
    CHECK(out[0].begin == 0);
}

TEST_CASE("demonyms.tsv has a block for every country code", "[countries]") {
    const std::string_view table = dossier::embedded_data("demonyms.tsv");
    REQUIRE_FALSE(table.empty());
    // Well-formed on its own (the error would name the line).
    const CountryNames demonyms{std::string(table)};
    CHECK(demonyms.size() > 1000);
    const CountryNames& names = CountryNames::builtin();
    std::size_t codes = 0;
    for (char a = 'A'; a <= 'Z'; ++a) {
        for (char b = 'A'; b <= 'Z'; ++b) {
            const std::string code{a, b};
            if (names.country_display_name(code) == code) continue;  // not a country
            ++codes;
            CAPTURE(code);
            const bool row = table.find("\n" + code + "\tcountry\t") != std::string_view::npos;
            const bool none = table.find("# " + code + ": no demonym") != std::string_view::npos;
            CHECK((row || none));
        }
    }
    CHECK(codes >= 249);
}

TEST_CASE("alpha-3 codes count in capitals, not among all-capital words", "[countries]") {
    SECTION("a code among mixed-case words, with its own span") {
        const std::string text = "Indicators tagged PRK and IRN.";
        const auto found = mentions(text, "en");
        REQUIRE(found.size() == 2);
        CHECK(found[0].id == "KP");
        CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "PRK");
        CHECK(found[1].id == "IR");
    }
    SECTION("codes next to each other are a list, not all-capital text") {
        CHECK(ids("Targets: RUS, CHN, IRN, PRK", "en") == "CN|IR|KP|RU");
    }
    SECTION("all-capital text") {
        CHECK(ids("WE ARE READY", "en").empty());
        CHECK(ids("THEY ARE HERE", "en").empty());
        CHECK(ids("The UKR delegation", "en") == "UA");
        CHECK(ids("We ARE encouraged", "en").empty());  // a word, listed as none
        CHECK(ids("ATTACKS ON UKR GRID", "en").empty());
        CHECK(ids("Attacks on the UKR grid", "en") == "UA");
        CHECK(ids("APT28 RUS", "en") == "RU");  // "APT28" is no all-capital word
    }
    SECTION("exact case and words") {
        CHECK(ids("prk rus", "en").empty());
        CHECK(ids("Tools for CAN and TLS", "en").empty());
    }
}

TEST_CASE("multi-word names match glued in CamelCase", "[countries]") {
    const std::string text = "#NorthKorea and #UnitedStates";
    const auto found = mentions(text, "en");
    REQUIRE(found.size() == 2);
    CHECK(found[0].id == "KP");
    CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "NorthKorea");
    CHECK(found[1].id == "US");
    CHECK(ids("northkorea saudiarabia", "en").empty());
    CHECK(ids("Republik Rakyat China as RepublikRakyatChina", "id") == "CN");
    CHECK(ids("AmerikaSerikat", "id") == "US");
}

TEST_CASE("whole-text rules: Georgia beside US states, acronyms defined otherwise", "[countries]") {
    CHECK(ids("Georgia and Florida passed laws.", "en") == "US");
    CHECK(ids("Georgia. Russia. New York.", "en") == "GE|RU");  // bare New York (the UN seat) is neither a state nor US
    CHECK(ids("Georgia. Russia. New York City.", "en") == "GE|RU|US");  // a city, no state for the rule
    CHECK(ids("Managed Security Services (MSS) are sold; MSS prices rose.", "en").empty());
    CHECK(ids("Ministry of State Security (MSS)", "en") == "CN");
    CHECK(ids("The agency (MSS) said", "en") == "CN");  // no other name spelled out
}
