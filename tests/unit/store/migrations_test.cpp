// A database made by the first schema version migrates to the current one with its data; a
// failing migration rolls back and leaves the file at its previous version.
// SQLite's migration series, on files made by its older versions: SQLite only, but for the
// rollback of a failing migration, which PostgreSQL's own series (db/pg) shares.
#include "store/migrations.hpp"
#include "core/errors.hpp"
#include "store/contacts_repo.hpp"
#include "store/erasure_repo.hpp"
#include "store/ledger_repo.hpp"
#include "store/ledger_rows.hpp"
#include "store/messages_repo.hpp"
#include "store/sqlite_connection.hpp"
#include "temp_dir.hpp"

#include "store/sql.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace clientela;

namespace {

std::vector<store::Migration> first(std::size_t n) {
    const auto& all = store::migrations();
    return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(n, all.size()))};
}

}  // namespace

TEST_CASE("a version-1 database migrates to the latest schema with its contacts intact") {
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database v1(path, first(1));
        REQUIRE(v1.schema_version() == 1);
        CHECK_FALSE(v1.sql().tableExists("consent_events"));
        // Written through the repository, as the first version of the program did.
        store::ContactsRepo repo(v1);
        Contact c;
        c.uuid = "11111111-2222-3333-4444-555555555555";
        c.display_name = "Ana Núñez";
        c.notes = "talla M";
        c.tags = {"vip"};
        ContactPoint phone;
        phone.kind = PointKind::phone;
        phone.raw = "612 34 56 78";
        phone.normalized = "+34612345678";
        phone.label = "mobile";
        phone.is_mobile = true;
        phone.is_valid = true;
        ContactPoint email;
        email.kind = PointKind::email;
        email.raw = "Ana@Example.ES";
        email.normalized = "Ana@example.es";
        email.is_valid = true;
        c.points = {phone, email};
        auto tx = v1.begin_write();
        repo.insert(c);
        tx.commit();
        v1.sql().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja')");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().tableExists("consent_events"));
    CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    SQLite::Statement fk(db.sql(), "PRAGMA foreign_key_check");
    CHECK_FALSE(fk.executeStep());
    store::ContactsRepo contacts(db);
    REQUIRE(contacts.count("nunez") == 1);
    CHECK(contacts.count("nu") == 1);      // through the 2-character prefix index (006)
    CHECK(contacts.count("612") == 1);     // a number's start
    CHECK(contacts.count("5678") == 1);    // and its end, from the terms version 1 wrote
    const auto c = contacts.find_by_uuid("11111111-2222-3333-4444-555555555555");
    REQUIRE(c);
    CHECK(c->display_name == "Ana Núñez");
    CHECK(c->notes == "talla M");
    REQUIRE(c->points.size() == 2);
    CHECK(c->points[0].normalized == "+34612345678");
    CHECK(c->tags == std::vector<std::string>{"vip"});
    CHECK(db.sql().execAndGet("SELECT value FROM settings WHERE key = 'shop_name'").getString() == "La Aguja");
    // The migrated database takes new features: a wording and a consent event.
    store::LedgerRepo ledger(db);
    auto tx = db.begin_write();
    ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por correo.", parse_timestamp("2026-01-10T10:00:00Z"));
    tx.commit();
    CHECK(ledger.verify().ok());
}

namespace {

// How many migrations there were before consent ledger format 2 (db/NNN_erasable_evidence.sql).
std::size_t before_ledger_format_2() {
    const auto& all = store::migrations();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (std::string(all[i].name).find("erasable_evidence") != std::string::npos) return i;
    }
    FAIL("no erasable_evidence migration");
    return 0;
}

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("a database from before ledger format 2 upgrades: old events stay v1 and verify, free pages are vacuumed") {
    test::TempDir dir;
    const auto path = dir.file("old.db");
    const Timestamp t0 = parse_timestamp("2026-01-10T10:00:00Z");
    std::string ana_uuid;
    {
        store::Database old(path, first(before_ledger_format_2()));
        old.sql().exec("PRAGMA secure_delete = OFF");  // as every version before this one ran
        store::ContactsRepo contacts(old);
        auto tx = old.begin_write();
        Contact ana;
        ana.uuid = ana_uuid = "11111111-2222-3333-4444-555555555555";
        ana.display_name = "Ana Núñez";
        contacts.insert(ana);
        Contact gone;
        gone.uuid = "99999999-2222-3333-4444-555555555555";
        gone.display_name = "Wenceslao Pirindola";
        gone.notes = "Pirindola-nota";
        contacts.insert(gone);
        store::LedgerRepo ledger(old);
        const auto w = ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por correo.", t0);
        // A v1 event, written with the columns the old schema has.
        ConsentEvent e;
        e.format = 1;
        e.event_uuid = "00000000-0000-4000-8000-000000000001";
        e.contact_uuid = ana_uuid;
        e.point_hash = point_hash("ana@example.es", old.identifier_secret());
        e.wording_id = w.id;
        e.wording_hash = w.text_hash;
        e.evidence = "hoja firmada por Ana Núñez";
        e.recorded_by = "Rocío";
        e.occurred_at = e.recorded_at = t0;
        seal_event(e, 1, genesis_hash);
        SQLite::Statement ins(
            old.sql(),
            "INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, "
            "action, method, basis, wording_id, wording_hash, evidence, recorded_by, occurred_at, "
            "recorded_at, prev_hash, hash) VALUES (1, ?, ?, ?, 'email', 'marketing', 'grant', "
            "'in_store_form', 'consent', ?, ?, ?, ?, ?, ?, ?, ?)");
        ins.bind(1, e.event_uuid);
        ins.bind(2, e.contact_uuid);
        ins.bind(3, e.point_hash);
        ins.bind(4, e.wording_id);
        ins.bind(5, e.wording_hash);
        ins.bind(6, e.evidence);
        ins.bind(7, e.recorded_by);
        ins.bind(8, static_cast<std::int64_t>(t0.time_since_epoch().count()));
        ins.bind(9, static_cast<std::int64_t>(t0.time_since_epoch().count()));
        ins.bind(10, e.prev_hash);
        ins.bind(11, e.hash);
        ins.exec();
        ConsentState state;
        apply(state, e);
        SQLite::Statement projection(old.sql(), store::kUpsertState);
        store::bind_state(projection, ana_uuid, state);
        projection.exec();
        tx.commit();
        // Erased the way the program used to: the rows deleted, their bytes left in free space.
        auto tx2 = old.begin_write();
        store::delete_contact_rows(old,
                                   old.sql().execAndGet("SELECT id FROM contacts WHERE uuid LIKE '9999%'").getInt64());
        tx2.commit();
        old.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    REQUIRE(file_bytes(path).find("Pirindola") != std::string::npos);

    {
        store::Database db(path);
        CHECK(db.schema_version() == store::Database::latest_schema_version());
        CHECK(db.sql().execAndGet("SELECT count(*) FROM settings WHERE key LIKE 'maintenance.%'").getInt() == 0);
        CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
        store::LedgerRepo ledger(db);
        CHECK(ledger.verify().ok());
        const auto old_events = ledger.history(ana_uuid);
        REQUIRE(old_events.size() == 1);
        CHECK(old_events[0].format == 1);
        CHECK(old_events[0].evidence == "hoja firmada por Ana Núñez");
        // New events are format 2, in the same chain.
        ConsentEvent w = old_events[0];
        w.event_uuid = "00000000-0000-4000-8000-000000000002";
        w.action = ConsentAction::withdraw;
        w.wording_id = 0;
        w.wording_hash.clear();
        w.evidence = "pidió la baja, Ana Núñez";
        w.occurred_at = w.recorded_at = t0 + std::chrono::hours(1);
        auto tx = db.begin_write();
        CHECK(ledger.append(w).format == 2);
        // Erasing Ana blanks what format 2 allows and reports what format 1 keeps.
        CHECK(store::erase_evidence(db, ana_uuid, t0 + std::chrono::hours(2)) == 1);
        CHECK(store::count_unerasable_evidence(db, ana_uuid) == 1);
        tx.commit();
        const auto check = ledger.verify();
        CHECK(check.ok());
        CHECK(check.chain.events_checked == 2);
        const auto both = ledger.history(ana_uuid);
        CHECK(both[0].evidence == "hoja firmada por Ana Núñez");
        CHECK(both[1].evidence_erased);
    }
    // VACUUM ran once, after the migration: the erased customer's old bytes are gone.
    CHECK(file_bytes(path).find("Pirindola") == std::string::npos);
    CHECK(file_bytes(path + "-wal").find("Pirindola") == std::string::npos);
    store::Database again(path);
    CHECK(again.sql().execAndGet("SELECT count(*) FROM settings WHERE key LIKE 'maintenance.%'").getInt() == 0);
    CHECK(store::LedgerRepo(again).verify().ok());
}

TEST_CASE("every intermediate version migrates to the latest") {
    const auto& all = store::migrations();
    for (std::size_t n = 1; n <= all.size(); ++n) {
        test::TempDir dir;
        const auto path = dir.file("v.db");
        { store::Database part(path, first(n)); }
        store::Database db(path);
        CHECK(db.schema_version() == store::Database::latest_schema_version());
        CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    }
}

TEST_CASE("a failing migration rolls back and leaves the file at its previous version") {
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    {
        store::Database v1(path, first(1));
        v1.sql().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja')");
    }
    auto list = first(1);
    // Its first statements work; the last one fails, so all of it must be undone.
    list.push_back({2, "002_broken",
                    "CREATE TABLE half_done (x INTEGER);\n"
                    "INSERT INTO settings (key, value) VALUES ('migrated', 'yes');\n"
                    "UPDATE settings SET value = 'changed' WHERE key = 'shop_name';\n"
                    "INSERT INTO no_such_table VALUES (1);\n"});
    try {
        store::Database db(path, list);
        FAIL("a broken migration was accepted");
    } catch (const StorageError& e) {
        CHECK_THAT(e.what(), Catch::Contains("002_broken") && Catch::Contains("left at version 1"));
    }
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("PRAGMA user_version").getInt() == 1);
    CHECK_FALSE(raw.tableExists("half_done"));
    CHECK(raw.execAndGet("SELECT value FROM settings WHERE key = 'shop_name'").getString() == "La Aguja");
    CHECK(raw.execAndGet("SELECT COUNT(*) FROM settings WHERE key = 'migrated'").getInt() == 0);
    // The real migrations still apply afterwards.
    store::Database fixed(path);
    CHECK(fixed.schema_version() == store::Database::latest_schema_version());
}

TEST_CASE("PostgreSQL: a failing migration rolls back and leaves the database at its previous version") {
    const std::string uri = test::pg_database();
    const std::vector<store::Migration> v1 = {store::pg_migrations().front()};
    {
        store::Database db(uri, v1);
        db.conn().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja')");
    }
    auto list = v1;
    // Its first statements work; the last one fails, so all of it must be undone.
    list.push_back({2, "002_broken",
                    "CREATE TABLE half_done (x integer);\n"
                    "INSERT INTO settings (key, value) VALUES ('migrated', 'yes');\n"
                    "UPDATE settings SET value = 'changed' WHERE key = 'shop_name';\n"
                    "INSERT INTO no_such_table VALUES (1);\n"});
    try {
        store::Database db(uri, list);
        FAIL("a broken migration was accepted");
    } catch (const StorageError& e) {
        CHECK_THAT(e.what(), Catch::Contains("002_broken") && Catch::Contains("left at version 1"));
    }
    store::Database db(uri, v1);
    CHECK(db.schema_version() == 1);
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM pg_tables WHERE tablename = 'half_done'") == 0);
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM settings WHERE key = 'migrated'") == 0);
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM settings WHERE value = 'La Aguja'") == 1);
    // The real migrations still apply afterwards.
    store::Database fixed(uri, store::Database::Initialise{});
    CHECK(fixed.schema_version() == store::pg_migrations().back().version);
}

TEST_CASE("the message log of a database made before unknown and skipped migrates with its rows") {
    const auto& all = store::migrations();
    const auto at = std::find_if(all.begin(), all.end(), [](const store::Migration& m) {
        return std::string(m.name).find("message_outcomes") != std::string::npos;
    });
    REQUIRE(at != all.end());
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    {
        store::Database before(path, first(static_cast<std::size_t>(at - all.begin())));
        before.sql().exec(
            "INSERT INTO messages (contact_uuid, channel, purpose, kind, status, consent_seq, recipient, error, "
            "created_at, updated_at) VALUES ('u-1', 'email', 'marketing', 'sent', 'failed', 3, 'ana@example.es', "
            "'SMTP: 550', 1, 2)");
        CHECK_THROWS(before.sql().exec(
            "INSERT INTO messages (contact_uuid, channel, purpose, kind, status, created_at, updated_at) "
            "VALUES ('u-1', 'email', 'marketing', 'sent', 'unknown', 1, 1)"));
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    store::MessagesRepo messages(db);
    const Message old = messages.get(1);
    CHECK(old.status == MessageStatus::failed);
    CHECK(old.recipient == "ana@example.es");
    CHECK(old.error == "SMTP: 550");
    CHECK(old.reply_command.empty());
    CHECK(old.reply.empty());
    // The new statuses and the reply are stored; anything else is still refused.
    Message m = old;
    m.status = MessageStatus::queued;
    const auto id = messages.log(m);
    messages.set_status(id, MessageStatus::unknown, "", "reply lost", parse_timestamp("2026-01-10T10:00:00Z"), "DATA",
                        "354 End data with <CR><LF>.<CR><LF>");
    CHECK(messages.get(id).status == MessageStatus::unknown);
    CHECK(messages.get(id).reply_command == "DATA");
    m.status = MessageStatus::skipped;
    CHECK(messages.get(messages.log(m)).status == MessageStatus::skipped);
    CHECK_THROWS(db.sql().exec("UPDATE messages SET status = 'lost' WHERE id = 1"));
}

TEST_CASE("a database from before the erasure log gets an empty one and keeps its suppression list") {
    std::vector<store::Migration> before;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("erasure_log") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::migrations().size());
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        CHECK_FALSE(old.sql().tableExists("erasure_log"));
        old.sql().exec("INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES "
                       "('" + std::string(64, 'a') + "', 'erased', 1700000000)");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().tableExists("erasure_log"));
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM erasure_log").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT COUNT(*) FROM suppressed_identifiers").getInt() == 1);
}

TEST_CASE("a database made before the database id migration gets one on upgrade, kept from then on") {
    const auto& all = store::migrations();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [](const store::Migration& m) { return std::string(m.name).find("database_id") != std::string::npos; });
    REQUIRE(it != all.end());
    const std::vector<store::Migration> before(all.begin(), it);
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        CHECK(old.database_id().empty());
        store::LedgerRepo ledger(old);
        auto tx = old.begin_write();
        ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por correo.", parse_timestamp("2026-01-10T10:00:00Z"));
        tx.commit();
    }
    std::string id;
    {
        store::Database db(path);
        CHECK(db.schema_version() == store::Database::latest_schema_version());
        id = db.database_id();
        CHECK(id.size() == 32);
        CHECK(id.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(store::LedgerRepo(db).verify().ok());
    }
    CHECK(store::Database(path).database_id() == id);
    CHECK(store::Database(dir.file("new.db")).database_id().size() == 32);
    CHECK(store::Database(dir.file("new.db")).database_id() != id);
}

TEST_CASE("a database from before mail intake opens with empty processed-mail and pending lists") {
    const auto& all = store::migrations();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [](const store::Migration& m) { return std::string(m.name).find("mail_intake") != std::string::npos; });
    REQUIRE(it != all.end());
    const std::vector<store::Migration> before(all.begin(), it);
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        CHECK_FALSE(old.sql().tableExists("pending_replies"));
        store::LedgerRepo ledger(old);
        auto tx = old.begin_write();
        ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por correo.", parse_timestamp("2026-01-10T10:00:00Z"));
        tx.commit();
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("SELECT count(*) FROM processed_mail").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM pending_replies").getInt() == 0);
    CHECK(store::LedgerRepo(db).verify().ok());
    // Both keys are unique: a Message-ID, and a UID of a folder at one UIDVALIDITY.
    db.sql().exec("INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                  "VALUES ('INBOX', 1, 5, '<a@x>', 'pending', 0)");
    CHECK_THROWS(db.sql().exec("INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                               "VALUES ('INBOX', 1, 5, '<b@x>', 'pending', 0)"));
    CHECK_THROWS(db.sql().exec("INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                               "VALUES ('', 0, 0, '<a@x>', 'pending', 0)"));
    db.sql().exec("INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                  "VALUES ('', 0, 0, 'sha256:00', 'pending', 0)");
    db.sql().exec("INSERT INTO processed_mail (folder, uidvalidity, uid, message_key, outcome, processed_at) "
                  "VALUES ('', 0, 0, 'sha256:01', 'pending', 0)");  // uid 0 is no key
}

TEST_CASE("campaigns stored before {nombre} meant the first name read as before: {nombre_completo}") {
    std::vector<store::Migration> before;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("merge_fields") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::migrations().size());  // the migration exists
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    {
        store::Database old(path, before);
        old.sql().exec(
            "INSERT INTO campaigns (uuid, name, purpose, channels, subject, body_text, body_html, wa_template, "
            "wa_parameters, created_at) VALUES ('c-1', 'Rebajas', 'marketing', 'email,whatsapp_business', "
            "'¡Rebajas, {nombre}!', 'Hola {nombre}:\n{nombre}, {name} y {nombres}', '<p>Hola {nombre}</p>', 'rebajas', "
            "'[\"{nombre}\",\"20 %\"]', 1)");
        old.sql().exec(
            "INSERT INTO campaigns (uuid, name, purpose, channels, subject, body_text, created_at) "
            "VALUES ('c-2', 'Sin campos', 'marketing', 'email', 'Aviso', 'Hola', 2)");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    SQLite::Statement q(db.sql(), "SELECT subject, body_text, body_html, wa_parameters FROM campaigns ORDER BY uuid");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "¡Rebajas, {nombre_completo}!");
    CHECK(q.getColumn(1).getString() == "Hola {nombre_completo}:\n{nombre_completo}, {name} y {nombres}");
    CHECK(q.getColumn(2).getString() == "<p>Hola {nombre_completo}</p>");
    CHECK(q.getColumn(3).getString() == "[\"{nombre_completo}\",\"20 %\"]");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "Aviso");
    CHECK(q.getColumn(1).getString() == "Hola");
}

TEST_CASE("a database from before the email identity key upgrades with its pairs on one mailbox flagged, not failed") {
    std::vector<store::Migration> before;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("email_identity") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::migrations().size());
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        auto& sql = old.sql();
        // What the old program allowed: two customers on one mailbox spelled differently, one
        // customer with the same mailbox twice, and an ordinary one.
        const char* rows[][3] = {{"1", "Familia Ruiz", "Familia.Ruiz@example.com"},
                                 {"2", "Paco Ruiz", "familia.ruiz@example.com"},
                                 {"3", "Lola Sanz", "Lola@example.com"},
                                 {"3", "", "lola@example.com"},
                                 {"4", "Ana Núñez", "ana@example.com"}};
        for (const auto& r : rows) {
            if (std::string(r[1]).size() > 0) {
                sql.exec(std::string("INSERT INTO contacts (id, uuid, display_name, sort_key, source_kind, created_at, "
                                     "updated_at) VALUES (") + r[0] + ", '0000000" + r[0] +
                         "-0000-4000-8000-000000000000', '" + r[1] + "', 'x', 'manual', 1700000000, 1700000000)");
            }
            sql.exec(std::string("INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_valid) VALUES (") +
                     r[0] + ", 'email', '" + r[2] + "', '" + r[2] + "', 1)");
        }
        sql.exec("INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_mobile, is_valid) VALUES "
                 "(4, 'phone', '612345678', '+34612345678', 1, 1)");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    auto& sql = db.sql();
    CHECK(sql.execAndGet("SELECT count(*) FROM contact_points WHERE identity_shared = 1").getInt() == 4);
    CHECK(sql.execAndGet("SELECT identity_key FROM contact_points WHERE contact_id = 4 AND kind = 'phone'").getString() ==
          "+34612345678");
    CHECK(sql.execAndGet("SELECT normalized FROM contact_points WHERE contact_id = 1").getString() ==
          "Familia.Ruiz@example.com");  // the stored spelling (and so the ledger's hashes) untouched

    store::ContactsRepo repo(db);
    CHECK(repo.counts().shared_addresses == 1);  // one customer twice is not two people
    const auto shared = repo.shared_identities();
    REQUIRE(shared.size() == 1);
    CHECK(shared[0].key == "familia.ruiz@example.com");
    REQUIRE(shared[0].holders.size() == 2);
    CHECK(shared[0].holders[0].contact.display_name == "Familia Ruiz");
    CHECK(shared[0].holders[0].spelling == "Familia.Ruiz@example.com");
    CHECK(shared[0].holders[1].contact.display_name == "Paco Ruiz");
    const auto owners = repo.owners_of_identity("FAMILIA.RUIZ@example.com");
    REQUIRE(owners.size() == 2);
    CHECK(owners[0].id == 1);
    CHECK(repo.owner_of_identity("familia.RUIZ@example.com")->id == 1);

    // No new pair: neither a third spelling nor another customer's mailbox in another case.
    Contact third;
    third.display_name = "Otro Ruiz";
    third.points.push_back({0, PointKind::email, "FAMILIA.RUIZ@example.com", "FAMILIA.RUIZ@example.com", "", false,
                            true, ""});
    auto tx = db.begin_write();
    CHECK_THROWS_AS(repo.insert(third), ConflictError);
    third.points[0].raw = third.points[0].normalized = "ANA@example.com";
    CHECK_THROWS_AS(repo.insert(third), ConflictError);
    // Editing one of the pair keeps it (the owner resolves it); the unique key stays sound.
    auto paco = *repo.find(2);
    paco.points[0].label = "casa";
    repo.replace_points(2, paco.points);
    tx.commit();
    CHECK(repo.counts().shared_addresses == 1);
    CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("a database from before printed consent forms upgrades with empty form and scan tables") {
    std::vector<store::Migration> before;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("consent_forms") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::migrations().size());
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        CHECK_FALSE(old.sql().tableExists("consent_forms"));
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("SELECT count(*) FROM consent_forms").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM consent_form_scans").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM consent_form_events").getInt() == 0);
}

TEST_CASE("a database from before the tag index upgrades with its tags, and the tag filter finds them") {
    std::vector<store::Migration> before;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("tag_index") != std::string::npos) break;
        before.push_back(m);
    }
    REQUIRE(before.size() < store::migrations().size());
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        old.sql().exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                       "VALUES ('u1', 'Ana', 'ana', 'manual', 1, 1), ('u2', 'Eva', 'eva', 'manual', 1, 1)");
        old.sql().exec("INSERT INTO contact_tags (contact_id, tag) VALUES (1, 'vip'), (2, 'novias'), (2, 'vip')");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("SELECT count(*) FROM sqlite_schema WHERE name = 'contact_tags_by_tag'").getInt() == 1);
    store::ContactsRepo repo(db);
    CHECK(repo.count("", "vip") == 2);
    CHECK(repo.count("", "novias") == 1);
    const auto rows = repo.page("", "novias", 0, 10);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].display_name == "Eva");
    CHECK(repo.tags_of(rows[0].id) == std::vector<std::string>{"novias", "vip"});
    SQLite::Statement plan(db.sql(),
                           "EXPLAIN QUERY PLAN SELECT contact_id FROM contact_tags WHERE tag = 'vip' ORDER BY contact_id");
    std::string detail;
    while (plan.executeStep()) detail += plan.getColumn(3).getString() + "\n";
    CHECK(detail.find("contact_tags_by_tag") != std::string::npos);
}

TEST_CASE("a database from before the kept audience counts upgrades with every count due to be computed") {
    const auto& all = store::migrations();
    const auto it = std::find_if(all.begin(), all.end(), [](const store::Migration& m) {
        return std::string(m.name).find("shop_summary") != std::string::npos;
    });
    REQUIRE(it != all.end());
    const std::vector<store::Migration> before(all.begin(), it);
    test::TempDir dir;
    const auto path = dir.file("old.db");
    {
        store::Database old(path, before);
        old.sql().exec("INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                       "VALUES ('u1', 'Ana', 'ana', 'manual', 0, 0)");
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("SELECT value FROM audience_reach_state WHERE key = 'rebuild'").getInt() == 1);
    CHECK(db.sql().execAndGet("SELECT count(*) FROM audience_reach").getInt() == 0);
    CHECK(store::LedgerRepo(db).verify().ok());
}

TEST_CASE("a database from before phone search by index upgrades: numbers found by start and end, none left in the search index") {
    const auto& all = store::migrations();
    const auto it = std::find_if(all.begin(), all.end(), [](const store::Migration& m) {
        return std::string(m.name).find("phone_search") != std::string::npos;
    });
    REQUIRE(it != all.end());
    const std::vector<store::Migration> before(all.begin(), it);
    test::TempDir dir;
    const auto path = dir.file("old.db");
    auto phone = [](const std::string& raw, const std::string& e164, bool mobile) {
        return ContactPoint{0, PointKind::phone, raw, e164, mobile ? "mobile" : "home", mobile, !e164.empty(),
                            e164.empty() ? "too short" : ""};
    };
    {
        // Written through the repository, which on this schema puts the numbers into the
        // search index as words, as the program of that time did.
        store::Database old(path, before);
        store::ContactsRepo repo(old);
        Contact ana;
        ana.display_name = "Ana Núñez";
        ana.points = {phone("612 34 56 78", "+34612345678", true),
                      ContactPoint{0, PointKind::email, "Ana@Example.ES", "Ana@example.es", "", false, true, ""}};
        Contact shop;
        shop.display_name = "Tienda 24";
        shop.points = {phone("915 55 01 23", "+34915550123", false), phone("12-34", "", false)};
        auto tx = old.begin_write();
        repo.insert(ana);
        repo.insert(shop);
        tx.commit();
        REQUIRE(old.sql().execAndGet("SELECT count(*) FROM contact_search WHERE contact_search MATCH '\"612\"*'").getInt() == 1);
    }
    store::Database db(path);
    CHECK(db.schema_version() == store::Database::latest_schema_version());
    CHECK(db.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    // No digit of any number is a word of the search index any more; names and emails are.
    SQLite::Statement terms(db.sql(), "SELECT terms FROM contact_search ORDER BY rowid");
    std::vector<std::string> texts;
    while (terms.executeStep()) texts.push_back(terms.getColumn(0).getString());
    CHECK(texts == std::vector<std::string>{"ana nunez example es", "tienda 24"});
    CHECK(db.sql().execAndGet("SELECT count(*) FROM contact_search WHERE contact_search MATCH '\"612\"* OR \"r876\"*'").getInt() == 0);
    CHECK(db.sql().execAndGet("SELECT group_concat(search_digits || '/' || search_reversed, ' ') FROM contact_points "
                              "WHERE kind = 'phone' ORDER BY id").getString() == "612345678/876543216 915550123/321055519 1234/4321");
    store::ContactsRepo repo(db);
    CHECK(repo.count("612") == 1);           // a number's start
    CHECK(repo.count("+34 612 34") == 1);    // with the country code
    CHECK(repo.count("5678") == 1);          // its end
    CHECK(repo.count("0123") == 1);          // the landline's end
    CHECK(repo.count("12 34") == 1);         // an invalid number, by its digits as written
    CHECK(repo.count("24") == 1);            // a name word of digits
    CHECK(repo.count("ana") == 1);
    CHECK(repo.count("example") == 1);
    // A customer added after the upgrade is found the same way.
    Contact eva;
    eva.display_name = "Eva";
    eva.points = {phone("699 00 11 22", "+34699001122", true)};
    repo.insert(eva);
    CHECK(repo.count("699") == 1);
    CHECK(repo.count("1122") == 1);
    CHECK(repo.count("34699") == 1);
}
