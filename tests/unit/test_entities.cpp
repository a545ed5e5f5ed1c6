// SPDX-License-Identifier: MIT
// The catalog of names as a user meets it: the facet values a document
// gets from its text, the names a filter accepts, and what is shown.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "base/error.h"
#include "entities/entities.h"
#include "entities/name_words.h"
#include "entities/entity.h"
#include "test_support.h"
#include "text/analyzer.h"

using dossier::Evidence;
using dossier::Facet;
using dossier::test::builtin_catalog;

namespace {

Evidence evidence_of(const std::string& text, const std::string& lang) {
    return builtin_catalog().extract(dossier::analyze(text), text, lang);
}

// "country=CN,US org=NATO": the values of each facet found, ids sorted.
std::string values_of(const Evidence& evidence) {
    std::string out;
    for (const auto& [facet, values] : evidence) {
        std::string ids;
        for (const auto& [id, words] : values) ids += (ids.empty() ? "" : ",") + id;
        out += (out.empty() ? "" : " ") + facet + "=" + ids;
    }
    return out;
}

}  // namespace

TEST_CASE("the facet names are spelled once and read back", "[entities]") {
    std::string names;
    for (const auto& [facet, name] : dossier::kEntityFacets) {
        names += (names.empty() ? "" : "|") + std::string(name);
        CHECK(dossier::facet_from_name(name) == facet);
        CHECK(dossier::facet_name(facet) == name);
    }
    CHECK(names == "country|org|incident|actor");
    CHECK_FALSE(dossier::facet_from_name("Country").has_value());
    CHECK_FALSE(dossier::facet_from_name("date").has_value());
}

TEST_CASE("a report gets every country, organisation, incident and actor it names", "[entities]") {
    const Evidence evidence = evidence_of(
        "Officials in France and Germany told NATO that WannaCry spread from North Korea; "
        "the Lazarus Group was blamed.",
        "en");
    CHECK(values_of(evidence) == "actor=lazarus country=DE,FR,KP incident=wannacry org=NATO");
    // The words that gave a value are kept as written, to show why.
    CHECK(evidence.at("country").at("FR") == std::vector<std::string>{"France"});
    CHECK(evidence.at("incident").at("wannacry") == std::vector<std::string>{"WannaCry"});
}

TEST_CASE("a country named in another language is the same country", "[entities]") {
    CHECK(values_of(evidence_of("Laporan dari Tiongkok dan Amerika Serikat.", "id")) == "country=CN,US");
    CHECK(values_of(evidence_of("Доклад о кибератаках из России.", "ru")) == "country=RU");
}

TEST_CASE("text that names nothing gives no facet values", "[entities]") {
    CHECK(evidence_of("The committee reviewed the budget for the coming year.", "en").empty());
    CHECK(evidence_of("", "en").empty());
}

TEST_CASE("evidence keeps a few distinct words per value", "[entities]") {
    std::string text;
    for (const char* name : {"France", "France", "french", "France", "France"}) text += std::string(name) + " met. ";
    const Evidence evidence = evidence_of(text, "en");
    REQUIRE(evidence.count("country") == 1);
    const auto& words = evidence.at("country").at("FR");
    CHECK(words.size() <= dossier::kEvidenceWords);
    CHECK(std::count(words.begin(), words.end(), "France") == 1);
}

TEST_CASE("a filter value is resolved from a code, an id or a name in any language", "[entities]") {
    const auto& catalog = builtin_catalog();
    CHECK(catalog.resolve(Facet::country, "Tiongkok") == "CN");
    CHECK(catalog.resolve(Facet::country, "中国") == "CN");
    CHECK(catalog.resolve(Facet::country, "cn") == "CN");
    CHECK(catalog.resolve(Facet::org, "OTAN") == "NATO");
    CHECK(catalog.resolve(Facet::incident, "ProxyLogon") == "exchange-2021");
    CHECK(catalog.resolve(Facet::incident, "wannacry") == "wannacry");
}

TEST_CASE("an unknown filter value is refused, naming the nearest known names", "[entities]") {
    CHECK_THROWS_MATCHES(builtin_catalog().resolve(Facet::country, "Germny"), dossier::QueryError,
                         Catch::Predicate<dossier::QueryError>([](const dossier::QueryError& e) {
                             const std::string message = e.what();
                             return message.starts_with("no country is called 'Germny'; nearest known names: ") &&
                                    message.find("Germany") != std::string::npos;
                         }, "names Germany as nearest"));
    CHECK_THROWS_WITH(builtin_catalog().resolve(Facet::incident, "Pineapple Tart"),
                      Catch::StartsWith("no incident is called 'Pineapple Tart'"));
}

TEST_CASE("values are shown by name, countries in the display language", "[entities]") {
    const auto& catalog = builtin_catalog();
    CHECK(catalog.display_name(Facet::country, "DE", "en") == "Germany");
    CHECK(catalog.display_name(Facet::country, "DE", "fr") == "Allemagne");
    CHECK(catalog.display_name(Facet::incident, "wannacry", "en") == "WannaCry");
}

TEST_CASE("a user gazetteer changes the catalog's fingerprint", "[entities]") {
    const dossier::test::TempDir tmp("entities");
    const auto file = tmp.write("mine.json", R"({"version": 1, "entries": [{"id": "pineapple-tart", )"
                                             R"("kind": "incident", "name": "Pineapple Tart", "years": [2024], )"
                                             R"("actor": "", "country": "", "aliases": ["Pineapple Tart"]}]})");
    const auto mine = dossier::EntityCatalog::load({file.string()});
    CHECK(mine.fingerprint() != builtin_catalog().fingerprint());
    CHECK(mine.resolve(Facet::incident, "Pineapple Tart") == "pineapple-tart");
}

TEST_CASE("the built-in name tables are searched for a whole word in any ASCII case", "[entities]") {
    CHECK(dossier::builtin_names_mention("fancy"));  // Fancy Bear
    CHECK(dossier::builtin_names_mention("CHAD"));
    CHECK(dossier::builtin_names_mention("apt28"));
    CHECK_FALSE(dossier::builtin_names_mention("blinkn"));
    CHECK_FALSE(dossier::builtin_names_mention("fanc"));  // inside a word only
    CHECK_FALSE(dossier::builtin_names_mention(""));
}
