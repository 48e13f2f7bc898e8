#include "store/ledger_repo.hpp"
#include "core/errors.hpp"
#include "store/contacts_repo.hpp"
#include "store/erasure_repo.hpp"
#include "store/sqlite_connection.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

struct Fixture {
    explicit Fixture(const std::string& path = ":memory:") : db(path), ledger(db) {
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

    // What a person with the sqlite3 shell could do: drop the guards and edit.
    void tamper(const std::string& sql) {
        db.sql().exec("DROP TRIGGER IF EXISTS consent_events_no_update");
        db.sql().exec("DROP TRIGGER IF EXISTS consent_events_no_delete");
        db.sql().exec(sql);
    }

    store::Database db;
    store::LedgerRepo ledger;
    ConsentWording wording;
};

}  // namespace

TEST_CASE("appended events form a hash chain and update the projection") {
    Fixture f;
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
    Fixture f;
    f.append(f.event(ConsentAction::grant));
    CHECK_THROWS_WITH(f.db.sql().exec("UPDATE consent_events SET evidence = 'x'"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(f.db.sql().exec("DELETE FROM consent_events"), Catch::Contains("append-only"));
    CHECK_THROWS_WITH(f.db.sql().exec("UPDATE consent_wordings SET text = 'otra cosa'"), Catch::Contains("never edited"));
    CHECK_THROWS_WITH(f.db.sql().exec("DELETE FROM consent_wordings"), Catch::Contains("never deleted"));
    CHECK(f.ledger.verify().ok());
}

TEST_CASE("a wording is versioned by name and language") {
    Fixture f;
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
    Fixture f;
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
    Fixture f;
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
}

TEST_CASE("tampering with the ledger through SQL is detected with the event number") {
    Fixture f;
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
        f.db.sql().exec("UPDATE consent_state SET status = 'withdrawn' WHERE contact_uuid = 'c-2'");
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
        f.db.sql().exec("INSERT INTO consent_state SELECT 'c-ghost', channel, purpose, status, basis, method, "
                        "wording_id, point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, "
                        "last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at "
                        "FROM consent_state WHERE contact_uuid = 'c-1'");
        CHECK(f.ledger.verify().state_mismatches == 1);
    }
}

TEST_CASE("format-2 evidence lives beside the chain, can be erased, and is otherwise guarded like the ledger") {
    Fixture f;
    f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "hoja firmada por Ana Núñez"));
    f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0, "hoja 2"));
    f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1), ""));
    auto& sql = f.db.sql();
    CHECK(sql.execAndGet("SELECT count(*) FROM consent_events WHERE format_version = 2 AND evidence = ''").getInt() ==
          3);
    CHECK(sql.execAndGet("SELECT text FROM consent_evidence WHERE seq = 1").getString() ==
          "hoja firmada por Ana Núñez");
    CHECK(sql.execAndGet("SELECT count(*) FROM consent_evidence").getInt() == 2);  // none for the withdrawal
    const auto before = f.ledger.history("c-1");
    REQUIRE(before.size() == 2);
    CHECK(before[0].evidence == "hoja firmada por Ana Núñez");
    CHECK(before[0].evidence_hash == sha256_hex("hoja firmada por Ana Núñez"));
    CHECK(before[1].evidence_hash == std::string(empty_evidence_hash));
    const std::string head = f.ledger.verify().chain.head_hash;

    CHECK_THROWS_WITH(sql.exec("DELETE FROM consent_evidence WHERE seq = 1"), Catch::Contains("never deleted"));
    CHECK_THROWS_WITH(sql.exec("UPDATE consent_evidence SET text = 'otra' WHERE seq = 1"),
                      Catch::Contains("never edited"));
    {
        auto tx = f.db.begin_write();
        CHECK(store::erase_evidence(f.db, "c-1", kT0 + std::chrono::hours(2)) == 1);
        CHECK(store::count_unerasable_evidence(f.db, "c-1") == 0);
        tx.commit();
    }
    CHECK(sql.execAndGet("SELECT text IS NULL AND erased_at > 0 FROM consent_evidence WHERE seq = 1").getInt() == 1);
    CHECK_THROWS_WITH(sql.exec("UPDATE consent_evidence SET text = NULL, erased_at = 5 WHERE seq = 1"),
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
        sql.exec("DROP TRIGGER consent_evidence_only_erased");
        sql.exec("UPDATE consent_evidence SET text = 'hoja 3' WHERE seq = 2");
        const auto broken = f.ledger.verify();
        CHECK(broken.chain.first_broken_seq == 2);
        CHECK_THAT(broken.chain.problem, Catch::Contains("evidence of event 2"));
    }
    SECTION("evidence row deleted with the guards dropped") {
        sql.exec("DROP TRIGGER consent_evidence_no_delete");
        sql.exec("DELETE FROM consent_evidence WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
    SECTION("text put back into the event row") {
        f.tamper("UPDATE consent_events SET evidence = 'hoja 2' WHERE seq = 2");
        const auto same = f.ledger.verify();
        CHECK(same.chain.ok);  // the same text as recorded: the chain holds
        CHECK_FALSE(same.schema_problems.empty());  // only the dropped triggers are reported
        f.tamper("UPDATE consent_events SET evidence = 'hoja 7' WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
}

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
// the other): the same tampering must show there.
TEST_CASE("verify on a database file catches evidence and projection tampering on its two connections") {
    test::TempDir dir;
    Fixture f(dir.file("shop.db"));
    f.append(f.event(ConsentAction::grant, "c-1", Channel::email, kT0, "hoja 1"));
    f.append(f.event(ConsentAction::grant, "c-1", Channel::sms, kT0, "hoja 1b"));
    f.append(f.event(ConsentAction::grant, "c-2", Channel::email, kT0, "hoja 2"));
    f.append(f.event(ConsentAction::withdraw, "c-1", Channel::email, kT0 + std::chrono::hours(1), ""));
    f.append(f.event(ConsentAction::grant, "c-3", Channel::email, kT0, "hoja 3"));
    auto& sql = f.db.sql();
    const auto clean = f.ledger.verify();
    REQUIRE(clean.ok());
    CHECK(clean.chain.events_checked == 5);
    CHECK(clean.states_checked == 4);

    SECTION("evidence text edited") {
        sql.exec("DROP TRIGGER consent_evidence_only_erased");
        sql.exec("UPDATE consent_evidence SET text = 'hoja 9' WHERE seq = 3");
        CHECK(f.ledger.verify().chain.first_broken_seq == 3);
    }
    SECTION("evidence moved to the next event") {
        sql.exec("DROP TRIGGER consent_evidence_only_erased");
        sql.exec("UPDATE consent_evidence SET seq = 4 WHERE seq = 3");
        CHECK(f.ledger.verify().chain.first_broken_seq == 3);
    }
    SECTION("evidence deleted") {
        sql.exec("DROP TRIGGER consent_evidence_no_delete");
        sql.exec("DELETE FROM consent_evidence WHERE seq = 5");
        CHECK(f.ledger.verify().chain.first_broken_seq == 5);
    }
    SECTION("evidence marked erased without the erasure") {
        sql.exec("DROP TRIGGER consent_evidence_only_erased");
        sql.exec("UPDATE consent_evidence SET text = 'hoja 9', erased_at = 1 WHERE seq = 2");
        CHECK(f.ledger.verify().chain.first_broken_seq == 2);
    }
    SECTION("a later contact's projection row edited") {
        sql.exec("UPDATE consent_state SET point_hash = 'otra' WHERE contact_uuid = 'c-2'");
        const auto broken = f.ledger.verify();
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains("c-2"));
    }
    SECTION("a projection row added for a channel the contact never used") {
        sql.exec("INSERT INTO consent_state SELECT 'c-2', channel, purpose, status, basis, method, wording_id, "
                 "point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, "
                 "confirmed_at, withdrawn_at, expired_at, last_event_at FROM consent_state "
                 "WHERE contact_uuid = 'c-1' AND channel = 'sms'");
        const auto broken = f.ledger.verify();
        CHECK(broken.state_mismatches == 1);
        CHECK_THAT(broken.first_state_problem, Catch::Contains("c-2"));
    }
    SECTION("a projection row removed") {
        sql.exec("DELETE FROM consent_state WHERE contact_uuid = 'c-1' AND channel = 'sms'");
        CHECK(f.ledger.verify().state_mismatches == 1);
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
    store::Database db(":memory:");
    store::ContactsRepo contacts(db);
    store::LedgerRepo ledger(db);
    Contact c;
    c.display_name = "Ana";
    contacts.insert(c);
    CHECK(ledger.preferences(c.id).empty());
    ledger.set_preferences(c.id, {Channel::whatsapp_business, Channel::email});
    CHECK(ledger.preferences(c.id) == std::vector<Channel>{Channel::whatsapp_business, Channel::email});
    ledger.set_preferences(c.id, {Channel::sms});
    CHECK(ledger.preferences(c.id) == std::vector<Channel>{Channel::sms});

    CHECK_FALSE(ledger.any_suppressed({"h1", "h2"}));
    ledger.suppress("h2", "erased", kT0);
    ledger.suppress("h2", "erased again", kT0);  // idempotent
    CHECK(ledger.any_suppressed({"h1", "h2"}));
}

TEST_CASE("a wording changed or removed behind its triggers fails verify") {
    Fixture f;
    f.append(f.event(ConsentAction::grant));
    REQUIRE(f.ledger.verify().ok());
    // Someone with the sqlite3 shell: foreign keys are off there, and the guard goes back as it was.
    f.db.sql().exec("PRAGMA foreign_keys = OFF");
    auto behind = [&](const std::string& trigger, const std::string& sql) {
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

TEST_CASE("the head, the hash of an event and the event of a hash") {
    Fixture f;
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
