// The change watch (store/change_watch.hpp) on both stores: two Database objects on the same
// shop, as two tills (or the window and the CLI) have; a commit on one is reported once by the
// other's watch. Each TEST_CASE runs on a fresh SQLite file and a fresh PostgreSQL database.
#include "core/errors.hpp"
#include "store/change_watch.hpp"
#include "store/contacts_repo.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/migrations.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

std::string fresh(const std::string& where) {
    static int n = 0;
    if (store::sql::is_postgresql_uri(where)) return test::pg_database();
    return where + ".watch" + std::to_string(++n);
}

Contact person(const std::string& name) {
    Contact c;
    c.display_name = name;
    return c;
}

void add_customer(store::Database& db, const std::string& name) {
    store::ContactsRepo repo(db);
    auto tx = db.begin_write();
    Contact c = person(name);
    repo.insert(c);
    tx.commit();
}

// What the watching connection has been sent by now. A NOTIFY reaches the listener
// asynchronously; the server signals the listening backend before the notifying commit
// returns, and that backend sends the notification ahead of the answer to its next query, so
// one round trip on the watching connection (as the window's own reads make) delivers
// everything committed before it. SQLite needs none (data_version is read on the file).
bool changed(store::ChangeWatch& watch, store::Database& watching) {
    store::sql::query_int64(watching.conn(), "SELECT 1");
    return watch.changed_elsewhere();
}

}  // namespace

TEST_CASE("a commit by another connection is reported once by the watch, nothing when nothing changed") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    const std::string shop = fresh(where);
    store::Database till1(shop, store::Database::Initialise{});
    store::Database till2(shop);
    store::ChangeWatch watch(till1);

    CHECK_FALSE(changed(watch, till1));
    // Reads by the other till change nothing.
    CHECK(store::sql::query_int64(till2.conn(), "SELECT count(*) FROM contacts") == 0);
    CHECK_FALSE(changed(watch, till1));

    add_customer(till2, "Ana Núñez");
    CHECK(changed(watch, till1));
    CHECK_FALSE(changed(watch, till1));  // once

    // Several commits between two questions: one answer.
    add_customer(till2, "Benito Pérez");
    add_customer(till2, "Carmen Ruiz");
    CHECK(changed(watch, till1));
    CHECK_FALSE(changed(watch, till1));

    // The watching connection's own commits are not "elsewhere".
    add_customer(till1, "Dolores Gil");
    CHECK_FALSE(changed(watch, till1));
    // ... and do not hide another's made after them.
    add_customer(till2, "Elena Sanz");
    CHECK(changed(watch, till1));
}

TEST_CASE("a rolled-back write is not reported by the watch") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    const std::string shop = fresh(where);
    store::Database till1(shop, store::Database::Initialise{});
    store::Database till2(shop);
    store::ChangeWatch watch(till1);
    {
        store::ContactsRepo repo(till2);
        auto tx = till2.begin_write();
        Contact c = person("Nunca Guardado");
        repo.insert(c);
        // no commit: rolled back here
    }
    CHECK(store::sql::query_int64(till1.conn(), "SELECT count(*) FROM contacts") == 0);
    CHECK_FALSE(changed(watch, till1));
    add_customer(till2, "Sí Guardado");  // the watch still works
    CHECK(changed(watch, till1));
}

TEST_CASE("the watch says nothing inside its own connection's write transaction and tells after it") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    const std::string shop = fresh(where);
    store::Database till1(shop, store::Database::Initialise{});
    store::Database till2(shop);
    store::ChangeWatch watch(till1);
    add_customer(till2, "Ana Núñez");
    store::sql::query_int64(till1.conn(), "SELECT 1");  // the notification has arrived (PostgreSQL)
    {
        auto tx = till1.begin_write();
        CHECK_FALSE(watch.changed_elsewhere());
        tx.commit();
    }
    CHECK(changed(watch, till1));
    CHECK_FALSE(changed(watch, till1));
}

TEST_CASE("every table the window shows is watched: details, points, tags, preferences, settings") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    const std::string shop = fresh(where);
    store::Database till1(shop, store::Database::Initialise{});
    store::Database till2(shop);
    add_customer(till2, "Ana Núñez");
    const auto id = store::sql::query_int64(till2.conn(), "SELECT id FROM contacts");
    store::ChangeWatch watch(till1);
    const std::vector<std::string> writes = {
        "INSERT INTO contact_tags (contact_id, tag) VALUES (" + std::to_string(id) + ", 'vip')",
        "UPDATE contacts SET notes = 'llamar' WHERE id = " + std::to_string(id),
        "INSERT INTO channel_preferences (contact_id, position, channel) VALUES (" + std::to_string(id) + ", 0, 'email')",
        "INSERT INTO contact_points (contact_id, kind, raw_value, normalized, label, is_mobile, is_valid, position) VALUES (" +
            std::to_string(id) + ", 'postal', 'Calle Mayor 1', 'Calle Mayor 1', '', 0, 1, 0)",
        "INSERT INTO settings (key, value) VALUES ('test.watch', 'Mercería Luna')",
    };
    for (const auto& sql : writes) {
        INFO(sql);
        till2.conn().exec(sql);
        CHECK(changed(watch, till1));
    }
}

// PostgreSQL only: the roles and the notify triggers exist only there (on SQLite whoever may
// write the file writes, and data_version needs no trigger).
TEST_CASE("PostgreSQL: the watch reports a till login's commit, not another shop's on the same server") {
    const std::string uri = test::pg_database();
    const std::string name = test::pg_database_name(uri);
    store::Database owner(uri, store::Database::Initialise{});
    const auto roles = store::Database::default_roles(uri);
    owner.apply_roles(roles);
    test::pg_psql(name, "CREATE ROLE " + name + "_caja1 LOGIN IN ROLE " + roles.till);
    store::Database till(test::pg_uri(name, name + "_caja1"));
    REQUIRE(till.access() == store::Database::Access::till);
    store::ChangeWatch watch(owner);

    add_customer(till, "Ana Núñez");
    CHECK(changed(watch, owner));

    // Another shop's database on the same server, the same channel name: not this shop's news.
    const std::string other = test::pg_database();
    store::Database other_shop(other, store::Database::Initialise{});
    add_customer(other_shop, "Otra Tienda");
    CHECK_FALSE(changed(watch, owner));
    // The till watching sees the owner's change too.
    store::ChangeWatch till_watch(till);
    add_customer(owner, "Benito Pérez");
    CHECK(changed(till_watch, till));
    CHECK_FALSE(changed(watch, owner));  // the owner's own
}

// PostgreSQL only: SQLite's data_version needs no migration.
TEST_CASE("PostgreSQL: a shop initialised before the change notifications gets them on upgrade, and the watch sees them") {
    const std::string uri = test::pg_database();
    std::vector<store::Migration> before;
    for (const auto& m : store::pg_migrations()) {
        if (std::string(m.name).find("notify") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::pg_migrations().size());
    {
        store::Database old(uri, before);
        add_customer(old, "Ana Núñez");
    }
    store::Database till1(uri, store::Database::Initialise{});  // init again: the upgrade
    CHECK(till1.schema_version() == store::pg_migrations().back().version);
    CHECK(store::sql::query_int64(till1.conn(), "SELECT count(*) FROM contacts") == 1);
    CHECK(store::LedgerRepo(till1).verify().ok());  // the new triggers are not the ledger's
    store::Database till2(uri);
    store::ChangeWatch watch(till1);
    add_customer(till2, "Benito Pérez");
    CHECK(changed(watch, till1));
}
