// Where the app tests run (issue #19: every command behaves the same on both stores): a fresh
// SQLite file and a fresh PostgreSQL database on the server the test binary starts
// (tests/support/pg_server.hpp), the latter with the shop's schema and secrets as
// `clientela-cli init` leaves it, so an app::Session opens on either.
#pragma once

#include "pg_server.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

#include <cstdlib>
#include <stdexcept>

#include <string>
#include <vector>

namespace clientela::test {

// A PostgreSQL shop keeps its anchor log in the data directory of the machine that runs
// verify ($XDG_DATA_HOME/clientela, app/anchor_log.hpp): the test binary points XDG_DATA_HOME
// at a private temporary directory once, so tests never write into the user's.
inline void private_data_home() {
    static const bool done = [] {
        char tmpl[] = "/tmp/clientela-data-XXXXXX";
        if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
        ::setenv("XDG_DATA_HOME", tmpl, 1);
        return true;
    }();
    (void)done;
}

// A fresh PostgreSQL database holding the shop's schema and secrets.
inline std::string pg_shop() {
    private_data_home();
    const std::string uri = pg_database();
    store::Database(uri, store::Database::Initialise{});
    return uri;
}

// A fresh shop on one engine ("sqlite" or "postgresql"). For a TEST_CASE with SECTIONs: a
// generator keeps its value across the sections of one run, so
// `GENERATE(from_range(shop_locations()))` would hand every section the same database;
// `const auto where = test::fresh_shop(GENERATE(as<std::string>{}, "sqlite", "postgresql"));`
// gives each section its own.
inline std::string fresh_shop(const std::string& engine) {
    if (engine == "postgresql") return pg_shop();
    char tmpl[] = "/tmp/clientela-app-XXXXXX";
    if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
    return std::string(tmpl) + "/shop.db";
}

// A fresh SQLite file and a fresh initialised PostgreSQL database, for
// `const std::string where = GENERATE(from_range(test::shop_locations()));` then
// `app::Session s(where);`. A test reopening the same shop reopens `where`.
inline std::vector<std::string> shop_locations() {
    private_data_home();
    std::vector<std::string> where = store_locations();
    for (const auto& w : where) {
        if (store::is_postgresql(w)) store::Database(w, store::Database::Initialise{});
    }
    return where;
}

}  // namespace clientela::test
