// SPDX-License-Identifier: MIT
// What dossier may replace or remove, the writer lock, and keeping a
// database apart from the folders indexed into it.
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "index/database.h"
#include "index/database_folder.h"
#include "base/error.h"
#include "test_support.h"

namespace fs = std::filesystem;
using dossier::test::TempDir;

namespace {

void touch(const fs::path& path, const std::string& content = "x") {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << content;
}

}  // namespace

TEST_CASE("resolve_database_path normalizes the path and follows a final symbolic link", "[database_folder]") {
    TempDir tmp("dbpath");
    fs::create_directories(tmp.path() / "real");
    fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
    CHECK(dossier::resolve_database_path((tmp.path() / "db/").string()) == (tmp.path() / "db").string());
    CHECK(dossier::resolve_database_path((tmp.path() / "x/../db").string()) == (tmp.path() / "db").string());
    CHECK(dossier::resolve_database_path((tmp.path() / "link").string()) == (tmp.path() / "real").string());
    CHECK_THROWS_AS(dossier::resolve_database_path(""), dossier::UsageError);
    CHECK_THROWS_AS(dossier::resolve_database_path("/"), dossier::UsageError);
}

TEST_CASE("dossier claims only folders with its marker or its metadata", "[database_folder]") {
    TempDir tmp("owned");
    const fs::path mine = tmp.path() / "mine";
    dossier::create_owned_folder(mine.string());
    CHECK(fs::exists(mine / dossier::kOwnerMarkerName));
    CHECK(dossier::made_by_dossier(mine.string()));

    touch(tmp.path() / "notes" / "a.txt");
    CHECK_FALSE(dossier::made_by_dossier((tmp.path() / "notes").string()));
    CHECK_THROWS_WITH(dossier::check_database_path_is_ours((tmp.path() / "notes").string()),
                      Catch::Contains("a folder of 1 entry (such as 'a.txt')"));
    CHECK_THROWS_AS(dossier::remove_owned_folder((tmp.path() / "notes").string()), dossier::DatabaseError);
    CHECK(fs::exists(tmp.path() / "notes" / "a.txt"));

    // A database of an earlier dossier, before the marker: its metadata.
    {
        Xapian::WritableDatabase old((tmp.path() / "old").string(), Xapian::DB_CREATE);
        old.set_metadata("dossier.schema", "2");
        old.commit();
    }
    CHECK(dossier::made_by_dossier((tmp.path() / "old").string()));
    // Another program's database.
    {
        Xapian::WritableDatabase other((tmp.path() / "other").string(), Xapian::DB_CREATE);
        other.add_document(Xapian::Document());
        other.commit();
    }
    CHECK_FALSE(dossier::made_by_dossier((tmp.path() / "other").string()));
    CHECK_THROWS_WITH(dossier::check_database_path_is_ours((tmp.path() / "other").string()),
                      Catch::Contains("a Xapian database that dossier-index did not write"));

    dossier::remove_owned_folder(mine.string());
    CHECK_FALSE(fs::exists(mine));
    CHECK_NOTHROW(dossier::remove_owned_folder(mine.string()));  // gone already: nothing to do
    CHECK_NOTHROW(dossier::check_database_path_is_ours((tmp.path() / "new").string()));
    fs::create_directory(tmp.path() / "empty");
    CHECK_NOTHROW(dossier::check_database_path_is_ours((tmp.path() / "empty").string()));
}

TEST_CASE("a database and the folders indexed into it must not overlap", "[database_folder]") {
    TempDir tmp("overlap");
    const fs::path docs = tmp.path() / "docs";
    fs::create_directories(docs / "sub");
    const std::vector<std::string> roots{docs.string()};
    CHECK_THROWS_WITH(dossier::check_database_outside_roots(docs.string(), roots),
                      Catch::Contains("is the folder being indexed"));
    CHECK_THROWS_WITH(dossier::check_database_outside_roots((docs / "sub" / "db").string(), roots),
                      Catch::Contains("is inside the folder being indexed"));
    CHECK_NOTHROW(dossier::check_database_outside_roots((docs / ".dossier" / "db").string(), roots));
    CHECK_NOTHROW(dossier::check_database_outside_roots((tmp.path() / "db").string(), roots));
    CHECK_THROWS_WITH(dossier::check_database_outside_roots(tmp.path().string(), roots),
                      Catch::Contains("is inside the database"));
    fs::create_directory_symlink(docs, tmp.path() / "via");
    CHECK_THROWS_AS(dossier::check_database_outside_roots((tmp.path() / "via" / "db").string(), roots),
                    dossier::UsageError);
    // A root that does not exist overlaps nothing.
    CHECK_NOTHROW(dossier::check_database_outside_roots((tmp.path() / "db").string(),
                                                        {(tmp.path() / "gone").string()}));
}

TEST_CASE("the writer lock is held by one process at a time and survives the folder swap", "[database_folder]") {
    TempDir tmp("lock");
    const std::string db = (tmp.path() / "db").string();
    {
        const dossier::WriterLock held(db, 0);
        const pid_t child = ::fork();
        if (child == 0) {
            // Another process (flock is per open file): must be refused.
            try {
                const dossier::WriterLock second(db, 0);
                ::_exit(0);
            } catch (const dossier::DatabaseLockedError&) {
                ::_exit(75);
            } catch (...) {
                ::_exit(1);
            }
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WEXITSTATUS(status) == 75);
    }
    CHECK_NOTHROW(dossier::WriterLock(db, 0));  // released with its holder
    CHECK(fs::exists(tmp.path() / ".db.dossier-lock"));
}

TEST_CASE("errors writing a rebuild's scratch folder suggest commands for the user's database",
          "[database_folder]") {
    TempDir tmp("hint");
    const fs::path scratch = tmp.path() / "db.rebuild";
    {
        Xapian::WritableDatabase database(scratch.string(), Xapian::DB_CREATE);
        database.set_metadata("dossier.schema", "1");
        database.commit();
    }
    dossier::WriteOpenOptions options;
    options.hint_path = (tmp.path() / "db").string();
    try {
        dossier::open_for_writing(scratch.string(), options);
        FAIL("a database of another schema version was opened");
    } catch (const dossier::DatabaseError& e) {
        const std::string message = e.what();
        CHECK_THAT(message, Catch::Contains("--db '" + (tmp.path() / "db").string() + "' --rebuild"));
        CHECK_THAT(message, !Catch::Contains("db.rebuild' --rebuild"));
    }
}
