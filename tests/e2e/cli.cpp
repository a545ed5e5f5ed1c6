// SPDX-License-Identifier: MIT
#include "cli.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;

namespace dossier::test {

namespace {

// Long outputs are cut: a failure message should fit on a screen.
std::string cut(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) return text;
    return text.substr(0, limit) + "... (" + std::to_string(text.size() - limit) + " more bytes)";
}

}  // namespace

ProcessResult index(const std::vector<std::string>& args, const fs::path& cwd, int timeout_seconds) {
    return run_process(INDEXER_EXE, args, {{"DOSSIER_DB", ""}}, cwd, timeout_seconds);
}

ProcessResult search(const fs::path& database, const std::vector<std::string>& args, int timeout_seconds) {
    std::vector<std::string> full{"--db", database.string()};
    full.insert(full.end(), args.begin(), args.end());
    // No config file of the user's (~/.config/dossier/search.conf) either.
    return run_process(SEARCHER_EXE, full,
                       {{"DOSSIER_DB", ""}, {"NO_COLOR", ""}, {"XDG_CONFIG_HOME", "/nonexistent/dossier-tests"}}, {},
                       timeout_seconds);
}

nlohmann::json search_json(const fs::path& database, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "json"});
    const ProcessResult run = search(database, args);
    INFO(describe(run));
    REQUIRE(run.exit_code == 0);
    return nlohmann::json::parse(run.out);
}

ProcessResult search_all(const fs::path& database, const std::vector<std::string>& query, const std::string& format) {
    std::vector<std::string> args{"--format", format, "--limit", "10000"};
    args.insert(args.end(), query.begin(), query.end());
    return search(database, args);
}

bool can_run_as_nobody() { return ::geteuid() != 0 || fs::exists("/usr/bin/setpriv"); }

ProcessResult run_as_nobody(const std::string& program, const std::vector<std::string>& args) {
    if (::geteuid() != 0) return run_process(program, args, {{"DOSSIER_DB", ""}});
    if (!can_run_as_nobody()) throw std::runtime_error("running as root and setpriv (util-linux) is missing");
    std::vector<std::string> all{"--reuid=65534", "--regid=65534", "--clear-groups", program};
    all.insert(all.end(), args.begin(), args.end());
    return run_process("/usr/bin/setpriv", all, {{"DOSSIER_DB", ""}});
}

void open_to_all(const fs::path& folder) {
    fs::permissions(folder, fs::perms::all, fs::perm_options::add);
    for (const auto& entry : fs::recursive_directory_iterator(folder))
        fs::permissions(entry.path(),
                        entry.is_directory() ? fs::perms::all
                                             : fs::perms::owner_all | fs::perms::group_read | fs::perms::others_read,
                        fs::perm_options::add);
}

nlohmann::json summary_of(const ProcessResult& run) {
    std::istringstream lines(run.out);
    std::string line;
    std::string last;
    while (std::getline(lines, line))
        if (line.rfind('{', 0) == 0) last = line;
    if (last.empty()) throw std::runtime_error("no --summary-json line in the output of " + run.command);
    return nlohmann::json::parse(last);
}

std::string counts(const nlohmann::json& summary, const std::vector<std::string>& fields) {
    std::string text;
    for (const std::string& field : fields)
        text += (text.empty() ? "" : ", ") + field + " " + summary[field].dump();
    return text;
}

std::string file_names_of(const ProcessResult& run) {
    std::set<std::string> names;
    std::istringstream lines(run.out);
    for (std::string line; std::getline(lines, line);) names.insert(std::filesystem::path(line).filename().string());
    std::string joined;
    for (const std::string& name : names) joined += (joined.empty() ? "" : "|") + name;
    return joined;
}

std::string names_found(const std::filesystem::path& database, std::vector<std::string> args) {
    args.insert(args.begin(), {"--format", "paths", "--limit", "100"});
    const ProcessResult run = search(database, args);
    if (run.exit_code == 1) return "";
    if (run.exit_code != 0) return "exit " + std::to_string(run.exit_code) + ": " + run.err;
    return file_names_of(run);
}

std::string describe(const ProcessResult& run) {
    std::ostringstream text;
    text << cut(run.command, 600) << "\nexit " << run.exit_code << " after " << run.seconds << " s, peak RSS "
         << run.max_rss_kb << " kB\nstdout: " << cut(run.out, 4000) << "\nstderr: " << cut(run.err, 4000);
    return text.str();
}

bool database_is_sound(const fs::path& database, std::string* report) {
    const ProcessResult check = run_process("/usr/bin/xapian-check", {database.string()});
    if (report) *report = check.out + check.err;
    return check.exit_code == 0 && check.out.find("No errors found") != std::string::npos;
}

void require_sound(const fs::path& database) {
    std::string report;
    const bool sound = database_is_sound(database, &report);
    INFO("xapian-check " << database.string() << ":\n" << report);
    REQUIRE(sound);
}

Xapian::doccount document_count(const fs::path& database) { return Xapian::Database(database.string()).get_doccount(); }

std::map<std::string, std::vector<std::string>> document_terms(const fs::path& database) {
    Xapian::Database db(database.string());
    std::map<std::string, std::vector<std::string>> documents;
    for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
        const Xapian::Document document = db.get_document(*db.postlist_begin(*id));
        std::vector<std::string>& terms = documents[(*id).substr(1)];
        for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term)
            terms.push_back(*term + "/" + std::to_string(term.get_wdf()));
    }
    return documents;
}

std::set<std::string> document_paths(const fs::path& database) {
    std::set<std::string> paths;
    for (const auto& [path, terms] : document_terms(database)) paths.insert(path);
    return paths;
}

Xapian::rev revision(const fs::path& database) { return Xapian::Database(database.string()).get_revision(); }

std::string metadata(const fs::path& database, const std::string& key) {
    return Xapian::Database(database.string()).get_metadata(key);
}

std::vector<int> children_of(int parent) {
    std::vector<int> children;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        if (!std::getline(stat, line)) continue;
        const std::size_t close = line.rfind(')');  // the command name may hold spaces
        if (close == std::string::npos) continue;
        char state = 0;
        int ppid = 0;
        if (std::sscanf(line.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == parent)
            children.push_back(std::stoi(name));
    }
    return children;
}

std::size_t entries_in(const fs::path& folder) {
    std::error_code ec;
    std::size_t count = 0;
    for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
        count += it->path().filename() != "dossier.created";  // the owner marker is no shard
    return count;
}

std::size_t chunk_shards_in(const fs::path& folder) {
    std::error_code ec;
    std::size_t count = 0;
    for (auto it = fs::directory_iterator(folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        const std::string name = it->path().filename().string();
        count += !name.empty() && name.find_first_not_of("0123456789") == std::string::npos;
    }
    return count;
}

ProcessResult index_with_workers(const std::vector<std::string>& args) { return index(args, {}, kWorkerPoolSeconds); }

fs::path shards_of(const fs::path& db) { return db.string() + ".rebuild.shards"; }

std::string digest(const fs::path& database) {
    const ProcessResult run = run_process(DIGEST_EXE, {database.string()});
    REQUIRE(run.exit_code == 0);
    return run.out;
}

std::vector<std::string> id_terms_in_docid_order(const fs::path& database) {
    Xapian::Database opened(database.string());
    std::vector<std::string> ids;
    for (auto posting = opened.postlist_begin(""); posting != opened.postlist_end(""); ++posting) {
        const Xapian::Document document = opened.get_document(*posting);
        auto term = document.termlist_begin();
        term.skip_to("Q");
        ids.push_back(term != document.termlist_end() ? *term : "(no id)");
    }
    return ids;
}

void copy_corpus(const fs::path& folder) {
    fs::create_directories(folder);
    fs::copy(CORPUS_DIR, folder, fs::copy_options::recursive);
}

void copy_language_fixtures(const fs::path& folder) {
    fs::create_directories(folder);
    for (const std::string& name : kLanguageFixtures) fs::copy_file(fs::path(FIXTURES_DIR) / name, folder / name);
}

}  // namespace dossier::test
