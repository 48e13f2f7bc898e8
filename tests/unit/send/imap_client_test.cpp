// ImapClient against a real dovecot (tests/integration/dovecot_server): listing unseen
// messages, fetching their exact bytes, putting \Seen back, and the owner-readable errors.
#include "send/imap_client.hpp"

#include "../../integration/dovecot_server.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <set>

using namespace clientela;
using namespace clientela::send;
using clientela::test::DovecotServer;

namespace {

std::string mail(int n) {
    return "From: Cliente " + std::to_string(n) + " <cliente" + std::to_string(n) +
           "@example.es>\r\nTo: baja@aguja.es\r\nSubject: =?UTF-8?Q?Re:_Rebajas_de_oto=C3=B1o?=\r\nMessage-ID: <r" +
           std::to_string(n) +
           "@example.es>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nBAJA, por favor.\r\n"
           "Línea con acento " +
           std::to_string(n) + "\r\n\r\n> Hola Ana:\r\n> hilos y lanas al 20 %.\r\n";
}

ImapSettings settings_for(const DovecotServer& server) {
    ImapSettings s;
    s.host = "127.0.0.1";
    s.port = server.port();
    s.security = SmtpSecurity::none;
    s.user = server.user();
    s.password = server.password();
    s.timeout_seconds = 20;
    return s;
}

MailboxError::Kind error_kind(ImapClient& client, std::string& message) {
    try {
        client.list_unseen();
    } catch (const MailboxError& e) {
        message = e.what();
        return e.kind();
    }
    FAIL("list_unseen did not fail");
    return MailboxError::Kind::protocol;
}

}  // namespace

TEST_CASE("ImapClient lists unseen messages, fetches their exact bytes and leaves them unseen again", "[imap]") {
    DovecotServer server;
    const std::string a = server.deliver(mail(1));
    const std::string read_already = server.deliver(mail(2), /*seen=*/true);
    const std::string c = server.deliver(mail(3));

    ImapClient client(settings_for(server));
    const MailboxListing listing = client.list_unseen();
    CHECK(listing.folder == "INBOX");
    CHECK(listing.uidvalidity != 0);
    REQUIRE(listing.unseen.size() == 2);  // the one already read is not listed
    CHECK(!server.is_seen(a));
    CHECK(!server.is_seen(c));

    std::multiset<std::string> fetched;
    for (auto uid : listing.unseen) fetched.insert(client.fetch(uid));
    CHECK(fetched == std::multiset<std::string>{mail(1), mail(3)});
    // libcurl fetched BODY[]: the server now has them as read...
    CHECK(server.is_seen(a));
    CHECK(server.is_seen(c));

    client.restore_unseen(listing.unseen);
    // ...and after the restore the owner's inbox looks as before.
    CHECK(!server.is_seen(a));
    CHECK(!server.is_seen(c));
    CHECK(server.is_seen(read_already));

    // A second look (a new client, a new connection) sees the same folder and messages.
    ImapClient again(settings_for(server));
    const MailboxListing second = again.list_unseen();
    CHECK(second.uidvalidity == listing.uidvalidity);
    CHECK(second.unseen == listing.unseen);

    // Messages already processed are skipped: only the new one is fetched.
    const std::string d = server.deliver(mail(4));
    const MailboxListing third = again.list_unseen();
    const std::set<std::uint32_t> known(listing.unseen.begin(), listing.unseen.end());
    const auto fresh = new_uids(third, known);
    REQUIRE(fresh.size() == 1);
    CHECK(fresh[0] > *std::max_element(listing.unseen.begin(), listing.unseen.end()));
    CHECK(again.fetch(fresh[0]) == mail(4));
    CHECK(!server.is_seen(a));  // not fetched this time
    again.restore_unseen(fresh);
    CHECK(!server.is_seen(d));

    // With a date, the messages already read since then are listed too (a BAJA opened on the
    // phone); from tomorrow on there are none.
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const MailboxListing with_read = again.list_unseen(imap_date(now - 24 * 3600));
    REQUIRE(with_read.read.size() == 1);
    CHECK(again.fetch(with_read.read[0]) == mail(2));
    CHECK(server.is_seen(read_already));
    CHECK(with_read.unseen == third.unseen);
    CHECK(again.list_unseen(imap_date(now + 2 * 24 * 3600)).read.empty());
    CHECK(new_uids(with_read, known).size() == 2);  // the new one and the read one
}

TEST_CASE("imap_date writes a day as IMAP's SEARCH SINCE wants it") {
    CHECK(imap_date(0) == "1-Jan-1970");
    CHECK(imap_date(1796398200) == "4-Dec-2026");  // 2026-12-04 15:30 UTC
    CHECK(imap_date(1796398200 - 4 * 24 * 3600) == "30-Nov-2026");
}

TEST_CASE("ImapClient reads another folder and an empty one", "[imap]") {
    DovecotServer server;
    server.add_folder("Bajas");
    const std::string in_bajas = server.deliver(mail(7), false, "Bajas");
    server.deliver(mail(8));  // INBOX

    auto s = settings_for(server);
    s.folder = "Bajas";
    ImapClient client(s);
    const auto listing = client.list_unseen();
    REQUIRE(listing.unseen.size() == 1);
    CHECK(client.fetch(listing.unseen[0]) == mail(7));
    client.restore_unseen(listing.unseen);
    CHECK(!server.is_seen(in_bajas, "Bajas"));

    DovecotServer empty;
    ImapClient none(settings_for(empty));
    const auto nothing = none.list_unseen();
    CHECK(nothing.unseen.empty());
    CHECK(nothing.uidvalidity != 0);
    none.restore_unseen({});  // nothing to do
}

TEST_CASE("ImapClient says clearly why the mailbox cannot be read", "[imap]") {
    DovecotServer server;
    server.deliver(mail(1));
    std::string message;

    SECTION("wrong password") {
        auto s = settings_for(server);
        s.password = "not-the-password";
        ImapClient client(s);
        CHECK(error_kind(client, message) == MailboxError::Kind::login);
        CHECK_THAT(message, Catch::Contains("refused the login of 'tienda'"));
        CHECK_THAT(message, Catch::Contains("password"));
        CHECK_THAT(message, !Catch::Contains("not-the-password"));
    }
    SECTION("folder missing") {
        auto s = settings_for(server);
        s.folder = "Bajas";
        ImapClient client(s);
        CHECK(error_kind(client, message) == MailboxError::Kind::folder);
        CHECK_THAT(message, Catch::Contains("folder 'Bajas'"));
    }
    SECTION("nobody listening") {
        auto s = settings_for(server);
        server.stop();
        ImapClient client(s);
        CHECK(error_kind(client, message) == MailboxError::Kind::connection);
        CHECK_THAT(message, Catch::Contains("cannot reach the mail server 127.0.0.1:" + std::to_string(s.port)));
    }
    SECTION("STARTTLS required but not offered") {
        auto s = settings_for(server);
        s.security = SmtpSecurity::starttls;
        ImapClient client(s);
        CHECK(error_kind(client, message) == MailboxError::Kind::tls);
        CHECK_THAT(message, Catch::Contains("STARTTLS"));
    }
    SECTION("a UID that is not there") {
        ImapClient client(settings_for(server));
        client.list_unseen();
        try {
            client.fetch(999);
            FAIL("fetch did not fail");
        } catch (const MailboxError& e) {
            CHECK(e.kind() == MailboxError::Kind::message);
            CHECK_THAT(std::string(e.what()), Catch::Contains("UID 999"));
        }
    }
}

TEST_CASE("ImapClient over TLS trusts a private CA given as ca_file, and only then", "[imap]") {
    DovecotServer server(DovecotServer::Options{"tienda", "s3cret-Ñ", true});
    const std::string a = server.deliver(mail(1));
    auto s = settings_for(server);

    SECTION("imaps") {
        s.security = SmtpSecurity::tls;
        s.port = server.tls_port();
    }
    SECTION("STARTTLS") {
        s.security = SmtpSecurity::starttls;
    }
    {
        ImapClient untrusted(s);
        std::string message;
        CHECK(error_kind(untrusted, message) == MailboxError::Kind::tls);
        CHECK_THAT(message, Catch::Contains("certificate"));
        CHECK_THAT(message, Catch::Contains("--ca-file"));
    }
    s.ca_file = server.ca_file();
    ImapClient client(s);
    const auto listing = client.list_unseen();
    REQUIRE(listing.unseen.size() == 1);
    CHECK(client.fetch(listing.unseen[0]) == mail(1));
    client.restore_unseen(listing.unseen);
    CHECK(!server.is_seen(a));
}
