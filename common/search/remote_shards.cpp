// SPDX-License-Identifier: MIT
#include "search/remote_shards.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dossier {

namespace {

// Whether the stub database file at `stub` has a `remote` line.
bool stub_has_remote_line(const std::filesystem::path& stub) {
    std::ifstream in(stub);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string first;
        if (words >> first && first == "remote") return true;
    }
    return false;
}

}  // namespace

bool names_remote_shard(const std::vector<std::string>& paths) {
    for (const std::string& path : paths) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec) && stub_has_remote_line(path)) return true;
        const std::filesystem::path in_folder = std::filesystem::path(path) / "XAPIANDB";
        if (std::filesystem::is_regular_file(in_folder, ec) && stub_has_remote_line(in_folder)) return true;
    }
    return false;
}

std::string remote_spelling_warning(const std::vector<std::string>& paths, const Xapian::Database& database) {
    if (database.spellings_begin() != database.spellings_end() || !names_remote_shard(paths)) return {};
    return "no \"did you mean\": remote shards carry no spelling data in Xapian 1.4 (docs/shards.md)";
}

}  // namespace dossier
