// SPDX-License-Identifier: MIT
// Data files from the repository's data/ folder, compiled into the library.
#pragma once

#include <span>
#include <string_view>

namespace dossier {

struct EmbeddedFile {
    std::string_view name;     // path under data/
    std::string_view content;
};

// Every embedded file (the analysis fingerprint hashes them all, so that a
// changed word list or country table makes the indexer re-analyze).
std::span<const EmbeddedFile> embedded_files();

// Contents of data/`name` (e.g. "stopwords/en.txt"), or an empty view when
// no such file was embedded.
std::string_view embedded_data(std::string_view name);

}  // namespace dossier
