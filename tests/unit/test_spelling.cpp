// SPDX-License-Identifier: MIT
// The spelling data (index/spelling_data.h) and "Did you mean"
// (search/spelling.h).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/schema.h"
#include "index/spelling_data.h"
#include "search/spelling.h"
#include "test_support.h"

using namespace dossier;

namespace {

// A document of `words` (unprefixed, as the builder adds them), in `lang`,
// keyed by `key`.
Xapian::Document document_of(const std::string& key, const std::vector<std::string>& words,
                             const std::string& lang = "en") {
    Xapian::Document document;
    Xapian::termpos position = 0;
    for (const std::string& word : words) document.add_posting(word, ++position);
    document.add_boolean_term(schema::path_term(key));
    document.add_boolean_term(schema::language_term(lang));
    return document;
}

std::vector<std::string> spans_of(std::string_view query) {
    std::vector<std::string> words;
    for (const QueryWordSpan& span : free_text_words(query).words)
        words.emplace_back(query.substr(span.begin, span.end - span.begin));
    return words;
}

}  // namespace

TEST_CASE("spelling words: typed words of three or more characters, no digits, no unspaced scripts") {
    CHECK(is_spelling_word("blinken"));
    CHECK(is_spelling_word("китай"));
    CHECK(is_spelling_word("serangan"));
    CHECK(is_spelling_word("act"));
    CHECK_FALSE(is_spelling_word("us"));
    CHECK_FALSE(is_spelling_word("2021"));
    CHECK_FALSE(is_spelling_word("covid19"));
    CHECK_FALSE(is_spelling_word("中国人"));
    CHECK_FALSE(is_spelling_word("ประเทศ"));
    CHECK_FALSE(is_spelling_word("Zblinken"));  // a stem term
    CHECK_FALSE(is_spelling_word("XC:CN"));
}

TEST_CASE("spelling data: kept per document equals the data built from the word list") {
    test::TempDir tmp("spelling");
    const std::string path = (tmp.path() / "db").string();
    Xapian::WritableDatabase database(path, Xapian::DB_CREATE);
    {
        // A new database: nothing per document, the whole table at the end.
        SpellingKeeper keeper(database);
        keeper.replace(schema::path_term("/a"), document_of("/a", {"blinken", "cyber", "us", "2021"}));
        keeper.replace(schema::path_term("/b"), document_of("/b", {"blinken", "hackers", "hackers"}));
        CHECK(spelling_entries(database).empty());
        keeper.finish();
        database.commit();
    }
    CHECK(has_complete_spelling(database));
    const SpellingEntries built = {{"blinken", 2}, {"cyber", 1}, {"hackers", 1}};
    CHECK(spelling_entries(database) == built);
    CHECK(expected_spelling_entries(database) == built);
    {
        // Now per document: a replacement loses and gains words, a deletion loses its own.
        SpellingKeeper keeper(database);
        keeper.replace(schema::path_term("/a"), document_of("/a", {"blinken", "sanctions"}));
        keeper.replace(schema::path_term("/c"), document_of("/c", {"sanctions", "treaty"}));
        keeper.remove(*database.postlist_begin(schema::path_term("/b")));
        keeper.finish();
        database.commit();
    }
    const SpellingEntries kept = {{"blinken", 1}, {"sanctions", 2}, {"treaty", 1}};
    CHECK(spelling_entries(database) == kept);
    CHECK(expected_spelling_entries(database) == kept);
    CHECK(database.get_spelling_suggestion("sanctons") == "sanctions");
    CHECK(database.get_spelling_suggestion("cybr").empty());  // its only document lost it
}

TEST_CASE("spelling data: rebuilding fixes a table that went wrong and marks it complete") {
    test::TempDir tmp("spelling");
    Xapian::WritableDatabase database((tmp.path() / "db").string(), Xapian::DB_CREATE);
    database.add_document(document_of("/a", {"blinken", "cyber"}));
    database.add_document(document_of("/b", {"blinken"}));
    database.add_spelling("stale", 4);
    database.add_spelling("blinken", 7);
    CHECK_FALSE(has_complete_spelling(database));
    rebuild_spelling(database);
    database.commit();
    CHECK(spelling_entries(database) == SpellingEntries{{"blinken", 2}, {"cyber", 1}});
    CHECK(has_complete_spelling(database));
}

TEST_CASE("spelling: the free text of a query leaves out fields, operators, wildcards and excluded words") {
    CHECK(spans_of("Blinkn cyber") == std::vector<std::string>{"Blinkn", "cyber"});
    CHECK(spans_of("country:Tiongkk actor:APT28 org:NATO date:2021..2022 year:2021 Blinkn") ==
          std::vector<std::string>{"Blinkn"});
    CHECK(spans_of("country:\"Amerika Serikatt\" Blinkn") == std::vector<std::string>{"Blinkn"});
    CHECK(spans_of("source:fmprc.gov.cn https://example.org/hackrs Blinkn") == std::vector<std::string>{"Blinkn"});
    CHECK(spans_of("title:Hackrs \"Blinkn said\" (cyber OR atack) NEAR/3 hack* -Blinkn +sanctons") ==
          std::vector<std::string>{"Hackrs", "Blinkn", "said", "cyber", "atack", "sanctons"});
    CHECK(free_text_words("Blinkn lang:id lang:Indonesian").languages ==
          std::vector<std::string>{"id", "Indonesian"});
}

TEST_CASE("spelling: a correction takes the case the word was typed in") {
    CHECK(in_case_of("Blinkn", "blinken") == "Blinken");
    CHECK(in_case_of("BLINKN", "blinken") == "BLINKEN");
    CHECK(in_case_of("blinkn", "blinken") == "blinken");
    CHECK(in_case_of("Китаи", "китай") == "Китай");
    CHECK(in_case_of("X", "xi") == "Xi");
}

TEST_CASE("spelling: suggest_spelling corrects unknown words, rare ones when little is found, in the languages asked") {
    test::TempDir tmp("spelling");
    Xapian::WritableDatabase database((tmp.path() / "db").string(), Xapian::DB_CREATE);
    for (int i = 0; i < 4; ++i)
        database.add_document(document_of("/en" + std::to_string(i), {"secretary", "blinken", "sanctions"}));
    database.add_document(document_of("/typo", {"secretary", "blinkn"}));
    database.add_document(document_of("/id", {"pertemuan", "tingkat"}, "id"));
    rebuild_spelling(database);
    database.commit();
    const std::vector<std::string> both = {"en", "id"};

    const SpellingSuggestion unknown = suggest_spelling(database, "Sanctons Blinken", both, {}, 4);
    CHECK(unknown.query == "sanctions Blinken");
    CHECK(unknown.shown == "Sanctions Blinken");
    // Known words: left alone while the query finds enough...
    CHECK(suggest_spelling(database, "Blinkn", both, {}, 5).empty());
    // ...and corrected when it finds almost nothing, to a word in kCorrectionGain times the documents.
    CHECK(suggest_spelling(database, "Blinkn", both, {}, 1).query == "blinken");
    CHECK(suggest_spelling(database, "blinken", both, {}, 0).empty());
    // Found through its stem: not misspelt.
    CHECK(suggest_spelling(database, "sanction", both, {}, 0).empty());
    // In the languages the query is restricted to.
    CHECK(suggest_spelling(database, "pertemuann", both, {}, 0).query == "pertemuan");
    CHECK(suggest_spelling(database, "pertemuann", both, {"id"}, 0).query == "pertemuan");
    CHECK(suggest_spelling(database, "pertemuann", both, {"en"}, 0).empty());
    CHECK(suggest_spelling(database, "pertemuann lang:en", both, {}, 0).empty());
    // Never a field value.
    CHECK(suggest_spelling(database, "actor:blinkn", both, {}, 0).empty());
}
