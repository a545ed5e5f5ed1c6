// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>

#include "base/error.h"
#include "index/schema.h"

using namespace dossier::schema;

TEST_CASE("a short path becomes its own unique-id term", "[schema]") {
    CHECK(path_term("/a/b.txt") == "Q/a/b.txt");
    CHECK(path_term("/docs/网络安全.txt") == "Q/docs/网络安全.txt");
    const std::string longest_kept = "/" + std::string(238, 'a');  // 239 bytes
    CHECK(path_term(longest_kept) == "Q" + longest_kept);
}

TEST_CASE("a long path is shortened to a valid and still unique term", "[schema]") {
    // Xapian refuses terms over 245 bytes.
    const std::string head = "/srv/dossier/" + std::string(400, 'x') + "/report-";
    const std::string a = head + "a.txt";
    const std::string b = head + "b.txt";
    const std::string term_a = path_term(a);
    const std::string term_b = path_term(b);
    CHECK(term_a.size() <= 245);
    CHECK(term_b.size() <= 245);
    CHECK(term_a.rfind("Q/srv/dossier/xxx", 0) == 0);
    CHECK(term_a != term_b);
    CHECK(path_term(a) == term_a);  // stable: the indexer finds the same document again

    const std::string at_limit = "/" + std::string(239, 'a');  // 240 bytes + "Q" is too long
    CHECK(path_term(at_limit).size() <= 245);
    CHECK(path_term(at_limit) != path_term("/" + std::string(238, 'a') + "b"));
}

TEST_CASE("the language term is the code with the L prefix", "[schema]") {
    CHECK(language_term("en") == "Len");
    CHECK(language_term("id") == "Lid");
    CHECK(language_term("und") == "Lund");
}

TEST_CASE("document data survives encoding and decoding", "[schema]") {
    StoredDocument document;
    document.path = "/docs/Москва 2023.txt";
    document.title = "Title with \"quotes\", a\nnewline and 网络安全";
    document.date = "2023-04-13";
    document.date_source = std::string(kDateFromMetadata);
    document.lang = "ru";
    document.source = "ТАСС";
    document.url = "https://example.org/a?b=c&d=e";
    document.text = "Line one\nДругая строка\n\n网络安全\n{\"not\": \"json\"}\n";

    const std::string data = encode_document_data(document);
    // One line of metadata, then the text as it was.
    CHECK(data.find('\n') == data.size() - document.text.size() - 1);
    CHECK(data.substr(data.find('\n') + 1) == document.text);

    const StoredDocument decoded = decode_document_data(data);
    CHECK(decoded.path == document.path);
    CHECK(decoded.title == document.title);
    CHECK(decoded.date == document.date);
    CHECK(decoded.date_source == document.date_source);
    CHECK(decoded.lang == document.lang);
    CHECK(decoded.source == document.source);
    CHECK(decoded.url == document.url);
    CHECK(decoded.text == document.text);
}

TEST_CASE("the metadata alone is read without the text", "[schema]") {
    StoredDocument document;
    document.path = "jsonl:USA_01_1946#68";
    document.lang = "en";
    document.format = "jsonl";
    document.text = "A paragraph\nof two lines";
    const StoredDocument metadata = decode_document_metadata(encode_document_data(document));
    CHECK(metadata.path == "jsonl:USA_01_1946#68");
    CHECK(metadata.lang == "en");
    CHECK(metadata.format == "jsonl");
    CHECK(metadata.text.empty());
    REQUIRE_THROWS_AS(decode_document_metadata("no metadata line"), dossier::DatabaseError);
}

TEST_CASE("an empty document survives encoding and decoding", "[schema]") {
    const StoredDocument decoded = decode_document_data(encode_document_data(StoredDocument{}));
    CHECK(decoded.path.empty());
    CHECK(decoded.title.empty());
    CHECK(decoded.text.empty());
}

TEST_CASE("document data not written by dossier is a database error", "[schema]") {
    // Row: stored data -> start of the DatabaseError message.
    auto [input, expected] = GENERATE(table<std::string, std::string>({
        {"", "document data is not in dossier's format; rebuild the index"},
        {"plain omindex data without a newline", "document data is not in dossier's format; rebuild the index"},
        {"url=http://x\nsample=text", "document data is not in dossier's format ("},
        {"{\"path\": \"/a\"\ntext", "document data is not in dossier's format ("},
        {"[1, 2]\ntext", "document data is not in dossier's format ("},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(decode_document_data(input), dossier::DatabaseError);
    REQUIRE_THROWS_WITH(decode_document_data(input), Catch::Matchers::StartsWith(expected));
}

TEST_CASE("evidence, inferred countries and page breaks survive the document data", "[schema]") {
    StoredDocument document;
    document.path = "/docs/report.pdf";
    document.format = "pdf";
    document.evidence = {{"country", {{"CN", {"China", "Tiongkok"}}, {"RU", {"Russia"}}}},
                         {"actor", {{"apt28", {"Fancy Bear"}}}}};
    document.inferred = {{"country", {{"RU", {"apt28"}}}}};
    document.page_breaks = {10, 4000000000u};
    const StoredDocument decoded = decode_document_data(encode_document_data(document));
    CHECK(decoded.evidence == document.evidence);
    CHECK(decoded.inferred == document.inferred);
    CHECK(decoded.page_breaks == document.page_breaks);
    CHECK(decoded.format == "pdf");
}

TEST_CASE("a metadata field dossier does not know is read past, whatever it holds", "[schema]") {
    const StoredDocument decoded = decode_document_data(
        R"({"added_later":{"a":[1,{"b":null}],"c":-2.5},"path":"/a.txt","flags":[true,false],"lang":"id",)"
        R"("evidence":{"country":{"ID":["Indonesia"],"MY":[]}},"note":"x","pages":[]})"
        "\nbody");
    CHECK(decoded.path == "/a.txt");
    CHECK(decoded.lang == "id");
    CHECK(decoded.text == "body");
    CHECK(decoded.evidence == dossier::Evidence{{"country", {{"ID", {"Indonesia"}}, {"MY", {}}}}});
}

TEST_CASE("a known metadata field of the wrong type is a database error naming it", "[schema]") {
    auto [input, field] = GENERATE(table<std::string, std::string>({
        {"{\"path\":5}\ntext", "'path'"},
        {"{\"title\":null}\ntext", "'title'"},
        {"{\"pages\":[\"1\"]}\ntext", "'pages'"},
        {"{\"pages\":[-1]}\ntext", "'pages'"},
        {"{\"evidence\":{\"country\":[\"CN\"]}}\ntext", "'evidence'"},
        {"{\"evidence\":{\"country\":{\"CN\":[[\"China\"]]}}}\ntext", "'evidence'"},
    }));
    CAPTURE(input);
    REQUIRE_THROWS_AS(decode_document_data(input), dossier::DatabaseError);
    REQUIRE_THROWS_WITH(decode_document_data(input), Catch::Matchers::Contains(field) &&
                                                         Catch::Matchers::EndsWith("rebuild the index"));
}
