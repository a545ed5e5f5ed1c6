// SPDX-License-Identifier: MIT
#include "search/document_key.h"

#include <algorithm>
#include <filesystem>
#include <limits>
#include <string_view>

#include "index/file_state.h"
#include "index/schema.h"

namespace dossier {

namespace {

// The document indexed under `key` (its unique id term), or 0.
Xapian::docid document_keyed(const Xapian::Database& database, const std::string& key) {
    const std::string term = schema::path_term(key);
    const auto posting = database.postlist_begin(term);
    return posting == database.postlist_end(term) ? 0 : *posting;
}

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A key as given, or relative to the current folder; 0 when neither is one.
Xapian::docid keyed_or_relative(const Xapian::Database& database, const std::string& key) {
    if (key.empty()) return 0;  // no key, and no path to make absolute
    if (const Xapian::docid id = document_keyed(database, key)) return id;
    // A record's key is no file, and must not be made absolute.
    if (key.starts_with("jsonl:")) return 0;
    return document_keyed(database, std::filesystem::absolute(key).lexically_normal().string());
}

}  // namespace

std::string document_key(const Xapian::Document& document) {
    if (const auto state = decode_file_state(document.get_value(schema::kFileStateSlot))) return state->path;
    // A record: "jsonl:ID", the path its data holds. Not from its unique id
    // term: a remote shard sends a document's term list one term to a
    // message, and its data came with the document already.
    return schema::decode_document_metadata(document.get_data()).path;
}

Xapian::docid find_document(const Xapian::Database& database, const std::string& key) {
    if (all_digits(key)) {
        // A number past what a document id holds names no document (it
        // must not wrap around to a small one).
        if (key.size() > 10) return 0;
        const unsigned long long id = std::stoull(key);
        return id > std::numeric_limits<Xapian::docid>::max() ? 0 : static_cast<Xapian::docid>(id);
    }
    if (const Xapian::docid id = keyed_or_relative(database, key)) return id;
    // A location: the key and the page its snippet is on. A file whose own
    // name ends so was found above.
    if (const std::size_t fragment = key.rfind("#page="); fragment != std::string::npos &&
                                                          all_digits(std::string_view(key).substr(fragment + 6)))
        return keyed_or_relative(database, key.substr(0, fragment));
    return 0;
}

std::string no_such_document(const std::string& option, const std::string& key) {
    return option + " " + key +
           ": no such document; give what a result shows: its path (\"key\" in --format json), its location "
           "(path#page=N), its id (\"id\", which changes when the database is rebuilt), or jsonl:ID for a "
           "record indexed with --jsonl";
}

}  // namespace dossier
