// The store seam's error contract (issue #19): an engine failure escaping store work is the
// project's StorageFailure with the sentence the CLI always printed; anything else is unchanged.
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/storage_failure.hpp"
#include "store/sql.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace clientela;

TEST_CASE("an engine failure escaping store work becomes a StorageFailure with the engine's words") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    try {
        store::translate_failures([&] { db.conn().exec("INSERT INTO no_such_table VALUES (1)"); });
        FAIL("no failure");
    } catch (const store::StorageFailure& e) {
        CHECK(e.kind() == store::StorageFailure::Kind::other);
        // The engine's own words: SQLite "no such table", PostgreSQL "relation ... does not exist".
        CHECK(e.detail().find(db.on_postgresql() ? "does not exist" : "no such table") != std::string::npos);
        CHECK(e.detail().find("no_such_table") != std::string::npos);
        CHECK(std::string(e.what()) == "database problem (" + e.detail() + ").");
    }
    // It is a StorageError, so every boundary that reports clientela::Error reports it.
    CHECK_THROWS_AS(store::translate_failures([&] { db.conn().exec("SELECT * FROM no_such_table"); }),
                    StorageError);
}

TEST_CASE("a database another program is writing is a busy StorageFailure, said as before") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    store::Database other(where);
    auto held = other.begin_write();  // the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the advisory lock)
    // Give up at once instead of waiting (PostgreSQL: lock_not_available, 55P03).
    db.conn().exec(db.on_postgresql() ? "SET lock_timeout = '1ms'" : "PRAGMA busy_timeout = 0");
    try {
        store::translate_failures([&] { db.begin_write(); });
        FAIL("the second writer was let in");
    } catch (const store::StorageFailure& e) {
        CHECK(e.kind() == store::StorageFailure::Kind::busy);
        CHECK(std::string(e.what()) ==
              "the database is busy: another program is writing to it (" + e.detail() + "). Try again in a moment.");
    }
}

TEST_CASE("errors that are not the engine's pass through store work unchanged") {
    CHECK_THROWS_AS(store::translate_failures([]() -> int { throw ValidationError("bad phone"); }), ValidationError);
    CHECK_THROWS_WITH(store::translate_failures([]() -> int { throw std::runtime_error("other"); }), "other");
    CHECK(store::translate_failures([] { return 7; }) == 7);
}
