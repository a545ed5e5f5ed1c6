// SPDX-License-Identifier: MIT
// Countries a document reaches only through a threat actor it names
// ("Lazarus Group" -> KP): inferred at extraction, marked in the index and
// the document data, left out of filters and counts on request.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <xapian.h>

#include "entities/entities.h"
#include "entities/entity.h"
#include "formats/source_document.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "index/schema.h"
#include "indexer/jsonl_ingest.h"
#include "search/search.h"
#include "test_support.h"
#include "text/analyzer.h"

using dossier::Evidence;
using dossier::Facet;
using dossier::Inferences;
using dossier::SearchRequest;
using dossier::SearchResult;
using dossier::test::builtin_catalog;
using dossier::test::TempDir;

namespace {

struct Extracted {
    Evidence evidence;
    Inferences inferred;
};

// What the catalog finds in `text` (English) and infers from it.
Extracted extracted(const std::string& text) {
    Extracted out;
    out.evidence = builtin_catalog().extract(dossier::analyze(text), text, "en");
    out.inferred = builtin_catalog().infer_countries(out.evidence);
    return out;
}

// The country ids of `evidence`, sorted, joined by ','.
std::string countries_of(const Evidence& evidence) {
    std::string out;
    if (const auto found = evidence.find("country"); found != evidence.end())
        for (const auto& [id, words] : found->second) out += (out.empty() ? "" : ",") + id;
    return out;
}

// "KP <- via actor Lazarus Group" for each inferred country, joined by "; ".
std::string inferred_of(const Inferences& inferred) {
    std::string out;
    if (const auto found = inferred.find("country"); found != inferred.end())
        for (const auto& [id, sources] : found->second) {
            out += (out.empty() ? "" : "; ") + id + " <-";
            for (const std::string& source : sources) out += " " + builtin_catalog().inferred_from(source).text;
        }
    return out;
}

bool has_term(const Xapian::Document& document, const std::string& term) {
    Xapian::TermIterator it = document.termlist_begin();
    it.skip_to(term);
    return it != document.termlist_end() && *it == term;
}

dossier::SourceDocument source_of(const std::string& path, const std::string& text) {
    dossier::SourceDocument source;
    source.path = path;
    source.format = "text";
    source.text = text;
    dossier::complete_from_text(source, "");
    return source;
}

// Three English reports: one naming only the Lazarus Group, one naming
// North Korea and Lazarus, one naming Russia only.
const std::pair<const char*, const char*> kReports[] = {
    {"lazarus-only.txt", "Bank heist\n\nInvestigators blamed the Lazarus Group for the bank heist."},
    {"named.txt", "Sanctions\n\nNorth Korea denied that the Lazarus Group works for it."},
    {"russia.txt", "Elections\n\nRussia was accused of meddling in the elections."},
};

const std::string& sample_database() {
    static const TempDir tmp("inferred");
    static const std::string path = [] {
        const std::string db = (tmp.path() / "db").string();
        Xapian::WritableDatabase database = dossier::open_for_writing(db);
        for (const auto& [name, text] : kReports) {
            const auto built = dossier::build_document(source_of((tmp.path() / name).string(), text), "en",
                                                       builtin_catalog());
            database.replace_document(built.id_term, built.document);
        }
        database.commit();
        return db;
    }();
    return path;
}

SearchResult search(const std::string& query, bool inferred, std::vector<std::string> facets = {},
                    std::vector<std::string> country_filter = {}) {
    SearchRequest request;
    request.databases = {sample_database()};
    request.query = query;
    request.inferred = inferred;
    request.facets = std::move(facets);
    if (!country_filter.empty()) request.facet_filters[Facet::country] = std::move(country_filter);
    request.limit = 100;
    return dossier::run_search(request);
}

std::string names_of(const SearchResult& result) {
    std::vector<std::string> names;
    for (const auto& hit : result.hits) names.push_back(std::filesystem::path(hit.document.path).filename());
    std::sort(names.begin(), names.end());
    return dossier::test::join(names);
}

using dossier::test::counted;

}  // namespace

TEST_CASE("a text naming only the Lazarus Group gets KP inferred via the actor", "[inferred]") {
    const Extracted found = extracted("Investigators blamed the Lazarus Group for the bank heist.");
    CHECK(countries_of(found.evidence) == "KP");
    // No words were written for it: none are made up.
    CHECK(found.evidence.at("country").at("KP").empty());
    CHECK(inferred_of(found.inferred) == "KP <- via actor Lazarus Group");
    CHECK(found.inferred.at("country").at("KP") == std::vector<std::string>{"actor:lazarus"});
}

TEST_CASE("a country the text names stays direct with its words even beside its actor", "[inferred]") {
    const Extracted found = extracted("North Korea denied that the Lazarus Group works for it.");
    CHECK(countries_of(found.evidence) == "KP");
    CHECK(found.evidence.at("country").at("KP") == std::vector<std::string>{"North Korea"});
    CHECK(found.inferred.empty());
}

TEST_CASE("several actors of one state give one inferred country naming each", "[inferred]") {
    const Extracted found = extracted("Fancy Bear and Cozy Bear both targeted the ministry; so did Kimsuky.");
    CHECK(countries_of(found.evidence) == "KP,RU");
    CHECK(inferred_of(found.inferred) ==
          "KP <- via actor Kimsuky; RU <- via actor APT28 (Fancy Bear) via actor APT29 (Cozy Bear)");
}

TEST_CASE("an actor without a country and an incident give no country", "[inferred]") {
    // DarkSide is a criminal group: no state in the gazetteer.
    const Extracted criminal = extracted("The DarkSide group demanded a ransom.");
    CHECK(criminal.evidence.at("actor").count("darkside") == 1);
    CHECK(countries_of(criminal.evidence).empty());
    CHECK(criminal.inferred.empty());
    // WannaCry is attributed to North Korea, but only actors are followed.
    const Extracted incident = extracted("WannaCry encrypted hospital files.");
    CHECK(incident.evidence.at("incident").count("wannacry") == 1);
    CHECK(countries_of(incident.evidence).empty());
    CHECK(incident.inferred.empty());
}

TEST_CASE("an inferred country is a country term and slot value, marked, and stored", "[inferred]") {
    const auto built = dossier::build_document(
        source_of("/docs/a.txt", "Bank heist\n\nThe Lazarus Group and Russia were both blamed."), "en",
        builtin_catalog());
    const Xapian::Document& document = built.document;
    CHECK(has_term(document, "XC:KP"));
    CHECK(has_term(document, "XC:RU"));
    CHECK(has_term(document, dossier::schema::prefixed_term(dossier::schema::kInferredCountryPrefix, "KP")));
    CHECK_FALSE(has_term(document, dossier::schema::prefixed_term(dossier::schema::kInferredCountryPrefix, "RU")));
    CHECK(document.get_value(dossier::schema::kCountrySlot) == "KP|RU");
    CHECK(document.get_value(dossier::schema::kInferredCountrySlot) == "KP");
    const auto stored = dossier::schema::decode_document_data(document.get_data());
    CHECK(stored.evidence.at("country").at("RU") == std::vector<std::string>{"Russia"});
    CHECK(stored.evidence.at("country").at("KP").empty());
    CHECK(stored.inferred.at("country").at("KP") == std::vector<std::string>{"actor:lazarus"});
}

TEST_CASE("document data without inferred values reads as before", "[inferred]") {
    dossier::schema::StoredDocument document;
    document.path = "/docs/b.txt";
    document.evidence["country"]["CN"] = {"China"};
    const std::string data = dossier::schema::encode_document_data(document);
    // Nothing is added to the data of a document with no inferred value.
    CHECK(data.find("inferred") == std::string::npos);
    CHECK(dossier::schema::decode_document_data(data).inferred.empty());
    // Data written before inference existed decodes with none.
    const auto old = dossier::schema::decode_document_data(
        R"({"path":"/x.txt","evidence":{"country":{"CN":["China"]}}})" "\ntext");
    CHECK(old.inferred.empty());
    CHECK(old.evidence.at("country").at("CN") == std::vector<std::string>{"China"});
}

TEST_CASE("country filters find inferred countries unless they are left out", "[inferred]") {
    CHECK(names_of(search("country:KP", true)) == "lazarus-only.txt|named.txt");
    CHECK(names_of(search("country:KP", false)) == "named.txt");
    CHECK(names_of(search("", true, {}, {"North Korea"})) == "lazarus-only.txt|named.txt");
    CHECK(names_of(search("", false, {}, {"North Korea"})) == "named.txt");
    CHECK(names_of(search("heist OR elections", false, {}, {"KP", "RU"})) == "russia.txt");
    // NOT country:KP without inferred countries lets the Lazarus-only one through.
    CHECK(names_of(search("(blamed OR denied OR accused) NOT country:KP", false)) == "lazarus-only.txt|russia.txt");
}

TEST_CASE("country counts include inferred countries unless they are left out", "[inferred]") {
    const std::string all = "blamed OR denied OR accused";
    CHECK(counted(search(all, true, {"country", "actor"}), "country") == "KP=2 RU=1");
    CHECK(counted(search(all, false, {"country", "actor"}), "country") == "KP=1 RU=1");
    // A country only inferred in every match is not listed at all.
    CHECK(counted(search("heist OR elections", false, {"country"}), "country") == "RU=1");
    CHECK(counted(search("heist OR elections", true, {"country"}), "country") == "KP=1 RU=1");
    // Other facets are counted as before.
    CHECK(counted(search(all, false, {"country", "actor"}), "actor") == "lazarus=2");
}

TEST_CASE("explaining a document shows an inferred country via its actor", "[inferred]") {
    SearchRequest request;
    request.databases = {sample_database()};
    const auto hits = search("country:KP", true).hits;
    const auto lazarus_only = std::find_if(hits.begin(), hits.end(), [](const dossier::Hit& hit) {
        return hit.document.path.ends_with("lazarus-only.txt");
    });
    REQUIRE(lazarus_only != hits.end());
    CHECK(lazarus_only->document.inferred.at("country").count("KP") == 1);
    const dossier::Explanation explanation = dossier::explain_document(request, lazarus_only->document.path);
    REQUIRE(explanation.facets.count("country") == 1);
    const auto& kp = explanation.facets.at("country").at(0);
    CHECK(kp.value == "KP");
    CHECK(kp.words.empty());
    REQUIRE(kp.via.size() == 1);
    CHECK(kp.via[0].text == "via actor Lazarus Group");
    CHECK(kp.via[0].id == "lazarus");
}

TEST_CASE("a country a JSONL record declares is direct even when inferred from its text", "[inferred]") {
    const auto declared = dossier::indexer::parse_jsonl_record(
        R"({"id":"k","text":"The Lazarus Group and Fancy Bear were blamed.","lang":"en","country":"KP"})", {});
    dossier::BuiltDocument built = dossier::build_document(declared.source, "", builtin_catalog());
    CHECK(built.document.get_value(dossier::schema::kInferredCountrySlot) == "KP|RU");
    dossier::indexer::add_record_countries(built, declared);
    const Xapian::Document& document = built.document;
    CHECK(document.get_value(dossier::schema::kCountrySlot) == "KP|RU");
    CHECK(document.get_value(dossier::schema::kInferredCountrySlot) == "RU");
    CHECK_FALSE(has_term(document, dossier::schema::prefixed_term(dossier::schema::kInferredCountryPrefix, "KP")));
    CHECK(has_term(document, dossier::schema::prefixed_term(dossier::schema::kInferredCountryPrefix, "RU")));
    const auto stored = dossier::schema::decode_document_data(document.get_data());
    CHECK(stored.evidence.at("country").at("KP") == std::vector<std::string>{"KP"});
    CHECK(stored.inferred.at("country").count("KP") == 0);
    CHECK(stored.inferred.at("country").at("RU") == std::vector<std::string>{"actor:apt28"});
}
