// SPDX-License-Identifier: MIT
#include "page_files.h"

namespace dossier::server {

std::optional<PageFile> page_file(std::string_view path) {
    if (path == "/") path = "/index.html";
    for (const PageFile& file : page_files())
        if (file.path == path) return file;
    return std::nullopt;
}

std::string_view content_type_of(std::string_view path) {
    static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
        {".html", "text/html; charset=utf-8"},     {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},       {".svg", "image/svg+xml"},
        {".png", "image/png"},                     {".ico", "image/x-icon"},
        {".json", "application/json"},            {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
    };
    for (const auto& [extension, type] : kTypes)
        if (path.ends_with(extension)) return type;
    return "application/octet-stream";
}

}  // namespace dossier::server
