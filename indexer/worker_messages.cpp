// SPDX-License-Identifier: MIT
#include "worker_messages.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/error.h"

namespace dossier::indexer {

namespace {

enum class Type : std::uint8_t {
    chunk_started = 1, file_report, chunk_finished, worker_failure, record_chunk, record_report, read_report
};

// A message over a gigabyte is garbage, not a message.
constexpr std::uint32_t kMaxMessageBytes = 1u << 30;

void put_number(std::string& out, std::uint32_t number) {
    for (int shift = 0; shift < 32; shift += 8) out += static_cast<char>((number >> shift) & 0xffu);
}

void put_number64(std::string& out, std::uint64_t number) {
    put_number(out, static_cast<std::uint32_t>(number & 0xffffffffu));
    put_number(out, static_cast<std::uint32_t>(number >> 32));
}

void put_string(std::string& out, std::string_view text) {
    put_number(out, static_cast<std::uint32_t>(text.size()));
    out.append(text);
}

// Reads the fields of one payload in order; throws on running short.
class Fields {
public:
    explicit Fields(std::string_view payload) : rest_(payload) {}

    std::uint32_t number() {
        const std::string_view bytes = take(4);
        std::uint32_t number = 0;
        for (int i = 3; i >= 0; --i) number = (number << 8) | static_cast<unsigned char>(bytes[i]);
        return number;
    }
    std::uint64_t number64() {
        const std::uint64_t low = number();
        return low | (std::uint64_t{number()} << 32);
    }
    std::uint8_t byte() { return static_cast<std::uint8_t>(take(1)[0]); }
    bool flag() {
        const std::uint8_t value = byte();
        if (value > 1) throw GarbledMessage("worker message with a flag that is neither 0 nor 1");
        return value == 1;
    }
    std::string string() { return std::string(take(number())); }
    bool done() const { return rest_.empty(); }

private:
    std::string_view take(std::size_t size) {
        if (rest_.size() < size) throw GarbledMessage("worker message cut short");
        const std::string_view bytes = rest_.substr(0, size);
        rest_.remove_prefix(size);
        return bytes;
    }
    std::string_view rest_;
};

struct Encoder {
    std::string& out;
    void operator()(const ChunkStarted& m) const {
        out += static_cast<char>(Type::chunk_started);
        put_number(out, m.chunk);
    }
    void operator()(const FileReport& m) const {
        out += static_cast<char>(Type::file_report);
        put_number(out, m.index);
        out += static_cast<char>(m.outcome);
        put_string(out, m.lang);
        put_string(out, m.message);
        put_number(out, static_cast<std::uint32_t>(m.warnings.size()));
        for (const std::string& warning : m.warnings) put_string(out, warning);
    }
    void operator()(const ChunkFinished& m) const {
        out += static_cast<char>(Type::chunk_finished);
        put_number(out, m.chunk);
        put_number(out, m.files_done);
    }
    void operator()(const WorkerFailure& m) const {
        out += static_cast<char>(Type::worker_failure);
        put_string(out, m.message);
    }
    void operator()(const RecordChunk& m) const {
        out += static_cast<char>(Type::record_chunk);
        put_number(out, m.chunk);
        put_number(out, static_cast<std::uint32_t>(m.lines.size()));
        for (const RecordLine& line : m.lines) {
            put_number(out, line.number);
            out += static_cast<char>(line.too_long ? 1 : 0);
            put_string(out, line.text);
        }
    }
    void operator()(const RecordReport& m) const {
        out += static_cast<char>(Type::record_report);
        put_number(out, m.line);
        out += static_cast<char>(m.outcome);
        put_string(out, m.path);
        put_string(out, m.id_term);
        out += static_cast<char>(m.replaced ? 1 : 0);
        put_string(out, m.lang);
        put_string(out, m.message);
        put_number(out, static_cast<std::uint32_t>(m.warnings.size()));
        for (const std::string& warning : m.warnings) put_string(out, warning);
        put_number(out, static_cast<std::uint32_t>(m.band_terms.size()));
        for (const std::string& term : m.band_terms) put_string(out, term);
        put_string(out, m.signature);
    }
    void operator()(const ReadReport& m) const {
        out += static_cast<char>(Type::read_report);
        put_number(out, m.index);
        out += static_cast<char>(m.outcome);
        put_string(out, m.document);
        put_string(out, m.id_term);
        put_string(out, m.lang);
        put_number64(out, m.text_bytes);
        put_number64(out, m.stat_size);
        put_number64(out, static_cast<std::uint64_t>(m.stat_mtime_ns));
        put_number64(out, static_cast<std::uint64_t>(m.stat_ctime_ns));
        put_number64(out, m.stat_inode);
        put_string(out, m.message);
        put_number(out, static_cast<std::uint32_t>(m.warnings.size()));
        for (const std::string& warning : m.warnings) put_string(out, warning);
    }
};

WorkerMessage decode_payload(std::string_view payload) {
    Fields fields(payload);
    WorkerMessage message;
    switch (static_cast<Type>(fields.byte())) {
    case Type::chunk_started:
        message = ChunkStarted{fields.number()};
        break;
    case Type::file_report: {
        FileReport report;
        report.index = fields.number();
        const std::uint8_t outcome = fields.byte();
        if (outcome > static_cast<std::uint8_t>(FileReport::Outcome::gone))
            throw GarbledMessage("worker message with an unknown file outcome");
        report.outcome = static_cast<FileReport::Outcome>(outcome);
        report.lang = fields.string();
        report.message = fields.string();
        const std::uint32_t warnings = fields.number();
        for (std::uint32_t i = 0; i < warnings; ++i) report.warnings.push_back(fields.string());
        message = std::move(report);
        break;
    }
    case Type::chunk_finished: {
        ChunkFinished finished;
        finished.chunk = fields.number();
        finished.files_done = fields.number();
        message = finished;
        break;
    }
    case Type::worker_failure:
        message = WorkerFailure{fields.string()};
        break;
    case Type::record_chunk: {
        RecordChunk chunk;
        chunk.chunk = fields.number();
        const std::uint32_t lines = fields.number();
        for (std::uint32_t i = 0; i < lines; ++i) {
            RecordLine line;
            line.number = fields.number();
            line.too_long = fields.flag();
            line.text = fields.string();
            chunk.lines.push_back(std::move(line));
        }
        message = std::move(chunk);
        break;
    }
    case Type::record_report: {
        RecordReport report;
        report.line = fields.number();
        const std::uint8_t outcome = fields.byte();
        if (outcome > static_cast<std::uint8_t>(RecordReport::Outcome::failed))
            throw GarbledMessage("worker message with an unknown record outcome");
        report.outcome = static_cast<RecordReport::Outcome>(outcome);
        report.path = fields.string();
        report.id_term = fields.string();
        report.replaced = fields.flag();
        report.lang = fields.string();
        report.message = fields.string();
        const std::uint32_t warnings = fields.number();
        for (std::uint32_t i = 0; i < warnings; ++i) report.warnings.push_back(fields.string());
        const std::uint32_t band_terms = fields.number();
        for (std::uint32_t i = 0; i < band_terms; ++i) report.band_terms.push_back(fields.string());
        report.signature = fields.string();
        message = std::move(report);
        break;
    }
    case Type::read_report: {
        ReadReport report;
        report.index = fields.number();
        const std::uint8_t outcome = fields.byte();
        if (outcome > static_cast<std::uint8_t>(ReadReport::Outcome::gone))
            throw GarbledMessage("worker message with an unknown read outcome");
        report.outcome = static_cast<ReadReport::Outcome>(outcome);
        report.document = fields.string();
        report.id_term = fields.string();
        report.lang = fields.string();
        report.text_bytes = fields.number64();
        report.stat_size = fields.number64();
        report.stat_mtime_ns = static_cast<std::int64_t>(fields.number64());
        report.stat_ctime_ns = static_cast<std::int64_t>(fields.number64());
        report.stat_inode = fields.number64();
        report.message = fields.string();
        const std::uint32_t warnings = fields.number();
        for (std::uint32_t i = 0; i < warnings; ++i) report.warnings.push_back(fields.string());
        message = std::move(report);
        break;
    }
    default:
        throw GarbledMessage("worker message of an unknown type");
    }
    if (!fields.done()) throw GarbledMessage("worker message longer than its fields");
    return message;
}

}  // namespace

std::string encode_message(const WorkerMessage& message) {
    std::string payload;
    std::visit(Encoder{payload}, message);
    std::string framed;
    put_number(framed, static_cast<std::uint32_t>(payload.size()));
    return framed + payload;
}

std::optional<WorkerMessage> MessageReader::next() {
    const std::string_view available = std::string_view(buffer_).substr(consumed_);
    if (available.size() < 4) return std::nullopt;
    const std::uint32_t size = Fields(available.substr(0, 4)).number();
    if (size == 0 || size > kMaxMessageBytes) throw GarbledMessage("worker message of an impossible length");
    if (available.size() < 4 + static_cast<std::size_t>(size)) return std::nullopt;
    WorkerMessage message = decode_payload(available.substr(4, size));
    consumed_ += 4 + size;
    if (consumed_ == buffer_.size() || consumed_ > (1u << 16)) {  // keep the buffer from growing
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    return message;
}

bool MessageReader::feed_from(int fd) {
    char buffer[65536];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN) return true;
        throw DatabaseError(fmt::format("indexing workers: read: {}", std::strerror(errno)));
    }
    if (n == 0) return false;
    feed(std::string_view(buffer, static_cast<std::size_t>(n)));
    return true;
}

}  // namespace dossier::indexer
