// SPDX-License-Identifier: MIT
#include "options.h"

#include <map>

#include <CLI/CLI.hpp>

#include "database.h"
#include "error.h"
#include "exit_codes.h"

namespace dossier::searcher {

namespace {

const std::map<std::string, OutputFormat> kFormats = {
    {"text", OutputFormat::text}, {"json", OutputFormat::json},
    {"jsonl", OutputFormat::jsonl}, {"paths", OutputFormat::paths}};

const std::map<std::string, ColorMode> kColorModes = {
    {"auto", ColorMode::automatic}, {"always", ColorMode::always}, {"never", ColorMode::never}};

std::string join(const std::vector<std::string>& words) {
    std::string joined;
    for (const std::string& word : words) {
        if (!joined.empty()) joined += ' ';
        joined += word;
    }
    return joined;
}

}  // namespace

ParsedSearchOptions parse_search_options(int argc, const char* const* argv, std::ostream& out,
                                         std::ostream& err) {
    CLI::App app{"Search a dossier database. Results are ranked by BM25; words match their\n"
                 "inflected forms in each document's own language."};
    app.name("dossier-search");
    app.set_version_flag("--version", "dossier-search 0.1.0");
    app.footer(
        "Query syntax: words (any match, best first), \"a phrase\", AND OR NOT XOR,\n"
        "+required -excluded, a NEAR b, a NEAR/3 b, title:word, lang:id, prefix* wildcards,\n"
        "brackets for grouping. Operators must be written in capitals.\n"
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
    app.add_option("QUERY", words, "The query (several words are joined with spaces)")
        ->type_name("WORD")->required();

    try {
        app.parse(argc, argv);
        request.query = join(words);
        request.databases = databases.empty() ? std::vector<std::string>{default_database_path()} : databases;
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << "\n";
        return parsed;
    } catch (const CLI::ParseError& e) {
        err << "dossier-search: " << e.what() << "\nRun 'dossier-search --help' for usage.\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    } catch (const UsageError& e) {
        err << "dossier-search: " << e.what() << "\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    }
    parsed.options.format = kFormats.at(format);
    parsed.options.color = kColorModes.at(color);
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::searcher
