// SPDX-License-Identifier: MIT
#include "entities/gazetteer.h"
#include "base/strings.h"
#include "base/utf8.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "base/embedded_data.h"
#include "base/error.h"

namespace dossier {

namespace {

using json = nlohmann::json;

constexpr int kFormatVersion = kGazetteerFormatVersion;
constexpr int kMinYear = kGazetteerMinYear;
constexpr int kMaxYear = kGazetteerMaxYear;
// Value registered in the matcher for "exclude" phrases: a match hides
// whatever shorter alias it covers and reports nothing.
constexpr std::uint32_t kExcluded = std::numeric_limits<std::uint32_t>::max();
// Bit of a matcher value set for an alias that counts only in context.
constexpr std::uint32_t kNeedsContext = 0x80000000U;

// Case-folded code points, for spelling distances.
std::vector<char32_t> folded(std::string_view text) {
    std::vector<char32_t> out = code_points(text);
    for (char32_t& c : out) c = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
    return out;
}

std::string name_key(std::string_view text) { return gazetteer_name_key(text); }

// A letter or digit in `text`: what a name needs to be matched (checked
// without analyzing it, so that reading the built-in ~3,300 entries stays
// cheap).
bool has_letter_or_digit(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && u_isalnum(c)) return true;
    }
    return false;
}

// Ids become index terms (XA<id>), which Xapian bounds at 245 bytes.
constexpr std::size_t kMaxIdBytes = 120;

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > kMaxIdBytes) return false;
    const auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(id.front())) return false;
    return std::all_of(id.begin(), id.end(), [&](char c) { return alnum(c) || c == '-'; });
}

bool valid_country(std::string_view code) {
    return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

std::string_view kind_name(Facet kind) { return kind == Facet::actor ? "actor" : "incident"; }

// "[json.exception.parse_error.101] parse error at ..." -> "parse error at ...".
std::string json_message(const std::exception& e) {
    std::string message = e.what();
    if (message.rfind("[json.exception.", 0) == 0) {
        const std::size_t end = message.find("] ");
        if (end != std::string::npos) message.erase(0, end + 2);
    }
    return message;
}

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

// Reads one gazetteer document into entries to merge, or throws UsageError
// naming `source` and the entry.
class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    struct Item {
        GazetteerEntry entry;
        bool has_kind = false, has_name = false, has_years = false, has_actor = false, has_country = false;
    };

    std::vector<Item> read(std::string_view text) {
        // Entries are read as the parser finishes each and then dropped
        // from the document: the built-in MISP part (~1 MB of JSON) never
        // stands whole in memory as a JSON tree.
        std::vector<Item> items;
        std::map<std::string, std::size_t> seen;
        std::string top_key;
        bool in_entries = false;  // inside the top-level "entries" array
        std::size_t index = 0;
        const auto take = [&](int depth, json::parse_event_t event, json& parsed) {
            if (depth == 1 && event == json::parse_event_t::key) {
                top_key = parsed.get<std::string>();
                return true;
            }
            if (depth == 1 && event == json::parse_event_t::array_start) in_entries = top_key == "entries";
            if (depth <= 1 && event != json::parse_event_t::array_start) in_entries = false;
            if (depth != 2 || !in_entries) return true;
            if (event == json::parse_event_t::object_end || event == json::parse_event_t::array_end ||
                event == json::parse_event_t::value) {
                Item item = read_entry(parsed, index);
                if (const auto it = seen.find(item.entry.id); it != seen.end())
                    fail_entry(index, item.entry.id, "duplicate id (also entries[" + std::to_string(it->second) + "])");
                seen.emplace(item.entry.id, index);
                items.push_back(std::move(item));
                ++index;
                return false;
            }
            return true;
        };
        json document;
        try {
            document = json::parse(text.begin(), text.end(), take);
        } catch (const json::exception& e) {
            fail("not valid JSON: " + json_message(e));
        }
        if (!document.is_object()) fail("not a gazetteer: expected a JSON object {\"version\": 1, \"entries\": [...]}");
        for (const auto& [key, value] : document.items())
            if (key != "version" && key != "entries" && key != "description")
                fail("unknown key " + quote_text(key) + " (expected \"version\", \"entries\", \"description\")");
        const auto version = document.find("version");
        if (version == document.end()) fail("missing \"version\" (this dossier reads version 1)");
        if (!version->is_number_integer() || version->get<long long>() != kFormatVersion)
            fail("unsupported \"version\" " + version->dump() + " (this dossier reads version 1)");
        const auto entries = document.find("entries");
        if (entries == document.end()) fail("missing \"entries\" (an array of entries)");
        if (!entries->is_array()) fail("\"entries\" must be an array");
        return items;
    }

    [[noreturn]] void fail(const std::string& what) const { throw UsageError(source_ + ": " + what); }

    [[noreturn]] void fail_entry(std::size_t index, std::string_view id, const std::string& what) const {
        std::string where = "entries[" + std::to_string(index) + "]";
        if (!id.empty()) where += " (" + quote_text(id) + ")";
        fail(where + ": " + what);
    }

private:
    Item read_entry(const json& value, std::size_t index) {
        if (!value.is_object()) fail_entry(index, "", "an entry must be a JSON object");
        Item item;
        GazetteerEntry& entry = item.entry;
        const auto id = value.find("id");
        if (id == value.end()) fail_entry(index, "", "missing \"id\"");
        if (!id->is_string()) fail_entry(index, "", "\"id\" must be a string");
        entry.id = id->get<std::string>();
        if (!valid_id(entry.id))
            fail_entry(index, entry.id, "\"id\" must be lower-case letters, digits and '-', starting with a letter or digit, at most 120 bytes");
        const auto bad = [&](const std::string& what) { fail_entry(index, entry.id, what); };

        for (const auto& [key, field] : value.items()) {
            if (key == "id") continue;
            if (key == "kind") {
                if (!field.is_string()) bad("\"kind\" must be \"incident\" or \"actor\"");
                const std::string kind = field.get<std::string>();
                if (kind == "incident") entry.kind = Facet::incident;
                else if (kind == "actor") entry.kind = Facet::actor;
                else bad("\"kind\" must be \"incident\" or \"actor\", not " + quote_text(kind));
                item.has_kind = true;
            } else if (key == "name") {
                if (!field.is_string() || !has_letter_or_digit(field.get<std::string>()))
                    bad("\"name\" must be a non-empty string with letters or digits");
                entry.name = field.get<std::string>();
                item.has_name = true;
            } else if (key == "years") {
                if (!field.is_array()) bad("\"years\" must be an array of years, e.g. [2017]");
                for (const json& year : field) {
                    if (!year.is_number_integer() || year.get<long long>() < kMinYear || year.get<long long>() > kMaxYear)
                        bad("\"years\" must hold whole years from " + std::to_string(kMinYear) + " to " +
                            std::to_string(kMaxYear) + ", not " + year.dump());
                    entry.years.push_back(year.get<int>());
                }
                std::sort(entry.years.begin(), entry.years.end());
                entry.years.erase(std::unique(entry.years.begin(), entry.years.end()), entry.years.end());
                item.has_years = true;
            } else if (key == "aliases") {
                if (!field.is_array()) bad("\"aliases\" must be an array of names");
                for (std::size_t k = 0; k < field.size(); ++k) entry.names.push_back(read_alias(field[k], index, entry.id, k));
            } else if (key == "exclude") {
                if (!field.is_array()) bad("\"exclude\" must be an array of phrases");
                for (const json& phrase : field) {
                    if (!phrase.is_string() || !has_letter_or_digit(phrase.get<std::string>()))
                        bad("\"exclude\" must hold non-empty phrases, not " + phrase.dump());
                    entry.exclude.push_back(phrase.get<std::string>());
                }
            } else if (key == "actor") {
                if (!field.is_string() || (!field.get<std::string>().empty() && !valid_id(field.get<std::string>())))
                    bad("\"actor\" must be the id of an actor (lower-case letters, digits, '-') or \"\"");
                entry.actor = field.get<std::string>();
                item.has_actor = true;
            } else if (key == "country") {
                if (!field.is_string() || (!field.get<std::string>().empty() && !valid_country(field.get<std::string>())))
                    bad("\"country\" must be an ISO 3166-1 alpha-2 code such as \"RU\", or \"\", not " + field.dump());
                entry.country = field.get<std::string>();
                item.has_country = true;
            } else if (key == "note") {
                if (!field.is_string()) bad("\"note\" must be a string");
            } else {
                bad("unknown key " + quote_text(key) +
                    " (expected id, kind, name, years, aliases, exclude, actor, country, note)");
            }
        }
        return item;
    }

    GazetteerAlias read_alias(const json& value, std::size_t index, const std::string& id, std::size_t k) {
        const auto bad = [&](const std::string& what) {
            fail_entry(index, id, "aliases[" + std::to_string(k) + "]: " + what);
        };
        GazetteerAlias alias;
        if (value.is_string()) {
            alias.text = value.get<std::string>();
            alias.rule = default_alias_rule(alias.text);
        } else if (value.is_object()) {
            const auto text = value.find("text");
            if (text == value.end() || !text->is_string()) bad("an alias object needs \"text\" (a string)");
            alias.text = text->get<std::string>();
            alias.rule = default_alias_rule(alias.text);
            for (const auto& [key, field] : value.items()) {
                if (key == "text") continue;
                const auto flag = [&, &key = key, &field = field](bool& out) {  // clang < 16 cannot capture bindings
                    if (!field.is_boolean()) bad(quote_text(key) + " must be true or false");
                    out = field.get<bool>();
                };
                if (key == "exact_case") flag(alias.rule.exact_case);
                else if (key == "capitalized") flag(alias.rule.capitalized);
                else if (key == "person_name") flag(alias.rule.person_name_risk);
                else if (key == "languages") {
                    if (!field.is_array()) bad("\"languages\" must be an array of language codes, e.g. [\"id\"]");
                    for (const json& lang : field) {
                        if (!lang.is_string() || lang.get<std::string>().empty())
                            bad("\"languages\" must hold language codes, not " + lang.dump());
                        alias.rule.languages.push_back(lang.get<std::string>());
                    }
                } else if (key == "stem_language") {
                    if (!field.is_string()) bad("\"stem_language\" must be a language code such as \"ru\"");
                    alias.rule.stem_language = field.get<std::string>();
                } else if (key == "context") {
                    flag(alias.context);
                } else {
                    bad("unknown key " + quote_text(key) +
                        " (expected text, exact_case, capitalized, person_name, languages, stem_language, context)");
                }
            }
        } else {
            bad("must be a string or an object {\"text\": ...}");
        }
        if (!has_letter_or_digit(alias.text)) bad("has no letters or digits");
        return alias;
    }

    std::string source_;
};

void add_alias(GazetteerEntry& entry, const GazetteerAlias& alias) {
    for (const GazetteerAlias& known : entry.names)
        if (known.text == alias.text) return;
    entry.names.push_back(alias);
    entry.aliases.push_back(alias.text);
}

// Merges `items` (already validated on their own) into `entries`; with
// `keep_fields`, an existing entry only gets aliases and exclusions (the
// built-in MISP import never changes a hand-written entry's fields).
void merge_items(std::vector<GazetteerEntry>& entries, std::vector<Reader::Item> items, const Reader& reader,
                 bool keep_fields = false) {
    std::unordered_map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < entries.size(); ++i) by_id.emplace(entries[i].id, i);
    entries.reserve(entries.size() + items.size());
    for (std::size_t index = 0; index < items.size(); ++index) {
        Reader::Item& item = items[index];
        GazetteerEntry& incoming = item.entry;
        const auto found = by_id.find(incoming.id);
        if (found == by_id.end()) {
            if (!item.has_kind) reader.fail_entry(index, incoming.id, "missing \"kind\" (\"incident\" or \"actor\") for a new id");
            if (!item.has_name) reader.fail_entry(index, incoming.id, "missing \"name\" for a new id");
            GazetteerEntry entry = std::move(incoming);
            const std::vector<GazetteerAlias> names = std::move(entry.names);
            entry.names.clear();
            entry.aliases.clear();
            for (const GazetteerAlias& alias : names) add_alias(entry, alias);
            by_id.emplace(entry.id, entries.size());
            entries.push_back(std::move(entry));
            continue;
        }
        GazetteerEntry& entry = entries[found->second];
        if (item.has_kind && incoming.kind != entry.kind)
            reader.fail_entry(index, incoming.id,
                              "\"kind\" " + quote_text(kind_name(incoming.kind)) + " differs from the existing " +
                                  std::string(kind_name(entry.kind)) + " with this id");
        if (!keep_fields) {
            if (item.has_name) entry.name = incoming.name;
            if (item.has_years) entry.years = incoming.years;
            if (item.has_actor) entry.actor = incoming.actor;
            if (item.has_country) entry.country = incoming.country;
        }
        for (const GazetteerAlias& alias : incoming.names) add_alias(entry, alias);
        for (const std::string& phrase : incoming.exclude)
            if (std::find(entry.exclude.begin(), entry.exclude.end(), phrase) == entry.exclude.end())
                entry.exclude.push_back(phrase);
    }
}

// Optimal string alignment distance (edits and adjacent transpositions).
std::size_t spelling_distance(const std::vector<char32_t>& a, const std::vector<char32_t>& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[n][m];
}



// Other spellings of an alias that name the same thing (see "Variants" in
// gazetteer.h): glued ("SyrianElectronicArmy"), CamelCase of three parts
// or more spaced ("Syrian Electronic Army") and letters split from
// trailing digits ("APT 28", in the alias's capitals when they are all
// capitals: never "Apt 1").
std::vector<GazetteerAlias> alias_variants(const GazetteerAlias& alias, const std::vector<Token>& tokens) {
    std::vector<GazetteerAlias> out;
    const std::string_view text = alias.text;
    if (tokens.size() >= 2) {
        std::string glued;
        const auto* s = reinterpret_cast<const uint8_t*>(text.data());
        const auto length = static_cast<int32_t>(text.size());
        for (int32_t i = 0; i < length;) {
            const int32_t start = i;
            UChar32 c;
            U8_NEXT(s, i, length, c);
            if (c >= 0 && (u_isalnum(c) || u_getCombiningClass(c) > 0))
                glued.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
        }
        // Only where the glued form is one word (not in Chinese, where the
        // alias has no spaces to take out).
        if (analyze(glued).size() == 1) out.push_back({glued, alias.rule, alias.context});
    }
    // One word of three or more CamelCase parts ("SyrianElectronicArmy"),
    // spaced; not two ("DarkSide" is no "Dark Side").
    if (tokens.size() == 1) {
        const std::vector<char32_t> points = code_points(text);
        std::u32string spaced;
        std::size_t parts = 1, part_letters = 0;
        bool ok = true;
        for (std::size_t k = 0; k < points.size() && ok; ++k) {
            const auto c = static_cast<UChar32>(points[k]);
            if (!u_isalpha(c)) ok = false;
            else if (k > 0 && u_isupper(c) && u_islower(static_cast<UChar32>(points[k - 1]))) {
                ok = part_letters >= 2;
                ++parts;
                part_letters = 0;
                spaced += U' ';
            }
            ++part_letters;
            spaced += points[k];
        }
        if (ok && parts >= 3 && part_letters >= 2) {
            // With the alias's capitals: "Syrian Electronic Army", never
            // "How are you" for "HowAreYou".
            MatchRule rule = alias.rule;
            rule.exact_case = true;
            std::string spaced_text;
            for (const char32_t c : spaced) {
                uint8_t buffer[4];
                int32_t length = 0;
                UBool error = false;
                U8_APPEND(buffer, length, 4, static_cast<UChar32>(c), error);
                if (!error) spaced_text.append(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(length));
            }
            out.push_back({spaced_text, rule, alias.context});
        }
    }
    std::string split;
    std::size_t copied = 0;
    bool upper_letters = true;
    for (const Token& token : tokens) {
        const std::vector<char32_t> points = code_points(text.substr(token.begin, token.end - token.begin));
        std::size_t letters = 0;
        while (letters < points.size() && u_isalpha(static_cast<UChar32>(points[letters]))) ++letters;
        std::size_t digits = letters;
        while (digits < points.size() && u_isdigit(static_cast<UChar32>(points[digits]))) ++digits;
        if (letters == 0 || digits == letters || digits != points.size()) continue;
        for (std::size_t k = 0; k < letters; ++k)
            if (!u_isupper(static_cast<UChar32>(points[k]))) upper_letters = false;
        std::size_t cut = token.begin;  // byte offset of the first digit
        for (std::size_t k = 0; k < letters; ++k) {
            UChar32 c = static_cast<UChar32>(points[k]);
            cut += static_cast<std::size_t>(U8_LENGTH(c));
        }
        split.append(text.substr(copied, cut - copied));
        split += ' ';
        copied = cut;
    }
    // Only codes in capitals ("APT 28"; not "Group 3" for "Group3", whose
    // words a page number may follow).
    if (copied > 0 && upper_letters) {
        split.append(text.substr(copied));
        MatchRule rule = alias.rule;
        rule.exact_case = true;
        out.push_back({split, rule, alias.context});
    }
    return out;
}

// Terms that put a context alias in context when right before or after it.
const std::unordered_map<std::string, bool>& cue_terms() {
    // term -> whether it counts in capitals too (APT) or only in lower case.
    static const std::unordered_map<std::string, bool> cues = [] {
        std::unordered_map<std::string, bool> out;
        for (const char* word : {"group", "groups", "gang", "gangs", "hackers", "hacker", "hacktivists", "hacktivist",
                                 "hacking", "actor", "actors", "crew", "operators", "affiliates", "ransomware",
                                 "collective", "gruppe", "groupe", "grupo", "gruppo", "kelompok", "peretas",
                                 "группировка", "группировки", "хакеры"})
            for (const Token& token : analyze(word)) out.emplace(token.term, false);
        out["apt"] = true;
        return out;
    }();
    return cues;
}

// Only white space and quotation marks in `between`.
bool spaces_or_quotes(std::string_view between) {
    for (const char32_t c : code_points(between)) {
        const auto u = static_cast<UChar32>(c);
        if (!u_isUWhiteSpace(u) && !u_hasBinaryProperty(u, UCHAR_QUOTATION_MARK)) return false;
    }
    return true;
}

bool is_cue(const Token& token, std::string_view text) {
    const auto& cues = cue_terms();
    const auto it = cues.find(token.term);
    if (it == cues.end()) return false;
    if (it->second) return true;
    const std::vector<char32_t> first = code_points(text.substr(token.begin, std::min<std::size_t>(4, token.end - token.begin)));
    return !first.empty() && !u_isupper(static_cast<UChar32>(first.front()));
}

// A cue word right before or right after tokens [first, last), which do not
// start a sentence unless written in capitals ("One group of States ..." is
// no actor "One"; "SEA hackers ..." is).
bool next_to_cue(const std::vector<Token>& tokens, std::size_t first, std::size_t last, std::string_view text) {
    const bool sentence_start = first == 0 || [&] {
        const std::string_view between = text.substr(tokens[first - 1].end, tokens[first].begin - tokens[first - 1].end);
        return between.find_first_of(".!?:;\n") != std::string_view::npos;
    }();
    if (sentence_start) {
        for (const char32_t c : code_points(text.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin)))
            if (u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASED) && !u_isupper(static_cast<UChar32>(c))) return false;
    }
    if (first > 0) {
        const Token& before = tokens[first - 1];
        if (before.end <= tokens[first].begin && spaces_or_quotes(text.substr(before.end, tokens[first].begin - before.end)) &&
            is_cue(before, text))
            return true;
    }
    if (last < tokens.size()) {
        const Token& after = tokens[last];
        const Token& end = tokens[last - 1];
        if (end.end <= after.begin && spaces_or_quotes(text.substr(end.end, after.begin - end.end)) && is_cue(after, text))
            return true;
    }
    return false;
}

}  // namespace

std::string gazetteer_name_key(std::string_view text) {
    std::string key;
    for (const Token& token : analyze(text)) {
        if (!key.empty()) key += ' ';
        key += token.term;
    }
    return key;
}

MatchRule default_alias_rule(std::string_view alias) {
    MatchRule rule;
    std::size_t letters = 0, words = 0;
    bool all_upper = true, digits = false, in_word = false;
    for (const char32_t c : code_points(alias)) {
        const auto u = static_cast<UChar32>(c);
        if (u_isUWhiteSpace(u)) {
            in_word = false;
            continue;
        }
        if (u_isdigit(u)) digits = true;
        if (!u_isalpha(u)) continue;
        if (!in_word) ++words;
        in_word = true;
        ++letters;
        if (!u_hasBinaryProperty(u, UCHAR_CASED) || !u_isupper(u)) all_upper = false;
    }
    // A word its source writes in capitals ("PRISM", "DNC") matches only in
    // capitals: "the prism of history" is no incident. Several words in
    // capitals are a name written in capitals ("EMISSARY PANDA", MISP's
    // style): they match as a capitalized name.
    rule.exact_case = all_upper && !digits && letters >= 2 && words == 1;
    if (!rule.exact_case) {
        const std::vector<char32_t> points = code_points(alias);
        if (!points.empty()) {
            const auto first = static_cast<UChar32>(points.front());
            rule.capitalized = u_hasBinaryProperty(first, UCHAR_CASED) && (u_isupper(first) || u_istitle(first));
        }
    }
    return rule;
}

// ---------------------------------------------------------------------------
// Gazetteer

struct Gazetteer::Compiled {
    PhraseMatcher matcher;
    // (kind, name key) -> entry index (ids are found in entries_ itself).
    std::map<std::pair<Facet, std::string>, std::size_t> by_name;
};

Gazetteer::Gazetteer() : mutex_(std::make_unique<std::mutex>()) {}
Gazetteer::Gazetteer(const Gazetteer& other) : mutex_(std::make_unique<std::mutex>()) {
    const std::lock_guard lock(*other.mutex_);
    entries_ = other.entries_;
    misp_pending_ = other.misp_pending_.load();
    compiled_ = other.compiled_;
}
Gazetteer::Gazetteer(Gazetteer&& other) noexcept
    : entries_(std::move(other.entries_)), mutex_(std::move(other.mutex_)), compiled_(std::move(other.compiled_)) {
    misp_pending_ = other.misp_pending_.exchange(false);
    other.mutex_ = std::make_unique<std::mutex>();
    other.entries_.reset();
    other.compiled_.reset();
}
Gazetteer& Gazetteer::operator=(const Gazetteer& other) {
    if (this != &other) {
        std::shared_ptr<const std::vector<GazetteerEntry>> entries;
        std::shared_ptr<const Compiled> compiled;
        bool pending = false;
        {
            const std::lock_guard other_lock(*other.mutex_);
            entries = other.entries_;
            compiled = other.compiled_;
            pending = other.misp_pending_.load();
        }
        const std::lock_guard lock(*mutex_);
        entries_ = std::move(entries);
        compiled_ = std::move(compiled);
        misp_pending_ = pending;
    }
    return *this;
}
Gazetteer& Gazetteer::operator=(Gazetteer&& other) noexcept {
    if (this != &other) {
        entries_ = std::move(other.entries_);
        compiled_ = std::move(other.compiled_);
        misp_pending_ = other.misp_pending_.exchange(false);
        other.entries_.reset();
        other.compiled_.reset();
    }
    return *this;
}
Gazetteer::~Gazetteer() = default;

const std::vector<GazetteerEntry>& Gazetteer::entries() const {
    static const std::vector<GazetteerEntry> none;
    complete();
    return entries_ ? *entries_ : none;
}

Gazetteer Gazetteer::handwritten() {
    static const std::shared_ptr<const std::vector<GazetteerEntry>> entries = [] {
        const std::string_view data = embedded_data("gazetteer.json");
        Gazetteer gazetteer;
        gazetteer.merge_json(data.empty() ? std::string_view(R"({"version":1,"entries":[]})") : data,
                             "data/gazetteer.json (built in)");
        return gazetteer.entries_;
    }();
    Gazetteer gazetteer;
    gazetteer.entries_ = entries;
    return gazetteer;
}

namespace {

// The hand-written entries and the MISP part (Gazetteer::builtin()), read once.
std::shared_ptr<const std::vector<GazetteerEntry>> builtin_entries() {
    static const std::shared_ptr<const std::vector<GazetteerEntry>> entries = [] {
        std::vector<GazetteerEntry> all = Gazetteer::handwritten().entries();
        // The MISP import comes second: it adds names to the hand-written
        // entries it shares ids with and never replaces their fields.
        if (const std::string_view misp = embedded_data("misp-gazetteer.json"); !misp.empty()) {
            Reader reader("data/misp-gazetteer.json (built in)");
            merge_items(all, reader.read(misp), reader, true);
        }
        return std::make_shared<const std::vector<GazetteerEntry>>(std::move(all));
    }();
    return entries;
}

}  // namespace

Gazetteer Gazetteer::builtin() {
    Gazetteer gazetteer = handwritten();
    gazetteer.misp_pending_ = !embedded_data("misp-gazetteer.json").empty();
    return gazetteer;
}

void Gazetteer::complete() const {
    if (!misp_pending_.load(std::memory_order_acquire)) return;
    const std::lock_guard lock(*mutex_);
    if (!misp_pending_.load(std::memory_order_relaxed)) return;
    entries_ = builtin_entries();
    compiled_.reset();
    misp_pending_.store(false, std::memory_order_release);
}

void Gazetteer::merge_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UsageError(file.string() + ": cannot read the gazetteer file (" + std::strerror(errno) + ")");
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw UsageError(file.string() + ": cannot read the gazetteer file");
    merge_json(text, file.string());
}

void Gazetteer::merge_json(std::string_view text, const std::string& source_name) {
    Reader reader(source_name);
    std::vector<Reader::Item> items = reader.read(text);
    std::vector<GazetteerEntry> merged = entries();
    merge_items(merged, std::move(items), reader);
    entries_ = std::make_shared<const std::vector<GazetteerEntry>>(std::move(merged));
    const std::lock_guard lock(*mutex_);
    compiled_.reset();
}

std::shared_ptr<const Gazetteer::Compiled> Gazetteer::compiled() const {
    const std::vector<GazetteerEntry>& list = entries();
    const std::lock_guard lock(*mutex_);
    if (compiled_) return compiled_;
    auto compiled = std::make_shared<Compiled>();
    std::set<std::string> registered;  // per entry: terms and rule of each name added
    for (std::size_t i = 0; i < list.size(); ++i) {
        const GazetteerEntry& entry = list[i];
        const auto value = static_cast<std::uint32_t>(i);
        registered.clear();
        const auto add = [&](const GazetteerAlias& alias, const std::vector<Token>& tokens) {
            std::string key;
            for (const Token& token : tokens) {
                if (!key.empty()) key += ' ';
                key += token.term;
            }
            if (key.empty()) return;
            compiled->by_name.emplace(std::make_pair(entry.kind, key), i);
            const MatchRule& rule = alias.rule;
            key += '\n';
            key += rule.exact_case ? (alias.text) : std::string(rule.capitalized ? "C" : "-");
            key += rule.person_name_risk ? 'P' : '-';
            key += alias.context ? 'X' : '-';
            for (const std::string& lang : rule.languages) key += "/" + lang;
            key += "|" + rule.stem_language;
            if (!registered.insert(key).second) return;
            compiled->matcher.add(alias.text, value | (alias.context ? kNeedsContext : 0), rule);
        };
        for (const GazetteerAlias& alias : entry.names) {
            const std::vector<Token> tokens = analyze(alias.text);
            add(alias, tokens);
            for (const GazetteerAlias& variant : alias_variants(alias, tokens)) add(variant, analyze(variant.text));
        }
        // The display name is looked up (find_entry) but not matched in text:
        // only aliases are, so a name like "Conti" needs no match flags.
        compiled->by_name.emplace(std::make_pair(entry.kind, name_key(entry.name)), i);
        for (const std::string& phrase : entry.exclude) compiled->matcher.add(phrase, kExcluded);
    }
    compiled_ = std::move(compiled);
    return compiled_;
}

void Gazetteer::find(const std::vector<Token>& tokens, std::string_view text, std::string_view lang,
                     std::vector<EntityMention>& out) const {
    const std::vector<GazetteerEntry>& list = entries();
    if (list.empty() || tokens.empty()) return;
    const auto state = compiled();
    const std::vector<PhraseMatch> matches = state->matcher.find(tokens, text, lang);
    // Entries the document names by an alias that needs no context, or by
    // one in context: their context aliases count everywhere in it.
    std::vector<std::uint32_t> named;
    for (const PhraseMatch& match : matches) {
        if (match.value == kExcluded) continue;
        const std::uint32_t index = match.value & ~kNeedsContext;
        if ((match.value & kNeedsContext) != 0 && !next_to_cue(tokens, match.first_token, match.last_token, text))
            continue;
        if (std::find(named.begin(), named.end(), index) == named.end()) named.push_back(index);
    }
    const std::size_t first_out = out.size();
    for (const PhraseMatch& match : matches) {
        if (match.value == kExcluded) continue;
        const std::uint32_t index = match.value & ~kNeedsContext;
        if (std::find(named.begin(), named.end(), index) == named.end()) continue;
        const GazetteerEntry& entry = list[index];
        // One mention per entry and place (a context alias and another of
        // the same entry, "Hafnium" and MISP's "HAFNIUM").
        bool repeated = false;
        for (std::size_t k = out.size(); k > first_out && out[k - 1].begin == match.begin && !repeated; --k)
            repeated = out[k - 1].end == match.end && out[k - 1].id == entry.id;
        if (!repeated) out.push_back({entry.kind, entry.id, match.begin, match.end});
    }
}

const GazetteerEntry* Gazetteer::find_entry(Facet kind, std::string_view id_or_alias) const {
    // An id (what facet counts display) is found without compiling the
    // matcher, which analyzes every alias, and a hand-written id without
    // reading the MISP part.
    const std::string id = ascii_lower(id_or_alias);
    if (misp_pending_.load(std::memory_order_acquire)) {
        static const Gazetteer handwritten_entries = handwritten();
        for (const GazetteerEntry& entry : handwritten_entries.entries())
            if (entry.id == id && entry.kind == kind) return &entry;
    }
    const std::vector<GazetteerEntry>& list = entries();
    for (const GazetteerEntry& entry : list)
        if (entry.id == id) {
            if (entry.kind == kind) return &entry;
            break;  // ids are unique across kinds
        }
    const auto state = compiled();
    const std::string key = name_key(id_or_alias);
    if (key.empty()) return nullptr;
    if (const auto it = state->by_name.find({kind, key}); it != state->by_name.end()) return &list[it->second];
    return nullptr;
}

std::vector<std::string> Gazetteer::nearest_names(Facet kind, std::string_view name, std::size_t max) const {
    const std::vector<GazetteerEntry>& list = entries();
    const std::vector<char32_t> wanted = folded(name);
    const std::string wanted_key = name_key(name);
    if (wanted.empty() || max == 0) return {};
    const std::size_t limit = std::max<std::size_t>(2, wanted.size() / 3);
    struct Candidate {
        std::size_t distance;
        std::string text;
    };
    std::vector<Candidate> best;
    for (const GazetteerEntry& entry : list) {
        if (entry.kind != kind) continue;
        std::optional<Candidate> closest;
        const auto consider = [&](const std::string& text) {
            std::size_t distance = spelling_distance(wanted, folded(text));
            // A name that contains every word asked for ("exchange" in
            // "Microsoft Exchange") is close whatever its length.
            if (distance > 1 && wanted_key.size() >= 3) {
                const std::string key = " " + name_key(text) + " ";
                if (key.find(" " + wanted_key + " ") != std::string::npos) distance = 1;
            }
            if (distance > limit) return;
            if (!closest || distance < closest->distance) closest = Candidate{distance, text};
        };
        consider(entry.name);
        for (const std::string& alias : entry.aliases) consider(alias);
        consider(entry.id);
        if (closest) best.push_back(*closest);
    }
    std::stable_sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.text < b.text;
    });
    std::vector<std::string> out;
    for (const Candidate& candidate : best) {
        if (out.size() == max) break;
        out.push_back(candidate.text);
    }
    return out;
}

std::string Gazetteer::fingerprint() const {
    const std::vector<GazetteerEntry>& list = entries();
    std::vector<const GazetteerEntry*> sorted;
    for (const GazetteerEntry& entry : list) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
    std::string canonical = "dossier-gazetteer-1\n";
    const auto field = [&](std::string_view text) {
        canonical += std::to_string(text.size());
        canonical += ':';
        canonical += text;
    };
    for (const GazetteerEntry* entry : sorted) {
        field(entry->id);
        field(kind_name(entry->kind));
        field(entry->name);
        for (const int year : entry->years) field(std::to_string(year));
        canonical += '|';
        for (const GazetteerAlias& alias : entry->names) {
            field(alias.text);
            const MatchRule& rule = alias.rule;
            canonical += rule.exact_case ? 'E' : '-';
            canonical += rule.capitalized ? 'C' : '-';
            canonical += rule.person_name_risk ? 'P' : '-';
            if (alias.context) canonical += 'X';  // absent before context existed: fingerprints kept
            for (const std::string& lang : rule.languages) field(lang);
            canonical += '/';
            field(rule.stem_language);
        }
        canonical += '|';
        for (const std::string& phrase : entry->exclude) field(phrase);
        field(entry->actor);
        field(entry->country);
        canonical += '\n';
    }
    const std::uint64_t a = fnv1a_64(canonical);
    const std::uint64_t b = fnv1a_64(canonical, 0x84222325cbf29ce4ULL);
    return fmt::format("{:016x}{:016x}", a, b);
}

std::size_t Gazetteer::size(Facet kind) const {
    const std::vector<GazetteerEntry>& list = entries();
    return static_cast<std::size_t>(
        std::count_if(list.begin(), list.end(), [&](const GazetteerEntry& entry) { return entry.kind == kind; }));
}

}  // namespace dossier
