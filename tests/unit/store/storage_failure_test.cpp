// The store seam's error contract (issue #19): an engine failure escaping store work is the
// project's StorageFailure with the sentence the CLI always printed; anything else is unchanged.
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/storage_failure.hpp"
#include "temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <stdexcept>

using namespace clientela;

TEST_CASE("an engine failure escaping store work becomes a StorageFailure with the engine's words") {
    store::Database db(":memory:");
    try {
        store::translate_failures([&] { db.sql().exec("INSERT INTO no_such_table VALUES (1)"); });
        FAIL("no failure");
    } catch (const store::StorageFailure& e) {
        CHECK(e.kind() == store::StorageFailure::Kind::other);
        CHECK(e.detail().find("no such table") != std::string::npos);
        CHECK(std::string(e.what()) == "database problem (" + e.detail() + ").");
    }
    // It is a StorageError, so every boundary that reports clientela::Error reports it.
    CHECK_THROWS_AS(store::translate_failures([&] { db.sql().exec("SELECT * FROM no_such_table"); }),
                    StorageError);
}

TEST_CASE("a database another program is writing is a busy StorageFailure, said as before") {
    test::TempDir dir;
    const std::string path = dir.file("shop.db");
    store::Database db(path);
    store::Database other(path);
    auto held = other.begin_write();  // BEGIN IMMEDIATE: the write lock
    db.sql().exec("PRAGMA busy_timeout = 0");
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
