// SPDX-License-Identifier: MIT
#include "worker_process.h"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"
#include "base/exit_codes.h"

namespace dossier::indexer {

int WorkerProcess::kill_and_reap() {
    if (pid <= 0) return -1;
    ::kill(pid, SIGKILL);
    return reap();
}

int WorkerProcess::reap() {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            status = -1;
            break;
        }
    pid = -1;
    return status;
}

pid_t fork_worker(const std::function<int()>& work) {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw DatabaseError(fmt::format("cannot start an indexing worker: fork: {}", std::strerror(errno)));
    if (pid == 0) {
        // A worker must not outlive an indexer killed with SIGKILL (nor one
        // that died before the line above took effect).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(exit_code::kInternal);
        ::_exit(work());
    }
    return pid;
}

}  // namespace dossier::indexer
