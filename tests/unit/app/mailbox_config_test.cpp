// The mailbox settings as the app keeps them (database + secrets store) turned into a
// working IMAP client against a real dovecot: the path `mailbox check` takes.
#include "app/mailbox_config.hpp"

#include "../../integration/dovecot_server.hpp"
#include "../store/temp_dir.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

using namespace clientela;
using clientela::test::DovecotServer;
using clientela::test::TempDir;

TEST_CASE("mailbox settings from the database and the secrets store reach the mailbox", "[imap]") {
    TempDir dir;
    app::Session session(dir.file("shop.db"));
    app::SecretStore secrets(dir.file("secrets"));
    CHECK_FALSE(app::mailbox_configured(app::mailbox_settings(session)));
    CHECK_THROWS_WITH(app::imap_settings(app::mailbox_settings(session), secrets),
                      Catch::Contains("no mailbox is set: clientela-cli mailbox set --host"));

    DovecotServer server;
    const std::string raw = "From: ana@example.es\r\nSubject: BAJA\r\nMessage-ID: <b1@example.es>\r\n\r\nBAJA\r\n";
    const std::string name = server.deliver(raw);
    MailboxSettings m;
    m.host = "127.0.0.1";
    m.port = server.port();
    m.security = "none";
    m.user = server.user();
    app::save_mailbox_settings(session, m);
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
    app::Session session(dir.file("shop.db"));
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
