// SPDX-License-Identifier: MIT
// The limits here, not httplib's: Debian's cpp-httplib 0.11.4 is a shared
// library built with its defaults, so CPPHTTPLIB_* macros set before the
// include would change nothing, and that version reads a header line or a
// chunked body without bound (fixed upstream in 0.20-0.23). So every byte a
// client sends goes through GuardedSocketStream, which ends a request
// whose line and headers pass kMaxRequestHeadBytes, kMaxHeaderLines or
// kHeadSeconds, and a request that announces a body (Content-Length,
// Transfer-Encoding) is answered before the body is read and its connection
// closed. The keep-alive loop is ours too, so no connection holds a worker
// while others wait.
#include "http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <ctime>
#include <deque>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "api.h"
#include "base/error.h"
#include "base/utf8.h"
#include "page_files.h"

namespace dossier::server {

namespace {

using Clock = std::chrono::steady_clock;

// Per worker thread: when the request being answered began, and what its
// handling found about the connection.
thread_local Clock::time_point t_request_start = Clock::now();
thread_local bool t_close_after_response = false;  // it announced a body: do not read on
thread_local bool t_head_overflow = false;          // its head passed a limit: answer 431
thread_local bool t_overloaded = false;             // run in the accept thread: answer 503

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const httplib::Headers& security_headers() {
    static const httplib::Headers headers = {
        {"Content-Security-Policy", kContentSecurityPolicy},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
    };
    return headers;
}

bool wait_for(int sock, short events, int milliseconds) {
    pollfd fd{sock, events, 0};
    for (;;) {
        const int ready = ::poll(&fd, 1, milliseconds);
        if (ready < 0 && errno == EINTR) continue;
        return ready > 0;
    }
}

// A connection's socket as httplib reads and writes it, counting what the
// client sends for the request line and headers.
class GuardedSocketStream final : public httplib::Stream {
public:
    explicit GuardedSocketStream(int sock) : sock_(sock) {}

    // Before each request on the connection.
    void start_request() {
        in_head_ = true;
        head_started_ = false;
        head_bytes_ = 0;
        head_lines_ = 0;
        recent_ = 0;
        overflow_ = false;
        wrote_ = false;
    }
    bool overflowed() const { return overflow_; }
    bool wrote() const { return wrote_; }
    bool has_buffered() const { return position_ < end_; }

    bool is_readable() const override {
        return position_ < end_ || wait_for(sock_, POLLIN, kReadTimeoutSeconds * 1000);
    }
    bool is_writable() const override { return wait_for(sock_, POLLOUT, kWriteTimeoutSeconds * 1000); }

    ssize_t read(char* out, size_t size) override {
        if (!in_head_) return -1;  // a body: never read (answered before, see pre_routing)
        if (!head_started_) {
            head_started_ = true;
            head_deadline_ = Clock::now() + std::chrono::seconds(kHeadSeconds);
            t_request_start = Clock::now();
        }
        if (position_ == end_) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(head_deadline_ - Clock::now());
            const int wait = static_cast<int>(std::clamp<long long>(left.count(), 0, kReadTimeoutSeconds * 1000));
            if (wait == 0 || !wait_for(sock_, POLLIN, wait)) return fail_head(left.count() <= 0);
            const ssize_t got = ::recv(sock_, buffer_, sizeof buffer_, 0);
            if (got <= 0) return got;
            position_ = 0;
            end_ = static_cast<std::size_t>(got);
        }
        // Up to the end of the head at most: what follows is another request.
        std::size_t take = std::min(size, end_ - position_);
        for (std::size_t i = 0; i < take; ++i) {
            const char c = buffer_[position_ + i];
            recent_ = (recent_ << 8 | static_cast<unsigned char>(c)) & 0xFFFFFF;
            ++head_bytes_;
            if (c == '\n') ++head_lines_;
            if (recent_ == ('\n' << 16 | '\r' << 8 | '\n')) {  // the empty line after the headers
                in_head_ = false;
                take = i + 1;
                break;
            }
        }
        if (head_bytes_ > kMaxRequestHeadBytes || head_lines_ > kMaxHeaderLines + 1) return fail_head(true);
        std::memcpy(out, buffer_ + position_, take);
        position_ += take;
        return static_cast<ssize_t>(take);
    }

    ssize_t write(const char* data, size_t size) override {
        if (!is_writable()) return -1;
        wrote_ = true;
        return ::send(sock_, data, size, MSG_NOSIGNAL);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override { address_of(false, ip, port); }
    void get_local_ip_and_port(std::string& ip, int& port) const override { address_of(true, ip, port); }
    socket_t socket() const override { return sock_; }

private:
    ssize_t fail_head(bool overflow) {
        overflow_ = overflow_ || overflow;
        t_head_overflow = overflow_;
        return -1;
    }

    void address_of(bool local, std::string& ip, int& port) const {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        auto* any = reinterpret_cast<sockaddr*>(&address);
        if ((local ? ::getsockname(sock_, any, &length) : ::getpeername(sock_, any, &length)) != 0) return;
        char text[INET6_ADDRSTRLEN] = {};
        if (address.ss_family == AF_INET) {
            const auto* in = reinterpret_cast<const sockaddr_in*>(&address);
            ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
            port = ntohs(in->sin_port);
        } else if (address.ss_family == AF_INET6) {
            const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&address);
            ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
            port = ntohs(in6->sin6_port);
        }
        ip = text;
    }

    int sock_;
    char buffer_[4096];
    std::size_t position_ = 0, end_ = 0;
    bool in_head_ = true, head_started_ = false, overflow_ = false, wrote_ = false;
    std::size_t head_bytes_ = 0, head_lines_ = 0;
    std::uint32_t recent_ = 0;  // the last three bytes
    Clock::time_point head_deadline_;
};

// The worker threads, with a bounded queue of accepted connections; past
// it a connection is answered 503 at once in the accepting thread.
class WorkerPool final : public httplib::TaskQueue {
public:
    WorkerPool(unsigned workers, std::size_t max_queued) : max_queued_(max_queued) {
        for (unsigned i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }

    void enqueue(std::function<void()> job) override {
        {
            std::lock_guard lock(mutex_);
            if (jobs_.size() < max_queued_) {
                jobs_.push_back(std::move(job));
                ready_.notify_one();
                return;
            }
        }
        t_overloaded = true;
        job();
        t_overloaded = false;
    }

    void shutdown() override {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (std::thread& thread : threads_) thread.join();
    }

    bool others_waiting() {
        std::lock_guard lock(mutex_);
        return !jobs_.empty();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
                if (jobs_.empty()) return;  // stopping, and nothing left
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            job();
        }
    }

    std::size_t max_queued_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    ::gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// One line, written at once (threads share stderr).
void log_line(const std::string& method, const std::string& path, int status) {
    const std::chrono::duration<double, std::milli> took = Clock::now() - t_request_start;
    const std::string line = fmt::format("{} {} {} {} {:.1f}ms\n", utc_now(), escape_for_terminal(method),
                                         escape_for_terminal(path), status, took.count());
    [[maybe_unused]] const ssize_t written = ::write(2, line.data(), line.size());
}

// A whole response written straight to the socket, for a client httplib
// never gets to (a queue full, a request line past the limit).
void send_raw(int sock, int status, const char* reason, const ApiResponse& response) {
    std::string head = fmt::format("HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                                   status, reason, response.content_type, response.body.size());
    for (const auto& [name, value] : security_headers()) head += name + ": " + value + "\r\n";
    if (status == 503) head += "Retry-After: 1\r\n";
    head += "\r\n" + response.body;
    if (wait_for(sock, POLLOUT, kWriteTimeoutSeconds * 1000))
        [[maybe_unused]] const ssize_t sent = ::send(sock, head.data(), head.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
}

class Server final : public httplib::Server {
public:
    explicit Server(WorkerPool*& pool) : pool_(pool) {}

private:
    bool process_and_close_socket(socket_t sock) override {
        if (t_overloaded) {
            send_raw(sock, 503, "Service Unavailable",
                     error_response(503, "the server is busy: every worker is answering and the queue is full",
                                    "try again in a moment; start dossier-serve with more --workers for more"));
            log_line("-", "-", 503);
            ::shutdown(sock, SHUT_RDWR);
        } else if (serve_connection(sock)) {
            linger(sock);
        } else {
            ::shutdown(sock, SHUT_RDWR);
        }
        ::close(sock);
        return true;
    }

    // Closing with unread input makes the kernel reset the connection, and
    // a reset can throw away the answer before the client reads it: so the
    // answer is sent, then up to 1 MB or half a second of what still comes
    // is read and dropped (as nginx's lingering close).
    static void linger(int sock) {
        ::shutdown(sock, SHUT_WR);
        char sink[4096];
        std::size_t drained = 0;
        const auto until = Clock::now() + std::chrono::milliseconds(500);
        while (drained < (1u << 20)) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
            if (left <= 0 || !wait_for(sock, POLLIN, static_cast<int>(left))) break;
            const ssize_t got = ::recv(sock, sink, sizeof sink, 0);
            if (got <= 0) break;
            drained += static_cast<std::size_t>(got);
        }
    }

    // Serves the connection's requests; true when it ends with input unread
    // (a head past the limits, a body never read).
    bool serve_connection(int sock) {
        // A response is written in pieces (head, body): without this Nagle's
        // algorithm holds the body for the client's delayed ACK, 40 ms a
        // request on a kept-alive connection.
        int yes = 1;
        ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
        GuardedSocketStream stream(sock);
        for (std::size_t served = 0; served < kKeepAliveRequests && is_running(); ++served) {
            if (served > 0 && !stream.has_buffered() && !wait_for_next_request(sock)) return false;
            stream.start_request();
            t_close_after_response = false;
            t_head_overflow = false;
            // Others waiting for a worker: this connection ends with this request.
            const bool last = served + 1 == kKeepAliveRequests || (pool_ && pool_->others_waiting());
            bool connection_closed = false;
            const bool answered = process_request(stream, last, connection_closed, nullptr);
            if (!answered && stream.overflowed() && !stream.wrote()) {
                send_raw(sock, 431, "Request Header Fields Too Large", head_too_large());
                log_line("-", "-", 431);
            }
            // After a head past the limits the rest of it is still coming: never read it as a request.
            if (t_close_after_response || stream.overflowed()) return true;
            if (!answered || connection_closed || last) return false;
        }
        return false;
    }

    // Idle between requests, in slices so that stop() is not kept waiting.
    bool wait_for_next_request(int sock) {
        for (int waited = 0; waited < kKeepAliveSeconds * 1000 && is_running(); waited += 100)
            if (wait_for(sock, POLLIN, 100)) return true;
        return false;
    }

public:
    static ApiResponse head_too_large() {
        return error_response(431,
                              fmt::format("the request line and headers are too large or too slow (at most {} bytes, "
                                          "{} header lines, in {} seconds)",
                                          kMaxRequestHeadBytes, kMaxHeaderLines, kHeadSeconds),
                              "send a shorter request; long queries belong in fewer words");
    }

private:
    WorkerPool*& pool_;
};

void respond(httplib::Response& res, const ApiResponse& response) {
    res.status = response.status;
    res.set_content(response.body, response.content_type.c_str());
    if (response.status == 503) res.set_header("Retry-After", "1");
}

ApiResponse not_found(const std::string& path) {
    return error_response(404, "no such page or endpoint: " + path,
                          "the page is at /; the API at /api/search, /api/like, /api/doc, /api/explain, /api/facets, "
                          "/api/saved, /api/alerts; /healthz");
}

// `text` matched literally by std::regex.
std::string regex_escaped(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (std::strchr(".^$|()[]{}*+?\\", c) != nullptr) out += '\\';
        out += c;
    }
    return out;
}

std::string_view bearer_token(const httplib::Request& req) {
    const auto found = req.headers.find("Authorization");
    if (found == req.headers.end()) return {};
    const std::string_view value = found->second;
    constexpr std::string_view scheme = "bearer ";
    if (value.size() < scheme.size()) return {};
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return {};
    std::string_view token = value.substr(scheme.size());
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    return token;
}

}  // namespace

bool same_secret(const std::string& a, const std::string& b) {
    const std::size_t length = std::max(a.size(), b.size());
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    for (std::size_t i = 0; i < length; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        difference |= static_cast<unsigned char>(x ^ y);
    }
    return difference == 0;
}

struct HttpServer::Impl {
    ServeSettings settings;
    // Facet counts read the value slots from memory, read once a revision
    // for all workers: a worker of its own each would hold --workers copies.
    const std::shared_ptr<ValueColumns> columns = std::make_shared<ValueColumns>();
    WorkerPool* pool = nullptr;  // owned by httplib (new_task_queue), alive while serving
    Server server{pool};

    explicit Impl(ServeSettings s) : settings(std::move(s)) { setup(); }

    // This thread's handle on the databases.
    ApiWorker& worker() {
        thread_local std::unique_ptr<ApiWorker> worker;
        if (!worker) worker = std::make_unique<ApiWorker>(settings.databases, settings.remote, columns);
        return *worker;
    }

    bool authorized(const httplib::Request& req) const {
        return settings.token.empty() || same_secret(std::string(bearer_token(req)), settings.token);
    }

    // An API route: the token, then the answer.
    void api(const std::string& path, ApiResponse (ApiWorker::*endpoint)(const QueryParameters&)) {
        server.Get(path, [this, endpoint](const httplib::Request& req, httplib::Response& res) {
            if (!authorized(req)) {
                respond(res, error_response(401, "this server needs a token",
                                            "send the header 'Authorization: Bearer TOKEN', with the token in the "
                                            "file dossier-serve's --token-file names"));
                res.set_header("WWW-Authenticate", "Bearer");
                return;
            }
            respond(res, (worker().*endpoint)(req.params));
        });
    }

    void setup() {
        const unsigned workers = settings.workers;
        server.new_task_queue = [this, workers] {
            pool = new WorkerPool(workers, std::size_t(workers) * kQueuedConnectionsPerWorker);
            return pool;
        };
        server.set_socket_options([](socket_t sock) {
            // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with
            // which a second server would share the port unnoticed.
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        server.set_read_timeout(kReadTimeoutSeconds);
        server.set_write_timeout(kWriteTimeoutSeconds);
        server.set_keep_alive_timeout(kKeepAliveSeconds);
        server.set_keep_alive_max_count(kKeepAliveRequests);  // what its Keep-Alive header says; serve_connection keeps to it
        server.set_payload_max_length(0);
        server.set_default_headers(security_headers());

        server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
            const bool chunked = req.has_header("Transfer-Encoding");
            const std::string length = req.get_header_value("Content-Length");
            const bool body = chunked || (!length.empty() && length.find_first_not_of('0') != std::string::npos);
            // Its body is not read, so the connection cannot carry another request.
            if (chunked || !length.empty()) t_close_after_response = true;
            if (req.method != "GET" && req.method != "HEAD") {
                respond(res, error_response(405, "method " + req.method + " is not allowed",
                                            "dossier-serve only reads: use GET (or HEAD)"));
                res.set_header("Allow", "GET, HEAD");
            } else if (chunked) {
                respond(res, error_response(400, "a GET or HEAD request carries no body (Transfer-Encoding)",
                                            "send the request without a body; parameters go in the URL"));
            } else if (body) {
                respond(res, error_response(413, "a GET or HEAD request carries no body (Content-Length " + length + ")",
                                            "send the request without a body; parameters go in the URL"));
            } else {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            if (t_close_after_response) res.set_header("Connection", "close");
            return httplib::Server::HandlerResponse::Handled;
        });

        api("/api/search", &ApiWorker::search);
        api("/api/facets", &ApiWorker::facets);
        api("/api/doc", &ApiWorker::document);
        api("/api/explain", &ApiWorker::explain);
        api("/api/like", &ApiWorker::like);
        api("/api/saved", &ApiWorker::saved);
        api("/api/alerts", &ApiWorker::alerts);
        server.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) { respond(res, worker().health()); });
        // The page: one route per embedded file, its path matched whole (no
        // ".*" route: libstdc++'s regex recurses once per character of a
        // long path); no path ever reaches the file system. Any other path
        // is httplib's 404, in JSON from the error handler.
        const auto serve_file = [](const httplib::Request& req, httplib::Response& res) {
            const std::optional<PageFile> file = page_file(req.path);
            if (!file) return;  // cannot happen: routes are the files' paths
            res.set_content(std::string(file->content), std::string(content_type_of(file->path)).c_str());
            res.set_header("Cache-Control", "no-cache");
        };
        server.Get("/", serve_file);
        for (const PageFile& file : page_files()) server.Get(regex_escaped(file.path), serve_file);

        // httplib's own errors (a bad request line, a header past the limit),
        // in the API's JSON.
        server.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req,
                                                                         httplib::Response& res) {
            if (t_head_overflow) {
                res.status = 431;
                respond(res, Server::head_too_large());
                res.set_header("Connection", "close");
            } else if (res.body.empty() && res.status == 404) {
                respond(res, not_found(req.path));
            } else if (res.body.empty()) {
                respond(res, error_response(res.status, fmt::format("the request could not be read (HTTP {})", res.status),
                                            "send a well-formed HTTP/1.1 GET request"));
            }
            return httplib::Server::HandlerResponse::Handled;
        }));
        server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
            std::string message = "internal error";
            try {
                if (error) std::rethrow_exception(error);
            } catch (const std::exception& e) {
                message += std::string(": ") + e.what();
            } catch (...) {
            }
            respond(res, error_response(500, message, "this is a bug in dossier-serve; please report it"));
        });
        const bool log_queries = settings.log_queries;
        server.set_logger([log_queries](const httplib::Request& req, const httplib::Response& res) {
            std::string path = req.path;
            if (log_queries && !req.params.empty()) path = req.target.empty() ? path : req.target;
            log_line(req.method.empty() ? "-" : req.method, path.empty() ? "-" : path, res.status);
        });
    }
};

HttpServer::HttpServer(ServeSettings settings) : impl_(std::make_unique<Impl>(std::move(settings))) {}
HttpServer::~HttpServer() = default;

int HttpServer::bind() {
    Impl& impl = *impl_;
    const int port = impl.settings.port == 0 ? impl.server.bind_to_any_port(impl.settings.host)
                                             : (impl.server.bind_to_port(impl.settings.host, impl.settings.port)
                                                    ? impl.settings.port
                                                    : -1);
    if (port <= 0)
        throw UsageError(fmt::format("cannot listen on {}:{}: {}", impl.settings.host, impl.settings.port,
                                     errno ? std::strerror(errno) : "the address cannot be bound"));
    return port;
}

bool HttpServer::run() { return impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

}  // namespace dossier::server
