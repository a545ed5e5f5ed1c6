// SPDX-License-Identifier: MIT
#include "options.h"


#include <algorithm>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "base/version.h"
#include "base/strings.h"
#include "index/database.h"
#include "entities/entity.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "search/query.h"
#include "base/utf8.h"

namespace dossier::searcher {

namespace {

const std::map<std::string, OutputFormat> kFormats = {
    {"text", OutputFormat::text}, {"json", OutputFormat::json},
    {"jsonl", OutputFormat::jsonl}, {"paths", OutputFormat::paths}};

const std::map<std::string, ColorMode> kColorModes = {
    {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};


}  // namespace

ParsedSearchOptions parse_search_options(int argc, const char* const* argv, std::ostream& out,
                                         std::ostream& err) {
    CLI::App app{"Search a dossier database. Results are ranked by BM25; words match their\n"
                 "inflected forms in each document's own language."};
    app.name("dossier-search");
    app.set_version_flag("--version", "dossier-search " + std::string(dossier::kVersion));
    app.footer(
        "Query syntax: words (any match, best first), \"a phrase\", AND OR NOT XOR,\n"
        "+required -excluded, a NEAR b, a NEAR/3 b, title:word, lang:id, format:pdf,\n"
        "country:, org:, incident:, actor:, year:2021, date:2021-01..2021-06, prefix* wildcards,\n"
        "brackets for grouping. Operators must be written in capitals.\n"
        "A query may hold at most " + std::to_string(kMaxQueryWords) + " words, " + std::to_string(kMaxWildcards) +
        " wildcards and " + std::to_string(kMaxQueryBytes) +
        " bytes; more is a query\n"
        "error (exit 2): the time to match grows with the square of the number of words.\n"
        "Filters alone (country:CN, --since 2021) list what they let through; an empty query is an error.\n"
        "A PDF hit shows the page of its snippet (path#page=N).\n"
        "Database: --db (repeat to search several), else $DOSSIER_DB, else\n"
        "$XDG_DATA_HOME/dossier/index.\n"
        "Exit status: 0 hits; 1 no hits; 2 usage or query error; 3 database missing or unreadable.");

    ParsedSearchOptions parsed;
    SearchRequest& request = parsed.options.request;
    std::vector<std::string> databases;
    std::vector<std::string> words;
    std::string format = "text";
    std::string color = "auto";
    app.add_option("--db", databases, "Database folder; repeat to search several together")
        ->allow_extra_args(false)
        ->type_name("DIR");
    app.add_option("--lang", request.lang, "Only documents in this language (code or English name)")
        ->type_name("LANG");
    app.add_option("-f,--format", format, "Output: text, json, jsonl (a hit per line) or paths")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json", "jsonl", "paths"}))
        ->capture_default_str();
    app.add_option("-n,--limit", request.limit, "Number of results")
        ->type_name("N")
        ->check(CLI::Range(Xapian::doccount{0}, kMaxLimit))
        ->capture_default_str();
    app.add_option("--offset", request.offset, "Skip this many results first")->type_name("N")->capture_default_str();
    app.add_option("--color", color, "Colour: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    std::vector<std::string> countries, orgs, incidents, actors, facets;
    const auto add_filter = [&](const char* name, std::vector<std::string>& values, const char* help) {
        app.add_option(name, values, help)->delimiter(',')->allow_extra_args(false)->type_name("NAME");
    };
    add_filter("--country", countries, "Only documents about this country (code or name in any language); repeatable");
    add_filter("--org", orgs, "Only documents naming this organisation (NATO, EU, ...); repeatable");
    add_filter("--incident", incidents, "Only documents about this incident (id or alias: WannaCry, ProxyLogon); repeatable");
    add_filter("--actor", actors, "Only documents naming this threat actor (id or alias: APT28, Hafnium); repeatable");
    app.add_option("--since", request.since, "Only documents dated on or after DATE (2021, 2021-03, 2021-03-15)")
        ->type_name("DATE");
    app.add_option("--until", request.until, "Only documents dated on or before DATE")->type_name("DATE");
    app.add_option("--facets", facets,
                   "Count these over all matches: country,org,incident,actor,lang,year,month")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("LIST");
    app.add_option("--facet-limit", request.facet_limit, "Values shown per facet (year and month show all)")
        ->check(CLI::Range(1u, 1000000u))
        ->type_name("N")
        ->capture_default_str();
    app.add_option("--display-lang", request.display_lang, "Language of country and language names")
        ->type_name("LANG")
        ->capture_default_str();
    app.add_option("--gazetteer", request.gazetteers, "Extra incidents and actors (gazetteer JSON); repeatable")
        ->allow_extra_args(false)
        ->type_name("FILE");
    auto* explain = app.add_option("--explain", parsed.options.explain,
                                   "Show which words gave document ID (or PATH, or jsonl:ID for a --jsonl "
                                   "record) its countries, orgs, incidents and actors")
                        ->type_name("ID");
    app.add_option("QUERY", words, "The query (several words are joined with spaces)")
        ->type_name("WORD");

    try {
        app.parse(argc, argv);
        // Filters alone are a query: every document they let through.
        const bool filtered = !countries.empty() || !orgs.empty() || !incidents.empty() || !actors.empty() ||
                              !request.since.empty() || !request.until.empty() || !request.lang.empty();
        if (words.empty() && explain->count() == 0 && !filtered) throw CLI::RequiredError("QUERY");
        request.query = join(words, " ");
        request.facets = facets;
        const std::pair<Facet, std::vector<std::string>*> filters[] = {
            {Facet::country, &countries}, {Facet::org, &orgs}, {Facet::incident, &incidents}, {Facet::actor, &actors}};
        for (const auto& [facet, values] : filters)
            if (!values->empty()) request.facet_filters[facet] = *values;
        if (std::find(databases.begin(), databases.end(), std::string()) != databases.end())
            throw UsageError("--db needs a database folder; an empty value names none");
        request.databases = databases.empty() ? std::vector<std::string>{default_database_path()} : databases;
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << "\n";
        return parsed;
    } catch (const CLI::ParseError& e) {
        // CLI11 quotes what was typed, which may hold control characters.
        err << "dossier-search: " << escape_for_terminal(e.what()) << "\nRun 'dossier-search --help' for usage.\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    } catch (const UsageError& e) {
        err << "dossier-search: " << escape_for_terminal(e.what()) << "\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    }
    parsed.options.format = kFormats.at(format);
    parsed.options.color = kColorModes.at(color);
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::searcher
