// SPDX-License-Identifier: MIT
// Stemmers beyond Xapian's own, as Xapian::Stem objects: the Snowball
// library's (libstemmer) for the languages Xapian 1.4 has no algorithm for,
// and a light Russian stemmer (docs/ranking.md: it ranks better than
// Snowball's on the Russian judged set).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dossier {

// The algorithms the installed Snowball library has ("greek", "hindi", ...).
const std::vector<std::string>& snowball_algorithms();

// True when Xapian itself has the stemmer `name` ("russian": yes,
// "greek": no, in 1.4).
bool xapian_has_stemmer(std::string_view name);

// A Xapian::Stem running the Snowball library's algorithm `name` on UTF-8
// words. Throws std::invalid_argument when the library has no such
// algorithm. Like Xapian's own stemmers, one object must not be used by two
// threads at once.
Xapian::Stem snowball_stemmer(const std::string& name);

// Savoy's light Russian stemmer: case endings only ("похищенные" and
// "похищены" -> "похищен", "квартиры" -> "квартир").
Xapian::Stem russian_light_stemmer();

// The name make_stemmer() gives this stemmer (stemmer_name("ru")).
inline constexpr std::string_view kRussianLightStemmer = "russian_light";

}  // namespace dossier
