// SPDX-License-Identifier: MIT
#include "formats/text_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <fmt/format.h>

#include "formats/charset.h"
#include "text/dates.h"
#include "base/error.h"
#include "formats/front_matter.h"
#include "base/posix_io.h"

namespace dossier {

namespace {

std::string system_error_text(int error) { return std::strerror(error); }

}  // namespace

FileContent read_file_content(const std::filesystem::path& path, const ReadLimits& limits) {
    FileContent content;
    // O_NONBLOCK: opening a FIFO or device named like a document must not
    // hang the run; anything but a regular file is skipped below. The path
    // may be longer than PATH_MAX (a deep folder): open it in pieces.
    FileDescriptor fd = open_any_length(path.native(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd.get() < 0) {
        if (errno == ENOENT) throw DocumentError(DocumentError::Kind::gone, "no longer exists (deleted after the folder was listed)");
        // A socket or a device without a driver cannot be opened at all:
        // skipped like a FIFO, which can.
        if (errno == ENXIO) throw DocumentError(DocumentError::Kind::skipped, "not a regular file");
        throw DocumentError(DocumentError::Kind::failed, "cannot open: " + system_error_text(errno));
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        throw DocumentError(DocumentError::Kind::failed, "cannot stat: " + system_error_text(errno));
    if (!S_ISREG(info.st_mode))
        throw DocumentError(DocumentError::Kind::skipped, "not a regular file");
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    if (static_cast<std::uintmax_t>(info.st_size) > limits.max_file_bytes)
        throw DocumentError(DocumentError::Kind::skipped,
                            fmt::format("too large ({} bytes; the limit, --max-file-size, is {} bytes)",
                                        info.st_size, limits.max_file_bytes));
    content.stat = to_file_stat(info);
    content.mtime_date = date_of(std::chrono::system_clock::time_point(
        std::chrono::seconds(info.st_mtim.tv_sec)));

    std::string& bytes = content.bytes;
    bytes.resize(static_cast<std::size_t>(info.st_size));
    std::size_t filled = 0;
    // The file may grow while we read it; never read past the limit.
    while (true) {
        if (filled == bytes.size()) {
            if (bytes.size() >= limits.max_file_bytes) break;
            // Probe with a small buffer: growing the string for a file that
            // did not grow would copy it whole (twice its size in memory).
            char probe[65536];
            const std::size_t room = static_cast<std::size_t>(
                std::min<std::uintmax_t>(sizeof probe, limits.max_file_bytes - bytes.size()));
            const ssize_t n = ::read(fd.get(), probe, room);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw DocumentError(DocumentError::Kind::failed, "cannot read: " + system_error_text(errno));
            }
            if (n == 0) break;
            bytes.append(probe, static_cast<std::size_t>(n));
            filled = bytes.size();
            continue;
        }
        const ssize_t n = ::read(fd.get(), bytes.data() + filled, bytes.size() - filled);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw DocumentError(DocumentError::Kind::failed, "cannot read: " + system_error_text(errno));
        }
        if (n == 0) break;
        filled += static_cast<std::size_t>(n);
    }
    bytes.resize(filled);
    return content;
}

namespace {

bool is_blank(std::string_view s) { return trim_space(s).empty(); }

}  // namespace

SourceDocument parse_text_document(std::string path, std::string_view bytes,
                                   const std::string& mtime_date, std::optional<std::string_view> dated_path) {
    // UTF-16 and UTF-32 text is full of NUL bytes: a byte-order mark says
    // the file is text before the NUL test says it is binary.
    const bool unicode_bom = has_unicode_bom(bytes);
    if (!unicode_bom && bytes.find('\0') != std::string_view::npos)
        throw DocumentError(DocumentError::Kind::skipped, "binary file (contains NUL bytes)");

    const DecodedText decoded = decode_text(bytes);
    if (unicode_bom && decoded.text.find('\0') != std::string::npos)
        throw DocumentError(DocumentError::Kind::skipped,
                            fmt::format("binary file (NUL characters in its {} text)", decoded.encoding));
    if (is_blank(decoded.text)) throw DocumentError(DocumentError::Kind::skipped, "empty file");

    SourceDocument document;
    document.path = std::move(path);
    document.format = kFormatText;
    document.encoding = decoded.encoding;
    document.warnings = decoding_warnings(decoded);

    const FrontMatter front = parse_front_matter(decoded.text);
    document.text = decoded.text.substr(front.body_offset);
    const auto field = [&](const char* key) -> std::string {
        const auto it = front.fields.find(key);
        return it == front.fields.end() ? std::string() : it->second;
    };
    document.title = field("title");
    document.title_from_metadata = !document.title.empty();
    document.lang = field("lang");
    if (document.lang.empty()) document.lang = field("language");
    document.source = field("source");
    document.url = field("url");
    if (const std::string value = field("date"); !value.empty())
        take_metadata_date(document, value, "front matter date");
    complete_from_text(document, mtime_date, dated_path);
    if (is_blank(document.text) && !document.title_from_metadata)
        throw DocumentError(DocumentError::Kind::skipped, "empty file (front matter only)");
    return document;
}

SourceDocument read_text_document(const std::filesystem::path& path, const ReadLimits& limits) {
    const FileContent content = read_file_content(path, limits);
    return parse_text_document(std::filesystem::absolute(path).lexically_normal().string(),
                               content.bytes, content.mtime_date);
}

}  // namespace dossier
