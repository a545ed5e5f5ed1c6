// SPDX-License-Identifier: MIT
// Xapian's servers (xapian-tcpsrv, xapian-replicate-server) started for an
// end-to-end test on a loopback port, each in a session of its own: on
// SIGTERM xapian-tcpsrv signals its whole process group, which must not be
// the test runner's, and both fork a child per connection; the server and
// its children are killed together when the test is done with it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace dossier::test {

// A loopback port nobody listens on now.
int free_loopback_port();

// Whether something accepts connections on 127.0.0.1:`port`.
bool accepts_connections(int port);

// The path of `name` on $PATH; empty when it is not installed.
std::string program_on_path(const std::string& name);

class SessionServer {
public:
    // Runs `program` with `args` (which must make it listen on 127.0.0.1:
    // `port`, stdout and stderr to /dev/null) in a new session, and waits
    // up to 20 seconds for it to accept connections; fails the test when it
    // exits before or never does.
    SessionServer(const std::string& program, const std::vector<std::string>& args, int port);
    SessionServer(const SessionServer&) = delete;
    SessionServer& operator=(const SessionServer&) = delete;
    ~SessionServer() { stop(); }

    int port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

    // SIGKILL to the server's session (it and its connections' children).
    void stop();
    // SIGSTOP, SIGCONT to its session: a server that accepts connections
    // (the kernel does) but answers nothing, and again one that answers.
    void pause();
    void resume();

private:
    int port_ = 0;
    pid_t pid_ = -1;
};

}  // namespace dossier::test
