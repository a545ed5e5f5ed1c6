// SPDX-License-Identifier: MIT
#include "database.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "error.h"
#include "schema.h"

namespace dossier {

namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

std::string create_hint(const std::string& path) {
    return "create it with: dossier-index --db '" + path + "' FOLDER";
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
                            std::to_string(schema::kSchemaVersion) + "; delete the folder and " +
                            create_hint(path));
}

}  // namespace

std::string default_database_path() {
    if (std::string path = env("DOSSIER_DB"); !path.empty()) return path;
    if (std::string data = env("XDG_DATA_HOME"); !data.empty()) return data + "/dossier/index";
    if (std::string home = env("HOME"); !home.empty()) return home + "/.local/share/dossier/index";
    throw UsageError("no database given: use --db DIR or set DOSSIER_DB");
}

Xapian::Database open_for_reading(const std::vector<std::string>& paths) {
    Xapian::Database combined;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw DatabaseError("no dossier database at '" + path + "'; " + create_hint(path));
        try {
            Xapian::Database database(path);
            check_schema(database, path);
            combined.add_database(database);
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw DatabaseError("database '" + path + "' is damaged (" + e.get_msg() +
                                "); delete the folder and " + create_hint(path));
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw DatabaseError("cannot open database '" + path + "': " + e.get_msg() + "; " +
                                create_hint(path));
        } catch (const Xapian::Error& e) {
            throw DatabaseError("cannot read database '" + path + "': " + e.get_description());
        }
    }
    return combined;
}

Xapian::WritableDatabase open_for_writing(const std::string& path) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path().empty()
                                            ? std::filesystem::path(".")
                                            : std::filesystem::path(path).parent_path(),
                                        ec);
    if (ec) throw DatabaseError("cannot create the folder for database '" + path + "': " + ec.message());
    try {
        Xapian::WritableDatabase database(path, Xapian::DB_CREATE_OR_OPEN);
        const std::string version = database.get_metadata(std::string(schema::kSchemaKey));
        if (version.empty() && database.get_doccount() > 0)
            throw DatabaseError("'" + path + "' is a Xapian database not written by dossier-index; "
                                "refusing to add to it");
        if (!version.empty() && version != std::to_string(schema::kSchemaVersion))
            throw DatabaseError("database '" + path + "' has schema version " + version +
                                " but this dossier writes version " +
                                std::to_string(schema::kSchemaVersion) +
                                "; delete the folder and index again");
        if (version.empty())
            database.set_metadata(std::string(schema::kSchemaKey),
                                  std::to_string(schema::kSchemaVersion));
        return database;
    } catch (const Xapian::DatabaseLockError&) {
        throw DatabaseLockedError("database '" + path +
                                  "' is being written by another dossier-index; try again when it "
                                  "has finished");
    } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError("database '" + path + "' is damaged (" + e.get_msg() +
                            "); delete the folder and index again");
    } catch (const Xapian::Error& e) {
        throw DatabaseError("cannot open database '" + path + "' for writing: " + e.get_description());
    }
}

}  // namespace dossier
