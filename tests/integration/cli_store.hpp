// The two stores every CLI integration test runs on (issue #19: every command behaves the same
// on SQLite and PostgreSQL). In a TEST_CASE:
//
//     const std::string engine = GENERATE(from_range(test::cli_engines()));
//     TempDir dir;
//     const std::string db = test::cli_store(engine, dir);   // pass as --db
//
// Engines rather than ready locations in the generator: Catch2 re-runs a test case's body for
// each SECTION with the same generated value, and each run needs a shop of its own.
#pragma once

#include "../unit/store/temp_dir.hpp"
#include "pg_server.hpp"
#include "process.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace clientela::test {

// Both, always under ctest. CLIENTELA_TEST_STORES=sqlite (or postgresql) narrows a run by hand,
// e.g. to time one store's half; it is never set by the build.
inline std::vector<std::string> cli_engines() {
    const char* only = std::getenv("CLIENTELA_TEST_STORES");
    if (only && (std::string(only) == "sqlite" || std::string(only) == "postgresql")) return {only};
    return {"sqlite", "postgresql"};
}

inline bool is_postgresql(const std::string& db) {
    return db.rfind("postgresql://", 0) == 0 || db.rfind("postgres://", 0) == 0;
}

// A new PostgreSQL database after `clientela-cli init` (as the superuser that owns the test
// server: the shop's owner). Made by copying a template initialised once per test binary: the
// same schema and secrets `init` makes, without running it again for every test; each copy gets
// its own database id.
inline std::string initialised_pg_database() {
    static const std::string template_name = [] {
        const std::string uri = pg_database();
        const auto init = run_cli(CLIENTELA_CLI, uri, {"init"});
        if (init.exit_code != 0) throw std::runtime_error("clientela-cli init failed: " + init.err);
        return pg_database_name(uri);
    }();
    const std::string name = pg_database_name(pg_database(template_name));
    // A database id of its own, as init makes (db/pg/001): the anchor log tells shops apart by it.
    pg_psql(name, "UPDATE settings SET value = left(encode(sha256(convert_to(gen_random_uuid()::text || "
                  "gen_random_uuid()::text, 'UTF8')), 'hex'), 32) WHERE key = 'database_id'");
    return pg_uri(name, "postgres");
}

// A ready shop on `engine`: DIR/NAME for SQLite (made by the first command, as before), or a new
// initialised PostgreSQL database (a till never creates the schema: `init` does, once).
inline std::string cli_store(const std::string& engine, const TempDir& dir, const std::string& name = "shop.db") {
    if (engine == "postgresql") return initialised_pg_database();
    return dir.file(name);
}

// Plain SQL on either store, as the sqlite3 shell or psql would run it.
inline void raw_sql(const std::string& db, const std::string& sql) {
    if (is_postgresql(db)) {
        pg_psql(pg_database_name(db), sql);
        return;
    }
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    raw.exec(sql);
}

// Runs SQL on the shop behind the program's back, as someone holding the file or the server's
// superuser could: on SQLite after dropping the triggers named in `drop_triggers`, on
// PostgreSQL with the triggers bypassed for that session (session_replication_role = replica).
inline void tamper(const std::string& db, const std::string& sql, const std::vector<std::string>& drop_triggers = {}) {
    if (is_postgresql(db)) {
        pg_psql(pg_database_name(db), "SET session_replication_role = replica; " + sql);
        return;
    }
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    for (const auto& t : drop_triggers) raw.exec("DROP TRIGGER " + t);
    raw.exec(sql);
}

// The first column of the first row of a query on either store, as text ("" for no row or NULL).
inline std::string query_text(const std::string& db, const std::string& sql) {
    if (is_postgresql(db)) {
        std::string out = pg_psql(pg_database_name(db), sql);
        const auto nl = out.find('\n');
        if (nl != std::string::npos) out.resize(nl);
        const auto bar = out.find('|');
        if (bar != std::string::npos) out.resize(bar);
        return out;
    }
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    SQLite::Statement q(raw, sql);
    if (!q.executeStep() || q.getColumn(0).isNull()) return "";
    return q.getColumn(0).getString();
}

// Whether `text` is stored anywhere in the shop's database: the SQLite file's bytes (and its
// -wal), or a data-only pg_dump of the PostgreSQL database.
inline bool stored_anywhere(const std::string& db, const std::string& text) {
    if (is_postgresql(db)) {
        const auto dump = run_process({"/usr/lib/postgresql/15/bin/pg_dump", "--data-only", "-d", db});
        if (dump.exit_code != 0) throw std::runtime_error("pg_dump failed: " + dump.err);
        return dump.out.find(text) != std::string::npos;
    }
    return slurp(db).find(text) != std::string::npos || slurp(db + "-wal").find(text) != std::string::npos;
}

inline long long query_int(const std::string& db, const std::string& sql) { return std::stoll(query_text(db, sql)); }

}  // namespace clientela::test
