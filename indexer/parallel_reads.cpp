// SPDX-License-Identifier: MIT
#include "parallel_reads.h"
#include "worker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <new>

#include <fmt/format.h>
#include <xapian.h>

#include "base/exit_codes.h"
#include "base/posix_io.h"
#include "bulk_build.h"
#include "readers/isolation.h"
#include "worker_messages.h"

namespace dossier::indexer {

namespace {

// Files per chunk: small, as the indexer writes in work-list order and
// waits for the file it needs next; large enough that taking one costs
// nothing next to reading it.
constexpr std::size_t kFilesPerChunk = 8;
// How many chunks each worker may be ahead of the file the indexer writes:
// a bound on the documents held in memory (and in the pipes) while the
// indexer writes, with enough work queued that no worker waits for it.
constexpr std::size_t kChunksAheadPerWorker = 4;

// What the indexer and its workers share: the next chunk to take, how
// many chunks the indexer has written, and the request to stop.
struct SharedControl {
    std::atomic<std::uint32_t> next_chunk{0};
    std::atomic<std::uint32_t> chunks_written{0};
    std::atomic<bool> stop{false};
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "shared between processes, the atomics must be lock-free");

using SharedMapping = SharedMemory<SharedControl>;

std::size_t chunk_count(std::size_t files) { return (files + kFilesPerChunk - 1) / kFilesPerChunk; }
std::size_t chunk_begin(std::size_t chunk) { return chunk * kFilesPerChunk; }
std::size_t chunk_end(std::size_t chunk, std::size_t files) { return std::min(files, (chunk + 1) * kFilesPerChunk); }

// One worker process: takes chunks, reads their files, sends a report per
// file. It writes nothing but its pipe.
class WorkerSide {
public:
    WorkerSide(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis, SharedControl& control,
               std::size_t window, const std::atomic<bool>* stop, int out_fd)
        : work_(work), analysis_(analysis), control_(control), window_(window), stop_(stop), out_fd_(out_fd) {}

    int run() {
        try {
            const std::size_t chunks = chunk_count(work_.size());
            while (!stopping()) {
                const std::uint32_t chunk = control_.next_chunk.fetch_add(1);
                if (chunk >= chunks) break;
                // Announced before waiting for room, so that a worker
                // killed meanwhile is named with the file it was to read.
                send(ChunkStarted{chunk});
                std::uint32_t done = 0;
                if (wait_for_room(chunk))
                    for (std::size_t i = chunk_begin(chunk); i < chunk_end(chunk, work_.size()) && !stopping();
                         ++i, ++done)
                        send(read(i));
                send(ChunkFinished{chunk, done});
            }
            return exit_code::kSuccess;
        } catch (const std::exception& e) {
            send(WorkerFailure{std::string("internal error in an indexing worker: ") + e.what()});
        } catch (...) {
            send(WorkerFailure{"internal error in an indexing worker (an unknown exception)"});
        }
        return exit_code::kInternal;
    }

private:
    bool stopping() const { return control_.stop.load() || (stop_ && stop_->load()); }

    // Waits until `chunk` is within the window ahead of what the indexer
    // has written; false when the run stops meanwhile.
    bool wait_for_room(std::uint32_t chunk) const {
        while (chunk >= control_.chunks_written.load() + window_) {
            if (stopping()) return false;
            ::usleep(500);
        }
        return true;
    }

    void send(const WorkerMessage& message) const {
        // The indexer is gone when this fails; nothing is left to do.
        if (!write_all(out_fd_, encode_message(message))) ::_exit(exit_code::kInternal);
    }

    ReadReport read(std::size_t index) const {
        ReadReport report;
        report.index = static_cast<std::uint32_t>(index);
        try {
            AnalyzedFile analyzed = analyze_file(*work_[index], analysis_);
            report.stat_size = analyzed.stat.size;
            report.stat_mtime_ns = analyzed.stat.mtime_ns;
            report.stat_ctime_ns = analyzed.stat.ctime_ns;
            report.stat_inode = analyzed.stat.inode;
            report.text_bytes = analyzed.text_bytes;
            report.warnings = std::move(analyzed.warnings);
            if (analyzed.built) {
                report.document = analyzed.built->document.serialise();
                report.id_term = std::move(analyzed.built->id_term);
                report.lang = std::move(analyzed.built->lang);
            } else {
                report.outcome = ReadReport::Outcome::touched;
            }
        } catch (const DocumentError& e) {
            report.outcome = e.kind() == DocumentError::Kind::skipped ? ReadReport::Outcome::skipped
                             : e.kind() == DocumentError::Kind::gone  ? ReadReport::Outcome::gone
                                                                      : ReadReport::Outcome::failed;
            report.message = e.what();
        }
        return report;
    }

    const std::vector<const PlannedFile*>& work_;
    const FileAnalysis& analysis_;
    SharedControl& control_;
    std::size_t window_;
    const std::atomic<bool>* stop_;
    int out_fd_;
};

// The indexer's view of one worker.
struct Worker : WorkerProcess {
    FileDescriptor reports;
    MessageReader reader;
    std::optional<std::uint32_t> chunk;  // taken and not finished
    std::uint32_t files_reported = 0;    // of that chunk

    // Ended before its pipes close, as it always was.
    ~Worker() { kill_and_reap(); }
};

// The stored form of a report turned back into what analyze_file gave.
FileRead to_file_read(ReadReport report) {
    FileRead read;
    switch (report.outcome) {
    case ReadReport::Outcome::skipped:
        read.error.emplace(DocumentError::Kind::skipped, report.message);
        return read;
    case ReadReport::Outcome::failed:
        read.error.emplace(DocumentError::Kind::failed, report.message);
        return read;
    case ReadReport::Outcome::gone:
        read.error.emplace(DocumentError::Kind::gone, report.message);
        return read;
    case ReadReport::Outcome::built:
    case ReadReport::Outcome::touched:
        break;
    }
    AnalyzedFile analyzed;
    analyzed.stat = FileStat{report.stat_size, report.stat_mtime_ns, report.stat_ctime_ns, report.stat_inode};
    analyzed.text_bytes = static_cast<std::size_t>(report.text_bytes);
    analyzed.warnings = std::move(report.warnings);
    if (report.outcome == ReadReport::Outcome::built) {
        try {
            analyzed.built = BuiltDocument{Xapian::Document::unserialise(report.document), std::move(report.id_term),
                                           std::move(report.lang), {}};
        } catch (const Xapian::Error& e) {
            throw GarbledMessage("a document that cannot be unserialised: " + e.get_description());
        }
    }
    read.analyzed = std::move(analyzed);
    return read;
}

class Coordinator {
public:
    Coordinator(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                const ParallelReadOptions& options, const FileReadSink& sink)
        : work_(work), analysis_(analysis), options_(options), sink_(sink), reports_(work.size()),
          jobs_(static_cast<unsigned>(std::min<std::size_t>(std::max(1u, options.jobs), chunk_count(work.size())))) {}

    ~Coordinator() {
        control_->stop.store(true);
        workers_.clear();  // kills and reaps any still running
    }

    ParallelReadResult run() {
        for (unsigned i = 0; i < jobs_; ++i) start_worker();
        std::vector<Worker*> running;
        for (auto& worker : workers_) running.push_back(worker.get());
        while (next_ < work_.size() && result_.failure.empty()) {
            if (options_.stop && options_.stop->load()) {
                result_.interrupted = true;
                break;
            }
            if (hand_on_next()) continue;
            if (running.empty()) {
                // SIGINT to the process group stops the workers too.
                if (options_.stop && options_.stop->load()) continue;
                // Every worker ended cleanly and a file was never reported:
                // one of them was stopped alone (a signal sent to it only).
                result_.failure = fmt::format("the indexing workers ended before reading '{}'",
                                              work_[next_]->file.path);
                break;
            }
            wait_for_reports(running);
        }
        control_->stop.store(true);
        if (!result_.failure.empty())
            result_.failure += fmt::format("; the database '{}' keeps the files written before it; run again "
                                           "(--jobs 1 reads in one process)",
                                           options_.database);
        return result_;
    }

private:
    void start_worker() {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC) != 0)
            throw DatabaseError(fmt::format("cannot start an indexing worker: pipe: {}", std::strerror(errno)));
        FileDescriptor read_end(fds[0]);
        FileDescriptor write_end(fds[1]);
        const pid_t pid = fork_worker([&] {
            read_end.reset();
            for (auto& worker : workers_) worker->reports.reset();  // the other workers' pipes
            return WorkerSide(work_, analysis_, *control_, std::size_t{kChunksAheadPerWorker} * jobs_, options_.stop,
                              write_end.get())
                .run();
        });
        auto worker = std::make_unique<Worker>();
        worker->pid = pid;
        worker->reports = std::move(read_end);
        workers_.push_back(std::move(worker));
    }

    // Hands the next file on when its report is in; false when not yet.
    bool hand_on_next() {
        if (!reports_[next_]) return false;
        ReadReport report = std::move(*reports_[next_]);
        reports_[next_].reset();
        FileRead read;
        try {
            read = to_file_read(std::move(report));
        } catch (const GarbledMessage& e) {
            result_.failure = fmt::format("an indexing worker sent a garbled report for '{}' ({})",
                                          work_[next_]->file.path, e.what());
            return false;
        }
        sink_(next_, std::move(read));
        ++next_;
        if (next_ % kFilesPerChunk == 0) control_->chunks_written.store(static_cast<std::uint32_t>(next_ / kFilesPerChunk));
        return true;
    }

    // Reads what the workers sent (up to 100 ms for something to come).
    void wait_for_reports(std::vector<Worker*>& running) {
        std::vector<pollfd> fds;
        for (Worker* worker : running) fds.push_back({worker->reports.get(), POLLIN, 0});
        if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
            throw DatabaseError(fmt::format("indexing workers: poll: {}", std::strerror(errno)));
        for (std::size_t i = 0; i < fds.size() && result_.failure.empty(); ++i)
            if (fds[i].revents != 0 && !read_from(*running[i])) running[i] = nullptr;
        std::erase(running, nullptr);
    }

    // Reads what is there; false once the worker has exited.
    bool read_from(Worker& worker) {
        if (!worker.reader.feed_from(worker.reports.get())) {
            worker_exited(worker);
            return false;
        }
        try {
            while (std::optional<WorkerMessage> message = worker.reader.next()) handle(worker, std::move(*message));
        } catch (const GarbledMessage& e) {
            result_.failure = fmt::format("an indexing worker sent a garbled report ({})", e.what());
        }
        return true;
    }

    void handle(Worker& worker, WorkerMessage message) {
        if (auto* started = std::get_if<ChunkStarted>(&message)) {
            if (worker.chunk || started->chunk >= chunk_count(work_.size())) throw GarbledMessage("a chunk out of turn");
            worker.chunk = started->chunk;
            worker.files_reported = 0;
        } else if (auto* report = std::get_if<ReadReport>(&message)) {
            if (!worker.chunk || report->index != chunk_begin(*worker.chunk) + worker.files_reported ||
                report->index >= chunk_end(*worker.chunk, work_.size()))
                throw GarbledMessage("a file report out of turn");
            reports_[report->index] = std::move(*report);
            ++worker.files_reported;
        } else if (auto* finished = std::get_if<ChunkFinished>(&message)) {
            if (worker.chunk != finished->chunk || finished->files_done != worker.files_reported)
                throw GarbledMessage("a chunk finished out of turn");
            worker.chunk.reset();
        } else if (auto* failure = std::get_if<WorkerFailure>(&message)) {
            if (result_.failure.empty()) result_.failure = failure->message;
        } else {
            throw GarbledMessage("a message of another kind of run");
        }
    }

    // A worker that ends in the middle of a chunk died; a clean exit
    // between chunks, every message whole, is the end of its work.
    void worker_exited(Worker& worker) {
        const std::optional<std::uint32_t> chunk = worker.chunk;
        const int status = worker.reap();
        if (!chunk && status == 0 && !worker.reader.has_partial()) return;
        if (!result_.failure.empty()) return;
        std::string how = "ended unexpectedly";
        if (status >= 0 && WIFSIGNALED(status)) how = "was killed by " + signal_description(WTERMSIG(status));
        else if (status >= 0 && WIFEXITED(status)) how = fmt::format("exited with status {}", WEXITSTATUS(status));
        std::string where;
        if (chunk) {
            const std::size_t index = chunk_begin(*chunk) + worker.files_reported;
            if (index < work_.size()) where = fmt::format(" while reading '{}'", work_[index]->file.path);
        }
        result_.failure = fmt::format("an indexing worker {}{}", how, where);
    }

    const std::vector<const PlannedFile*>& work_;
    const FileAnalysis& analysis_;
    const ParallelReadOptions& options_;
    const FileReadSink& sink_;
    std::vector<std::optional<ReadReport>> reports_;  // received, not yet handed on
    unsigned jobs_;
    SharedMapping control_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::size_t next_ = 0;  // the next file to hand on
    ParallelReadResult result_;
};

}  // namespace

bool worth_reading_in_parallel(std::size_t files, unsigned jobs) { return worth_building_in_parallel(files, jobs); }

ParallelReadResult read_in_parallel(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                                    const ParallelReadOptions& options, const FileReadSink& sink) {
    if (work.empty()) return {};
    analysis.catalog.prepare_extraction();  // once, shared by the workers
    Coordinator coordinator(work, analysis, options, sink);
    return coordinator.run();
}

}  // namespace dossier::indexer
