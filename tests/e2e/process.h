// SPDX-License-Identifier: MIT
// Running the real dossier binaries from end-to-end tests.
#pragma once

#include <chrono>
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
    long max_rss_kb = 0;  // peak resident memory of the program (and its children), from wait4
    double seconds = 0;   // wall time from start to exit
};

// Runs `program` with `args` in `cwd`, with `env` added to (or, for empty
// values, removed from) the inherited environment; gives up after
// `timeout_seconds` and kills it.
ProcessResult run_process(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::filesystem::path& cwd = {}, int timeout_seconds = 60);

// A program started in the background (a search while an index runs, two
// indexers at once). Its output goes to unlinked temporary files, so a
// chatty child never blocks on a full pipe. Killed if still running when
// destroyed.
class BackgroundProcess {
public:
    BackgroundProcess(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {});
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;
    ~BackgroundProcess();

    bool running();
    void send_signal(int signal);
    int pid() const { return pid_; }  // e.g. for nsenter into a namespace it holds
    // Waits (killing it after `timeout_seconds`) and returns what it did.
    ProcessResult wait(int timeout_seconds = 60);

private:
    int pid_ = -1;
    int status_ = 0;
    long max_rss_kb_ = 0;
    std::chrono::steady_clock::time_point started_;
    bool reaped_ = false;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string command_;
};

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
