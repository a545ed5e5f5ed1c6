// SPDX-License-Identifier: MIT
#include "bulk_build.h"
#include "worker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <xapian.h>

#include "batched_commits.h"
#include "index/database.h"
#include "index/database_folder.h"
#include "base/error.h"
#include "base/exit_codes.h"
#include "readers/isolation.h"
#include "base/posix_io.h"
#include "index/schema.h"
#include "index/spelling_data.h"

namespace dossier::indexer {

namespace {

// Files per chunk (one shard each): enough that a shard costs little to
// set up and merge, and no more than kMaxChunks of them in a run, each a
// database (several descriptors) open at the merge.
constexpr std::size_t kMinFilesPerChunk = 500;
constexpr std::size_t kMaxChunks = 64;
// The last `jobs` chunks' worth of files is cut this many times finer, so
// that the workers finish close together instead of one waiting on the
// other's last big chunk.
constexpr std::size_t kTailDivisor = 5;
// Xapian buffers a batch's postings in maps keyed by term; small batches
// keep those maps small, and flushing them into a small shard is cheap:
// committing every 25 documents took 40% less CPU than every 1000 (1,500
// UNGDC speeches, 12.2 s against 21.0 s).
constexpr std::size_t kShardCommitEveryDocuments = 25;

// The work list cut into consecutive chunks; chunk k is [start(k), start(k+1)).
class Chunks {
public:
    Chunks(std::size_t files, unsigned jobs) {
        const std::size_t size = std::max(kMinFilesPerChunk, (files + kMaxChunks - 1) / kMaxChunks);
        const std::size_t tail_size = std::max<std::size_t>(1, size / kTailDivisor);
        std::size_t at = 0;
        while (at < files) {
            starts_.push_back(at);
            at += files - at > std::size_t{jobs} * size ? size : tail_size;
        }
        starts_.push_back(files);
    }
    std::size_t count() const { return starts_.size() - 1; }
    std::size_t begin(std::size_t chunk) const { return starts_[chunk]; }
    std::size_t end(std::size_t chunk) const { return starts_[chunk + 1]; }

private:
    std::vector<std::size_t> starts_;
};

// What the indexer and its workers share: the next chunk to take and the
// request to stop (a SIGTERM sent to the indexer alone reaches no worker).
struct SharedControl {
    std::atomic<std::uint32_t> next_chunk{0};
    std::atomic<bool> stop{false};
};
static_assert(std::atomic<std::uint32_t>::is_always_lock_free && std::atomic<bool>::is_always_lock_free,
              "shared between processes, the atomics must be lock-free");

using SharedMapping = SharedMemory<SharedControl>;

std::string shard_path(const std::string& shards_folder, std::size_t chunk) {
    return fmt::format("{}/{:06}", shards_folder, chunk);
}

// Space the merge writes, per byte of the shards merged: the merged
// database and, merging in several passes, temporary tables. Measured
// with the shards on a tmpfs: 0.35 to 0.61 (UNGDC speeches, 600 to 5,000;
// generated reports and notes; web pages). With the shards themselves the
// peak is 3.1 to 3.7 times the final database.
constexpr double kMergeBytesPerShardByte = 2.0 / 3.0;

// Bytes the files under `folder` take on disk (blocks allocated, so a
// sparse file counts what it holds).
std::uintmax_t disk_use(const std::string& folder) {
    std::uintmax_t total = 0;
    std::error_code ec;
    for (std::filesystem::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        struct stat status {};
        if (::lstat(it->path().c_str(), &status) == 0) total += static_cast<std::uintmax_t>(status.st_blocks) * 512;
    }
    return total;
}

// Bytes this process may still write on the filesystem holding `path`
// (root may use the blocks reserved for it), or nullopt when unknown (some
// network and FUSE filesystems report no size at all).
std::optional<std::uintmax_t> free_space(const std::string& path) {
    struct statvfs filesystem {};
    if (::statvfs(path.c_str(), &filesystem) != 0 || filesystem.f_blocks == 0) return std::nullopt;
    const auto blocks = ::geteuid() == 0 ? filesystem.f_bfree : filesystem.f_bavail;
    return static_cast<std::uintmax_t>(blocks) * filesystem.f_frsize;
}

std::string mebibytes(std::uintmax_t bytes) {
    return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20));
}

// Free space under which a failed shard write is taken as a full disk.
constexpr std::uintmax_t kFullBelowBytes = 1 << 20;

// One worker process's side: take chunks until none is left or the run
// stops, index each into its shard, tell the indexer everything.
class WorkerSide {
public:
    WorkerSide(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis, const Chunks& chunks,
               std::string shards_folder, SharedControl& control, const std::atomic<bool>* stop, int out_fd)
        : work_(work), analysis_(analysis), chunks_(chunks), shards_folder_(std::move(shards_folder)),
          control_(control), stop_(stop), out_fd_(out_fd) {}

    int run() {
        current_ = this;
        current_pid_ = ::getpid();
        std::set_terminate(&WorkerSide::on_terminate);
        try {
            while (!stopping()) {
                const std::uint32_t chunk = control_.next_chunk.fetch_add(1);
                if (chunk >= chunks_.count()) break;
                send(ChunkStarted{chunk});
                send(ChunkFinished{chunk, index_chunk(chunk)});
            }
            return exit_code::kSuccess;
        } catch (...) {
            send(WorkerFailure{failure_message(std::current_exception())});
        }
        return exit_code::kDatabase;
    }

private:
    // Xapian 1.4.22 can let an exception escape a destructor while it
    // recovers from a commit that failed ("Modifications failed (Error
    // writing block 10 (No space left on device)), and couldn't open at the
    // old revision"), which ends the process in std::terminate. The worker
    // then still tells the indexer that error, instead of dying of SIGABRT
    // with it unsaid. A parser child forked from the worker (isolation.h)
    // inherits the handler but not the pipe's protocol: it aborts, as it
    // would have, and the document fails on its own.
    // Called during unwinding, there is no current exception: the error the
    // shard's scope was left with (noted in index_chunk) is the one to tell.
    // With no exception at all, Xapian itself ended the process: 1.4.22
    // calls std::terminate inside a commit whose write failed (seen with
    // the disk full, 4 runs in 20 under load); the worker says where it was
    // and what the filesystem says.
    [[noreturn]] static void on_terminate() {
        if (::getpid() != current_pid_) std::abort();
        const std::exception_ptr error = std::current_exception();
        current_->send(WorkerFailure{error                                     ? current_->failure_message(error)
                                     : !current_->unwinding_failure_.empty() ? current_->unwinding_failure_
                                                                             : current_->stopped_by_xapian()});
        ::_exit(exit_code::kDatabase);
    }

    std::string stopped_by_xapian() const {
        const std::optional<std::uintmax_t> space = free_space(shards_folder_);
        const bool full = space && *space < kFullBelowBytes;
        return fmt::format("cannot write a shard of the new database in '{}': Xapian stopped the worker while {}{}",
                           shards_folder_, doing_, full ? std::string(" (") + std::strerror(ENOSPC) + ")" : "");
    }

    // What the worker tells the indexer about the error that ends it.
    std::string failure_message(const std::exception_ptr& error) const {
        try {
            if (error) std::rethrow_exception(error);
        } catch (const DatabaseError& e) {
            return e.what();
        } catch (const Xapian::Error& e) {
            return fmt::format("cannot write a shard of the new database in '{}': {}", shards_folder_,
                               e.get_description());
        } catch (const std::exception& e) {
            return std::string("internal error in an indexing worker: ") + e.what();
        } catch (...) {
        }
        return "internal error in an indexing worker (an unknown exception)";
    }

    bool stopping() const { return control_.stop.load() || (stop_ && stop_->load()); }

    void send(const WorkerMessage& message) const {
        // The indexer is gone when this fails; nothing is left to do.
        if (!write_all(out_fd_, encode_message(message))) ::_exit(exit_code::kInternal);
    }

    // Returns how many files of the chunk were done (all unless stopped).
    std::uint32_t index_chunk(std::size_t chunk) {
        // No fsync: a shard is scratch, thrown away unless the run ends well.
        Xapian::WritableDatabase shard(shard_path(shards_folder_, chunk), Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
        shard.set_metadata(std::string(schema::kSchemaKey), std::to_string(schema::kSchemaVersion));
        try {
            return fill_shard(shard, chunk);
        } catch (...) {
            // The shard's destructor may throw while this propagates (see
            // on_terminate): keep the real error's message for that case.
            unwinding_failure_ = failure_message(std::current_exception());
            throw;
        }
    }

    std::uint32_t fill_shard(Xapian::WritableDatabase& shard, std::size_t chunk) {
        std::size_t pending_documents = 0;
        std::size_t pending_bytes = 0;
        std::uint32_t done = 0;
        for (std::size_t i = chunks_.begin(chunk); i < chunks_.end(chunk) && !stopping(); ++i, ++done) {
            FileReport report;
            report.index = static_cast<std::uint32_t>(i);
            try {
                AnalyzedFile analyzed = analyze_file(*work_[i], analysis_);
                // Every file is new here, so there is no touch to record.
                shard.add_document(analyzed.built->document);
                report.lang = analyzed.built->lang;
                report.warnings = std::move(analyzed.warnings);
                pending_bytes += analyzed.text_bytes;
                if (++pending_documents >= kShardCommitEveryDocuments || pending_bytes >= kCommitEveryTextBytes) {
                    doing_ = "committing it";
                    shard.commit();
                    doing_ = "indexing into it";
                    pending_documents = pending_bytes = 0;
                }
            } catch (const DocumentError& e) {
                report.outcome = e.kind() == DocumentError::Kind::skipped ? FileReport::Outcome::skipped
                                 : e.kind() == DocumentError::Kind::gone  ? FileReport::Outcome::gone
                                                                          : FileReport::Outcome::failed;
                report.message = e.what();
            }
            send(report);
        }
        // From the shard's word list (one pass): compact sums the shards'
        // tables into a compacted one.
        doing_ = "finishing it";
        rebuild_spelling(shard);
        shard.commit();
        shard.close();
        doing_ = "indexing into it";
        return done;
    }

    const std::vector<const PlannedFile*>& work_;
    const FileAnalysis& analysis_;
    const Chunks& chunks_;
    std::string shards_folder_;
    SharedControl& control_;
    const std::atomic<bool>* stop_;
    int out_fd_;
    std::string unwinding_failure_;
    const char* doing_ = "indexing into it";  // what stopped_by_xapian() says the worker was doing
    // This worker process's, for on_terminate.
    static inline const WorkerSide* current_ = nullptr;
    static inline pid_t current_pid_ = -1;
};

// The indexer's view of one worker.
struct Worker : WorkerProcess {
    FileDescriptor reports;  // read end of the worker's pipe
    MessageReader reader;
    std::optional<std::uint32_t> chunk;  // taken and not finished
    std::uint32_t files_reported = 0;   // of that chunk

    // Ended before its pipes close, as it always was.
    ~Worker() { kill_and_reap(); }
};

struct ChunkProgress {
    std::vector<FileReport> reports;
    bool finished = false;
};

// The indexer's side: starts the workers, gathers their reports, hands
// them on in work-list order, and merges the shards.
class Coordinator {
public:
    Coordinator(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                const BulkOptions& options, const FileReportSink& sink)
        : work_(work), analysis_(analysis), options_(options), sink_(sink),
          shards_folder_(options.output + ".shards"), chunks_(work.size(), options.jobs) {
        progress_.resize(chunks_.count());
    }

    ~Coordinator() {
        workers_.clear();  // kills any still running
        // Both were made by this run (with dossier's marker); the lock is
        // still held, so no other run can be using them.
        std::error_code ec;
        if (made_by_dossier(shards_folder_)) std::filesystem::remove_all(shards_folder_, ec);
        if (!merged_ && made_by_dossier(options_.output)) std::filesystem::remove_all(options_.output, ec);
    }

    BulkResult run() {
        remove_owned_folder(shards_folder_);  // left by a run that was killed
        remove_owned_folder(options_.output);
        create_owned_folder(shards_folder_);
        create_owned_folder(options_.output);
        analysis_.catalog.prepare_extraction();  // once, shared by the workers
        const unsigned jobs = static_cast<unsigned>(std::min<std::size_t>(options_.jobs, chunks_.count()));
        for (unsigned i = 0; i < jobs; ++i) start_worker();
        gather();
        BulkResult result;
        // A stop that came after the last file changes nothing.
        result.interrupted = files_handed_on_ < work_.size();
        merge();
        merged_ = true;
        return result;
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
            return WorkerSide(work_, analysis_, chunks_, shards_folder_, *control_, options_.stop, write_end.get()).run();
        });
        auto worker = std::make_unique<Worker>();
        worker->pid = pid;
        worker->reports = std::move(read_end);
        workers_.push_back(std::move(worker));
    }

    // Reads every worker's messages until all have exited.
    void gather() {
        std::vector<Worker*> running;
        for (auto& worker : workers_) running.push_back(worker.get());
        while (!running.empty()) {
            if (options_.stop && options_.stop->load()) control_->stop.store(true);
            std::vector<pollfd> fds;
            for (Worker* worker : running) fds.push_back({worker->reports.get(), POLLIN, 0});
            if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
                throw DatabaseError(fmt::format("indexing workers: poll: {}", std::strerror(errno)));
            for (std::size_t i = 0; i < fds.size(); ++i)
                if (fds[i].revents != 0 && !read_from(*running[i])) running[i] = nullptr;
            std::erase(running, nullptr);
        }
        hand_on_finished_chunks();
    }

    // Reads what is there; returns false once the worker has exited.
    bool read_from(Worker& worker) {
        if (!worker.reader.feed_from(worker.reports.get())) {
            worker_exited(worker);
            return false;
        }
        try {
            while (std::optional<WorkerMessage> message = worker.reader.next()) handle(worker, std::move(*message));
        } catch (const GarbledMessage& e) {
            // Only the framing: a worker's own error (a DatabaseError from
            // handle) goes up as it is.
            throw DatabaseError(fmt::format("an indexing worker sent a garbled report ({}); the database is "
                                            "unchanged; run again, or with --jobs 1",
                                            e.what()));
        }
        return true;
    }

    // Throws GarbledMessage for a message that does not fit what the
    // worker said before (read_from reports it as garbled), and
    // DatabaseError for a worker's failure.
    void handle(Worker& worker, WorkerMessage message) {
        if (auto* started = std::get_if<ChunkStarted>(&message)) {
            if (worker.chunk || started->chunk >= chunks_.count()) throw GarbledMessage("a chunk out of turn");
            worker.chunk = started->chunk;
            worker.files_reported = 0;
        } else if (auto* report = std::get_if<FileReport>(&message)) {
            if (!worker.chunk || report->index != chunks_.begin(*worker.chunk) + worker.files_reported ||
                report->index >= chunks_.end(*worker.chunk))
                throw GarbledMessage("a file report out of turn");
            progress_[*worker.chunk].reports.push_back(std::move(*report));
            ++worker.files_reported;
        } else if (auto* finished = std::get_if<ChunkFinished>(&message)) {
            if (worker.chunk != finished->chunk || finished->files_done != worker.files_reported)
                throw GarbledMessage("a chunk finished out of turn");
            progress_[finished->chunk].finished = true;
            worker.chunk.reset();
            hand_on_finished_chunks();
        } else if (auto* failure = std::get_if<WorkerFailure>(&message)) {
            control_->stop.store(true);
            throw DatabaseError(fmt::format("{}; the database '{}' is unchanged; fix the cause (disk space?) "
                                            "and run again",
                                            failure->message, options_.database));
        } else {
            throw GarbledMessage("a --jsonl message in a folder build");
        }
    }

    // A worker that ends in the middle of a chunk died: its shard is lost.
    void worker_exited(Worker& worker) {
        const std::optional<std::uint32_t> chunk = worker.chunk;
        const int status = worker.reap();
        // A clean exit between chunks, with every message whole, is the end.
        if (!chunk && status == 0 && !worker.reader.has_partial()) return;
        control_->stop.store(true);
        std::string how = "ended unexpectedly";
        if (status >= 0 && WIFSIGNALED(status)) how = "was killed by " + signal_description(WTERMSIG(status));
        else if (status >= 0 && WIFEXITED(status)) how = fmt::format("exited with status {}", WEXITSTATUS(status));
        std::string where;
        if (chunk) {
            const std::size_t index = chunks_.begin(*chunk) + worker.files_reported;
            if (index < work_.size()) where = fmt::format(" while indexing '{}'", work_[index]->file.path);
        }
        throw DatabaseError(fmt::format("an indexing worker {}{}; the database '{}' is unchanged; run again "
                                        "(--jobs 1 indexes in one process)",
                                        how, where, options_.database));
    }

    void hand_on_finished_chunks() {
        while (next_to_hand_on_ < chunks_.count() && progress_[next_to_hand_on_].finished) {
            for (const FileReport& report : progress_[next_to_hand_on_].reports) {
                sink_(*work_.at(report.index), report);
                ++files_handed_on_;
            }
            progress_[next_to_hand_on_].reports = {};
            ++next_to_hand_on_;
        }
    }

    // Merges the finished shards in chunk order into the output.
    void merge() {
        std::vector<std::string> shards;
        for (std::size_t chunk = 0; chunk < chunks_.count() && progress_[chunk].finished; ++chunk)
            shards.push_back(shard_path(shards_folder_, chunk));
        merge_shards(shards, options_.output, options_.database);
    }

    const std::vector<const PlannedFile*>& work_;
    const FileAnalysis& analysis_;
    const BulkOptions& options_;
    const FileReportSink& sink_;
    std::string shards_folder_;
    Chunks chunks_;
    SharedMapping control_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<ChunkProgress> progress_;
    std::size_t next_to_hand_on_ = 0;
    std::size_t files_handed_on_ = 0;
    bool merged_ = false;
};

}  // namespace

void merge_shards(const std::vector<std::string>& shards, const std::string& output, const std::string& database) {
    Xapian::Database sources;
    std::size_t merged = 0;
    std::uintmax_t shard_bytes = 0;
    for (const std::string& path : shards) {
        Xapian::Database shard(path);
        if (shard.get_doccount() == 0) continue;  // every file or record of it skipped
        sources.add_database(shard);
        shard_bytes += disk_use(path);
        ++merged;
    }
    if (merged == 0) {
        WriteOpenOptions empty;
        empty.hint_path = database;
        open_for_writing(output, empty).close();
        return;
    }
    // Refuses a merge the filesystem has no room for, rather than fill it
    // (other programs write there too) and fail at the end. The output is
    // made beside the shards, on the same filesystem.
    const std::optional<std::uintmax_t> free = free_space(shards.front());
    const auto needed = static_cast<std::uintmax_t>(static_cast<double>(shard_bytes) * kMergeBytesPerShardByte);
    if (free && *free < needed)
        throw DatabaseError(fmt::format(
            "not enough free space to merge the new database's shards into '{}': the merge needs about {} and "
            "{} is free there; the database '{}' is unchanged; free some space and run again (with --jobs 1 "
            "the database is built in place, in about half the space)",
            output, mebibytes(needed), mebibytes(*free), database));
    try {
        sources.compact(output, Xapian::DBCOMPACT_MULTIPASS | Xapian::Compactor::FULL);
    } catch (const Xapian::Error& e) {
        throw DatabaseError(fmt::format("cannot merge the new database's shards into '{}': {}; the database "
                                        "'{}' is unchanged; fix the cause (disk space?) and run again",
                                        output, e.get_description(), database));
    }
}

bool worth_building_in_parallel(std::size_t files, unsigned jobs) {
    return jobs > 1 && files > kMinFilesPerChunk;
}

BulkResult build_in_parallel(const std::vector<const PlannedFile*>& work, const FileAnalysis& analysis,
                             const BulkOptions& options, const FileReportSink& sink) {
    Coordinator coordinator(work, analysis, options, sink);
    return coordinator.run();
}

}  // namespace dossier::indexer
