// SPDX-License-Identifier: MIT
// What entity extraction reports: which facet value a stretch of text names.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dossier {

// The facets a document is described by, besides its date and language.
enum class Facet { country, org, incident, actor };

// "country", "org", "incident", "actor".
std::string_view facet_name(Facet facet);

struct EntityMention {
    Facet facet = Facet::country;
    std::string id;         // ISO 3166-1 alpha-2 ("CN"), org id ("NATO"),
                            // gazetteer id ("wannacry", "apt28")
    std::size_t begin = 0;  // byte span in the analyzed text of the words
    std::size_t end = 0;    // that named it
};

// Facet values of one document and the words that gave each value:
// facet name -> value id -> distinct words as written (a few at most).
using Evidence = std::map<std::string, std::map<std::string, std::vector<std::string>>>;

}  // namespace dossier
