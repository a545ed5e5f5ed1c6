// SPDX-License-Identifier: MIT
// Opening dossier databases: what each program gets for a missing, empty,
// foreign, locked or outdated database, and the rebuild swap.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <xapian.h>

#include "base/error.h"
#include "index/database.h"
#include "index/schema.h"
#include "test_support.h"

namespace fs = std::filesystem;
using dossier::DatabaseError;
using dossier::DatabaseLockedError;
using dossier::open_existing;
using dossier::open_for_reading;
using dossier::open_for_writing;
using dossier::replace_database_folder;
using dossier::UsageError;
using dossier::test::EnvGuard;
using dossier::test::TempDir;

namespace {

// A database dossier-index wrote, holding one document per id term.
void write_database(const fs::path& path, const std::vector<std::string>& ids) {
    Xapian::WritableDatabase database = open_for_writing(path.string());
    for (const std::string& id : ids) {
        Xapian::Document document;
        document.add_term(id);
        database.replace_document(id, document);
    }
    database.commit();
}

// A Xapian database some other program wrote: documents, no dossier schema.
void write_foreign_database(const fs::path& path) {
    Xapian::WritableDatabase database(path.string(), Xapian::DB_CREATE);
    Xapian::Document document;
    document.add_term("Qforeign");
    database.add_document(document);
    database.commit();
}

std::string schema_of(const fs::path& path) {
    return Xapian::Database(path.string()).get_metadata(std::string(dossier::schema::kSchemaKey));
}

}  // namespace

TEST_CASE("the default database is $DOSSIER_DB, else under $XDG_DATA_HOME, else under $HOME", "[database]") {
    EnvGuard db("DOSSIER_DB", std::nullopt);
    EnvGuard xdg("XDG_DATA_HOME", std::nullopt);
    EnvGuard home("HOME", "/home/ana");
    CHECK(dossier::default_database_path() == "/home/ana/.local/share/dossier/index");
    {
        EnvGuard data("XDG_DATA_HOME", "/data");
        CHECK(dossier::default_database_path() == "/data/dossier/index");
        EnvGuard chosen("DOSSIER_DB", "/srv/reports-db");
        CHECK(dossier::default_database_path() == "/srv/reports-db");
    }
    {
        EnvGuard empty("DOSSIER_DB", "");
        CHECK_THROWS_MATCHES(dossier::default_database_path(), UsageError,
                             Catch::Message("DOSSIER_DB is set but empty; set it to a database folder or unset it"));
    }
    EnvGuard no_home("HOME", std::nullopt);
    CHECK_THROWS_MATCHES(dossier::default_database_path(), UsageError,
                         Catch::Message("no database given: use --db DIR or set DOSSIER_DB"));
}

TEST_CASE("a new database is created with its parents, marked with the schema, and reads back", "[database]") {
    const TempDir tmp("database");
    const fs::path db = tmp.path() / "deep" / "er" / "db";
    write_database(db, {"Qa", "Qb"});
    CHECK(schema_of(db) == std::to_string(dossier::schema::kSchemaVersion));

    const Xapian::Database reading = open_for_reading({db.string()});
    CHECK(reading.get_doccount() == 2);
    // Writing again adds to it rather than starting over.
    write_database(db, {"Qb", "Qc"});
    CHECK(open_for_reading({db.string()}).get_doccount() == 3);
}

TEST_CASE("several databases are searched as one", "[database]") {
    const TempDir tmp("database");
    write_database(tmp.path() / "one", {"Qa"});
    write_database(tmp.path() / "two", {"Qb", "Qc"});
    const Xapian::Database both = open_for_reading({(tmp.path() / "one").string(), (tmp.path() / "two").string()});
    CHECK(both.get_doccount() == 3);
}

TEST_CASE("reading a missing, empty, foreign or outdated database says what to do", "[database]") {
    const TempDir tmp("database");
    const fs::path missing = tmp.path() / "missing";
    CHECK_THROWS_MATCHES(open_for_reading({missing.string()}), DatabaseError,
                         Catch::Message("no dossier database at '" + missing.string() +
                                        "'; create it with: dossier-index --db '" + missing.string() + "' FOLDER"));

    const fs::path empty = tmp.path() / "empty";
    Xapian::WritableDatabase(empty.string(), Xapian::DB_CREATE).commit();
    CHECK_THROWS_MATCHES(open_for_reading({empty.string()}), DatabaseError,
                         Catch::Message("database '" + empty.string() + "' is empty; create it with: dossier-index --db '" +
                                        empty.string() + "' FOLDER"));

    const fs::path foreign = tmp.path() / "foreign";
    write_foreign_database(foreign);
    CHECK_THROWS_MATCHES(open_for_reading({foreign.string()}), DatabaseError,
                         Catch::Message("'" + foreign.string() + "' is a Xapian database but not one written by dossier-index"));

    const fs::path old = tmp.path() / "old";
    write_database(old, {"Qa"});
    {
        Xapian::WritableDatabase database(old.string(), Xapian::DB_OPEN);
        database.set_metadata(std::string(dossier::schema::kSchemaKey), "1");
        database.commit();
    }
    CHECK_THROWS_WITH(open_for_reading({old.string()}),
                      Catch::Contains("has schema version 1 but this dossier reads version") &&
                          Catch::Contains("rebuild it with: dossier-index --db '" + old.string() + "' --rebuild FOLDER..."));
    // The indexer refuses to add to it as well, unless a rebuild asks.
    CHECK_THROWS_WITH(open_for_writing(old.string()), Catch::Contains("but this dossier writes version"));
    dossier::WriteOpenOptions any_schema;
    any_schema.any_schema = true;
    CHECK_NOTHROW(open_for_writing(old.string(), any_schema));
}

TEST_CASE("the indexer never adds to a database another program wrote", "[database]") {
    const TempDir tmp("database");
    const fs::path foreign = tmp.path() / "foreign";
    write_foreign_database(foreign);
    CHECK_THROWS_WITH(open_for_writing(foreign.string()),
                      Catch::Contains("is a Xapian database that dossier-index did not write") &&
                          Catch::Contains("choose another --db"));
    CHECK(Xapian::Database(foreign.string()).get_doccount() == 1);
}

TEST_CASE("a second writer is told the database is busy, and how long it waited", "[database]") {
    const TempDir tmp("database");
    const fs::path db = tmp.path() / "db";
    Xapian::WritableDatabase holder = open_for_writing(db.string());
    CHECK_THROWS_MATCHES(open_for_writing(db.string()), DatabaseLockedError,
                         Catch::Message("database '" + db.string() +
                                        "' is being written by another dossier-index; try again when it has "
                                        "finished, or use --wait SECONDS"));
    dossier::WriteOpenOptions wait;
    wait.wait_seconds = 0.2;
    CHECK_THROWS_WITH(open_for_writing(db.string(), wait),
                      Catch::EndsWith("; still locked after waiting 0.2 s"));
    // A rebuild's scratch folder is locked, but the user named the database.
    dossier::WriteOpenOptions scratch;
    scratch.hint_path = "/home/ana/db";
    CHECK_THROWS_WITH(open_for_writing(db.string(), scratch),
                      Catch::StartsWith("database '/home/ana/db' is being written"));
}

TEST_CASE("open_existing gives nothing where there is no database, and the database where there is", "[database]") {
    const TempDir tmp("database");
    CHECK_FALSE(open_existing((tmp.path() / "missing").string()).has_value());
    write_database(tmp.path() / "db", {"Qa"});
    const auto existing = open_existing((tmp.path() / "db").string());
    REQUIRE(existing.has_value());
    CHECK(existing->get_doccount() == 1);
}

TEST_CASE("a rebuilt database takes the place of the old one, which is deleted", "[database]") {
    const TempDir tmp("database");
    const fs::path db = tmp.path() / "db";
    const fs::path rebuilt = tmp.path() / "db.rebuild";
    write_database(db, {"Qold"});
    write_database(rebuilt, {"Qnew1", "Qnew2"});

    replace_database_folder(rebuilt.string(), db.string());
    CHECK(open_for_reading({db.string()}).get_doccount() == 2);
    CHECK(open_for_reading({db.string()}).term_exists("Qnew1"));
    CHECK_FALSE(fs::exists(rebuilt));

    // With nothing to replace, the rebuilt folder simply moves there.
    const fs::path fresh = tmp.path() / "fresh";
    write_database(rebuilt, {"Qa"});
    replace_database_folder(rebuilt.string(), fresh.string());
    CHECK(open_for_reading({fresh.string()}).get_doccount() == 1);
    CHECK_FALSE(fs::exists(rebuilt));
}

TEST_CASE("a rebuild never replaces a folder that is not a database", "[database]") {
    const TempDir tmp("database");
    const fs::path notes = tmp.path() / "notes";
    tmp.write("notes/todo.txt", "call the embassy\n");
    write_database(tmp.path() / "db.rebuild", {"Qa"});
    CHECK_THROWS_AS(replace_database_folder((tmp.path() / "db.rebuild").string(), notes.string()), DatabaseError);
    CHECK(dossier::test::read_file(notes / "todo.txt") == "call the embassy\n");
}
