// mailbox check end to end: the real clientela-cli reads the shop's mailbox on a real IMAP
// server (dovecot, started by the test) and acts on what customers sent: BAJA in a reply's
// body, a SÍ to a double opt-in confirmation email, a hard bounce, a forwarded one-click URL,
// a reply for the owner to decide, and the shop's other mail (left alone). The inbox looks
// untouched afterwards; a second check (or another till) does nothing; campaign send reads
// the mailbox first and stops when it cannot.
#include "dovecot_server.hpp"
#include "outreach_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using clientela::test::DovecotServer;
using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

namespace {

std::string mail(const std::string& from, const std::string& subject, const std::string& body,
                 const std::string& extra_headers = "") {
    static int n = 0;
    ++n;
    return "From: " + from + "\r\nTo: baja@aguja.es\r\nSubject: " + subject +
           "\r\nDate: Fri, 04 Dec 2026 10:00:00 +0100\r\nMessage-ID: <respuesta" + std::to_string(n) +
           "@cliente.example>\r\n" + extra_headers + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;
}

std::string bounce(const std::string& failed) {
    return "From: MAILER-DAEMON@mx.example\r\nTo: tienda@aguja.es\r\nSubject: Undelivered Mail Returned to Sender\r\n"
           "Date: Fri, 04 Dec 2026 10:01:00 +0100\r\nMessage-ID: <rebote1@mx.example>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\r\n\r\n"
           "--b1\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be "
           "delivered.\r\n--b1\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
           "Final-Recipient: rfc822; " + failed + "\r\nAction: failed\r\nStatus: 5.1.1\r\n"
           "Diagnostic-Code: smtp; 550 5.1.1 <" + failed + ">: Recipient address rejected: User unknown\r\n"
           "\r\n--b1--\r\n";
}

void configure_mailbox(const Shop& shop, const DovecotServer& imap, const std::string& password = "") {
    const auto r = shop.cli({"mailbox", "set", "--host", "127.0.0.1", "--port", std::to_string(imap.port()),
                             "--security", "none", "--user", imap.user(), "--password-stdin"},
                            (password.empty() ? imap.password() : password) + "\n");
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

json check(const Shop& shop) {
    const auto r = shop.cli({"mailbox", "check", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

json item_from(const json& report, const std::string& from) {
    for (const auto& i : report["items"]) {
        if (i["from"] == from) return i;
    }
    FAIL("no item from " << from);
    return {};
}

std::string state_of(const Shop& shop, const std::string& id, const std::string& channel = "email") {
    const auto h = json::parse(shop.cli({"consent", "history", id, "--json"}).out);
    for (const auto& s : h["states"]) {
        if (s["channel"] == channel && s["purpose"] == "marketing") {
            return s["status"].get<std::string>() + (s["confirmed"].get<bool>() ? "+confirmed" : "");
        }
    }
    return "none";
}

}  // namespace

TEST_CASE("mailbox check: what customers sent to the shop's inbox is acted on once, and the inbox looks untouched") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    const auto marta = shop.add({"--name", "Marta Gil", "--email", "marta@example.es"});
    const auto pepe = shop.add({"--name", "Pepe Sanz", "--email", "pepe.viejo@example.es"});
    const auto rosa = shop.add({"--name", "Rosa Vidal", "--email", "rosa@example.es", "--tag", "web"});
    const auto eva = shop.add({"--name", "Eva Ruiz", "--email", "eva@example.es"});
    for (const auto& id : {ana, pepe, rosa, eva}) shop.consent("grant", id, "email");
    // Luis signed up on the web form: his grant waits for his confirmation by email.
    REQUIRE(shop.cli({"consent", "grant", luis, "--channel", "email", "--purpose", "marketing", "--method",
                      "web_form", "--wording", shop.email_wording, "--evidence", "formulario web"})
                .exit_code == 0);
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    const auto request = json::parse(shop.cli({"consent", "request-confirmation", luis, "--json"}).out);
    REQUIRE(request["status"] == "sent");
    const std::string request_id = request["message_id"];
    // Rosa's one-click link from a campaign email, as the shop's web host forwards it.
    REQUIRE(shop.cli({"campaign", "create", "--name", "Web", "--channel", "email", "--subject", "Novedades",
                      "--text", "Hola {nombre}", "--tag", "web"})
                .exit_code == 0);
    const auto preview = json::parse(shop.cli({"campaign", "preview", "Web", "--json"}).out);
    const std::string raw_preview = preview.dump();
    std::smatch link;
    REQUIRE(std::regex_search(raw_preview, link, std::regex("https://aguja\\.es/baja\\?c=" + rosa + "&k=[0-9a-f-]+&t=[A-Za-z0-9_-]+")));

    DovecotServer imap;
    std::vector<std::string> delivered;
    delivered.push_back(imap.deliver(mail("Ana Núñez <ana@example.es>", "Re: Rebajas de otoño",
                                          "Hola, quiero darme de baja, gracias.\r\n\r\n"
                                          "El lun, 1 dic 2026, Mercería La Aguja escribió:\r\n> Hola Ana\r\n")));
    delivered.push_back(imap.deliver(mail("luis@example.es", "Re: Confirma que quieres recibir nuestros correos",
                                          "SÍ\r\n", "In-Reply-To: " + request_id + "\r\n")));
    delivered.push_back(imap.deliver(bounce("pepe.viejo@example.es")));
    delivered.push_back(imap.deliver(mail("formulario@aguja.es", "Baja desde la web", "URL: " + link.str() + "\r\n")));
    delivered.push_back(imap.deliver(mail("Marta Gil <marta@example.es>", "Re: Rebajas",
                                          "¿Tenéis lana merino en azul marino?\r\n")));
    delivered.push_back(imap.deliver(mail("facturas@proveedor.example", "Factura 2026-118", "Adjuntamos la factura.\r\n")));
    // Eva's BAJA, opened on the shop's phone before the program looked: still a BAJA.
    const std::string already_read = imap.deliver(mail("Eva Ruiz <eva@example.es>", "Re: Rebajas", "BAJA\r\n"), true);
    configure_mailbox(shop, imap);

    const auto report = check(shop);
    CHECK(report["unseen"] == 6);
    CHECK(report["read"] == 1);
    CHECK(report["fetched"] == 7);
    CHECK(report["counts"]["withdrawn"] == 3);  // Ana (body), Rosa (one-click URL), Eva (read already)
    CHECK(report["counts"]["confirmed"] == 1);
    CHECK(report["counts"]["bounce_hard"] == 1);
    CHECK(report["counts"]["pending"] == 1);
    CHECK(report["counts"]["ignored"] == 1);
    CHECK(item_from(report, "ana@example.es")["outcome"] == "withdrawn");
    CHECK(item_from(report, "luis@example.es")["outcome"] == "confirmed");
    CHECK(item_from(report, "formulario@aguja.es")["outcome"] == "withdrawn");
    CHECK(item_from(report, "marta@example.es")["outcome"] == "pending");
    CHECK(item_from(report, "facturas@proveedor.example")["outcome"] == "ignored");
    CHECK(item_from(report, "eva@example.es")["outcome"] == "withdrawn");

    CHECK(state_of(shop, ana) == "withdrawn");
    CHECK(state_of(shop, luis) == "granted+confirmed");
    CHECK(state_of(shop, rosa) == "withdrawn");
    CHECK(state_of(shop, eva) == "withdrawn");
    CHECK(state_of(shop, marta) == "none");
    // The confirmation cites the reply; the bounced address is undeliverable.
    const auto luis_history = json::parse(shop.cli({"consent", "history", luis, "--json"}).out)["events"];
    CHECK(luis_history.back()["action"] == "confirm");
    CHECK(luis_history.back()["method"] == "email_reply");
    CHECK(luis_history.back()["evidence"].get<std::string>().find(request_id) != std::string::npos);
    const auto pepe_shown = json::parse(shop.cli({"show", pepe, "--json"}).out);
    CHECK(pepe_shown["points"][0]["undeliverable"] == true);
    // Marta's question waits for the owner; the supplier's invoice is not kept anywhere.
    const auto pending = json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"];
    REQUIRE(pending.size() == 1);
    CHECK(pending[0]["from"] == "marta@example.es");
    CHECK_FALSE(clientela::test::stored_anywhere(shop.db, "Factura 2026-118"));

    // The owner's inbox looks as before: everything still unread, the read one still read.
    for (const auto& name : delivered) CHECK_FALSE(imap.is_seen(name));
    CHECK(imap.is_seen(already_read));

    // A second check, or another till, does nothing again.
    const auto events_before = json::parse(shop.cli({"stats", "--json"}).out)["consent_events"].get<int>();
    const auto again = check(shop);
    CHECK(again["unseen"] == 6);
    CHECK(again["read"] == 1);
    CHECK(again["taken_in_before"] == 7);
    CHECK(again["fetched"] == 0);
    CHECK(json::parse(shop.cli({"stats", "--json"}).out)["consent_events"].get<int>() == events_before);
    CHECK(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"].size() == 1);
}

TEST_CASE("mailbox check: campaign send reads the mailbox first, and a mailbox it cannot read stops the send") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    shop.consent("grant", ana, "email");
    shop.consent("grant", luis, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso",
                      "--text", "Hola {nombre}"})
                .exit_code == 0);
    DovecotServer imap;
    imap.deliver(mail("ana@example.es", "BAJA", "\r\n"));

    // A wrong password: nothing is sent, and the reason says how to go on.
    configure_mailbox(shop, imap, "no-es-esta");
    auto r = shop.cli({"campaign", "send", "Aviso"});
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("mailbox could not be read before sending") != std::string::npos);
    CHECK(r.err.find("--skip-mailbox-check") != std::string::npos);
    CHECK(received_in(out).empty());
    // The owner may choose to send anyway.
    REQUIRE(shop.cli({"campaign", "create", "--name", "Prueba", "--channel", "email", "--subject", "Prueba", "--text",
                      "Hola"})
                .exit_code == 0);

    // With the right one, Ana's BAJA waiting in the inbox is honoured before anyone is sent to.
    configure_mailbox(shop, imap);
    r = shop.cli({"campaign", "send", "Aviso"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("mailbox checked first: 1 new, 1 withdrawals") != std::string::npos);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].envelope["rcpt_tos"][0] == "luis@example.es");

    // The owner may send without reading the mailbox (here: it cannot be read).
    configure_mailbox(shop, imap, "no-es-esta");
    r = shop.cli({"campaign", "send", "Prueba", "--skip-mailbox-check"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(received_in(out).size() == 2);
}
