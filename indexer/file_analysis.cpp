// SPDX-License-Identifier: MIT
#include "file_analysis.h"

#include <chrono>
#include <cstdint>

#include "text/dates.h"
#include "readers/dispatch.h"
#include "index/schema.h"
#include "formats/text_reader.h"

namespace dossier::indexer {

namespace {

std::string date_of_nanoseconds(std::int64_t nanoseconds) {
    return date_of(std::chrono::system_clock::time_point(std::chrono::seconds(nanoseconds / 1'000'000'000)));
}

// A file whose stat changed but whose bytes are those indexed, under the
// same analysis, and whose date cannot have moved with its mtime.
bool is_touch_only(const PlannedFile& file, const FileContent& content, const std::string& hash,
                   const std::string& fingerprint) {
    if (file.docid == 0 || file.previous.hash != hash || file.previous.analysis != fingerprint) return false;
    return !file.previous.dated_by_mtime ||
           date_of_nanoseconds(file.previous.stat.mtime_ns) == content.mtime_date;
}

}  // namespace

std::string dated_path(const std::string& path, const std::vector<std::string>& roots) {
    std::string_view below;
    for (const std::string& root : roots) {
        const std::string_view folder = root.ends_with('/') ? std::string_view(root).substr(0, root.size() - 1)
                                                            : std::string_view(root);
        if (path.size() > folder.size() + 1 && path.starts_with(folder) && path[folder.size()] == '/' &&
            (below.empty() || path.size() - folder.size() - 1 < below.size()))
            below = std::string_view(path).substr(folder.size() + 1);
    }
    if (!below.empty()) return std::string(below);
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

AnalyzedFile analyze_file(const PlannedFile& file, const FileAnalysis& analysis) {
    const std::string& path = file.file.path;
    const FileContent content = read_file_content(path, analysis.limits);
    const std::string hash = content_hash(content.bytes);
    AnalyzedFile analyzed;
    analyzed.stat = content.stat;
    if (is_touch_only(file, content, hash, analysis.fingerprint)) return analyzed;
    const SourceDocument source =
        parse_document(path, content.bytes, content.mtime_date, analysis.limits, dated_path(path, analysis.roots));
    BuiltDocument built = build_document(source, analysis.default_lang, analysis.catalog);
    const FileState state{path, content.stat, hash, analysis.fingerprint,
                          source.date_source == schema::kDateFromMtime};
    built.document.add_value(schema::kFileStateSlot, encode_file_state(state));
    if (analysis.records) analysis.records->stamp(built.document, path, hash);
    analyzed.warnings = source.warnings;
    analyzed.warnings.insert(analyzed.warnings.end(), built.warnings.begin(), built.warnings.end());
    built.warnings.clear();
    analyzed.text_bytes = source.text.size();
    analyzed.built = std::move(built);
    return analyzed;
}

}  // namespace dossier::indexer
