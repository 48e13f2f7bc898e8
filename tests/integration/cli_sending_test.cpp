// Sends you can trust, end to end with the real clientela-cli against local servers: consent
// re-checked for every message at the moment it is sent, a reply lost after the message was
// handed over (SMTP or WhatsApp) recorded as unknown and never resent by itself, a refusing
// server stopping the channel, and Ctrl-C finishing the message in flight.
#include "outreach_fixture.hpp"

#include <SQLiteCpp/Database.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>
#include <thread>

using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

namespace {

// `clientela-cli --db DB args...` in the background, stdout to `out_file`, stderr to `out_file`.err.
pid_t spawn_cli(const Shop& shop, const std::vector<std::string>& args, const std::string& out_file) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (const auto& [k, v] : shop.env) ::setenv(k.c_str(), v.c_str(), 1);
        ::setenv("LC_ALL", "C", 1);
        const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open((out_file + ".err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(out, 1);
        ::dup2(err, 2);
        ::dup2(devnull, 0);
        std::vector<std::string> all{CLIENTELA_CLI, "--db", shop.db};
        all.insert(all.end(), args.begin(), args.end());
        std::vector<char*> argv;
        for (auto& a : all) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(CLIENTELA_CLI, argv.data());
        ::_exit(127);
    }
    REQUIRE(pid > 0);
    return pid;
}

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    INFO("the process ended by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0));
    REQUIRE(WIFEXITED(status));
    return WEXITSTATUS(status);
}

template <typename Pred>
void wait_for(Pred done, int seconds = 60) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(done());
}

std::set<std::string> recipients_of(const std::vector<Received>& mails) {
    std::set<std::string> out;
    for (const auto& m : mails) out.insert(m.envelope["rcpt_tos"][0].get<std::string>());
    return out;
}

json recipient(const json& report, const std::string& uuid) {
    for (const auto& r : report["recipients"]) {
        if (r["id"] == uuid) return r;
    }
    FAIL("no recipient " << uuid << " in the report");
    return {};
}

json history_of(const Shop& shop, const std::string& uuid) {
    const auto r = shop.cli({"history", uuid, "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out)["messages"];
}

void create_email_campaign(const Shop& shop) {
    const auto r = shop.cli(
        {"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text", "Hola"});
    REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("sending: a withdrawal recorded at the till during a send stops that customer's message") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    std::vector<std::string> who;  // in audience order (contact UUID)
    std::map<std::string, std::string> address;
    std::map<std::string, std::int64_t> grant;
    for (int i = 1; i <= 5; ++i) {
        const std::string a = "cliente" + std::to_string(i) + "@example.es";
        const auto id = shop.add({"--name", "Cliente " + std::to_string(i), "--email", a});
        grant[id] = shop.consent("grant", id, "email");
        address[id] = a;
        who.push_back(id);
    }
    std::sort(who.begin(), who.end());
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port(), "40");  // one message every 1.5 s
    create_email_campaign(shop);

    const std::string report_file = shop.dir.file("report.json");
    const pid_t pid = spawn_cli(shop, {"campaign", "send", "Aviso", "--json"}, report_file);
    // The audience is built; the first message is out. Now the till records, from another
    // process, a withdrawal (the last customer) and a withdrawal followed by a new grant
    // (the one before), both still waiting for their message.
    wait_for([&] { return received_in(out).size() >= 1; });
    const std::string withdrawn = who[4], regranted = who[3];
    shop.consent("withdraw", withdrawn, "email");
    shop.consent("withdraw", regranted, "email");
    const auto new_grant = shop.consent("grant", regranted, "email");
    const auto got_before = recipients_of(received_in(out));
    REQUIRE(got_before.count(address[withdrawn]) == 0);  // the test's premise: not sent yet
    REQUIRE(got_before.count(address[regranted]) == 0);
    wait_exit(pid);

    // The withdrawn customer got nothing; everyone else exactly once.
    const auto mails = received_in(out);
    const auto got = recipients_of(mails);
    CHECK(mails.size() == 4);
    CHECK(got.count(address[withdrawn]) == 0);
    for (int i = 0; i < 4; ++i) CHECK(got.count(address[who[i]]) == 1);

    // The report and the log say it was skipped and why.
    const auto report = json::parse(slurp(report_file));
    CHECK(report["counts"]["sent"] == 4);
    CHECK(report["counts"]["skipped"] == 1);
    const auto skipped = recipient(report, withdrawn);
    CHECK(skipped["status"] == "skipped");
    CHECK(skipped["error"].get<std::string>().find("withdrawn") != std::string::npos);
    const auto h = history_of(shop, withdrawn);
    REQUIRE(h.size() == 1);
    CHECK(h[0]["status"] == "skipped");
    CHECK(h[0]["error"].get<std::string>().find("withdrawn") != std::string::npos);
    CHECK(h[0]["authorising_event"].is_null());  // no grant authorised anything

    // Every message sent cites the grant in force when it was sent, not the one the
    // audience was built on.
    for (int i = 0; i < 4; ++i) {
        const auto hi = history_of(shop, who[i]);
        REQUIRE(hi.size() == 1);
        CHECK(hi[0]["status"] == "sent");
        CHECK(hi[0]["authorising_event"] == (who[i] == regranted ? new_grant : grant[who[i]]));
    }
}

TEST_CASE("sending: a reply lost after the DATA terminator is unknown, never resent by itself") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto lola = shop.add({"--name", "Lola Sanz", "--email", "lola.pierde@example.es"});
    const auto rosa = shop.add({"--name", "Rosa Vidal", "--email", "rosa.rechaza@example.es"});
    for (const auto& id : {ana, lola, rosa}) shop.consent("grant", id, "email");
    const std::string out = shop.dir.file("smtp-out");
    {
        LocalServer smtp = smtp_server(shop, out, {"--drop-after-data", "pierde"});
        shop.configure_smtp(smtp.port());
        create_email_campaign(shop);

        const auto first = shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"});
        INFO(first.err);
        const auto report = json::parse(first.out);
        CHECK(report["counts"]["sent"] == 1);
        CHECK(report["counts"]["unknown"] == 1);
        CHECK(report["counts"]["failed"] == 1);  // Rosa: refused at RCPT
        CHECK(report["stopped"] == false);
        CHECK(recipient(report, lola)["status"] == "unknown");
        CHECK(first.exit_code == 1);  // Rosa failed

        // The server has Lola's message: it was handed over, only the reply was lost.
        CHECK(recipients_of(received_in(out)) == std::set<std::string>{"ana@example.es", "lola.pierde@example.es"});
        const auto h = history_of(shop, lola);
        REQUIRE(h.size() == 1);
        CHECK(h[0]["status"] == "unknown");
        CHECK(h[0]["reply_command"] == "DATA");
        // What libcurl 7.88 reports for it: CURLE_RECV_ERROR, last reply 354 (to DATA).
        CHECK(h[0]["error"].get<std::string>().find("354") != std::string::npos);
        const auto ha = history_of(shop, ana);
        CHECK(ha[0]["status"] == "sent");
        CHECK(ha[0]["reply_command"] == "DATA");
        CHECK(ha[0]["reply"] == "250 2.0.0 accepted");
        const auto hr = history_of(shop, rosa);
        CHECK(hr[0]["status"] == "failed");
        CHECK(hr[0]["reply_command"] == "RCPT");
        CHECK(hr[0]["reply"] == "550 5.1.1 <rosa.rechaza@example.es>: mailbox unavailable");
        const auto show = shop.cli({"campaign", "show", "Aviso"});
        CHECK(show.out.find("RCPT: 550 5.1.1 <rosa.rechaza@example.es>: mailbox unavailable") != std::string::npos);
        CHECK(show.out.find(h[0]["provider_id"].get<std::string>()) != std::string::npos);

        // Resuming does not send it again.
        const auto again = json::parse(shop.cli({"campaign", "send", "Aviso", "--json"}).out);
        CHECK(recipient(again, lola)["status"] == "skipped_unknown");
        CHECK(recipient(again, ana)["status"] == "skipped_sent");
        CHECK(received_in(out).size() == 2);
    }
    // The owner checked with the provider and asks for a retry: same Message-ID, so the
    // receiving side can tell it is the same message.
    const std::string out2 = shop.dir.file("smtp-out-2");
    LocalServer smtp2 = smtp_server(shop, out2);
    shop.configure_smtp(smtp2.port());
    const auto retried = json::parse(shop.cli({"campaign", "send", "Aviso", "--retry-unknown", "--json"}).out);
    CHECK(recipient(retried, lola)["status"] == "sent");
    const auto first_copy = received_in(out);
    const auto second_copy = received_in(out2);
    REQUIRE(second_copy.size() == 1);
    CHECK(second_copy[0].envelope["rcpt_tos"][0] == "lola.pierde@example.es");
    const Received& lost = first_copy[0].envelope["rcpt_tos"][0] == "lola.pierde@example.es" ? first_copy[0]
                                                                                           : first_copy[1];
    CHECK(second_copy[0].headers.at("Message-ID") == lost.headers.at("Message-ID"));
    const auto h = history_of(shop, lola);
    CHECK(h.back()["status"] == "sent");
    CHECK(h.back()["provider_id"] == lost.headers.at("Message-ID"));
}

TEST_CASE("sending: a server refusing MAIL FROM, or the same refusal five times, stops the email channel") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    std::vector<std::string> who;
    for (int i = 1; i <= 7; ++i) {
        const auto id =
            shop.add({"--name", "Cliente " + std::to_string(i), "--email", "c" + std::to_string(i) + "@example.es"});
        shop.consent("grant", id, "email");
        who.push_back(id);
    }
    create_email_campaign(shop);
    const std::string out = shop.dir.file("smtp-out");

    SECTION("MAIL FROM refused") {
        LocalServer smtp = smtp_server(shop, out, {"--mail-reply", "550 5.7.1 Sender address not allowed"});
        shop.configure_smtp(smtp.port());
        const auto r = shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"});
        CHECK(r.exit_code == 1);
        const auto report = json::parse(r.out);
        CHECK(report["stopped"] == true);
        CHECK(report["stop_reason"].get<std::string>().find("MAIL: 550 5.7.1 Sender address not allowed") !=
              std::string::npos);
        CHECK(report["counts"]["failed"] == 1);
        CHECK(report["counts"]["not_attempted"] == 6);
        const auto h = history_of(shop, report["recipients"][0]["id"]);
        CHECK(h[0]["reply_command"] == "MAIL");
        CHECK(h[0]["reply"] == "550 5.7.1 Sender address not allowed");
    }
    SECTION("five identical refusals after DATA") {
        LocalServer smtp = smtp_server(shop, out, {"--data-reply", "554 5.7.1 Message refused: policy"});
        shop.configure_smtp(smtp.port());
        const auto r = shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"});
        CHECK(r.exit_code == 1);
        const auto report = json::parse(r.out);
        CHECK(report["stopped"] == true);
        CHECK(report["stop_reason"].get<std::string>().find("DATA: 554 5.7.1 Message refused: policy") !=
              std::string::npos);
        CHECK(report["counts"]["failed"] == 5);
        CHECK(report["counts"]["not_attempted"] == 2);
        const auto show = shop.cli({"campaign", "show", "Aviso"});
        CHECK(show.out.find("DATA: 554 5.7.1 Message refused: policy") != std::string::npos);
    }
    CHECK(received_in(out).empty());
}

TEST_CASE("sending: a WhatsApp reply lost after the POST is unknown and the POST is never sent twice") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto pedro = shop.add({"--name", "Pedro Gil", "--phone", "611222333"});
    const auto sara = shop.add({"--name", "Sara Mora", "--phone", "622333444"});
    for (const auto& id : {pedro, sara}) shop.consent("grant", id, "whatsapp_business");
    const std::string wa_log = shop.dir.file("wa.jsonl");
    // HTTP/1.1 keep-alive: the second request goes on the first one's connection, and the
    // server reads it and closes without a word (as a proxy or a crashed worker would).
    LocalServer wa(kServers + "/whatsapp_fake.py",
                   {"--out", wa_log, "--token", "EAAtoken123", "--phone-number-id", "1098765432", "--drop-request",
                    "2"},
                   shop.dir.path().string());
    shop.configure_whatsapp(wa.port());
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "whatsapp_business", "--template",
                      "aviso"})
                .exit_code == 0);
    const auto r = shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"});
    INFO(r.out << r.err);
    const auto report = json::parse(r.out);
    auto requests = whatsapp_requests(wa_log);
    REQUIRE(requests.size() == 2);  // one each: no silent second POST
    CHECK(requests[0]["body"]["to"] != requests[1]["body"]["to"]);
    CHECK(requests[1]["status"] == 0);  // dropped
    const std::string dropped_to = requests[1]["body"]["to"];
    const std::string dropped = dropped_to == "34611222333" ? pedro : sara;
    CHECK(recipient(report, dropped)["status"] == "unknown");
    CHECK(report["counts"]["sent"] == 1);
    CHECK(report["counts"]["unknown"] == 1);
    CHECK(history_of(shop, dropped)[0]["status"] == "unknown");
    CHECK(history_of(shop, dropped)[0]["reply_command"] == "POST");

    const auto again = json::parse(shop.cli({"campaign", "send", "Aviso", "--json"}).out);
    CHECK(recipient(again, dropped)["status"] == "skipped_unknown");
    CHECK(whatsapp_requests(wa_log).size() == 2);
}

TEST_CASE("sending: Ctrl-C finishes the message in flight, stops cleanly and the resume sends the rest once") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    std::vector<std::string> everyone;
    for (int i = 1; i <= 20; ++i) {
        const std::string a = "cliente" + std::to_string(i) + "@example.es";
        const auto id = shop.add({"--name", "Cliente " + std::to_string(i), "--email", a});
        shop.consent("grant", id, "email");
        everyone.push_back(a);
    }
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port(), "300");  // one message every 200 ms
    create_email_campaign(shop);

    const std::string report_file = shop.dir.file("report.txt");
    const pid_t pid = spawn_cli(shop, {"campaign", "send", "Aviso"}, report_file);
    wait_for([&] { return received_in(out).size() >= 4; });
    ::kill(pid, SIGINT);
    CHECK(wait_exit(pid) == 1);
    const std::string printed = slurp(report_file);
    INFO(printed);
    CHECK(printed.find("interrupted") != std::string::npos);
    CHECK(printed.find("run the same command again") != std::string::npos);
    CHECK(slurp(report_file + ".err").find("stopping after the message in flight") != std::string::npos);
    const auto before = received_in(out).size();
    CHECK(before < everyone.size());
    // Nothing left half-way: no message queued, each logged one delivered.
    CHECK(clientela::test::query_int(shop.db, "SELECT count(*) FROM messages WHERE status = 'queued'") == 0);
    CHECK(clientela::test::query_int(shop.db, "SELECT count(*) FROM messages WHERE status = 'sent'") ==
          static_cast<long long>(before));

    const auto resumed = shop.cli({"campaign", "send", "Aviso", "--rate", "0", "--json"});  // 0: no throttle
    REQUIRE(resumed.exit_code == 0);
    const auto report = json::parse(resumed.out);
    CHECK(report["counts"]["skipped_unknown"] == 0);
    CHECK(report["counts"]["skipped_sent"] == static_cast<int>(before));
    CHECK(report["counts"]["sent"] == static_cast<int>(everyone.size() - before));
    std::multiset<std::string> got;
    for (const auto& m : received_in(out)) got.insert(m.envelope["rcpt_tos"][0].get<std::string>());
    for (const auto& a : everyone) CHECK(got.count(a) == 1);
}
