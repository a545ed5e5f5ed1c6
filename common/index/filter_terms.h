// SPDX-License-Identifier: MIT
// The terms behind the source: and path: filters (schema.h kSourcePrefix,
// kFolderPrefix): what a document gets, and what a user's value asks for,
// built by the same functions so that the two meet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The source terms of a document with `source` (front matter, a page's
// site name, a PDF's author) and `url`: the source's words, normalized and
// joined by spaces ("Kompas TV" -> "XSkompas tv"), and the host of the URL,
// or of a source written as a host or URL, without "www." and with each
// parent domain of two labels or more ("https://www.fmprc.gov.cn/eng/" ->
// "XSfmprc.gov.cn", "XSgov.cn"). Distinct; none for an empty source and URL.
std::vector<std::string> source_terms(std::string_view source, std::string_view url);

// The term `source:VALUE` looks for: a URL or host gives its host ("www."
// dropped), anything else its normalized words. Empty when VALUE has no
// word or host.
std::string source_term(std::string_view value);

// The folder terms of the file at absolute `path`: one per folder above it,
// up to the root ("/a/b/c.txt" -> "XP/a/b", "XP/a", "XP/"). None for a
// path that is not absolute (a --jsonl record's "jsonl:ID").
std::vector<std::string> folder_terms(std::string_view path);

// The term for the absolute, normalized `folder` (no trailing '/', except
// the root), as folder_terms spells it.
std::string folder_term(std::string_view folder);

}  // namespace dossier
