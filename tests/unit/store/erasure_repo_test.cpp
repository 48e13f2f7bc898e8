// Erasure's rows on SQLite and PostgreSQL: the contact's rows go, their format-2 evidence
// texts are blanked (the only change the ledger's guards allow), the log and the
// suppression list are kept. What stays on the server's disk differs (README: on PostgreSQL
// dead tuples stay until VACUUM); empty_wal says so for the -wal file.
#include "store/erasure_repo.hpp"

#include "core/errors.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

#include "pg_server.hpp"
#include "raw_rows.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("an erased contact's rows go and their format-2 evidence is blanked, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    auto& conn = db.conn();
    const auto ana = test::raw_contact(db, "c-ana", "Ana");
    const auto luis = test::raw_contact(db, "c-luis", "Luis");
    test::raw_point(db, ana, "email", "ana@example.es", "ana@example.es", false, 0);
    test::raw_point(db, ana, "phone", "612 345 678", "+34612345678", true, 1);
    test::raw_point(db, luis, "email", "luis@example.es", "luis@example.es", false, 0);
    conn.exec("INSERT INTO contact_tags (contact_id, tag) VALUES (" + std::to_string(ana) + ", 'vip')");
    conn.exec("INSERT INTO channel_preferences (contact_id, position, channel) VALUES (" + std::to_string(ana) +
              ", 0, 'email')");
    for (const auto& [id, words] : {std::pair{ana, std::string("ana")}, std::pair{luis, std::string("luis")}}) {
        store::sql::Statement q(conn, db.on_postgresql() ? "INSERT INTO contact_search (contact_id, text) VALUES (?, ?)"
                                                         : "INSERT INTO contact_search (rowid, terms) VALUES (?, ?)");
        q.bind(1, id);
        q.bind(2, words);
        q.exec();
    }
    test::raw_event(db, 1, "c-ana", Channel::email, Purpose::marketing, "grant", 100, 1, "hoja firmada por Ana");
    test::raw_event(db, 2, "c-ana", Channel::sms, Purpose::marketing, "grant", 200, 2, "Ana, 612 345 678");
    test::raw_event(db, 3, "c-luis", Channel::email, Purpose::marketing, "grant", 300, 2, "Luis");

    const Timestamp now = parse_timestamp("2026-03-02T10:00:00Z");
    {
        auto tx = db.begin_write();
        CHECK(store::count_unerasable_evidence(db, "c-ana") == 1);
        CHECK(store::erase_evidence(db, "c-ana", now) == 1);
        CHECK(store::erase_evidence(db, "c-ana", now) == 0);
        const auto rows = store::delete_contact_rows(db, ana);
        CHECK(rows.points == 2);
        CHECK(rows.tags == 1);
        CHECK(rows.preferences == 1);
        CHECK(rows.search_rows == 1);
        CHECK_THROWS_AS(store::delete_contact_rows(db, ana), NotFoundError);
        store::log_erasure(db, {"c-ana", {"h1", "h2"}, now});
        store::merge_search_index(db);
        tx.commit();
    }
    CHECK(store::empty_wal(db));  // nobody else reading (PostgreSQL: nothing to do)
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM contacts") == 1);
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM contact_points") == 1);
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM contact_search") == 1);
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM consent_evidence WHERE text IS NULL") == 1);
    CHECK(store::sql::query_int64(conn, "SELECT erased_at FROM consent_evidence WHERE seq = 2") ==
          store::to_seconds(now));
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM consent_evidence WHERE seq = 3 AND text = 'Luis'") == 1);
    CHECK(store::sql::query_int64(conn, "SELECT count(*) FROM consent_events") == 3);  // the ledger stays

    const auto log = store::erasure_log(db);
    REQUIRE(log.size() == 1);
    CHECK(log[0].contact_uuid == "c-ana");
    CHECK(log[0].identifier_hashes == std::vector<std::string>{"h1", "h2"});
    CHECK(log[0].erased_at == now);
    CHECK(store::erasure_logged(db, "c-ana", now));
    CHECK_FALSE(store::erasure_logged(db, "c-ana", now + std::chrono::seconds(1)));
}

TEST_CASE("suppression is counted and lifted by identifier hash, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    db.conn().exec("INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES "
                   "('h1', 'erased', 1), ('h2', 'erased', 1), ('h3', 'objected', 1)");
    CHECK(store::count_suppressed(db, {"h1", "h2", "h9"}) == 2);
    {
        auto tx = db.begin_write();
        CHECK(store::lift_suppression(db, {"h1", "h9"}) == 1);
        tx.commit();
    }
    CHECK(store::count_suppressed(db, {"h1", "h2", "h3"}) == 2);
}
