// Automatic dated backups: when they are due, where they go, rotation, restore.
#include "app/backup.hpp"
#include "core/errors.hpp"
#include "../store/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

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

TEST_CASE("automatic backups keep the newest N and never touch other files") {
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
