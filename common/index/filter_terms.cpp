// SPDX-License-Identifier: MIT
#include "index/filter_terms.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/strings.h"
#include "index/schema.h"
#include "text/analyzer.h"

namespace dossier {

namespace {

// Xapian terms are limited to 245 bytes: a longer value keeps a readable
// head and a hash of the whole, as path_term does.
constexpr std::size_t kMaxTermBytes = 240;

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxTermBytes) return term.append(value);
    term.append(value.substr(0, 200));
    return term + fmt::format("#{:016x}", fnv1a_64(value));
}

bool is_host_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// The lower-case host of a URL ("https://user@www.x.org:8080/a" ->
// "www.x.org") or of a bare host ("WWW.X.ORG"); empty when `value` is
// neither: a host has a dot, no spaces, and ends in a label of letters.
std::string host_of(std::string_view value) {
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (const std::size_t scheme = value.find("://"); scheme != std::string_view::npos) {
        value.remove_prefix(scheme + 3);
        value = value.substr(0, value.find_first_of("/?#"));
        if (const std::size_t at = value.rfind('@'); at != std::string_view::npos) value.remove_prefix(at + 1);
        value = value.substr(0, value.find(':'));
    } else {
        value = value.substr(0, value.find('/'));  // "fmprc.gov.cn/eng"
    }
    std::string host = ascii_lower(value);
    while (!host.empty() && host.back() == '.') host.pop_back();
    const std::size_t last_dot = host.rfind('.');
    if (host.empty() || last_dot == std::string::npos || last_dot == 0 ||
        !std::all_of(host.begin(), host.end(), is_host_char) ||
        !std::all_of(host.begin() + static_cast<std::ptrdiff_t>(last_dot) + 1, host.end(),
                     [](char c) { return c >= 'a' && c <= 'z'; }))
        return {};
    if (host.starts_with("www.") && host.find('.', 4) != std::string::npos) host.erase(0, 4);
    return host;
}

// The source's words as the analyzer gives them, joined by spaces.
std::string source_words(std::string_view source) {
    std::string words;
    for (const Token& token : analyze(source)) {
        if (!words.empty()) words += ' ';
        words += token.term;
    }
    return words;
}

}  // namespace

std::vector<std::string> source_terms(std::string_view source, std::string_view url) {
    std::vector<std::string> terms;
    const auto add = [&terms](std::string_view value) {
        if (value.empty()) return;
        std::string term = bounded_term(schema::kSourcePrefix, value);
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(std::move(term));
    };
    add(source_words(source));
    for (const std::string_view written : {source, url}) {
        const std::string host = host_of(written);
        // The host and each parent domain of two labels or more.
        for (std::size_t from = 0; !host.empty();) {
            const std::string_view domain = std::string_view(host).substr(from);
            if (domain.find('.') == std::string_view::npos) break;
            add(domain);
            from = host.find('.', from) + 1;
        }
    }
    return terms;
}

std::string source_term(std::string_view value) {
    std::string host = host_of(value);
    if (!host.empty()) return bounded_term(schema::kSourcePrefix, host);
    const std::string words = source_words(value);
    return words.empty() ? std::string() : bounded_term(schema::kSourcePrefix, words);
}

std::vector<std::string> folder_terms(std::string_view path) {
    std::vector<std::string> terms;
    if (!path.starts_with('/')) return terms;
    for (std::size_t slash = path.rfind('/'); slash != std::string_view::npos && slash > 0;
         slash = path.rfind('/', slash - 1))
        terms.push_back(folder_term(path.substr(0, slash)));
    terms.push_back(folder_term("/"));
    return terms;
}

std::string folder_term(std::string_view folder) { return bounded_term(schema::kFolderPrefix, folder); }

}  // namespace dossier
