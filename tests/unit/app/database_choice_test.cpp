// app/database_choice.hpp: the Ajustes database choice made into a location and back, which
// location the app opens at start, and "Probar conexión" on a file and on a real PostgreSQL
// server as a till login (tests/support/pg_server.hpp).
#include "app/database_choice.hpp"

#include "../store/temp_dir.hpp"
#include "app/initialise.hpp"
#include "app/paths.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace clientela;
using app::DatabaseChoice;

namespace {

DatabaseChoice server(const std::string& host, int port, const std::string& database, const std::string& user) {
    DatabaseChoice c;
    c.kind = DatabaseChoice::Kind::server;
    c.host = host;
    c.port = port;
    c.database = database;
    c.user = user;
    return c;
}

std::string code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return "no error";
}

}  // namespace

TEST_CASE("a server choice becomes a libpq URI without a password, and back") {
    CHECK(app::database_location(server("servidor", 5432, "tienda", "caja1")) ==
          "postgresql://caja1@servidor:5432/tienda");
    // Spaces around what was typed do not count; odd characters are percent-encoded.
    const auto odd = server(" 192.168.1.20 ", 5433, "la tienda", "caja ñ");
    const std::string uri = app::database_location(odd);
    CHECK(uri == "postgresql://caja%20%C3%B1@192.168.1.20:5433/la%20tienda");
    const DatabaseChoice back = app::database_choice_of(uri);
    CHECK(back.kind == DatabaseChoice::Kind::server);
    CHECK(back.host == "192.168.1.20");
    CHECK(back.port == 5433);
    CHECK(back.database == "la tienda");
    CHECK(back.user == "caja ñ");
    // libpq's defaults where a URI leaves them out; a password is never shown in the form.
    const DatabaseChoice bare = app::database_choice_of("postgresql://ana:secreto@servidor/");
    CHECK(bare.host == "servidor");
    CHECK(bare.port == 5432);
    CHECK(bare.user == "ana");
    CHECK(bare.database == "ana");
    CHECK(app::database_choice_of("postgres://[::1]:6000/t?sslmode=require").host == "::1");
    CHECK(app::database_choice_of("postgres://[::1]:6000/t?sslmode=require").port == 6000);
    CHECK(app::database_choice_of("postgres://[::1]:6000/t?sslmode=require").database == "t");
    CHECK(app::database_location(server("::1", 6000, "t", "u")) == "postgresql://u@[::1]:6000/t");
}

TEST_CASE("a location's sslmode and other parameters survive the form, so saving it never drops the encryption") {
    // The fault: the form rebuilt the location from its four fields, so a till opened with
    // ?sslmode=verify-full was saved back without it (libpq's default "prefer" then accepts an
    // unencrypted connection).
    const std::string uri = "postgresql://caja1@servidor:5432/tienda?sslmode=verify-full&application_name=caja%201";
    const DatabaseChoice choice = app::database_choice_of(uri);
    CHECK(choice.sslmode == "verify-full");
    CHECK(choice.parameters == "application_name=caja%201");
    CHECK(choice.database == "tienda");
    CHECK(app::database_location(choice) == uri);
    // Changing the login keeps them; changing the mode in the form changes only it.
    DatabaseChoice edited = choice;
    edited.user = "caja2";
    CHECK(app::database_location(edited) ==
          "postgresql://caja2@servidor:5432/tienda?sslmode=verify-full&application_name=caja%201");
    edited.sslmode = "require";
    CHECK(app::database_location(edited) ==
          "postgresql://caja2@servidor:5432/tienda?sslmode=require&application_name=caja%201");
    edited.sslmode = "";
    CHECK(app::database_location(edited) == "postgresql://caja2@servidor:5432/tienda?application_name=caja%201");
    edited.parameters = "";
    CHECK(app::database_location(edited) == "postgresql://caja2@servidor:5432/tienda");
    // sslmode anywhere among the parameters; a location without any has none.
    const DatabaseChoice later = app::database_choice_of("postgres://u@h/t?connect_timeout=3&sslmode=require");
    CHECK(later.sslmode == "require");
    CHECK(later.parameters == "connect_timeout=3");
    CHECK(app::database_choice_of("postgresql://u@h/t").sslmode.empty());
    CHECK(app::database_choice_of("postgresql://u@h/t").parameters.empty());
    // A mode libpq does not know is refused before anything connects.
    DatabaseChoice odd = server("s", 5432, "tienda", "caja1");
    odd.sslmode = "siempre";
    CHECK(code_of([&] { app::database_location(odd); }) == "database.bad_sslmode");
}

TEST_CASE("a server choice needs its computer, database and login, a file choice defaults to this computer's file") {
    CHECK(code_of([] { app::database_location(server("", 5432, "tienda", "caja1")); }) == "database.host_missing");
    CHECK(code_of([] { app::database_location(server("s", 5432, " ", "caja1")); }) == "database.name_missing");
    CHECK(code_of([] { app::database_location(server("s", 5432, "tienda", "")); }) == "database.user_missing");
    CHECK(code_of([] { app::database_location(server("s", 0, "tienda", "caja1")); }) == "database.bad_port");
    CHECK(code_of([] { app::database_location(server("s", 70000, "tienda", "caja1")); }) == "database.bad_port");
    DatabaseChoice file;
    CHECK(app::database_location(file) == app::default_database_path());
    file.file = "/srv/tienda.db";
    CHECK(app::database_location(file) == "/srv/tienda.db");
    const DatabaseChoice back = app::database_choice_of("/srv/tienda.db");
    CHECK(back.kind == DatabaseChoice::Kind::file);
    CHECK(back.file == "/srv/tienda.db");
}

TEST_CASE("at start --db wins, then the kept choice, then the default file") {
    CHECK(app::startup_location("/tmp/a.db", "postgresql://c@s/t") == "/tmp/a.db");
    CHECK(app::startup_location("", "postgresql://c@s/t") == "postgresql://c@s/t");
    CHECK(app::startup_location("", "  ") == app::default_database_path());
    CHECK(app::startup_location("", "") == app::default_database_path());
}

TEST_CASE("Probar conexion on a file: manager, its customers") {
    test::TempDir dir;
    const std::string file = dir.file("tienda.db");
    {
        app::Session s(file);
        app::NewContact c;
        c.name = "Ana Pérez";
        s.add_contact(c);
    }
    const auto check = app::check_database(file);
    CHECK(check.access == store::Database::Access::manager);
    CHECK(check.customers == 1);
    CHECK(check.location == file);
    CHECK(app::may_manage(check.access));
}

TEST_CASE("Probar conexion on the shop's server as a till: till, the shop's customers, a password is refused") {
    const std::string uri = test::pg_database();
    const std::string name = test::pg_database_name(uri);
    app::initialise_database(uri, {});
    {
        app::Session owner(uri);
        app::NewContact c;
        c.name = "Luis Gómez";
        owner.add_contact(c);
    }
    test::pg_psql(name, "CREATE ROLE " + name + "_caja LOGIN IN ROLE " + name + "_till");
    const std::string till = test::pg_uri(name, name + "_caja");
    const auto choice = app::database_choice_of(till);
    REQUIRE(app::database_location(choice) == till);

    const auto check = app::check_database(app::database_location(choice));
    CHECK(check.access == store::Database::Access::till);
    CHECK_FALSE(app::may_manage(check.access));
    CHECK(check.customers == 1);
    CHECK(check.location == till);
    CHECK(app::check_database(uri).access == store::Database::Access::manager);

    // "caja:secreto" typed as the login name reaches the store as a password: refused, not echoed.
    auto with_password = choice;
    with_password.user = name + "_caja:secreto";
    try {
        app::check_database(app::database_location(with_password));
        FAIL("a URI with a password was accepted");
    } catch (const ValidationError& e) {
        CHECK_THAT(e.what(), Catch::Contains("carries a password") && Catch::Contains("~/.pgpass"));
        CHECK_THAT(e.what(), !Catch::Contains("secreto"));
    }
}

TEST_CASE("Probar conexion on a server that is not there says it cannot connect") {
    auto choice = server("127.0.0.1", 1, "tienda", "caja1");  // port 1: nobody listens
    CHECK_THROWS_AS(app::check_database(app::database_location(choice)), StorageError);
}

TEST_CASE("a location with a password is refused before connecting anywhere, with the store's words") {
    CHECK_NOTHROW(app::refuse_password("postgresql://caja1@127.0.0.1:1/tienda"));
    CHECK_NOTHROW(app::refuse_password("/tmp/a:b@c.db"));
    CHECK_THROWS_WITH(app::refuse_password("postgresql://caja1:secreto@127.0.0.1:1/tienda"),
                      Catch::Contains("carries a password") && !Catch::Contains("secreto"));
}
