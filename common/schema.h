// SPDX-License-Identifier: MIT
// The contract between dossier-index and dossier-search: every term prefix,
// value slot, metadata key and the document-data format is defined here and
// nowhere else. Changing any of it means bumping kSchemaVersion.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace dossier::schema {

// Stored in the database metadata under kSchemaKey; the searcher refuses a
// database written with another version and says how to rebuild it.
inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kSchemaKey = "dossier.schema";

// Term prefixes (Xapian's conventional letters where one exists).
inline constexpr std::string_view kStemPrefix = "Z";      // stemmed word, no positions
inline constexpr std::string_view kTitlePrefix = "S";     // title word, positional
inline constexpr std::string_view kLanguagePrefix = "L";  // boolean: document language
inline constexpr std::string_view kPathPrefix = "Q";      // boolean: unique id (the path)

// Value slots.
inline constexpr Xapian::valueno kDateSlot = 0;  // "YYYYMMDD", sorts as a date

// Fields a query may name as `field:value`.
struct QueryField {
    std::string_view name;    // what the user types before ':'
    std::string_view prefix;  // term prefix it searches
    bool boolean;             // a filter on an exact value, not free text
};
inline constexpr QueryField kQueryFields[] = {
    {"title", kTitlePrefix, false},
    {"lang", kLanguagePrefix, true},
};

// Title terms get positions after the body's, with a gap so that a phrase
// never spans the end of the body and the start of the title.
inline constexpr Xapian::termpos kPositionGap = 100;

// The unique-id term of the document at `path` (an absolute path). Paths
// too long for a Xapian term are shortened with a hash of the whole path.
std::string path_term(std::string_view path);

// The boolean term for a document language code ("en" -> "Len").
std::string language_term(std::string_view code);

// Where a document's date came from.
inline constexpr std::string_view kDateFromMetadata = "metadata";
inline constexpr std::string_view kDateFromText = "text";
inline constexpr std::string_view kDateFromMtime = "mtime";

// What the search results show about a document, stored as its document
// data: one line of JSON metadata, a newline, then the document text (kept
// for snippets).
struct StoredDocument {
    std::string path;         // absolute path
    std::string title;
    std::string date;         // "YYYY-MM-DD" or empty
    std::string date_source;  // kDateFrom*, or empty when there is no date
    std::string lang;         // language code
    std::string source;       // from front matter, may be empty
    std::string url;          // from front matter, may be empty
    std::string text;         // the body text, UTF-8
};

std::string encode_document_data(const StoredDocument& document);

// Throws DatabaseError when `data` was not written by encode_document_data.
StoredDocument decode_document_data(std::string_view data);

}  // namespace dossier::schema
