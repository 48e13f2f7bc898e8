// Taking in received mail over the database: one transaction per message that also
// remembers it, withdrawals, bounces, the pending list and the owner's decisions.
#include "app/mail_intake.hpp"
#include "store/messages_repo.hpp"

#include "../store/temp_dir.hpp"
#include "core/errors.hpp"
#include "export_shop.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace clientela;
using clientela::test::ExportShop;
using clientela::test::TempDir;

namespace {

app::RawMail mail(const std::string& from, const std::string& subject, const std::string& body,
                  const std::string& message_id = "", std::int64_t uid = 0) {
    app::RawMail m;
    m.source = "test:" + subject;
    if (uid) {
        m.folder = "INBOX";
        m.uidvalidity = 7;
        m.uid = uid;
        m.source = "imap://127.0.0.1/INBOX;UID=" + std::to_string(uid);
    }
    m.bytes = "From: " + from + "\r\nSubject: " + subject + "\r\n" +
              (message_id.empty() ? "" : "Message-ID: " + message_id + "\r\n") + "\r\n" + body;
    return m;
}

int withdrawals(app::Session& s, const std::string& uuid) {
    int n = 0;
    for (const auto& e : s.ledger().history(uuid)) n += e.action == ConsentAction::withdraw;
    return n;
}

}  // namespace

TEST_CASE("intake withdraws, keeps the unclassified and remembers every message once") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es"});
    const auto luis = shop.add("Luis Pérez", {}, {"Luis@Example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const std::vector<app::RawMail> mails{
        mail("ana@example.es", "Re: Rebajas", "BAJA\r\n", "<a1@example.es>"),
        mail("LUIS@example.es", "Re: ¿El precio baja la semana que viene?", "Me interesa\r\n", "<l1@example.es>"),
        mail("nadie@example.es", "baja", "", "<n1@example.es>"),
        mail("ana@example.es", "Re: Rebajas", "Sí\r\n"),  // no Message-ID: remembered by a hash
        mail("ana@example.es", "Out of office", "Fuera hasta el lunes\r\n", "<o1@example.es>"),
    };
    const auto r = app::take_in(shop.s, mails);
    CHECK(r.read == 5);
    REQUIRE(r.items.size() == 5);
    CHECK(r.items[0].outcome == "withdrawn");
    CHECK(r.items[0].contact_uuid == ana);
    CHECK(r.items[0].event_seq > 0);
    CHECK(r.items[1].outcome == "pending");
    CHECK(r.items[1].contact_uuid == luis);  // matched whatever the case
    CHECK(r.items[2].outcome == "unknown_address");
    CHECK(r.items[3].outcome == "pending");
    CHECK(r.items[3].classification == "confirm_yes");
    CHECK(r.items[4].outcome == "ignored");
    CHECK(r.withdrawn == 1);
    CHECK(r.pending == 2);
    CHECK(r.ignored == 1);
    CHECK(withdrawals(shop.s, ana) == 1);
    const auto& evidence = shop.s.ledger().history(ana).back();
    CHECK(evidence.method == ConsentMethod::email_reply);

    const auto pending = app::list_pending(shop.s);
    REQUIRE(pending.size() == 2);
    CHECK(pending[0].from_address == "LUIS@example.es");
    CHECK(pending[0].reply_text == "Me interesa");
    CHECK(pending[0].message_id == "<l1@example.es>");

    // Again: nothing happens.
    const auto again = app::take_in(shop.s, mails);
    CHECK(again.duplicates == 5);
    CHECK(app::list_pending(shop.s).size() == 2);
    CHECK(withdrawals(shop.s, ana) == 1);
    CHECK(shop.s.ledger().verify().ok());
}

TEST_CASE("IMAP messages are remembered by folder, UIDVALIDITY and UID as well") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es"});
    auto r = app::take_in(shop.s, {mail("ana@example.es", "hola", "gracias\r\n", "<i1@x.es>", 11),
                                   mail("ana@example.es", "hola", "gracias\r\n", "", 12)});
    CHECK(r.pending == 2);
    CHECK(app::known_uids(shop.s, "INBOX", 7) == std::set<std::int64_t>{11, 12});
    CHECK(app::known_uids(shop.s, "INBOX", 8).empty());
    // The same UID with other bytes (another Message-ID) is still the same message.
    r = app::take_in(shop.s, {mail("ana@example.es", "otra", "x\r\n", "<i2@x.es>", 11)});
    CHECK(r.duplicates == 1);
    // The same Message-ID under another UID (copied to another folder) too.
    r = app::take_in(shop.s, {mail("ana@example.es", "hola", "gracias\r\n", "<i1@x.es>", 99)});
    CHECK(r.duplicates == 1);
    (void)ana;
}

TEST_CASE("bounces are counted: a hard one names the failed address") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    auto dsn = [](const std::string& id, const std::string& action, const std::string& status) {
        app::RawMail m;
        m.source = "dsn";
        m.bytes = "From: MAILER-DAEMON@mx.es\nSubject: Undelivered\nMessage-ID: " + id +
                  "\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
                  "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.es\n\n"
                  "Final-Recipient: rfc822; nadie@example.es\nAction: " + action + "\nStatus: " + status + "\n\n--B--\n";
        return m;
    };
    const auto r = app::take_in(shop.s, {dsn("<d1@mx>", "failed", "5.1.1"), dsn("<d2@mx>", "delayed", "4.2.2")});
    CHECK(r.bounces_hard == 1);
    CHECK(r.bounces_soft == 1);
    CHECK(r.items[0].outcome == "bounce_hard");
    CHECK(r.items[0].failed_addresses == std::vector<std::string>{"nadie@example.es"});
    CHECK(r.items[0].detail == "nadie@example.es");
    CHECK(r.items[1].outcome == "bounce_soft");
    CHECK(app::list_pending(shop.s).empty());
}

TEST_CASE("the owner resolves pending replies: withdraw records it with the reply, ignore drops it") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto luis = shop.add("Luis Pérez", {}, {"luis@example.es"});
    shop.record(luis, ConsentAction::grant, Channel::email);
    // Someone who is no customer answers a campaign email forwarded to them: kept, since it
    // answers a message the shop sent (its Message-ID is in the log).
    Message sent;
    sent.contact_uuid = luis;
    sent.status = MessageStatus::sent;
    sent.provider_id = "<c1@aguja.es>";
    sent.created_at = sent.updated_at = now_utc();
    store::MessagesRepo(shop.s.database()).log(sent);
    auto forwarded = mail("otro@example.es", "Re: Rebajas", "Hola\r\n", "<p3@x.es>");
    forwarded.bytes = "In-Reply-To: <c1@aguja.es>\r\n" + forwarded.bytes;
    app::take_in(shop.s, {mail("luis@example.es", "Re: Rebajas", "Ya no vivo en Madrid\r\n", "<p1@x.es>"),
                          mail("luis@example.es", "Re: Rebajas", "¿Abrís el sábado?\r\n", "<p2@x.es>"), forwarded});
    const auto pending = app::list_pending(shop.s);
    REQUIRE(pending.size() == 3);
    CHECK_THROWS_AS(app::resolve_pending(shop.s, 999, app::PendingDecision::ignore), NotFoundError);
    CHECK_THROWS_AS(app::resolve_pending(shop.s, pending[2].id, app::PendingDecision::withdraw), ValidationError);
    const auto w = app::resolve_pending(shop.s, pending[0].id, app::PendingDecision::withdraw);
    CHECK(w.outcome == "withdrawn");
    CHECK(w.contact_uuid == luis);
    CHECK(withdrawals(shop.s, luis) == 1);
    const auto i = app::resolve_pending(shop.s, pending[1].id, app::PendingDecision::ignore);
    CHECK(i.outcome == "ignored");
    CHECK(withdrawals(shop.s, luis) == 1);
    REQUIRE(app::list_pending(shop.s).size() == 1);
    CHECK(app::list_pending(shop.s)[0].id == pending[2].id);
    CHECK(shop.s.ledger().verify().ok());
}

TEST_CASE("mbox and maildir files give whole messages with their sources") {
    TempDir dir;
    const auto path = dir.file("r.mbox");
    std::ofstream(path) << "From a@x Mon Dec  1 10:00:00 2026\nFrom: a@x.es\nSubject: uno\n\nlinea\n>From here\n\n"
                           "From b@x Mon Dec  1 10:00:00 2026\nFrom: b@x.es\nSubject: dos\n\nBAJA\n";
    const auto mails = app::read_mbox(path);
    REQUIRE(mails.size() == 2);
    CHECK(mails[0].source == path + ":1");
    CHECK(mails[0].bytes == "From: a@x.es\nSubject: uno\n\nlinea\nFrom here\n");
    CHECK(mails[1].source == path + ":8");
    CHECK(mails[1].bytes.find("BAJA") != std::string::npos);
    CHECK_THROWS_AS(app::read_mbox(dir.file("none")), NotFoundError);
    std::filesystem::create_directories(dir.path() / "md" / "new");
    std::filesystem::create_directories(dir.path() / "md" / "cur");
    std::ofstream(dir.path() / "md" / "new" / "1.h") << "From: a@x.es\r\n\r\nBAJA\r\n";
    std::ofstream(dir.path() / "md" / "cur" / "2.h:2,S") << "From: b@x.es\r\n\r\nhola\r\n";
    const auto md = app::read_maildir((dir.path() / "md").string());
    REQUIRE(md.size() == 2);
    CHECK(md[0].bytes == "From: b@x.es\r\n\r\nhola\r\n");  // cur before new
    CHECK(md[1].bytes.find("BAJA") != std::string::npos);
}
