// Drives the real clientela-cli binary against temporary databases.
#include "cli_store.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <SQLiteCpp/Database.h>
#include <sys/stat.h>

#include <filesystem>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {});
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

}  // namespace

// SQLite only: the file's and its folder's permissions (PostgreSQL's init: cli_postgresql_test.cpp).
TEST_CASE("cli: init creates a private database and reports the schema") {
    TempDir dir;
    const auto db = dir.file("store/clientela.db");
    const auto r = cli(db, {"init"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("database ready") && Catch::Contains("schema version"));
    struct stat st {};
    REQUIRE(::stat(db.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.file("store").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
}

TEST_CASE("cli: add, list, show and stats work together") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "c.db");
    const auto add = cli(db, {"add", "--name", "Ana Núñez", "--phone", "612 34 56 78", "--email", "Ana@Example.ES",
                              "--note", "talla M"});
    REQUIRE(add.exit_code == 0);
    const std::string id = trimmed(add.out);
    CHECK(id.size() == 36);
    REQUIRE(cli(db, {"add", "--name", "José Álvarez", "--phone", "34622111223"}).exit_code == 0);

    SECTION("list --json with an accent-free search") {
        const auto r = cli(db, {"list", "--search", "nunez", "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = json::parse(r.out);
        CHECK(j["total"] == 1);
        REQUIRE(j["contacts"].size() == 1);
        CHECK(j["contacts"][0]["id"] == id);
        CHECK(j["contacts"][0]["name"] == "Ana Núñez");
        CHECK(j["contacts"][0]["mobile"] == "+34612345678");
        CHECK(j["contacts"][0]["email"] == "Ana@example.es");
    }
    SECTION("list text and limit") {
        const auto r = cli(db, {"list", "--limit", "1"});
        REQUIRE(r.exit_code == 0);
        CHECK_THAT(r.out, Catch::Contains("Ana Núñez") && Catch::Contains("1 of 2 contacts"));
    }
    SECTION("show --json by id prefix") {
        const auto r = cli(db, {"show", id.substr(0, 8), "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = json::parse(r.out);
        CHECK(j["id"] == id);
        CHECK(j["notes"] == "talla M");
        CHECK(j["source"]["kind"] == "manual");
        REQUIRE(j["points"].size() == 2);
        CHECK(j["points"][0]["normalized"] == "+34612345678");
        CHECK(j["points"][0]["mobile"] == true);
        CHECK(j["points"][1]["kind"] == "email");
    }
    SECTION("stats --json counts everything") {
        const auto r = cli(db, {"stats", "--json"});
        REQUIRE(r.exit_code == 0);
        const auto j = json::parse(r.out);
        CHECK(j["contacts"] == 2);
        CHECK(j["phones"] == 2);
        CHECK(j["emails"] == 1);
        CHECK(j.contains("consent_events"));
        CHECK(j.contains("messages"));
    }
    SECTION("a duplicate mobile is refused with exit 1 naming the owner") {
        const auto r = cli(db, {"add", "--name", "Copia", "--phone", "+34 612 345 678"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("already belongs to Ana Núñez"));
        CHECK(json::parse(cli(db, {"stats", "--json"}).out)["contacts"] == 2);
    }
}

TEST_CASE("cli: an invalid phone is kept and flagged on stderr") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "c.db");
    const auto r = cli(db, {"add", "--name", "Pepe", "--phone", "12345"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("warning") && Catch::Contains("12345"));
    const auto show = cli(db, {"show", trimmed(r.out), "--json"});
    CHECK(json::parse(show.out)["points"][0]["valid"] == false);
}

TEST_CASE("cli: usage errors exit 2, failures exit 1, help exits 0") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "c.db");
    CHECK(cli(db, {}).exit_code == 2);
    CHECK(cli(db, {"frobnicate"}).exit_code == 2);
    CHECK(cli(db, {"add"}).exit_code == 2);                 // --name is required
    CHECK(cli(db, {"list", "--limit", "zero"}).exit_code == 2);
    CHECK(cli(db, {"add", "--name", "X", "--email", "bad"}).exit_code == 1);
    const auto missing = cli(db, {"show", "00000000-0000-4000-8000-000000000000"});
    CHECK(missing.exit_code == 1);
    CHECK_THAT(missing.err, Catch::Contains("no contact with id"));
    for (const char* sub : {"init", "add", "list", "show", "stats", "demo"}) {
        const auto help = cli(db, {sub, "--help"});
        INFO(sub);
        CHECK(help.exit_code == 0);
        CHECK_THAT(help.out, Catch::Contains("Usage") || Catch::Contains("usage"));
    }
    const auto version = run_process({CLIENTELA_CLI, "--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Catch::Contains("clientela-cli"));
}

TEST_CASE("cli: a database from a newer program is refused clearly") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "c.db");
    REQUIRE(cli(db, {"init"}).exit_code == 0);
    if (test::is_postgresql(db)) {
        test::pg_psql(test::pg_database_name(db), "INSERT INTO clientela_schema_version VALUES (4242, 'future', 0)");
    } else {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = 4242");
    }
    const auto r = cli(db, {"stats", "--json"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("newer Clientela"));
}

TEST_CASE("cli: demo loads a Spanish shop once") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "demo.db");
    const auto r = cli(db, {"demo"});
    REQUIRE(r.exit_code == 0);
    const auto stats = json::parse(cli(db, {"stats", "--json"}).out);
    CHECK(stats["contacts"].get<int>() >= 30);
    CHECK(cli(db, {"demo"}).exit_code == 1);
}

// SQLite only: backups are files beside the database; PostgreSQL's refusal is the next test.
TEST_CASE("cli: the command asked for never waits for a backup, `backup` makes one when asked") {
    // A CLI-only shop backs up with `backup` from cron or a systemd timer (README); the
    // desktop app makes the daily one on its worker thread. Before, the first command of the
    // day copied the whole database before doing its job.
    TempDir dir;
    const auto db = dir.file("tienda/shop.db");
    REQUIRE(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612 34 56 78"}).exit_code == 0);
    REQUIRE(cli(db, {"stats"}).exit_code == 0);
    REQUIRE(cli(db, {"list"}).exit_code == 0);
    CHECK_FALSE(std::filesystem::exists(dir.file("tienda/backups")));
    const auto listed = cli(db, {"backup", "list", "--json"});
    REQUIRE(listed.exit_code == 0);
    CHECK(json::parse(listed.out)["backups"].empty());
    REQUIRE(cli(db, {"backup"}).exit_code == 0);
    CHECK(json::parse(cli(db, {"backup", "list", "--json"}).out)["backups"].size() == 1);
}

TEST_CASE("cli on PostgreSQL: backup and restore refuse with the pg_dump advice and write nothing") {
    TempDir dir;
    const auto db = test::cli_store("postgresql", dir);
    REQUIRE(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612 34 56 78"}).exit_code == 0);
    const auto backup = cli(db, {"backup"});
    CHECK(backup.exit_code == 1);
    CHECK_THAT(backup.err, Catch::Contains("pg_dump"));
    const auto to_file = cli(db, {"backup", "--out", dir.file("copia.db")});
    CHECK(to_file.exit_code == 1);
    CHECK_THAT(to_file.err, Catch::Contains("pg_dump"));
    CHECK_FALSE(std::filesystem::exists(dir.file("copia.db")));
    CHECK(std::filesystem::is_empty(dir.path()));

    // A good SQLite backup is no PostgreSQL dump: refused before it is even read, with or without --yes.
    const auto other = dir.file("tienda/shop.db");
    REQUIRE(cli(other, {"add", "--name", "Luis Pérez", "--phone", "622 34 56 78"}).exit_code == 0);
    REQUIRE(cli(other, {"backup", "--out", dir.file("copia.db")}).exit_code == 0);
    for (const bool yes : {false, true}) {
        std::vector<std::string> args{"restore", dir.file("copia.db")};
        if (yes) args.push_back("--yes");
        const auto restore = cli(db, args);
        INFO(restore.out << restore.err);
        CHECK(restore.exit_code == 1);
        CHECK_THAT(restore.err, Catch::Contains("pg_restore"));
        CHECK_THAT(restore.out, !Catch::Contains("verified"));
    }
    const auto stats = json::parse(cli(db, {"stats", "--json"}).out);
    CHECK(stats["contacts"] == 1);
}
