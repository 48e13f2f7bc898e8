#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"
#include "temp_dir.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <fstream>

using namespace clientela;

namespace {
unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}
}  // namespace

TEST_CASE("a new database is migrated to the latest schema with the required pragmas") {
    // SQLite only: its pragmas and file (PostgreSQL's schema: tests/pg, and the cases below).
    test::TempDir dir;
    store::Database db(dir.file("shop.db"));
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.schema_version() >= 1);
    CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    CHECK(db.sql().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
    CHECK(db.sql().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(db.sql().execAndGet("PRAGMA busy_timeout").getInt() == 5000);
    CHECK(db.sql().execAndGet("PRAGMA secure_delete").getInt() == 1);  // deleted rows are zeroed
    CHECK(db.sql().tableExists("contacts"));
    CHECK(db.sql().tableExists("contact_points"));
    CHECK(db.sql().tableExists("settings"));
}

TEST_CASE("migrations are numbered from 1 without gaps") {
    const auto& all = store::migrations();
    REQUIRE_FALSE(all.empty());
    for (std::size_t i = 0; i < all.size(); ++i) {
        CHECK(all[i].version == static_cast<int>(i + 1));
        CHECK(std::string(all[i].sql).size() > 10);
    }
    const auto& pg = store::pg_migrations();  // PostgreSQL's own series
    REQUIRE_FALSE(pg.empty());
    for (std::size_t i = 0; i < pg.size(); ++i) {
        CHECK(pg[i].version == static_cast<int>(i + 1));
        CHECK(std::string(pg[i].sql).size() > 10);
    }
}

TEST_CASE("database file is 0600 inside a new 0700 directory") {
    // SQLite only: file modes (a PostgreSQL database is the server's files).
    test::TempDir dir;
    const std::string nested = dir.file("data/clientela");
    const std::string path = nested + "/clientela.db";
    {
        store::Database db(path);
        db.sql().exec("INSERT INTO settings (key, value) VALUES ('x', 'y')");
        CHECK(mode_of(path + "-wal") == 0600);
    }
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(nested) == 0700);
}

TEST_CASE("reopening keeps data and does not re-run migrations") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    int version = 0;
    {
        store::Database db(where, store::Database::Initialise{});
        version = db.schema_version();
        db.conn().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja')");
    }
    store::Database again(where);
    CHECK(again.schema_version() == version);
    store::sql::Statement q(again.conn(), "SELECT value FROM settings WHERE key = 'shop_name'");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "La Aguja");
}

TEST_CASE("a database from a newer program is refused and left untouched") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    const bool pg = store::sql::is_postgresql_uri(where);
    {
        store::Database db(where, store::Database::Initialise{});
        db.conn().exec(pg ? "INSERT INTO clientela_schema_version (version, name, applied_at) VALUES (999, 'future', 0)"
                          : "PRAGMA user_version = 999");
    }
    CHECK_THROWS_AS(store::Database(where), StorageError);
    CHECK_THROWS_WITH(store::Database(where), Catch::Contains("newer Clientela") && Catch::Contains("999"));
    CHECK_THROWS_WITH(store::Database(where, store::Database::Initialise{}), Catch::Contains("newer Clientela"));
    if (pg) {
        CHECK(test::pg_psql(test::pg_database_name(where), "SELECT max(version) FROM clientela_schema_version") ==
              "999\n");
    } else {
        SQLite::Database raw(where, SQLite::OPEN_READONLY);
        CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 999);
    }
}

TEST_CASE("a file that is not a database gives a clear error") {
    // SQLite only: a file (PostgreSQL refuses a database without the schema: sql_test.cpp).
    test::TempDir dir;
    const auto path = dir.file("notes.txt");
    std::ofstream(path) << "this is a shopping list, not a database\n" << std::string(4096, 'x');
    CHECK_THROWS_AS(store::Database(path), StorageError);
    CHECK_THROWS_WITH(store::Database(path), Catch::Contains("cannot open database"));
}

TEST_CASE("the identifier secret is created once and then stable") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    std::string first;
    {
        store::Database db(where, store::Database::Initialise{});
        first = db.identifier_secret();
        CHECK(first.size() == 64);
        CHECK(db.identifier_secret() == first);
    }
    store::Database again(where);
    CHECK(again.identifier_secret() == first);
}

TEST_CASE("the kind checks are plain comparisons and still refuse unknown kinds") {
    store::Database db(":memory:");
    auto& sql = db.sql();
    const std::string contacts = sql.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'contacts'").getString();
    const std::string points = sql.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'contact_points'").getString();
    CHECK(contacts.find("source_kind = 'manual' OR source_kind = 'import' OR source_kind = 'demo'") != std::string::npos);
    CHECK(contacts.find("source_kind IN") == std::string::npos);
    CHECK(points.find("kind = 'phone' OR kind = 'email' OR kind = 'postal'") != std::string::npos);
    CHECK(points.find("kind IN") == std::string::npos);
    CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");

    sql.exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
             "VALUES ('u1', 'Ana', 'ana', 'import', 0, 0)");
    CHECK_THROWS_AS(sql.exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                             "VALUES ('u2', 'Eva', 'eva', 'fax', 0, 0)"),
                    SQLite::Exception);
    CHECK_THROWS_AS(sql.exec("INSERT INTO contact_points (contact_id, kind, raw_value, is_valid) "
                             "VALUES (1, 'pigeon', 'x', 0)"),
                    SQLite::Exception);
    CHECK(sql.execAndGet("SELECT count(*) FROM contacts").getInt() == 1);
}

TEST_CASE("PostgreSQL refuses unknown kinds as SQLite does") {
    // The SQLite case above also reads its schema text; here the refusals alone.
    store::Database db(test::pg_database(), store::Database::Initialise{});
    db.conn().exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                   "VALUES ('u1', 'Ana', 'ana', 'import', 0, 0)");
    CHECK_THROWS(db.conn().exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, "
                                "updated_at) VALUES ('u2', 'Eva', 'eva', 'fax', 0, 0)"));
    CHECK_THROWS(db.conn().exec("INSERT INTO contact_points (contact_id, kind, raw_value, is_valid) "
                                "VALUES (1, 'pigeon', 'x', 0)"));
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM contacts") == 1);
}
