// SPDX-License-Identifier: MIT
#include "index/file_state.h"

#include <charconv>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>


namespace dossier {

namespace {

// Bumped if the encoding below changes; older values then read as unknown
// and their files are indexed again.
constexpr std::string_view kEncodingVersion = "1";

template <typename Number>
bool parse_number(std::string_view text, Number& number) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    return error == std::errc() && end == text.data() + text.size();
}

// Splits off the next space-terminated field of `rest`.
std::optional<std::string_view> next_field(std::string_view& rest) {
    const std::size_t space = rest.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    const std::string_view field = rest.substr(0, space);
    rest.remove_prefix(space + 1);
    return field;
}

}  // namespace

std::string content_hash(std::string_view bytes) {
    const XXH128_hash_t hash = XXH3_128bits(bytes.data(), bytes.size());
    return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

// "1 SIZE MTIME CTIME INODE HASH ANALYSIS m|t PATH": the path goes last
// because it may hold spaces (and any byte but NUL).
std::string encode_file_state(const FileState& state) {
    return fmt::format("{} {} {} {} {} {} {} {} {}", kEncodingVersion, state.stat.size,
                       state.stat.mtime_ns, state.stat.ctime_ns, state.stat.inode,
                       state.hash.empty() ? "-" : state.hash,
                       state.analysis.empty() ? "-" : state.analysis,
                       state.dated_by_mtime ? 'm' : 't', state.path);
}

std::optional<FileState> decode_file_state(std::string_view encoded) {
    std::vector<std::string_view> fields;
    for (int i = 0; i < 8; ++i) {
        const auto field = next_field(encoded);
        if (!field) return std::nullopt;
        fields.push_back(*field);
    }
    if (fields[0] != kEncodingVersion || encoded.empty()) return std::nullopt;
    FileState state;
    if (!parse_number(fields[1], state.stat.size) || !parse_number(fields[2], state.stat.mtime_ns) ||
        !parse_number(fields[3], state.stat.ctime_ns) || !parse_number(fields[4], state.stat.inode))
        return std::nullopt;
    if (fields[5] != "-") state.hash = fields[5];
    if (fields[6] != "-") state.analysis = fields[6];
    if (fields[7] != "m" && fields[7] != "t") return std::nullopt;
    state.dated_by_mtime = fields[7] == "m";
    state.path = encoded;
    return state;
}

}  // namespace dossier
