#include "store/ledger_repo.hpp"
#include "core/errors.hpp"
#include "store/contacts_repo.hpp"
#include "store/erasure_repo.hpp"
#include "store/ledger_verify_pg.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"
#include "pg_server.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

bool is_pg(const std::string& where) { return store::sql::is_postgresql_uri(where); }

// A new empty database on the engine `where` names. Catch2 evaluates GENERATE once per test
// case and keeps its value across the runs of its SECTIONs, each of which needs an empty ledger.
std::string fresh(const std::string& where) {
    static std::atomic<int> counter{0};
    if (is_pg(where)) return test::pg_database();
    return where + ".fresh" + std::to_string(++counter) + ".db";
}

struct Fixture {
    explicit Fixture(const std::string& path = ":memory:")
        : db(path, store::Database::Initialise{}), ledger(db), pg(db.on_postgresql()) {
        auto tx = db.begin_write();
        wording = ledger.add_wording("default", "es", "Acepto recibir ofertas de La Aguja por correo.", kT0);
        tx.commit();
    }

    ConsentEvent event(ConsentAction action, const std::string& contact = "c-1", Channel ch = Channel::email,
                       Timestamp when = kT0, const std::string& evidence = "hoja 1") {
        ConsentEvent e;
        e.event_uuid = new_uuid();
        e.contact_uuid = contact;
        e.point_hash = point_hash("ana@example.es", db.identifier_secret());
        e.channel = ch;
        e.purpose = Purpose::marketing;
        e.action = action;
        e.method = ConsentMethod::in_store_form;
        e.wording_id = action == ConsentAction::grant ? wording.id : 0;
        e.evidence = evidence;
        e.recorded_by = "Rocío";
        e.occurred_at = when;
        e.recorded_at = when;
        return e;
    }

    ConsentEvent append(const ConsentEvent& e) {
        auto tx = db.begin_write();
        auto sealed = ledger.append(e);
        tx.commit();
        return sealed;
    }

    // What a person with the sqlite3 shell could do: drop the guards and edit. On PostgreSQL
    // a superuser: disable the guards, edit, enable them again (so only the hashes tell).
    void tamper(const std::string& sql) {
        if (pg) {
            exec("ALTER TABLE consent_events DISABLE TRIGGER consent_events_no_update, "
                 "DISABLE TRIGGER consent_events_no_delete");
            exec(sql);
            exec("ALTER TABLE consent_events ENABLE TRIGGER consent_events_no_update, "
                 "ENABLE TRIGGER consent_events_no_delete");
            return;
        }
        db.sql().exec("DROP TRIGGER IF EXISTS consent_events_no_update");
        db.sql().exec("DROP TRIGGER IF EXISTS consent_events_no_delete");
        db.sql().exec(sql);
    }
    // Takes a guard away for good: dropped on SQLite, disabled on PostgreSQL.
    void unguard(const std::string& table, const std::string& trigger) {
        if (pg) {
            exec("ALTER TABLE " + table + " DISABLE TRIGGER " + trigger);
        } else {
            exec("DROP TRIGGER " + trigger);
        }
    }
    void exec(const std::string& sql) { db.conn().exec(sql); }
    std::int64_t value(const std::string& sql) { return store::sql::query_int64(db.conn(), sql); }
    std::string text(const std::string& sql) {
        store::sql::Statement q(db.conn(), sql);
        return q.executeStep() ? q.getColumn(0).getString() : std::string();
    }
    // store::erase_evidence on SQLite. On PostgreSQL the same UPDATE until erasure_repo.cpp is
    // converted (part pgrest of issue #19); then this can call it on both.
    std::size_t erase(const std::string& contact, Timestamp now) {
        if (!pg) return store::erase_evidence(db, contact, now);
        store::sql::Statement q(db.conn(),
                                "UPDATE consent_evidence SET text = NULL, erased_at = ? WHERE text IS NOT NULL AND "
                                "seq IN (SELECT seq FROM consent_events WHERE contact_uuid = ? AND format_version = 2)");
        q.bind(1, static_cast<long long>(std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count()));
        q.bind(2, contact);
        return static_cast<std::size_t>(q.exec());
    }

    store::Database db;
    store::LedgerRepo ledger;
    bool pg;
    ConsentWording wording;
};

}  // namespace

TEST_CASE("appended events form a hash chain and update the projection") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    const auto e1 = f.append(f.event(ConsentAction::grant));
    const auto e2 = f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1)));
    CHECK(e1.seq == 1);
    CHECK(e1.prev_hash == std::string(genesis_hash));
    CHECK(e1.wording_hash == f.wording.text_hash);
    CHECK(e2.seq == 2);
    CHECK(e2.prev_hash == e1.hash);
    CHECK(e2.hash == compute_event_hash(e2));

    const auto s = f.ledger.state("c-1", Channel::email, Purpose::marketing);
    REQUIRE(s);
    CHECK(s->status == ConsentState::Status::withdrawn);
    CHECK(s->grant_seq == 1);
    CHECK(s->withdraw_seq == 2);
    CHECK(f.ledger.history("c-1").size() == 2);
    CHECK(f.ledger.event_count() == 2);
    CHECK_FALSE(f.ledger.state("c-1", Channel::sms, Purpose::marketing));
}

TEST_CASE("the ledger and wordings refuse UPDATE and DELETE") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    f.append(f.event(ConsentAction::grant));
    CHECK_THROWS_WITH(f.exec("UPDATE consent_events SET evidence = 'x'"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(f.exec("DELETE FROM consent_events"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(f.exec("UPDATE consent_wordings SET text = 'otra cosa'"), Catch::Contains("never edited"));
    CHECK_THROWS_WITH(f.exec("DELETE FROM consent_wordings"), Catch::Contains("never deleted"));
    CHECK(f.ledger.verify().ok());
}

TEST_CASE("a wording is versioned by name and language") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    auto tx = f.db.begin_write();
    const auto v2 = f.ledger.add_wording("default", "es", "Texto nuevo", kT0);
    const auto en = f.ledger.add_wording("default", "en", "New text", kT0);
    tx.commit();
    CHECK(v2.version == 2);
    CHECK(en.version == 1);
    CHECK(v2.text_hash == sha256_hex("Texto nuevo"));
    CHECK(f.ledger.wordings().size() == 3);
    CHECK(f.ledger.wording_name(v2.id) == "default");
    CHECK_THROWS_AS(f.ledger.add_wording("default", "es", "", kT0), ValidationError);
}

TEST_CASE("invalid events are refused before they touch the ledger") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    auto no_wording = f.event(ConsentAction::grant);
    no_wording.wording_id = 0;
    CHECK_THROWS_AS(f.append(no_wording), ValidationError);
    auto missing_wording = f.event(ConsentAction::grant);
    missing_wording.wording_id = 999;
    CHECK_THROWS_AS(f.append(missing_wording), NotFoundError);
    auto future = f.event(ConsentAction::grant);
    future.occurred_at = future.recorded_at + std::chrono::hours(2);
    CHECK_THROWS_AS(f.append(future), ValidationError);
    CHECK(f.ledger.event_count() == 0);
}

TEST_CASE("verify reports events checked and the head hash of an intact ledger") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    ConsentEvent last;
    for (int i = 0; i < 20; ++i) {
        last = f.append(f.event(i % 3 == 2 ? ConsentAction::withdraw : ConsentAction::grant,
                                "c-" + std::to_string(i % 5), i % 2 ? Channel::sms : Channel::email,
                                kT0 + std::chrono::minutes(i)));
    }
    const auto check = f.ledger.verify();
    CHECK(check.ok());
    CHECK(check.chain.events_checked == 20);
    CHECK(check.chain.head_hash == last.hash);
    CHECK(check.states_checked == 10);
    CHECK(check.state_mismatches == 0);
    CHECK(check.integrity_ok);
    CHECK(check.integrity_applies == !f.pg);  // no quick_check on a server: claimed as not applying
    CHECK(check.schema_problems.empty());
}

TEST_CASE("tampering with the ledger through SQL is detected with the event number") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(fresh(where));
    for (int i = 0; i < 6; ++i) {
        f.append(f.event(ConsentAction::grant, "c-" + std::to_string(i), Channel::email, kT0 + std::chrono::minutes(i)));
    }
    SECTION("a modified field") {
        f.tamper("UPDATE consent_events SET evidence = 'hoja 2' WHERE seq = 4");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.first_broken_seq == 4);
        CHECK(check.chain.events_checked == 4);
    }
    SECTION("a modified time") {
        f.tamper("UPDATE consent_events SET occurred_at = occurred_at - 86400 WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
    SECTION("a removed event") {
        f.tamper("DELETE FROM consent_events WHERE seq = 3");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.first_broken_seq == 3);
    }
    SECTION("a re-ordered pair") {
        f.tamper("UPDATE consent_events SET seq = 100 WHERE seq = 2");
        f.tamper("UPDATE consent_events SET seq = 2 WHERE seq = 5");
        f.tamper("UPDATE consent_events SET seq = 5 WHERE seq = 100");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.first_broken_seq == 2);
    }
    SECTION("a name no version of Clientela writes") {
        f.tamper("UPDATE consent_events SET channel = 'whatsapp_personal' WHERE seq = 6");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.first_broken_seq == 6);
    }
    SECTION("a rewritten projection") {
        f.exec("UPDATE consent_state SET status = 'withdrawn' WHERE contact_uuid = 'c-2'");
        const auto check = f.ledger.verify();
        CHECK(check.chain.ok);
        CHECK_FALSE(check.ok());
        CHECK(check.state_mismatches == 1);
        CHECK_THAT(check.first_state_problem, Catch::Contains("c-2"));
        auto tx = f.db.begin_write();
        CHECK(f.ledger.rebuild_projection() == 6);
        tx.commit();
        CHECK(f.ledger.verify().ok());
    }
    SECTION("a projection row without events") {
        f.exec("INSERT INTO consent_state SELECT 'c-ghost', channel, purpose, status, basis, method, "
               "wording_id, point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, "
               "last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at "
               "FROM consent_state WHERE contact_uuid = 'c-1'");
        CHECK(f.ledger.verify().state_mismatches == 1);
    }
}

TEST_CASE("format-2 evidence lives beside the chain, can be erased, and is otherwise guarded like the ledger") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(fresh(where));
    f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "hoja firmada por Ana Núñez"));
    f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0, "hoja 2"));
    f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1), ""));
    CHECK(f.value("SELECT count(*) FROM consent_events WHERE format_version = 2 AND evidence = ''") == 3);
    CHECK(f.text("SELECT text FROM consent_evidence WHERE seq = 1") == "hoja firmada por Ana Núñez");
    CHECK(f.value("SELECT count(*) FROM consent_evidence") == 2);  // none for the withdrawal
    const auto before = f.ledger.history("c-1");
    REQUIRE(before.size() == 2);
    CHECK(before[0].evidence == "hoja firmada por Ana Núñez");
    CHECK(before[0].evidence_hash == sha256_hex("hoja firmada por Ana Núñez"));
    CHECK(before[1].evidence_hash == std::string(empty_evidence_hash));
    const std::string head = f.ledger.verify().chain.head_hash;

    CHECK_THROWS_WITH(f.exec("DELETE FROM consent_evidence WHERE seq = 1"), Catch::Contains("never deleted"));
    CHECK_THROWS_WITH(f.exec("UPDATE consent_evidence SET text = 'otra' WHERE seq = 1"),
                      Catch::Contains("never edited"));
    {
        auto tx = f.db.begin_write();
        CHECK(f.erase("c-1", kT0 + std::chrono::hours(2)) == 1);
        if (!f.pg) CHECK(store::count_unerasable_evidence(f.db, "c-1") == 0);
        tx.commit();
    }
    CHECK(f.value("SELECT text IS NULL AND erased_at > 0 FROM consent_evidence WHERE seq = 1") == 1);
    CHECK_THROWS_WITH(f.exec("UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 1"),
                      Catch::Contains("never edited"));  // once erased, nothing changes
    const auto after = f.ledger.history("c-1");
    CHECK(after[0].evidence.empty());
    CHECK(after[0].evidence_erased);
    CHECK(after[0].hash == before[0].hash);
    CHECK(f.ledger.history("c-2")[0].evidence == "hoja 2");
    const auto check = f.ledger.verify();
    CHECK(check.ok());
    CHECK(check.chain.head_hash == head);

    SECTION("evidence text edited with the guards dropped") {
        f.unguard("consent_evidence", "consent_evidence_only_erased");
        f.exec("UPDATE consent_evidence SET text = 'hoja 3' WHERE seq = 2");
        const auto broken = f.ledger.verify();
        CHECK(broken.chain.first_broken_seq == 2);
        CHECK_THAT(broken.chain.problem, Catch::Contains("evidence of event 2"));
    }
    SECTION("evidence row deleted with the guards dropped") {
        f.unguard("consent_evidence", "consent_evidence_no_delete");
        f.exec("DELETE FROM consent_evidence WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
    SECTION("text put back into the event row") {
        f.tamper("UPDATE consent_events SET evidence = 'hoja 2' WHERE seq = 2");
        const auto same = f.ledger.verify();
        CHECK(same.chain.ok);  // the same text as recorded: the chain holds
        // Only the dropped triggers are reported (on PostgreSQL they were enabled again: nothing).
        CHECK(same.schema_problems.empty() == f.pg);
        f.tamper("UPDATE consent_events SET evidence = 'hoja 7' WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
}

// SQLite only: it edits the bytes of the database file (a server keeps its own files).
TEST_CASE("a byte edited in the database file outside the program is detected") {
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    {
        Fixture f(path);
        f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "FORMULARIO-0001"));
        f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0 + std::chrono::minutes(1), "FORMULARIO-0002"));
        f.append(f.event(ConsentAction::grant, "c-3", Channel::email, kT0 + std::chrono::minutes(2), "FORMULARIO-0003"));
        REQUIRE(f.ledger.verify().ok());
    }  // last connection closed: the WAL is checkpointed into the file

    std::string bytes;
    {
        std::ifstream in(path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    const auto at = bytes.find("FORMULARIO-0002");
    REQUIRE(at != std::string::npos);
    bytes[at + 14] = '7';  // "FORMULARIO-0007": same length, still valid UTF-8
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }

    store::Database db(path);
    store::LedgerRepo ledger(db);
    const auto check = ledger.verify();
    CHECK_FALSE(check.ok());
    CHECK(check.chain.first_broken_seq == 2);
}

// A database file is verified on two read connections at once (the chain with its evidence
// merged in seq order and the projection folded in the same pass on one, SQLite's checks on
// the other): the same tampering must show there. On PostgreSQL the same merges run over two
// cursors in one snapshot.
TEST_CASE("verify on a database file catches evidence and projection tampering on its two connections") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(fresh(where));
    f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "hoja 1"));
    f.append(f.event(ConsentAction::grant, "c-1", Channel::sms, kT0, "hoja 1b"));
    f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0, "hoja 2"));
    f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1), ""));
    f.append(f.event(ConsentAction::grant, "c-3", Channel::email, kT0, "hoja 3"));
    const auto clean = f.ledger.verify();
    REQUIRE(clean.ok());
    CHECK(clean.chain.events_checked == 5);
    CHECK(clean.states_checked == 4);

    SECTION("evidence text edited") {
        f.unguard("consent_evidence", "consent_evidence_only_erased");
        f.exec("UPDATE consent_evidence SET text = 'hoja 9' WHERE seq = 3");
        CHECK(f.ledger.verify().chain.first_broken_seq == 3);
    }
    SECTION("evidence moved to the next event") {
        f.unguard("consent_evidence", "consent_evidence_only_erased");
        f.exec("UPDATE consent_evidence SET seq = 4 WHERE seq = 3");
        CHECK(f.ledger.verify().chain.first_broken_seq == 3);
    }
    SECTION("evidence deleted") {
        f.unguard("consent_evidence", "consent_evidence_no_delete");
        f.exec("DELETE FROM consent_evidence WHERE seq = 5");
        CHECK(f.ledger.verify().chain.first_broken_seq == 5);
    }
    SECTION("evidence marked erased without the erasure") {
        f.unguard("consent_evidence", "consent_evidence_only_erased");
        f.exec("UPDATE consent_evidence SET text = 'hoja 9', erased_at = 1 WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
    SECTION("a later contact's projection row edited") {
        f.exec("UPDATE consent_state SET point_hash = 'otra' WHERE contact_uuid = 'c-2'");
        const auto broken = f.ledger.verify();
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains("c-2"));
    }
    SECTION("a projection row added for a channel the contact never used") {
        f.exec("INSERT INTO consent_state SELECT 'c-2', channel, purpose, status, basis, method, wording_id, "
               "point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, "
               "confirmed_at, withdrawn_at, expired_at, last_event_at FROM consent_state "
               "WHERE contact_uuid = 'c-1' AND channel = 'sms'");
        const auto broken = f.ledger.verify();
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains("c-2"));
    }
    SECTION("a projection row removed") {
        f.exec("DELETE FROM consent_state WHERE contact_uuid = 'c-1' AND channel = 'sms'");
        CHECK(f.ledger.verify().state_mismatches == 1);
    }
    SECTION("a projection row with a status no version of Clientela wrote is reported, not thrown") {
        f.exec("UPDATE consent_state SET status = 'raro' WHERE contact_uuid = 'c-2'");
        const auto broken = f.ledger.verify();
        CHECK_FALSE(broken.ok());
        CHECK(broken.chain.ok);
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains("c-2") && Catch::Contains("raro"));
    }
}

// verify folds the ledger in memory in the same pass as the chain: contacts with real UUIDs
// are kept by their 16 bytes (the table grows past 512 of them), any other contact text by
// itself; each changed, missing or extra projection row is one mismatch, named by its contact.
TEST_CASE("verify folds the projection in one pass and names each row that differs, is missing or is extra") {
    test::TempDir dir;
    const bool on_file = GENERATE(true, false);
    Fixture f(on_file ? dir.file("shop.db") : ":memory:");
    std::vector<std::string> uuids;
    {
        auto tx = f.db.begin_write();
        for (int i = 0; i < 1200; ++i) {
            uuids.push_back(new_uuid());
            f.ledger.append(f.event(ConsentAction::grant, uuids.back(), i % 2 ? Channel::sms : Channel::email,
                                    kT0 + std::chrono::minutes(i)));
        }
        for (int i = 0; i < 1200; i += 3) {
            f.ledger.append(f.event(ConsentAction::withdraw, uuids[i], i % 2 ? Channel::sms : Channel::email,
                                    kT0 + std::chrono::hours(30) + std::chrono::minutes(i), ""));
        }
        f.ledger.append(f.event(ConsentAction::grant, "c-otro", Channel::email, kT0));
        tx.commit();
    }
    auto& sql = f.db.sql();
    const auto clean = f.ledger.verify();
    REQUIRE(clean.ok());
    CHECK(clean.chain.events_checked == 1601);
    CHECK(clean.states_checked == 1201);

    auto row_of = [&](const std::string& contact) { return "'" + contact + "'"; };
    // One mismatch, its sentence naming the contact and saying what is wrong.
    auto one_mismatch = [&](const std::string& contact, const std::string& what) {
        const auto broken = f.ledger.verify();
        CHECK(broken.chain.ok);
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains(contact) && Catch::Contains(what));
    };
    SECTION("a row changed") {
        sql.exec("UPDATE consent_state SET last_seq = last_seq + 1 WHERE contact_uuid = " + row_of(uuids[700]));
        one_mismatch(uuids[700], "differs");
    }
    SECTION("a row's point hash changed") {
        sql.exec("UPDATE consent_state SET point_hash = upper(point_hash) WHERE contact_uuid = " + row_of(uuids[3]));
        one_mismatch(uuids[3], "differs");
    }
    SECTION("a row missing") {
        sql.exec("DELETE FROM consent_state WHERE contact_uuid = " + row_of(uuids[900]));
        one_mismatch(uuids[900], "no row");
    }
    SECTION("a row missing for a contact that is not a UUID") {
        sql.exec("DELETE FROM consent_state WHERE contact_uuid = 'c-otro'");
        one_mismatch("c-otro", "no row");
    }
    SECTION("an extra row for a contact with no events, and one for a channel a contact never used") {
        const std::string ghost = new_uuid();
        const std::string copy = "SELECT %s, %s, purpose, status, basis, method, wording_id, point_hash, confirmed, "
                                 "grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, "
                                 "confirmed_at, withdrawn_at, expired_at, last_event_at FROM consent_state "
                                 "WHERE contact_uuid = " + row_of(uuids[5]);
        auto insert = [&](const std::string& contact, const std::string& channel) {
            std::string select = copy;
            select.replace(select.find("%s"), 2, row_of(contact));
            select.replace(select.find("%s"), 2, channel);
            sql.exec("INSERT INTO consent_state " + select);
        };
        insert(ghost, "channel");
        one_mismatch(ghost, "no event");
        insert(uuids[10], "'postal'");
        CHECK(f.ledger.verify().state_mismatches == 2);
    }
}

// A point hash that is not 64 lower-case hex digits is only in a tampered event (the chain
// breaks there); the fold still compares it exactly with the projection.
TEST_CASE("verify compares a point hash that is not hex exactly") {
    Fixture f;
    f.append(f.event(ConsentAction::grant, "c-1"));
    f.append(f.event(ConsentAction::grant, "c-2"));
    f.tamper("UPDATE consent_events SET point_hash = 'otra' WHERE seq = 2");
    f.db.sql().exec("UPDATE consent_state SET point_hash = 'otra' WHERE contact_uuid = 'c-2'");
    auto check = f.ledger.verify();
    CHECK(check.chain.first_broken_seq == 2);
    CHECK(check.state_mismatches == 0);
    f.db.sql().exec("UPDATE consent_state SET point_hash = 'otrb' WHERE contact_uuid = 'c-2'");
    check = f.ledger.verify();
    CHECK(check.state_mismatches == 1);
    CHECK_THAT(check.first_state_problem, Catch::Contains("c-2"));
}

TEST_CASE("channel preferences and the suppression list are stored") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    store::LedgerRepo ledger(db);
    // The contact row by SQL: ContactsRepo on PostgreSQL is another part of issue #19.
    Contact c;
    {
        store::sql::Statement ins(db.conn(),
                                  "INSERT INTO contacts (uuid, display_name, sort_key, source_kind, created_at, "
                                  "updated_at) VALUES ('u-ana', 'Ana', 'ana', 'manual', 0, 0) RETURNING id");
        REQUIRE(ins.executeStep());
        c.id = ins.getColumn(0).getInt64();
    }
    CHECK(ledger.preferences(c.id).empty());
    ledger.set_preferences(c.id, {Channel::whatsapp_business, Channel::email});
    CHECK(ledger.preferences(c.id) == std::vector<Channel>{Channel::whatsapp_business, Channel::email});
    ledger.set_preferences(c.id, {Channel::sms});
    CHECK(ledger.preferences(c.id) == std::vector<Channel>{Channel::sms});

    CHECK_FALSE(ledger.any_suppressed({"h1", "h2"}));
    ledger.suppress("h2", "erased", kT0);
    ledger.suppress("h2", "erased again", kT0);  // idempotent
    CHECK(ledger.any_suppressed({"h1", "h2"}));
    CHECK(ledger.suppressed_since({"h1", "h2"}) == kT0);
    CHECK_FALSE(ledger.suppressed_since({"h1"}));
    CHECK(ledger.suppressed_identifiers() == std::unordered_set<std::string>{"h2"});
}

TEST_CASE("a wording changed or removed behind its triggers fails verify") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(fresh(where));
    f.append(f.event(ConsentAction::grant));
    REQUIRE(f.ledger.verify().ok());
    // Someone with the sqlite3 shell: foreign keys are off there, and the guard goes back as it was.
    // On PostgreSQL a superuser: every trigger of the table off (the guards and the foreign key's
    // own), the edit, and all of them on again.
    if (!f.pg) f.db.sql().exec("PRAGMA foreign_keys = OFF");
    auto behind = [&](const std::string& trigger, const std::string& sql) {
        if (f.pg) {
            f.exec("ALTER TABLE consent_wordings DISABLE TRIGGER ALL");
            f.exec(sql);
            f.exec("ALTER TABLE consent_wordings ENABLE TRIGGER ALL");
            return;
        }
        const std::string definition =
            f.db.sql()
                .execAndGet("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '" + trigger + "'")
                .getString();
        f.db.sql().exec("DROP TRIGGER " + trigger);
        f.db.sql().exec(sql);
        f.db.sql().exec(definition);
    };
    SECTION("its text edited") {
        behind("consent_wordings_no_update", "UPDATE consent_wordings SET text = 'Acepto todo.' WHERE id = 1");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.ok);
        CHECK(check.wordings_checked == 1);
        REQUIRE(check.wording_problems.size() == 1);
        CHECK_THAT(check.wording_problems[0], Catch::StartsWith("wording 1 (default, version 1, es) was edited"));
        CHECK(check.first_problem() == check.wording_problems[0]);
    }
    SECTION("its text and its own fingerprint edited together") {
        behind("consent_wordings_no_update", "UPDATE consent_wordings SET text = 'Acepto todo.', text_hash = '" +
                                                 sha256_hex("Acepto todo.") + "' WHERE id = 1");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.wording_problems.size() == 1);
        CHECK_THAT(check.wording_problems[0],
                   Catch::StartsWith("wording 1 (default, version 1, es) is not the text event 1 recorded"));
    }
    SECTION("deleted") {
        behind("consent_wordings_no_delete", "DELETE FROM consent_wordings WHERE id = 1");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.wording_problems.size() == 1);
        CHECK_THAT(check.wording_problems[0], Catch::Contains("wording 1") && Catch::Contains("missing"));
    }
}

// SQLite only: it compares the triggers' SQL text in sqlite_schema. The PostgreSQL
// counterparts (pg_trigger, tgenabled, the trigger functions) are the "PostgreSQL:" tests below.
TEST_CASE("verify fails when an append-only trigger is missing or not the program's") {
    Fixture f;
    f.append(f.event(ConsentAction::grant));
    SECTION("a wordings trigger dropped") {
        f.db.sql().exec("DROP TRIGGER consent_wordings_no_update");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.triggers_checked == 7);  // two each on events, wordings and evidence, and the Resumen's hour counter
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0], Catch::Contains("consent_wordings_no_update") && Catch::Contains("missing"));
    }
    SECTION("an events trigger that no longer refuses") {
        f.db.sql().exec("DROP TRIGGER consent_events_no_update");
        f.db.sql().exec("CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events BEGIN SELECT 1; END");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0], Catch::Contains("consent_events_no_update") && Catch::Contains("not the program's"));
    }
    SECTION("a trigger added on the events") {
        f.db.sql().exec("CREATE TRIGGER consent_events_extra AFTER INSERT ON consent_events BEGIN SELECT 1; END");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0], Catch::Contains("consent_events_extra"));
    }
}

// SQLite only: integrity_check of the file (PostgreSQL: see "verify on PostgreSQL claims no file check").
TEST_CASE("verify with whole_file runs integrity_check on the file, on a file and in memory") {
    test::TempDir dir;
    for (const std::string& path : {std::string(":memory:"), dir.file("shop.db")}) {
        Fixture f(path);
        f.append(f.event(ConsentAction::grant));
        const auto plain = f.ledger.verify();
        CHECK(plain.ok());
        CHECK_FALSE(plain.whole_file_checked);
        CHECK(plain.triggers_checked == 7);
        store::VerifyOptions full;
        full.whole_file = true;
        const auto check = f.ledger.verify(full);
        CHECK(check.ok());
        CHECK(check.whole_file_checked);
        CHECK(check.integrity_ok);
    }
}

namespace {

// Overwrites page `page` (from 1) of the SQLite file at path with garbage bytes (all closed).
void damage_page(const std::string& path, std::int64_t page) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(file);
    file.seekp(static_cast<std::streamoff>((page - 1) * 4096));
    const std::string garbage(4096, '\x5a');
    file.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

std::int64_t root_page(SQLite::Database& db, const std::string& name) {
    SQLite::Statement q(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?");
    q.bind(1, name);
    REQUIRE(q.executeStep());
    return q.getColumn(0).getInt64();
}

}  // namespace

// SQLite only: it damages pages of the file. A plain verify reads every page of the events and
// of the projection (the chain, the compare) and quick_checks the other ledger tables; the
// indexes of the events and of the projection are integrity_check's, with --full.
TEST_CASE("a damaged page of the events fails a plain verify and a damaged index page of the events fails only --full") {
    test::TempDir dir;
    const auto path = dir.file("shop.db");
    std::int64_t page = 0;
    const std::string what = GENERATE(as<std::string>{}, "consent_events", "consent_state", "consent_events_by_contact");
    {
        Fixture f(path);
        for (int i = 0; i < 40; ++i) {
            f.append(f.event(ConsentAction::grant, "c-" + std::to_string(i), Channel::email, kT0 + std::chrono::minutes(i)));
        }
        REQUIRE(f.ledger.verify().ok());
        page = root_page(f.db.sql(), what);
    }  // closed: the WAL is checkpointed into the file
    damage_page(path, page);
    store::Database db(path);
    store::LedgerRepo ledger(db);
    INFO("damaged: the first page of " << what);
    const auto plain = ledger.verify();
    store::VerifyOptions full_options;
    full_options.whole_file = true;
    const auto full = ledger.verify(full_options);
    CHECK_FALSE(full.ok());
    CHECK_FALSE(full.integrity_ok);
    if (what == "consent_events_by_contact") {
        CHECK(plain.ok());  // no plain verify reads that index
    } else {
        CHECK_FALSE(plain.ok());
        CHECK_FALSE(plain.first_problem().empty());
    }
}

TEST_CASE("the head, the hash of an event and the event of a hash") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    CHECK(f.ledger.head().seq == 0);
    CHECK(f.ledger.head().hash == std::string(genesis_hash));
    const auto e1 = f.append(f.event(ConsentAction::grant));
    const auto e2 = f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1)));
    CHECK(f.ledger.head().seq == 2);
    CHECK(f.ledger.head().hash == e2.hash);
    CHECK(f.ledger.hash_at(1) == e1.hash);
    CHECK_FALSE(f.ledger.hash_at(3));
    CHECK(f.ledger.seq_of_hash(e2.hash) == 2);
    CHECK_FALSE(f.ledger.seq_of_hash(std::string(64, 'a')));
}

TEST_CASE("for_each_event reads every event in seq order, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    Fixture f(where);
    // More than one page of PostgreSQL's paged read (2 000 events), in one transaction.
    constexpr int n = 2100;
    {
        auto tx = f.db.begin_write();
        for (int i = 0; i < n; ++i) {
            f.ledger.append(f.event(i % 2 ? ConsentAction::withdraw : ConsentAction::grant, "c-" + std::to_string(i / 2),
                                    Channel::email, kT0 + std::chrono::minutes(i)));
        }
        tx.commit();
    }
    std::int64_t expected = 0;
    std::string prev(genesis_hash);
    bool in_order = true;
    f.ledger.for_each_event([&](const ConsentEvent& e) {
        in_order = in_order && e.seq == ++expected && e.prev_hash == prev && e.hash == compute_event_hash(e);
        prev = e.hash;
    });
    CHECK(in_order);
    CHECK(expected == n);
    CHECK(f.ledger.event_count() == n);
    auto tx = f.db.begin_write();
    CHECK(f.ledger.rebuild_projection() == n / 2);
    tx.commit();
    CHECK(f.ledger.verify().ok());
}

// ---- PostgreSQL's own guards: the server, not the program, refuses and verify checks them ----

namespace {

// A superuser's psql session on the test's database.
std::string psql(const Fixture& f, const std::string& sql) {
    return test::pg_psql(test::pg_database_name(f.db.path()), sql);
}

}  // namespace

// PostgreSQL only: TRUNCATE and the superuser have no SQLite counterpart.
TEST_CASE("PostgreSQL: UPDATE, DELETE and TRUNCATE of the ledger are refused even to a superuser") {
    Fixture f(test::pg_database());
    f.append(f.event(ConsentAction::grant));
    for (const std::string table : {"consent_events", "consent_wordings", "consent_evidence"}) {
        INFO(table);
        const std::string set = table == "consent_wordings" ? "text = 'otra cosa'" : "seq = seq + 10";
        CHECK_THROWS_WITH(psql(f, "UPDATE " + table + " SET " + set), Catch::Contains("never") || Catch::Contains("append-only"));
        CHECK_THROWS_WITH(psql(f, "DELETE FROM " + table), Catch::Contains("never") || Catch::Contains("append-only"));
        CHECK_THROWS_WITH(psql(f, "TRUNCATE " + table + " CASCADE"), Catch::Contains("never") || Catch::Contains("append-only"));
        CHECK_THROWS_WITH(f.exec("TRUNCATE " + table + " CASCADE"), Catch::Contains("never") || Catch::Contains("append-only"));
    }
    CHECK(f.ledger.event_count() == 1);
    CHECK(f.value("SELECT count(*) FROM consent_evidence") == 1);
    CHECK(f.ledger.wordings().size() == 1);
    CHECK(f.ledger.verify().ok());
}

// PostgreSQL only: ALTER TABLE ... DISABLE TRIGGER, pg_trigger.tgenabled, trigger functions.
TEST_CASE("PostgreSQL: verify checks that the ledger's triggers exist, are enabled and are the program's") {
    Fixture f(test::pg_database());
    f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "hoja 1"));
    f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0, "hoja 2"));
    const auto clean = f.ledger.verify();
    REQUIRE(clean.ok());
    // Nine guards (UPDATE, DELETE, TRUNCATE on three tables) and the Resumen's hour counter,
    // as db/pg's migrations create them.
    CHECK(clean.triggers_checked == 10);
    CHECK(store::expected_pg_ledger_triggers().size() == 10);

    SECTION("a row edited by a superuser with the guard disabled, then enabled again: the hash tells") {
        psql(f, "ALTER TABLE consent_events DISABLE TRIGGER consent_events_no_update; "
                "UPDATE consent_events SET recorded_by = 'otra' WHERE seq = 2; "
                "ALTER TABLE consent_events ENABLE TRIGGER consent_events_no_update");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.schema_problems.empty());
        CHECK(check.chain.first_broken_seq == 2);
    }
    SECTION("a guard left disabled") {
        psql(f, "ALTER TABLE consent_events DISABLE TRIGGER consent_events_no_delete");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        CHECK(check.chain.ok);
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0],
                   Catch::Contains("consent_events_no_delete") && Catch::Contains("disabled"));
        CHECK(check.first_problem() == check.schema_problems[0]);
    }
    SECTION("a guard set to fire only on replicas") {
        psql(f, "ALTER TABLE consent_wordings ENABLE REPLICA TRIGGER consent_wordings_no_truncate");
        const auto check = f.ledger.verify();
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0],
                   Catch::Contains("consent_wordings_no_truncate") && Catch::Contains("replica"));
    }
    SECTION("a guard dropped") {
        psql(f, "DROP TRIGGER consent_evidence_no_truncate ON consent_evidence");
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0],
                   Catch::Contains("consent_evidence_no_truncate") && Catch::Contains("missing"));
    }
    SECTION("a guard's function replaced by one that lets everything through") {
        psql(f, "CREATE OR REPLACE FUNCTION clientela_consent_events_no_update() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN NEW; END; $$");
        CHECK_NOTHROW(f.exec("UPDATE consent_events SET recorded_by = recorded_by WHERE seq = 1"));
        const auto check = f.ledger.verify();
        CHECK_FALSE(check.ok());
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0], Catch::Contains("clientela_consent_events_no_update") &&
                                                 Catch::Contains("consent_events_no_update") &&
                                                 Catch::Contains("not the program's"));
    }
    SECTION("a guard recreated with a WHEN that never holds") {
        psql(f, "DROP TRIGGER consent_events_no_delete ON consent_events; "
                "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events FOR EACH ROW "
                "WHEN (false) EXECUTE FUNCTION clientela_consent_events_no_delete()");
        const auto check = f.ledger.verify();
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0],
                   Catch::Contains("consent_events_no_delete") && Catch::Contains("not the program's"));
    }
    SECTION("a trigger added on the events") {
        psql(f, "CREATE FUNCTION extra() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$; "
                "CREATE TRIGGER consent_events_extra BEFORE INSERT ON consent_events FOR EACH ROW "
                "EXECUTE FUNCTION extra()");
        const auto check = f.ledger.verify();
        REQUIRE(check.schema_problems.size() == 1);
        CHECK_THAT(check.schema_problems[0], Catch::Contains("unknown trigger consent_events_extra"));
    }
}

// PostgreSQL only: roles. verify reads pg_catalog, which every role may read.
TEST_CASE("PostgreSQL: a role that may only read the ledger's tables can verify it") {
    Fixture f(test::pg_database());
    f.append(f.event(ConsentAction::grant));
    const std::string name = test::pg_database_name(f.db.path());
    psql(f, "DO $$ BEGIN CREATE ROLE ledger_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ledger_reader");
    store::Database as_reader(test::pg_uri(name, "ledger_reader"));
    store::LedgerRepo ledger(as_reader);
    const auto check = ledger.verify();
    CHECK(check.ok());
    CHECK(check.first_problem().empty());
    CHECK(check.triggers_checked == 10);
    CHECK(check.chain.events_checked == 1);
}

// PostgreSQL only: session_replication_role silences triggers in state 'O' without touching them.
TEST_CASE("PostgreSQL: session_replication_role = replica is flagged by verify") {
    const std::string uri = test::pg_database();
    {
        Fixture f(uri);
        f.append(f.event(ConsentAction::grant));
        REQUIRE(f.ledger.verify().ok());
    }
    const std::string name = test::pg_database_name(uri);
    test::pg_psql("", "ALTER DATABASE " + name + " SET session_replication_role = replica");
    store::Database db(uri);  // a new session: it inherits the database's default
    store::LedgerRepo ledger(db);
    // What it allows: the guard does not fire in such a session.
    CHECK_NOTHROW(db.conn().exec("UPDATE consent_events SET recorded_by = 'otra' WHERE seq = 1"));
    const auto check = ledger.verify();
    CHECK_FALSE(check.ok());
    REQUIRE(check.schema_problems.size() == 2);
    CHECK_THAT(check.schema_problems[0], Catch::Contains("this session runs with session_replication_role = replica"));
    CHECK_THAT(check.schema_problems[1],
               Catch::Contains("session_replication_role=replica") && Catch::Contains("every session of this database"));
    CHECK(check.chain.first_broken_seq == 1);
    test::pg_psql("", "ALTER DATABASE " + name + " RESET session_replication_role");
}

// PostgreSQL only: there is no database file to check.
TEST_CASE("PostgreSQL: verify claims no file check, and inside a write transaction sees what is committed") {
    Fixture f(test::pg_database());
    f.append(f.event(ConsentAction::grant));
    store::VerifyOptions full;
    full.whole_file = true;
    const auto check = f.ledger.verify(full);
    CHECK(check.ok());
    CHECK_FALSE(check.integrity_applies);
    CHECK_FALSE(check.whole_file_checked);
    auto tx = f.db.begin_write();
    f.ledger.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1)));
    const auto inside = f.ledger.verify();  // on a second connection: the pending withdrawal is not there yet
    CHECK(inside.ok());
    CHECK(inside.chain.events_checked == 1);
    tx.commit();
    CHECK(f.ledger.verify().chain.events_checked == 2);
}

// PostgreSQL only: several connections (tills) appending at once; SQLite's file lock is
// covered by the CLI's concurrency tests.
TEST_CASE("PostgreSQL: four tills appending at once keep one gapless chain") {
    const std::string uri = test::pg_database();
    ConsentWording wording;
    {
        Fixture f(uri);
        wording = f.wording;
    }
    constexpr int tills = 4;
    constexpr int per_till = 50;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < tills; ++t) {
        threads.emplace_back([&, t] {
            try {
                store::Database db(uri);  // its own connection
                store::LedgerRepo ledger(db);
                const std::string secret = db.identifier_secret();
                for (int i = 0; i < per_till; ++i) {
                    // Every till works on "shared" (grant, withdraw, grant ... as they land) and
                    // on its own customers; half the appends open their own transaction.
                    const bool shared = i % 2 == 0;
                    const std::string contact = shared ? "shared" : "till" + std::to_string(t) + "-" + std::to_string(i % 5);
                    std::optional<store::WriteTransaction> tx;
                    if (i % 4 < 2) tx.emplace(db.begin_write());
                    const auto now = ledger.state(contact, Channel::email, Purpose::marketing);
                    const bool granted = now && now->status == ConsentState::Status::granted;
                    ConsentEvent e;
                    e.event_uuid = new_uuid();
                    e.contact_uuid = contact;
                    e.point_hash = point_hash(contact + "@example.es", secret);
                    e.channel = Channel::email;
                    e.purpose = Purpose::marketing;
                    e.action = granted ? ConsentAction::withdraw : ConsentAction::grant;
                    e.method = ConsentMethod::in_store_form;
                    e.wording_id = granted ? 0 : wording.id;
                    e.evidence = granted ? "" : "hoja de " + contact;
                    e.recorded_by = "till " + std::to_string(t);
                    e.occurred_at = kT0;
                    e.recorded_at = kT0;
                    ledger.append(e);
                    if (tx) tx->commit();
                }
            } catch (const std::exception& e) {
                ++failures;
                UNSCOPED_INFO(e.what());
            }
        });
    }
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    store::Database db(uri);
    store::LedgerRepo ledger(db);
    CHECK(ledger.event_count() == tills * per_till);
    CHECK(store::sql::query_int64(db.conn(), "SELECT min(seq) FROM consent_events") == 1);
    CHECK(store::sql::query_int64(db.conn(), "SELECT max(seq) FROM consent_events") == tills * per_till);
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(DISTINCT prev_hash) FROM consent_events") == tills * per_till);
    const auto check = ledger.verify();
    CHECK(check.ok());
    CHECK(check.chain.events_checked == tills * per_till);
    CHECK(check.chain.head_hash == ledger.head().hash);
}
