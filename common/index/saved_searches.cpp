// SPDX-License-Identifier: MIT
#include "index/saved_searches.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/error.h"
#include "base/posix_io.h"
#include "base/strings.h"
#include "base/utf8.h"

namespace dossier {

namespace {

using nlohmann::ordered_json;

bool is_name_character(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.';
}

bool is_folder(const std::string& path, struct ::stat* info = nullptr) {
    struct ::stat own {};
    struct ::stat& status = info ? *info : own;
    return ::stat(path.c_str(), &status) == 0 && S_ISDIR(status.st_mode);
}

void check_folder(const std::string& database) {
    struct ::stat info {};
    if (::stat(database.c_str(), &info) != 0)
        throw DatabaseError("no dossier database at " + shell_quote(database) + " to keep saved searches in");
    if (!S_ISDIR(info.st_mode))
        throw UsageError("saved searches are kept in a database folder, and " + shell_quote(database) +
                         " is a file (a stub of remote shards?); use --db with the local database folder");
}

ordered_json to_json(const SavedSearch& search) {
    ordered_json filters = ordered_json::object();
    for (const auto& [facet, values] : search.filters) filters[facet] = values;
    return {{"name", search.name},       {"query", search.query},   {"lang", search.lang},
            {"since", search.since},     {"until", search.until},   {"filters", filters},
            {"inferred", search.inferred}, {"saved", search.saved}, {"seen_run", search.seen_run},
            {"alerted", search.alerted}};
}

SavedSearch from_json(const ordered_json& object) {
    SavedSearch search;
    search.name = object.at("name").get<std::string>();
    search.query = object.value("query", "");
    search.lang = object.value("lang", "");
    search.since = object.value("since", "");
    search.until = object.value("until", "");
    if (object.contains("filters"))
        for (const auto& [facet, values] : object.at("filters").items())
            search.filters[facet] = values.get<std::vector<std::string>>();
    search.inferred = object.value("inferred", true);
    search.saved = object.value("saved", "");
    search.seen_run = object.value("seen_run", std::uint64_t{0});
    search.alerted = object.value("alerted", "");
    return search;
}

std::vector<SavedSearch> parse_file(const std::string& path, const std::string& text) {
    try {
        const ordered_json document = ordered_json::parse(text);
        const int version = document.at("version").get<int>();
        if (version > kSavedSearchesVersion)
            throw DatabaseError("the saved searches in " + shell_quote(path) +
                                " were written by a newer dossier (version " + std::to_string(version) +
                                "); use that version");
        std::vector<SavedSearch> searches;
        for (const ordered_json& object : document.at("searches")) searches.push_back(from_json(object));
        std::sort(searches.begin(), searches.end(),
                  [](const SavedSearch& a, const SavedSearch& b) { return a.name < b.name; });
        return searches;
    } catch (const nlohmann::json::exception& e) {
        throw DatabaseError("cannot read the saved searches in " + shell_quote(path) + " (" + e.what() +
                            "); fix or remove the file");
    }
}

[[noreturn]] void write_failed(const std::string& path, int error) {
    throw DatabaseError("cannot write the saved searches to " + shell_quote(path) + ": " + std::strerror(error));
}

// `text` in place of `path`: a temporary file beside it, synced, renamed
// over it, and the folder synced.
void replace_file(const std::string& database, const std::string& path, const std::string& text) {
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) write_failed(path, errno);
    if (!write_all(fd, text) || ::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        ::unlink(temporary.c_str());
        write_failed(path, error);
    }
    if (::close(fd) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const int error = errno;
        ::unlink(temporary.c_str());
        write_failed(path, error);
    }
    if (const int folder = ::open(database.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
}

std::string encode(const std::vector<SavedSearch>& searches) {
    ordered_json list = ordered_json::array();
    for (const SavedSearch& search : searches) list.push_back(to_json(search));
    return ordered_json{{"version", kSavedSearchesVersion}, {"searches", list}}.dump(2) + "\n";
}

}  // namespace

void check_saved_search_name(std::string_view name) {
    const auto problem = [&](const std::string& why) {
        return UsageError("saved search name '" + escape_for_terminal(name) + "': " + why);
    };
    if (name.empty()) throw UsageError("a saved search needs a name (letters, digits, '-', '_' and '.')");
    if (name.size() > kMaxSavedSearchName)
        throw problem("at most " + std::to_string(kMaxSavedSearchName) + " characters");
    if (!std::all_of(name.begin(), name.end(), is_name_character))
        throw problem("use only letters, digits, '-', '_' and '.'");
    if (name.front() == '.' || name.front() == '-' || name.front() == '_')
        throw problem("start it with a letter or digit");
}

std::string saved_searches_path(const std::string& database) {
    return database + "/" + std::string(kSavedSearchesFile);
}

std::vector<SavedSearch> read_saved_searches(const std::string& database) {
    check_folder(database);
    const std::string path = saved_searches_path(database);
    struct ::stat info {};
    if (::stat(path.c_str(), &info) != 0 && errno == ENOENT) return {};
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw DatabaseError("cannot read the saved searches in " + shell_quote(path) + ": " +
                            std::strerror(errno));
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_file(path, text.str());
}

void update_saved_searches(const std::string& database,
                           const std::function<void(std::vector<SavedSearch>&)>& change) {
    check_folder(database);
    const SavedSearchLock lock(database);
    std::vector<SavedSearch> searches = read_saved_searches(database);
    change(searches);
    std::sort(searches.begin(), searches.end(),
              [](const SavedSearch& a, const SavedSearch& b) { return a.name < b.name; });
    replace_file(database, saved_searches_path(database), encode(searches));
}

SavedSearchLock::SavedSearchLock(const std::string& database) {
    // A --rebuild may swap a new folder in while this waits: the lock
    // then holds the old one, so it is taken again on the new.
    for (int attempt = 0; attempt < 5; ++attempt) {
        fd_ = ::open(database.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0)
            throw DatabaseError("cannot open the database folder " + shell_quote(database) + ": " +
                                std::strerror(errno));
        while (::flock(fd_, LOCK_EX) != 0)
            if (errno != EINTR)
                throw DatabaseError("cannot lock the database folder " + shell_quote(database) + ": " +
                                    std::strerror(errno));
        struct ::stat held {}, named {};
        if (::fstat(fd_, &held) == 0 && is_folder(database, &named) && held.st_dev == named.st_dev &&
            held.st_ino == named.st_ino)
            return;
        ::close(fd_);
        fd_ = -1;
    }
    throw DatabaseError("the database folder " + shell_quote(database) + " kept being replaced; try again");
}

SavedSearchLock::~SavedSearchLock() {
    if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<SavedSearchLock> carry_saved_searches(const std::string& database, const std::string& rebuilt) {
    if (!is_folder(database) || !is_folder(rebuilt)) return nullptr;
    auto lock = std::make_unique<SavedSearchLock>(database);
    const std::string path = saved_searches_path(database);
    std::ifstream in(path, std::ios::binary);
    if (!in) return lock;  // none saved
    std::ostringstream text;
    text << in.rdbuf();
    replace_file(rebuilt, saved_searches_path(rebuilt), text.str());
    return lock;
}

}  // namespace dossier
