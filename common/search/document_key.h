// SPDX-License-Identifier: MIT
// Naming one document, as --explain, --show and --like do: by anything a
// result prints for it.
#pragma once

#include <string>

#include <xapian.h>

namespace dossier {

// The document `key` names in `database`, or 0 when none does. A key is a
// document id of the results (which changes across rebuilds and with the
// set of databases searched); a document's stable key as results show it
// ("key" and "path" in JSON: a file's absolute path, or "jsonl:ID" for a
// record indexed with --jsonl); a location ("path#page=N", csv and JSON
// "location"); or an indexed file's path relative to the current folder
// (the text output's).
Xapian::docid find_document(const Xapian::Database& database, const std::string& key);

// The stable key results show for `document`: a file's path (the exact
// bytes, from its file state), or a record's "jsonl:ID" (from its unique
// id term); neither needs the document data decoded.
std::string document_key(const Xapian::Document& document);

// The message for an `option` (--explain, --show, --like) whose `key` names
// no document: what it takes instead.
std::string no_such_document(const std::string& option, const std::string& key);

}  // namespace dossier
