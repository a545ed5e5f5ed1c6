// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/document_builder.h"
#include "index/schema.h"
#include "test_support.h"

using dossier::build_document;
using dossier::BuiltDocument;
using dossier::SourceDocument;
using dossier::test::join;

namespace {

// Every term of the document, in Xapian's (sorted) order, joined by '|'.
// The near-copy band terms ("XB", hashes: test_near_copy.cpp) are left out.
std::string terms_of(const Xapian::Document& document) {
    std::vector<std::string> terms;
    for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it)
        if (!(*it).starts_with(dossier::schema::kCopyBandPrefix)) terms.push_back(*it);
    return join(terms);
}

// "term@pos,pos" for each term with positions, joined by '|'.
std::string positions_of(const Xapian::Document& document) {
    std::vector<std::string> out;
    for (auto it = document.termlist_begin(); it != document.termlist_end(); ++it) {
        std::vector<std::string> positions;
        for (auto p = it.positionlist_begin(); p != it.positionlist_end(); ++p)
            positions.push_back(std::to_string(*p));
        if (!positions.empty()) out.push_back(*it + "@" + join(positions, ","));
    }
    return join(out);
}

Xapian::termcount wdf_of(const Xapian::Document& document, const std::string& term) {
    Xapian::TermIterator it = document.termlist_begin();
    it.skip_to(term);
    return it != document.termlist_end() && *it == term ? it.get_wdf() : 0;
}

bool has_term(const Xapian::Document& document, const std::string& term) {
    Xapian::TermIterator it = document.termlist_begin();
    it.skip_to(term);
    return it != document.termlist_end() && *it == term;
}

SourceDocument indonesian_source() {
    SourceDocument source;
    source.path = "/docs/id.txt";
    source.title = "Peretasan Server";
    source.text = "Server pemerintah diretas. Peretasan meningkat.";
    source.date = "2023-04-13";
    source.date_source = "text";
    source.lang = "id";
    return source;
}

}  // namespace

TEST_CASE("a document holds positional words, stems, title words, language and id", "[document_builder]") {
    const BuiltDocument built = build_document(indonesian_source(), "", dossier::test::builtin_catalog());
    CHECK(built.lang == "id");
    CHECK(built.id_term == "Q/docs/id.txt");
    CHECK(built.warnings.empty());
    // Unprefixed words; "Z" + Indonesian stem; "S" title words; "ZS" title
    // stems; "L" language; "Q" path; "XF" format; "XP" its folders.
    CHECK(terms_of(built.document) ==
          "Lid|Q/docs/id.txt|Speretasan|Sserver|XFtext|XP/|XP/docs|Y2023|ZSetas|ZSserver|Zetas|Zingkat|Zperintah|Zretas|"
          "Zserver|diretas|meningkat|pemerintah|peretasan|server");
    // Only words and title words have positions (for phrases); title
    // words count from 1 in their own field.
    CHECK(positions_of(built.document) ==
          "Speretasan@1|Sserver@2|diretas@3|meningkat@5|pemerintah@2|peretasan@4|server@1");
    CHECK(built.document.get_value(dossier::schema::kDateSlot) == "20230413");
}

TEST_CASE("a document keeps what search results show as its data", "[document_builder]") {
    const BuiltDocument built = build_document(indonesian_source(), "", dossier::test::builtin_catalog());
    const dossier::schema::StoredDocument stored =
        dossier::schema::decode_document_data(built.document.get_data());
    CHECK(stored.path == "/docs/id.txt");
    CHECK(stored.title == "Peretasan Server");
    CHECK(stored.date == "2023-04-13");
    CHECK(stored.date_source == "text");
    CHECK(stored.lang == "id");
    CHECK(stored.text == "Server pemerintah diretas. Peretasan meningkat.");
}

TEST_CASE("a month or a year is stored as its period, shown at its precision", "[document_builder][dates]") {
    // Row: the document's date -> year term, start and end values.
    auto [date, year_term, start, end] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"2023-04-13", "Y2023", "20230413", "20230413"},
        {"2022-05", "Y2022", "20220501", "20220599"},
        {"2019", "Y2019", "20190101", "20199999"},
    }));
    SourceDocument source = indonesian_source();
    source.date = date;
    source.date_source = "path";
    const BuiltDocument built = build_document(source, "", dossier::test::builtin_catalog());
    CHECK(has_term(built.document, year_term));
    CHECK(built.document.get_value(dossier::schema::kDateSlot) == start);
    CHECK(built.document.get_value(dossier::schema::kDateEndSlot) == end);
    const auto stored = dossier::schema::decode_document_data(built.document.get_data());
    CHECK(stored.date == date);
    CHECK(stored.date_source == "path");
}

TEST_CASE("a title from metadata is also searchable as body words after a gap", "[document_builder]") {
    SourceDocument source;
    source.path = "/docs/en.txt";
    source.title = "Hospitals attacked";
    source.title_from_metadata = true;
    source.text = "Ransomware attacks on hospitals.";
    const BuiltDocument built = build_document(source, "en", dossier::test::builtin_catalog());
    // Body: positions 1-4; the title follows after kPositionGap (100).
    CHECK(positions_of(built.document) ==
          "Sattacked@2|Shospitals@1|attacked@106|attacks@2|hospitals@4,105|on@3|ransomware@1");
    CHECK(wdf_of(built.document, "Zhospit") == 2);
    CHECK(wdf_of(built.document, "Zattack") == 2);  // "attacks" and "attacked"
    CHECK(wdf_of(built.document, "ZShospit") == 1);
    CHECK(built.document.get_value(dossier::schema::kDateSlot).empty());  // no date
}

TEST_CASE("a language without a stemmer gets words but no stem terms", "[document_builder]") {
    SourceDocument source;
    source.path = "/docs/zh.txt";
    source.title = "网络安全";
    source.text = "网络安全是国家安全的重要组成部分";
    const BuiltDocument built = build_document(source, "", dossier::test::builtin_catalog());
    CHECK(built.lang == "zh");  // detected
    CHECK(terms_of(built.document) ==
          "Lzh|Q/docs/zh.txt|S安全|S网络|XFtext|XP/|XP/docs|国家安全|安全|是|的|组成|网络|部分|重要");
}

TEST_CASE("the document language is front matter, else the default, else detected", "[document_builder]") {
    // Row: front-matter lang, indexer --lang -> language the (English)
    // document is analyzed as.
    auto [front_lang, default_lang, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"id", "ru", "id"},
        {"ID", "ru", "id"},     // front matter is canonicalized
        {"id", "", "id"},
        {"", "ru", "ru"},
        {"", "", "en"},         // CLD2
        {"klingon", "", "en"},  // unknown: detected, with a warning
    }));
    CAPTURE(front_lang, default_lang);
    SourceDocument source;
    source.path = "/docs/en_plain.txt";
    source.text = dossier::test::fixture("en_plain.txt");
    source.title = "Ransomware Attacks Disrupt Hospitals Across Three Regions";
    source.lang = front_lang;
    const BuiltDocument built = build_document(source, default_lang, dossier::test::builtin_catalog());
    CHECK(built.lang == expected);
    CHECK(has_term(built.document, "L" + expected));
    std::vector<std::string> language_terms;
    for (auto it = built.document.termlist_begin(); it != built.document.termlist_end(); ++it)
        if ((*it).rfind('L', 0) == 0) language_terms.push_back(*it);
    CHECK(join(language_terms) == "L" + expected);
    const dossier::schema::StoredDocument stored =
        dossier::schema::decode_document_data(built.document.get_data());
    CHECK(stored.lang == expected);
}

TEST_CASE("an unknown front matter language is reported", "[document_builder]") {
    SourceDocument source;
    source.path = "/docs/en.txt";
    source.text = dossier::test::fixture("en_plain.txt");
    source.lang = "klingon";
    const BuiltDocument built = build_document(source, "", dossier::test::builtin_catalog());
    REQUIRE(built.warnings.size() == 1);
    CHECK(built.warnings[0] == "front matter lang 'klingon' is not a known language; detecting instead");
}

TEST_CASE("a language the markup declares is kept unless detection is sure of another", "[document_builder]") {
    // Row: declared (hint) lang, text -> language analyzed as.
    auto [hint, text, expected] = GENERATE(table<std::string, std::string, std::string>({
        // <html lang="de"> on a plainly English page: detection overrules it.
        {"de", dossier::test::fixture("en_plain.txt"), "en"},
        // Too short for CLD2 to be sure: the declared language stands.
        {"id", "Siaran pers", "id"},
        {"fr-CA", "Communiqué", "fr"},
        // Junk in markup is ignored without a warning.
        {"x-default", dossier::test::fixture("en_plain.txt"), "en"},
    }));
    CAPTURE(hint, text);
    SourceDocument source;
    source.path = "/docs/page.html";
    source.text = text;
    source.lang = hint;
    source.lang_is_hint = true;
    const BuiltDocument built = build_document(source, "", dossier::test::builtin_catalog());
    CHECK(built.lang == expected);
    CHECK(built.warnings.empty());
}

TEST_CASE("format, encoding and page breaks are stored with the document", "[document_builder]") {
    SourceDocument source;
    source.path = "/docs/a.pdf";
    source.format = "pdf";
    source.text = "First page.\n\nSecond page.";
    source.page_breaks = {13};
    const BuiltDocument built = build_document(source, "en", dossier::test::builtin_catalog());
    const auto stored = dossier::schema::decode_document_data(built.document.get_data());
    CHECK(stored.format == "pdf");
    CHECK(stored.page_breaks == std::vector<std::uint32_t>{13});
    SourceDocument plain;
    plain.path = "/docs/a.txt";
    plain.text = "Plain text.";
    plain.encoding = "windows-1251";
    const auto stored_plain = dossier::schema::decode_document_data(
        build_document(plain, "en", dossier::test::builtin_catalog()).document.get_data());
    CHECK(stored_plain.format == "text");
    CHECK(stored_plain.encoding == "windows-1251");
}

TEST_CASE("the stems follow the document language", "[document_builder]") {
    // Row: language, word in the text -> its "Z" stem term.
    auto [lang, word, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"id", "pengamanan", "Zaman"},
        {"en", "attacks", "Zattack"},
        {"ru", "атаками", "Zатак"},
        {"ar", "الهجمات", "Zهجم"},
    }));
    CAPTURE(lang, word);
    SourceDocument source;
    source.path = "/docs/x.txt";
    source.text = word;
    const BuiltDocument built = build_document(source, lang, dossier::test::builtin_catalog());
    CHECK(wdf_of(built.document, expected) == 1);
}

TEST_CASE("a long text is analyzed in chunks with the same positions, counts and facets", "[document_builder]") {
    // About 2.4 MiB: three analysis chunks; the last line names a second country.
    std::string text;
    for (int i = 0; i < 60000; ++i) text += "China denied the hacking claims.\n";
    text += "Officials in Moscow said Russia was not involved.\n";
    SourceDocument source;
    source.path = "/docs/long.txt";
    source.text = text;
    const BuiltDocument built = build_document(source, "en", dossier::test::builtin_catalog());
    // Every word counted and positioned as if the text were analyzed whole.
    const std::size_t words = dossier::analyze(text).size();
    CHECK(wdf_of(built.document, "china") == 60000);
    CHECK(wdf_of(built.document, "involved") == 1);
    Xapian::TermIterator involved = built.document.termlist_begin();
    involved.skip_to("involved");
    REQUIRE(*involved == "involved");
    CHECK(*involved.positionlist_begin() == words);  // the last word; positions count from 1
    const auto stored = dossier::schema::decode_document_data(built.document.get_data());
    REQUIRE(stored.evidence.count("country") == 1);
    CHECK(stored.evidence.at("country").count("CN") == 1);
    CHECK(stored.evidence.at("country").count("RU") == 1);
    CHECK(stored.evidence.at("country").at("RU") == std::vector<std::string>{"Moscow", "Russia"});
}

TEST_CASE("an amendment changes the stored data before it is encoded", "[document_builder]") {
    SourceDocument source;
    source.path = "/docs/a.txt";
    source.text = "Officials in Japan met on Tuesday.";
    bool saw_evidence = false;
    const BuiltDocument built = build_document(
        source, "en", dossier::test::builtin_catalog(),
        [&saw_evidence](BuiltDocument& document, dossier::schema::StoredDocument& stored) {
            saw_evidence = stored.evidence.count("country") == 1;  // the analysis is done
            stored.source = "amended";
            document.document.add_boolean_term("Kamended");
        });
    CHECK(saw_evidence);
    CHECK(dossier::schema::decode_document_data(built.document.get_data()).source == "amended");
    CHECK(has_term(built.document, "Kamended"));
}

TEST_CASE("stems remembered from one document serve only its language", "[document_builder]") {
    // The same word in two languages, twice over: each time its own stem.
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        for (const auto& [lang, stem] : std::vector<std::pair<std::string, std::string>>{
                 {"id", "Zaman"}, {"en", "Zpengamanan"}}) {
            SourceDocument source;
            source.path = "/docs/x.txt";
            source.text = "pengamanan";
            const BuiltDocument built = build_document(source, lang, dossier::test::builtin_catalog());
            CHECK(wdf_of(built.document, stem) == 1);
        }
    }
}
