// The shop's mailbox check on PostgreSQL (issue #19): a till may take in customers' replies by
// its grants, but the check also records where it got to in the settings, which only a manager
// may write, and the mailbox password lives in the manager's secret store. So only the
// manager's app checks the mailbox (for every till); a till's check is refused before it reads
// or records anything. Real servers: dovecot (tests/integration/dovecot_server) and PostgreSQL
// (tests/support/pg_server).
#include "app/initialise.hpp"
#include "app/mailbox_check.hpp"
#include "app/mailbox_config.hpp"
#include "app/session.hpp"

#include "../../integration/check_fixture.hpp"
#include "../../integration/dovecot_server.hpp"
#include "core/errors.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;
using namespace clientela::test;  // DovecotServer, SecretsFixture, code_of

TEST_CASE_METHOD(SecretsFixture, "a till's mailbox check is refused before it reads or records anything, the "
                                 "manager's takes the reply in",
                 "[imap]") {
    const std::string uri = pg_database();
    const std::string name = pg_database_name(uri);
    app::initialise_database(uri, {});
    pg_psql(name, "CREATE ROLE " + name + "_caja LOGIN IN ROLE " + name + "_till");
    const std::string till = pg_uri(name, name + "_caja");

    DovecotServer server;
    const std::string reply = server.deliver(
        "From: ana@example.es\r\nSubject: Re: Rebajas\r\nMessage-ID: <b1@example.es>\r\n\r\nBAJA\r\n");
    {
        app::Session owner(uri);
        MailboxSettings m;
        m.host = "127.0.0.1";
        m.port = server.port();
        m.security = "none";
        m.user = server.user();
        app::save_mailbox_settings(owner, m);
    }
    secrets.set(app::kMailboxPasswordKey, server.password());

    app::Session caja(till);
    REQUIRE(caja.database().access() == store::Database::Access::till);
    CHECK(code_of([&] { app::check_mailbox(caja, secrets); }) == "mailbox.manager_only");
    CHECK_FALSE(server.is_seen(reply));
    CHECK(pg_psql(name, "SELECT count(*) FROM processed_mail") == "0\n");

    app::Session manager(uri);
    const auto report = app::check_mailbox(manager, secrets);
    CHECK(report.fetched == 1);
    CHECK(pg_psql(name, "SELECT count(*) FROM processed_mail") == "1\n");
    CHECK(pg_psql(name, "SELECT count(*) FROM settings WHERE key LIKE '%last_check'") == "1\n");
}
