// SPDX-License-Identifier: MIT
// The search page's files (server/page/), embedded at build time
// (cmake/embed_page.cmake): dossier-serve serves only these, from memory.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace dossier::server {

struct PageFile {
    std::string_view path;     // "/app.js"
    std::string_view content;  // the file's bytes
};

// Every embedded file.
std::span<const PageFile> page_files();

// The file served at URL path `path` ("/" is "/index.html"); nullopt for
// any other path. Compared as given: no path is ever opened.
std::optional<PageFile> page_file(std::string_view path);

// The Content-Type of a file by its extension; bytes for an unknown one.
std::string_view content_type_of(std::string_view path);

}  // namespace dossier::server
