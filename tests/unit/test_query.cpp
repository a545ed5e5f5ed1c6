// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/document_builder.h"
#include "base/error.h"
#include "search/query.h"
#include "search/query_language.h"
#include "index/filter_terms.h"
#include "text/dates.h"
#include "index/schema.h"
#include "test_support.h"

using dossier::parse_query;
using dossier::prepare_query_text;
using dossier::test::join;
using dossier::test::TempDir;

namespace {

const std::string kUnknownLanguageHint =
    "give an ISO 639-1 code such as en, id, zh, ru, ar, fr, or an English language name such as "
    "Indonesian";

// A real database in a temp folder with an English and an Indonesian
// document (the fixtures), built as the indexer builds them.
class TwoLanguageDatabase {
public:
    TwoLanguageDatabase() : dir_("query-db") {
        Xapian::WritableDatabase db((dir_.path() / "index").string(), Xapian::DB_CREATE_OR_OVERWRITE);
        add(db, "/docs/en_plain.txt", "en_plain.txt", "en");
        add(db, "/docs/id_inflect.txt", "id_inflect.txt", "id");
        db.commit();
        database_ = Xapian::Database((dir_.path() / "index").string());
    }
    const Xapian::Database& get() const { return database_; }

    // Paths of the documents `query` matches, best first, joined by '|'.
    std::string matches(const Xapian::Query& query) const {
        Xapian::Enquire enquire(database_);
        enquire.set_query(query);
        std::vector<std::string> paths;
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            paths.push_back(dossier::schema::decode_document_data(it.get_document().get_data()).path);
        return join(paths);
    }

private:
    static void add(Xapian::WritableDatabase& db, const std::string& path, const std::string& fixture,
                    const std::string& lang) {
        dossier::SourceDocument source;
        source.path = path;
        source.text = dossier::test::fixture(fixture);
        source.title = source.text.substr(0, source.text.find('\n'));
        const dossier::BuiltDocument built = dossier::build_document(source, lang, dossier::test::builtin_catalog());
        db.replace_document(built.id_term, built.document);
    }

    TempDir dir_;
    Xapian::Database database_;
};

}  // namespace

TEST_CASE("query text is analyzed like documents while its syntax is kept", "[query]") {
    // Row: what the user typed -> what QueryParser is given.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"Peretas Kontrak", "peretas kontrak"},
        {"U.S. policy", "us policy"},
        {"China's MSS", "chinas mss"},
        {"\"Microsoft Exchange\"", "\"microsoft exchange\""},
        {"title:Hacking", "title:hacking"},
        {"China NOT Russia", "china NOT russia"},
        {"China AND Russia", "china AND russia"},
        {"a XOR b", "a XOR b"},
        {"hack NEAR/3 China", "hack NEAR/3 china"},
        {"x ADJ/2 y", "x ADJ/2 y"},
        {"(a OR b) AND c", "(a OR b) AND c"},
        {"cats and dogs", "cats and dogs"},  // lower-case "and" is a word
        {"Cats And Dogs", "cats and dogs"},  // so is "And"
        {"+must -not", "+must -not"},
        {"hack*", "hack*"},
        {"Peret*", "peret*"},
        {"“Microsoft Exchange”", " microsoft exchange "},  // typographic quotes: no phrase
        {"«Exchange»", " exchange "},
        {"网络安全问题", "网络 安全 问题"},
        {"2023年网络", "2023 年 网络"},
        {"U.S.-China", "us-china"},  // one word to the segmenter
        {"fmprc.gov.cn", "fmprc-gov-cn"},  // one word's parts make a phrase
        {"lang:indonesia", "lang:id"},
        {"lang:Inggris", "lang:en"},
        {"12:30", "12 30"},  // not a field
        {"a/b", "a-b"},
        {"ＡＢＣ ﬁnance", "abc finance"},
        {"lang:EN", "lang:en"},
        {"lang:zh-Hant 网络", "lang:zh 网络"},
        {"format:PDF", "format:pdf"},
        {"Привет мир", "привет мир"},
    }));
    CAPTURE(input);
    CHECK(prepare_query_text(input) == expected);
}

TEST_CASE("typographic quotes never make a phrase", "[query]") {
    auto input = GENERATE(as<std::string>{}, "“Microsoft Exchange”", "„Microsoft Exchange“",
                          "«Microsoft Exchange»", "‹Microsoft Exchange›", "「网络安全」");
    CAPTURE(input);
    CHECK(prepare_query_text(input).find('"') == std::string::npos);
}

TEST_CASE("wildcard patterns are collected in their analyzed form", "[query]") {
    // Row: query -> wildcard patterns joined by '|' ("" for none).
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"hack*", "hack"},
        {"Hack* Peret*", "hack|peret"},
        {"hack", ""},
        {"\"exchange server\"", ""},
    }));
    CAPTURE(input);
    std::vector<std::string> patterns;
    prepare_query_text(input, &patterns);
    CHECK(join(patterns) == expected);
}

TEST_CASE("an unknown language in lang: or format in format: is a query error", "[query]") {
    // Row: query -> the exact QueryError message.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"lang:xx", "lang:xx: unknown language 'xx': " + kUnknownLanguageHint},
        {"hack lang:klingon", "lang:klingon: unknown language 'klingon': " + kUnknownLanguageHint},
        {"format:doc", "format:doc: the formats are text, html, pdf, docx and odt"},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(prepare_query_text(input), dossier::QueryError);
    REQUIRE_THROWS_WITH(prepare_query_text(input), expected);
}

TEST_CASE("the languages of a database are listed from its documents", "[query]") {
    const TwoLanguageDatabase database;
    CHECK(join(dossier::languages_in(database.get())) == "en|id");
}

TEST_CASE("a query is parsed once per language of the database", "[query]") {
    const TwoLanguageDatabase database;
    const dossier::ParsedQuery parsed = parse_query("serangan", database.get());
    CHECK(join(parsed.languages) == "en|id");
    CHECK(parsed.prepared_text == "serangan");
    const std::string description = parsed.query.get_description();
    CHECK_THAT(description, Catch::Matchers::Contains("Len") && Catch::Matchers::Contains("Lid"));
    CHECK(description == "Query(((Zserangan@1 FILTER Len) OR (Zserang@1 FILTER Lid)))");
}

TEST_CASE("only_lang restricts the query to one language", "[query]") {
    const TwoLanguageDatabase database;
    const dossier::ParsedQuery parsed = parse_query("serangan", database.get(), "id");
    CHECK(join(parsed.languages) == "id");
    CHECK(parsed.query.get_description() == "Query((Zserang@1 FILTER Lid))");
}

TEST_CASE("query words find documents through their own language's stemmer", "[query]") {
    // Row: query, only_lang -> matching document paths joined by '|'.
    auto [input, only_lang, expected] = GENERATE(table<std::string, std::string, std::string>({
        {"serang", "", "/docs/id_inflect.txt"},  // only "serangan", "menyerang" in the text
        {"aman", "", "/docs/id_inflect.txt"},
        {"attack", "", "/docs/en_plain.txt"},    // only "attacks", "attacked" in the text
        {"hospital", "", "/docs/en_plain.txt"},
        {"attack", "id", ""},
        {"\"ransomware attacks\"", "", "/docs/en_plain.txt"},
        {"lang:id attack", "", ""},
        {"title:serangan", "", "/docs/id_inflect.txt"},
    }));
    CAPTURE(input, only_lang);
    const TwoLanguageDatabase database;
    CHECK(database.matches(parse_query(input, database.get(), only_lang).query) == expected);
}

TEST_CASE("stop words are dropped from a query in their language only", "[query]") {
    const TwoLanguageDatabase database;
    CHECK(parse_query("the attacks", database.get(), "en").query.get_description() ==
          "Query((Zattack@2 FILTER Len))");
    CHECK(parse_query("serangan yang", database.get(), "id").query.get_description() ==
          "Query((Zserang@1 FILTER Lid))");
}

TEST_CASE("a query with more than ten wildcards is a query error", "[query]") {
    const TwoLanguageDatabase database;
    std::string ten;
    for (int i = 0; i < 10; ++i) ten += "serang* ";
    CHECK_NOTHROW(parse_query(ten, database.get()));
    REQUIRE_THROWS_AS(parse_query(ten + "hack*", database.get()), dossier::QueryError);
    REQUIRE_THROWS_WITH(parse_query(ten + "hack*", database.get()),
                        "the query has 11 wildcards; at most 10 are allowed (each matches up to 1000 words)");
}

TEST_CASE("a query with nothing to search for is a query error", "[query]") {
    // Row: query -> the exact QueryError message.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"...", "query '...' has no words to search for; give at least one word or phrase"},
        {"?! —", "query '?! —' has no words to search for; give at least one word or phrase"},
        {"“”", "query '“”' has no words to search for; give at least one word or phrase"},
        {"NOT", "cannot parse query 'NOT': Syntax: <expression> NOT <expression>"},
    }));
    CAPTURE(input);
    const TwoLanguageDatabase database;
    REQUIRE_THROWS_AS(parse_query(input, database.get()), dossier::QueryError);
    REQUIRE_THROWS_WITH(parse_query(input, database.get()), expected);
}

TEST_CASE("the words of a query are counted as the analysis gives them", "[query]") {
    // Row: query -> words counted against kMaxQueryWords.
    auto [input, expected] = GENERATE(table<std::string, std::size_t>({
        {"", 0},
        {"Stuxnet", 1},
        {"cyber AND attack", 2},       // operators are no words
        {"\"Microsoft Exchange\"", 2},  // a phrase is its words
        {"e-mail", 2},
        {"网络安全问题", 3},             // segmented like documents
        {"hack* country:CN", 2},       // a wildcard and a field value are one each
        {"date:2021..2022 (a OR b)", 3},
        {"... !!!", 0},
    }));
    CAPTURE(input);
    CHECK(dossier::prepare_query(input).words == expected);
}

TEST_CASE("a query of more words than kMaxQueryWords is a query error naming the limit", "[query]") {
    const TwoLanguageDatabase database;
    std::string words;
    for (std::size_t i = 0; i < dossier::kMaxQueryWords; ++i) words += "word" + std::to_string(i) + " ";
    CHECK_NOTHROW(parse_query(words, database.get()));
    REQUIRE_THROWS_AS(parse_query(words + "one-more", database.get()), dossier::QueryError);
    REQUIRE_THROWS_WITH(parse_query(words + "one-more", database.get()),
                        "the query has 1002 words; at most 1000 are allowed (the time to match grows with the "
                        "square of their number)");
}

TEST_CASE("a query longer than kMaxQueryBytes is a query error before it is analyzed", "[query]") {
    const TwoLanguageDatabase database;
    // One word padded with spaces: the byte count alone decides.
    const std::string longest = "stuxnet" + std::string(dossier::kMaxQueryBytes - 7, ' ');
    CHECK_NOTHROW(parse_query(longest, database.get()));
    REQUIRE_THROWS_AS(parse_query(longest + " ", database.get()), dossier::QueryError);
    REQUIRE_THROWS_WITH(parse_query(longest + " ", database.get()),
                        "the query is 32769 bytes long; at most 32768 are allowed");
}

TEST_CASE("a date range with an impossible date or its ends reversed is a query error", "[query]") {
    // Row: query -> the exact QueryError message.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"date:2022..2001 cyber",
         "date:2022..2001: the range is reversed (2022 is after 2001); write the earlier date first: "
         "date:2001..2022"},
        {"date:2021-06..2021-05-31",
         "date:2021-06..2021-05-31: the range is reversed (2021-06 is after 2021-05-31); write the earlier date "
         "first: date:2021-05-31..2021-06"},
        {"date:2021-13-45..", "date:2021-13-45..: there is no month 13; months are 01 to 12"},
        {"date:..2023-02-29", "date:..2023-02-29: there is no day 29 in 2023-02: it has 28 days"},
        {"date:2021..2022-13", "date:2021..2022-13: there is no month 13; months are 01 to 12"},
        {"date:2023-13", "date:2023-13: there is no month 13; months are 01 to 12"},
        {"date:2024-02-30", "date:2024-02-30: there is no day 30 in 2024-02: it has 29 days"},
        {"date:2021/03", "date:2021/03: give a date like 2021, 2021-03 or 2021-03-15, or one back from today: "
                         "today, yesterday, 30d, 2w, 6m, 1y"},
        {"date:..", "date:..: give a date (2021, 2021-03, 2021-03-15, today, 30d) or a range FROM..TO (either end "
                    "may be left out)"},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(prepare_query_text(input), dossier::QueryError);
    REQUIRE_THROWS_WITH(prepare_query_text(input), expected);
}

TEST_CASE("a date range whose ends meet or overlap is accepted", "[query]") {
    auto input = GENERATE(as<std::string>{}, "date:2021..2021", "date:2021-05..2021-05", "date:2021..2021-03",
                          "date:2021-05-31..2021-06", "date:2021-12-31..2022-01-01", "date:2024-02-29..",
                          "date:..2001");
    CAPTURE(input);
    CHECK_NOTHROW(prepare_query_text(input));
}

TEST_CASE("is_reversed_range compares the first day of FROM with the last of TO", "[query]") {
    CHECK(dossier::is_reversed_range("2022", "2001"));
    CHECK(dossier::is_reversed_range("2021-05-02", "2021-05-01"));
    CHECK_FALSE(dossier::is_reversed_range("2021-05-01", "2021-05"));
    CHECK_FALSE(dossier::is_reversed_range("2021-05", "2021-05-01"));
    CHECK_FALSE(dossier::is_reversed_range("", "2001"));
    CHECK_FALSE(dossier::is_reversed_range("2022", ""));
}

TEST_CASE("a hyphenated word becomes its parts as words, with their phrase as a bonus", "[query]") {
    // Row: what the user typed -> what QueryParser is given.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"AFC-Championship-Spiels", "(afc championship spiels \"afc championship spiels\")"},
        {"BSkyB-Sportportfolio", "(bskyb sportportfolio \"bskyb sportportfolio\")"},
        {"e-mailadres", "(e mailadres \"e mailadres\")"},
        {"serangan-serangan", "(serangan \"serangan serangan\")"},  // a reduplication: the word once
        {"title:e-mail", "title:(e mail \"e mail\")"},
        // Kept the exact phrase: in quotes, required or left out, beside NEAR.
        {"\"the e-mail\"", "\"the e-mail\""},
        {"+e-mail", "+e-mail"},
        {"-e-mail", "-e-mail"},
        {"spam NOT e-mail", "spam NOT e-mail"},
        {"spam NEAR e-mail", "spam NEAR e-mail"},
        {"e-mail*", "e-mail*"},
    }));
    CAPTURE(input);
    CHECK(prepare_query_text(input) == expected);
}

TEST_CASE("a field no one knows is a query error naming the fields", "[query]") {
    // Row: query -> the field named in the message.
    auto [input, field] = GENERATE(table<std::string, std::string>({
        {"sourc:fmprc.gov.cn", "sourc"},
        {"cyber language:en", "language"},
        {"(Country:CN)", "Country"},
        {"-foo:bar", "foo"},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(prepare_query_text(input), dossier::QueryError);
    REQUIRE_THROWS_WITH(prepare_query_text(input), Catch::Contains("unknown field '" + field + ":'") &&
                                                      Catch::Contains("the fields are title, lang, year"));
}

TEST_CASE("a colon that is clearly no field's stays in the words", "[query]") {
    auto input = GENERATE(as<std::string>{}, "12:30", "https://www.fmprc.gov.cn/eng/", "mailto:press@example.org",
                          "Note: hackers", "fe80::1", "\"foo:bar\"", "ratio 3:1");
    CAPTURE(input);
    CHECK_NOTHROW(prepare_query_text(input));
}

TEST_CASE("date: takes one date, its own period, and dates relative to today", "[query]") {
    CHECK(prepare_query_text("date:2023-04-13") == "date:2023-04-13..2023-04-13");
    CHECK(prepare_query_text("date:2023-04") == "date:2023-04..2023-04");
    CHECK(prepare_query_text("date:2023..") == "date:2023..");
    const std::string today = dossier::absolute_user_date("today");
    CHECK(prepare_query_text("date:today") == "date:" + today + ".." + today);
    CHECK(prepare_query_text("date:30d") == "date:" + dossier::absolute_user_date("30d") + ".." + today);
    CHECK(prepare_query_text("date:1y..yesterday") ==
          "date:" + dossier::absolute_user_date("1y") + ".." + dossier::absolute_user_date("yesterday"));
    REQUIRE_THROWS_WITH(prepare_query_text("date:today..30d"), Catch::Contains("the range is reversed"));
}

TEST_CASE("source: and path: values become the filters of their terms", "[query]") {
    // Row: query -> the filter's description.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"source:fmprc.gov.cn", "Query(XSfmprc.gov.cn)"},
        {"source:https://www.FMPRC.gov.cn/eng/", "Query(XSfmprc.gov.cn)"},
        {"source:\"Kompas TV\"", "Query(XSkompas tv)"},
        {"path:/data/reports/", "Query((XP/data/reports OR Q/data/reports))"},
        {"path:\"/data/Session 25 - 1970\"", "Query((XP/data/Session 25 - 1970 OR Q/data/Session 25 - 1970))"},
    }));
    CAPTURE(input);
    const dossier::PreparedQuery prepared = dossier::prepare_query(input);
    REQUIRE(prepared.field_filters.size() == 1);
    CHECK(prepared.field_filters.front().get_description() == expected);
    CHECK(prepared.text.ends_with(":0"));
}

TEST_CASE("a document's source terms hold its source and the domains of its URL", "[query]") {
    CHECK(join(dossier::source_terms("Kompas TV", "")) == "XSkompas tv");
    CHECK(join(dossier::source_terms("", "https://eng.fmprc.gov.cn:443/x?y=1")) ==
          "XSeng.fmprc.gov.cn|XSfmprc.gov.cn|XSgov.cn");
    CHECK(join(dossier::source_terms("fmprc.gov.cn", "")) == "XSfmprc gov cn|XSfmprc.gov.cn|XSgov.cn");
    CHECK(dossier::source_terms("", "").empty());
    CHECK(join(dossier::folder_terms("/a/b/c.txt")) == "XP/a/b|XP/a|XP/");
    CHECK(dossier::folder_terms("jsonl:7").empty());
}

TEST_CASE("names in a query are found when written with a capital or in a script without case", "[query]") {
    const dossier::EntityCatalog& catalog = dossier::test::builtin_catalog();
    const auto named = [&](const std::string& query) {
        std::vector<std::string> found;
        for (const dossier::NameInQuery& name : dossier::names_in_query(query, catalog, {"en", "id"}))
            for (const dossier::NamedEntity& entity : name.entities)
                found.push_back(query.substr(name.begin, name.end - name.begin) + "=" + entity.id);
        return join(found);
    };
    CHECK(named("Tiongkok hackers") == "Tiongkok=CN");
    CHECK(named("Китай") == "Китай=CN");
    CHECK(named("中国 网络") == "中国=CN");
    CHECK(named("Fancy Bear phishing") == "Fancy Bear=apt28");
    CHECK(named("tiongkok hackers").empty());  // lower case: a word as written
    // What "did you mean" leaves alone: names in any case.
    const auto in_any_case = [&](const std::string& query) {
        std::vector<std::string> found;
        for (const dossier::NameInQuery& name :
             dossier::names_in_query(query, catalog, {"en"}, dossier::NameCase::any))
            for (const dossier::NamedEntity& entity : name.entities)
                found.push_back(query.substr(name.begin, name.end - name.begin) + "=" + entity.id);
        return join(found);
    };
    CHECK(in_any_case("fancy bear phishing") == "fancy bear=apt28");
    CHECK(in_any_case("turkey dinner") == "turkey=TR");
    CHECK(named("turkey dinner").empty());
    CHECK(dossier::may_name_entities("Tiongkok"));
    CHECK(dossier::may_name_entities("网络"));
    CHECK_FALSE(dossier::may_name_entities("cyber AND hacking NEAR/3 spies country:CN"));
}

TEST_CASE("a name in free text is grouped with what it names", "[query]") {
    const std::vector<dossier::NameInQuery> names = {{0, 8, {{dossier::Facet::country, "CN"}}}};
    CHECK(dossier::prepare_query("Tiongkok hackers", nullptr, {}, &names).text == "(tiongkok dossiernamed:0) hackers");
    // Taken as written where a group cannot stand.
    for (const std::string query : {"+Tiongkok hackers", "\"Tiongkok hackers\"", "-Tiongkok hackers"}) {
        CAPTURE(query);
        const std::size_t at = query.find('T');
        const std::vector<dossier::NameInQuery> shifted = {{at, at + 8, {{dossier::Facet::country, "CN"}}}};
        CHECK(dossier::prepare_query(query, nullptr, {}, &shifted).names.empty());
    }
}
