// SPDX-License-Identifier: MIT
#include "search/query_language.h"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "entities/entities.h"
#include "index/schema.h"
#include "search/query.h"
#include "text/analyzer.h"

namespace dossier {

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// URI schemes written without "//" that a query may quote from a text.
constexpr std::array<std::string_view, 6> kUriSchemes = {"mailto", "urn", "tel", "doi", "news", "data"};

// Whether `text` has a capital letter or a letter of a script without case.
bool written_as_name(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0 || !u_isalpha(c)) continue;
        if (u_isupper(c) || u_istitle(c) || !u_hasBinaryProperty(c, UCHAR_CASED)) return true;
    }
    return false;
}

// Words a name may have ("Republik Rakyat Tiongkok", "Democratic People's
// Republic of Korea" is 6).
constexpr std::size_t kMaxNameWords = 6;

// Whether `written` may be a name rather than a code or a word that
// resolves as one: a code is a name only where it is the usual way to
// write it ("US", "UK", "EU", "UN", "UAE"); "IT", "IN", "AS" and "ID" are
// words or Italy, India, American Samoa, Indonesia by their codes.
bool plausible_name(std::string_view written) {
    if (written.size() > 3 || !std::all_of(written.begin(), written.end(), is_ascii_letter)) return true;
    for (const std::string_view abbreviation : {"US", "UK", "EU", "UN", "UAE", "USA", "PRC", "RRC"})
        if (written == abbreviation) return true;
    return false;
}

}  // namespace

std::string known_field_names() {
    std::string names;
    for (const schema::QueryField& field : schema::kQueryFields) {
        if (!names.empty()) names += ", ";
        names += field.name;
    }
    return names;
}

std::optional<std::string> unknown_field_at(std::string_view query, std::size_t at) {
    if (at >= query.size() || !is_ascii_letter(query[at])) return std::nullopt;
    std::size_t colon = at;
    while (colon < query.size() && (is_ascii_letter(query[colon]) || is_ascii_digit(query[colon]) || query[colon] == '_'))
        ++colon;
    if (colon >= query.size() || query[colon] != ':' || colon + 1 >= query.size()) return std::nullopt;
    const char next = query[colon + 1];
    if (next == ' ' || next == '\t' || next == '\n' || next == '\r' || next == ':' || next == '/') return std::nullopt;
    std::string name(query.substr(at, colon - at));
    std::string lowered = name;
    for (char& c : lowered) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (std::find(kUriSchemes.begin(), kUriSchemes.end(), lowered) != kUriSchemes.end()) return std::nullopt;
    return name;
}

bool is_hyphen_join(std::string_view between) {
    if (between.empty()) return false;
    // '-', and U+2010 HYPHEN, U+2011 NON-BREAKING HYPHEN in UTF-8.
    for (std::size_t i = 0; i < between.size();) {
        if (between[i] == '-') {
            ++i;
        } else if (between.substr(i, 3) == "\u2010" || between.substr(i, 3) == "\u2011") {
            i += 3;
        } else {
            return false;
        }
    }
    return true;
}

bool may_name_entities(std::string_view query) {
    // Word by word, leaving out operators (AND, NEAR/3) and fields.
    std::size_t i = 0;
    while (i < query.size()) {
        const std::size_t begin = query.find_first_not_of(" \t\n\r\f\v()\"", i);
        if (begin == std::string_view::npos) break;
        std::size_t end = query.find_first_of(" \t\n\r\f\v()\"", begin);
        if (end == std::string_view::npos) end = query.size();
        const std::string_view word = query.substr(begin, end - begin);
        const std::string_view name = word.substr(0, word.find('/'));
        const bool is_operator =
            name == "AND" || name == "OR" || name == "NOT" || name == "XOR" || name == "NEAR" || name == "ADJ";
        if (!is_operator && word.find(':') == std::string_view::npos && written_as_name(word)) return true;
        i = end;
    }
    return false;
}

std::vector<NameInQuery> names_in_query(std::string_view query, const EntityCatalog& catalog,
                                        const std::vector<std::string>& languages, NameCase name_case) {
    (void)languages;
    const std::vector<Token> tokens = analyze(query);
    std::vector<NameInQuery> names;
    // The longest run of up to kMaxNameWords words from each word on that
    // is a known name, looked up as country:, org:, incident: and actor:
    // values are (the gazetteer's matcher, which finds names in documents,
    // costs about a second to build; a look-up costs microseconds).
    for (std::size_t first = 0; first < tokens.size();) {
        std::size_t taken = 0;
        for (std::size_t count = std::min(kMaxNameWords, tokens.size() - first); count > 0 && taken == 0; --count) {
            const std::size_t begin = tokens[first].begin;
            const std::size_t end = tokens[first + count - 1].end;
            const std::string_view written = query.substr(begin, end - begin);
            if ((name_case == NameCase::as_names && !written_as_name(written)) || !plausible_name(written)) continue;
            NameInQuery name{begin, end, {}};
            for (const EntityFacetName& facet : kEntityFacets)
                if (const auto id = catalog.find(facet.facet, written)) name.entities.push_back({facet.facet, *id});
            if (name.entities.empty()) continue;
            names.push_back(std::move(name));
            taken = count;
        }
        // The next word after the name (the tokens of one word share it).
        const std::size_t next = first + std::max<std::size_t>(taken, 1);
        first = next;
        while (first < tokens.size() && first > 0 && tokens[first].word == tokens[first - 1].word &&
               taken > 0 && tokens[first].begin < names.back().end)
            ++first;
    }
    return names;
}

Xapian::Query named_entities_query(const std::vector<NamedEntity>& entities, bool inferred) {
    std::vector<Xapian::Query> alternatives;
    for (const NamedEntity& entity : entities) alternatives.push_back(facet_filter(entity.facet, entity.id, inferred));
    return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
}

}  // namespace dossier
