// SPDX-License-Identifier: MIT
// Per-language stop words, applied to queries so that function words in a
// question typed as a query do not crowd out the words that matter.
#pragma once

#include <string_view>

#include <xapian.h>

namespace dossier {

// The stop-word list for `code` (from data/stopwords/CODE.txt), or nullptr
// when there is none. The stopper lives for the whole program.
const Xapian::Stopper* stopper_for(std::string_view code);

}  // namespace dossier
