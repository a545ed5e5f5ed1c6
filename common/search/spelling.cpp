// SPDX-License-Identifier: MIT
#include "search/spelling.h"

#include <algorithm>
#include <array>

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "base/error.h"
#include "base/utf8.h"
#include "index/schema.h"
#include "index/spelling_data.h"
#include "text/analyzer.h"
#include "text/language.h"

namespace dossier {

namespace {

// Edits allowed between a word and its correction: one for a short word,
// where two would reach unrelated words ("cybr" is one from "cyber";
// "atak" two from "attack" but also from "task").
constexpr std::size_t kShortWordChars = 4;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_syntax(char c) { return c == '"' || c == '(' || c == ')'; }

// QueryParser's operators (search/query.cpp keeps them as typed).
bool is_operator(std::string_view run) {
    static constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    for (const std::string_view op : kOperators)
        if (run == op) return true;
    const std::size_t slash = run.find('/');
    if (slash == std::string_view::npos || slash + 1 == run.size()) return false;
    const std::string_view name = run.substr(0, slash);
    return (name == "NEAR" || name == "ADJ") &&
           std::all_of(run.begin() + static_cast<std::ptrdiff_t>(slash) + 1, run.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
}

// Whether `name` could be meant as a field ("country", "source", "https"):
// such a value is never corrected, whether or not the field exists.
bool is_field_name(std::string_view name) {
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    });
}

bool is_text_field(std::string_view name) {
    for (const schema::QueryField& field : schema::kQueryFields)
        if (field.name == name) return field.kind == schema::FieldKind::text;
    return false;
}

// The documents `word` finds by itself: as a word, a title word, or
// through its stem in one of the languages searched.
Xapian::doccount documents_found(const Xapian::Database& database, const std::string& word,
                                 const std::vector<Xapian::Stem>& stemmers) {
    Xapian::doccount found = std::max(database.get_termfreq(word),
                                      database.get_termfreq(std::string(schema::kTitlePrefix) + word));
    for (const Xapian::Stem& stemmer : stemmers)
        found = std::max(found, database.get_termfreq(std::string(schema::kStemPrefix) + stemmer(word)));
    return found;
}

bool shares_stem(const std::string& word, const std::string& other, const std::vector<Xapian::Stem>& stemmers) {
    return std::any_of(stemmers.begin(), stemmers.end(),
                       [&](const Xapian::Stem& stemmer) { return stemmer(word) == stemmer(other); });
}

// The nearest spelling word; empty when there is none, or no spelling
// data to ask (Xapian 1.4's remote backend has none and answers empty).
std::string nearest_word(const Xapian::Database& database, const std::string& word) {
    const unsigned edits = count_code_points(word) <= kShortWordChars ? 1 : 2;
    try {
        return database.get_spelling_suggestion(word, edits);
    } catch (const Xapian::UnimplementedError&) {
        return {};
    }
}

// Whether `word` is in a document in one of `languages`.
bool occurs_in(const Xapian::Database& database, const std::string& word, const std::vector<std::string>& languages) {
    std::vector<Xapian::Query> language_terms;
    for (const std::string& lang : languages) language_terms.emplace_back(schema::language_term(lang));
    Xapian::Enquire enquire(database);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(word),
                                    Xapian::Query(Xapian::Query::OP_OR, language_terms.begin(), language_terms.end())));
    return !enquire.get_mset(0, 1).empty();
}

struct Correction {
    std::size_t begin = 0;  // bytes of the user's query replaced
    std::size_t end = 0;
    std::string word;
};

}  // namespace

QueryWords free_text_words(std::string_view query) {
    QueryWords found;
    std::size_t i = 0;
    while (i < query.size()) {
        if (is_space(query[i]) || is_syntax(query[i])) {
            ++i;
            continue;
        }
        std::size_t begin = i;
        std::size_t end = i;
        while (end < query.size() && !is_space(query[end]) && !is_syntax(query[end])) ++end;
        i = end;
        if (query[begin] == '-') continue;  // excluded: correcting it changes what is left out
        if (query[begin] == '+') ++begin;
        const std::string_view run = query.substr(begin, end - begin);
        if (run.empty() || is_operator(run) || run.back() == '*') continue;
        const std::size_t colon = run.find(':');
        if (colon != std::string_view::npos && is_field_name(run.substr(0, colon))) {
            const std::string_view name = run.substr(0, colon);
            const std::string_view value = run.substr(colon + 1);
            if (is_text_field(name)) {
                if (!value.empty()) found.words.push_back({begin + colon + 1, end});
            } else if (value.empty() && i < query.size() && query[i] == '"') {
                const std::size_t close = query.find('"', i + 1);  // country:"Amerika Serikat"
                i = close == std::string_view::npos ? query.size() : close + 1;
            } else if (name == "lang") {
                found.languages.emplace_back(value);
            }
            continue;
        }
        found.words.push_back({begin, end});
    }
    return found;
}

std::string in_case_of(std::string_view typed, std::string_view word) {
    const icu::UnicodeString letters = icu::UnicodeString::fromUTF8(icu::StringPiece(typed.data(), static_cast<int32_t>(typed.size())));
    int32_t count = 0, upper = 0;
    UChar32 first = 0;
    for (int32_t at = 0; at < letters.length(); at = letters.moveIndex32(at, 1)) {
        const UChar32 c = letters.char32At(at);
        if (!u_isalpha(c)) continue;
        if (count++ == 0) first = c;
        upper += u_isupper(c) || u_istitle(c);
    }
    icu::UnicodeString out = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    if (count > 1 && upper == count) {
        out.toUpper(icu::Locale::getRoot());
    } else if (count > 0 && (u_isupper(first) || u_istitle(first)) && out.length() > 0) {
        const UChar32 head = out.char32At(0);
        out.replace(0, U16_LENGTH(head), u_totitle(head));
    }
    std::string result;
    out.toUTF8String(result);
    return result;
}

SpellingSuggestion suggest_spelling(const Xapian::Database& database, std::string_view user_query,
                                    const std::vector<std::string>& searched_languages,
                                    const std::vector<std::string>& only_languages, Xapian::doccount matches,
                                    const std::vector<QueryWordSpan>& leave_alone) {
    const QueryWords found = free_text_words(user_query);
    if (found.words.empty()) return {};
    // No spelling data (a database from before it, a remote shard): no
    // look-ups at all, which over a network would each cost a round trip.
    if (database.spellings_begin() == database.spellings_end()) return {};
    std::vector<std::string> languages = only_languages;
    for (const std::string& named : found.languages) {
        try {
            languages.push_back(canonical_language_code(named));
        } catch (const UsageError&) {
            // The query itself reports a language it does not know.
        }
    }
    std::vector<Xapian::Stem> stemmers;
    for (const std::string& lang : searched_languages)
        if (!stemmer_name(lang).empty()) stemmers.push_back(make_stemmer(lang));

    std::vector<Correction> corrections;
    for (const QueryWordSpan& span : found.words) {
        for (const Token& token : analyze(user_query.substr(span.begin, span.end - span.begin))) {
            const std::string& word = token.term;
            const std::size_t begin = span.begin + token.begin;
            const std::size_t end = span.begin + token.end;
            const bool named = std::any_of(leave_alone.begin(), leave_alone.end(), [&](const QueryWordSpan& name) {
                return begin < name.end && name.begin < end;
            });
            if (named || !is_spelling_word(word)) continue;
            Xapian::doccount frequency = documents_found(database, word, stemmers);
            // Turkish folds its own way ("ISPARTA" is "ısparta" there).
            for (const std::string& lang : searched_languages)
                if (frequency == 0 && analysis_depends_on_language(lang))
                    for (const Token& own : analyze(user_query.substr(span.begin + token.begin, token.end - token.begin), lang))
                        frequency += documents_found(database, own.term, stemmers);
            if (frequency > 0 && matches > kFewMatches) continue;
            const std::string correction = nearest_word(database, word);
            if (correction.empty() || correction == word || shares_stem(word, correction, stemmers)) continue;
            if (frequency > 0 && database.get_termfreq(correction) < kCorrectionGain * frequency) continue;
            if (!languages.empty() && !occurs_in(database, correction, languages)) continue;
            corrections.push_back({begin, end, correction});
        }
    }
    if (corrections.empty()) return {};
    SpellingSuggestion suggestion;
    std::size_t at = 0;
    for (const Correction& correction : corrections) {
        const std::string_view before = user_query.substr(at, correction.begin - at);
        suggestion.corrected.emplace_back(user_query.substr(correction.begin, correction.end - correction.begin));
        suggestion.query.append(before).append(correction.word);
        suggestion.shown.append(before).append(
            in_case_of(user_query.substr(correction.begin, correction.end - correction.begin), correction.word));
        at = correction.end;
    }
    suggestion.query.append(user_query.substr(at));
    suggestion.shown.append(user_query.substr(at));
    return suggestion;
}

}  // namespace dossier
