// Automatic dated backups: when they are due, where they go, rotation, restore.
#include "app/audience.hpp"
#include "app/backup.hpp"
#include "app/consent_desk.hpp"
#include "app/erasure.hpp"
#include "app/shop_summary.hpp"
#include "core/point_key.hpp"
#include "core/errors.hpp"
#include "../store/temp_dir.hpp"
#include "app/initialise.hpp"
#include "pg_server.hpp"
#include "shop_store.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>

using namespace clientela;

namespace {

const Timestamp kDay1 = parse_timestamp("2026-11-20T08:00:00Z");

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

void add(app::Session& s, const std::string& name) {
    app::NewContact c;
    c.name = name;
    s.add_contact(c);
}

std::string name_of(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

TEST_CASE("no automatic backup of an empty database, one when there is data, none again within the interval") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    CHECK_FALSE(app::auto_backup_if_due(s, kDay1));
    add(s, "Ana Núñez");
    const auto made = app::auto_backup_if_due(s, kDay1);
    REQUIRE(made);
    CHECK(made->path == dir.file("backups/shop-20261120-080000Z.db"));
    CHECK(mode_of(made->path) == 0600);
    CHECK(mode_of(dir.file("backups")) == 0700);
    CHECK(made->bytes > 0);
    CHECK_FALSE(app::auto_backup_if_due(s, kDay1 + std::chrono::hours(23)));
    const auto next = app::auto_backup_if_due(s, kDay1 + std::chrono::hours(24));
    REQUIRE(next);
    CHECK(name_of(next->path) == "shop-20261121-080000Z.db");
    CHECK(app::list_backups(app::backup_directory(s), s.database().path()).size() == 2);
}

TEST_CASE("PostgreSQL: no automatic backup and a backup asked for is refused with pg_dump advice") {
    const std::string uri = test::pg_database();
    app::initialise_database(uri, {});
    app::Session s(uri);
    add(s, "Ana Núñez");
    CHECK_FALSE(app::auto_backup_if_due(s, kDay1));
    CHECK(app::backup_entries(s).empty());  // the window lists none
    try {
        app::backup_now(s, "", kDay1);
        FAIL("a PostgreSQL database was backed up by the program");
    } catch (const StorageError& e) {
        CHECK_THAT(e.what(), Catch::Contains("pg_dump"));
    }
}

TEST_CASE("PostgreSQL: a restore is refused with pg_restore advice, and nothing is made of the URI") {
    test::TempDir dir;
    std::string backup;
    {
        app::Session file(dir.file("shop.db"));
        add(file, "Ana Núñez");
        backup = app::backup_now(file, dir.file("copia.db"), kDay1).path;
    }
    const std::string uri = test::pg_shop();
    // Run from an empty directory: a path made of the URI would appear in it.
    const auto work = dir.path() / "work";
    std::filesystem::create_directory(work);
    struct InDirectory {
        std::filesystem::path before = std::filesystem::current_path();
        explicit InDirectory(const std::filesystem::path& d) { std::filesystem::current_path(d); }
        ~InDirectory() { std::filesystem::current_path(before); }
    };
    std::optional<InDirectory> in_work;
    in_work.emplace(work);
    for (const bool apply : {false, true}) {  // the window's check of a file, and the restore itself
        INFO("apply " << apply);
        try {
            app::restore_backup(uri, backup, apply);
            FAIL("a backup file was restored into a PostgreSQL database");
        } catch (const StorageError& e) {
            CHECK_THAT(e.what(), Catch::Contains("pg_restore"));
        }
    }
    in_work.reset();
    CHECK(std::filesystem::is_empty(work));
    app::Session s(uri);
    CHECK(s.count_contacts("") == 0);
}

TEST_CASE("automatic backups keep the newest N and never touch other files") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    add(s, "Ana Núñez");
    auto settings = store::load_backup_settings(s.database());
    settings.keep = 3;
    store::save_backup_settings(s.database(), settings);
    std::filesystem::create_directories(dir.file("backups"));
    std::ofstream(dir.file("backups/notes.txt")) << "mine";
    std::ofstream(dir.file("backups/other-20200101-000000Z.db")) << "another database's backup";
    std::vector<std::string> removed;
    for (int day = 0; day < 6; ++day) {
        const auto made = app::auto_backup_if_due(s, kDay1 + std::chrono::hours(24 * day));
        REQUIRE(made);
        for (const auto& r : made->removed) removed.push_back(name_of(r));
    }
    const auto kept = app::list_backups(dir.file("backups"), s.database().path());
    REQUIRE(kept.size() == 3);
    CHECK(name_of(kept[0]) == "shop-20261125-080000Z.db");  // newest first
    CHECK(name_of(kept[2]) == "shop-20261123-080000Z.db");
    CHECK(removed == std::vector<std::string>{"shop-20261120-080000Z.db", "shop-20261121-080000Z.db",
                                              "shop-20261122-080000Z.db"});
    CHECK(std::filesystem::exists(dir.file("backups/notes.txt")));
    CHECK(std::filesystem::exists(dir.file("backups/other-20200101-000000Z.db")));
}

TEST_CASE("rotation clears temporaries of backups killed half-way once they are an hour old") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    add(s, "Ana Núñez");
    std::filesystem::create_directories(dir.file("backups"));
    const auto old_tmp = dir.file("backups/shop-20261119-080000Z.db.tmp-AbC123");
    const auto old_wal = old_tmp + "-wal";
    const auto fresh_tmp = dir.file("backups/shop-20261120-075959Z.db.tmp-XyZ789");  // maybe still being written
    const auto foreign = dir.file("backups/other-20261119-080000Z.db.tmp-AbC123");
    for (const auto& f : {old_tmp, old_wal, fresh_tmp, foreign}) std::ofstream(f) << "partial";
    const auto two_hours_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
    for (const auto& f : {old_tmp, old_wal, foreign}) std::filesystem::last_write_time(f, two_hours_ago);
    const auto made = app::auto_backup_if_due(s, kDay1);
    REQUIRE(made);
    CHECK(made->removed.size() == 2);
    CHECK_FALSE(std::filesystem::exists(old_tmp));
    CHECK_FALSE(std::filesystem::exists(old_wal));
    CHECK(std::filesystem::exists(fresh_tmp));
    CHECK(std::filesystem::exists(foreign));
}

TEST_CASE("automatic backups follow the settings: off, interval and directory") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    add(s, "Ana Núñez");
    auto settings = store::load_backup_settings(s.database());
    SECTION("off") {
        settings.automatic = false;
        store::save_backup_settings(s.database(), settings);
        CHECK_FALSE(app::auto_backup_if_due(s, kDay1));
        CHECK_FALSE(std::filesystem::exists(dir.file("backups")));
    }
    SECTION("every 2 hours into another directory") {
        settings.interval_hours = 2;
        settings.dir = dir.file("elsewhere/copias");
        store::save_backup_settings(s.database(), settings);
        REQUIRE(app::auto_backup_if_due(s, kDay1));
        CHECK_FALSE(app::auto_backup_if_due(s, kDay1 + std::chrono::minutes(119)));
        REQUIRE(app::auto_backup_if_due(s, kDay1 + std::chrono::minutes(120)));
        CHECK(app::list_backups(dir.file("elsewhere/copias"), s.database().path()).size() == 2);
        CHECK(mode_of(dir.file("elsewhere/copias")) == 0700);
    }
}

TEST_CASE("a backup made now restores the data as it was") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    const auto db = dir.file("shop.db");
    std::string backup;
    {
        app::Session s(db);
        add(s, "Ana Núñez");
        backup = app::backup_now(s, dir.file("manual.db"), kDay1).path;
        add(s, "Luis Pérez");
        CHECK(s.count_contacts("") == 2);
    }
    const auto r = app::restore_backup(db, backup, true);
    CHECK(r.replaced);
    CHECK(r.check.contacts == 1);
    app::Session after(db);
    CHECK(after.count_contacts("") == 1);
    CHECK(after.count_contacts("nunez") == 1);
    CHECK_THROWS_AS(app::restore_backup(":memory:", backup, true), ValidationError);
}

namespace {

struct RestoreShop {
    test::TempDir dir;
    std::string db = dir.file("shop.db");
    std::string backup, ana, luis, marta;
    std::int64_t luis_withdraw_seq = 0;
    RestoreShop() {
        app::Session s(db);
        const auto wording = app::add_wording(s, "Acepto ofertas de La Aguja por email.", "es", "email").wording.id;
        auto add_with_email = [&](const std::string& name, const std::string& email) {
            app::NewContact c;
            c.name = name;
            c.emails = {email};
            c.phones = {"612345" + std::to_string(100 + s.count_contacts(""))};
            return s.add_contact(c).contact.uuid;
        };
        ana = add_with_email("Ana Núñez", "ana@example.es");
        luis = add_with_email("Luis Pérez", "luis@example.es");
        marta = add_with_email("Marta Gil", "marta@example.es");
        for (const auto& id : {ana, luis, marta}) {
            app::ConsentRequest g;
            g.contact_ref = id;
            g.wording_id = wording;
            g.evidence = "hoja";
            g.recorded_by = "Rocío";
            app::record_consent(s, g);
        }
        backup = app::backup_now(s, dir.file("manual.db"), kDay1).path;
        // Since the backup: Ana is erased, Luis withdraws.
        app::erase_contact(s, ana);
        app::ConsentRequest w;
        w.contact_ref = luis;
        w.action = ConsentAction::withdraw;
        w.method = ConsentMethod::email_reply;
        w.evidence = "respuesta BAJA";
        w.recorded_by = "Rocío";
        luis_withdraw_seq = app::record_consent(s, w).event.seq;
    }
};

}  // namespace

TEST_CASE("restoring an older backup erases again the customers erased since and keeps later withdrawals") {
    // SQLite only: restoring a backup file (PostgreSQL: pg_restore, refused above with that advice).
    RestoreShop shop;
    const auto r = app::restore_backup(shop.db, shop.backup, true);
    CHECK(r.replaced);
    CHECK(r.erasures_reapplied == 1);
    CHECK(r.withdrawals_reapplied == 1);
    app::Session after(shop.db);
    CHECK_THROWS_AS(after.contact(shop.ana), NotFoundError);
    CHECK(after.count_contacts("") == 2);
    CHECK(after.count_contacts("nunez") == 0);
    PointHasher hasher(after.database().identifier_secret());
    CHECK(after.ledger().any_suppressed({hasher(point_key(PointKind::email, "ana@example.es", "ana@example.es"))}));
    const auto luis = after.ledger().state(shop.luis, Channel::email, Purpose::marketing);
    REQUIRE(luis);
    CHECK(luis->status == ConsentState::Status::withdrawn);
    const auto history = after.ledger().history(shop.luis);
    REQUIRE(history.size() == 2);
    CHECK(history.back().action == ConsentAction::withdraw);
    CHECK_THAT(history.back().evidence,
               Catch::Contains("re-applied after restore, originally seq " + std::to_string(shop.luis_withdraw_seq)));
    const auto marta = after.ledger().state(shop.marta, Channel::email, Purpose::marketing);
    REQUIRE(marta);
    CHECK(marta->status == ConsentState::Status::granted);  // nothing else changes
    CHECK(after.ledger().verify().ok());
    // The kept marketing counts follow the restored data and what was re-applied to it.
    const Timestamp now = now_utc();
    const auto kept = app::marketing_reach(after, now);
    for (Channel ch : all_channels()) {
        CHECK(kept.of(ch) == app::count_audience(after, {Purpose::marketing, ch, now}).included);
    }
    CHECK(kept.email == 1);  // Marta
}

TEST_CASE("restoring the same older backup twice still keeps the erasure and the withdrawal") {
    // SQLite only: restoring a backup file (PostgreSQL: pg_restore, refused above with that advice).
    RestoreShop shop;
    app::restore_backup(shop.db, shop.backup, true);
    const auto again = app::restore_backup(shop.db, shop.backup, true);
    CHECK(again.erasures_reapplied == 1);
    CHECK(again.withdrawals_reapplied == 1);
    // Restoring the database that was replaced (it has the original withdrawal) adds nothing twice.
    const auto back = app::restore_backup(shop.db, shop.db + ".before-restore", true);
    CHECK(back.withdrawals_reapplied == 0);
    app::Session after(shop.db);
    CHECK_THROWS_AS(after.contact(shop.ana), NotFoundError);
    const auto luis = after.ledger().state(shop.luis, Channel::email, Purpose::marketing);
    REQUIRE(luis);
    CHECK(luis->status == ConsentState::Status::withdrawn);
    CHECK(after.ledger().verify().ok());
}

TEST_CASE("the window's list of backups: newest first, with the instant of the name and the size") {
    // SQLite only: backup files (PostgreSQL: pg_dump, refused above with that advice).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    CHECK(app::backup_entries(s).empty());  // no directory yet: nothing, no error
    add(s, "Ana Núñez");
    app::backup_now(s, "", kDay1);
    app::backup_now(s, "", kDay1 + std::chrono::hours(30));
    std::ofstream(dir.file("backups/notes.txt")) << "not a backup";
    const auto entries = app::backup_entries(s);
    REQUIRE(entries.size() == 2);
    CHECK(name_of(entries[0].path) == "shop-20261121-140000Z.db");
    CHECK(entries[0].made_at == kDay1 + std::chrono::hours(30));
    CHECK(entries[1].made_at == kDay1);
    CHECK(entries[1].bytes == std::filesystem::file_size(entries[1].path));
    CHECK(entries[1].bytes > 0);
}

TEST_CASE("backup settings through the app: saved together, refused when out of range") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    auto settings = app::backup_settings(s);
    CHECK(settings.automatic);
    settings.keep = 12;
    settings.interval_hours = 48;
    settings.dir = dir.file("copias");
    app::save_backup_settings(s, settings);
    const auto again = app::backup_settings(s);
    CHECK(again.keep == 12);
    CHECK(again.interval_hours == 48);
    CHECK(app::backup_directory(s) == dir.file("copias"));
    settings.keep = 0;
    CHECK_THROWS_AS(app::save_backup_settings(s, settings), ValidationError);
    CHECK(app::backup_settings(s).keep == 12);
}
