// SPDX-License-Identifier: MIT
#include "options.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>

#include <CLI/CLI.hpp>

#include "base/version.h"
#include "base/strings.h"
#include "index/database.h"
#include "entities/entity.h"
#include "base/command_line.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "search/facets.h"
#include "search/query.h"
#include "search/sorting.h"
#include "base/utf8.h"
#include "text/language.h"

namespace dossier::searcher {

namespace {

const std::map<std::string, OutputFormat> kFormats = {
    {"text", OutputFormat::text}, {"json", OutputFormat::json},
    {"jsonl", OutputFormat::jsonl}, {"csv", OutputFormat::csv},
    {"paths", OutputFormat::paths}, {"paths0", OutputFormat::paths0}};

const std::map<std::string, ColorMode> kColorModes = {
    {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};

// The help of the filter option of `facet` (--country, ...).
const char* filter_help(Facet facet) {
    switch (facet) {
    case Facet::country:
        return "Only documents about this country (code or name in any language); repeatable";
    case Facet::org:
        return "Only documents naming this organisation (NATO, EU, ...); repeatable";
    case Facet::incident:
        return "Only documents about this incident (id or alias: WannaCry, ProxyLogon); repeatable";
    case Facet::actor:
        return "Only documents naming this threat actor (id or alias: APT28, Hafnium); repeatable";
    }
    return "";
}

// The text after CLI11's "INI was not able to parse " in a ConfigError for
// a key no option has: the key.
std::string unknown_config_key(const std::string& message) {
    const std::string prefix = "INI was not able to parse ";
    return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : std::string();
}

}  // namespace

std::string default_config_path() {
    if (const char* config = std::getenv("XDG_CONFIG_HOME"); config != nullptr && *config == '/')
        return std::string(config) + "/dossier/search.conf";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0')
        return std::string(home) + "/.config/dossier/search.conf";
    return "";
}

// --limit: an unsigned number would otherwise read "-5" or a number past
// its range as CLI11's terse "Could not convert".
const CLI::Validator kLimit(
    [](std::string& value) {
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
            return "'" + value + "' is not a number of results (0 or more)";
        if (value.size() > 9) return value + " is too large; the most is " + std::to_string(dossier::kMaxLimit);
        return std::string();
    },
    "N");

ParsedSearchOptions parse_search_options(int argc, const char* const* argv, std::ostream& out,
                                         std::ostream& err) {
    CLI::App app{"Search a dossier database. Results are ranked by BM25; words match their\n"
                 "inflected forms in each document's own language."};
    app.name("dossier-search");
    app.set_version_flag("--version", "dossier-search " + std::string(dossier::kVersion));
    app.footer(
        "Query syntax: words (any match, best first), \"a phrase\", AND OR NOT XOR,\n"
        "+required -excluded, a NEAR b, a NEAR/3 b, title:word, lang:id, format:pdf,\n"
        "country:, org:, incident:, actor:, year:2021, date:2021-01..2021-06 (or 2023-04-13, 30d),\n"
        "source:fmprc.gov.cn, path:FOLDER, added:12.. (index run or date), prefix* wildcards, "
        "brackets for grouping. Operators must be written in capitals.\n"
        "A query may hold at most " + std::to_string(kMaxQueryWords) + " words, " + std::to_string(kMaxWildcards) +
        " wildcards and " + std::to_string(kMaxQueryBytes) +
        " bytes; more is a query\n"
        "error (exit 2): the time to match grows with the square of the number of words.\n"
        "Filters alone (country:CN, --since 2021) list what they let through; an empty query is an error\n"
        "unless --facets is given (it then counts over every document).\n"
        "A PDF hit shows the page of its snippet (path#page=N).\n"
        "Database: --db (repeat to search several), else $DOSSIER_DB, else\n"
        "$XDG_DATA_HOME/dossier/index.\n"
        "Defaults for any option: --config FILE, else $XDG_CONFIG_HOME/dossier/search.conf\n"
        "(~/.config/dossier/search.conf), as lines such as 'limit = 20' or 'facets = \"country,year\"';\n"
        "the command line wins, and a db there wins over $DOSSIER_DB.\n"
        "--queries FILE (- for standard input): one query (or JSON object) per line, one JSON\n"
        "object per query out, each with its \"line\"; exit 1 when a line was bad.\n"
        "Exit status: 0 hits; 1 no hits; 2 usage or query error; 3 database missing or unreadable;\n"
        "74 standard output could not be written.");

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
    app.add_option("-f,--format", format,
                   "Output: text, json, jsonl (a hit per line), csv, paths or paths0 (NUL-terminated)")
        ->type_name("FORMAT")
        ->check(CLI::IsMember({"text", "json", "jsonl", "csv", "paths", "paths0"}))
        ->capture_default_str();
    // The most allowed (kMaxLimit) is checked by run_search, whose message
    // names it.
    app.add_option("-n,--limit", request.limit, "Number of results (at most " + std::to_string(kMaxLimit) + ")")
        ->type_name("N")
        ->check(kLimit)
        ->capture_default_str();
    app.add_option("--offset", request.offset, "Skip this many results first")->type_name("N")->capture_default_str();
    app.add_option("--color", color, "Colour: auto (on a terminal, unless NO_COLOR is set), always, never")
        ->type_name("WHEN")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    std::map<Facet, std::vector<std::string>> filter_values;  // --country etc.
    for (const EntityFacetName& entity : kEntityFacets)
        app.add_option("--" + std::string(entity.name), filter_values[entity.facet], filter_help(entity.facet))
            ->delimiter(',')
            ->allow_extra_args(false)
            ->type_name("NAME");
    bool no_inferred = false;
    app.add_flag("--no-inferred", no_inferred,
                 "Leave out countries a document reaches only through a threat actor it names "
                 "(Lazarus -> KP) from country filters and counts");
    bool no_expand = false;
    app.add_flag("--no-expand", no_expand,
                 "Take names in the query as words only: without it, a country, organisation, incident or "
                 "actor written with a capital (Tiongkok, Fancy Bear, 中国) also finds the documents about it, "
                 "ranked after those with the words");
    app.add_flag("--all-copies", request.all_copies,
                 "List every copy of a text (the same words, or the same statement with another header, "
                 "footer or format) as a result of its own, and count each; by default copies are one "
                 "result, and totals, --count and facets count stories, not files");
    app.add_option("--since", request.since, "Only documents dated on or after DATE (2021, 2021-03, 2021-03-15; or back from "
                   "today: today, yesterday, 30d, 2w, 6m, 1y)")
        ->type_name("DATE");
    app.add_option("--until", request.until, "Only documents dated on or before DATE")->type_name("DATE");
    app.add_option("--facets", request.facets, "Count these over all matches: " + search_facet_names(","))
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
    app.add_option("--timeout", request.remote.timeout_seconds,
                   "Wait this long for each remote shard to connect and answer (docs/shards.md)")
        ->type_name("SECONDS")
        ->capture_default_str();
    app.add_flag("--allow-partial", request.remote.allow_partial,
                 "Search the remote shards that answer, naming those left out on stderr (JSON: \"partial\")");
    app.add_option("--gazetteer", request.gazetteers, "Extra incidents and actors (gazetteer JSON); repeatable")
        ->allow_extra_args(false)
        ->type_name("FILE");
    auto* explain = app.add_option("--explain", parsed.options.explain,
                                   "Show which words gave document ID (or PATH, or jsonl:ID for a --jsonl "
                                   "record) its countries, orgs, incidents and actors")
                        ->type_name("ID");
    auto* show = app.add_option("--show", parsed.options.show,
                                "Print document KEY whole: its metadata, facet values and text (KEY: a path, "
                                "jsonl:ID, a location path#page=N or a result id)")
                     ->type_name("KEY");
    auto* like = app.add_option("--like", request.like,
                                "Rank documents like document KEY (not it, nor its copies); a QUERY and "
                                "filters narrow them")
                     ->type_name("KEY");
    std::string sort;
    app.add_option("--sort", sort,
                   "Order: relevance (the default for words), newest or oldest (filters alone: newest); "
                   "ties by relevance, then path")
        ->type_name("ORDER")
        ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
    app.add_flag("--count", parsed.options.count,
                 "Print only how many documents match (exit 0 if any, 1 if none)");
    auto* queries = app.add_option("--queries", parsed.options.queries,
                                   "Run each line of FILE (- for standard input) as a query, or a JSON object "
                                   "with query, id and filters; writes a JSON object per line")
                        ->type_name("FILE");
    add_saved_search_options(app, parsed.options.saved, request);
    const std::string config_default = default_config_path();
    auto* config = app.set_config("--config", config_default,
                                  "Defaults for these options, one 'name = value' a line (CLI11 format); "
                                  "the command line wins");
    config->type_name("FILE");
    app.allow_config_extras(false);
    app.add_option("QUERY", words, "The query (several words are joined with spaces)")
        ->type_name("WORD");

    try {
        try {
            app.parse(argc, argv);
        } catch (const CLI::FileError& e) {
            throw UsageError("--config: " + std::string(e.what()));
        } catch (const CLI::ConfigError& e) {
            const std::string file = config->count() > 0 ? config->as<std::string>() : config_default;
            const std::string key = unknown_config_key(e.what());
            if (key.empty()) throw UsageError(std::string(e.what()) + " (in config file " + file + ")");
            throw UsageError("unknown key '" + key + "' in config file " + file);
        }
        if (queries->count() > 0) {
            if (!words.empty())
                throw UsageError("--queries reads the queries from " + parsed.options.queries +
                                 "; give no QUERY with it");
            if (explain->count() > 0) throw UsageError("--queries and --explain cannot be used together");
            if (show->count() > 0) throw UsageError("--queries and --show cannot be used together");
            if (parsed.options.count) throw UsageError("--queries writes each query's count as estimated_total; give no --count with it");
            if (app.get_option("--format")->count() > 0 && format != "json" && format != "jsonl")
                throw UsageError("--queries writes JSON lines; --format " + format +
                                 " does not apply (leave --format out or use json)");
            if (parsed.options.queries.empty()) throw UsageError("--queries needs a file, or - for standard input");
        }
        check_saved_search_options(app, parsed.options.saved, request, !words.empty());
        if (request.limit > kMaxLimit)
            throw UsageError("--limit " + std::to_string(request.limit) + " is too large; the most is " +
                             std::to_string(kMaxLimit));
        // Filters alone are a query: every document they let through.
        for (const auto& [facet, values] : filter_values)
            if (!values.empty()) request.facet_filters[facet] = values;
        const bool filtered = !request.facet_filters.empty() || !request.since.empty() || !request.until.empty() ||
                              !request.lang.empty() || !request.new_since.empty();
        // --facets alone counts over every document.
        if (explain->count() > 0 && show->count() > 0) throw UsageError("--explain and --show cannot be used together");
        if ((explain->count() > 0 || show->count() > 0) && (like->count() > 0 || parsed.options.count))
            throw UsageError(std::string(explain->count() > 0 ? "--explain" : "--show") +
                             " reads one document; it takes no --like or --count");
        if (like->count() > 0 && request.like.empty()) throw UsageError("--like needs a document key");
        if (show->count() > 0 && parsed.options.show.empty()) throw UsageError("--show needs a document key");
        if (!sort.empty()) request.sort = sort_order_named(sort);
        if (words.empty() && explain->count() == 0 && show->count() == 0 && like->count() == 0 &&
            queries->count() == 0 && !filtered && request.facets.empty() && !parsed.options.saved.needs_no_query())
            throw CLI::RequiredError("QUERY");
        request.query = join(words, " ");
        request.inferred = !no_inferred;
        request.expand_names = !no_expand;
        try {
            request.display_lang = display_language_tag(request.display_lang);
        } catch (const UsageError& e) {
            throw UsageError("--display-lang " + request.display_lang + ": " + e.what());
        }
        if (std::find(databases.begin(), databases.end(), std::string()) != databases.end())
            throw UsageError("--db needs a database folder; an empty value names none");
        request.databases = databases.empty() ? std::vector<std::string>{default_database_path()} : databases;
    } catch (const CLI::ExtrasError& e) {
        // "cyber -Blinken": the shell gives "-Blinken" as an option.
        const std::vector<std::string> extras = app.remaining();
        const auto dashed = std::find_if(extras.begin(), extras.end(),
                                         [](const std::string& arg) { return arg.size() > 1 && arg[0] == '-' && arg[1] != '-'; });
        if (dashed == extras.end()) {
            err << "dossier-search: " << escape_for_terminal(e.what()) << "\nRun 'dossier-search --help' for usage.\n";
        } else {
            std::vector<std::string> query = words;
            query.insert(query.end(), extras.begin(), extras.end());
            const std::string shown = escape_for_terminal(join(query, " "));
            err << "dossier-search: " << escape_for_terminal(*dashed)
                << " is not an option; to leave out a word, quote the whole query (dossier-search '" << shown
                << "') or put -- before it (dossier-search -- " << shown << ")\n";
        }
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    } catch (...) {
        parsed.exit_code = command_line_status("dossier-search", app, out, err);
        return parsed;
    }
    parsed.options.format = kFormats.at(format);
    parsed.options.color = kColorModes.at(color);
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::searcher
