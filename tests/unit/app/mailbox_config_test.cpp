// The mailbox settings as the app keeps them (database + secrets store) turned into a
// working IMAP client against a real dovecot: the path `mailbox check` takes.
#include "app/mailbox_config.hpp"

#include "../../integration/check_fixture.hpp"
#include "../../integration/dovecot_server.hpp"
#include "core/errors.hpp"
#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;
using namespace clientela::test;  // DovecotServer, TempDir, SecretsFixture, closed_port, code_of

namespace {

// The mailbox of a dovecot started by the test, over plain IMAP.
MailboxSettings plain_mailbox(const DovecotServer& server) {
    MailboxSettings m;
    m.host = "127.0.0.1";
    m.port = server.port();
    m.security = "none";
    m.user = server.user();
    return m;
}

}  // namespace

TEST_CASE_METHOD(SecretsFixture, "mailbox settings from the database and the secrets store reach the mailbox",
                 "[imap]") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session session(where);
    CHECK_FALSE(app::mailbox_configured(app::mailbox_settings(session)));
    CHECK_THROWS_WITH(app::imap_settings(app::mailbox_settings(session), secrets),
                      Catch::Contains("no mailbox is set: clientela-cli mailbox set --host"));

    DovecotServer server;
    const std::string raw = "From: ana@example.es\r\nSubject: BAJA\r\nMessage-ID: <b1@example.es>\r\n\r\nBAJA\r\n";
    const std::string name = server.deliver(raw);
    app::save_mailbox_settings(session, plain_mailbox(server));
    CHECK(app::mailbox_configured(app::mailbox_settings(session)));
    CHECK_THROWS_WITH(
        app::imap_settings(app::mailbox_settings(session), secrets),
        Catch::Contains("the mailbox password is not stored") && Catch::Contains("mailbox set --password-stdin"));
    secrets.set(app::kMailboxPasswordKey, server.password());

    // The wiring of a check: list, skip what is known, fetch the rest, put \Seen back.
    send::ImapClient client(app::imap_settings(app::mailbox_settings(session), secrets));
    const auto listing = client.list_unseen();
    const auto todo = send::new_uids(listing, /*known=*/{});
    REQUIRE(todo.size() == 1);
    CHECK(client.fetch(todo[0]) == raw);
    client.restore_unseen(todo);
    CHECK_FALSE(server.is_seen(name));
    CHECK(send::new_uids(client.list_unseen(), {todo[0]}).empty());
}

TEST_CASE("mailbox settings are validated like the SMTP ones") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session session(where);
    MailboxSettings m;
    m.host = "imap.aguja.es";
    m.user = "baja@aguja.es";
    app::save_mailbox_settings(session, m);
    const MailboxSettings saved = app::mailbox_settings(session);
    CHECK(saved.port == 993);
    CHECK(saved.security == "tls");
    CHECK(saved.folder == "INBOX");

    auto bad = m;
    bad.port = 0;
    CHECK_THROWS_AS(app::save_mailbox_settings(session, bad), ValidationError);
    bad = m;
    bad.security = "ssl";
    CHECK_THROWS_WITH(app::save_mailbox_settings(session, bad), Catch::Contains("unknown mailbox security 'ssl'"));
    bad = m;
    bad.ca_file = dir.file("nope.pem");
    CHECK_THROWS_WITH(app::save_mailbox_settings(session, bad), Catch::Contains("does not exist"));
    CHECK(app::mailbox_settings(session).host == "imap.aguja.es");
    CHECK(app::mailbox_settings(session).ca_file.empty());
}

// Ajustes > Buzón > "Probar" (app::check_mailbox_connection) against a real dovecot.
TEST_CASE_METHOD(SecretsFixture, "Probar logs in to the mailbox, opens the folder and changes nothing", "[imap]") {
    DovecotServer server;
    const std::string unread = server.deliver("From: ana@example.es\r\nSubject: BAJA\r\n\r\nBAJA\r\n");
    const std::string read = server.deliver("From: luis@example.es\r\nSubject: Hola\r\n\r\nHola\r\n", /*seen=*/true);
    server.add_folder("Bajas");
    MailboxSettings m = plain_mailbox(server);
    CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.password_missing");
    secrets.set(app::kMailboxPasswordKey, server.password());

    const send::MailboxStatus status = app::check_mailbox_connection(m, secrets);
    CHECK(status.folder == "INBOX");
    CHECK(status.uidvalidity != 0);
    CHECK(status.messages == 2);
    CHECK(status.unseen == 1);
    CHECK_FALSE(server.is_seen(unread));  // nothing read, nothing flagged
    CHECK(server.is_seen(read));
    // The password typed in the form, not saved yet, is the one tried.
    CHECK(app::check_mailbox_connection(m, secrets, server.password()).messages == 2);

    SECTION("another folder") {
        m.folder = "Bajas";
        const auto bajas = app::check_mailbox_connection(m, secrets);
        CHECK(bajas.folder == "Bajas");
        CHECK(bajas.messages == 0);
    }
    SECTION("a wrong password says so") {
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets, std::string("mala")); }) ==
              "mailbox.login_refused");
    }
    SECTION("a folder that does not exist says so") {
        m.folder = "NoExiste";
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.folder");
    }
    SECTION("no server at that port is no connection") {
        m.port = closed_port();
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.no_connection");
    }
    SECTION("STARTTLS required of a server without it") {
        m.security = "starttls";
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.no_starttls");
    }
    SECTION("what is missing is named") {
        m.host.clear();
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.host_missing");
        m.host = "127.0.0.1";
        m.user.clear();
        CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.user_missing");
    }
}

TEST_CASE_METHOD(SecretsFixture, "Probar over TLS trusts the shop's own CA only when given", "[imap]") {
    DovecotServer::Options options;
    options.tls = true;
    DovecotServer server(options);
    secrets.set(app::kMailboxPasswordKey, server.password());
    MailboxSettings m;
    m.host = "127.0.0.1";
    m.port = server.tls_port();
    m.security = "tls";
    m.user = server.user();
    CHECK(code_of([&] { app::check_mailbox_connection(m, secrets); }) == "mailbox.certificate");
    m.ca_file = server.ca_file();
    CHECK(app::check_mailbox_connection(m, secrets).messages == 0);
    m.port = server.port();  // plain IMAP with STARTTLS offered
    m.security = "starttls";
    CHECK(app::check_mailbox_connection(m, secrets).folder == "INBOX");
}
