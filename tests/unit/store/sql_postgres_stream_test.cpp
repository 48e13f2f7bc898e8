// The neutral layer's streaming step (sql::Streamed, sql::PgReadSnapshot): the same rows in the
// same order as a plain statement on both engines; on PostgreSQL read through a server-side
// cursor in batches, inside one snapshot, several cursors stepped in turn.
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <stdlib.h>

using namespace clientela;
using namespace clientela::store;

namespace {

const std::vector<Migration>& rows_schema() {
    static const std::vector<Migration> list = {
        {1, "001_rows",
         "CREATE TABLE rows (id bigint PRIMARY KEY, name text NOT NULL, note text); "
         "CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);"},
    };
    return list;
}

void fill(Database& db, int n) {
    auto tx = db.begin_write();
    sql::Statement ins(db.conn(), "INSERT INTO rows (id, name, note) VALUES (?, ?, ?)");
    for (int i = 1; i <= n; ++i) {
        ins.reset();
        ins.bind(1, i);
        ins.bind(2, "fila " + std::to_string(i));
        if (i % 7 == 0) ins.bind(3);
        else ins.bind(3, "nota ñ " + std::to_string(i));
        ins.exec();
    }
    tx.commit();
}

// A read snapshot on PostgreSQL; nothing on SQLite (its statements step lazily anyway).
struct Snapshot {
    explicit Snapshot(Database& db) {
        if (db.on_postgresql()) s.emplace(db.pg());
    }
    std::optional<sql::PgReadSnapshot> s;
};

std::string fresh_sqlite() {
    char tmpl[] = "/tmp/clientela-stream-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::string(tmpl) + "/rows.db";
}

std::int64_t open_cursors(Database& db) {
    // pg_cursors also lists the protocol's portals (this query's own): only the streamed ones.
    return db.on_postgresql()
               ? sql::query_int64(db.conn(), "SELECT count(*) FROM pg_cursors WHERE name LIKE 'clientela_cursor_%'")
               : 0;
}

}  // namespace

TEST_CASE("a streamed statement gives every row of a large result, in order, in batches") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    Database db(where, rows_schema());
    fill(db, 2500);

    Snapshot snapshot(db);
    sql::Statement even(db.conn(), "SELECT id, name, note FROM rows WHERE id % 2 = 0 AND id > ? ORDER BY id",
                        sql::Streamed{100});
    even.bind(1, 10);
    sql::Statement odd(db.conn(), "SELECT id FROM rows WHERE id % 2 = 1 ORDER BY id DESC", sql::Streamed{64});
    std::int64_t expect_even = 12, expect_odd = 2499, rows = 0;
    // Two cursors of one connection stepped in turn.
    while (even.executeStep()) {
        CHECK(even.getColumn(0).getInt64() == expect_even);
        CHECK(even.getColumn(1).getString() == "fila " + std::to_string(expect_even));
        CHECK(even.getColumn(2).isNull() == (expect_even % 7 == 0));
        if (expect_even % 7 != 0) CHECK(even.getColumn(2).getString() == "nota ñ " + std::to_string(expect_even));
        if (db.on_postgresql() && rows == 500) CHECK(open_cursors(db) == 2);
        if (odd.executeStep()) {
            CHECK(odd.getColumn(0).getInt64() == expect_odd);
            expect_odd -= 2;
            if (db.on_postgresql() && rows == 500) CHECK(open_cursors(db) == 2);
        }
        expect_even += 2;
        ++rows;
    }
    CHECK(rows == 1245);
    CHECK(expect_even == 2502);
    if (db.on_postgresql()) CHECK(open_cursors(db) == 1);  // the finished one is closed, the other still open
    while (odd.executeStep()) expect_odd -= 2;
    CHECK(expect_odd == -1);
    CHECK(open_cursors(db) == 0);

    // reset() reads again from the start, with new bindings.
    even.reset();
    even.bind(1, 2490);
    std::vector<std::int64_t> tail;
    while (even.executeStep()) tail.push_back(even.getColumn(0).getInt64());
    CHECK(tail == std::vector<std::int64_t>{2492, 2494, 2496, 2498, 2500});
}

TEST_CASE("a read snapshot sees one state of the data, and a write transaction sees its own writes") {
    // A new store for each SECTION's run of the case.
    const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    const std::string where = engine == "postgresql" ? test::pg_database() : fresh_sqlite();
    INFO(where);
    Database db(where, rows_schema());
    fill(db, 300);
    Database other(where, rows_schema());

    SECTION("another connection's commit during the read is not seen") {
        std::int64_t seen = 0;
        {
            Snapshot snapshot(db);
            sql::Statement q(db.conn(), "SELECT id FROM rows ORDER BY id", sql::Streamed{50});
            while (q.executeStep()) {
                if (++seen == 10) {
                    auto tx = other.begin_write();
                    other.conn().exec("INSERT INTO rows (id, name) VALUES (1000, 'tarde')");
                    tx.commit();
                }
            }
            if (db.on_postgresql()) {
                // The snapshot's other reads do not see it either.
                CHECK(sql::query_int64(db.conn(), "SELECT count(*) FROM rows") == 300);
            }
        }
        CHECK(seen == 300);
        CHECK(sql::query_int64(db.conn(), "SELECT count(*) FROM rows") == 301);
        if (db.on_postgresql()) CHECK_FALSE(db.pg().in_transaction());
    }
    SECTION("inside a write transaction the cursor reads its uncommitted rows") {
        auto tx = db.begin_write();
        db.conn().exec("INSERT INTO rows (id, name) VALUES (5000, 'nueva')");
        {
            Snapshot snapshot(db);  // does nothing inside the write transaction
            sql::Statement q(db.conn(), "SELECT max(id), count(*) FROM rows", sql::Streamed{});
            REQUIRE(q.executeStep());
            CHECK(q.getColumn(0).getInt64() == 5000);
            CHECK(q.getColumn(1).getInt64() == 301);
        }
        if (db.on_postgresql()) CHECK(db.pg().in_transaction());
        tx.commit();
        CHECK(sql::query_int64(other.conn(), "SELECT count(*) FROM rows") == 301);
    }
}

TEST_CASE("on PostgreSQL a streamed statement outside a transaction is refused") {
    Database db(test::pg_database(), rows_schema());
    fill(db, 3);
    sql::Statement q(db.conn(), "SELECT id FROM rows", sql::Streamed{});
    CHECK_THROWS_AS(q.executeStep(), std::logic_error);
}
