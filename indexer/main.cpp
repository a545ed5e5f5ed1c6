// SPDX-License-Identifier: MIT
// dossier-index: parse options, run, turn the outcome into an exit status.
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <string>
#include <string_view>

#include <xapian.h>

#include "base/error.h"
#include "base/posix_io.h"
#include "base/program_errors.h"
#include "base/exit_codes.h"
#include "index_run.h"
#include "options.h"

namespace {

std::atomic<bool> stop_requested{false};

void request_stop(int) { stop_requested.store(true); }

// SIGINT and SIGTERM (Ctrl-C, a cron or systemd timeout) finish the file
// in hand and commit; SIGXFSZ (a file size limit) becomes a write error
// with a message instead of killing the process mid-commit.
void install_signal_handlers() {
    struct sigaction action {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
    signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace dossier;
    open_missing_standard_descriptors();
    // --jsonl - reads standard input a byte at a time through its buffer;
    // tied to C stdio it would have none. Nothing here writes with printf.
    std::ios::sync_with_stdio(false);
    const indexer::ParsedIndexOptions parsed = indexer::parse_index_options(argc, argv, std::cout, std::cerr);
    if (!parsed.run) return parsed.exit_code;
    install_signal_handlers();
    try {
        const indexer::RunContext context{std::cout, std::cerr, ::isatty(2) == 1, &stop_requested, &std::cin,
                                          ::isatty(1) == 1};
        const indexer::IndexSummary summary = indexer::run_index(parsed.options, context);
        const int status = summary.interrupted ? exit_code::kInterrupted
                           : summary.failed > 0 ? exit_code::kSomeFailed
                                                : exit_code::kSuccess;
        return checked_output("dossier-index", status, std::cout, std::cerr);
    } catch (...) {
        return report_error("dossier-index", std::current_exception(), std::cerr);
    }
}
