// SPDX-License-Identifier: MIT
#include "file_walk.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "formats.h"

namespace dossier {

namespace fs = std::filesystem;

namespace {

bool is_hidden(const fs::path& path) {
    const std::string name = path.filename().string();
    return name.size() > 1 && name.front() == '.';
}

void unlisted(WalkResult& result, const std::string& path, const std::string& reason) {
    result.unlisted.push_back(path);
    result.problems.push_back({path, reason});
}

void add_file(WalkResult& result, const std::string& path) {
    // A file that vanished between listing and stat is simply not there.
    if (const auto stat = stat_file(path)) result.files.push_back({path, *stat});
}

void walk_folder(const fs::path& folder, WalkResult& result) {
    std::error_code ec;
    fs::directory_iterator it(folder, ec);
    if (ec) {
        unlisted(result, folder.string(), "cannot read folder: " + ec.message());
        return;
    }
    std::vector<fs::path> subfolders;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        if (is_hidden(entry.path())) continue;
        std::error_code type_ec;
        const fs::file_status status = entry.symlink_status(type_ec);
        if (type_ec) continue;
        if (fs::is_symlink(status)) {
            result.links_not_followed.push_back(entry.path().string());
            continue;
        }
        if (fs::is_directory(status)) {
            subfolders.push_back(entry.path());
        } else if (fs::is_regular_file(status) && is_indexable_file_name(entry.path())) {
            add_file(result, entry.path().string());
        }
    }
    if (ec) unlisted(result, folder.string(), "cannot read folder: " + ec.message());
    for (const fs::path& subfolder : subfolders) walk_folder(subfolder, result);
}

}  // namespace

WalkResult walk_roots(const std::vector<std::string>& roots) {
    WalkResult result;
    for (const std::string& root : roots) {
        std::error_code ec;
        const fs::file_status status = fs::status(root, ec);
        if (ec || !fs::exists(status)) {
            unlisted(result, root, ec && ec != std::errc::no_such_file_or_directory
                                       ? "cannot examine: " + ec.message()
                                       : "no such file or folder");
        } else if (fs::is_directory(status)) {
            walk_folder(root, result);
        } else {
            add_file(result, root);
        }
    }
    std::sort(result.files.begin(), result.files.end(),
              [](const FoundFile& a, const FoundFile& b) { return a.path < b.path; });
    result.files.erase(std::unique(result.files.begin(), result.files.end(),
                                   [](const FoundFile& a, const FoundFile& b) { return a.path == b.path; }),
                       result.files.end());
    return result;
}

}  // namespace dossier
