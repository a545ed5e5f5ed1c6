// SPDX-License-Identifier: MIT
#include "jsonl_bulk.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "base/error.h"
#include "base/exit_codes.h"
#include "base/posix_io.h"
#include "bulk_build.h"
#include "worker_process.h"
#include "changesets.h"
#include "index/copy_clusters.h"
#include "index/database.h"
#include "index/database_folder.h"
#include "index/document_record.h"
#include "index/index_config.h"
#include "index/schema.h"
#include "index/spelling_data.h"
#include "readers/isolation.h"
#include "reporter.h"
#include "worker_messages.h"

namespace dossier::indexer {

namespace {

// A chunk is at least this many lines (as a folder chunk is files) and
// bytes, and then a sixteenth of what was read so far: a shard has fixed
// costs (creating it, its spelling table, one more source for the merge),
// which short records (a paragraph is some 250 bytes) would not pay for in
// 500 lines; a file of any length makes some tens of shards (about 70 for
// 1.5 million paragraphs, each a database open at the merge), and the last
// chunk, which one worker does while the other may have nothing left, is a
// small part of the whole.
constexpr std::size_t kMinLinesPerChunk = 500;
constexpr std::size_t kMinChunkBytes = 1u << 20;
constexpr std::size_t kChunkGrowthDivisor = 16;
// Long records make a chunk end sooner: it is held in memory twice (the
// indexer's message and the worker's copy).
constexpr std::size_t kMaxChunkBytes = 32u << 20;
// A shard is committed every this much text or these many records: small
// batches keep Xapian's per-batch maps small (see bulk_build.cpp).
constexpr std::size_t kShardCommitEveryBytes = 512u << 10;
constexpr std::size_t kShardCommitEveryRecords = 1000;

std::string shard_path(const std::string& shards_folder, std::size_t chunk) {
    return fmt::format("{}/{:06}", shards_folder, chunk);
}

std::vector<std::string> band_terms_of(const Xapian::Document& document) {
    std::vector<std::string> terms;
    const std::string prefix(schema::kCopyBandPrefix);
    Xapian::TermIterator term = document.termlist_begin();
    term.skip_to(prefix);
    for (; term != document.termlist_end() && (*term).starts_with(prefix); ++term) terms.push_back(*term);
    return terms;
}

// Copy clusters as a one-process run makes them. A run that replaces
// documents (a repeated id) clusters by its history: a cluster keeps the
// name of the document that started it even after that one's text
// changed, so clustering the final documents (cluster_copies, as folder
// builds do) could name clusters otherwise. The indexer therefore repeats
// what a one-process run does, record by record in line order, on a
// database of small documents holding only what join_copy_cluster reads
// (id term, band terms, signature): its document ids are those of the
// merged database, and its clusters are then written into the shards that
// hold those documents.
class ClusterReplay {
public:
    explicit ClusterReplay(const std::string& path) : database_(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC) {}

    void add(const RecordReport& report) {
        Xapian::Document document;
        document.add_boolean_term(report.id_term);
        for (const std::string& term : report.band_terms) document.add_boolean_term(term);
        if (!report.signature.empty()) document.add_value(schema::kCopySignatureSlot, report.signature);
        const auto previous = database_.postlist_begin(report.id_term);
        join_copy_cluster(database_, document, previous != database_.postlist_end(report.id_term) ? *previous : 0);
        database_.replace_document(report.id_term, document);
        if (++pending_ >= kCommitEvery) {
            database_.commit();
            pending_ = 0;
        }
    }

    // Calls `found(id, cluster_term)` for each document in a cluster, by
    // its document id here (and in the merged database).
    void for_each_member(const std::function<void(Xapian::docid, const std::string&)>& found) {
        const std::string prefix(schema::kCopyClusterPrefix);
        for (auto term = database_.allterms_begin(prefix); term != database_.allterms_end(prefix); ++term)
            for (auto posting = database_.postlist_begin(*term); posting != database_.postlist_end(*term); ++posting)
                found(*posting, *term);
    }

private:
    // Bounds the memory of its pending changes (every 10,000 was no faster).
    static constexpr unsigned kCommitEvery = 1000;
    Xapian::WritableDatabase database_;
    unsigned pending_ = 0;
};

// The request to stop, shared by the indexer with its workers (a SIGTERM
// sent to the indexer alone reaches no worker).
class SharedStop {
public:
    SharedStop() {
        void* memory = ::mmap(nullptr, sizeof(std::atomic<bool>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                              -1, 0);
        if (memory == MAP_FAILED)
            throw DatabaseError(fmt::format("cannot start the indexing workers: mmap: {}", std::strerror(errno)));
        flag_ = new (memory) std::atomic<bool>(false);
    }
    SharedStop(const SharedStop&) = delete;
    SharedStop& operator=(const SharedStop&) = delete;
    ~SharedStop() { ::munmap(flag_, sizeof(std::atomic<bool>)); }
    std::atomic<bool>& operator*() const { return *flag_; }
    std::atomic<bool>* operator->() const { return flag_; }

private:
    std::atomic<bool>* flag_ = nullptr;
};
static_assert(std::atomic<bool>::is_always_lock_free, "shared between processes, the flag must be lock-free");

// SIGPIPE ignored while the indexer writes to its workers: a worker that
// died makes the write fail (and its exit is reported) instead of killing
// the indexer.
class IgnoredSigpipe {
public:
    IgnoredSigpipe() {
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGPIPE, &ignore, &previous_);
    }
    IgnoredSigpipe(const IgnoredSigpipe&) = delete;
    IgnoredSigpipe& operator=(const IgnoredSigpipe&) = delete;
    ~IgnoredSigpipe() { ::sigaction(SIGPIPE, &previous_, nullptr); }

private:
    struct sigaction previous_ {};
};

// One worker process's side: read chunks from the indexer until it closes
// the pipe, write each into its shard, report every line.
class RecordWorker {
public:
    // `replaced`: the database a --rebuild replaces, whose records' stamps
    // carry over; empty for none.
    RecordWorker(const RunSettings& settings, const EntityCatalog& catalog, const RunStamp& run,
                 std::string shards_folder, std::string replaced, const std::atomic<bool>& shared_stop,
                 const std::atomic<bool>* stop, int in_fd, int out_fd)
        : settings_(settings), catalog_(catalog), run_(run), shards_folder_(std::move(shards_folder)),
          replaced_path_(std::move(replaced)), shared_stop_(shared_stop), stop_(stop), in_fd_(in_fd),
          out_fd_(out_fd) {}

    int run() {
        current_ = this;
        current_pid_ = ::getpid();
        std::set_terminate(&RecordWorker::on_terminate);
        try {
            while (std::optional<RecordChunk> chunk = receive()) {
                send(ChunkStarted{chunk->chunk});
                send(ChunkFinished{chunk->chunk, index_chunk(*chunk)});
            }
            return exit_code::kSuccess;
        } catch (...) {
            send(WorkerFailure{failure_message(std::current_exception())});
        }
        return exit_code::kDatabase;
    }

private:
    // As bulk_build.cpp's workers: Xapian 1.4 can end a process whose
    // commit failed in std::terminate; the worker still says why.
    [[noreturn]] static void on_terminate() {
        if (::getpid() != current_pid_) std::abort();
        const std::exception_ptr error = std::current_exception();
        current_->send(WorkerFailure{
            error                                     ? current_->failure_message(error)
            : !current_->unwinding_failure_.empty() ? current_->unwinding_failure_
                                                    : fmt::format("cannot write a shard of the new database in "
                                                                  "'{}': Xapian stopped the worker",
                                                                  current_->shards_folder_)});
        ::_exit(exit_code::kDatabase);
    }

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

    bool stopping() const { return shared_stop_.load() || (stop_ && stop_->load()); }

    void send(const WorkerMessage& message) const {
        if (!write_all(out_fd_, encode_message(message))) ::_exit(exit_code::kInternal);
    }

    // The next chunk; nullopt when the indexer has no more.
    std::optional<RecordChunk> receive() {
        for (;;) {
            if (std::optional<WorkerMessage> message = input_.next()) {
                if (auto* chunk = std::get_if<RecordChunk>(&*message)) return std::move(*chunk);
                throw GarbledMessage("the indexer sent a worker something other than records");
            }
            char buffer[65536];
            const ssize_t n = ::read(in_fd_, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw DatabaseError(fmt::format("indexing worker: read: {}", std::strerror(errno)));
            if (n == 0) {
                if (input_.has_partial()) throw GarbledMessage("the indexer's records cut short");
                return std::nullopt;
            }
            input_.feed(std::string_view(buffer, static_cast<std::size_t>(n)));
        }
    }

    std::uint32_t index_chunk(const RecordChunk& chunk) {
        // No fsync: a shard is scratch, thrown away unless the run ends well.
        Xapian::WritableDatabase shard(shard_path(shards_folder_, chunk.chunk),
                                       Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
        shard.set_metadata(std::string(schema::kSchemaKey), std::to_string(schema::kSchemaVersion));
        try {
            return fill_shard(shard, chunk);
        } catch (...) {
            unwinding_failure_ = failure_message(std::current_exception());
            throw;
        }
    }

    std::uint32_t fill_shard(Xapian::WritableDatabase& shard, const RecordChunk& chunk) {
        std::size_t pending_records = 0;
        std::size_t pending_bytes = 0;
        std::uint32_t done = 0;
        for (const RecordLine& line : chunk.lines) {
            if (stopping()) break;
            RecordReport report;
            report.line = line.number;
            try {
                if (line.too_long) throw DocumentError(DocumentError::Kind::failed, too_long_line_message(settings_.limits));
                AnalyzedRecord record = analyze_jsonl_line(line.text, settings_.limits, settings_.lang, catalog_);
                // Every record is of this run: a replaced one was too.
                stamp(record.built);
                report.replaced = shard.term_exists(record.built.id_term);
                shard.replace_document(record.built.id_term, record.built.document);
                report.path = std::move(record.path);
                report.id_term = record.built.id_term;
                report.lang = record.built.lang;
                report.warnings = std::move(record.built.warnings);
                report.band_terms = band_terms_of(record.built.document);
                report.signature = record.built.document.get_value(schema::kCopySignatureSlot);
                pending_bytes += record.text_bytes;
                if (++pending_records >= kShardCommitEveryRecords || pending_bytes >= kShardCommitEveryBytes) {
                    shard.commit();
                    pending_records = pending_bytes = 0;
                }
            } catch (const DocumentError& e) {
                report.outcome = RecordReport::Outcome::failed;
                report.message = e.what();
            }
            send(report);
            ++done;
        }
        rebuild_spelling(shard);
        shard.commit();
        shard.close();
        return done;
    }

    // Every record is of this run (a replaced one was too), but in a
    // --rebuild one the replaced database had keeps when it was added, and
    // when it changed unless its content did: a re-analysis is not news.
    void stamp(BuiltDocument& built) {
        if (replaced_path_.empty()) return stamp_document(built.document, run_, nullptr, false);
        if (!replaced_) replaced_.emplace(replaced_path_);
        const auto posting = replaced_->postlist_begin(built.id_term);
        if (posting == replaced_->postlist_end(built.id_term))
            return stamp_document(built.document, run_, nullptr, false);
        const Xapian::Document old = replaced_->get_document(*posting);
        const PreviousRecord previous{old.get_value(schema::kAddedSlot), old.get_value(schema::kChangedSlot), ""};
        stamp_document(built.document, run_, &previous,
                       same_record_content(old.get_data(), built.document.get_data()));
    }

    const RunSettings& settings_;
    const EntityCatalog& catalog_;
    const RunStamp& run_;
    std::string shards_folder_;
    std::string replaced_path_;
    std::optional<Xapian::Database> replaced_;  // opened in the worker, on its first record
    const std::atomic<bool>& shared_stop_;
    const std::atomic<bool>* stop_;
    int in_fd_;
    int out_fd_;
    MessageReader input_;
    std::string unwinding_failure_;
    static inline const RecordWorker* current_ = nullptr;
    static inline pid_t current_pid_ = -1;
};

// The indexer's view of one worker.
struct WorkerHandle : WorkerProcess {
    FileDescriptor records;  // write end: chunks to the worker
    FileDescriptor reports;  // read end: its reports
    MessageReader reader;
    std::optional<std::uint32_t> sent;    // the chunk it was given and has not finished
    bool started = false;                 // it said it took `sent`
    std::uint32_t lines_reported = 0;     // of that chunk

    // Ended before its pipes close, as it always was.
    ~WorkerHandle() { kill_and_reap(); }
};

struct ChunkState {
    std::vector<std::uint32_t> line_numbers;
    std::vector<RecordReport> reports;
    bool finished = false;
};

class RecordsCoordinator {
public:
    // `replaced`: the database a --rebuild replaces (empty: none).
    RecordsCoordinator(const RunSettings& settings, JsonlLines& lines, const std::string& label,
                       const EntityCatalog& catalog, const RunStamp& run, const RunContext& context,
                       std::string replaced = {})
        : settings_(settings), lines_(lines), label_(label), catalog_(catalog), run_(run), context_(context),
          reporter_(context.err, settings.verbosity, context.err_is_terminal),
          shards_folder_(settings.scratch + ".shards"), replaced_(std::move(replaced)) {}

    ~RecordsCoordinator() {
        workers_.clear();  // kills any still running
        opened_shards_.clear();
        clusters_.reset();
        std::error_code ec;
        if (made_by_dossier(shards_folder_)) std::filesystem::remove_all(shards_folder_, ec);
        if (!kept_ && made_by_dossier(settings_.scratch)) std::filesystem::remove_all(settings_.scratch, ec);
    }

    // Builds the new database at settings.scratch, with `metadata` when it
    // has documents.
    void run(std::map<std::string, std::string> metadata) {
        metadata_ = std::move(metadata);
        remove_owned_folder(shards_folder_);  // left by a run that was killed
        remove_owned_folder(settings_.scratch);
        create_owned_folder(shards_folder_);
        create_owned_folder(settings_.scratch);
        catalog_.prepare_extraction();  // once, shared by the workers
        {
            const IgnoredSigpipe ignored;
            for (unsigned i = 0; i < settings_.jobs; ++i) start_worker();
            clusters_.emplace(shards_folder_ + "/clusters");  // after the forks: no worker holds it
            distribute();
        }
        reporter_.clear_progress();
        summary_.interrupted = interrupted_ || cut_;
        if (const std::string error = lines_.read_error(); !error.empty()) {
            reporter_.failed(label_, error + (settings_.kind == RunKind::jsonl_rebuild
                                                  ? "; the database is not rebuilt from part of it, and is unchanged"
                                                  : "; the records before it are committed"));
            ++summary_.failed;
        }
        merge();
    }

    IndexSummary& summary() { return summary_; }

    // The new database is complete: it is no longer removed.
    void keep() { kept_ = true; }

private:
    // A signal, or a chunk a worker cut short (it was signalled alone):
    // nothing after it would be kept, so nothing more is read.
    bool stop_requested() const { return cut_ || (context_.stop && context_.stop->load()); }

    void start_worker() {
        int records[2];
        int reports[2];
        if (::pipe2(records, O_CLOEXEC) != 0 || ::pipe2(reports, O_CLOEXEC) != 0)
            throw DatabaseError(fmt::format("cannot start an indexing worker: pipe: {}", std::strerror(errno)));
        FileDescriptor records_read(records[0]), records_write(records[1]);
        FileDescriptor reports_read(reports[0]), reports_write(reports[1]);
        const pid_t pid = fork_worker([&] {
            records_write.reset();
            reports_read.reset();
            // The other workers' pipes: a copy held here would keep a
            // worker from seeing the end of its records.
            for (auto& worker : workers_) {
                worker->records.reset();
                worker->reports.reset();
            }
            return RecordWorker(settings_, catalog_, run_, shards_folder_, replaced_, *shared_stop_, context_.stop,
                                records_read.get(), reports_write.get())
                .run();
        });
        auto worker = std::make_unique<WorkerHandle>();
        worker->pid = pid;
        worker->records = std::move(records_write);
        worker->reports = std::move(reports_read);
        workers_.push_back(std::move(worker));
    }

    // The next chunk of the input; nullopt at its end (or a stop).
    std::optional<RecordChunk> read_chunk() {
        const std::size_t min_bytes = std::max(kMinChunkBytes, bytes_read_ / kChunkGrowthDivisor);
        RecordChunk chunk;
        chunk.chunk = static_cast<std::uint32_t>(chunks_.size());
        std::size_t bytes = 0;
        JsonlLines::Line line;
        while ((chunk.lines.size() < kMinLinesPerChunk || bytes < min_bytes) && bytes < kMaxChunkBytes &&
               !stop_requested() && lines_.next(line)) {
            bytes += line.text.size() + 1;
            chunk.lines.push_back({static_cast<std::uint32_t>(line.number), line.too_long, std::move(line.text)});
        }
        if (stop_requested()) {
            interrupted_ = true;
            return std::nullopt;
        }
        if (chunk.lines.empty()) return std::nullopt;
        bytes_read_ += bytes;
        ChunkState state;
        for (const RecordLine& record : chunk.lines) state.line_numbers.push_back(record.number);
        chunks_.push_back(std::move(state));
        return chunk;
    }

    WorkerHandle* idle_worker() {
        for (auto& worker : workers_)
            if (worker->pid > 0 && !worker->sent && worker->records.get() >= 0) return worker.get();
        return nullptr;
    }

    // No more chunks: each worker ends after the one it has.
    void close_inputs() {
        for (auto& worker : workers_) worker->records.reset();
    }

    // Hands out the input chunk by chunk and gathers the reports until
    // every worker has exited.
    void distribute() {
        std::optional<RecordChunk> pending;
        bool input_done = false;
        for (;;) {
            if (stop_requested() && !shared_stop_->load()) {
                *shared_stop_ = true;
                // A stop after the last line changes nothing.
                if (!input_done) interrupted_ = true;
                pending.reset();
                input_done = true;
                close_inputs();
            }
            if (!pending && !input_done) {
                pending = read_chunk();
                if (!pending) {
                    input_done = true;
                    close_inputs();
                    continue;  // a stop that ended the reading is seen above
                }
            }
            if (pending) {
                if (WorkerHandle* worker = idle_worker()) {
                    worker->sent = pending->chunk;
                    worker->started = false;
                    // A worker that died mid-write is reported when its
                    // reports end.
                    write_all(worker->records.get(), encode_message(*pending));
                    pending.reset();
                    continue;
                }
            }
            std::vector<WorkerHandle*> running;
            for (auto& worker : workers_)
                if (worker->pid > 0) running.push_back(worker.get());
            if (running.empty()) break;
            std::vector<pollfd> fds;
            for (WorkerHandle* worker : running) fds.push_back({worker->reports.get(), POLLIN, 0});
            if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR)
                throw DatabaseError(fmt::format("indexing workers: poll: {}", std::strerror(errno)));
            for (std::size_t i = 0; i < fds.size(); ++i)
                if (fds[i].revents != 0) read_from(*running[i]);
        }
        hand_on_finished_chunks();
    }

    void read_from(WorkerHandle& worker) {
        if (!worker.reader.feed_from(worker.reports.get())) return worker_exited(worker);
        try {
            while (std::optional<WorkerMessage> message = worker.reader.next()) handle(worker, std::move(*message));
        } catch (const GarbledMessage& e) {
            throw DatabaseError(fmt::format("an indexing worker sent a garbled report ({}); the database '{}' is "
                                            "unchanged; run again, or with --jobs 1",
                                            e.what(), settings_.database));
        }
    }

    void handle(WorkerHandle& worker, WorkerMessage message) {
        if (auto* started = std::get_if<ChunkStarted>(&message)) {
            if (worker.sent != started->chunk || worker.started) throw GarbledMessage("a chunk out of turn");
            worker.started = true;
            worker.lines_reported = 0;
        } else if (auto* report = std::get_if<RecordReport>(&message)) {
            if (!worker.started) throw GarbledMessage("a record report out of turn");
            ChunkState& chunk = chunks_[*worker.sent];
            if (worker.lines_reported >= chunk.line_numbers.size() ||
                report->line != chunk.line_numbers[worker.lines_reported])
                throw GarbledMessage("a record report out of turn");
            chunk.reports.push_back(std::move(*report));
            ++worker.lines_reported;
        } else if (auto* finished = std::get_if<ChunkFinished>(&message)) {
            if (!worker.started || worker.sent != finished->chunk || finished->files_done != worker.lines_reported)
                throw GarbledMessage("a chunk finished out of turn");
            chunks_[finished->chunk].finished = true;
            worker.sent.reset();
            worker.started = false;
            hand_on_finished_chunks();
        } else if (auto* failure = std::get_if<WorkerFailure>(&message)) {
            *shared_stop_ = true;
            throw DatabaseError(fmt::format("{}; the database '{}' is unchanged; fix the cause (disk space?) "
                                            "and run again",
                                            failure->message, settings_.database));
        } else {
            throw GarbledMessage("a folder report in a --jsonl build");
        }
    }

    void worker_exited(WorkerHandle& worker) {
        const std::optional<std::uint32_t> chunk = worker.sent;
        const std::uint32_t reported = worker.lines_reported;
        const int status = worker.reap();
        worker.records.reset();
        if (!chunk && status == 0 && !worker.reader.has_partial()) return;
        *shared_stop_ = true;
        std::string how = "ended unexpectedly";
        if (status >= 0 && WIFSIGNALED(status)) how = "was killed by " + signal_description(WTERMSIG(status));
        else if (status >= 0 && WIFEXITED(status)) how = fmt::format("exited with status {}", WEXITSTATUS(status));
        std::string where;
        if (chunk && reported < chunks_[*chunk].line_numbers.size())
            where = fmt::format(" while ingesting {}:{}", label_, chunks_[*chunk].line_numbers[reported]);
        throw DatabaseError(fmt::format("an indexing worker {}{}; the database '{}' is unchanged; run again "
                                        "(--jobs 1 ingests in one process)",
                                        how, where, settings_.database));
    }

    // Reports the finished chunks in order, up to the first one cut short
    // by a stop: the records after it are not kept.
    void hand_on_finished_chunks() {
        while (!cut_ && kept_chunks_ < chunks_.size() && chunks_[kept_chunks_].finished) {
            ChunkState& chunk = chunks_[kept_chunks_];
            for (const RecordReport& report : chunk.reports) hand_on(report, kept_chunks_);
            cut_ = chunk.reports.size() < chunk.line_numbers.size();
            chunk.reports = {};
            chunk.line_numbers = {};
            ++kept_chunks_;
            reporter_.progress_records(summary_.added + summary_.updated);
        }
    }

    void hand_on(const RecordReport& report, std::size_t chunk) {
        const std::string where = fmt::format("{}:{}", label_, report.line);
        if (report.outcome == RecordReport::Outcome::failed) {
            reporter_.clear_progress();
            reporter_.failed(where, "skipped: " + report.message);
            ++summary_.failed;
            return;
        }
        for (const std::string& warning : report.warnings) {
            reporter_.clear_progress();
            reporter_.warning(where, warning);
        }
        summary_.warnings += static_cast<unsigned>(report.warnings.size());
        const bool repeated = report.replaced || seen_in_earlier_chunk(report.id_term, chunk);
        try {
            clusters_->add(report);
        } catch (const Xapian::Error& e) {
            throw DatabaseError(fmt::format("cannot write the new database's copy clusters in '{}': {}; the "
                                            "database '{}' is unchanged; fix the cause (disk space?) and run again",
                                            shards_folder_, e.get_description(), settings_.database));
        }
        reporter_.clear_progress();
        reporter_.changed(repeated ? "updated" : "added", report.path, report.lang);
        ++(repeated ? summary_.updated : summary_.added);
    }

    // Whether a chunk before `chunk` wrote a document with `id_term`; if so
    // it is a repeat the merge resolves. Otherwise `chunk` is noted as one
    // that has the id. Ids are kept by hash; a hash shared by two ids is
    // told apart by looking in the earlier shard.
    bool seen_in_earlier_chunk(const std::string& id_term, std::size_t chunk) {
        std::vector<std::uint32_t>& holders = chunks_by_id_hash_[std::hash<std::string>{}(id_term)];
        for (const std::uint32_t holder : holders) {
            if (holder >= chunk || !shard(holder).term_exists(id_term)) continue;
            repeats_in_chunk_[chunk].insert(id_term);
            auto [repeat, first] = repeats_.try_emplace(id_term, Repeat{holder, chunk});
            if (!first) repeat->second.last = chunk;
            return true;
        }
        holders.push_back(static_cast<std::uint32_t>(chunk));
        return false;
    }

    const Xapian::Database& shard(std::size_t chunk) {
        auto found = opened_shards_.find(chunk);
        if (found == opened_shards_.end())
            found = opened_shards_.emplace(chunk, Xapian::Database(shard_path(shards_folder_, chunk))).first;
        return found->second;
    }

    // The shard of `chunk` without the documents whose ids an earlier
    // chunk has, so that the merge leaves no document id unused.
    std::string shard_without_repeats(std::size_t chunk, const std::set<std::string>& repeats) {
        const Xapian::Database& source = shard(chunk);
        std::set<Xapian::docid> left_out;
        for (const std::string& term : repeats)
            for (auto posting = source.postlist_begin(term); posting != source.postlist_end(term); ++posting)
                left_out.insert(*posting);
        const std::string path = shard_path(shards_folder_, chunk) + ".without-repeats";
        Xapian::WritableDatabase copy(path, Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
        copy.set_metadata(std::string(schema::kSchemaKey), std::to_string(schema::kSchemaVersion));
        for (auto posting = source.postlist_begin(""); posting != source.postlist_end(""); ++posting)
            if (!left_out.contains(*posting)) copy.add_document(source.get_document(*posting));
        rebuild_spelling(copy);
        copy.commit();
        copy.close();
        return path;
    }

    // Brings the shards to what their part of the database must hold, then
    // merges them. Every change is made in the shards, so that the merge
    // writes the database once, compacted: no block is rewritten after.
    void merge() {
        std::vector<std::string> sources;
        std::map<std::size_t, Xapian::WritableDatabase> changed;
        // Documents of what is merged from `chunk` (the shard, or its copy
        // without repeats).
        const auto documents_of = [&](std::size_t chunk) {
            if (const auto found = changed.find(chunk); found != changed.end()) return found->second.get_doccount();
            return Xapian::Database(sources[chunk]).get_doccount();
        };
        const auto writable = [&](std::size_t chunk) -> Xapian::WritableDatabase& {
            auto found = changed.find(chunk);
            if (found == changed.end())
                found = changed.emplace(chunk, Xapian::WritableDatabase(sources[chunk], Xapian::DB_OPEN)).first;
            return found->second;
        };
        try {
            for (std::size_t chunk = 0; chunk < kept_chunks_; ++chunk) {
                const auto repeats = repeats_in_chunk_.find(chunk);
                sources.push_back(repeats == repeats_in_chunk_.end()
                                      ? shard_path(shards_folder_, chunk)
                                      : shard_without_repeats(chunk, repeats->second));
            }
            // The last record of a repeated id, where its first one was.
            for (const auto& [term, repeat] : repeats_) {
                const Xapian::Database& last = shard(repeat.last);
                writable(repeat.first).replace_document(term, last.get_document(*last.postlist_begin(term)));
            }
            for (auto& [chunk, database] : changed) rebuild_spelling(database);
            // Clusters, by document id of the merged database: each shard's
            // documents follow those of the shards before it.
            std::vector<Xapian::docid> offsets;
            Xapian::docid total = 0;
            for (std::size_t chunk = 0; chunk < sources.size(); ++chunk) {
                offsets.push_back(total);
                total += documents_of(chunk);
            }
            clusters_->for_each_member([&](Xapian::docid id, const std::string& term) {
                const std::size_t chunk =
                    static_cast<std::size_t>(std::upper_bound(offsets.begin(), offsets.end(), id - 1) - offsets.begin()) - 1;
                Xapian::WritableDatabase& database = writable(chunk);
                const Xapian::docid local = id - offsets[chunk];
                // Merged documents have no cluster yet: the value and term
                // are all there is to add (copy_clusters.cpp's set_cluster).
                Xapian::Document document = database.get_document(local);
                document.add_value(schema::kCopyClusterSlot, term.substr(schema::kCopyClusterPrefix.size()));
                document.add_boolean_term(term);
                database.replace_document(local, document);
            });
            // The run and what the database remembers go with the first
            // shard that has documents (the merge keeps one value a key).
            for (std::size_t chunk = 0; chunk < sources.size() && total > 0; ++chunk) {
                if (documents_of(chunk) == 0) continue;
                Xapian::WritableDatabase& first = writable(chunk);
                for (const auto& [key, value] : metadata_) first.set_metadata(key, value);
                break;
            }
            for (auto& [chunk, database] : changed) {
                database.commit();
                database.close();
            }
        } catch (const Xapian::Error& e) {
            throw DatabaseError(fmt::format("cannot write a shard of the new database in '{}': {}; the database "
                                            "'{}' is unchanged; fix the cause (disk space?) and run again",
                                            shards_folder_, e.get_description(), settings_.database));
        }
        clusters_.reset();
        opened_shards_.clear();
        merge_shards(sources, settings_.scratch, settings_.database);
    }

    const RunSettings& settings_;
    JsonlLines& lines_;
    const std::string& label_;
    const EntityCatalog& catalog_;
    const RunStamp& run_;
    const RunContext& context_;
    Reporter reporter_;
    std::string shards_folder_;
    std::string replaced_;
    SharedStop shared_stop_;
    std::vector<std::unique_ptr<WorkerHandle>> workers_;
    std::vector<ChunkState> chunks_;
    std::size_t bytes_read_ = 0;
    std::size_t kept_chunks_ = 0;  // handed on, and merged
    bool cut_ = false;             // a chunk cut short by a stop was handed on
    bool interrupted_ = false;
    bool kept_ = false;
    std::unordered_map<std::size_t, std::vector<std::uint32_t>> chunks_by_id_hash_;
    std::map<std::size_t, std::set<std::string>> repeats_in_chunk_;
    // An id in several chunks: where it was first (its document id) and
    // last (its document).
    struct Repeat {
        std::size_t first = 0;
        std::size_t last = 0;
    };
    std::map<std::string, Repeat> repeats_;
    std::map<std::size_t, Xapian::Database> opened_shards_;
    std::optional<ClusterReplay> clusters_;  // of the records handed on
    std::map<std::string, std::string> metadata_;
    IndexSummary summary_;
};

// Writes `metadata` into the new database the workers merged into
// (settings.scratch) when no record reached it (the shards carry the
// metadata otherwise), and returns its revision; DatabaseError, saying the
// live database is unchanged, when it cannot be written.
Xapian::rev seal_new_database(const RunSettings& settings, const std::map<std::string, std::string>& metadata) {
    try {
        Xapian::WritableDatabase database(settings.scratch, Xapian::DB_OPEN);
        if (database.get_doccount() == 0) {
            for (const auto& [key, value] : metadata) database.set_metadata(key, value);
            database.commit();
        }
        const Xapian::rev revision = database.get_revision();
        database.close();
        return revision;
    } catch (const Xapian::Error& e) {
        throw DatabaseError(fmt::format("cannot write the new database '{}': {}; the database '{}' is "
                                        "unchanged; fix the cause (disk space?) and run again",
                                        settings.scratch, e.get_description(), settings.database));
    }
}

}  // namespace

IndexSummary ingest_jsonl_in_parallel(const RunSettings& settings, JsonlLines& lines, const std::string& label,
                                      const EntityCatalog& catalog, Xapian::WritableDatabase& empty,
                                      const RunContext& context) {
    // What opening it wrote (the schema version) is committed now: after
    // the swap a commit would write its version file into the new folder.
    empty.commit();
    const std::vector<RunStamp> history = run_history(empty);
    const RunStamp run = next_run(history, std::chrono::system_clock::now());
    // What the empty database remembers, as a run in place keeps it, and
    // this run.
    std::map<std::string, std::string> metadata;
    for (auto key = empty.metadata_keys_begin(); key != empty.metadata_keys_end(); ++key)
        metadata[*key] = empty.get_metadata(*key);
    metadata[std::string(schema::kRunsKey)] = encode_run_history(history, run);
    IndexSummary summary;
    {
        const NoChangesetsWhileBuilding new_database;
        RecordsCoordinator coordinator(settings, lines, label, catalog, run, context);
        coordinator.run(metadata);
        summary = coordinator.summary();
        // Should no record be kept: only what the empty database had.
        metadata.erase(std::string(schema::kRunsKey));
        summary.revision = seal_new_database(settings, metadata);
        coordinator.keep();
    }
    replace_database_folder(settings.scratch, settings.database);
    empty.close();
    return summary;
}

IndexSummary rebuild_jsonl(const RunSettings& settings, JsonlInput& input, Xapian::WritableDatabase* replaced,
                           const RunContext& context) {
    const EntityCatalog catalog = EntityCatalog::load(settings.gazetteers);
    JsonlLines lines(input, max_jsonl_line_bytes(settings.limits));
    Reporter reporter(context.err, settings.verbosity, context.err_is_terminal);
    // What the replaced database remembers, its runs and this one, and the
    // shard of this run (which --rebuild may change).
    std::map<std::string, std::string> metadata;
    std::vector<RunStamp> history;
    IndexConfig config;
    bool carry_over = replaced != nullptr;
    try {
        if (replaced) {
            for (auto key = replaced->metadata_keys_begin(); key != replaced->metadata_keys_end(); ++key)
                metadata[*key] = replaced->get_metadata(*key);
            history = run_history(*replaced);
            if (const auto found = metadata.find(std::string(schema::kIndexConfigKey)); found != metadata.end())
                config = decode_index_config(found->second);
        }
    } catch (const DatabaseError&) {
        config = IndexConfig{};  // of another schema: what it remembers is not carried over
    } catch (const Xapian::Error& e) {
        // Damaged: rebuilt from the records alone, as if there were none.
        reporter.warning(settings.database, "cannot be read (" + e.get_description() +
                                                "); the rebuilt database counts its runs and records anew");
        metadata.clear();
        history.clear();
        config = IndexConfig{};
        carry_over = false;
    }
    const RunStamp run = next_run(history, std::chrono::system_clock::now());
    // Written as a run in place writes it: when it was there, or the shard changes.
    const std::string config_key(schema::kIndexConfigKey);
    if (metadata.contains(config_key) || !(config.shard == settings.shard)) {
        config.shard = settings.shard;
        metadata[config_key] = encode_index_config(config);
    }
    metadata[std::string(schema::kSchemaKey)] = std::to_string(schema::kSchemaVersion);
    metadata[std::string(schema::kRunsKey)] = encode_run_history(history, run);
    RunSettings building = settings;
    building.jobs = std::max(1u, settings.jobs);
    IndexSummary summary;
    {
        const NoChangesetsWhileBuilding new_database;
        RecordsCoordinator coordinator(building, lines, input.label(), catalog, run, context,
                                       carry_over ? settings.database : std::string());
        coordinator.run(metadata);
        summary = coordinator.summary();
        if (summary.interrupted || !lines.read_error().empty()) {
            // The coordinator removes the new database: the old one stays.
            if (summary.interrupted)
                reporter.warning(settings.database, "--rebuild interrupted; the database is unchanged (run the "
                                                    "rebuild again to finish it)");
            return summary;
        }
        summary.revision = seal_new_database(settings, metadata);
        coordinator.keep();
    }
    replace_database_folder(settings.scratch, settings.database);
    if (replaced) replaced->close();
    return summary;
}

std::string compact_new_database(Xapian::WritableDatabase& database, const std::string& path,
                                 const std::string& scratch) {
    try {
        remove_owned_folder(scratch);
        create_owned_folder(scratch);
        database.compact(scratch, Xapian::Compactor::FULL);
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        if (made_by_dossier(scratch)) std::filesystem::remove_all(scratch, ec);
        return e.get_description();
    } catch (const DatabaseError& e) {
        return e.what();
    }
    replace_database_folder(scratch, path);
    database.close();
    return {};
}

}  // namespace dossier::indexer

namespace dossier::indexer {

IndexSummary ingest_jsonl(const RunSettings& settings, JsonlInput& input, Xapian::WritableDatabase& database,
                          const RunContext& context) {
    const EntityCatalog catalog = EntityCatalog::load(settings.gazetteers);
    JsonlLines lines(input, max_jsonl_line_bytes(settings.limits));
    const bool was_empty = database.get_doccount() == 0;
    const std::string scratch = settings.scratch.empty() ? settings.database + ".rebuild" : settings.scratch;
    // What a killed run left (the writer lock is held).
    remove_owned_folder(scratch + ".shards");
    remove_owned_folder(scratch);
    // Two chunks at least: more than a chunk's lines and twice its bytes.
    if (was_empty && worth_building_in_parallel(
                         lines.has_more_than(kMinLinesPerChunk, 2 * kMinChunkBytes) ? kMinLinesPerChunk + 1 : 0,
                         settings.jobs)) {
        RunSettings parallel = settings;
        parallel.scratch = scratch;
        return ingest_jsonl_in_parallel(parallel, lines, input.label(), catalog, database, context);
    }
    // Into an empty database the records are compacted into a new one
    // after: what replicas take is that one, whole.
    std::optional<NoChangesetsWhileBuilding> new_database;
    if (was_empty) new_database.emplace();
    IndexSummary summary = ingest_jsonl_in_place(settings, lines, input.label(), catalog, database, context);
    if (was_empty && !summary.interrupted && database.get_doccount() > 0) {
        const std::string error = compact_new_database(database, settings.database, scratch);
        if (error.empty())
            summary.revision = Xapian::Database(settings.database).get_revision();
        else
            Reporter(context.err, settings.verbosity, context.err_is_terminal)
                .warning(settings.database, "complete, but could not be compacted: " + error);
    }
    return summary;
}

}  // namespace dossier::indexer
