// SPDX-License-Identifier: MIT
// End-to-end tests of names typed in lower case (issue 19, "Names in any
// language, in free text" and "Did you mean"): in lower case a name is
// taken as words, as many names are also ordinary words ("turkey", "chad"),
// but "did you mean" corrects none of them ("fancy bear" is never "dance
// year"), expanded or not.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "cli.h"
#include "process.h"

namespace fs = std::filesystem;
using dossier::test::describe;
using dossier::test::ProcessResult;
using dossier::test::TempDir;
using dossier::test::write_file;

namespace {

// English and Indonesian documents, indexed once per test run. Only
// apt28.txt names the actor, without the words "fancy" and "bear".
const TempDir& collection() {
    static const TempDir tmp;
    static const bool built = [] {
        const fs::path docs = tmp / "docs";
        write_file(docs / "apt28.txt",
                   "Investigators said the group APT28 sent spear-phishing emails to several defence ministries "
                   "in the spring. The messages carried documents that installed a backdoor on the computers of "
                   "officials who opened them. The ministries have since changed their passwords and reviewed "
                   "their networks with outside help.\n");
        write_file(docs / "dinner.txt",
                   "Roasting the turkey for the family dinner takes most of the afternoon. Brine the bird the "
                   "night before, keep the oven at a low temperature and baste it every half hour so that the "
                   "meat stays moist. Let it rest before carving and serve it with gravy and vegetables.\n");
        write_file(docs / "ankara.txt",
                   "Officials in Ankara said on Monday that Turkey would expand its cyber defence agency and "
                   "hire more analysts. The minister told reporters that Turkey had seen a sharp rise in attacks "
                   "on government websites during the past year and that new rules for operators would follow.\n");
        write_file(docs / "china.txt",
                   "The foreign ministry in Beijing rejected the accusations and said that China itself was a "
                   "victim of hacking. A spokesman told reporters that China opposes all forms of cyber attacks "
                   "and called on other governments to stop spreading rumours about its security services.\n");
        write_file(docs / "blinken.txt",
                   "Secretary of State Antony Blinken said the allies would respond together to the intrusions. "
                   "Blinken told a news conference that the administration was working with partners to hold "
                   "those responsible to account and to protect critical infrastructure from further harm.\n");
        write_file(docs / "berita.txt",
                   "Pemerintah Indonesia menyatakan bahwa kerja sama keamanan siber dengan negara tetangga akan "
                   "diperluas tahun depan. Menteri mengatakan bahwa serangan terhadap situs pemerintah meningkat "
                   "dan bahwa lembaga baru akan dibentuk untuk menangani ancaman tersebut di seluruh wilayah.\n");
        const ProcessResult run = dossier::test::index({"--db", (tmp / "db").string(), docs.string()});
        if (run.exit_code != 0) FAIL("indexing failed: " << describe(run));
        return true;
    }();
    (void)built;
    return tmp;
}

ProcessResult search(const std::vector<std::string>& args) { return dossier::test::search(collection() / "db", args); }

// The JSON output of a search; fails unless it is JSON.
nlohmann::json json_of(const std::vector<std::string>& query_args) {
    std::vector<std::string> args = {"--format", "json"};
    args.insert(args.end(), query_args.begin(), query_args.end());
    const ProcessResult run = search(args);
    INFO(describe(run));
    REQUIRE((run.exit_code == 0 || run.exit_code == 1));
    return nlohmann::json::parse(run.out);
}

// The file names of the hits, sorted, joined by '|'.
std::string found(const std::vector<std::string>& query_args) {
    std::vector<std::string> args = {"--format", "paths"};
    args.insert(args.end(), query_args.begin(), query_args.end());
    return dossier::test::file_names_of(search(args));
}

bool parsed_has(const nlohmann::json& json, const std::string& term) {
    return json.value("parsed", "").find(term) != std::string::npos;
}

}  // namespace

TEST_CASE("lowercase names: a name in lower case is words, never corrected into other words") {
    const nlohmann::json lower = json_of({"fancy bear"});
    INFO(lower.dump());
    CHECK_FALSE(parsed_has(lower, "XAapt28"));
    CHECK(lower.value("suggestion", nlohmann::json()).is_null());  // never "dance year"
    CHECK(found({"fancy bear"}).empty());
    // Capitalized, it names the actor.
    CHECK(parsed_has(json_of({"Fancy Bear"}), "XAapt28"));
    CHECK(found({"Fancy Bear"}) == "apt28.txt");
}

TEST_CASE("lowercase names: --no-expand takes a name as words, still without a suggestion") {
    for (const char* query : {"Fancy Bear", "fancy bear"}) {
        const nlohmann::json json = json_of({"--no-expand", query});
        INFO(json.dump());
        CHECK_FALSE(parsed_has(json, "XAapt28"));
        CHECK(json.value("suggestion", nlohmann::json()).is_null());
        CHECK(found({"--no-expand", query}).empty());
    }
}

TEST_CASE("lowercase names: a name that is also an ordinary word stays a word in lower case") {
    const nlohmann::json json = json_of({"turkey"});
    INFO(json.dump());
    CHECK_FALSE(parsed_has(json, "XC:TR"));
    CHECK(json.value("suggestion", nlohmann::json()).is_null());  // nor corrected
    // Both documents say "turkey"; only the capital names the country.
    CHECK(found({"turkey"}) == "ankara.txt|dinner.txt");
    CHECK(parsed_has(json_of({"Turkey"}), "XC:TR"));
    CHECK(found({"Turkey", "AND", "NOT", "roasting"}) == "ankara.txt");
    // A word no document has: still a name, so not corrected ("had").
    const nlohmann::json chad = json_of({"chad"});
    INFO(chad.dump());
    CHECK_FALSE(parsed_has(chad, "XC:TD"));
    CHECK(chad.value("suggestion", nlohmann::json()).is_null());
}

TEST_CASE("lowercase names: a real misspelling still gets its suggestion") {
    const nlohmann::json json = json_of({"Blinkn"});
    INFO(json.dump());
    CHECK(json.value("suggestion", nlohmann::json()) == "blinken");
    const nlohmann::json lower = json_of({"blinkn"});
    CHECK(lower.value("suggestion", nlohmann::json()) == "blinken");
}
