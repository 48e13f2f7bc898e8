// A throwaway PostgreSQL 15 server for the tests (tests/servers/pg_cluster.sh): under ctest one
// server for the whole run (the clientela_pg fixture, CLIENTELA_TEST_PG_SHARED); a test binary run
// by hand starts its own on first use and stops it when it exits. Each test asks for a database
// of its own.
#pragma once

#include <string>
#include <vector>

namespace clientela::test {

// A new empty database on the binary's server, as a libpq URI
// ("postgresql://postgres@127.0.0.1:PORT/NAME"). The first call starts the server (about a
// second); throws std::runtime_error with the server's log when it cannot.
std::string pg_database();
// The same as a copy of template_name (CREATE DATABASE ... TEMPLATE; nobody may be connected
// to the template). On a server shared by a ctest run, the databases a process made are
// dropped when it exits.
std::string pg_database(const std::string& template_name);

// The same server: runs one SQL command as the superuser through psql on `database` (empty:
// the maintenance database), returns psql's output; throws when psql fails.
std::string pg_psql(const std::string& database, const std::string& sql);

// The URI of `database` for another login role (trust authentication on loopback).
std::string pg_uri(const std::string& database, const std::string& user);

// The database name of a URI made by pg_database().
std::string pg_database_name(const std::string& uri);

// Where each store-parametrised test runs: a fresh SQLite file in a temporary directory, and a
// fresh PostgreSQL database. Use with Catch2: `const auto where = GENERATE(from_range(test::store_locations()));`
std::vector<std::string> store_locations();

}  // namespace clientela::test
