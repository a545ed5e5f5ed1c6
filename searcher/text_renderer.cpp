// SPDX-License-Identifier: MIT
#include "text_renderer.h"

#include <filesystem>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "base/utf8.h"
#include "entities/entity.h"
#include "index/schema.h"
#include "text/dates.h"

namespace dossier::searcher {

namespace {

// The program's own codes: the only ones that reach the terminal raw.
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";

std::string shown_path(const std::string& path, const std::string& base) {
    if (base.empty()) return path;
    const std::filesystem::path relative = std::filesystem::path(path).lexically_relative(base);
    if (relative.empty() || relative.native().starts_with("..")) return path;
    return relative.string();
}

// The snippet, escaped, with its matches bold (on a terminal). The
// highlights count code points of the text as it is, so each stretch is
// cut out first and escaped on its own.
std::string marked_snippet(const Snippet& snippet, bool color) {
    if (!color) return escape_for_terminal(snippet.text);
    std::string out;
    std::size_t at_byte = 0, at_cp = 0;
    const std::string_view text = snippet.text;
    const auto advance_to = [&](std::size_t cp) {
        const std::size_t bytes = prefix_bytes(text.substr(at_byte), cp - at_cp);
        out += escape_for_terminal(text.substr(at_byte, bytes));
        at_byte += bytes;
        at_cp = cp;
    };
    for (const auto& [begin, end] : snippet.highlights) {
        advance_to(begin);
        out += kBold;
        advance_to(end);
        out += kReset;
    }
    out += escape_for_terminal(text.substr(at_byte));
    return out;
}

// "China (CN) 3, Russia (RU) 2, and 4 more"; "-" for no value.
std::string facet_line(const FacetCounts& counts) {
    std::string line;
    for (const FacetValue& value : counts.values) {
        if (!line.empty()) line += ", ";
        // Names and ids can come from a user's gazetteer file.
        line += escape_for_terminal(value.name == value.value ? value.value
                                                              : fmt::format("{} ({})", value.name, value.value));
        line += fmt::format(" {}", value.count);
    }
    if (counts.other_values > 0) line += fmt::format(", and {} more", counts.other_values);
    return line.empty() ? "-" : line;
}

// `    CN (China) <- "China", "Tiongkok"`; an inferred value
// `    KP (North Korea) <- via actor Lazarus Group` (not quoted: no words).
// The date of --explain and where it came from, said plainly:
// "2022-05 (a month, from the text)", "2023-11-14 (a day, from the file's
// modification time: neither its metadata, text nor path gave a date)".
std::string explained_date(const schema::StoredDocument& document) {
    if (document.date.empty()) return "none";
    const auto precision = date_precision(document.date);
    const std::string_view source = document.date_source;
    const std::string from = source == schema::kDateFromMetadata ? "from the file's metadata"
                             : source == schema::kDateFromText   ? "from its text"
                             : source == schema::kDateFromPath   ? "from its path (file or folder name)"
                             : source == schema::kDateFromMtime
                                 ? "from the file's modification time: neither its metadata, text nor path gave a date"
                                 : "from " + escape_for_terminal(source.empty() ? "nowhere" : std::string(source));
    return fmt::format("{} (a {}, {})", escape_for_terminal(document.date),
                       precision ? precision_name(*precision) : "date", from);
}

std::string explained_value(const Explanation::Value& value) {
    std::string words;
    for (const std::string& word : value.words)
        words += (words.empty() ? "\"" : ", \"") + escape_for_terminal(word) + "\"";
    for (const InferredFrom& from : value.via) words += (words.empty() ? "" : ", ") + escape_for_terminal(from.text);
    return fmt::format("    {} ({}) <- {}\n", escape_for_terminal(value.value), escape_for_terminal(value.name), words);
}

}  // namespace

namespace {

// What the documents were asked to match, for the count line: "'cyber'",
// "the filters" (filters alone, as options), or nothing (every document,
// counting facets).
std::string asked_for(const SearchResult& result, const SearchRequest& request) {
    if (result.query.find_first_not_of(" \t\n\r\f\v") != std::string::npos)
        return "'" + escape_for_terminal(result.query) + "'";
    const bool filtered = !request.facet_filters.empty() || !request.since.empty() || !request.until.empty() ||
                          !request.lang.empty();
    return filtered ? "the filters" : "";
}

// "3 documents match 'cyber'", "About 40 documents match the filters",
// "1 document matches 'x'", "2 documents like 'a.txt' match 'y'",
// "7 documents in the database"; `count` "About" unless exact.
std::string count_sentence(Xapian::doccount count, bool exact, const SearchResult& result,
                           const SearchRequest& request) {
    std::string sentence = count == 0 ? std::string("No documents")
                                      : fmt::format("{}{} document{}", exact ? "" : "About ", count, count == 1 ? "" : "s");
    if (!request.like.empty()) sentence += " like '" + escape_for_terminal(request.like) + "'";
    const std::string asked = asked_for(result, request);
    if (!asked.empty()) return sentence + (count == 1 ? " matches " : " match ") + asked;
    return request.like.empty() ? sentence + " in the database" : sentence;
}

}  // namespace

void TextRenderer::begin_results(const SearchResult& result, const SearchRequest& request) {
    // Only said, never run instead (search/spelling.h).
    if (!result.suggestion_shown.empty())
        out_ << fmt::format("Did you mean: {}?\n", escape_for_terminal(result.suggestion_shown));
    const Xapian::doccount total = result.estimated_total;
    if (result.hits.empty() && request.limit == 0 && total > 0) {
        // --limit 0: how many match, and no page of them.
        out_ << count_sentence(total, result.total_exact, result, request) << ".\n";
        return;
    }
    if (result.hits.empty()) {
        out_ << count_sentence(0, true, result, request);
        if (request.offset > 0 && total > 0)
            out_ << fmt::format(" beyond the first {} ({}{} in all)", request.offset,
                                result.total_exact ? "" : "about ", total);
        out_ << ".\n";
        return;
    }
    out_ << fmt::format("{}; showing {}-{}.\n", count_sentence(total, result.total_exact, result, request),
                        result.hits.front().rank, result.hits.back().rank);
}

void TextRenderer::hit(const Hit& hit) {
    const std::string_view bold = options_.color ? kBold : "";
    const std::string_view dim = options_.color ? kDim : "";
    const std::string_view reset = options_.color ? kReset : "";
    const std::string title = hit.document.title.empty() ? "(untitled)" : hit.document.title;
    out_ << fmt::format("\n{}{}. {}{}\n", bold, hit.rank, escape_for_terminal(title), reset);
    out_ << fmt::format("   {}{} | {} | {} | score {:.2f}{}{}\n", dim,
                        escape_for_terminal(shown_path(hit.document.path, options_.base_directory)) +
                            (hit.page ? fmt::format("#page={}", hit.page) : std::string()),
                        hit.document.date.empty() ? "no date" : escape_for_terminal(hit.document.date),
                        escape_for_terminal(hit.document.lang), hit.score,
                        hit.copies.count == 0 ? std::string()
                                              : fmt::format(" | +{} cop{}", hit.copies.count,
                                                            hit.copies.count == 1 ? "y" : "ies"),
                        reset);
    if (!hit.snippet.text.empty()) out_ << "   " << marked_snippet(hit.snippet, options_.color) << "\n";
}

void TextRenderer::facets(const std::vector<FacetCounts>& facets) {
    const std::string_view bold = options_.color ? kBold : "";
    const std::string_view reset = options_.color ? kReset : "";
    out_ << fmt::format("\n{}Facets{} (all matching documents):\n", bold, reset);
    for (const FacetCounts& counts : facets) out_ << fmt::format("  {}: {}\n", counts.facet, facet_line(counts));
}

void TextRenderer::explanation(const Explanation& explanation) {
    const schema::StoredDocument& document = explanation.document;
    out_ << fmt::format("{} (id {})\n{}\n", escape_for_terminal(document.title), explanation.id,
                        escape_for_terminal(document.path));
    out_ << fmt::format("  lang: {}\n  date: {}\n", escape_for_terminal(document.lang), explained_date(document));
    for (const EntityFacetName& entity : kEntityFacets) {
        const std::string name(entity.name);
        const auto found = explanation.facets.find(name);
        if (found == explanation.facets.end()) {
            out_ << fmt::format("  {}: none\n", name);
            continue;
        }
        out_ << fmt::format("  {}:\n", name);
        for (const Explanation::Value& value : found->second) out_ << explained_value(value);
    }
}

}  // namespace dossier::searcher
