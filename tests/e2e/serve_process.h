// SPDX-License-Identifier: MIT
// dossier-serve started for an end-to-end test: on 127.0.0.1 and a free
// port (the port it prints once bound), its stderr (the access log) in a
// file, stopped with SIGTERM.
#pragma once

#include <sys/types.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "process.h"

namespace dossier::test {

class ServeProcess {
public:
    // Starts dossier-serve with `args` (--listen 127.0.0.1:0 added unless
    // given) and waits up to 10 seconds for its "listening on" line; fails
    // the test, with its stderr, when it exits or never says it.
    explicit ServeProcess(std::vector<std::string> args);
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;
    ~ServeProcess();  // SIGKILL if still running

    int port() const { return port_; }
    pid_t pid() const { return pid_; }
    // Resident memory now (VmRSS of /proc/PID/status), in kB.
    long rss_kb() const;
    // The most it has held so far (VmHWM), in kB.
    long peak_rss_kb() const;
    // What it printed to stderr so far.
    std::string log() const;
    // SIGTERM, then waits (SIGKILL after `timeout_seconds`); the exit code is
    // -1 when it had to be killed or died of a signal.
    int stop(int timeout_seconds = 10);

private:
    TempDir folder_;
    std::filesystem::path log_path_;
    pid_t pid_ = -1;
    int port_ = 0;
    bool reaped_ = false;
};

// dossier-serve with `args` run to its end (for options it refuses): exit
// code and stderr.
ProcessResult run_serve(const std::vector<std::string>& args, int timeout_seconds = 10);

// A whole HTTP exchange over a raw socket to 127.0.0.1:`port`: sends
// `request` as it is and returns everything the server sent until it
// closed the connection or `timeout_seconds` passed.
std::string raw_exchange(int port, const std::string& request, int timeout_seconds = 10);

// A TCP connection to `port` on loopback (the caller closes it).
int connect_loopback(int port);

// An HTTP answer: status 0 when there was none.
struct HttpReply {
    int status = 0;
    std::string body;
    httplib::Headers headers;
    // The value of header `name`; empty when it was not sent.
    std::string header(const std::string& name) const;
    // The body as JSON; fails the test, showing it, when it is not.
    nlohmann::json body_json() const;
};

// GET of `target` from 127.0.0.1:`port`, waiting up to 30 seconds.
HttpReply http_get(int port, const std::string& target, const httplib::Headers& headers = {});

// The status code of a raw response ("HTTP/1.1 404 ..." -> 404); 0 for none.
int status_of(const std::string& response);

}  // namespace dossier::test
