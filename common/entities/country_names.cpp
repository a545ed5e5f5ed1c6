// SPDX-License-Identifier: MIT
#include "entities/country_names.h"
#include "base/strings.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <tuple>

#include <unicode/locdspnm.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "base/embedded_data.h"
#include "text/language.h"
#include "text/stopwords.h"

namespace dossier {

namespace {

// Display languages whose region names are registered.
constexpr std::array<const char*, 23> kDisplayLocales = {
    "en", "id", "ms", "zh", "zh_Hant", "ja", "ko", "ru", "uk", "ar", "fa", "fr",
    "es", "pt", "de", "tr", "vi", "hi", "th", "it", "nl", "pl", "he"};

// Codes ICU lists that are not countries of ISO 3166-1 (exceptional
// reservations for parts of other states). XK (Kosovo, user-assigned) is
// kept: the EU and the IMF use it and users expect it.
bool is_country_code(std::string_view code) {
    if (code.size() != 2 || code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z') return false;
    return code != "DG" && code != "EA" && code != "IC" && code != "EU" && code != "EZ" && code != "UN" &&
           code != "QO" && code != "ZZ";
}

std::string to_utf8(const icu::UnicodeString& s) {
    std::string out;
    s.toUTF8String(out);
    return out;
}

std::string ascii_upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view s, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = s.find(separator, start);
        parts.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return parts;
}

std::vector<std::string> split_terms(const std::string& key) {
    std::vector<std::string> terms;
    for (std::string_view term : split(key, ' ')) terms.emplace_back(term);
    return terms;
}

UChar32 first_code_point(std::string_view text, int32_t* length = nullptr) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = 0;
    UChar32 c = -1;
    if (!text.empty()) U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
    if (length) *length = i;
    return c;
}

std::size_t code_point_count(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

// Same test as the analyzer's: letters, digits and marks make terms.
bool is_term_char(UChar32 c) {
    if (c < 0) return false;
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

// "People's Republic" -> "People Republic": the possessive "'s" is dropped
// from names as find() drops it from the text ("China's" names China).
std::string drop_possessives(std::string_view name) {
    std::string out;
    const auto* s = reinterpret_cast<const uint8_t*>(name.data());
    const int32_t length = static_cast<int32_t>(name.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (is_apostrophe(c) && i < length && (name[static_cast<std::size_t>(i)] == 's' || name[static_cast<std::size_t>(i)] == 'S')) {
            int32_t after = i + 1;
            UChar32 next = -1;
            if (after < length) U8_NEXT(s, after, length, next);
            if (!is_term_char(next)) {
                ++i;  // skip the apostrophe and the "s"
                continue;
            }
        }
        out.append(name.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

std::vector<std::string> terms_of(std::string_view name) {
    std::vector<std::string> terms;
    for (Token& token : analyze(name)) terms.push_back(std::move(token.term));
    return terms;
}

std::string join(const std::vector<std::string>& terms) { return dossier::join(terms, " "); }

// The lookup form of a name as a user types it.
std::string key_of(std::string_view name) { return join(terms_of(drop_possessives(trim(name)))); }

std::string stem_key(const std::vector<std::string>& terms, const std::string& lang) {
    const Xapian::Stem stemmer = make_stemmer(lang);
    std::string key;
    for (const std::string& term : terms) {
        if (!key.empty()) key += ' ';
        key += stemmer(term);
    }
    return key;
}

// First letter is a capital (true), a small letter (false); scripts without
// case count as capitalized (the rule does not apply to them).
bool starts_with_capital(std::string_view name) {
    const UChar32 c = first_code_point(name);
    if (c < 0 || !u_hasBinaryProperty(c, UCHAR_CASED)) return true;
    return u_isupper(c) || u_istitle(c);
}

// An abbreviation from ICU's short names ("UK", "A.S", "EE. UU.", "США"):
// those are exact-case data-file rows when wanted, never ICU names.
bool looks_abbreviated(std::string_view name) {
    if (name.find('.') != std::string_view::npos || name.find("\u0970") != std::string_view::npos) return true;
    const auto* s = reinterpret_cast<const uint8_t*>(name.data());
    const int32_t length = static_cast<int32_t>(name.size());
    bool cased = false;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0) continue;
        if (u_islower(c)) return false;
        if (u_hasBinaryProperty(c, UCHAR_CASED)) cased = true;
    }
    return cased;
}

// "Myanmar (Burma)" -> "Myanmar", "홍콩(중국 특별행정구)" -> "홍콩".
std::string without_parenthetical(std::string_view name) {
    std::string out;
    int depth = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(name.data());
    const int32_t length = static_cast<int32_t>(name.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c == '(' || c == 0xFF08) {
            ++depth;
            continue;
        }
        if (c == ')' || c == 0xFF09) {
            if (depth > 0) --depth;
            continue;
        }
        if (depth == 0) out.append(name.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return std::string(trim(out));
}

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

bool same_phrase(std::string_view between) {
    return std::all_of(between.begin(), between.end(), [](char c) { return c == ' ' || c == '\t'; });
}

bool starts_capitalized(std::string_view word) {
    const UChar32 c = first_code_point(word);
    return c >= 0 && u_hasBinaryProperty(c, UCHAR_CASED) && (u_isupper(c) || u_istitle(c));
}

std::u32string code_points(std::string_view text) {
    std::u32string out;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0) out.push_back(static_cast<char32_t>(c));
    }
    return out;
}

std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t limit) {
    if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
            best = std::min(best, row[j]);
        }
        if (best > limit) return limit + 1;
    }
    return row[b.size()];
}

// Arabic one-letter proclitics (and, so, with, for, like) and Korean
// particles, taken off a word only when what remains is a known name word:
// "والصين" -> "الصين", "للصين" -> "الصين", "미국은" -> "미국".
constexpr std::array<std::string_view, 5> kArabicProclitics = {"و", "ف", "ب", "ل", "ك"};
constexpr std::array<std::string_view, 27> kKoreanParticles = {
    "에서는", "에서도", "으로는", "에서", "으로", "에게", "에는", "과의", "와의", "이나", "까지", "부터", "보다",
    "하고", "과는", "와는", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도"};

bool is_arabic(UChar32 c) { return c >= 0x0600 && c <= 0x06FF; }
bool is_hangul(UChar32 c) { return c >= 0xAC00 && c <= 0xD7A3; }

// The names of `code` in one display locale: the display name without its
// parenthetical, English "&"/"St." spelled out, and the short form.
template <typename Consider>
void consider_locale_names(const std::string& code, const icu::Locale& locale, std::string_view lang,
                           const icu::LocaleDisplayNames* short_names, Consider&& consider) {
    const bool russian = lang == "ru";
    icu::UnicodeString display;
    icu::Locale("", code.c_str()).getDisplayCountry(locale, display);
    const std::string name = to_utf8(display);
    if (name == code) return;  // ICU has no name: it echoes the code
    const std::string plain = without_parenthetical(name);
    consider(code, plain, russian);
    if (lang == "en") {
        if (plain.find('&') != std::string::npos) consider(code, replace_all(plain, "&", "and"), false);
        if (plain.rfind("St. ", 0) == 0) {
            const std::string saint = "Saint " + plain.substr(4);
            consider(code, saint, false);
            if (saint.find('&') != std::string::npos) consider(code, replace_all(saint, "&", "and"), false);
        }
    }
    if (short_names) {
        icu::UnicodeString shorter;
        short_names->regionDisplayName(code.c_str(), shorter);
        const std::string short_name = to_utf8(shorter);
        if (short_name != name && short_name != code && !looks_abbreviated(short_name))
            consider(code, without_parenthetical(short_name), russian);
    }
}

// One part of a word between separators ("l'UE": "l" and "UE").
struct WordPart {
    std::size_t begin, end;  // byte offsets in the word
    bool possessive;         // followed by "'s"
};

struct WordParts {
    std::vector<WordPart> parts;
    bool acronym = false;  // single letters joined by dots: "U.S."
};

// The parts of a word, a possessive "'s" folded into the part before it.
WordParts split_word_parts(std::string_view word) {
    WordParts split;
    std::vector<WordPart>& parts = split.parts;
    bool all_single_letters = true;
    bool dotted = true;
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t length = static_cast<int32_t>(word.size());
    UChar32 separator = 0;
    bool in_part = false;
    std::size_t letters_in_part = 0;
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (is_term_char(c)) {
            if (!in_part) {
                const bool possessive_s = !parts.empty() && is_apostrophe(separator) && (c == 's' || c == 'S') &&
                                          (i >= length || !is_term_char(first_code_point(word.substr(static_cast<std::size_t>(i)))));
                if (possessive_s) {
                    parts.back().possessive = true;
                    continue;
                }
                if (!parts.empty() && separator != '.') dotted = false;
                parts.push_back({static_cast<std::size_t>(start), static_cast<std::size_t>(i), false});
                in_part = true;
                letters_in_part = 0;
            } else {
                parts.back().end = static_cast<std::size_t>(i);
            }
            if (++letters_in_part > 1) all_single_letters = false;
        } else {
            in_part = false;
            separator = c;
        }
    }
    split.acronym = parts.size() >= 2 && all_single_letters && dotted;
    return split;
}

// Terms of one word get the span of their own part of it ("l'UE" -> "UE"),
// and a possessive "'s" is dropped ("China's" -> "china").
void narrow_to_word_parts(std::vector<Token>& tokens, std::string_view text) {
    for (std::size_t first = 0; first < tokens.size();) {
        std::size_t last = first + 1;
        while (last < tokens.size() && tokens[last].word == tokens[first].word) ++last;
        const std::size_t begin = tokens[first].begin;
        const WordParts split = split_word_parts(text.substr(begin, tokens[first].end - begin));
        if (!split.acronym && split.parts.size() == last - first) {
            for (std::size_t k = 0; k < split.parts.size(); ++k) {
                Token& token = tokens[first + k];
                const WordPart& part = split.parts[k];
                token.begin = begin + part.begin;
                token.end = begin + part.end;
                if (part.possessive && token.term.size() > 1 && token.term.back() == 's') token.term.pop_back();
            }
        }
        first = last;
    }
}

// "والصين" -> "الصين", "للصين" -> "الصين": up to two proclitics taken off,
// when what remains is a known name word.
void strip_arabic_proclitics(const std::unordered_set<std::string>& known_terms, Token& token) {
    std::vector<std::string> tries;
    std::string_view rest = token.term;
    for (int stripped = 0; stripped < 2; ++stripped) {
        bool found = false;
        for (std::string_view clitic : kArabicProclitics) {
            if (rest.size() > clitic.size() && rest.substr(0, clitic.size()) == clitic) {
                rest.remove_prefix(clitic.size());
                found = true;
                break;
            }
        }
        if (!found) break;
        tries.emplace_back(rest);
        // "لل" is "ل" + "ال" with the alif dropped.
        if (rest.substr(0, 2) == "ل") tries.push_back("ا" + std::string(rest));
    }
    for (const std::string& candidate : tries) {
        if (known_terms.count(candidate)) {
            token.term = candidate;
            break;
        }
    }
}

// "미국은" -> "미국": a particle taken off when what remains is a known name
// word; the span shrinks to the name.
void strip_korean_particle(const std::unordered_set<std::string>& known_terms, Token& token, std::string_view text) {
    const std::string& term = token.term;
    for (std::string_view particle : kKoreanParticles) {
        if (term.size() <= particle.size() || term.compare(term.size() - particle.size(), particle.size(), particle) != 0)
            continue;
        const std::string stem = term.substr(0, term.size() - particle.size());
        if (!known_terms.count(stem)) continue;
        if (text.substr(token.begin, stem.size()) == stem) token.end = token.begin + stem.size();
        token.term = stem;
        break;
    }
}

// Clitics and particles glued to a name.
void strip_glued_particles(const std::unordered_set<std::string>& known_terms, Token& token, std::string_view text) {
    if (known_terms.count(token.term)) return;
    const UChar32 c = first_code_point(token.term);
    if (is_arabic(c)) strip_arabic_proclitics(known_terms, token);
    else if (is_hangul(c)) strip_korean_particle(known_terms, token, text);
}

// Words that make a place name part of a treaty's, a forum's or a
// conference's name: "Budapest Convention", "Rome Statute", "Minsk
// agreements", "Paris Club", "Treaty of Lisbon", "Monterrey Conference".
constexpr std::array<std::string_view, 41> kTreatyWords = {
    "convention", "conventions", "protocol", "protocols", "agreement", "agreements", "accord", "accords",
    "declaration", "statute", "manual", "call", "process", "round", "consensus", "platform",
    "programme", "program", "plan", "framework", "arrangement", "document", "principles", "treaty",
    "charter", "club", "group", "format", "final", "summit", "conference", "negotiations",
    "meeting", "talks", "agenda", "commitments", "outcome", "compact", "roadmap", "road", "initiative"};

bool is_treaty_word(std::string_view term) {
    return std::find(kTreatyWords.begin(), kTreatyWords.end(), term) != kTreatyWords.end();
}

bool is_currency_sign(UChar32 c) { return c == '$' || c == 0x20AC || c == 0xA3 || c == 0xA5; }

UChar32 last_code_point(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = static_cast<int32_t>(text.size());
    UChar32 c = -1;
    if (i > 0) U8_PREV(s, 0, i, c);
    return c;
}

// Only spaces, or a possessive and spaces, between two names: "Thailand's
// National Security Agency", "Russian Cyber Command".
bool adjacent_words(std::string_view between) {
    int32_t length = 0;
    const UChar32 c = first_code_point(between, &length);
    if (is_apostrophe(c)) {
        between.remove_prefix(static_cast<std::size_t>(length));
        if (!between.empty() && (between.front() == 's' || between.front() == 'S')) between.remove_prefix(1);
    }
    return !between.empty() && same_phrase(between);
}

// A word of two or more letters, all capitals ("ARE", "READY"; not "A",
// "APT28", "Iran").
bool all_capital_word(std::string_view word) {
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t length = static_cast<int32_t>(word.size());
    std::size_t letters = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c < 0 || !u_isalpha(c) || !u_isupper(c)) return false;
        ++letters;
    }
    return letters >= 2;
}

// Short words skipped when reading the initials of a name ("Ministry of
// State Security").
bool is_initials_filler(std::string_view term) {
    return term == "of" || term == "and" || term == "the" || term == "for" || term == "on" || term == "in" ||
           term == "de" || term == "du" || term == "des" || term == "la" || term == "le" || term == "to";
}

}  // namespace

// ---------------------------------------------------------------- building

// One region name from ICU, by its normalized key, with what the locales
// that gave it say about it.
struct CountryNames::IcuName {
    std::string name;
    std::set<std::string> codes;
    bool capitalized = true;
    bool russian = false;
    std::set<std::string> languages;  // of the locales that gave the name
};

// ICU's region names for `codes` in every display locale, by key; a key
// two regions share keeps both codes.
std::map<std::string, CountryNames::IcuName> CountryNames::collect_icu_names(const std::unordered_set<std::string>& codes) {
    std::map<std::string, IcuName> candidates;
    std::unordered_map<std::string, std::string> key_cache;  // many languages share a spelling
    std::string locale_language;
    const auto consider = [&](const std::string& code, std::string name, bool russian) {
        name = std::string(trim(name));
        if (name.empty() || name == code || code_point_count(name) < 2) return;
        auto cached = key_cache.find(name);
        if (cached == key_cache.end()) cached = key_cache.emplace(name, join(terms_of(name))).first;
        if (cached->second.empty()) return;
        IcuName& candidate = candidates[cached->second];
        if (candidate.name.empty()) candidate.name = name;
        candidate.codes.insert(code);
        candidate.capitalized = candidate.capitalized && starts_with_capital(name);
        candidate.russian = candidate.russian || russian;
        candidate.languages.insert(locale_language);
    };
    UDisplayContext short_context[] = {UDISPCTX_LENGTH_SHORT};
    for (const char* locale_name : kDisplayLocales) {
        const icu::Locale locale(locale_name);
        const std::string_view lang(locale_name);
        locale_language = std::string(lang.substr(0, lang.find('_')));
        std::unique_ptr<icu::LocaleDisplayNames> short_names(
            icu::LocaleDisplayNames::createInstance(locale, short_context, 1));
        for (const std::string& code : codes) consider_locale_names(code, locale, lang, short_names.get(), consider);
    }
    return candidates;
}


void CountryNames::Matching::add_alias(Alias alias, const std::vector<std::string>& terms) {
    const auto value = static_cast<std::uint32_t>(aliases.size());
    for (const std::string& term : terms) known_terms.insert(term);
    matcher.add(alias.name, value, alias.rule);
    if (!alias.rule.stem_language.empty()) {
        if (alias.kind != Kind::none) {
            auto& by_stem = (alias.kind == Kind::org ? org_by_stem : country_by_stem)[alias.rule.stem_language];
            const auto [it, inserted] = by_stem.emplace(stem_key(terms, alias.rule.stem_language), alias.id);
            if (!inserted && it->second != alias.id) it->second.clear();
        }
        // The exact form also counts in documents of other languages.
        MatchRule exact = alias.rule;
        exact.stem_language.clear();
        matcher.add(alias.name, value, exact);
    }
    aliases.push_back(std::move(alias));
}

CountryNames::CountryNames(std::string_view table) : CountryNames({Table{"countries.tsv", table}}, Deferred{}) {
    matching();  // a malformed name in `table` is reported here, not at first use
}

CountryNames::CountryNames(const std::vector<Table>& tables, Deferred) {
    // ICU's codes first: the table may name only known codes.
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code)
        if (is_country_code(*code)) codes_.insert(*code);
    for (const Table& table : tables) {
        tables_.emplace_back(table.name, table.text);
        add_org_names(table);
    }
}

void CountryNames::add_org_names(const Table& table) {
    for (std::string_view line : split(table.text, '\n')) {
        const std::size_t kind_begin = line.find('\t');
        const std::size_t name_begin = kind_begin == std::string_view::npos ? kind_begin : line.find('\t', kind_begin + 1);
        if (name_begin == std::string_view::npos) continue;
        if (trim(line.substr(kind_begin + 1, name_begin - kind_begin - 1)) != "org") continue;
        const std::string_view id = trim(line.substr(0, kind_begin));
        if (id.empty() || id == "-" || id.front() == '#') continue;
        std::string_view name = line.substr(name_begin + 1);
        name = name.substr(0, name.find('\t'));
        if (!name.empty() && name.back() == '\r') name.remove_suffix(1);
        if (!trim(name).empty()) org_names_.emplace(std::string(id), drop_possessives(trim(name)));
    }
}

// Rows of data/countries.tsv or data/demonyms.tsv, validated.
std::vector<CountryNames::TableRow> CountryNames::parse_table(const Table& table) const {
    std::vector<TableRow> rows;
    std::size_t line_number = 0;
    for (std::string_view line : split(table.text, '\n')) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (trim(line).empty() || trim(line).front() == '#') continue;
        const std::vector<std::string_view> columns = split(line, '\t');
        const auto fail = [&](const std::string& why) {
            throw std::invalid_argument(std::string(table.name) + " line " + std::to_string(line_number) + ": " + why +
                                        " (expected: id<TAB>country|org|none<TAB>alias<TAB>flags)");
        };
        if (columns.size() < 3 || columns.size() > 4) fail("wrong number of columns");
        Alias alias;
        alias.id = std::string(trim(columns[0]));
        const std::string_view kind = trim(columns[1]);
        alias.name = std::string(trim(columns[2]));
        if (kind == "country") {
            alias.kind = Kind::country;
            if (!codes_.count(alias.id)) fail("unknown country code '" + alias.id + "'");
        } else if (kind == "org") {
            alias.kind = Kind::org;
            if (alias.id.empty() || alias.id == "-") fail("org without id");
        } else if (kind == "none") {
            alias.kind = Kind::none;
            alias.id.clear();
        } else {
            fail("unknown kind '" + std::string(kind) + "'");
        }
        if (alias.name.empty()) fail("empty alias");
        if (columns.size() == 4) {
            for (std::string_view flag : split(columns[3], ',')) {
                flag = trim(flag);
                if (flag.empty()) continue;
                if (flag == "exact_case") {
                    alias.rule.exact_case = true;
                } else if (flag == "capitalized") {
                    alias.rule.capitalized = true;
                } else if (flag == "person_name") {
                    alias.rule.person_name_risk = true;
                } else if (flag.substr(0, 5) == "lang=") {
                    for (std::string_view lang : split(flag.substr(5), '|'))
                        if (!trim(lang).empty()) alias.rule.languages.emplace_back(trim(lang));
                } else if (flag.substr(0, 5) == "stem=") {
                    alias.rule.stem_language = std::string(flag.substr(5));
                } else if (flag == "place") {
                    alias.place = true;
                } else if (flag == "state") {
                    alias.place = alias.state = true;
                } else if (flag == "generic") {
                    alias.generic = true;
                } else if (flag.substr(0, 10) == "yields_to=") {
                    alias.yields_to = std::string(flag.substr(10));
                    if (!codes_.count(alias.yields_to)) fail("unknown country code '" + alias.yields_to + "' in yields_to");
                } else {
                    fail("unknown flag '" + std::string(flag) + "'");
                }
            }
        }
        alias.name = drop_possessives(alias.name);
        rows.push_back({std::move(alias), std::string(table.name), line_number});
    }
    return rows;
}

const CountryNames::Matching& CountryNames::matching() const {
    std::call_once(matching_built_, [this] { matching_ = build_matching(); });
    return *matching_;
}

std::unique_ptr<CountryNames::Matching> CountryNames::build_matching() const {
    auto built = std::make_unique<Matching>();
    std::vector<TableRow> rows;
    for (const auto& [name, text] : tables_) {
        std::vector<TableRow> more = parse_table(Table{name, text});
        std::move(more.begin(), more.end(), std::back_inserter(rows));
    }
    for (const char* const* code = icu::Locale::getISOCountries(); *code; ++code) {
        if (!is_country_code(*code)) continue;
        const char* alpha3 = icu::Locale("", *code).getISO3Country();
        if (alpha3 && *alpha3) built->alpha3[alpha3] = *code;
    }
    const std::set<std::string> table_keys = add_table_rows(*built, rows);
    add_icu_names(*built, collect_icu_names(codes_), table_keys);
    add_alpha3_codes(*built, table_keys);
    keep_only_resolving_suggestions(*built);
    return built;
}

std::set<std::string> CountryNames::add_table_rows(Matching& m, const std::vector<TableRow>& rows) const {
    std::set<std::string> table_keys;
    for (const auto& [row, file, line_number] : rows) {
        Alias alias = row;
        const std::vector<std::string> terms = terms_of(alias.name);
        if (terms.empty())
            throw std::invalid_argument(file + " line " + std::to_string(line_number) + ": alias '" +
                                        alias.name + "' has no words (expected: id<TAB>country|org|none<TAB>alias<TAB>flags)");
        const std::string key = join(terms);
        table_keys.insert(key);
        if (alias.kind == Kind::country) {
            const auto [it, inserted] = m.country_by_key.emplace(key, alias.id);
            if (!inserted && it->second != alias.id) it->second.clear();  // "中美": CN and US
            m.country_names.push_back({key, alias.name});
        } else if (alias.kind == Kind::none) {
            m.country_by_key[key].clear();  // "Congo": no single country
        } else if (alias.kind == Kind::org) {
            const auto [it, inserted] = m.org_by_key.emplace(key, alias.id);
            if (!inserted && it->second != alias.id) it->second.clear();
            m.org_list.push_back({key, alias.name});
        }
        const auto value = static_cast<std::uint32_t>(m.aliases.size());
        m.add_alias(std::move(alias), terms);
        add_glued(m, m.aliases[value], value, terms.size());
    }
    return table_keys;
}

// "North Korea" also as "NorthKorea", "Saudi Arabia" as "SaudiArabia": a
// multi-word name whose words are all letters and all start with a capital
// also matches glued, exact case (CamelCase, as in hashtags and file names).
void CountryNames::add_glued(Matching& m, const Alias& alias, std::uint32_t value, std::size_t terms) {
    if (terms < 2 || alias.kind == Kind::none) return;
    std::string glued;
    for (std::string_view word : split(alias.name, ' ')) {
        if (word.empty() || !starts_capitalized(word)) return;
        const auto* s = reinterpret_cast<const uint8_t*>(word.data());
        const int32_t length = static_cast<int32_t>(word.size());
        for (int32_t i = 0; i < length;) {
            UChar32 c;
            U8_NEXT(s, i, length, c);
            if (c < 0 || !u_isalpha(c)) return;
        }
        glued.append(word);
    }
    MatchRule rule = alias.rule;
    rule.exact_case = true;
    rule.capitalized = false;
    rule.person_name_risk = false;
    rule.stem_language.clear();
    m.matcher.add(glued, value, rule);
    const std::string key = key_of(glued);
    m.known_terms.insert(key);
    if (alias.kind == Kind::country) m.country_by_key.emplace(key, alias.id);
    else m.org_by_key.emplace(key, alias.id);
}

// Every ISO alpha-3 code ("PRK", "IRN"), exact case, unless the table has a
// row with the same words ("USA") or lists it as a word ("CAN": none).
void CountryNames::add_alpha3_codes(Matching& m, const std::set<std::string>& table_keys) const {
    for (const auto& [code3, code] : m.alpha3) {
        const std::vector<std::string> terms = terms_of(code3);
        if (terms.size() != 1 || table_keys.count(terms.front())) continue;
        Alias alias;
        alias.id = code;
        alias.kind = Kind::country;
        alias.name = code3;
        alias.rule.exact_case = true;
        alias.alpha3 = true;
        m.add_alias(std::move(alias), terms);
    }
}

void CountryNames::add_icu_names(Matching& m, const std::map<std::string, IcuName>& names,
                                 const std::set<std::string>& table_keys) {
    for (const auto& [key, candidate] : names) {
        const std::string code = candidate.codes.size() == 1 ? *candidate.codes.begin() : std::string();
        // Lookups: the table's reading of a name wins; a name ICU gives to
        // two regions ("Congo") names neither.
        if (!m.country_by_key.count(key)) m.country_by_key.emplace(key, code);
        if (code.empty()) continue;
        m.country_names.push_back({key, candidate.name});
        if (table_keys.count(key)) continue;  // the table's row decides how it matches
        const std::vector<std::string> terms = split_terms(key);
        const auto value = static_cast<std::uint32_t>(m.aliases.size());
        m.add_alias(icu_alias(code, key, terms, candidate), terms);
        add_glued(m, m.aliases[value], value, terms.size());
        ++m.icu_names;
    }
}

CountryNames::Alias CountryNames::icu_alias(const std::string& code, const std::string& key,
                                            const std::vector<std::string>& terms, const IcuName& candidate) {
    Alias alias;
    alias.id = code;
    alias.kind = Kind::country;
    alias.name = candidate.name;
    alias.rule.capitalized = candidate.capitalized;
    // A short name in a cased script is a word in too many languages
    // ("Nga", "Fas", "Áo"): only in documents of the languages that
    // use it.
    if (terms.size() == 1 && code_point_count(key) <= 3 && u_hasBinaryProperty(first_code_point(key), UCHAR_CASED))
        alias.rule.languages.assign(candidate.languages.begin(), candidate.languages.end());
    // Russian names decline ("России", "Китаем"): compare stems too,
    // unless a stem is so short that it is also a common word ("Мали"
    // and "мало", "Куба" and "куб").
    if (candidate.russian) {
        const std::string stems = stem_key(terms, "ru");
        const std::vector<std::string_view> each = split(stems, ' ');
        if (std::all_of(each.begin(), each.end(), [](std::string_view stem) { return code_point_count(stem) >= 4; }))
            alias.rule.stem_language = "ru";
    }
    return alias;
}

void CountryNames::keep_only_resolving_suggestions(Matching& m) {
    std::erase_if(m.country_names, [&](const Known& known) { return m.country_by_key[known.key].empty(); });
    std::erase_if(m.org_list, [&](const Known& known) { return m.org_by_key[known.key].empty(); });
}

const CountryNames& CountryNames::builtin() {
    static const CountryNames names({Table{"countries.tsv", embedded_data("countries.tsv")},
                                     Table{"demonyms.tsv", embedded_data("demonyms.tsv")}},
                                    Deferred{});
    return names;
}

// ---------------------------------------------------------------- matching

std::vector<Token> CountryNames::refine(const Matching& matching, const std::vector<Token>& tokens,
                                       std::string_view text) const {
    std::vector<Token> out = tokens;
    narrow_to_word_parts(out, text);
    for (Token& token : out) strip_glued_particles(matching.known_terms, token, text);
    return out;
}

bool CountryNames::person_name_context(const std::vector<Token>& tokens, std::size_t first, std::string_view text,
                                       std::string_view lang) const {
    // The matcher lets "Michael Jordan" through when "Michael" starts the
    // sentence (it may be capitalized only for that). A sentence-initial
    // word that is not a stop word ("In", "The", "Dan") is read as a first
    // name.
    if (first == 0) return false;
    const Token& previous = tokens[first - 1];
    if (previous.word == tokens[first].word) return false;
    if (!same_phrase(text.substr(previous.end, tokens[first].begin - previous.end))) return false;
    if (!starts_capitalized(text.substr(previous.begin, previous.end - previous.begin))) return false;
    const bool sentence_start =
        first < 2 || !same_phrase(text.substr(tokens[first - 2].end, previous.begin - tokens[first - 2].end));
    if (!sentence_start) return true;
    for (const std::string_view code : {lang, std::string_view("en")}) {
        if (const Xapian::Stopper* stopper = stopper_for(code); stopper && (*stopper)(previous.term)) return false;
    }
    return true;
}

bool CountryNames::among_capital_words(const std::vector<Token>& tokens, const PhraseMatch& match,
                                       std::string_view text) const {
    // "WE ARE READY": a code between all-capital words is one of them. A
    // neighbour that is itself a code ("IRN, PRK") does not count.
    const auto capital_word = [&](const Token& token) {
        const std::string_view word = text.substr(token.begin, token.end - token.begin);
        return all_capital_word(word) && !matching().alpha3.count(std::string(word));
    };
    if (match.first_token > 0 && tokens[match.first_token - 1].word != tokens[match.first_token].word &&
        capital_word(tokens[match.first_token - 1]))
        return true;
    return match.last_token < tokens.size() && tokens[match.last_token].word != tokens[match.last_token - 1].word &&
           capital_word(tokens[match.last_token]);
}

void CountryNames::find(const std::vector<Token>& tokens, std::string_view text, std::string_view lang,
                        std::vector<EntityMention>& out) const {
    const Matching& tables = matching();
    const std::vector<Token> refined = refine(tables, tokens, text);
    const std::vector<PhraseMatch> matches = tables.matcher.find(refined, text, lang);

    // The names found, in text order, before the rules that need the whole
    // text.
    std::vector<const PhraseMatch*> found;
    for (std::size_t i = 0; i < matches.size();) {
        std::size_t j = i + 1;
        while (j < matches.size() && matches[j].first_token == matches[i].first_token) ++j;
        // A "none" name at the same place vetoes the others ("Того" is a
        // pronoun before it is Togo).
        const bool vetoed = std::any_of(matches.begin() + static_cast<std::ptrdiff_t>(i),
                                        matches.begin() + static_cast<std::ptrdiff_t>(j),
                                        [&](const PhraseMatch& match) { return tables.aliases[match.value].kind == Kind::none; });
        if (!vetoed) {
            for (std::size_t k = i; k < j; ++k) {
                const Alias& alias = tables.aliases[matches[k].value];
                if (alias.rule.person_name_risk && person_name_context(refined, matches[k].first_token, text, lang))
                    continue;
                found.push_back(&matches[k]);
            }
        }
        i = j;
    }

    // Whole-text facts: the states named (for yields_to) and the acronyms
    // the text defines as something else ("Minuteman Senior Services (MSS)").
    std::set<std::string_view> states_named;
    std::set<std::string_view> acronyms_checked;
    std::set<std::string_view> acronyms_defined_otherwise;
    for (const PhraseMatch* match : found) {
        const Alias& alias = tables.aliases[match->value];
        if (alias.state) states_named.insert(alias.id);
        if (!alias.rule.exact_case || alias.name.size() < 2 || alias.name.size() > 8 ||
            !std::all_of(alias.name.begin(), alias.name.end(), [](char c) { return c >= 'A' && c <= 'Z'; }) ||
            !acronyms_checked.insert(alias.name).second)
            continue;
        const std::string parenthesized = "(" + alias.name + ")";
        for (std::size_t at = text.find(parenthesized); at != std::string_view::npos;
             at = text.find(parenthesized, at + 1)) {
            // "Ministry of State Security (MSS)": the agency's own name right
            // before it confirms it.
            const bool own_name = std::any_of(found.begin(), found.end(), [&](const PhraseMatch* other) {
                return other->end <= at && tables.aliases[other->value].id == alias.id &&
                       same_phrase(text.substr(other->end, at - other->end));
            });
            if (own_name) continue;
            // The initials of the capitalized words before it spell it.
            std::string initials;
            std::size_t previous_end = at;
            std::size_t last_word = static_cast<std::size_t>(-1);
            for (std::size_t t = refined.size(); t-- > 0 && initials.size() < alias.name.size();) {
                const Token& token = refined[t];
                if (token.end > at || token.word == last_word) continue;
                if (!same_phrase(text.substr(token.end, previous_end - token.end))) break;
                last_word = token.word;
                previous_end = token.begin;
                const std::string_view word = text.substr(token.begin, token.end - token.begin);
                if (starts_capitalized(word)) initials.insert(initials.begin(), ascii_upper(word.substr(0, 1))[0]);
                else if (!is_initials_filler(token.term)) break;
            }
            if (initials == alias.name) {
                acronyms_defined_otherwise.insert(alias.name);
                break;
            }
        }
    }

    const auto previous_country_touches = [&](std::size_t index) {
        const PhraseMatch& match = *found[index];
        for (std::size_t k = index; k-- > 0;) {
            const PhraseMatch& before = *found[k];
            if (before.first_token == match.first_token) continue;
            return before.last_token == match.first_token && tables.aliases[before.value].kind == Kind::country &&
                   tables.aliases[before.value].id != tables.aliases[match.value].id &&
                   adjacent_words(text.substr(before.end, match.begin - before.end));
        }
        return false;
    };
    const auto names_a_treaty = [&](const PhraseMatch& match) {
        const std::size_t next = match.last_token;
        if (next < refined.size() && refined[next].word != refined[next - 1].word &&
            same_phrase(text.substr(refined[next - 1].end, refined[next].begin - refined[next - 1].end)) &&
            is_treaty_word(refined[next].term))
            return true;
        const std::size_t first = match.first_token;
        return first >= 2 && refined[first - 1].term == "of" && is_treaty_word(refined[first - 2].term);
    };

    std::size_t group_start = out.size();
    std::size_t group_token = static_cast<std::size_t>(-1);
    for (std::size_t index = 0; index < found.size(); ++index) {
        const PhraseMatch& match = *found[index];
        const Alias& alias = tables.aliases[match.value];
        if (!alias.yields_to.empty() && states_named.count(alias.yields_to)) continue;
        if (alias.generic && previous_country_touches(index)) continue;
        if (alias.place && names_a_treaty(match)) continue;
        if (alias.alpha3 && among_capital_words(refined, match, text)) continue;
        if (acronyms_defined_otherwise.count(alias.name)) continue;
        if (alias.kind == Kind::country && (is_currency_sign(first_code_point(text.substr(match.end))) ||
                                            is_currency_sign(last_code_point(text.substr(0, match.begin)))))
            continue;
        if (match.first_token != group_token) {
            group_token = match.first_token;
            group_start = out.size();
        }
        const Facet facet = alias.kind == Kind::org ? Facet::org : Facet::country;
        const bool seen = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(group_start), out.end(),
                                      [&](const EntityMention& m) { return m.facet == facet && m.id == alias.id; });
        if (!seen) out.push_back({facet, alias.id, match.begin, match.end});
    }
}

// ---------------------------------------------------------------- lookups

std::optional<std::string> CountryNames::country_code(std::string_view name) const {
    name = trim(name);
    if (name.empty()) return std::nullopt;
    const std::string upper = ascii_upper(name);
    if (upper.size() == 2 && codes_.count(upper)) return upper;
    if (upper.size() == 3)
        if (const auto it = matching().alpha3.find(upper); it != matching().alpha3.end()) return it->second;
    return lookup(name, matching().country_by_key, matching().country_by_stem);
}

std::optional<std::string> CountryNames::org_id(std::string_view name) const {
    name = trim(name);
    if (name.empty()) return std::nullopt;
    const std::string upper = ascii_upper(name);
    if (org_names_.count(upper)) return upper;
    return lookup(name, matching().org_by_key, matching().org_by_stem);
}

std::string CountryNames::country_display_name(std::string_view code, std::string_view display_lang) const {
    const std::string upper = ascii_upper(trim(code));
    if (!codes_.count(upper)) return std::string(code);
    std::string tag(display_lang);
    std::replace(tag.begin(), tag.end(), '_', '-');
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_FAILURE(status) || tag.empty()) locale = icu::Locale("en");
    const icu::Locale region("", upper.c_str());
    icu::UnicodeString display;
    std::string name = to_utf8(region.getDisplayCountry(locale, display));
    if (name.empty() || name == upper) {
        display.remove();
        name = to_utf8(region.getDisplayCountry(icu::Locale("en"), display));
    }
    return name.empty() ? upper : name;
}

std::string CountryNames::org_display_name(std::string_view id) const {
    const auto it = org_names_.find(ascii_upper(trim(id)));
    return it == org_names_.end() ? std::string(id) : it->second;
}

std::optional<std::string> CountryNames::lookup(std::string_view name, const KeyMap& by_key,
                                                const StemMap& by_stem) {
    const std::vector<std::string> terms = terms_of(drop_possessives(trim(name)));
    if (terms.empty()) return std::nullopt;
    if (const auto it = by_key.find(join(terms)); it != by_key.end())
        return it->second.empty() ? std::nullopt : std::optional<std::string>(it->second);
    // Inflected forms: "России", "российских", "Europäischen Union".
    for (const auto& [lang, keys] : by_stem)
        if (const auto it = keys.find(stem_key(terms, lang)); it != keys.end() && !it->second.empty())
            return it->second;
    return std::nullopt;
}

std::vector<std::string> CountryNames::nearest(const std::vector<Known>& names, std::string_view name,
                                               std::size_t max) {
    std::vector<std::string> result;
    const std::u32string wanted = code_points(key_of(name));
    if (wanted.empty() || max == 0) return result;
    // (distance, length, name)
    std::vector<std::tuple<std::size_t, std::size_t, const std::string*>> scored;
    std::set<std::string_view> seen;
    std::size_t limit = std::max<std::size_t>(wanted.size(), 8);
    for (const Known& known : names) {
        if (!seen.insert(known.key).second) continue;  // "UN" and "U.N." once
        const std::u32string candidate = code_points(known.key);
        const std::size_t distance = edit_distance(wanted, candidate, limit);
        if (distance > limit) continue;
        scored.emplace_back(distance, candidate.size(), &known.name);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) < std::get<0>(b);
        if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) < std::get<1>(b);
        return *std::get<2>(a) < *std::get<2>(b);
    });
    for (const auto& entry : scored) {
        if (result.size() == max) break;
        result.push_back(*std::get<2>(entry));
    }
    return result;
}

std::vector<std::string> CountryNames::nearest_country_names(std::string_view name, std::size_t max) const {
    return nearest(matching().country_names, name, max);
}

std::vector<std::string> CountryNames::nearest_org_names(std::string_view name, std::size_t max) const {
    return nearest(matching().org_list, name, max);
}

}  // namespace dossier
