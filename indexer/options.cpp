// SPDX-License-Identifier: MIT
#include "options.h"

#include <ostream>

#include <CLI/CLI.hpp>

#include "database.h"
#include "error.h"
#include "exit_codes.h"
#include "language.h"

namespace dossier::indexer {

ParsedIndexOptions parse_index_options(int argc, const char* const* argv, std::ostream& out,
                                       std::ostream& err) {
    CLI::App app{
        "Index .txt and .md files under the given folders (recursively) and files into a dossier\n"
        "database. Re-running over the same paths updates documents in place (a document is keyed\n"
        "by its absolute path)."};
    app.name("dossier-index");
    app.set_version_flag("--version", "dossier-index 0.1.0");
    app.footer(
        "Database: --db, else $DOSSIER_DB, else $XDG_DATA_HOME/dossier/index.\n"
        "Front matter at the top of a file ('---' lines with title:, date:, lang:, source:, url:)\n"
        "overrides what is detected.\n"
        "Exit status: 0 all indexed; 1 some files failed (named on stderr, the rest indexed);\n"
        "2 usage error; 3 database unusable; 75 another dossier-index holds the database.");

    std::string database;
    std::string lang;
    bool quiet = false;
    bool verbose = false;
    ParsedIndexOptions parsed;
    app.add_option("--db", database, "Database folder (created if missing)")->type_name("DIR");
    app.add_option("--lang", lang,
                   "Language of documents without a front-matter lang: (default: detect each)")
        ->type_name("LANG");
    app.add_option("--gazetteer", parsed.options.gazetteers,
                   "Extra incidents and actors (gazetteer JSON, see dossier-gazetteer); repeatable")
        ->allow_extra_args(false)
        ->type_name("FILE");
    app.add_flag("-q,--quiet", quiet, "Print only failures and errors");
    app.add_flag("-v,--verbose", verbose, "Name each file as it is indexed");
    app.add_option("PATH", parsed.options.paths, "Files and folders to index")
        ->type_name("PATH")->required();
    app.get_option("--quiet")->excludes("--verbose");

    try {
        app.parse(argc, argv);
        parsed.options.database = database.empty() ? default_database_path() : database;
        parsed.options.lang = lang.empty() ? std::string() : canonical_language_code(lang);
    } catch (const CLI::CallForHelp&) {
        out << app.help();
        return parsed;
    } catch (const CLI::CallForVersion&) {
        out << app.version() << "\n";
        return parsed;
    } catch (const CLI::ParseError& e) {
        err << "dossier-index: " << e.what() << "\nRun 'dossier-index --help' for usage.\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    } catch (const UsageError& e) {
        err << "dossier-index: " << e.what() << "\n";
        parsed.exit_code = exit_code::kUsage;
        return parsed;
    }
    parsed.options.verbosity = quiet ? Verbosity::quiet : verbose ? Verbosity::verbose : Verbosity::normal;
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::indexer
