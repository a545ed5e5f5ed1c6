// SPDX-License-Identifier: MIT
// Running the real dossier binaries from end-to-end tests.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace dossier::test {

struct ProcessResult {
    int exit_code = -1;  // -1 when killed by a signal or timed out
    std::string out;
    std::string err;
    std::string command;  // for failure messages
};

// Runs `program` with `args` in `cwd`, with `env` added to (or, for empty
// values, removed from) the inherited environment; gives up after
// `timeout_seconds` and kills it.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::filesystem::path& cwd = {}, int timeout_seconds = 60);

// A fresh temporary folder, removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& content);

}  // namespace dossier::test
