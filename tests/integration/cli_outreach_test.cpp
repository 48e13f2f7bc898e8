// Outreach end to end with the real clientela-cli: campaigns sent to a local SMTP server
// (aiosmtpd) and a local WhatsApp Cloud API stand-in, resumed runs, unsubscribe replies,
// message history.
#include "outreach_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using clientela::test::LocalServer;
using clientela::test::ProcessResult;
using clientela::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

using namespace clientela::test::outreach;

TEST_CASE("outreach: a campaign reaches exactly the allowed audience by email and WhatsApp, once") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--phone", "612345678", "--email", "ana@example.es"});
    const auto carmen = shop.add({"--name", "Carmen Ruiz", "--email", "carmen@example.es"});
    const auto pedro = shop.add({"--name", "Pedro Gil", "--phone", "611222333"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    const auto marta = shop.add({"--name", "Marta Soler", "--email", "marta@example.es"});
    const auto ana_seq = shop.consent("grant", ana, "email");
    const auto carmen_seq = shop.consent("grant", carmen, "email", {"--basis", "existing_customer"});
    const auto pedro_seq = shop.consent("grant", pedro, "whatsapp_business");
    shop.consent("grant", marta, "email");
    shop.consent("withdraw", marta, "email");

    const std::string out = shop.dir.file("smtp-out");
    const std::string wa_log = shop.dir.file("wa.jsonl");
    LocalServer smtp = smtp_server(shop, out);
    LocalServer wa(kServers + "/whatsapp_fake.py",
                   {"--out", wa_log, "--token", "EAAtoken123", "--phone-number-id", "1098765432"},
                   shop.dir.path().string());
    shop.configure_smtp(smtp.port(), "120");
    shop.configure_whatsapp(wa.port());
    const std::string campaign = shop.create_campaign();
    REQUIRE(campaign == "1");

    SECTION("preview lists who gets it and who not, with reasons") {
        const auto r = shop.cli({"campaign", "preview", campaign, "--json"});
        REQUIRE(r.exit_code == 0);
        const auto p = json::parse(r.out);
        CHECK(p["counts"]["included"] == 3);
        CHECK(p["counts"]["excluded"] == 2);
        std::map<std::string, json> excluded;
        for (const auto& x : p["excluded"]) excluded[x["name"]] = x;
        CHECK(excluded["Luis Pérez"]["reasons"] == json::array({"no_consent", "no_contact_point"}));
        CHECK(excluded["Marta Soler"]["tried"][0] == json({{"channel", "email"}, {"reasons", {"withdrawn"}}}));
        CHECK(p["sample_email"]["text"].get<std::string>().find("Para darte de baja") != std::string::npos);
        CHECK(received_in(out).empty());  // a preview sends nothing
    }

    const auto started = std::chrono::steady_clock::now();
    const auto sent = shop.cli({"campaign", "send", campaign, "--json"});
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO(sent.err);
    REQUIRE(sent.exit_code == 0);
    const auto report = json::parse(sent.out);
    CHECK(report["counts"]["sent"] == 3);
    CHECK(report["counts"]["failed"] == 0);
    CHECK(report["counts"]["excluded"] == 2);
    // 120 a minute: three messages take at least two half-second gaps.
    CHECK(report["seconds"].get<double>() >= 0.95);
    CHECK(elapsed >= 0.95);

    // Email: exactly Ana and Carmen, authenticated with the stored password.
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 2);
    std::set<std::string> recipients;
    for (const auto& m : mails) {
        REQUIRE(m.envelope["rcpt_tos"].size() == 1);
        recipients.insert(m.envelope["rcpt_tos"][0].get<std::string>());
        CHECK(m.envelope["mail_from"] == "tienda@aguja.es");
        CHECK(m.envelope["login"] == "tienda");
    }
    CHECK(recipients == std::set<std::string>{"ana@example.es", "carmen@example.es"});
    const Received& to_ana = mails[0].envelope["rcpt_tos"][0] == "ana@example.es" ? mails[0] : mails[1];
    const Received& to_carmen = &to_ana == &mails[0] ? mails[1] : mails[0];
    CHECK(to_ana.headers.at("Subject").rfind("=?UTF-8?B?", 0) == 0);
    CHECK(clientela::send::decode_header_words(to_ana.headers.at("Subject")) == "¡Rebajas de otoño, Ana Núñez!");
    CHECK(clientela::send::decode_header_words(to_ana.headers.at("From")) == "Mercería La Aguja <tienda@aguja.es>");
    // The one-click URL carries the customer, the campaign and a token (cli_campaign_content_test).
    CHECK(to_ana.headers.at("List-Unsubscribe")
              .rfind("<mailto:baja@aguja.es?subject=baja>, <https://aguja.es/baja?c=" + ana + "&k=", 0) == 0);
    CHECK(to_ana.headers.at("List-Unsubscribe").find("&t=") != std::string::npos);
    CHECK(to_ana.headers.at("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
    CHECK(to_ana.headers.at("MIME-Version") == "1.0");
    CHECK(to_ana.headers.at("Content-Type").rfind("multipart/alternative;", 0) == 0);
    CHECK(to_ana.raw.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
    CHECK(to_ana.text.rfind("Hola Ana Núñez:\r\nesta semana, hilos y lanas al 20 %.\r\n.\r\n", 0) == 0);
    CHECK(to_ana.text.find("Recibes este correo porque aceptaste recibir comunicaciones de Mercería La Aguja.") !=
          std::string::npos);
    CHECK(to_ana.text.find("Para darte de baja, responde a este mensaje con la palabra BAJA o escribe a "
                           "baja@aguja.es") != std::string::npos);
    CHECK(to_ana.html.find("<b>hilos y lanas al 20 %</b>") != std::string::npos);
    CHECK(to_ana.html.find("href=\"mailto:baja@aguja.es?subject=baja\"") != std::string::npos);
    // The existing-customer basis (LSSI art. 21.2) says so in the message.
    CHECK(to_carmen.text.find("Recibes este correo porque eres cliente de Mercería La Aguja.") != std::string::npos);

    // WhatsApp: one template message to Pedro, with the bearer token and the documented shape.
    const auto requests = whatsapp_requests(wa_log);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0]["problems"].empty());
    CHECK(requests[0]["path"] == "/v21.0/1098765432/messages");
    CHECK(requests[0]["authorization"] == "Bearer EAAtoken123");
    CHECK(requests[0]["body"]["to"] == "34611222333");
    CHECK(requests[0]["body"]["template"]["name"] == "rebajas_otono");
    CHECK(requests[0]["body"]["template"]["language"]["code"] == "es");
    CHECK(requests[0]["body"]["template"]["components"][0]["parameters"] ==
          json::parse(R"([{"type":"text","text":"Pedro Gil"},{"type":"text","text":"20 %"}])"));

    // The message log: who, channel, purpose, campaign, authorising consent, provider id.
    const auto history = json::parse(shop.cli({"history", ana, "--json"}).out);
    REQUIRE(history["messages"].size() == 1);
    const auto& m = history["messages"][0];
    CHECK(m["status"] == "sent");
    CHECK(m["channel"] == "email");
    CHECK(m["purpose"] == "marketing");
    CHECK(m["campaign"] == "Rebajas de otoño");
    CHECK(m["authorising_event"] == ana_seq);
    CHECK(m["basis"] == "consent");
    CHECK(m["recipient"] == "ana@example.es");
    CHECK(m["provider_id"] == to_ana.headers.at("Message-ID"));
    CHECK(json::parse(shop.cli({"history", carmen, "--json"}).out)["messages"][0]["authorising_event"] == carmen_seq);
    CHECK(json::parse(shop.cli({"history", carmen, "--json"}).out)["messages"][0]["basis"] == "existing_customer");
    const auto pedro_history = json::parse(shop.cli({"history", pedro, "--json"}).out);
    CHECK(pedro_history["messages"][0]["provider_id"] == "wamid.TEST0001");
    CHECK(pedro_history["messages"][0]["authorising_event"] == pedro_seq);
    CHECK(json::parse(shop.cli({"history", luis, "--json"}).out)["messages"].empty());
    const auto text_history = shop.cli({"history", pedro});
    CHECK(text_history.out.find("whatsapp_business") != std::string::npos);
    CHECK(text_history.out.find("consent event #" + std::to_string(pedro_seq)) != std::string::npos);

    // Sending again sends nobody twice.
    const auto again = shop.cli({"campaign", "send", campaign, "--json"});
    REQUIRE(again.exit_code == 0);
    CHECK(json::parse(again.out)["counts"]["sent"] == 0);
    CHECK(json::parse(again.out)["counts"]["skipped_sent"] == 3);
    CHECK(received_in(out).size() == 2);
    CHECK(whatsapp_requests(wa_log).size() == 1);

    const auto show = json::parse(shop.cli({"campaign", "show", campaign, "--json"}).out);
    CHECK(show["counts"] == json({{"sent", 3}}));
    CHECK(show["sent_at"].is_string());
    CHECK(show["messages"].size() == 3);

    // The password is in the private secrets file, never in the database.
    const std::string secrets = shop.dir.file("config/clientela/secrets");
    struct stat st {};
    REQUIRE(::stat(secrets.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(shop.dir.file("config/clientela").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(slurp(secrets).find("smtp_password=s3cret-Ñ") != std::string::npos);
    for (const auto* f : {"shop.db", "shop.db-wal"}) {
        const auto bytes = slurp(shop.dir.file(f));
        CHECK(bytes.find("s3cret") == std::string::npos);
        CHECK(bytes.find("EAAtoken123") == std::string::npos);
    }
    const auto smtp_show = shop.cli({"smtp", "show", "--json"});
    CHECK(json::parse(smtp_show.out)["password_stored"] == true);
    CHECK(smtp_show.out.find("s3cret") == std::string::npos);
}

TEST_CASE("outreach: failures are reported per recipient, rate limits waited out, interrupted runs resumed") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto rosa = shop.add({"--name", "Rosa Vidal", "--email", "rosa.rechaza@example.es"});
    const auto tomas = shop.add({"--name", "Tomás Ibáñez", "--email", "tomas@example.es"});
    const auto pedro = shop.add({"--name", "Pedro Gil", "--phone", "611222333"});
    const auto sara = shop.add({"--name", "Sara Mora", "--phone", "622333444"});
    for (const auto& who : {ana, rosa, tomas}) shop.consent("grant", who, "email");
    for (const auto& who : {pedro, sara}) shop.consent("grant", who, "whatsapp_business");

    const std::string out = shop.dir.file("smtp-out");
    const std::string wa_log = shop.dir.file("wa.jsonl");
    LocalServer smtp = smtp_server(shop, out);
    LocalServer wa(kServers + "/whatsapp_fake.py",
                   {"--out", wa_log, "--token", "EAAtoken123", "--phone-number-id", "1098765432", "--rate-limit-once",
                    "34611222333", "--undeliverable", "34622333444"},
                   shop.dir.path().string());
    shop.configure_smtp(smtp.port());
    shop.configure_whatsapp(wa.port());
    const std::string campaign = shop.create_campaign();

    // A run that crashed after logging Tomás's message as queued: it may have gone out.
    clientela::test::raw_sql(shop.db,
                             "INSERT INTO messages (contact_uuid, channel, purpose, kind, status, campaign_id, "
                             "consent_seq, created_at, updated_at) VALUES ('" +
                                 tomas + "', 'email', 'marketing', 'sent', 'queued', 1, 3, 1, 1)");

    auto status_of = [](const json& report) {
        std::map<std::string, std::string> s;
        for (const auto& r : report["recipients"]) s[r["name"]] = r["status"];
        return s;
    };
    const auto first = shop.cli({"campaign", "send", campaign, "--json"});
    CHECK(first.exit_code == 1);  // some failed
    const auto r1 = json::parse(first.out);
    CHECK(status_of(r1) == std::map<std::string, std::string>{{"Ana Núñez", "sent"},
                                                              {"Rosa Vidal", "failed"},
                                                              {"Tomás Ibáñez", "skipped_unknown"},
                                                              {"Pedro Gil", "sent"},
                                                              {"Sara Mora", "failed"}});
    CHECK(r1["rate_limit_waits"] == 1);
    CHECK(r1["stopped"] == false);
    for (const auto& r : r1["recipients"]) {
        if (r["name"] == "Rosa Vidal") CHECK(r["error"].get<std::string>().find("550") != std::string::npos);
        if (r["name"] == "Sara Mora") CHECK(r["error"].get<std::string>().find("131026") != std::string::npos);
    }
    auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].envelope["rcpt_tos"] == json::array({"ana@example.es"}));
    auto requests = whatsapp_requests(wa_log);
    REQUIRE(requests.size() == 3);  // Pedro 429, Pedro again 200, Sara 400
    std::vector<int> to_pedro, to_sara;
    for (const auto& q : requests) {
        CHECK(q["problems"].empty());
        (q["body"]["to"] == "34611222333" ? to_pedro : to_sara).push_back(q["status"].get<int>());
    }
    CHECK(to_pedro == std::vector<int>{429, 200});
    CHECK(to_sara == std::vector<int>{400});

    const auto rosa_history = json::parse(shop.cli({"history", rosa, "--json"}).out);
    REQUIRE(rosa_history["messages"].size() == 1);
    CHECK(rosa_history["messages"][0]["status"] == "failed");
    CHECK(rosa_history["messages"][0]["error"].get<std::string>().find("550") != std::string::npos);

    // Resume: failed ones are tried again, sent and unknown ones are not. Rosa's address was
    // refused for good (550 5.1.1): it is undeliverable now, so she is not tried again.
    const auto second = json::parse(shop.cli({"campaign", "send", campaign, "--json"}).out);
    CHECK(status_of(second) == std::map<std::string, std::string>{{"Ana Núñez", "skipped_sent"},
                                                                  {"Tomás Ibáñez", "skipped_unknown"},
                                                                  {"Pedro Gil", "skipped_sent"},
                                                                  {"Sara Mora", "failed"}});
    REQUIRE(second["excluded"].size() == 1);
    CHECK(second["excluded"][0]["id"] == rosa);
    CHECK(second["excluded"][0]["tried"][0] ==
          json({{"channel", "email"}, {"reasons", json::array({"undeliverable"})}}));
    CHECK(received_in(out).size() == 1);
    CHECK(json::parse(shop.cli({"history", rosa, "--json"}).out)["messages"].size() == 1);

    // After checking the server's log the shop may release the unknown one explicitly.
    const auto third = json::parse(shop.cli({"campaign", "send", campaign, "--retry-unknown", "--json"}).out);
    CHECK(status_of(third)["Tomás Ibáñez"] == "sent");
    mails = received_in(out);
    REQUIRE(mails.size() == 2);
    CHECK(mails[1].envelope["rcpt_tos"] == json::array({"tomas@example.es"}));
}

TEST_CASE("outreach: a stopped SMTP server stops the email channel and the rest waits for the next run") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto bea = shop.add({"--name", "Bea Núñez", "--email", "bea@example.es"});
    for (const auto& who : {ana, bea}) shop.consent("grant", who, "email");
    int dead_port = 0;
    {
        LocalServer smtp = smtp_server(shop, shop.dir.file("unused"));
        dead_port = smtp.port();
    }  // stopped: nothing listens there any more
    shop.configure_smtp(dead_port);
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola"})
                .exit_code == 0);
    const auto r = shop.cli({"campaign", "send", "Aviso", "--json"});
    CHECK(r.exit_code == 1);
    const auto report = json::parse(r.out);
    CHECK(report["stopped"] == true);
    CHECK(report["counts"]["failed"] == 1);
    CHECK(report["counts"]["not_attempted"] == 1);
    CHECK(report["recipients"][1]["message_id"].is_null());  // nothing logged for the one not attempted
}

TEST_CASE("outreach: a refused WhatsApp token stops that channel, email goes on") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto pedro = shop.add({"--name", "Pedro Gil", "--phone", "611222333"});
    const auto sara = shop.add({"--name", "Sara Mora", "--phone", "622333444"});
    shop.consent("grant", ana, "email");
    for (const auto& who : {pedro, sara}) shop.consent("grant", who, "whatsapp_business");
    const std::string out = shop.dir.file("smtp-out");
    const std::string wa_log = shop.dir.file("wa.jsonl");
    LocalServer smtp = smtp_server(shop, out);
    LocalServer wa(kServers + "/whatsapp_fake.py",
                   {"--out", wa_log, "--token", "the-right-token", "--phone-number-id", "1098765432"},
                   shop.dir.path().string());
    shop.configure_smtp(smtp.port());
    shop.configure_whatsapp(wa.port());  // stores EAAtoken123: not the server's
    shop.create_campaign();
    const auto r = shop.cli({"campaign", "send", "1", "--json"});
    CHECK(r.exit_code == 1);
    const auto report = json::parse(r.out);
    CHECK(report["stopped"] == true);
    CHECK(report["stop_reason"].get<std::string>().find("(#190)") != std::string::npos);
    CHECK(report["counts"]["sent"] == 1);  // Ana, by email
    CHECK(report["counts"]["failed"] == 1);
    CHECK(report["counts"]["not_attempted"] == 1);
    CHECK(whatsapp_requests(wa_log).size() == 1);  // no second try with a refused token
    CHECK(received_in(out).size() == 1);
}

TEST_CASE("outreach: unsubscribe replies in an mbox or maildir become email_reply withdrawals") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    const auto carmen = shop.add({"--name", "Carmen Ruiz", "--email", "carmen@example.es"});
    shop.consent("grant", ana, "email");
    shop.consent("grant", carmen, "email");
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola"})
                .exit_code == 0);

    const std::string mbox = shop.dir.file("respuestas.mbox");
    std::ofstream(mbox) << "From ana@example.es Wed Nov 25 08:00:00 2026\n"
                           "From: =?UTF-8?Q?Ana_N=C3=BA=C3=B1ez?= <ana@example.es>\n"
                           "Subject: =?UTF-8?Q?Re:_Rebajas_de_oto=C3=B1o_-_BAJA?=\n"
                           "Date: Wed, 25 Nov 2026 09:00:00 +0100\n"
                           "Message-ID: <r1@example.es>\n"
                           "\n"
                           "No quiero más correos.\n"
                           "\n"
                           "From nadie@example.es Wed Nov 25 08:01:00 2026\n"
                           "From: nadie@example.es\n"
                           "Subject: baja\n"
                           "\n"
                           "\n"
                           "From luis@example.es Wed Nov 25 08:02:00 2026\n"
                           "From: Luis <luis@example.es>\n"
                           "Subject: Re: Aviso, ¿qué horario tenéis?\n"
                           "\n"
                           "Gracias.\n";
    const auto r = shop.cli({"unsubscribe", "--mbox", mbox, "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["read"] == 3);
    REQUIRE(j["items"].size() == 3);
    CHECK(j["items"][0]["from"] == "ana@example.es");
    CHECK(j["items"][0]["outcome"] == "withdrawn");  // "No quiero más correos."
    CHECK(j["items"][0]["contact"] == ana);
    CHECK(j["items"][1]["outcome"] == "unknown_address");
    CHECK(j["items"][2]["outcome"] == "pending");  // a question about opening hours
    CHECK(j["counts"]["withdrawn"] == 1);
    CHECK(j["counts"]["unknown_address"] == 1);
    CHECK(j["counts"]["pending"] == 1);

    const auto history = json::parse(shop.cli({"consent", "history", ana, "--json"}).out);
    const auto& last = history["events"].back();
    CHECK(last["seq"] == j["items"][0]["event"]);
    CHECK(last["action"] == "withdraw");
    CHECK(last["method"] == "email_reply");
    CHECK(last["channel"] == "email");
    CHECK(last["purpose"] == "marketing");
    CHECK(last["evidence"].get<std::string>().find("Message-ID <r1@example.es>") != std::string::npos);
    CHECK(last["evidence"].get<std::string>().find("Re: Rebajas de otoño - BAJA") != std::string::npos);

    auto preview = json::parse(shop.cli({"campaign", "preview", "Aviso", "--json"}).out);
    CHECK(preview["counts"]["included"] == 1);  // Carmen only
    CHECK(preview["included"][0]["id"] == carmen);

    // A maildir, and an address typed by hand; a second request changes nothing.
    fs::create_directories(shop.dir.path() / "Maildir" / "new");
    fs::create_directories(shop.dir.path() / "Maildir" / "cur");
    std::ofstream(shop.dir.path() / "Maildir" / "new" / "1700000000.1.host")
        << "From: Carmen <carmen@example.es>\r\nSubject: Unsubscribe\r\n\r\n";
    const auto md =
        json::parse(shop.cli({"unsubscribe", "--maildir", (shop.dir.path() / "Maildir").string(), "--json"}).out);
    REQUIRE(md["items"].size() == 1);
    CHECK(md["items"][0]["outcome"] == "withdrawn");
    const auto typed = json::parse(shop.cli({"unsubscribe", "luis@EXAMPLE.ES", "ana@example.es", "--json"}).out);
    CHECK(typed["requests"][0]["outcome"] == "withdrawn");  // an objection is recorded even without consent
    CHECK(typed["requests"][0]["contact"] == luis);
    CHECK(typed["requests"][1]["outcome"] == "already_withdrawn");
    preview = json::parse(shop.cli({"campaign", "preview", "Aviso", "--json"}).out);
    CHECK(preview["counts"]["included"] == 0);
    CHECK(json::parse(shop.cli({"ledger", "verify", "--json"}).out)["ok"] == true);
}

TEST_CASE("outreach: a run killed in the middle resumes without sending anyone twice") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    std::vector<std::string> everyone;
    for (int i = 1; i <= 30; ++i) {
        const auto who = shop.add(
            {"--name", "Cliente " + std::to_string(i), "--email", "cliente" + std::to_string(i) + "@example.es"});
        shop.consent("grant", who, "email");
        everyone.push_back("cliente" + std::to_string(i) + "@example.es");
    }
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port(), "600");  // one message every 100 ms
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola"})
                .exit_code == 0);

    // Start a run and kill it hard (as a power cut would) once a few messages went out.
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (const auto& [k, v] : shop.env) ::setenv(k.c_str(), v.c_str(), 1);
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, 1);
        ::execl(CLIENTELA_CLI, CLIENTELA_CLI, "--db", shop.db.c_str(), "campaign", "send", "Aviso", nullptr);
        ::_exit(127);
    }
    REQUIRE(pid > 0);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (received_in(out).size() < 5 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status));
    const auto before = received_in(out).size();
    REQUIRE(before >= 5);
    REQUIRE(before < everyone.size());

    const auto resumed = shop.cli({"campaign", "send", "Aviso", "--json"});
    REQUIRE(resumed.exit_code == 0);
    const auto report = json::parse(resumed.out);
    const int unknown = report["counts"]["skipped_unknown"].get<int>();
    CHECK(unknown <= 1);  // at most the one message in flight when the run died
    CHECK(report["counts"]["skipped_sent"].get<int>() + report["counts"]["sent"].get<int>() + unknown == 30);

    std::multiset<std::string> got;
    for (const auto& m : received_in(out)) got.insert(m.envelope["rcpt_tos"][0].get<std::string>());
    for (const auto& address : got) CHECK(got.count(address) == 1);  // nobody twice
    std::set<std::string> unknown_addresses;
    for (const auto& r : report["recipients"]) {
        if (r["status"] == "skipped_unknown") unknown_addresses.insert(r["address"]);
    }
    for (const auto& address : everyone) {
        // Everyone got it exactly once, except perhaps the one left queued (reported, not resent).
        CHECK((got.count(address) == 1 || unknown_addresses.count(address) == 1));
    }
}
