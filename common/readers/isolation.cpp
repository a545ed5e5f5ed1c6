// SPDX-License-Identifier: MIT
#include "readers/isolation.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/posix_io.h"

// ASan reserves terabytes of address space, so a memory limit would break it.
#if defined(__SANITIZE_ADDRESS__)
#define DOSSIER_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DOSSIER_UNDER_ASAN 1
#endif
#endif

namespace dossier {

namespace {

using Clock = std::chrono::steady_clock;

nlohmann::json to_json(const SourceDocument& d) {
    return {{"path", d.path},         {"format", d.format},
            {"title", d.title},       {"title_from_metadata", d.title_from_metadata},
            {"date", d.date},         {"date_source", d.date_source},
            {"lang", d.lang},         {"lang_is_hint", d.lang_is_hint},
            {"source", d.source},     {"url", d.url},
            {"encoding", d.encoding}, {"text", d.text},
            {"page_breaks", d.page_breaks}, {"warnings", d.warnings}};
}

SourceDocument from_json(const nlohmann::json& j) {
    SourceDocument d;
    j.at("path").get_to(d.path);
    j.at("format").get_to(d.format);
    j.at("title").get_to(d.title);
    j.at("title_from_metadata").get_to(d.title_from_metadata);
    j.at("date").get_to(d.date);
    j.at("date_source").get_to(d.date_source);
    j.at("lang").get_to(d.lang);
    j.at("lang_is_hint").get_to(d.lang_is_hint);
    j.at("source").get_to(d.source);
    j.at("url").get_to(d.url);
    j.at("encoding").get_to(d.encoding);
    j.at("text").get_to(d.text);
    j.at("page_breaks").get_to(d.page_breaks);
    j.at("warnings").get_to(d.warnings);
    return d;
}

// The child's answer: {"document": {...}} or {"error": "skipped"|"failed", "message": "..."}.
std::string child_answer(const std::function<SourceDocument()>& parse) {
    nlohmann::json answer;
    try {
        answer["document"] = to_json(parse());
    } catch (const DocumentError& e) {
        answer = {{"error", e.kind() == DocumentError::Kind::skipped ? "skipped" : "failed"},
                  {"message", e.what()}};
    } catch (const std::bad_alloc&) {
        answer = {{"error", "failed"}, {"message", "out of memory while parsing"}};
    } catch (const std::exception& e) {
        answer = {{"error", "failed"}, {"message", e.what()}};
    }
    // Readers hand back valid UTF-8; replace rather than throw if one did not.
    return answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

[[noreturn]] void run_child(int out_fd, const std::function<SourceDocument()>& parse,
                            const IsolationLimits& limits) {
#ifndef DOSSIER_UNDER_ASAN
    const rlimit memory{limits.max_memory_bytes, limits.max_memory_bytes};
    ::setrlimit(RLIMIT_AS, &memory);
#else
    (void)limits;
#endif
    // A crash must end the child with its signal, whatever handlers the
    // parent installed (the test runner's, the indexer's stop flag).
    for (const int fatal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(fatal, SIG_DFL);
    // Ctrl-C and SIGTERM reach the whole process group: the child finishes
    // its document and the parent stops after it (the timeout still holds).
    ::signal(SIGINT, SIG_IGN);
    ::signal(SIGTERM, SIG_IGN);
    // A core dump of a crashing parser is of no use to the indexer's user.
    const rlimit no_core{0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);
    const bool ok = write_all(out_fd, child_answer(parse));
    // _exit: no atexit handlers or static destructors of the parent's state.
    ::_exit(ok ? 0 : 1);
}

// Reads the child's answer until end of file, the deadline or `max_bytes`.
// Returns false on timeout.
bool read_answer(int fd, Clock::time_point deadline, std::size_t max_bytes, std::string& answer,
                 bool& too_long) {
    char buffer[65536];
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd pfd{fd, POLLIN, 0};
        const int ready = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left.count(), 1'000'000)));
        if (ready < 0) {
            if (errno == EINTR) continue;
            return true;
        }
        if (ready == 0) continue;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            return true;
        }
        if (n == 0) return true;
        answer.append(buffer, static_cast<std::size_t>(n));
        if (answer.size() > max_bytes) {
            too_long = true;
            return true;
        }
    }
}

int wait_for(pid_t child) {
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return status;
}

}  // namespace

std::string signal_description(int signal) {
    const char* name = ::sigabbrev_np(signal);
    const char* text = ::sigdescr_np(signal);
    return fmt::format("signal {}{}{}", name ? "SIG" : "", name ? name : std::to_string(signal),
                       text ? std::string(": ") + text : std::string());
}

SourceDocument parse_in_child(const std::function<SourceDocument()>& parse, std::string_view what,
                              const IsolationLimits& limits) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("cannot start the {}: pipe: {}", what, std::strerror(errno)));
    FileDescriptor read_end(fds[0]);
    FileDescriptor write_end(fds[1]);
    const pid_t child = ::fork();
    if (child < 0)
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("cannot start the {}: fork: {}", what, std::strerror(errno)));
    if (child == 0) {
        read_end.reset();
        run_child(write_end.get(), parse, limits);
    }
    write_end.reset();

    std::string answer;
    bool too_long = false;
    // JSON escaping can double the text; allow for it and for the metadata.
    const std::size_t max_answer = 2 * limits.max_text_bytes + (1u << 20);
    const bool finished = read_answer(read_end.get(), Clock::now() + limits.timeout, max_answer, answer, too_long);
    if (!finished || too_long) ::kill(child, SIGKILL);
    const int status = wait_for(child);
    if (!finished)
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("the {} did not finish within {:g} s; the file is left out", what,
                                        static_cast<double>(limits.timeout.count()) / 1000.0));
    if (too_long)
        throw DocumentError(DocumentError::Kind::skipped,
                            fmt::format("extracted text is over the limit (--max-text-size) of {} bytes", limits.max_text_bytes));
    if (status >= 0 && WIFSIGNALED(status))
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("the {} crashed on this file ({}); the file is left out", what,
                                        signal_description(WTERMSIG(status))));
    nlohmann::json parsed;
    try {
        parsed = nlohmann::json::parse(answer);
    } catch (const nlohmann::json::exception&) {
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("the {} ended without an answer (exit status {}); the file is left out",
                                        what, status >= 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1));
    }
    if (parsed.contains("error")) {
        const auto kind = parsed.value("error", "") == "skipped" ? DocumentError::Kind::skipped
                                                                 : DocumentError::Kind::failed;
        throw DocumentError(kind, parsed.value("message", "unknown error"));
    }
    try {
        return from_json(parsed.at("document"));
    } catch (const nlohmann::json::exception& e) {
        throw DocumentError(DocumentError::Kind::failed,
                            fmt::format("the {} sent a malformed answer ({})", what, e.what()));
    }
}

}  // namespace dossier
