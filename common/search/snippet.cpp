// SPDX-License-Identifier: MIT
#include "search/snippet.h"

#include <algorithm>
#include <set>

#include "text/analyzer.h"
#include "base/utf8.h"

namespace dossier {

namespace {

struct Word {
    std::size_t begin = 0, end = 0;        // bytes
    std::size_t cp_begin = 0, cp_end = 0;  // code points
    std::string term;
    bool matched = false;
};

// One entry per source word (several terms of one word share its span).
std::vector<Word> words_of(std::string_view text, const std::function<bool(const std::string&)>& is_match,
                           std::string_view lang) {
    std::vector<Word> words;
    std::size_t counted_bytes = 0, counted_cps = 0;
    const auto cp_at = [&](std::size_t byte) {
        counted_cps += count_code_points(text.substr(counted_bytes, byte - counted_bytes));
        counted_bytes = byte;
        return counted_cps;
    };
    std::size_t last_word = static_cast<std::size_t>(-1);
    for (const Token& token : analyze(text, lang)) {
        const bool matched = is_match(token.term);
        if (token.word == last_word) {
            words.back().matched = words.back().matched || matched;
            continue;
        }
        last_word = token.word;
        Word w;
        w.begin = token.begin;
        w.end = token.end;
        w.cp_begin = cp_at(token.begin);
        w.cp_end = cp_at(token.end);
        w.term = token.term;
        w.matched = matched;
        words.push_back(std::move(w));
    }
    return words;
}

struct Window {
    std::size_t first = 0, last = 0;  // word indexes, inclusive
    std::size_t distinct = 0, count = 0;
};

Window best_window(const std::vector<Word>& words, std::size_t max_code_points) {
    Window best;
    const std::size_t reach = max_code_points * 4 / 5;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (!words[i].matched) continue;
        std::set<std::string_view> distinct;
        Window window{i, i, 0, 0};
        for (std::size_t j = i; j < words.size() && words[j].cp_end - words[i].cp_begin <= reach; ++j) {
            if (!words[j].matched) continue;
            distinct.insert(words[j].term);
            window.last = j;
            ++window.count;
        }
        window.distinct = distinct.size();
        if (window.distinct > best.distinct || (window.distinct == best.distinct && window.count > best.count))
            best = window;
    }
    return best;
}

bool is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Appends `piece` with every run of whitespace made one space.
void append_collapsed(std::string& out, std::size_t& out_cps, std::string_view piece) {
    for (std::size_t i = 0; i < piece.size(); ++i) {
        const char c = piece[i];
        if (is_space_byte(c)) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
                ++out_cps;
            }
            continue;
        }
        out += c;
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++out_cps;
    }
}

}  // namespace

Snippet make_snippet(std::string_view text, const std::function<bool(const std::string&)>& is_match,
                     std::size_t max_code_points, std::string_view lang) {
    const std::vector<Word> words = words_of(text, is_match, lang);
    Snippet snippet;
    if (words.empty()) return snippet;

    const Window window = best_window(words, max_code_points);
    // Centre the matches: a third of the spare room before them.
    const std::size_t span = words[window.last].cp_end - words[window.first].cp_begin;
    const std::size_t spare = max_code_points > span ? max_code_points - span : 0;
    const std::size_t wanted_start =
        words[window.first].cp_begin > spare / 3 ? words[window.first].cp_begin - spare / 3 : 0;
    std::size_t first = window.first;
    while (first > 0 && words[first - 1].cp_begin >= wanted_start) --first;
    std::size_t last = window.last;
    while (last + 1 < words.size() && words[last + 1].cp_end - words[first].cp_begin <= max_code_points) ++last;
    // Near the end of the text the room left after the matches goes before them.
    while (first > 0 && words[last].cp_end - words[first - 1].cp_begin <= max_code_points) --first;

    // Start at the beginning of the text when the window reaches it.
    const std::size_t byte_begin = first == 0 ? 0 : words[first].begin;
    const std::size_t byte_end = last + 1 == words.size() ? text.size() : words[last].end;

    std::size_t out_cps = 0;
    if (byte_begin > 0) {
        snippet.text = "…";
        out_cps = 1;
    }
    std::size_t at = byte_begin;
    for (std::size_t i = first; i <= last; ++i) {
        if (!words[i].matched) continue;
        if (snippet.highlights.empty()) snippet.match_offset = words[i].begin;
        append_collapsed(snippet.text, out_cps, text.substr(at, words[i].begin - at));
        const std::size_t start = out_cps;
        append_collapsed(snippet.text, out_cps, text.substr(words[i].begin, words[i].end - words[i].begin));
        snippet.highlights.emplace_back(start, out_cps);
        at = words[i].end;
    }
    append_collapsed(snippet.text, out_cps, text.substr(at, byte_end - at));
    while (!snippet.text.empty() && snippet.text.back() == ' ') snippet.text.pop_back();
    if (byte_end < text.size()) snippet.text += "…";
    // A leading space can come from collapsed whitespace at the text start.
    if (snippet.text.starts_with(' ')) {
        snippet.text.erase(0, 1);
        for (auto& [b, e] : snippet.highlights) --b, --e;
    }
    return snippet;
}

}  // namespace dossier
