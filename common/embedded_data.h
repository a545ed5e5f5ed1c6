// SPDX-License-Identifier: MIT
// Data files from the repository's data/ folder, compiled into the library.
#pragma once

#include <string_view>

namespace dossier {

// Contents of data/`name` (e.g. "stopwords/en.txt"), or an empty view when
// no such file was embedded.
std::string_view embedded_data(std::string_view name);

}  // namespace dossier
