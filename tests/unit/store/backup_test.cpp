// Database::backup_to, restore_database_file and the backup settings.
#include "core/errors.hpp"
#include "store/backup.hpp"
#include "store/contacts_repo.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sql.hpp"
#include "temp_dir.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

// A shop database with `events` grants for one contact and a settings row.
void fill(store::Database& db, int events) {
    store::LedgerRepo ledger(db);
    auto tx = db.begin_write();
    db.conn().exec("INSERT INTO settings (key, value) VALUES ('shop_name', 'La Aguja') "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    const auto wording = ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por correo.", kT0);
    (void)wording;
    static int hour = 0;  // later calls continue the customer's story
    for (int n = 0; n < events; ++n) {
        const int i = hour++;
        ConsentEvent e;
        e.event_uuid = new_uuid();
        e.contact_uuid = "c-1";
        e.point_hash = point_hash("ana@example.es", db.identifier_secret());
        e.channel = Channel::email;
        e.purpose = Purpose::marketing;
        e.action = i % 2 == 0 ? ConsentAction::grant : ConsentAction::withdraw;
        e.method = ConsentMethod::in_store_form;
        e.wording_id = e.action == ConsentAction::grant ? wording.id : 0;
        e.evidence = "hoja " + std::to_string(i);
        e.recorded_by = "Rocío";
        e.occurred_at = kT0 + std::chrono::hours(i);
        e.recorded_at = e.occurred_at;
        ledger.append(e);
    }
    tx.commit();
}

std::int64_t events_in(const std::string& path) {
    SQLite::Database raw(path, SQLite::OPEN_READONLY);
    return raw.execAndGet("SELECT COUNT(*) FROM consent_events").getInt64();
}

}  // namespace

TEST_CASE("a backup is a private, complete, verifiable copy") {
    // SQLite only: backup files (PostgreSQL refuses, with pg_dump advice: below).
    test::TempDir dir;
    store::Database db(dir.file("shop.db"));
    fill(db, 5);
    const auto out = dir.file("copies/shop-backup.db");
    db.backup_to(out);
    CHECK(mode_of(out) == 0600);
    CHECK(mode_of(dir.file("copies")) == 0700);
    CHECK_FALSE(std::filesystem::exists(out + "-wal"));
    // nothing but the backup itself in the directory (no temporary left behind)
    CHECK(std::distance(std::filesystem::directory_iterator(dir.file("copies")), {}) == 1);
    CHECK(events_in(out) == 5);
    store::Database copy(out);
    CHECK(copy.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(store::LedgerRepo(copy).verify().ok());
    CHECK(store::LedgerRepo(copy).verify().chain.head_hash == store::LedgerRepo(db).verify().chain.head_hash);
}

TEST_CASE("a backup over an existing file replaces it whole: a bad destination changes nothing") {
    // SQLite only: backup files.
    test::TempDir dir;
    store::Database db(dir.file("shop.db"));
    fill(db, 2);
    const auto out = dir.file("b.db");
    db.backup_to(out);
    fill(db, 2);
    db.backup_to(out);
    CHECK(events_in(out) == 4);
    CHECK_THROWS_AS(db.backup_to(dir.path().string()), ValidationError);
    CHECK_THROWS_AS(db.backup_to(""), ValidationError);
    CHECK_THROWS_AS(db.backup_to("/proc/clientela-no/b.db"), StorageError);
}

TEST_CASE("restore checks the candidate, keeps the old database and puts the backup in place") {
    // SQLite only: restoring a file (PostgreSQL refuses, with pg_restore advice: below).
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    const auto backup = dir.file("b.db");
    {
        store::Database db(live);
        fill(db, 3);
        db.backup_to(backup);
        fill(db, 4);  // work done after the backup
    }
    SECTION("without apply nothing changes") {
        const auto r = store::restore_database_file(backup, live, false);
        CHECK(r.check.ok());
        CHECK(r.check.events == 3);
        CHECK_FALSE(r.replaced);
        CHECK(events_in(live) == 7);
        CHECK_FALSE(std::filesystem::exists(live + ".before-restore"));
    }
    SECTION("with apply the database is the backup and the old one is kept") {
        const auto r = store::restore_database_file(backup, live, true);
        CHECK(r.replaced);
        CHECK(r.previous == live + ".before-restore");
        CHECK(events_in(live) == 3);
        CHECK(events_in(r.previous) == 7);
        CHECK(mode_of(live) == 0600);
        store::Database reopened(live);
        CHECK(store::LedgerRepo(reopened).verify().ok());
        CHECK(events_in(backup) == 3);  // the backup file itself is untouched
    }
}

TEST_CASE("restore refuses a tampered, damaged or foreign file and changes nothing") {
    // SQLite only: restoring a file.
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    const auto backup = dir.file("b.db");
    {
        store::Database db(live);
        fill(db, 6);
        db.backup_to(backup);
    }
    std::string expect;
    SECTION("an event edited with the triggers dropped") {
        SQLite::Database raw(backup, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_update");
        raw.exec("UPDATE consent_events SET evidence = 'otra hoja' WHERE seq = 4");
        expect = "event 4";
    }
    SECTION("an event removed") {
        SQLite::Database raw(backup, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_delete");
        raw.exec("DELETE FROM consent_events WHERE seq = 2");
        expect = "event 2";
    }
    SECTION("two events swapped") {
        SQLite::Database raw(backup, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_update");
        raw.exec("UPDATE consent_events SET seq = 100 WHERE seq = 3");
        raw.exec("UPDATE consent_events SET seq = 3 WHERE seq = 5");
        raw.exec("UPDATE consent_events SET seq = 5 WHERE seq = 100");
        expect = "event 3";
    }
    SECTION("a file that is not a database") {
        std::ofstream(backup, std::ios::trunc) << "BEGIN:VCARD\nFN:Ana\nEND:VCARD\n";
        expect = "not a readable Clientela database";
    }
    SECTION("a truncated file") {
        std::filesystem::resize_file(backup, 4096 * 3);
        // Refused either while copying (malformed) or by the checks, depending on which page went.
        expect = backup;
    }
    const auto before = std::filesystem::file_size(live);
    try {
        store::restore_database_file(backup, live, true);
        FAIL("restore accepted a bad backup");
    } catch (const ValidationError& e) {
        CHECK_THAT(e.what(), Catch::Contains(expect) && Catch::Contains("nothing was changed"));
    }
    CHECK(events_in(live) == 6);
    CHECK(std::filesystem::file_size(live) == before);
    CHECK_FALSE(std::filesystem::exists(live + ".before-restore"));
    // no temporary copy left beside the database
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
        CHECK(f.path().filename().string().find(".restore-") == std::string::npos);
    }
}

TEST_CASE("restore refuses a missing file and the database itself") {
    // SQLite only: restoring a file.
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    { store::Database db(live); }
    CHECK_THROWS_AS(store::restore_database_file(dir.file("none.db"), live, true), NotFoundError);
    CHECK_THROWS_AS(store::restore_database_file(live, live, true), ValidationError);
}

TEST_CASE("backup settings default, round-trip and refuse bad values") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    store::Database db(where, store::Database::Initialise{});
    auto s = store::load_backup_settings(db);
    CHECK(s.automatic);
    CHECK(s.keep == 7);
    CHECK(s.interval_hours == 24);
    CHECK(s.dir.empty());
    s.automatic = false;
    s.keep = 3;
    s.interval_hours = 12;
    s.dir = "/srv/copias";
    store::save_backup_settings(db, s);
    const auto back = store::load_backup_settings(db);
    CHECK_FALSE(back.automatic);
    CHECK(back.keep == 3);
    CHECK(back.interval_hours == 12);
    CHECK(back.dir == "/srv/copias");
    for (auto bad : {store::BackupSettings{true, 0, 24, ""}, store::BackupSettings{true, 1001, 24, ""},
                     store::BackupSettings{true, 7, 0, ""}, store::BackupSettings{true, 7, 9000, ""},
                     store::BackupSettings{true, 7, 24, "relative/dir"}}) {
        CHECK_THROWS_AS(store::save_backup_settings(db, bad), ValidationError);
    }
    CHECK(store::load_backup_settings(db).keep == 3);  // nothing written by the refused saves
    // A hand-edited value out of range falls back to the default instead of failing.
    db.conn().exec("UPDATE settings SET value = 'muchas' WHERE key = 'backup_keep'");
    CHECK(store::load_backup_settings(db).keep == 7);
}

// The fact the restore's lock relies on (SQLite 3.40, WAL): an exclusive-mode BEGIN EXCLUSIVE
// fails with SQLITE_BUSY while any other connection that has read the database stays open,
// even idle and outside any transaction; wal_checkpoint would not tell.
TEST_CASE("an idle open connection makes an exclusive-mode BEGIN EXCLUSIVE busy") {
    // SQLite only: SQLite's locking.
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    store::Database idle(live);
    fill(idle, 1);
    SQLite::Database probe(live, SQLite::OPEN_READWRITE);
    probe.exec("PRAGMA locking_mode = EXCLUSIVE");
    try {
        probe.exec("BEGIN EXCLUSIVE");
        FAIL("BEGIN EXCLUSIVE succeeded beside an open connection");
    } catch (const SQLite::Exception& e) {
        CHECK(e.getErrorCode() == SQLITE_BUSY);
    }
}

TEST_CASE("restore refuses while another connection has the database open and changes nothing") {
    // SQLite only: restoring a file.
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    const auto backup = dir.file("b.db");
    store::Database open_elsewhere(live);
    fill(open_elsewhere, 3);
    open_elsewhere.backup_to(backup);
    fill(open_elsewhere, 2);
    try {
        store::restore_database_file(backup, live, true);
        FAIL("restore replaced a database another program has open");
    } catch (const ConflictError& e) {
        CHECK_THAT(e.what(), Catch::Contains("in use") && Catch::Contains("nothing was changed"));
    }
    CHECK(events_in(live) == 5);
    CHECK_FALSE(std::filesystem::exists(live + ".before-restore"));
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
        CHECK(f.path().filename().string().find(".restore-") == std::string::npos);
    }
}

TEST_CASE("restore removes the temporary copies a killed restore left behind") {
    // SQLite only: restoring a file.
    test::TempDir dir;
    const auto live = dir.file("shop.db");
    const auto backup = dir.file("b.db");
    {
        store::Database db(live);
        fill(db, 2);
        db.backup_to(backup);
    }
    std::filesystem::copy_file(backup, live + ".restore-AbC123");
    std::ofstream(live + ".restore-AbC123-wal") << "partial";
    std::ofstream(live + ".restore-XyZ789") << "half a copy";
    const auto r = store::restore_database_file(backup, live, true);
    CHECK(r.replaced);
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
        CHECK(f.path().filename().string().find(".restore-") == std::string::npos);
    }
}

TEST_CASE("PostgreSQL: backup and restore refuse with pg_dump and pg_restore advice and write nothing") {
    test::TempDir dir;
    const std::string uri = test::pg_database();
    store::Database db(uri, store::Database::Initialise{});
    fill(db, 2);
    CHECK_THROWS_WITH(db.backup_to(dir.file("copy.db")), Catch::Contains("pg_dump"));
    CHECK_FALSE(std::filesystem::exists(dir.file("copy.db")));
    CHECK_THROWS_WITH(store::Database(uri, store::Database::Exclusive{}), Catch::Contains("pg_restore"));

    const auto backup = dir.file("b.db");
    {
        store::Database file(dir.file("shop.db"));
        fill(file, 1);
        file.backup_to(backup);
    }
    CHECK_THROWS_WITH(store::restore_database_file(backup, uri, true), Catch::Contains("pg_restore"));
    CHECK_THROWS_WITH(store::restore_database_file(backup, uri, false), Catch::Contains("pg_restore"));
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM consent_events") == 2);
}
