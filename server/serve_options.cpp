// SPDX-License-Identifier: MIT
#include "serve_options.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "base/command_line.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "base/utf8.h"
#include "base/version.h"
#include "index/database.h"

namespace dossier::server {

namespace {

// "127.0.0.1:8080", "[::1]:8080", "localhost:0" -> host and port.
std::pair<std::string, int> split_listen(const std::string& value) {
    const std::string usage = "--listen " + value + ": give ADDRESS:PORT (127.0.0.1:8080, [::1]:8080, 0.0.0.0:8080)";
    std::string host;
    std::string port;
    if (value.starts_with('[')) {
        const std::size_t close = value.find("]:");
        if (close == std::string::npos) throw UsageError(usage);
        host = value.substr(1, close - 1);
        port = value.substr(close + 2);
    } else {
        const std::size_t colon = value.rfind(':');
        if (colon == std::string::npos || value.find(':') != colon) throw UsageError(usage);
        host = value.substr(0, colon);
        port = value.substr(colon + 1);
    }
    int number = -1;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
    if (host.empty() || port.empty() || error != std::errc() || end != port.data() + port.size() || number < 0 ||
        number > 65535)
        throw UsageError(usage);
    return {host, number};
}

// The token: the file's first line, without surrounding blanks.
std::string read_token(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("--token-file " + path + ": cannot be read: " + std::strerror(errno));
    std::string token;
    std::getline(in, token);
    const auto blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!token.empty() && blank(token.back())) token.pop_back();
    while (!token.empty() && blank(token.front())) token.erase(token.begin());
    if (token.size() < 16)
        throw UsageError("--token-file " + path + ": the token is empty or shorter than 16 characters; "
                         "make one with: head -c 32 /dev/urandom | base64 > " + path);
    return token;
}

}  // namespace

bool is_loopback(const std::string& host) {
    if (host == "localhost") return true;
    in_addr v4{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

ParsedServeOptions parse_serve_options(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
    CLI::App app("dossier-serve: the search page and a read-only HTTP/JSON API over dossier databases",
                 "dossier-serve");
    app.set_version_flag("--version", "dossier-serve " + std::string(dossier::kVersion));
    app.footer(
        "Endpoints: / (the search page), /api/search, /api/doc, /api/explain, /api/facets, /healthz\n"
        "(man dossier-serve). Only GET and HEAD. Off loopback the API needs --token-file (a bearer\n"
        "token) or --no-auth; put a reverse proxy with TLS in front of it there.\n"
        "Database: --db (repeat to search several), else $DOSSIER_DB, else $XDG_DATA_HOME/dossier/index.\n"
        "Prints 'dossier-serve: listening on http://ADDRESS:PORT/' to stderr once bound, then one\n"
        "access-log line per request. SIGTERM or SIGINT stops it.\n"
        "Exit status: 0 stopped; 2 usage error (or the address cannot be bound).");
    ParsedServeOptions parsed;
    ServeSettings& settings = parsed.settings;
    std::vector<std::string> databases;
    std::string listen = "127.0.0.1:8080";
    std::string token_file;
    bool no_auth = false;
    app.add_option("--db", databases, "Database folder; repeat to search several together")
        ->allow_extra_args(false)
        ->type_name("DIR");
    app.add_option("--listen", listen, "Address and port; port 0 takes a free one")
        ->type_name("ADDR:PORT")
        ->capture_default_str();
    app.add_option("--token-file", token_file, "File whose first line is the bearer token the API needs")
        ->type_name("FILE");
    app.add_flag("--no-auth", no_auth, "Serve the API without a token off loopback too");
    app.add_option("--workers", settings.workers, "Threads answering requests (one connection each)")
        ->type_name("N")
        ->check(CLI::Range(1u, 256u))
        ->capture_default_str();
    app.add_flag("--log-queries", settings.log_queries, "Show each request's query string in the access log");
    app.add_option("--timeout", settings.remote.timeout_seconds,
                   "Wait this long for each remote shard of a stub --db to connect and answer (docs/shards.md)")
        ->type_name("SECONDS")
        ->check(CLI::Range(1u, kMaxRemoteTimeout))
        ->capture_default_str();
    app.add_flag("--allow-partial", settings.remote.allow_partial,
                 "Answer from the remote shards that answer (JSON: \"partial\", \"missing_shards\"); a shard "
                 "left out is tried again for each request");
    try {
        app.parse(argc, argv);
        if (std::find(databases.begin(), databases.end(), std::string()) != databases.end())
            throw UsageError("--db needs a database folder; an empty value names none");
        settings.databases = databases.empty() ? std::vector<std::string>{default_database_path()} : databases;
        std::tie(settings.host, settings.port) = split_listen(listen);
        if (!token_file.empty() && no_auth) throw UsageError("--token-file and --no-auth cannot be used together");
        if (!token_file.empty()) settings.token = read_token(token_file);
        if (token_file.empty() && !no_auth && !is_loopback(settings.host))
            throw UsageError("--listen " + listen +
                             " can be reached from other machines: give --token-file FILE (a bearer token the API "
                             "will need) or, behind a proxy that checks who may ask, --no-auth");
    } catch (...) {
        parsed.exit_code = command_line_status("dossier-serve", app, out, err);
        return parsed;
    }
    parsed.run = true;
    return parsed;
}

}  // namespace dossier::server
