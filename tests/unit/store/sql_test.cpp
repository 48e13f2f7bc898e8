// The neutral SQL layer (store/sql.hpp) behaves the same on SQLite and on a real PostgreSQL
// server started by the test binary (tests/support/pg_server.hpp).
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/storage_failure.hpp"

#include "core/errors.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace clientela;
using namespace clientela::store;

namespace {

// A small schema in SQL both engines take.
const std::vector<Migration>& tiny_schema() {
    static const std::vector<Migration> list = {
        {1, "001_things",
         "CREATE TABLE things (id bigint PRIMARY KEY, name text NOT NULL, note text, weight double precision, "
         "raw bytea); CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);"},
        {2, "002_more", "CREATE TABLE counter (n bigint NOT NULL); INSERT INTO counter (n) VALUES (0);"},
    };
    return list;
}

}  // namespace

TEST_CASE("neutral SQL statements bind, step and read alike on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Database db(where, tiny_schema());
    INFO(where);
    CHECK(db.schema_version() == 2);
    CHECK(db.on_postgresql() == sql::is_postgresql_uri(where));

    sql::Statement ins(db.conn(), "INSERT INTO things (id, name, note, weight, raw) VALUES (?, ?, ?, ?, ?)");
    const std::string bytes("a\0b\xff\x01", 5);
    ins.bind(1, 1);
    ins.bind(2, std::string("Ñandú 'quoted' ?"));
    ins.bind(3);
    ins.bind(4, 2.5);
    ins.bind_blob(5, bytes);
    CHECK(ins.exec() == 1);
    ins.reset();
    ins.clearBindings();
    ins.bind(1, std::int64_t{5000000000});
    ins.bind(2, "second");
    ins.bind(3, "with note");
    ins.bind(4);
    ins.bind(5);
    CHECK(ins.exec() == 1);

    sql::Statement q(db.conn(), "SELECT id, name, note, weight, raw, id = ?1 FROM things WHERE name <> '?' ORDER BY id");
    q.bind(1, 1);
    REQUIRE(q.executeStep());
    CHECK(q.getColumnCount() == 6);
    CHECK(q.getColumn(0).getInt64() == 1);
    CHECK(q.getColumn(1).getString() == "Ñandú 'quoted' ?");
    CHECK(q.getColumn(2).isNull());
    CHECK(q.getColumn(2).getString().empty());
    CHECK(q.getColumn(3).getDouble() == 2.5);
    CHECK(q.getColumn(4).getBlob() == bytes);
    CHECK(q.getColumn(5).getInt() == 1);  // a comparison reads as 1/0 on both
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getInt64() == 5000000000);
    CHECK(q.getColumn(3).isNull());
    CHECK(q.getColumn(5).getInt() == 0);
    CHECK_FALSE(q.executeStep());
    q.reset();
    REQUIRE(q.executeStep());  // reset runs it again with the same bindings
    CHECK(q.getColumn(0).getInt64() == 1);

    CHECK(sql::query_int64(db.conn(), "SELECT count(*) FROM things") == 2);
    CHECK(sql::query_int64(db.conn(), "SELECT sum(id) FROM things") == 5000000001);
    CHECK(sql::query_int64(db.conn(), "SELECT note FROM things WHERE id = 1") == 0);

    sql::Statement upsert(db.conn(),
                          "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
                          "excluded.value RETURNING key");
    upsert.bind(1, "k");
    upsert.bind(2, "one");
    REQUIRE(upsert.executeStep());
    CHECK(upsert.getColumn(0).getString() == "k");
    upsert.reset();
    upsert.bind(2, "two");
    REQUIRE(upsert.executeStep());
    sql::Statement get(db.conn(), "SELECT value FROM settings WHERE key = 'k'");
    REQUIRE(get.executeStep());
    CHECK(get.getColumn(0).getString() == "two");
}

TEST_CASE("a write transaction rolls back when dropped and keeps what it committed, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Database db(where, tiny_schema());
    INFO(where);
    {
        auto tx = db.begin_write();
        db.conn().exec("UPDATE counter SET n = 7");
        CHECK(sql::query_int64(db.conn(), "SELECT n FROM counter") == 7);  // seen inside
    }
    CHECK(sql::query_int64(db.conn(), "SELECT n FROM counter") == 0);
    {
        auto tx = db.begin_write();
        db.conn().exec("UPDATE counter SET n = 8");
        tx.commit();
    }
    CHECK(sql::query_int64(db.conn(), "SELECT n FROM counter") == 8);
}

TEST_CASE("placeholders become PostgreSQL's numbered ones outside quotes and comments") {
    CHECK(sql::to_dollar_placeholders("SELECT ?, ? FROM t WHERE a = '?' AND \"b?\" = ? -- why?\nAND c = ?") ==
          "SELECT $1, $2 FROM t WHERE a = '?' AND \"b?\" = $3 -- why?\nAND c = $4");
    CHECK(sql::to_dollar_placeholders("SELECT ?1 WHERE x = ?1 OR y = ?2") == "SELECT $1 WHERE x = $1 OR y = $2");
    CHECK(sql::to_dollar_placeholders("VALUES ('it''s ?', ?)") == "VALUES ('it''s ?', $1)");
}

TEST_CASE("PostgreSQL: writers from several connections take turns, so read-then-write never loses an update") {
    const std::string uri = test::pg_database();
    { Database init(uri, tiny_schema()); }
    constexpr int threads = 4;
    constexpr int rounds = 25;
    std::vector<std::thread> tills;
    std::atomic<int> failures{0};
    for (int t = 0; t < threads; ++t) {
        tills.emplace_back([&] {
            try {
                Database db(uri, tiny_schema());  // one connection per thread (libpqxx)
                for (int i = 0; i < rounds; ++i) {
                    auto tx = db.begin_write();
                    const auto n = sql::query_int64(db.conn(), "SELECT n FROM counter");
                    std::this_thread::yield();
                    sql::Statement up(db.conn(), "UPDATE counter SET n = ?");
                    up.bind(1, n + 1);
                    up.exec();
                    tx.commit();
                }
            } catch (const std::exception& e) {
                ++failures;
                UNSCOPED_INFO(e.what());
            }
        });
    }
    for (auto& t : tills) t.join();
    CHECK(failures == 0);
    Database db(uri, tiny_schema());
    CHECK(sql::query_int64(db.conn(), "SELECT n FROM counter") == threads * rounds);
}

TEST_CASE("PostgreSQL: several programs initialising an empty database at once apply each migration once") {
    const std::string uri = test::pg_database();
    std::vector<std::thread> tills;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        tills.emplace_back([&] {
            try {
                Database db(uri, tiny_schema());
            } catch (const std::exception& e) {
                ++failures;
                UNSCOPED_INFO(e.what());
            }
        });
    }
    for (auto& t : tills) t.join();
    CHECK(failures == 0);
    CHECK(test::pg_psql(test::pg_database_name(uri), "SELECT string_agg(name, ',' ORDER BY version) FROM "
                                                     "clientela_schema_version") == "001_things,002_more\n");
    CHECK(test::pg_psql(test::pg_database_name(uri), "SELECT n FROM counter") == "0\n");  // the seed row once
}

TEST_CASE("PostgreSQL: a till's plain open refuses a database without the schema, and a URI with a password") {
    const std::string uri = test::pg_database();
    try {
        Database db(uri);
        FAIL("opened a database without Clientela's tables");
    } catch (const StorageError& e) {
        CHECK_THAT(e.what(), Catch::Contains("has no Clientela tables yet") && Catch::Contains("init"));
    }
    const std::string with_password = "postgresql://till:s3cret@127.0.0.1:1/shop";
    try {
        Database db(with_password);
        FAIL("accepted a password on the command line");
    } catch (const ValidationError& e) {
        CHECK_THAT(e.what(), Catch::Contains("~/.pgpass"));
        CHECK_THAT(e.what(), !Catch::Contains("s3cret"));
    }
}

TEST_CASE("PostgreSQL: engine failures become StorageFailure with a kind") {
    const std::string uri = test::pg_database();
    Database db(uri, tiny_schema());
    // Role names are cluster-wide and a ctest run shares one server: named after the database.
    const std::string reader = test::pg_database_name(uri) + "_reader";
    test::pg_psql(test::pg_database_name(uri),
                  "CREATE ROLE " + reader + " LOGIN; GRANT SELECT ON things, clientela_schema_version TO " + reader);
    Database as_reader(test::pg_uri(test::pg_database_name(uri), reader), tiny_schema());
    try {
        translate_failures([&] { as_reader.conn().exec("DELETE FROM things"); });
        FAIL("a role without DELETE deleted");
    } catch (const StorageFailure& e) {
        CHECK(e.kind() == StorageFailure::Kind::not_allowed);
        CHECK_THAT(e.what(), Catch::Contains("may not do this"));
    }
    try {
        Database gone("postgresql://postgres@127.0.0.1:1/nothing");
        FAIL("connected to a closed port");
    } catch (const StorageError& e) {
        CHECK_THAT(e.what(), Catch::Contains("cannot connect to the PostgreSQL database"));
    }
}
