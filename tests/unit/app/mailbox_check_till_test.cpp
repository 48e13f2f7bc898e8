// The shop's mailbox check on PostgreSQL (issue #19): a till may take in customers' replies by
// its grants, but the check also records where it got to in the settings, which only a manager
// may write, and the mailbox password lives in the manager's secret store. So only the
// manager's app checks the mailbox (for every till); a till's check is refused before it reads
// or records anything. Real servers: dovecot (tests/integration/dovecot_server) and PostgreSQL
// (tests/support/pg_server).
#include "app/initialise.hpp"
#include "app/mailbox_check.hpp"
#include "app/mailbox_config.hpp"
#include "app/mail_intake.hpp"
#include "app/session.hpp"

#include "../../integration/check_fixture.hpp"
#include "../../integration/dovecot_server.hpp"
#include "core/errors.hpp"
#include "export_shop.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;
using namespace clientela::test;  // DovecotServer, SecretsFixture, code_of, ExportShop

namespace {

// A fresh shop's database on the test's server (its owner: uri) with a till login (till).
struct TillShop {
    TillShop() : uri(pg_database()), name(pg_database_name(uri)) {
        app::initialise_database(uri, {});
        pg_psql(name, "CREATE ROLE " + name + "_caja LOGIN IN ROLE " + name + "_till");
        till = pg_uri(name, name + "_caja");
    }
    std::string uri, name, till;
};

}  // namespace

TEST_CASE_METHOD(SecretsFixture, "a till's mailbox check is refused before it reads or records anything, the "
                                 "manager's takes the reply in",
                 "[imap]") {
    const TillShop shop;
    const std::string &uri = shop.uri, &name = shop.name, &till = shop.till;

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

TEST_CASE("a till takes replies in from a file by its grants: BAJA withdraws, a bounce marks the address, a "
          "question waits for the owner, and again nothing happens") {
    // `clientela-cli unsubscribe --mbox` at a till (only the mailbox check is the manager's).
    const TillShop shop;
    const std::string &uri = shop.uri, &name = shop.name, &till = shop.till;
    ExportShop owner(uri);
    const std::string ana = owner.add("Ana Núñez", {}, {"ana@example.es"});
    const std::string luis = owner.add("Luis Pérez", {}, {"luis@example.es"});
    owner.record(ana, ConsentAction::grant, Channel::email);
    owner.record(luis, ConsentAction::grant, Channel::email);

    auto mail = [](const std::string& from, const std::string& subject, const std::string& body,
                   const std::string& id) {
        app::RawMail m;
        m.source = "respuestas.mbox:" + id;
        m.bytes = "From: " + from + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id + "\r\n\r\n" + body;
        return m;
    };
    app::RawMail bounce;
    bounce.source = "respuestas.mbox:dsn";
    bounce.bytes = "From: MAILER-DAEMON@mx.es\nSubject: Undelivered\nMessage-ID: <d1@mx.es>\n"
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
                   "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.es\n\n"
                   "Final-Recipient: rfc822; luis@example.es\nAction: failed\nStatus: 5.1.1\n\n--B--\n";
    const std::vector<app::RawMail> mails{
        mail("ana@example.es", "Re: Rebajas", "BAJA\r\n", "<a1@example.es>"),
        bounce,
        mail("luis@example.es", "Re: Rebajas", "¿Hasta cuándo dura la oferta?\r\n", "<l1@example.es>"),
    };

    app::Session caja(till);
    REQUIRE(caja.database().access() == store::Database::Access::till);
    const app::IntakeReport r = app::take_in(caja, mails);
    REQUIRE(r.items.size() == 3);
    CHECK(r.items[0].outcome == "withdrawn");
    CHECK(r.items[0].contact_uuid == ana);
    CHECK(r.items[1].outcome == "bounce_hard");
    CHECK(r.items[1].detail == "luis@example.es (marked undeliverable)");
    CHECK(r.items[2].outcome == "pending");
    CHECK(r.errors == 0);
    // On the server, written with the till's login: the withdrawal in the ledger, the address
    // marked, the question on the owner's list, each message remembered.
    const auto state = caja.ledger().state(ana, Channel::email, Purpose::marketing);
    REQUIRE(state);
    CHECK(state->status == ConsentState::Status::withdrawn);
    CHECK(pg_psql(name, "SELECT count(*) FROM contact_points WHERE normalized = 'luis@example.es' AND "
                        "undeliverable_at <> 0") == "1\n");
    CHECK(app::list_pending(caja).size() == 1);
    CHECK(pg_psql(name, "SELECT count(*) FROM processed_mail") == "3\n");
    CHECK(caja.ledger().verify().ok());

    const app::IntakeReport again = app::take_in(caja, mails);
    CHECK(again.duplicates == 3);
    CHECK(pg_psql(name, "SELECT count(*) FROM consent_events WHERE action = 'withdraw'") == "1\n");
}
