// mailbox check at scale: N customers (default 500), N messages in the shop's inbox on a real
// IMAP server (dovecot, as the tests start it): a third BAJA replies, a third questions for
// the owner, a sixth hard bounces, a sixth the shop's other mail. The real clientela-cli runs
// `mailbox check` once (everything new) and once more (everything known). Prints messages
// classified per second. Not part of the test suite.
//
//   mailbox_bench [--messages N]
#include "app/consent_desk.hpp"
#include "app/session.hpp"
#include "bench_report.hpp"
#include "dovecot_server.hpp"
#include "process.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>

#include <unistd.h>

using namespace clientela;

namespace {

std::string reply(int i, const std::string& from, const std::string& subject, const std::string& body) {
    return "From: " + from + "\r\nTo: baja@tienda.example\r\nSubject: " + subject +
           "\r\nDate: Fri, 04 Dec 2026 10:00:00 +0100\r\nMessage-ID: <bench" + std::to_string(i) +
           "@cliente.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body;
}

std::string bounce(int i, const std::string& failed) {
    return "From: MAILER-DAEMON@mx.example\r\nTo: tienda@tienda.example\r\nSubject: Undelivered Mail\r\n"
           "Message-ID: <rebote" + std::to_string(i) + "@mx.example>\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/plain\r\n\r\nNot delivered.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; " + failed +
           "\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--b--\r\n";
}

}  // namespace

int main(int argc, char** argv) {
    int n = 500;
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::string(argv[i]) == "--messages") n = std::max(6, std::atoi(argv[i + 1]));
    }
    const auto dir = std::filesystem::temp_directory_path() / ("clientela-mailbox-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string db = (dir / "shop.db").string();
    {
        app::Session s(db);
        const auto wording = app::add_wording(s, "Acepto recibir ofertas de la tienda por email.", "es", "email");
        for (int i = 0; i < n; ++i) {
            app::NewContact c;
            c.name = "Cliente " + std::to_string(i);
            c.emails = {"cliente" + std::to_string(i) + "@example.es"};
            const auto added = s.add_contact(c);
            app::ConsentRequest g;
            g.contact_ref = added.contact.uuid;
            g.wording_id = wording.wording.id;
            g.recorded_by = "bench";
            app::record_consent(s, g);
        }
    }
    test::DovecotServer imap;
    for (int i = 0; i < n; ++i) {
        const std::string customer = "cliente" + std::to_string(i) + "@example.es";
        switch (i % 6) {
            case 0:
            case 1: imap.deliver(reply(i, customer, "Re: Ofertas", "Quiero darme de baja, gracias.\r\n")); break;
            case 2:
            case 3: imap.deliver(reply(i, customer, "Re: Ofertas", "¿Tenéis lana merino en azul?\r\n")); break;
            case 4: imap.deliver(bounce(i, customer)); break;
            default: imap.deliver(reply(i, "proveedor@otro.example", "Factura " + std::to_string(i), "Adjunta.\r\n"));
        }
    }
    const std::map<std::string, std::string> env{{"USER", "bench"},
                                                 {"XDG_CONFIG_HOME", (dir / "config").string()},
                                                 {"CLIENTELA_SECRET_BACKEND", "file"},
                                                 {"LC_ALL", "C"}};
    auto cli = [&](std::vector<std::string> args, const std::string& in = "") {
        args.insert(args.begin(), {CLIENTELA_CLI, "--db", db});
        return test::run_process(args, env, in);
    };
    const auto set = cli({"mailbox", "set", "--host", "127.0.0.1", "--port", std::to_string(imap.port()),
                          "--security", "none", "--user", imap.user(), "--password-stdin"},
                         imap.password() + "\n");
    if (set.exit_code != 0) {
        std::cerr << set.err;
        return 1;
    }
    bench::Stopwatch first;
    const auto r1 = cli({"mailbox", "check", "--json"});
    const double first_s = first.seconds();
    bench::Stopwatch second;
    const auto r2 = cli({"mailbox", "check", "--json"});
    const double second_s = second.seconds();
    if (r1.exit_code != 0 || r2.exit_code != 0) {
        std::cerr << r1.err << r2.err;
        return 1;
    }
    const auto j1 = nlohmann::json::parse(r1.out);
    const auto j2 = nlohmann::json::parse(r2.out);
    // Each message's outcome against what was delivered (a wrong one is named on stderr).
    int unexpected = 0;
    for (const auto& item : j1["items"]) {
        const std::string subject = item["subject"];
        const std::string outcome = item["outcome"];
        const std::string from = item["from"];
        const bool stranger = from.rfind("proveedor@", 0) == 0;
        const bool bounce_mail = subject == "Undelivered Mail";
        const std::string expected = stranger ? "ignored" : bounce_mail ? "bounce_hard" : "";
        if (!expected.empty() && outcome != expected) {
            ++unexpected;
            bench::Report::progress("unexpected: " + item.dump());
        }
    }
    bench::Report report;
    report.add("messages", n, "count", "messages in the inbox");
    report.add("withdrawn", j1["counts"]["withdrawn"].get<double>(), "count", "withdrawals recorded");
    report.add("pending", j1["counts"]["pending"].get<double>(), "count", "replies for the owner");
    report.add("bounces", j1["counts"]["bounce_hard"].get<double>(), "count", "hard bounces");
    report.add("ignored", j1["counts"]["ignored"].get<double>(), "count", "the shop's other mail");
    report.add("unexpected", unexpected, "count", "strangers or bounces taken as something else");
    report.add("first_check_s", first_s, "s", "first check: fetch, classify, act, restore flags");
    report.add("first_check_rate", n / first_s, "messages/s", "messages classified per second (first check)");
    report.add("second_check_s", second_s, "s", "second check: everything known, nothing fetched",
               "fetched " + std::to_string(j2["fetched"].get<int>()));
    report.print("mailbox check");
    std::filesystem::remove_all(dir);
    return 0;
}
