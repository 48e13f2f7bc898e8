#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sqlite_connection.hpp"
#include "temp_dir.hpp"

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
}

TEST_CASE("database file is 0600 inside a new 0700 directory") {
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
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    {
        store::Database db(path);
        db.sql().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja')");
    }
    store::Database again(path);
    CHECK(again.sql().execAndGet("SELECT value FROM settings WHERE key = 'shop_name'").getString() == "La Aguja");
}

TEST_CASE("a database from a newer program is refused and left untouched") {
    test::TempDir dir;
    const auto path = dir.file("future.db");
    {
        store::Database db(path);
        db.sql().exec("PRAGMA user_version = 999");
    }
    CHECK_THROWS_AS(store::Database(path), StorageError);
    CHECK_THROWS_WITH(store::Database(path), Catch::Contains("newer Clientela") && Catch::Contains("999"));
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 999);
}

TEST_CASE("a file that is not a database gives a clear error") {
    test::TempDir dir;
    const auto path = dir.file("notes.txt");
    std::ofstream(path) << "this is a shopping list, not a database\n" << std::string(4096, 'x');
    CHECK_THROWS_AS(store::Database(path), StorageError);
    CHECK_THROWS_WITH(store::Database(path), Catch::Contains("cannot open database"));
}

TEST_CASE("the identifier secret is created once and then stable") {
    store::Database db(":memory:");
    const auto first = db.identifier_secret();
    CHECK(first.size() == 64);
    CHECK(db.identifier_secret() == first);
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
