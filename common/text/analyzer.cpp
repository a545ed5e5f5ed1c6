// SPDX-License-Identifier: MIT
#include "text/analyzer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/normalizer.h"
#include "text/segmenter.h"

namespace dossier {

namespace {

bool is_term_char(UChar32 c) {
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }

struct Part {
    std::string text;
    UChar32 separator_before = 0;  // 0 for the first part
};

// Splits a normalized word at every character that is not a term character.
std::vector<Part> split_parts(const std::string& word) {
    std::vector<Part> parts;
    Part current;
    UChar32 pending_separator = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(word.data());
    const int32_t length = static_cast<int32_t>(word.size());
    for (int32_t i = 0; i < length;) {
        const int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, length, c);
        if (c >= 0 && is_term_char(c)) {
            if (current.text.empty()) current.separator_before = pending_separator;
            current.text.append(word, static_cast<std::size_t>(start),
                                static_cast<std::size_t>(i - start));
            continue;
        }
        if (!current.text.empty()) parts.push_back(std::move(current));
        current = Part{};
        pending_separator = c;
    }
    if (!current.text.empty()) parts.push_back(std::move(current));
    return parts;
}

bool is_single_letter_acronym(const std::vector<Part>& parts) {
    if (parts.size() < 2) return false;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0 && parts[i].separator_before != '.') return false;
        const auto* s = reinterpret_cast<const uint8_t*>(parts[i].text.data());
        int32_t at = 0;
        UChar32 c;
        U8_NEXT(s, at, static_cast<int32_t>(parts[i].text.size()), c);
        if (static_cast<std::size_t>(at) != parts[i].text.size() || !u_isalpha(c)) return false;
    }
    return true;
}

// Turkish writes a proper noun's case suffix after an apostrophe
// ("Ankara'da", "NATO'nun", "Erdoğan'ın"): the word is the part before it.
bool strips_apostrophe_suffix(std::string_view lang) { return lang == "tr"; }

// True when text[begin, end) is one apostrophe.
bool is_apostrophe_between(std::string_view text, std::size_t begin, std::size_t end) {
    if (end <= begin) return false;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    auto at = static_cast<int32_t>(begin);
    UChar32 c;
    U8_NEXT(s, at, static_cast<int32_t>(end), c);
    return static_cast<std::size_t>(at) == end && is_apostrophe(c);
}

void drop_apostrophe_suffixes(std::vector<Part>& parts) {
    for (std::size_t i = 1; i < parts.size(); ++i) {
        if (is_apostrophe(parts[i].separator_before)) {
            parts.resize(i);
            return;
        }
    }
}

void append_word_terms(const std::string& normalized, std::size_t word_index, std::size_t begin,
                       std::size_t end, std::string_view lang, std::vector<Token>& out) {
    std::vector<Part> parts = split_parts(normalized);
    if (strips_apostrophe_suffix(lang)) drop_apostrophe_suffixes(parts);
    if (is_single_letter_acronym(parts)) {
        std::string joined;
        for (const Part& p : parts) joined += p.text;
        out.push_back({std::move(joined), begin, end, word_index});
        return;
    }
    // The possessive "'s" stays on its word ("china's" -> "chinas"): the
    // English stemmer takes it off, and a phrase still tells "Microsoft's
    // exchange" from "Microsoft Exchange".
    std::vector<std::string> terms;
    for (Part& p : parts) {
        if (p.text == "s" && is_apostrophe(p.separator_before) && !terms.empty()) {
            terms.back() += p.text;
            continue;
        }
        terms.push_back(std::move(p.text));
    }
    for (std::string& term : terms) {
        if (term.size() > kMaxTermBytes) continue;
        out.push_back({std::move(term), begin, end, word_index});
    }
}

}  // namespace

std::vector<Token> analyze(std::string_view text, std::string_view lang) {
    std::vector<Token> tokens;
    const std::vector<WordSpan> words = segment_words(text);
    tokens.reserve(words.size());
    const bool strip_suffixes = strips_apostrophe_suffix(lang);
    for (std::size_t w = 0; w < words.size(); ++w) {
        const WordSpan& span = words[w];
        // A number's suffix is a word of its own to ICU ("2023'te").
        if (strip_suffixes && w > 0 && is_apostrophe_between(text, words[w - 1].end, span.begin)) continue;
        const std::string normalized =
            normalize_word(text.substr(span.begin, span.end - span.begin), lang);
        append_word_terms(normalized, w, span.begin, span.end, lang, tokens);
    }
    return tokens;
}

bool analysis_depends_on_language(std::string_view lang) {
    return has_turkic_casing(lang) || strips_apostrophe_suffix(lang);
}

}  // namespace dossier
