// SPDX-License-Identifier: MIT
#include "render.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "entities/entity.h"
#include "base/utf8.h"

namespace dossier::searcher {

namespace {

// Text output shows document-derived and user-given text through
// escape_for_terminal (a title holding ESC ]0;… BEL must not retitle the
// user's window); only these, the program's own codes, reach it raw.
constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";

nlohmann::ordered_json optional_string(const std::string& value) {
    return value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(value);
}

// facet -> sorted value ids, for every entity facet (empty lists too).
nlohmann::ordered_json entities_json(const Evidence& evidence) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Facet facet : {Facet::country, Facet::org, Facet::incident, Facet::actor}) {
        nlohmann::ordered_json ids = nlohmann::ordered_json::array();
        if (const auto found = evidence.find(std::string(facet_name(facet))); found != evidence.end())
            for (const auto& [id, words] : found->second) ids.push_back(id);
        out[std::string(facet_name(facet))] = ids;
    }
    return out;
}

// Where to open a hit: the path, with "#page=N" for the page of a PDF the
// snippet is on (the fragment PDF viewers understand).
std::string location(const Hit& hit) {
    return hit.page ? fmt::format("{}#page={}", hit.document.path, hit.page) : hit.document.path;
}

nlohmann::ordered_json hit_json(const Hit& hit) {
    nlohmann::ordered_json highlights = nlohmann::ordered_json::array();
    for (const auto& [begin, end] : hit.snippet.highlights) highlights.push_back({begin, end});
    return {
        {"rank", hit.rank},
        {"score", hit.score},
        {"id", hit.id},
        {"path", hit.document.path},
        {"title", hit.document.title},
        {"date", optional_string(hit.document.date)},
        {"date_source", optional_string(hit.document.date_source)},
        {"lang", hit.document.lang},
        {"source", optional_string(hit.document.source)},
        {"url", optional_string(hit.document.url)},
        {"format", hit.document.format},
        {"encoding", optional_string(hit.document.encoding)},
        {"page", hit.page ? nlohmann::ordered_json(hit.page) : nlohmann::ordered_json(nullptr)},
        {"location", location(hit)},
        {"snippet", hit.snippet.text},
        {"highlights", highlights},
        {"entities", entities_json(hit.document.evidence)},
    };
}

nlohmann::ordered_json facets_json(const std::vector<FacetCounts>& facets) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const FacetCounts& counts : facets) {
        nlohmann::ordered_json values = nlohmann::ordered_json::array();
        for (const FacetValue& value : counts.values)
            values.push_back({{"value", value.value}, {"name", value.name}, {"count", value.count}});
        out[counts.facet] = {{"values", values}, {"other_values", counts.other_values}};
    }
    return out;
}

std::string dump(const nlohmann::ordered_json& value) {
    return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

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

void render_text(const SearchResult& result, const SearchRequest& request, const RenderOptions& options,
                 std::ostream& out) {
    if (result.hits.empty()) {
        out << fmt::format("No documents match '{}'", escape_for_terminal(result.query));
        if (request.offset > 0 && result.estimated_total > 0)
            out << fmt::format(" beyond the first {} (about {} in all)", request.offset, result.estimated_total);
        out << ".\n";
        return;
    }
    out << fmt::format("About {} document{} match '{}'; showing {}-{}.\n", result.estimated_total,
                       result.estimated_total == 1 ? "" : "s", escape_for_terminal(result.query), result.hits.front().rank,
                       result.hits.back().rank);
    const std::string_view bold = options.color ? kBold : "";
    const std::string_view dim = options.color ? kDim : "";
    const std::string_view reset = options.color ? kReset : "";
    for (const Hit& hit : result.hits) {
        const std::string title = hit.document.title.empty() ? "(untitled)" : hit.document.title;
        out << fmt::format("\n{}{}. {}{}\n", bold, hit.rank, escape_for_terminal(title), reset);
        out << fmt::format("   {}{} | {} | {} | score {:.2f}{}\n", dim,
                           escape_for_terminal(shown_path(hit.document.path, options.base_directory)) +
                               (hit.page ? fmt::format("#page={}", hit.page) : std::string()),
                           hit.document.date.empty() ? "no date" : escape_for_terminal(hit.document.date),
                           escape_for_terminal(hit.document.lang), hit.score, reset);
        if (!hit.snippet.text.empty()) out << "   " << marked_snippet(hit.snippet, options.color) << "\n";
    }
}

void render_facets_text(const SearchResult& result, const RenderOptions& options, std::ostream& out) {
    if (result.facets.empty()) return;
    const std::string_view bold = options.color ? kBold : "";
    const std::string_view reset = options.color ? kReset : "";
    out << fmt::format("\n{}Facets{} (all matching documents):\n", bold, reset);
    for (const FacetCounts& counts : result.facets) {
        std::string line;
        for (const FacetValue& value : counts.values) {
            if (!line.empty()) line += ", ";
            // Names and ids can come from a user's gazetteer file.
            line += escape_for_terminal(value.name == value.value ? value.value
                                                                  : fmt::format("{} ({})", value.name, value.value));
            line += fmt::format(" {}", value.count);
        }
        if (counts.other_values > 0) line += fmt::format(", and {} more", counts.other_values);
        out << fmt::format("  {}: {}\n", counts.facet, line.empty() ? "-" : line);
    }
}

}  // namespace

void render(const SearchResult& result, const SearchRequest& request, const RenderOptions& options,
            std::ostream& out) {
    switch (options.format) {
    case OutputFormat::text:
        render_text(result, request, options, out);
        render_facets_text(result, options, out);
        break;
    case OutputFormat::json: {
        nlohmann::ordered_json hits = nlohmann::ordered_json::array();
        for (const Hit& hit : result.hits) hits.push_back(hit_json(hit));
        nlohmann::ordered_json document = {
            {"version", kJsonFormatVersion}, {"query", result.query},
            {"parsed", result.parsed},       {"estimated_total", result.estimated_total},
            {"offset", request.offset},      {"limit", request.limit},
            {"hits", hits},
        };
        if (!result.facets.empty()) document["facets"] = facets_json(result.facets);
        out << dump(document) << "\n";
        break;
    }
    case OutputFormat::jsonl:
        for (const Hit& hit : result.hits) out << dump(hit_json(hit)) << "\n";
        break;
    case OutputFormat::paths:
        // Exact bytes for a pipe (xargs needs the real name); escaped on a
        // terminal, as ls does.
        for (const Hit& hit : result.hits)
            out << (options.terminal ? escape_for_terminal(hit.document.path) : hit.document.path) << "\n";
        break;
    }
}

}  // namespace dossier::searcher

namespace dossier::searcher {

void render_explanation(const Explanation& explanation, OutputFormat format, std::ostream& out) {
    if (format == OutputFormat::json || format == OutputFormat::jsonl) {
        nlohmann::ordered_json facets = nlohmann::ordered_json::object();
        for (const auto& [facet, values] : explanation.facets) {
            nlohmann::ordered_json list = nlohmann::ordered_json::array();
            for (const Explanation::Value& value : values)
                list.push_back({{"value", value.value}, {"name", value.name}, {"words", value.words}});
            facets[facet] = list;
        }
        out << dump({{"version", kJsonFormatVersion},
                     {"id", explanation.id},
                     {"path", explanation.document.path},
                     {"title", explanation.document.title},
                     {"lang", explanation.document.lang},
                     {"date", optional_string(explanation.document.date)},
                     {"date_source", optional_string(explanation.document.date_source)},
                     {"facets", facets}})
            << "\n";
        return;
    }
    const auto shown = [](const std::string& text, const char* instead) {
        return text.empty() ? std::string(instead) : escape_for_terminal(text);
    };
    out << fmt::format("{} (id {})\n{}\n", escape_for_terminal(explanation.document.title), explanation.id,
                       escape_for_terminal(explanation.document.path));
    out << fmt::format("  lang: {}\n  date: {} (from {})\n", escape_for_terminal(explanation.document.lang),
                       shown(explanation.document.date, "none"), shown(explanation.document.date_source, "nowhere"));
    for (const std::string_view facet : {"country", "org", "incident", "actor"}) {
        const auto found = explanation.facets.find(std::string(facet));
        if (found == explanation.facets.end()) {
            out << fmt::format("  {}: none\n", facet);
            continue;
        }
        out << fmt::format("  {}:\n", facet);
        for (const Explanation::Value& value : found->second) {
            std::string words;
            for (const std::string& word : value.words)
                words += (words.empty() ? "\"" : ", \"") + escape_for_terminal(word) + "\"";
            out << fmt::format("    {} ({}) <- {}\n", escape_for_terminal(value.value), escape_for_terminal(value.name),
                               words);
        }
    }
}

}  // namespace dossier::searcher
