// SPDX-License-Identifier: MIT
#include "index/database.h"
#include "base/strings.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <sstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "index/database_folder.h"
#include "index/saved_searches.h"
#include "base/error.h"
#include "index/schema.h"

namespace dossier {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

std::string create_hint(const std::string& path) {
    return "create it with: dossier-index --db " + shell_quote(path) + " FOLDER";
}

// A database folder that is there but cannot be read is a permission
// problem, not a database to create.
std::string opening_hint(const std::string& path) {
    if (::access(path.c_str(), R_OK | X_OK) != 0 && errno == EACCES)
        return fmt::format("its folder cannot be read ({}); run as a user who may read it, or fix its permissions",
                           std::strerror(EACCES));
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(path, ec))
        if (::access(entry.path().c_str(), R_OK) != 0 && errno == EACCES)
            return fmt::format("'{}' cannot be read ({}); fix the database's permissions",
                               entry.path().string(), std::strerror(EACCES));
    return create_hint(path);
}

std::string rebuild_hint(const std::string& path) {
    return "rebuild it with: dossier-index --db " + shell_quote(path) + " --rebuild FOLDER...";
}

void check_schema(const Xapian::Database& database, const std::string& path) {
    const std::string version = database.get_metadata(std::string(schema::kSchemaKey));
    if (version.empty()) {
        if (database.get_doccount() == 0)
            throw DatabaseError("database '" + path + "' is empty; " + create_hint(path));
        throw DatabaseError("'" + path + "' is a Xapian database but not one written by dossier-index");
    }
    if (version != std::to_string(schema::kSchemaVersion))
        throw DatabaseError("database '" + path + "' has schema version " + version +
                            " but this dossier reads version " +
                            std::to_string(schema::kSchemaVersion) + "; " + rebuild_hint(path));
}

}  // namespace

std::string default_database_path() {
    if (const char* path = std::getenv("DOSSIER_DB")) {
        // Set but empty is a mistake in a script, not a wish for the default.
        if (*path == '\0') throw UsageError("DOSSIER_DB is set but empty; set it to a database folder or unset it");
        return path;
    }
    if (std::string data = env("XDG_DATA_HOME"); !data.empty()) return data + "/dossier/index";
    if (std::string home = env("HOME"); !home.empty()) return home + "/.local/share/dossier/index";
    throw UsageError("no database given: use --db DIR or set DOSSIER_DB");
}

Xapian::Database open_for_reading(const std::vector<std::string>& paths) {
    return open_shards_for_reading(paths, RemoteOptions{}).database;
}

namespace {

struct RemoteAddress {
    std::string host;
    unsigned port = 0;
    std::string text;  // as the stub file has it
};

// The words of each line of stub database file `path` (or of the XAPIANDB
// stub in folder `path`) that is not blank or a comment; none when it is no
// stub file.
std::optional<std::vector<std::vector<std::string>>> stub_lines(const std::string& path) {
    std::error_code ec;
    std::filesystem::path stub = path;
    if (std::filesystem::is_directory(stub, ec)) stub /= "XAPIANDB";
    if (!std::filesystem::is_regular_file(stub, ec) || std::filesystem::file_size(stub, ec) > 64 * 1024)
        return std::nullopt;
    std::ifstream in(stub);
    std::vector<std::vector<std::string>> lines;
    for (std::string line; std::getline(in, line);) {
        std::istringstream stream(line);
        std::vector<std::string> words;
        for (std::string word; stream >> word;) words.push_back(word);
        if (!words.empty() && !words.front().starts_with('#')) lines.push_back(std::move(words));
    }
    return lines;
}

// The shards of stub file `path` when every line is `remote HOST:PORT`
// (Xapian's TCP remote; `remote :PORT` is this machine); none when it is no
// stub file or has another kind of line.
std::optional<std::vector<RemoteAddress>> tcp_shards_of(const std::string& path) {
    const auto lines = stub_lines(path);
    if (!lines || lines->empty()) return std::nullopt;
    std::vector<RemoteAddress> shards;
    for (const std::vector<std::string>& words : *lines) {
        if (words.size() != 2 || words[0] != "remote") return std::nullopt;
        const std::string& address = words[1];
        const std::size_t colon = address.rfind(':');
        const std::string port = colon == std::string::npos ? "" : address.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;  // `remote PROGRAM ARGS`: Xapian's prog backend
        const std::string host = address.substr(0, colon);
        shards.push_back({host.empty() ? "localhost" : host, static_cast<unsigned>(std::stoul(port)), address});
    }
    return shards;
}

// Opens `path` (a local database, or a stub file Xapian reads) and checks
// it is a dossier database of this schema.
Xapian::Database open_one(const std::string& path) {
    Xapian::Database database(path);
    check_schema(database, path);
    return database;
}

// The shards of stub file `path` connected to at once, each in a thread of
// its own, added to `opened` in the stub's order; a shard that fails is
// named in opened.missing with `remote.allow_partial`, else rethrown.
void open_tcp_shards(const std::string& path, const std::vector<RemoteAddress>& shards, const RemoteOptions& remote,
                     OpenedDatabases& opened) {
    const unsigned timeout_ms = remote.timeout_seconds * 1000;
    std::vector<std::future<Xapian::Database>> connecting;
    for (const RemoteAddress& shard : shards)
        connecting.push_back(std::async(std::launch::async, [&path, &shard, timeout_ms] {
            Xapian::Database database = Xapian::Remote::open(shard.host, shard.port, timeout_ms, timeout_ms);
            check_schema(database, path);
            return database;
        }));
    std::exception_ptr failed;
    for (std::size_t i = 0; i < shards.size(); ++i) {
        try {
            opened.database.add_database(connecting[i].get());
        } catch (const Xapian::NetworkError& e) {
            if (!remote.allow_partial) {
                if (!failed) failed = std::current_exception();
                continue;
            }
            opened.missing.push_back({shards[i].text, unreachable_shard_message("'" + path + "'", e)});
        } catch (...) {
            if (!failed) failed = std::current_exception();
        }
    }
    if (failed) std::rethrow_exception(failed);
}

}  // namespace

bool names_remote_shard(const std::vector<std::string>& paths) {
    for (const std::string& path : paths)
        if (const auto lines = stub_lines(path))
            for (const std::vector<std::string>& words : *lines)
                if (words.front() == "remote") return true;
    return false;
}

OpenedDatabases open_shards_for_reading(const std::vector<std::string>& paths, const RemoteOptions& remote) {
    OpenedDatabases opened;
    Xapian::Database& combined = opened.database;
    std::size_t shards_tried = 0;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw DatabaseError("no dossier database at '" + path + "'; " + create_hint(path));
        try {
            if (const auto shards = tcp_shards_of(path)) {
                shards_tried += shards->size();
                open_tcp_shards(path, *shards, remote, opened);
            } else {
                ++shards_tried;
                combined.add_database(open_one(path));
            }
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseError("database '" + path + "' is damaged (" + e.get_msg() +
                                "); " + rebuild_hint(path));
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open database '" + path + "': " + e.get_msg() + "; " +
                                opening_hint(path));
        } catch (const Xapian::NetworkError& e) {
            throw DatabaseError(unreachable_shard_message("'" + path + "'", e));
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot read database '" + path + "': " + e.get_description() +
                                "; if its files are damaged, " + rebuild_hint(path));
        }
    }
    // Nothing left to search: fail as without --allow-partial.
    if (!opened.missing.empty() && opened.missing.size() == shards_tried)
        throw DatabaseError(opened.missing.front().reason);
    return opened;
}

std::string unreachable_shard_message(const std::string& databases, const Xapian::NetworkError& e) {
    const std::string shard = e.get_context().empty() ? std::string("a remote shard") : e.get_context();
    std::string why = e.get_msg();
    if (const char* error = e.get_error_string()) why += std::string(" (") + error + ")";
    return "shard " + shard + " of " + databases + " did not answer: " + why +
           "; check that its xapian-tcpsrv is running and reachable (docs/shards.md)";
}

namespace {

// `hint_path` is the database the user named: a rebuild writes into
// 'DB.rebuild', but what to run again concerns 'DB'.
Xapian::WritableDatabase open_writable_once(const std::string& path, const std::string& hint_path,
                                            bool any_schema) {
    try {
        Xapian::WritableDatabase database(path, Xapian::DB_CREATE_OR_OPEN);
        if (any_schema) return database;
        const std::string version = database.get_metadata(std::string(schema::kSchemaKey));
        if (version.empty() && database.get_doccount() > 0)
            throw DatabaseError("'" + path + "' is a Xapian database not written by dossier-index; "
                                "refusing to add to it");
        if (!version.empty() && version != std::to_string(schema::kSchemaVersion))
            throw DatabaseError("database '" + path + "' has schema version " + version +
                                " but this dossier writes version " + std::to_string(schema::kSchemaVersion) +
                                "; " + rebuild_hint(hint_path));
        if (version.empty())
            database.set_metadata(std::string(schema::kSchemaKey), std::to_string(schema::kSchemaVersion));
        return database;
    } catch (const Xapian::DatabaseLockError&) {
        throw DatabaseLockedError("database '" + hint_path + "' is being written by another dossier-index");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError("database '" + path + "' is damaged (" + e.get_msg() + "); " + rebuild_hint(hint_path));
    } catch (const Xapian::DatabaseCreateError& e) {
        throw DatabaseError("cannot create the database '" + path + "': " + e.get_description());
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "' for writing: " + e.get_description() +
                            "; if its files are damaged, " + rebuild_hint(hint_path));
    }
}

// Xapian reports an unwritable folder as a lock it cannot take, which
// would read as "another indexer is running".
void check_writable(const std::string& path) {
    if (::access(path.c_str(), W_OK) == 0) return;
    if (errno == EROFS)
        throw DatabaseError(fmt::format("database folder '{}' is on a read-only file system; remount it "
                                        "read-write, or search it with dossier-search (which only reads)",
                                        path));
    if (errno == EACCES)
        throw DatabaseError(fmt::format(
            "database folder '{}' is not writable ({}); run dossier-index as a user who may write it, "
            "or fix its permissions (chmod -R u+w {})",
            path, std::strerror(errno), shell_quote(path)));
}

}  // namespace

Xapian::WritableDatabase open_for_writing(const std::string& path, const WriteOpenOptions& options) {
    const std::string& hint_path = options.hint_path.empty() ? path : options.hint_path;
    if (::access(path.c_str(), F_OK) == 0) {
        check_database_path_is_ours(path);
        check_writable(path);
    }
    create_owned_folder(path);
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration<double>(options.wait_seconds);
    auto pause = std::chrono::milliseconds(50);
    while (true) {
        try {
            return open_writable_once(path, hint_path, options.any_schema);
        } catch (const DatabaseLockedError& e) {
            if (Clock::now() >= deadline) {
                if (options.wait_seconds > 0)
                    throw DatabaseLockedError(std::string(e.what()) + "; still locked after waiting " +
                                              fmt::format("{:g}", options.wait_seconds) + " s");
                throw DatabaseLockedError(std::string(e.what()) +
                                          "; try again when it has finished, or use --wait SECONDS");
            }
            std::this_thread::sleep_for(pause);
            pause = std::min(pause * 2, std::chrono::milliseconds(1000));
        }
    }
}

std::optional<Xapian::Database> open_existing(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return std::nullopt;
    try {
        return Xapian::Database(path);
    } catch (const Xapian::DatabaseNotFoundError&) {
        return std::nullopt;
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError("database '" + path + "' is damaged (" + e.get_msg() +
                            "); " + rebuild_hint(path));
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "': " + e.get_description());
    }
}

void replace_database_folder(const std::string& rebuilt, const std::string& target) {
    check_database_path_is_ours(target);
    // The saved searches stay with the database, unchanged until the swap.
    const std::unique_ptr<SavedSearchLock> saved_searches = carry_saved_searches(target, rebuilt);
    std::error_code ec;
    if (!std::filesystem::exists(target, ec)) {
        if (::rename(rebuilt.c_str(), target.c_str()) != 0)
            throw DatabaseError("cannot move the rebuilt database '" + rebuilt + "' to '" + target +
                                "': " + std::strerror(errno));
        return;
    }
    if (::renameat2(AT_FDCWD, rebuilt.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) != 0) {
        // A file system without RENAME_EXCHANGE: two renames, with a moment
        // in which `target` does not exist (readers then get exit 3 once).
        const int exchange_error = errno;
        if (exchange_error != EINVAL && exchange_error != ENOSYS)
            throw DatabaseError("cannot swap in the rebuilt database '" + rebuilt + "': " +
                                std::strerror(exchange_error));
        const std::string old = target + ".old";
        remove_owned_folder(old);
        if (::rename(target.c_str(), old.c_str()) != 0 || ::rename(rebuilt.c_str(), target.c_str()) != 0)
            throw DatabaseError("cannot swap in the rebuilt database '" + rebuilt + "': " +
                                std::strerror(errno));
        remove_owned_folder(old);
        return;
    }
    // `rebuilt` now names the old database, which was checked to be ours
    // (an empty folder counts: remove_owned_folder would refuse it).
    std::filesystem::remove_all(rebuilt, ec);
}

}  // namespace dossier
