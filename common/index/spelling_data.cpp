// SPDX-License-Identifier: MIT
#include "index/spelling_data.h"

#include <algorithm>
#include <iterator>

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "base/utf8.h"
#include "index/schema.h"

namespace dossier {

namespace {

constexpr std::size_t kMinSpellingChars = 3;

// Scripts ICU segments by dictionary (text/segmenter.cpp): their terms are
// pieces of a run of text, not words someone types and mistypes.
bool is_unspaced_script(char32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
        return true;
    default:
        return false;
    }
}

// Unprefixed terms start with a lower-case letter, a digit or a non-ASCII
// byte; every prefix is upper case, so the words that can be spelling
// words all sort from "a" on.
constexpr std::string_view kFirstWord = "a";

// The spelling words of `terms` (a document's or the database's term
// list from its start), in term order.
std::vector<std::string> spelling_words(Xapian::TermIterator term, const Xapian::TermIterator& end) {
    std::vector<std::string> words;
    term.skip_to(std::string(kFirstWord));
    for (; term != end; ++term) {
        std::string word = *term;
        if (is_spelling_word(word)) words.push_back(std::move(word));
    }
    return words;
}

std::vector<std::string> document_words(const Xapian::Document& document) {
    return spelling_words(document.termlist_begin(), document.termlist_end());
}

}  // namespace

bool is_spelling_word(std::string_view term) {
    if (term.empty() || (term.front() >= 'A' && term.front() <= 'Z')) return false;
    const std::vector<char32_t> characters = code_points(term);
    if (characters.size() < kMinSpellingChars) return false;
    return std::none_of(characters.begin(), characters.end(),
                        [](char32_t c) { return u_isdigit(static_cast<UChar32>(c)) || is_unspaced_script(c); });
}

SpellingEntries spelling_entries(const Xapian::Database& database) {
    SpellingEntries entries;
    for (auto word = database.spellings_begin(); word != database.spellings_end(); ++word)
        entries.emplace_back(*word, word.get_termfreq());
    return entries;
}

SpellingEntries expected_spelling_entries(const Xapian::Database& database) {
    SpellingEntries entries;
    auto term = database.allterms_begin();
    term.skip_to(std::string(kFirstWord));
    for (; term != database.allterms_end(); ++term) {
        std::string word = *term;
        if (is_spelling_word(word)) entries.emplace_back(std::move(word), term.get_termfreq());
    }
    return entries;
}

bool has_complete_spelling(const Xapian::Database& database) {
    return database.get_metadata(std::string(schema::kSpellingKey)) == schema::kSpellingVersion;
}

void rebuild_spelling(Xapian::WritableDatabase& database) {
    // The table and the word list are read side by side (both in word
    // order) and only the differences kept: none for a table that is
    // right (a merged bulk build), so checking one costs no memory.
    struct Change {
        std::string word;
        Xapian::termcount add = 0;
        Xapian::termcount remove = 0;
    };
    std::vector<Change> changes;
    auto held = database.spellings_begin();
    const auto held_end = database.spellings_end();
    auto term = database.allterms_begin();
    term.skip_to(std::string(kFirstWord));
    for (; term != database.allterms_end(); ++term) {
        std::string word = *term;
        if (!is_spelling_word(word)) continue;
        for (; held != held_end && *held < word; ++held) changes.push_back({*held, 0, held.get_termfreq()});
        Xapian::termcount current = 0;
        if (held != held_end && *held == word) {
            current = held.get_termfreq();
            ++held;
        }
        const Xapian::termcount frequency = term.get_termfreq();
        if (frequency > current) changes.push_back({std::move(word), frequency - current, 0});
        else if (frequency < current) changes.push_back({std::move(word), 0, current - frequency});
    }
    for (; held != held_end; ++held) changes.push_back({*held, 0, held.get_termfreq()});
    for (const Change& change : changes) {
        if (change.add > 0) database.add_spelling(change.word, change.add);
        if (change.remove > 0) database.remove_spelling(change.word, change.remove);
    }
    if (!has_complete_spelling(database))
        database.set_metadata(std::string(schema::kSpellingKey), std::string(schema::kSpellingVersion));
}

SpellingKeeper::SpellingKeeper(Xapian::WritableDatabase& database)
    : database_(database), per_document_(has_complete_spelling(database)) {}

void SpellingKeeper::replace(const std::string& id_term, const Xapian::Document& document) {
    if (!per_document_) {
        database_.replace_document(id_term, document);
        return;
    }
    std::vector<std::string> old_words;
    if (const auto posting = database_.postlist_begin(id_term); posting != database_.postlist_end(id_term))
        old_words = document_words(database_.get_document(*posting));
    const std::vector<std::string> new_words = document_words(document);
    database_.replace_document(id_term, document);
    std::vector<std::string> lost, gained;
    std::set_difference(old_words.begin(), old_words.end(), new_words.begin(), new_words.end(),
                        std::back_inserter(lost));
    std::set_difference(new_words.begin(), new_words.end(), old_words.begin(), old_words.end(),
                        std::back_inserter(gained));
    for (const std::string& word : lost) database_.remove_spelling(word);
    for (const std::string& word : gained) database_.add_spelling(word);
}

void SpellingKeeper::remove(Xapian::docid id) {
    if (per_document_)
        for (const std::string& word : document_words(database_.get_document(id))) database_.remove_spelling(word);
    database_.delete_document(id);
}

void SpellingKeeper::finish() {
    if (per_document_ || database_.get_doccount() == 0) return;
    rebuild_spelling(database_);
}

}  // namespace dossier
