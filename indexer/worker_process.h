// SPDX-License-Identifier: MIT
// What the indexer's pools of worker processes (bulk_build, jsonl_bulk,
// parallel_reads) do alike: fork a worker that dies with the indexer, and
// end and reap it when its handle goes.
#pragma once

#include <sys/mman.h>
#include <sys/types.h>

#include <cerrno>
#include <cstring>
#include <functional>
#include <new>

#include <fmt/format.h>

#include "base/error.h"

namespace dossier::indexer {

// A worker process: SIGKILLed and reaped when the handle goes, unless it
// was reaped before.
struct WorkerProcess {
    pid_t pid = -1;

    WorkerProcess() = default;
    WorkerProcess(const WorkerProcess&) = delete;
    WorkerProcess& operator=(const WorkerProcess&) = delete;
    ~WorkerProcess() { kill_and_reap(); }

    // Ends the worker if it still runs; its wait status (-1: none).
    int kill_and_reap();
    // Waits for the worker to end; its wait status (-1: it cannot be
    // waited for).
    int reap();
};

// Forks a worker that is killed with the indexer (PR_SET_PDEATHSIG), runs
// `work` in it and leaves with what `work` returns through _exit: the
// indexer's objects, its open database among them, are copies there and
// must not be destroyed or flushed twice. Returns the worker's pid; throws
// DatabaseError when it cannot fork.
pid_t fork_worker(const std::function<int()>& work);

// A `T` in memory that stays shared with the workers forked after it
// (MAP_SHARED, anonymous): the lock-free atomics the indexer and its
// workers both read and write (the next chunk to take, a request to stop:
// a SIGTERM sent to the indexer alone reaches no worker).
template <typename T>
class SharedMemory {
public:
    SharedMemory() {
        void* memory = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED)
            throw DatabaseError(fmt::format("cannot start the indexing workers: mmap: {}", std::strerror(errno)));
        object_ = new (memory) T;
    }
    SharedMemory(const SharedMemory&) = delete;
    SharedMemory& operator=(const SharedMemory&) = delete;
    ~SharedMemory() {
        object_->~T();
        ::munmap(object_, sizeof(T));
    }
    T* operator->() const { return object_; }
    T& operator*() const { return *object_; }

private:
    T* object_ = nullptr;
};

}  // namespace dossier::indexer
