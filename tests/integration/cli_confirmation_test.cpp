// Double opt-in by email, end to end with the real clientela-cli and a local SMTP server:
// `consent request-confirmation` sends the customer the wording of a remote grant and logs a
// service message; only a pending remote grant on email can be confirmed this way.
#include "outreach_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

namespace {

std::vector<std::string> web_grant(const std::string& wording) {
    return {"--method", "web_form", "--wording", wording, "--evidence", "formulario web, IP 192.0.2.7"};
}

json history(const Shop& shop, const std::string& id) {
    const auto r = shop.cli({"history", id, "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out)["messages"];
}

}  // namespace

TEST_CASE("double opt-in: a pending remote grant gets one confirmation email quoting its wording") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    REQUIRE(shop.cli({"settings", "set", "--double-opt-in", "true", "--shop-address", "Calle Mayor 3, Soria"})
                .exit_code == 0);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    // The grant came from the web form: remote, so it needs the confirmation.
    std::vector<std::string> grant{"consent", "grant", ana, "--channel", "email", "--purpose", "marketing"};
    for (const auto& a : web_grant(shop.email_wording)) grant.push_back(a);
    REQUIRE(shop.cli(grant).exit_code == 0);
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());

    const auto r = shop.cli({"consent", "request-confirmation", ana, "--channel", "email", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto sent = json::parse(r.out);
    CHECK(sent["status"] == "sent");
    CHECK(sent["address"] == "ana@example.es");

    const auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].envelope["rcpt_tos"][0] == "ana@example.es");
    CHECK(mails[0].headers.at("Message-ID") == sent["message_id"].get<std::string>());
    // The exact wording the customer agreed to, and how to confirm.
    CHECK(mails[0].text.find("\"Acepto recibir ofertas de Mercería La Aguja por email.\"") != std::string::npos);
    CHECK(mails[0].text.find("SÍ") != std::string::npos);
    CHECK(mails[0].text.find("Calle Mayor 3, Soria") != std::string::npos);

    // Logged as a service message citing the grant; the marketing consent stays unconfirmed.
    const auto h = history(shop, ana);
    REQUIRE(h.size() == 1);
    CHECK(h[0]["purpose"] == "service");
    CHECK(h[0]["status"] == "sent");
    CHECK(h[0]["provider_id"] == sent["message_id"]);
    const auto consent = json::parse(shop.cli({"consent", "history", ana, "--json"}).out);
    bool blocked_unconfirmed = false;
    for (const auto& c : consent["states"]) {
        for (const auto& reason : c["decision"]["reasons"]) blocked_unconfirmed |= reason == "not_confirmed";
    }
    CHECK(blocked_unconfirmed);
}

TEST_CASE("double opt-in: no confirmation email without a pending remote grant on email") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto luis = shop.add({"--name", "Luis Gil", "--email", "luis@example.es", "--phone", "+34612345678"});
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    auto request = [&](const std::string& channel) {
        return shop.cli({"consent", "request-confirmation", luis, "--channel", channel});
    };

    auto r = request("email");  // no grant at all
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("no grant") != std::string::npos);

    shop.consent("grant", luis, "email");  // at the counter: nothing to confirm
    r = request("email");
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("in person") != std::string::npos);

    r = request("whatsapp_business");
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("only email") != std::string::npos);

    std::vector<std::string> grant{"consent", "grant", luis, "--channel", "email", "--purpose", "marketing"};
    for (const auto& a : web_grant(shop.email_wording)) grant.push_back(a);
    REQUIRE(shop.cli(grant).exit_code == 0);
    REQUIRE(shop.cli({"consent", "confirm", luis, "--channel", "email", "--purpose", "marketing", "--method",
                      "email_reply", "--evidence", "respondió SÍ por teléfono"})
                .exit_code == 0);
    r = request("email");  // already confirmed
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("already confirmed") != std::string::npos);

    CHECK(received_in(out).empty());  // nothing left the shop
    CHECK(history(shop, luis).empty());
}
