// SPDX-License-Identifier: MIT
#include "text/phrase_matcher.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/language.h"

namespace dossier {

namespace {

// The letters and digits of `text`, in order, as written.
std::string letters_of(std::string_view text) {
    std::string out;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const int32_t length = static_cast<int32_t>(text.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && u_isalnum(c)) out.append(text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

UChar32 first_code_point(std::string_view text) {
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    int32_t i = 0;
    UChar32 c = -1;
    if (!text.empty()) U8_NEXT(s, i, static_cast<int32_t>(text.size()), c);
    return c;
}

// Upper case, or a script without case (Chinese, Arabic, Thai, ...).
bool starts_like_a_name(std::string_view word) {
    const UChar32 c = first_code_point(word);
    if (c < 0) return false;
    if (!u_hasBinaryProperty(c, UCHAR_CASED)) return true;
    return u_isupper(c) || u_istitle(c);
}

bool starts_capitalized(std::string_view word) {
    const UChar32 c = first_code_point(word);
    return c >= 0 && u_hasBinaryProperty(c, UCHAR_CASED) && (u_isupper(c) || u_istitle(c));
}

// True when only spaces separate two spans (no sentence end between them).
bool same_phrase(std::string_view between) {
    return std::all_of(between.begin(), between.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::string_view word_text(const Token& token, std::string_view text) {
    return text.substr(token.begin, token.end - token.begin);
}

}  // namespace

void PhraseMatcher::add(std::string_view name, std::uint32_t value, const MatchRule& rule) {
    Pattern pattern;
    for (Token& token : analyze(name)) pattern.terms.push_back(std::move(token.term));
    if (pattern.terms.empty()) return;
    if (!rule.stem_language.empty()) {
        const Xapian::Stem stemmer = make_stemmer(rule.stem_language);
        for (std::string& term : pattern.terms) term = stemmer(term);
    }
    pattern.letters = letters_of(name);
    pattern.value = value;
    pattern.rule = rule;
    const auto index = static_cast<std::uint32_t>(patterns_.size());
    if (rule.stem_language.empty()) {
        by_first_term_[pattern.terms.front()].push_back(index);
    } else {
        by_first_stem_[rule.stem_language][pattern.terms.front()].push_back(index);
    }
    patterns_.push_back(std::move(pattern));
}

bool PhraseMatcher::accepts(const Pattern& pattern, const std::vector<Token>& tokens, std::size_t first,
                            std::size_t last, std::string_view text, std::string_view lang) const {
    const MatchRule& rule = pattern.rule;
    if (!rule.languages.empty() &&
        std::find(rule.languages.begin(), rule.languages.end(), lang) == rule.languages.end())
        return false;
    const std::string_view matched = text.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin);
    if (rule.exact_case && letters_of(matched) != pattern.letters) return false;
    if (rule.capitalized && !starts_like_a_name(matched)) return false;
    if (rule.person_name_risk) {
        if (last < tokens.size()) {
            const Token& next = tokens[last];
            if (next.word != tokens[last - 1].word &&
                same_phrase(text.substr(tokens[last - 1].end, next.begin - tokens[last - 1].end)) &&
                starts_capitalized(word_text(next, text)))
                return false;
        }
        if (first > 0) {
            const Token& previous = tokens[first - 1];
            if (previous.word != tokens[first].word &&
                same_phrase(text.substr(previous.end, tokens[first].begin - previous.end)) &&
                starts_capitalized(word_text(previous, text))) {
                // A capital after a capital is a full name unless the
                // previous word starts the sentence.
                const bool sentence_start = first < 2 || !same_phrase(text.substr(
                    tokens[first - 2].end, previous.begin - tokens[first - 2].end));
                if (!sentence_start) return false;
            }
        }
    }
    return true;
}

std::vector<PhraseMatch> PhraseMatcher::find(const std::vector<Token>& tokens, std::string_view text,
                                             std::string_view lang) const {
    std::vector<PhraseMatch> matches;
    if (patterns_.empty()) return matches;

    // Stems of the text, only when some names match by stem in this language.
    std::vector<std::string> stems;
    const auto stem_index = by_first_stem_.find(std::string(lang));
    if (stem_index != by_first_stem_.end()) {
        const Xapian::Stem stemmer = make_stemmer(lang);
        stems.reserve(tokens.size());
        for (const Token& token : tokens) stems.push_back(stemmer(token.term));
    }

    // Every value registered for the longest accepted name at a position
    // ("Hafnium" is both an actor and an incident alias).
    std::vector<std::uint32_t> best_values;
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t best_length = 0;
        best_values.clear();
        const auto consider = [&](const std::vector<std::uint32_t>& candidates, bool by_stem) {
            for (const std::uint32_t index : candidates) {
                const Pattern& pattern = patterns_[index];
                const std::size_t n = pattern.terms.size();
                if (n < best_length || i + n > tokens.size()) continue;
                bool equal = true;
                for (std::size_t k = 0; k < n && equal; ++k)
                    equal = (by_stem ? stems[i + k] : tokens[i + k].term) == pattern.terms[k];
                if (!equal || !accepts(pattern, tokens, i, i + n, text, lang)) continue;
                if (n > best_length) best_values.clear();
                best_length = n;
                if (std::find(best_values.begin(), best_values.end(), pattern.value) == best_values.end())
                    best_values.push_back(pattern.value);
            }
        };
        if (const auto it = by_first_term_.find(tokens[i].term); it != by_first_term_.end())
            consider(it->second, false);
        if (!stems.empty())
            if (const auto it = stem_index->second.find(stems[i]); it != stem_index->second.end())
                consider(it->second, true);
        if (best_length == 0) {
            ++i;
            continue;
        }
        for (const std::uint32_t value : best_values)
            matches.push_back({value, i, i + best_length, tokens[i].begin, tokens[i + best_length - 1].end});
        i += best_length;
    }
    return matches;
}

}  // namespace dossier
