// SPDX-License-Identifier: MIT
// Near-copy signatures (text/near_copy.h) and copy clusters
// (index/copy_clusters.h) on a database.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <xapian.h>

#include "index/copy_clusters.h"
#include "index/schema.h"
#include "text/analyzer.h"
#include "text/near_copy.h"

using namespace dossier;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string seed(const std::string& name) { return read_text(std::string(SEEDS_DIR) + "/" + name); }
std::string fixture(const std::string& name) { return read_text(std::string(FIXTURES_DIR) + "/copies/" + name); }

NearCopySignature signature_of(const std::string& text) {
    const std::optional<NearCopySignature> signature = near_copy_signature(analyze(text));
    REQUIRE(signature);
    return *signature;
}

const std::string kHeader =
    "Home | News | Statements | Contact us\nSkip to main content. Subscribe to our newsletter for the latest "
    "press releases from the embassy.\n";
const std::string kFooter =
    "\nShare this page: Facebook Twitter Email. Copyright 2023 Embassy press office. All rights reserved. "
    "Privacy policy | Terms of use | Sitemap\n";
const std::string kOtherHeader = "REPUBLISHED WITH PERMISSION\nCyber Policy Digest, weekly edition, issue 42\n";
const std::string kOtherFooter = "\nRead more stories like this one in our archive. Follow us for daily updates.\n";

// A document as build_document stores it, for the cluster functions.
Xapian::Document document_with(const std::string& id_term, const std::string& text) {
    Xapian::Document document;
    document.add_boolean_term(id_term);
    add_copy_signature(document, signature_of(text));
    return document;
}

std::string cluster_of(const Xapian::Database& database, const std::string& id_term) {
    return database.get_document(*database.postlist_begin(id_term)).get_value(schema::kCopyClusterSlot);
}

// Writes `document` as the indexer does: joins its copies, then stores it.
void write(Xapian::WritableDatabase& database, const std::string& id_term, const std::string& text) {
    Xapian::Document document = document_with(id_term, text);
    const Xapian::docid self = database.term_exists(id_term) ? *database.postlist_begin(id_term) : 0;
    join_copy_cluster(database, document, self);
    database.replace_document(id_term, document);
}

}  // namespace

TEST_CASE("a text and its copy with another header and footer are near-copies", "[near_copy]") {
    const std::string text = seed("003_80cc6779974243da.txt");
    const NearCopySignature original = signature_of(text);
    const NearCopySignature reposted = signature_of(kHeader + text + kFooter);
    const NearCopySignature again = signature_of(kOtherHeader + text + kOtherFooter);
    CHECK(signature_similarity(original, original) == 1.0);
    CHECK(signature_similarity(reposted, again) >= kNearCopySimilarity);
    CHECK(are_copies(original, reposted));
    CHECK(are_copies(reposted, again));
    // Case and punctuation are not the text: analysis removes them.
    std::string shouted = text;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(signature_similarity(original, signature_of(shouted)) == 1.0);
}

TEST_CASE("different statements on one subject are not copies", "[near_copy]") {
    const NearCopySignature a = signature_of(fixture("statement-a.txt"));
    const NearCopySignature b = signature_of(fixture("statement-b.txt"));
    CHECK(signature_similarity(a, b) < 0.1);
    CHECK_FALSE(are_copies(a, b));
    // Two op-eds on the same NATO statement and Exchange hack.
    CHECK_FALSE(are_copies(signature_of(seed("001_13f1f25d5283cfc5.txt")), signature_of(seed("003_80cc6779974243da.txt"))));
    // A statement inside a page twice its length is no copy of it.
    const std::string a_text = fixture("statement-a.txt");
    CHECK_FALSE(are_copies(a, signature_of(a_text + fixture("statement-b.txt") + seed("002_f02ef9834c905904.txt"))));
}

TEST_CASE("short texts are copies only when their words are the same", "[near_copy]") {
    const NearCopySignature short_text = signature_of("China denies the hacking accusations");
    CHECK(short_text.shingles < kMinShinglesForNearCopy);
    CHECK(are_copies(short_text, signature_of("China DENIES the hacking accusations!")));
    CHECK_FALSE(are_copies(short_text, signature_of("China denies the hacking accusations again")));
    // Two reports from one template, different in their numbers.
    const auto report = [](int number, int item) {
        return "Report " + std::to_string(number) +
               "\n\nSanctions on Russia were discussed by the European Union after the attack on the power grid. "
               "Item " + std::to_string(item) + ".\nThe committee will meet again on the 23th.\n";
    };
    CHECK_FALSE(are_copies(signature_of(report(106, 742)), signature_of(report(246, 1722))));
    CHECK(are_copies(signature_of(report(106, 742)), signature_of(report(106, 742))));
    CHECK_FALSE(near_copy_signature(analyze("  ... ")));
}

TEST_CASE("a signature survives being stored, and equal bands give equal keys", "[near_copy]") {
    const NearCopySignature signature = signature_of(seed("000_cbda0d9f3f71e4c9.txt"));
    const std::optional<NearCopySignature> decoded = decode_signature(encode_signature(signature));
    REQUIRE(decoded);
    CHECK(signature_similarity(signature, *decoded) == 1.0);
    CHECK(decoded->shingles == signature.shingles);
    CHECK_FALSE(decode_signature("too short"));
    const std::vector<std::string> keys = band_keys(signature);
    CHECK(keys.size() == kCopyBands);
    CHECK(keys == band_keys(signature_of(seed("000_cbda0d9f3f71e4c9.txt"))));
    // Shingles run across the pieces a long text is analyzed in.
    const std::string text = seed("004_51e65c8d9e533e62.txt");
    NearCopySketcher pieces;
    pieces.add(analyze(text.substr(0, text.find(' ', text.size() / 2))));
    pieces.add(analyze(text.substr(text.find(' ', text.size() / 2))));
    CHECK(signature_similarity(*pieces.finish(), signature_of(text)) == 1.0);
}

TEST_CASE("copies written one at a time share a cluster named after the first", "[near_copy]") {
    Xapian::WritableDatabase database(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::string text = seed("003_80cc6779974243da.txt");
    write(database, "Q/a", text);
    write(database, "Q/unrelated", seed("002_f02ef9834c905904.txt"));
    write(database, "Q/b", kHeader + text + kFooter);
    write(database, "Q/c", kOtherHeader + text + kOtherFooter);
    write(database, "Q/statement-a", fixture("statement-a.txt"));
    write(database, "Q/statement-b", fixture("statement-b.txt"));
    const std::string cluster = cluster_of(database, "Q/a");
    CHECK(cluster == copy_cluster_name("Q/a"));
    CHECK(cluster_of(database, "Q/b") == cluster);
    CHECK(cluster_of(database, "Q/c") == cluster);
    CHECK(cluster_of(database, "Q/unrelated").empty());
    CHECK(cluster_of(database, "Q/statement-a").empty());
    CHECK(cluster_of(database, "Q/statement-b").empty());
    CHECK(database.get_termfreq(std::string(schema::kCopyClusterPrefix) + cluster) == 3);

    SECTION("deleting the first copy keeps the others together") {
        database.delete_document("Q/a");
        write(database, "Q/d", text + kFooter);
        CHECK(cluster_of(database, "Q/b") == cluster);
        CHECK(cluster_of(database, "Q/c") == cluster);
        CHECK(cluster_of(database, "Q/d") == cluster);
    }
    SECTION("a copy that changes leaves the cluster, and one that changes a little stays") {
        write(database, "Q/b", fixture("statement-b.txt") + seed("000_cbda0d9f3f71e4c9.txt"));
        CHECK(cluster_of(database, "Q/b").empty());
        CHECK(database.get_termfreq(std::string(schema::kCopyClusterPrefix) + cluster) == 2);
        write(database, "Q/c", "Updated: " + text);
        CHECK(cluster_of(database, "Q/c") == cluster);
    }
}

TEST_CASE("clustering a merged database gives the clusters of writing one at a time", "[near_copy]") {
    const std::string text = seed("003_80cc6779974243da.txt");
    const std::vector<std::pair<std::string, std::string>> files = {
        {"Q/1", seed("001_13f1f25d5283cfc5.txt")},
        {"Q/2", kHeader + text + kFooter},
        {"Q/3", fixture("statement-a.txt")},
        {"Q/4", text},
        {"Q/5", kHeader + fixture("statement-a.txt") + kFooter},
        {"Q/6", kOtherHeader + text + kOtherFooter},
        {"Q/7", fixture("statement-b.txt")},
    };
    Xapian::WritableDatabase one_at_a_time(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::WritableDatabase merged(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& [id, body] : files) {
        write(one_at_a_time, id, body);
        merged.add_document(document_with(id, body));  // as a bulk worker writes it
    }
    CHECK(cluster_copies(merged) == 5);
    for (const auto& [id, body] : files) {
        INFO(id);
        CHECK(cluster_of(merged, id) == cluster_of(one_at_a_time, id));
    }
    CHECK(cluster_of(merged, "Q/2") == copy_cluster_name("Q/2"));
    CHECK(cluster_of(merged, "Q/4") == copy_cluster_name("Q/2"));
    CHECK(cluster_of(merged, "Q/5") == copy_cluster_name("Q/3"));
    CHECK(cluster_of(merged, "Q/7").empty());
}

TEST_CASE("a sketch's values do not change between builds", "[near_copy]") {
    // Sketches and band keys are stored in databases: the values the
    // scalar multiply-shift loop gave before it was vectorized (AVX2 clone).
    std::vector<Token> tokens;
    for (int i = 0; i < 80; ++i) {
        Token token;
        token.term = "word" + std::to_string(i * 7 % 31);
        tokens.push_back(token);
    }
    const std::optional<NearCopySignature> signature = near_copy_signature(tokens);
    REQUIRE(signature);
    CHECK(signature->shingles == 76);
    CHECK(signature->minima[0] == 234257956u);
    CHECK(signature->minima[127] == 34224732u);
    CHECK(band_keys(*signature) ==
          std::vector<std::string>{"0:0245041a", "1:5baaf47c", "2:e85b8628", "3:c11ebe9c", "4:f13d886c", "5:b611347e",
                                   "6:daf31236", "7:f04d1910", "8:40165bb7", "9:afba8b3f", "a:fe6e7cb0", "b:84e66c79",
                                   "c:26e65b6c", "d:9d5998fc", "e:a7190f2d", "f:a82c9ae2"});
}
