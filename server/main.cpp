// SPDX-License-Identifier: MIT
// dossier-serve: parse options, bind, serve until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/posix_io.h"
#include "base/program_errors.h"
#include "http_server.h"
#include "serve_options.h"

int main(int argc, char** argv) {
    using namespace dossier;
    open_missing_standard_descriptors();
    const server::ParsedServeOptions parsed = server::parse_serve_options(argc, argv, std::cout, std::cerr);
    if (!parsed.run) return parsed.exit_code;
    // The signals are taken by one thread (sigwait), not by a handler: stop()
    // is then called from ordinary code. Blocked before any thread starts,
    // so every thread inherits the mask.
    sigset_t stopping;
    sigemptyset(&stopping);
    sigaddset(&stopping, SIGTERM);
    sigaddset(&stopping, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopping, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    try {
        server::HttpServer http(parsed.settings);
        const int port = http.bind();
        const std::string& host = parsed.settings.host;
        const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
        std::cerr << "dossier-serve: listening on http://" << shown_host << ":" << port << "/" << std::endl;
        std::thread signals([&http, &stopping] {
            int signal = 0;
            sigwait(&stopping, &signal);
            http.stop();
        });
        const bool served = http.run();
        // Stopped by a signal, or serving failed: wake the signal thread if
        // it still waits (a second stop() does nothing).
        pthread_kill(signals.native_handle(), SIGTERM);
        signals.join();
        if (!served) return report_failure("dossier-serve", "serving stopped: the listening socket failed", 3, std::cerr);
        std::cerr << "dossier-serve: stopped" << std::endl;
        return exit_code::kSuccess;
    } catch (...) {
        return report_error("dossier-serve", std::current_exception(), std::cerr);
    }
}
