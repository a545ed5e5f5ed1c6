// SPDX-License-Identifier: MIT
// dossier-gazetteer: turn MISP galaxy clusters into gazetteer JSON and check
// user gazetteer files before handing them to --gazetteer.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/version.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "base/posix_io.h"
#include "base/program_errors.h"
#include "base/utf8.h"
#include "entities/gazetteer.h"
#include "tools/misp_import.h"

namespace {

using dossier::Facet;
using dossier::Gazetteer;
using dossier::UsageError;
using json = nlohmann::json;

constexpr int kOk = dossier::exit_code::kSuccess;
constexpr int kFailed = 1;  // a file could not be read, parsed or written
constexpr int kUsage = dossier::exit_code::kUsage;

// Writes a message to stderr. Messages name files and quote what is in
// them (MISP names, JSON parser errors): escaped, so none of that can drive
// the terminal.
void tell(std::string_view message) { dossier::report_failure("dossier-gazetteer", message, 0, std::cerr); }

// Thrown for a file that cannot be used; the message names it.
struct FileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(fmt::format("{}: cannot read ({})", path, std::strerror(errno)));
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw FileError(fmt::format("{}: cannot read", path));
    return text;
}

json parse_json(const std::string& path, const std::string& text) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        std::string message = e.what();
        if (const std::size_t end = message.find("] "); message.rfind("[json.exception.", 0) == 0 && end != std::string::npos)
            message.erase(0, end + 2);
        throw FileError(fmt::format("{}: not valid JSON: {}", path, message));
    }
}

// Debian's wamerican: the word list import-misp uses when given none.
constexpr const char* kDefaultWordList = "/usr/share/dict/words";

int import_misp(const std::vector<std::string>& files, const std::string& output, std::vector<std::string> word_lists) {
    json combined = {{"version", 1}, {"entries", json::array()}};
    std::vector<std::string> sources;
    dossier::OrdinaryWords words;
    bool have_words = false;
    if (word_lists.empty()) {
        std::ifstream probe(kDefaultWordList);
        if (probe) word_lists.push_back(kDefaultWordList);
        else
            tell(std::string("warning: no word list (--words; ") + kDefaultWordList +
                 " is absent): every name of one word is taken for an ordinary word and needs context");
    }
    try {
        for (const std::string& list : word_lists) {
            dossier::read_word_list(list, words);
            have_words = true;
        }
    } catch (const UsageError& e) {
        tell(e.what());
        return kFailed;
    }
    try {
        for (const std::string& file : files) {
            const json cluster = parse_json(file, read_file(file));
            std::vector<std::string> warnings;
            json imported;
            try {
                imported = dossier::import_misp_galaxy(cluster, warnings, have_words ? &words : nullptr);
            } catch (const UsageError& e) {
                throw FileError(fmt::format("{}: {}", file, e.what()));
            }
            for (const std::string& warning : warnings)
                tell("warning: " + file + ": " + warning);
            std::size_t unknown_countries = 0;
            for (const std::string& warning : warnings)
                if (warning.find("unknown") != std::string::npos && warning.find("countr") != std::string::npos)
                    ++unknown_countries;
            const std::size_t count = imported["entries"].size();
            const std::string kind = count > 0 ? imported["entries"][0]["kind"].get<std::string>() : "entrie";
            tell(fmt::format("{}: {} {}s, {} warning{} ({} unknown countr{})", file, count, kind, warnings.size(),
                             warnings.size() == 1 ? "" : "s", unknown_countries, unknown_countries == 1 ? "y" : "ies"));
            sources.push_back(imported.value("description", file));
            dossier::append_imported(combined, imported);
        }
    } catch (const FileError& e) {
        tell(e.what());
        return kFailed;
    }
    std::string description;
    for (const std::string& source : sources) description += (description.empty() ? "" : "; ") + source;
    combined["description"] = description;

    // Keys in reading order (id first), not nlohmann::json's alphabetical one.
    nlohmann::ordered_json ordered = {{"version", 1}, {"description", combined["description"]}};
    ordered["entries"] = nlohmann::ordered_json::array();
    for (const json& entry : combined["entries"]) {
        nlohmann::ordered_json item;
        for (const char* key : {"id", "kind", "name", "years", "aliases", "actor", "country", "note"})
            if (entry.contains(key)) item[key] = entry[key];
        ordered["entries"].push_back(std::move(item));
    }
    // One entry a line: compact (the built-in MISP part is compiled in) and
    // a change to an entry is a change to its line.
    std::string text = "{\"version\": 1,\n \"description\": " +
                       ordered["description"].dump(-1, ' ', false, json::error_handler_t::replace) +
                       ",\n \"entries\": [\n";
    for (std::size_t i = 0; i < ordered["entries"].size(); ++i)
        text += "  " + ordered["entries"][i].dump(-1, ' ', false, json::error_handler_t::replace) +
                (i + 1 < ordered["entries"].size() ? ",\n" : "\n");
    text += " ]\n}\n";
    // What we write must load: check it as dossier will.
    try {
        Gazetteer check;
        check.merge_json(text, output.empty() ? "<output>" : output);
    } catch (const UsageError& e) {
        tell(std::string("internal error: the converted gazetteer does not load: ") + e.what());
        return kFailed;
    }
    if (output.empty() || output == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) {
            tell("cannot write to standard output");
            return kFailed;
        }
    } else {
        std::ofstream out(output, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            tell(output + ": cannot write (" + std::strerror(errno) + ")");
            return kFailed;
        }
    }
    tell(fmt::format("wrote {} entries{}{}", combined["entries"].size(), output.empty() || output == "-" ? "" : " to ",
                     output == "-" ? "" : output));
    return kOk;
}

int check(const std::vector<std::string>& files) {
    Gazetteer gazetteer = Gazetteer::builtin();
    std::set<std::string> builtin_ids;
    for (const dossier::GazetteerEntry& entry : gazetteer.entries()) builtin_ids.insert(entry.id);
    int status = kOk;
    for (const std::string& file : files) {
        try {
            const std::string text = read_file(file);
            gazetteer.merge_json(text, file);  // validates; throws UsageError naming the entry
            const json document = json::parse(text);
            std::size_t incidents = 0, actors = 0;
            std::vector<std::string> extended;
            for (const json& entry : document["entries"]) {
                const std::string id = entry["id"].get<std::string>();
                if (builtin_ids.count(id) > 0) {
                    extended.push_back(id);
                    continue;
                }
                if (entry.value("kind", "") == "actor") ++actors;
                else ++incidents;
            }
            std::string line = fmt::format("{}: ok, {} entr{}: {} new incident{}, {} new actor{}", file,
                                           document["entries"].size(), document["entries"].size() == 1 ? "y" : "ies",
                                           incidents, incidents == 1 ? "" : "s", actors, actors == 1 ? "" : "s");
            if (!extended.empty()) {
                line += fmt::format(", {} adding to built-in entries (", extended.size());
                for (std::size_t i = 0; i < extended.size(); ++i) line += (i > 0 ? ", " : "") + extended[i];
                line += ")";
            }
            std::cout << dossier::escape_for_terminal(line) << "\n";
        } catch (const FileError& e) {
            tell(e.what());
            status = kFailed;
        } catch (const UsageError& e) {
            tell(e.what());
            status = kFailed;
        }
    }
    if (status == kOk)
        std::cout << fmt::format("together with the built-in gazetteer: {} incidents, {} actors\n",
                                 gazetteer.size(Facet::incident), gazetteer.size(Facet::actor));
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    dossier::open_missing_standard_descriptors();
    CLI::App app{
        "Work with dossier gazetteers: the incidents and threat actors that dossier-index finds in\n"
        "documents and that queries name with incident: and actor:."};
    app.name("dossier-gazetteer");
    app.set_version_flag("--version", "dossier-gazetteer " + std::string(dossier::kVersion));
    app.require_subcommand(1);
    app.footer(
        "Use the result with: dossier-index --gazetteer FILE ... and dossier-search --gazetteer FILE ...\n"
        "Exit status: 0 success; 1 a file could not be read, parsed, validated or written (named on\n"
        "stderr); 2 usage error.");

    std::vector<std::string> misp_files;
    std::string output;
    CLI::App* import = app.add_subcommand(
        "import-misp",
        "Convert MISP galaxy cluster files (threat-actor.json, mitre-intrusion-set.json,\n"
        "tidal-groups.json, ransomware.json, tidal-campaigns.json, ...) to one gazetteer file: threat\n"
        "actors, intrusion sets, groups and ransomware gangs become actors, campaigns become incidents\n"
        "(years from first_seen..last_seen). Names that are ordinary words (--words) or short\n"
        "capitals count only in context. State sponsors map to ISO country codes; names that do not\n"
        "are reported as warnings on stderr.");
    import->add_option("FILE", misp_files, "MISP galaxy cluster JSON files")->required()->type_name("FILE");
    import->add_option("-o,--output", output, "Write the gazetteer here (default: standard output)")
        ->type_name("OUT");
    std::vector<std::string> word_lists;
    import->add_option("--words", word_lists,
                       std::string("Word list (one word a line) of ordinary words; repeatable (default: ") +
                           kDefaultWordList + " when present)")
        ->type_name("FILE");

    std::vector<std::string> check_files;
    CLI::App* check_command = app.add_subcommand(
        "check",
        "Validate gazetteer files as --gazetteer would load them (in order, on top of the built-in\n"
        "gazetteer) and print what each adds.");
    check_command->add_option("FILE", check_files, "Gazetteer JSON files")->required()->type_name("FILE");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion&) {
        std::cout << app.version() << "\n";
        return kOk;
    } catch (const CLI::ParseError& e) {
        tell(e.what());
        std::cerr << "Run 'dossier-gazetteer --help' for usage.\n";
        return kUsage;
    }
    try {
        if (import->parsed()) return import_misp(misp_files, output, word_lists);
        return check(check_files);
    } catch (...) {
        return dossier::report_error("dossier-gazetteer", std::current_exception(), std::cerr);
    }
}
