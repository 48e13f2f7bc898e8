// Replies read from an mbox or a maildir with the real clientela-cli: BAJA in the body, the
// subject rule, HTML-only replies, pending replies and their resolution, duplicates, and two
// processes taking in the same mailbox at once (issue #16, Opt-outs).
#include "outreach_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using clientela::test::ProcessResult;
using nlohmann::json;
namespace fs = std::filesystem;

using namespace clientela::test::outreach;

namespace {

int withdrawals(const Shop& shop, const std::string& who) {
    const auto history = json::parse(shop.cli({"consent", "history", who, "--json"}).out);
    int n = 0;
    for (const auto& e : history["events"]) n += e["action"] == "withdraw";
    return n;
}

// Three replies as customers write them: BAJA only in the body (below it the quoted
// campaign), a question whose subject contains "baja" in another sense, and an HTML-only
// reply.
void write_replies(const Shop& shop, const fs::path& maildir, const std::string& mbox) {
    fs::create_directories(maildir / "new");
    fs::create_directories(maildir / "cur");
    std::ofstream(maildir / "new" / "1700000000.1.host", std::ios::binary)
        << "From: Ana <ana@example.es>\r\n"
           "Subject: Re: Rebajas de otoño\r\n"
           "Date: Mon, 1 Dec 2026 10:00:00 +0100\r\n"
           "Message-ID: <body-baja@example.es>\r\n"
           "Content-Type: text/plain; charset=utf-8\r\n"
           "\r\n"
           "BAJA\r\n"
           "\r\n"
           "El lun, 1 dic 2026, Mercería La Aguja escribió:\r\n"
           "> Hola Ana: esta semana, hilos y lanas al 20 %.\r\n";
    std::ofstream(mbox, std::ios::binary)
        << "From luis@example.es Mon Dec  1 10:00:00 2026\n"
           "From: Luis <luis@example.es>\n"
           "Subject: =?UTF-8?Q?Re:_=C2=BFEl_precio_baja_la_semana_que_viene=3F?=\n"
           "Message-ID: <pregunta@example.es>\n"
           "\n"
           "Me interesa la lana merino.\n"
           "\n"
           "From carmen@example.es Mon Dec  1 10:05:00 2026\n"
           "From: Carmen <carmen@example.es>\n"
           "Subject: Re: Rebajas de otoño\n"
           "Message-ID: <html-baja@example.es>\n"
           "MIME-Version: 1.0\n"
           "Content-Type: text/html; charset=utf-8\n"
           "\n"
           "<html><body><p>Quiero darme de baja</p><blockquote>Hola Carmen: rebajas</blockquote></body></html>\n";
    (void)shop;
}

}  // namespace

TEST_CASE("intake: BAJA in the body withdraws, a question about prices does not, HTML-only replies are read") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    const auto carmen = shop.add({"--name", "Carmen Ruiz", "--email", "carmen@example.es"});
    for (const auto& who : {ana, luis, carmen}) shop.consent("grant", who, "email");
    const fs::path maildir = shop.dir.path() / "Maildir";
    const std::string mbox = shop.dir.file("respuestas.mbox");
    write_replies(shop, maildir, mbox);

    const auto md = shop.cli({"unsubscribe", "--maildir", maildir.string(), "--json"});
    INFO(md.out << md.err);
    REQUIRE(md.exit_code == 0);
    const auto mb = shop.cli({"unsubscribe", "--mbox", mbox, "--json"});
    INFO(mb.out << mb.err);
    REQUIRE(mb.exit_code == 0);

    CHECK(withdrawals(shop, ana) == 1);     // BAJA in the body
    CHECK(withdrawals(shop, luis) == 0);    // "¿El precio baja ...?" is a question
    CHECK(withdrawals(shop, carmen) == 1);  // the HTML part, turned into text

    const auto a = json::parse(md.out);
    REQUIRE(a["items"].size() == 1);
    CHECK(a["items"][0]["outcome"] == "withdrawn");
    CHECK(a["items"][0]["contact"] == ana);
    CHECK(a["counts"]["withdrawn"] == 1);
    const auto b = json::parse(mb.out);
    CHECK(b["read"] == 2);
    REQUIRE(b["items"].size() == 2);
    CHECK(b["items"][0]["outcome"] == "pending");
    CHECK(b["items"][0]["source"] == mbox + ":1");
    CHECK(b["items"][1]["outcome"] == "withdrawn");
    CHECK(b["counts"]["pending"] == 1);

    // Luis's question waits for the owner; the owner decides it is no opt-out.
    const auto pending = json::parse(shop.cli({"mailbox", "pending", "--json"}).out);
    REQUIRE(pending["pending"].size() == 1);
    CHECK(pending["pending"][0]["from"] == "luis@example.es");
    CHECK(pending["pending"][0]["contact"] == luis);
    CHECK(pending["pending"][0]["subject"] == "Re: ¿El precio baja la semana que viene?");
    CHECK(pending["pending"][0]["text"] == "Me interesa la lana merino.");

    // A second run does nothing: every message is remembered.
    const auto again = json::parse(shop.cli({"unsubscribe", "--mbox", mbox, "--json"}).out);
    CHECK(again["counts"]["duplicate"] == 2);
    CHECK(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"].size() == 1);

    const auto id = std::to_string(pending["pending"][0]["id"].get<std::int64_t>());
    const auto resolved = shop.cli({"mailbox", "pending", "resolve", id, "--as", "ignore"});
    INFO(resolved.err);
    CHECK(resolved.exit_code == 0);
    CHECK(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"].empty());
    CHECK(withdrawals(shop, luis) == 0);
    CHECK(json::parse(shop.cli({"ledger", "verify", "--json"}).out)["ok"] == true);
}

TEST_CASE("intake: a pending reply resolved as a withdrawal records it with the reply as evidence") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    shop.consent("grant", luis, "email");
    const std::string mbox = shop.dir.file("respuestas.mbox");
    std::ofstream(mbox, std::ios::binary) << "From luis@example.es Mon Dec  1 10:00:00 2026\n"
                                             "From: luis@example.es\n"
                                             "Subject: Re: Rebajas\n"
                                             "Message-ID: <ya-no@example.es>\n"
                                             "\n"
                                             "Ya no vivo en Madrid, gracias por todo.\n";
    const auto r = json::parse(shop.cli({"unsubscribe", "--mbox", mbox, "--json"}).out);
    REQUIRE(r["items"][0]["outcome"] == "pending");
    const auto listed = shop.cli({"mailbox", "pending"});
    CHECK_THAT(listed.out, Catch::Contains("Ya no vivo en Madrid"));
    const auto id = std::to_string(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"][0]["id"]
                                       .get<std::int64_t>());
    CHECK(shop.cli({"mailbox", "pending", "resolve", id, "--as", "bogus"}).exit_code != 0);
    const auto done = shop.cli({"mailbox", "pending", "resolve", id, "--as", "withdraw"});
    INFO(done.err);
    REQUIRE(done.exit_code == 0);
    CHECK(withdrawals(shop, luis) == 1);
    const auto history = json::parse(shop.cli({"consent", "history", luis, "--json"}).out);
    const auto& last = history["events"].back();
    CHECK(last["method"] == "email_reply");
    CHECK_THAT(last["evidence"].get<std::string>(), Catch::Contains("<ya-no@example.es>"));
    CHECK(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"].empty());
    CHECK(shop.cli({"mailbox", "pending", "resolve", id, "--as", "withdraw"}).exit_code != 0);  // gone
}

TEST_CASE("intake: two processes taking in the same mbox at once record one withdrawal") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    shop.consent("grant", ana, "email");
    const std::string mbox = shop.dir.file("respuestas.mbox");
    {
        std::ofstream out(mbox, std::ios::binary);
        for (int i = 0; i < 40; ++i) {  // many messages, so both processes overlap
            out << "From x@example.es Mon Dec  1 10:00:00 2026\nFrom: otro" << i << "@example.es\nSubject: Re: hola\n"
                << "Message-ID: <m" << i << "@example.es>\n\nGracias\n\n";
        }
        out << "From ana@example.es Mon Dec  1 10:00:00 2026\nFrom: ana@example.es\nSubject: BAJA\n"
               "Message-ID: <baja@example.es>\n\n\n";
    }
    ProcessResult first, second;
    std::thread t1([&] { first = shop.cli({"unsubscribe", "--mbox", mbox, "--json"}); });
    std::thread t2([&] { second = shop.cli({"unsubscribe", "--mbox", mbox, "--json"}); });
    t1.join();
    t2.join();
    INFO(first.err << second.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(second.exit_code == 0);
    CHECK(withdrawals(shop, ana) == 1);
    const auto a = json::parse(first.out), b = json::parse(second.out);
    CHECK(a["counts"]["withdrawn"].get<int>() + b["counts"]["withdrawn"].get<int>() == 1);
    CHECK(a["counts"]["duplicate"].get<int>() + b["counts"]["duplicate"].get<int>() == 41);
    // The 40 others are no customers and answer nothing the shop sent: ignored, not kept.
    CHECK(a["counts"]["ignored"].get<int>() + b["counts"]["ignored"].get<int>() == 40);
    CHECK(json::parse(shop.cli({"mailbox", "pending", "--json"}).out)["pending"].empty());
}
