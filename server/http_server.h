// SPDX-License-Identifier: MIT
// dossier-serve's HTTP side, on cpp-httplib: the routes, the bearer token,
// the limits on what a client may send, the worker pool and the access log.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "index/database.h"

namespace dossier::server {

struct ServeSettings {
    std::vector<std::string> databases;
    std::string host = "127.0.0.1";  // as --listen gave it ("::1" without brackets)
    int port = 8080;                 // 0: any free port
    std::string token;               // the bearer token the API needs; empty: none
    unsigned workers = 8;            // threads answering requests, one connection each
    bool log_queries = false;        // the access log shows the query string
    RemoteOptions remote;            // remote shards of a stub --db: --timeout, --allow-partial
};

// What a client may send, and for how long (dossier-serve(1), LIMITS).
inline constexpr std::size_t kMaxRequestHeadBytes = 16 * 1024;  // request line and headers together
inline constexpr std::size_t kMaxHeaderLines = 100;
inline constexpr int kHeadSeconds = 10;          // the whole request line and headers must arrive in this
inline constexpr int kReadTimeoutSeconds = 5;    // any one read or write
inline constexpr int kWriteTimeoutSeconds = 5;
inline constexpr int kKeepAliveSeconds = 5;      // an idle kept-alive connection is closed after this
inline constexpr std::size_t kKeepAliveRequests = 100;
inline constexpr std::size_t kQueuedConnectionsPerWorker = 16;  // beyond: 503 at once

class HttpServer {
public:
    explicit HttpServer(ServeSettings settings);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds the address; returns the port bound (the free one for port 0).
    // Throws UsageError when it cannot be bound.
    int bind();
    // Serves until stop(); returns false when serving failed.
    bool run();
    // From any thread: stops accepting, lets the requests in progress end.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// `a` equals `b`, in time that depends only on their lengths.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace dossier::server
