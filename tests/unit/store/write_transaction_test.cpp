// Database::begin_write hands out the store's WriteTransaction (issue #19: app/ sees no SQLite
// type): commit keeps the changes, destruction without commit rolls them back, the write lock
// is taken at the start (IMMEDIATE) and a moved transaction is still one transaction.
#include "store/database.hpp"
#include "store/sqlite_connection.hpp"
#include "store/write_transaction.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <utility>

using namespace clientela;

namespace {
std::int64_t rows(store::Database& db) {
    return db.sql().execAndGet("SELECT COUNT(*) FROM settings WHERE key LIKE 'test.%'").getInt64();
}
}  // namespace

TEST_CASE("a write transaction keeps its changes on commit and drops them otherwise") {
    store::Database db(":memory:");
    {
        auto tx = db.begin_write();
        db.sql().exec("INSERT INTO settings (key, value) VALUES ('test.kept', '1')");
        tx.commit();
    }
    {
        auto tx = db.begin_write();
        db.sql().exec("INSERT INTO settings (key, value) VALUES ('test.dropped', '1')");
    }  // no commit: rolled back
    CHECK(rows(db) == 1);
    {
        std::optional<store::WriteTransaction> moved;
        auto tx = db.begin_write();
        db.sql().exec("INSERT INTO settings (key, value) VALUES ('test.moved', '1')");
        moved.emplace(std::move(tx));
        moved->commit();
    }
    CHECK(rows(db) == 2);
}

TEST_CASE("a write transaction takes the write lock when it begins") {
    test::TempDir dir;
    const std::string path = dir.file("shop.db");
    store::Database db(path);
    store::Database other(path);
    other.sql().exec("PRAGMA busy_timeout = 0");
    auto tx = db.begin_write();  // nothing written yet, the lock is already held
    CHECK_THROWS(other.begin_write());
    tx.commit();
    auto after = other.begin_write();
    after.commit();
}
