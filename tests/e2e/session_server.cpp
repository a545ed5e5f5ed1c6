// SPDX-License-Identifier: MIT
#include "session_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

#include "process.h"

namespace dossier::test {

int free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    ::close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return connected;
}

std::string program_on_path(const std::string& name) {
    const ProcessResult found = run_process("/bin/sh", {"-c", "command -v " + name});
    if (found.exit_code != 0) return {};
    std::string path = found.out;
    while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.pop_back();
    return path;
}

SessionServer::SessionServer(const std::string& program, const std::vector<std::string>& args, int port)
    : port_(port) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(program.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
        ::setsid();
        std::freopen("/dev/null", "w", stdout);
        std::freopen("/dev/null", "w", stderr);
        ::execv(program.c_str(), argv.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!accepts_connections(port_)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            FAIL(program << " exited before listening on port " << port_);
        }
        if (std::chrono::steady_clock::now() > deadline) FAIL(program << " did not listen on port " << port_);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

void SessionServer::stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);  // its session's process group: the server and its connections
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
}

void SessionServer::pause() {
    if (pid_ > 0) ::kill(-pid_, SIGSTOP);
}

void SessionServer::resume() {
    if (pid_ > 0) ::kill(-pid_, SIGCONT);
}

}  // namespace dossier::test
