// Database::begin_write hands out the store's WriteTransaction (issue #19: app/ sees no SQLite
// type): commit keeps the changes, destruction without commit rolls them back, the write lock
// is taken at the start (SQLite: IMMEDIATE; PostgreSQL: the shop-wide advisory lock) and a
// moved transaction is still one transaction. On both stores.
#include "store/database.hpp"
#include "store/sql.hpp"
#include "store/write_transaction.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <utility>

using namespace clientela;

namespace {
std::int64_t rows(store::Database& db) {
    return store::sql::query_int64(db.conn(), "SELECT COUNT(*) FROM settings WHERE key LIKE 'test.%'");
}

// Makes `db` give up at once on a lock another connection holds, instead of waiting.
void never_wait(store::Database& db) {
    db.conn().exec(db.on_postgresql() ? "SET lock_timeout = '1ms'" : "PRAGMA busy_timeout = 0");
}
}  // namespace

TEST_CASE("a write transaction keeps its changes on commit and drops them otherwise") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    {
        auto tx = db.begin_write();
        db.conn().exec("INSERT INTO settings (key, value) VALUES ('test.kept', '1')");
        tx.commit();
    }
    {
        auto tx = db.begin_write();
        db.conn().exec("INSERT INTO settings (key, value) VALUES ('test.dropped', '1')");
    }  // no commit: rolled back
    CHECK(rows(db) == 1);
    {
        std::optional<store::WriteTransaction> moved;
        auto tx = db.begin_write();
        db.conn().exec("INSERT INTO settings (key, value) VALUES ('test.moved', '1')");
        moved.emplace(std::move(tx));
        moved->commit();
    }
    CHECK(rows(db) == 2);
}

TEST_CASE("a write transaction takes the write lock when it begins") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    store::Database other(where);
    never_wait(other);
    auto tx = db.begin_write();  // nothing written yet, the lock is already held
    CHECK_THROWS(other.begin_write());
    tx.commit();
    auto after = other.begin_write();
    after.commit();
}
