// SPDX-License-Identifier: MIT
#include "cli.h"

#include <sstream>
#include <stdexcept>

namespace dossier::test {

ProcessResult index(const std::vector<std::string>& args, const std::filesystem::path& cwd, int timeout_seconds) {
    return run_process(INDEXER_EXE, args, {{"DOSSIER_DB", ""}}, cwd, timeout_seconds);
}

ProcessResult search(const std::filesystem::path& database, const std::vector<std::string>& args,
                     int timeout_seconds) {
    std::vector<std::string> full{"--db", database.string()};
    full.insert(full.end(), args.begin(), args.end());
    return run_process(SEARCHER_EXE, full, {{"DOSSIER_DB", ""}, {"NO_COLOR", ""}}, {}, timeout_seconds);
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

std::string describe(const ProcessResult& run) {
    std::ostringstream text;
    text << run.command << "\nexit " << run.exit_code << " after " << run.seconds << " s\nstdout: " << run.out
         << "\nstderr: " << run.err;
    return text.str();
}

bool database_is_sound(const std::filesystem::path& database, std::string* report) {
    const ProcessResult check = run_process("/usr/bin/xapian-check", {database.string()});
    if (report) *report = check.out + check.err;
    return check.exit_code == 0;
}

}  // namespace dossier::test
