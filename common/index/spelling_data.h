// SPDX-License-Identifier: MIT
// The spelling data behind "Did you mean" (search/spelling.h): Xapian's
// spelling table (WritableDatabase::add_spelling), holding every indexed
// word a query could be corrected to, each with the number of documents
// that hold it. That frequency equals the word's term frequency, so the
// whole table can be built from the database's word list in one pass
// (a new database, a bulk build, a database written before the table
// existed) and kept by differences as documents are replaced or deleted.
// Xapian 1.4 has one unprefixed spelling table per database: words of all
// languages share it (the searcher checks the language of a suggestion).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

namespace dossier {

// Whether `term`, an unprefixed word term, is a spelling word: at least
// three characters, no digit (a mistyped number has no right spelling),
// and not in a script written without spaces (Han, kana, Thai, Lao, Khmer,
// Burmese), whose terms are dictionary segments that edit distance says
// nothing about.
bool is_spelling_word(std::string_view term);

// A database's spelling words and their frequencies, in word order.
using SpellingEntries = std::vector<std::pair<std::string, Xapian::termcount>>;

// What the spelling table holds.
SpellingEntries spelling_entries(const Xapian::Database& database);

// What it should hold: each spelling word of the word list with its term
// frequency.
SpellingEntries expected_spelling_entries(const Xapian::Database& database);

// Whether the database says its spelling table is complete
// (schema::kSpellingKey holds schema::kSpellingVersion).
bool has_complete_spelling(const Xapian::Database& database);

// Replaces the spelling table of `database` by expected_spelling_entries
// and records it complete; not committed.
void rebuild_spelling(Xapian::WritableDatabase& database);

// The documents of one writing run, with the spelling table kept right.
// On a database whose table is complete each replacement or deletion
// changes it by the words gained and lost; otherwise (a new database, one
// built before the table) nothing is done per document and finish()
// builds the table from the word list. A run that stops before finish()
// leaves the table marked incomplete (the mark is only written by
// finish()), and the next run builds it.
class SpellingKeeper {
public:
    explicit SpellingKeeper(Xapian::WritableDatabase& database);

    // database.replace_document(id_term, document), keeping the table.
    void replace(const std::string& id_term, const Xapian::Document& document);
    // database.delete_document(id), keeping the table.
    void remove(Xapian::docid id);
    // Before the run's last commit: builds the table when it was not kept
    // per document and there is anything to build.
    void finish();

private:
    Xapian::WritableDatabase& database_;
    bool per_document_;
};

}  // namespace dossier
