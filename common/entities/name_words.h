// SPDX-License-Identifier: MIT
// A cheap test of whether a word may be part of a built-in name, before
// the entity catalog's name tables are built (a tenth of a second: ICU's
// country names in every language, 3,000 gazetteer entries).
#pragma once

#include <string_view>

namespace dossier {

// Whether `word` is written in the built-in name tables (data/countries.tsv,
// demonyms.tsv, gazetteer.json, misp-gazetteer.json) as a whole word, in
// any ASCII case: false means no built-in alias has it ("blinkn"); true
// only that one may ("fancy", "chad"), for the catalog to decide. ICU's
// country names are not in these tables, nor --gazetteer files' entries.
bool builtin_names_mention(std::string_view word);

}  // namespace dossier
