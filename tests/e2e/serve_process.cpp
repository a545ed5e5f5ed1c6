// SPDX-License-Identifier: MIT
#include "serve_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

namespace dossier::test {

namespace {

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The program's environment: no $DOSSIER_DB of the user's.
std::vector<std::string> environment() {
    std::vector<std::string> env;
    for (char** entry = environ; *entry != nullptr; ++entry)
        if (!std::string_view(*entry).starts_with("DOSSIER_DB=")) env.emplace_back(*entry);
    return env;
}

pid_t spawn(const std::vector<std::string>& args, const std::filesystem::path& log) {
    std::vector<std::string> argv{SERVE_EXE};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (std::string& arg : argv) c_argv.push_back(arg.data());
    c_argv.push_back(nullptr);
    std::vector<std::string> env = environment();
    std::vector<char*> c_env;
    for (std::string& entry : env) c_env.push_back(entry.data());
    c_env.push_back(nullptr);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(log_fd >= 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int null_fd = ::open("/dev/null", O_RDWR);
        ::dup2(null_fd, 0);
        ::dup2(null_fd, 1);
        ::dup2(log_fd, 2);
        ::execve(c_argv[0], c_argv.data(), c_env.data());
        ::_exit(127);
    }
    ::close(log_fd);
    REQUIRE(pid > 0);
    return pid;
}

int wait_exit(pid_t pid, int timeout_seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

ServeProcess::ServeProcess(std::vector<std::string> args) : log_path_(folder_ / "serve.log") {
    if (std::find(args.begin(), args.end(), "--listen") == args.end()) {
        args.push_back("--listen");
        args.push_back("127.0.0.1:0");
    }
    pid_ = spawn(args, log_path_);
    static const std::regex listening("dossier-serve: listening on http://[^ ]+:([0-9]+)/");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const std::string text = log();
        if (std::regex_search(text, match, listening)) {
            port_ = std::stoi(match[1]);
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            FAIL("dossier-serve exited before listening: " << log());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("dossier-serve did not say it was listening within 10 s: " << log());
}

ServeProcess::~ServeProcess() {
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
}

namespace {

// A "Name:   123 kB" line of /proc/PID/status, in kB; -1 without it.
long status_kb(pid_t pid, const std::string& name) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.starts_with(name + ":")) return std::stol(line.substr(name.size() + 1));
    return -1;
}

}  // namespace

long ServeProcess::rss_kb() const { return status_kb(pid_, "VmRSS"); }

long ServeProcess::peak_rss_kb() const { return status_kb(pid_, "VmHWM"); }

std::string ServeProcess::log() const { return read_whole(log_path_); }

int ServeProcess::stop(int timeout_seconds) {
    if (reaped_) return -1;
    ::kill(pid_, SIGTERM);
    reaped_ = true;
    return wait_exit(pid_, timeout_seconds);
}

ProcessResult run_serve(const std::vector<std::string>& args, int timeout_seconds) {
    return run_process(SERVE_EXE, args, {{"DOSSIER_DB", ""}}, {}, timeout_seconds);
}

int connect_loopback(int port) {
    const int sock = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(sock >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return sock;
}

std::string raw_exchange(int port, const std::string& request, int timeout_seconds) {
    const int sock = connect_loopback(port);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    std::size_t sent = 0;
    std::string response;
    char buffer[4096];
    // Sends and reads together: the server may answer (and close) before
    // all of the request is sent.
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd fd{sock, static_cast<short>(POLLIN | (sent < request.size() ? POLLOUT : 0)), 0};
        if (::poll(&fd, 1, 100) <= 0) continue;
        if (fd.revents & POLLIN) {
            const ssize_t got = ::recv(sock, buffer, sizeof buffer, 0);
            if (got <= 0) break;
            response.append(buffer, static_cast<std::size_t>(got));
            continue;
        }
        if (fd.revents & (POLLERR | POLLHUP)) break;
        if (fd.revents & POLLOUT) {
            const ssize_t put = ::send(sock, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
            if (put < 0) break;  // the server closed: read what it said
            sent += static_cast<std::size_t>(put);
        }
    }
    // Whatever is left to read after a failed send.
    for (;;) {
        pollfd fd{sock, POLLIN, 0};
        if (::poll(&fd, 1, 200) <= 0) break;
        const ssize_t got = ::recv(sock, buffer, sizeof buffer, 0);
        if (got <= 0) break;
        response.append(buffer, static_cast<std::size_t>(got));
    }
    ::close(sock);
    return response;
}

int status_of(const std::string& response) {
    static const std::regex status_line("^HTTP/1\\.[01] ([0-9]{3})");
    std::smatch match;
    return std::regex_search(response, match, status_line) ? std::stoi(match[1]) : 0;
}

std::string HttpReply::header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

nlohmann::json HttpReply::body_json() const {
    INFO("status " << status << ", body: " << body.substr(0, 2000));
    return nlohmann::json::parse(body);
}

HttpReply http_get(int port, const std::string& target, const httplib::Headers& headers) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    const httplib::Result result = client.Get(target.c_str(), headers);
    HttpReply reply;
    if (!result) return reply;
    reply.status = result->status;
    reply.body = result->body;
    reply.headers = result->headers;
    return reply;
}

}  // namespace dossier::test
