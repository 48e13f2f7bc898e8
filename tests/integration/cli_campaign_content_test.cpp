// Campaign content end to end with the real clientela-cli and the local SMTP sink: merge
// fields ({nombre} the first name, {nombre_completo} the whole name, unknown fields refused),
// the footer that identifies the shop (LSSI), one-click unsubscribe URLs carrying an HMAC
// token that `unsubscribe --url` checks, `campaign test`, and preview/show after a send.
#include "outreach_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

namespace {

std::string query_value(const std::string& url, const std::string& key) {
    const auto q = url.find('?');
    REQUIRE(q != std::string::npos);
    std::size_t at = q + 1;
    while (at < url.size()) {
        const auto end = std::min(url.find('&', at), url.size());
        const std::string pair = url.substr(at, end - at);
        if (pair.rfind(key + "=", 0) == 0) return pair.substr(key.size() + 1);
        at = end + 1;
    }
    return {};
}

// The https URL of a List-Unsubscribe header "<mailto:...>, <https://...>".
std::string one_click_url(const Received& m) {
    const std::string h = m.headers.at("List-Unsubscribe");
    const auto at = h.find("<https://");
    REQUIRE(at != std::string::npos);
    return h.substr(at + 1, h.find('>', at) - at - 1);
}

std::size_t events_of(const Shop& shop, const std::string& who) {
    const auto r = shop.cli({"consent", "history", who, "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out)["events"].size();
}

}  // namespace

TEST_CASE("content: {nombre} is the first name, {nombre_completo} the whole name, names are never re-expanded") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez Pérez", "--email", "ana@example.es"});
    const auto odd = shop.add({"--name", "{nombre} <b>& Co</b>", "--email", "odd@example.es"});
    shop.consent("grant", ana, "email");
    shop.consent("grant", odd, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());

    // An unknown field is refused when the campaign is created, naming it.
    const auto bad = shop.cli({"campaign", "create", "--name", "Mal", "--channel", "email", "--subject", "Hola",
                               "--text", "Hola {apellido}"});
    CHECK(bad.exit_code != 0);
    CHECK(bad.err.find("{apellido}") != std::string::npos);
    CHECK(bad.err.find("{nombre_completo}") != std::string::npos);  // the message lists the known ones
    CHECK(first_line(shop.cli({"campaign", "list"}).out) == "0 campaigns");

    REQUIRE(shop.cli({"campaign", "create", "--name", "Saludo", "--channel", "email", "--subject",
                      "Ofertas para {nombre_completo}", "--text", "Hola {nombre}\n", "--html",
                      "<p>Hola {nombre}, {nombre_completo}</p>"})
                .exit_code == 0);
    const auto sent = shop.cli({"campaign", "send", "Saludo", "--rate", "0"});
    INFO(sent.out << sent.err);
    REQUIRE(sent.exit_code == 0);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 2);
    std::map<std::string, Received> to;
    for (const auto& m : mails) to[m.envelope["rcpt_tos"][0].get<std::string>()] = m;
    CHECK(to["ana@example.es"].text.rfind("Hola Ana\r\n", 0) == 0);
    CHECK(clientela::send::decode_header_words(to["ana@example.es"].headers.at("Subject")) ==
          "Ofertas para Ana Núñez Pérez");
    CHECK(to["ana@example.es"].html.rfind("<p>Hola Ana, Ana Núñez Pérez</p>", 0) == 0);
    // A name that itself contains a merge field is inserted once, as text; escaped in HTML.
    CHECK(to["odd@example.es"].text.rfind("Hola {nombre}\r\n", 0) == 0);
    CHECK(clientela::send::decode_header_words(to["odd@example.es"].headers.at("Subject")) ==
          "Ofertas para {nombre} <b>& Co</b>");
    CHECK(to["odd@example.es"].html.rfind("<p>Hola {nombre}, {nombre} &lt;b&gt;&amp; Co&lt;/b&gt;</p>", 0) == 0);
}

TEST_CASE("content: the footer identifies the shop: send and preview refuse without its name and address") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);  // the fixture sets the shop's name and address
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    shop.consent("grant", ana, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola", "--html", "<html><body><p>Hola</p></body></html>"})
                .exit_code == 0);

    // The privacy notice: https only.
    const auto http = shop.cli({"settings", "set", "--privacy-url", "http://aguja.es/privacidad"});
    CHECK(http.exit_code != 0);
    CHECK(http.err.find("https") != std::string::npos);
    REQUIRE(shop.cli({"settings", "set", "--privacy-url", "https://aguja.es/privacidad"}).exit_code == 0);
    CHECK(json::parse(shop.cli({"settings", "show", "--json"}).out)["privacy_url"] == "https://aguja.es/privacidad");

    // Without an address: refused, saying which setting to give; nothing sent, nothing logged.
    REQUIRE(shop.cli({"settings", "set", "--shop-address", ""}).exit_code == 0);
    for (const std::string cmd : {"send", "preview"}) {
        const auto r = shop.cli({"campaign", cmd, "Aviso"});
        INFO(cmd << ": " << r.out << r.err);
        CHECK(r.exit_code != 0);
        CHECK(r.err.find("settings set --shop-address") != std::string::npos);
    }
    CHECK(received_in(out).empty());
    CHECK(json::parse(shop.cli({"history", ana, "--json"}).out)["messages"].empty());
    REQUIRE(
        shop.cli({"settings", "set", "--shop-address", "Calle Mayor 12, 28013 Madrid", "--shop-name", ""}).exit_code ==
        0);
    const auto no_name = shop.cli({"campaign", "send", "Aviso"});
    CHECK(no_name.exit_code != 0);
    CHECK(no_name.err.find("settings set --shop-name") != std::string::npos);
    REQUIRE(shop.cli({"settings", "set", "--shop-name", "Mercería La Aguja"}).exit_code == 0);

    const auto sent = shop.cli({"campaign", "send", "Aviso"});
    INFO(sent.out << sent.err);
    REQUIRE(sent.exit_code == 0);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    const auto& m = mails[0];
    CHECK(m.text.find("Mercería La Aguja, Calle Mayor 12, 28013 Madrid") != std::string::npos);
    CHECK(m.text.find("Política de privacidad: https://aguja.es/privacidad") != std::string::npos);
    CHECK(m.html.find("Mercería La Aguja, Calle Mayor 12, 28013 Madrid") != std::string::npos);
    CHECK(m.html.find("<a href=\"https://aguja.es/privacidad\">Política de privacidad</a>") != std::string::npos);
    CHECK(m.html.find("</p></body></html>") != std::string::npos);  // the footer goes inside the body
}

TEST_CASE("content: one-click unsubscribe URLs carry a token that `unsubscribe --url` checks") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    shop.consent("grant", ana, "email");
    shop.consent("grant", luis, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());  // --unsubscribe-url https://aguja.es/baja
    const auto created = shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso",
                                   "--text", "Hola", "--json"});
    REQUIRE(created.exit_code == 0);
    const std::string campaign_uuid = json::parse(created.out)["uuid"];
    REQUIRE(shop.cli({"campaign", "send", "Aviso"}).exit_code == 0);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 2);
    std::map<std::string, std::string> url;
    for (const auto& m : mails) {
        url[m.envelope["rcpt_tos"][0].get<std::string>()] = one_click_url(m);
        CHECK(m.headers.at("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
    }
    const std::string ana_url = url["ana@example.es"], luis_url = url["luis@example.es"];
    CHECK(ana_url.rfind("https://aguja.es/baja?c=" + ana + "&k=" + campaign_uuid + "&t=", 0) == 0);
    const std::string token = query_value(ana_url, "t");
    CHECK(token.size() >= 22);
    CHECK(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    CHECK(query_value(luis_url, "t") != token);
    // The footer offers the same URL.
    for (const auto& m : mails) {
        CHECK(m.text.find(one_click_url(m)) != std::string::npos);
    }

    // Refused, with no event: a wrong token, a missing one, another customer's token, a
    // stable identifier alone (the old ?c= form).
    const std::size_t before = events_of(shop, ana);
    const std::string wrong = ana_url.substr(0, ana_url.size() - 2) + (ana_url.back() == 'A' ? "BB" : "AA");
    const std::string swapped =
        "https://aguja.es/baja?c=" + ana + "&k=" + campaign_uuid + "&t=" + query_value(luis_url, "t");
    for (const auto& u : {wrong, std::string("https://aguja.es/baja?c=" + ana), swapped,
                          "https://aguja.es/baja?c=" + ana + "&k=" + campaign_uuid + "&t="}) {
        const auto r = shop.cli({"unsubscribe", "--url", u});
        INFO(u << "\n" << r.out << r.err);
        CHECK(r.exit_code != 0);
        CHECK((r.err + r.out).find("token") != std::string::npos);
    }
    CHECK(events_of(shop, ana) == before);

    // The right one withdraws email marketing, once; the second time nothing more.
    const auto ok = shop.cli({"unsubscribe", "--url", ana_url, "--json"});
    INFO(ok.out << ok.err);
    REQUIRE(ok.exit_code == 0);
    const auto j = json::parse(ok.out);
    REQUIRE(j["requests"].size() == 1);
    CHECK(j["requests"][0]["outcome"] == "withdrawn");
    CHECK(j["requests"][0]["contact"] == ana);
    const auto history = json::parse(shop.cli({"consent", "history", ana, "--json"}).out);
    const auto& last = history["events"].back();
    CHECK(last["action"] == "withdraw");
    CHECK(last["channel"] == "email");
    CHECK(last["purpose"] == "marketing");
    CHECK(last["method"] == "web_form");
    CHECK(last["evidence"].get<std::string>().find("one-click URL of campaign Aviso") != std::string::npos);
    const auto again = shop.cli({"unsubscribe", "--url", ana_url, "--json"});
    REQUIRE(again.exit_code == 0);
    CHECK(json::parse(again.out)["requests"][0]["outcome"] == "already_withdrawn");
    CHECK(events_of(shop, ana) == before + 1);
    CHECK(events_of(shop, luis) == 2 - 1);  // Luis: his grant only
    CHECK(json::parse(shop.cli({"ledger", "verify", "--json"}).out)["ok"] == true);

    // Without an https URL configured no one-click is advertised.
    REQUIRE(shop.cli({"smtp", "set", "--unsubscribe-url", ""}).exit_code == 0);
    const auto preview = json::parse(shop.cli({"campaign", "preview", "Aviso", "--json"}).out);
    CHECK(preview["counts"]["included"] == 0);  // Ana withdrew, Luis already has it
}

TEST_CASE("content: campaign test sends one marked copy to the owner and logs nothing for customers") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    shop.consent("grant", ana, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Ofertas, {nombre}",
                      "--text", "Hola {nombre_completo}"})
                .exit_code == 0);
    const auto r = shop.cli({"campaign", "test", "Aviso", "--to", "duena@aguja.es"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("duena@aguja.es") != std::string::npos);
    CHECK(r.out.find("not logged") != std::string::npos);
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 1);
    CHECK(mails[0].envelope["rcpt_tos"] == json::array({"duena@aguja.es"}));
    CHECK(clientela::send::decode_header_words(mails[0].headers.at("Subject")) == "[PRUEBA] Ofertas, Ana");
    CHECK(mails[0].text.rfind("Hola Ana Núñez", 0) == 0);
    CHECK(mails[0].text.find("Calle Mayor 12") != std::string::npos);
    // A test copy carries no working one-click URL for a customer.
    CHECK(mails[0].raw.find(ana) == std::string::npos);
    // No customer log entry, and the campaign is still unsent.
    CHECK(json::parse(shop.cli({"history", ana, "--json"}).out)["messages"].empty());
    const auto show = json::parse(shop.cli({"campaign", "show", "Aviso", "--json"}).out);
    CHECK(show["messages"].empty());
    CHECK(show["sent_at"].is_null());
    // A bad address is refused before anything is sent.
    CHECK(shop.cli({"campaign", "test", "Aviso", "--to", "no-es-correo"}).exit_code != 0);
    CHECK(received_in(out).size() == 1);
}

TEST_CASE("content: preview after a partial send skips who already has it: show counts customers and Message-IDs") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto luis = shop.add({"--name", "Luis Pérez", "--email", "luis@example.es"});
    shop.consent("grant", ana, "email");
    shop.consent("grant", luis, "email");
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());
    REQUIRE(shop.cli({"campaign", "create", "--name", "Aviso", "--channel", "email", "--subject", "Aviso", "--text",
                      "Hola"})
                .exit_code == 0);
    REQUIRE(shop.cli({"campaign", "send", "Aviso"}).exit_code == 0);
    // A new customer arrives: a resume would send to her only.
    const auto carmen = shop.add({"--name", "Carmen Ruiz", "--email", "carmen@example.es"});
    shop.consent("grant", carmen, "email");

    const auto p = shop.cli({"campaign", "preview", "Aviso", "--json"});
    INFO(p.out << p.err);
    REQUIRE(p.exit_code == 0);
    const auto j = json::parse(p.out);
    CHECK(j["counts"]["included"] == 1);
    CHECK(j["included"][0]["id"] == carmen);
    CHECK(j["counts"]["already"] == 2);
    std::set<std::string> already;
    for (const auto& a : j["already"]) {
        already.insert(a["id"].get<std::string>());
        CHECK(a["status"] == "sent");
    }
    CHECK(already == std::set<std::string>{ana, luis});
    CHECK(j["sample_email"]["to"] == "carmen@example.es");
    const auto text = shop.cli({"campaign", "preview", "Aviso"});
    CHECK(text.out.find("already sent") != std::string::npos);
    CHECK(text.out.find("1 would get it") != std::string::npos);

    // A second run to Carmen; then a third customer's message fails: show counts both ways.
    REQUIRE(shop.cli({"campaign", "send", "Aviso"}).exit_code == 0);
    const auto rechaza = shop.add({"--name", "Pedro Gil", "--email", "rechaza@example.es"});
    shop.consent("grant", rechaza, "email");
    CHECK(shop.cli({"campaign", "send", "Aviso"}).exit_code != 0);
    // The refusal (550 5.1.1) marked the address undeliverable: the next run does not try it.
    CHECK(shop.cli({"campaign", "send", "Aviso"}).exit_code == 0);
    const auto show = json::parse(shop.cli({"campaign", "show", "Aviso", "--json"}).out);
    CHECK(show["counts"]["sent"] == 3);
    CHECK(show["counts"]["failed"] == 1);
    CHECK(show["customers"]["sent"] == 3);
    CHECK(show["customers"]["failed"] == 1);
    CHECK(show["customers"]["total"] == 4);
    const auto shown = shop.cli({"campaign", "show", "Aviso"});
    const auto mails = received_in(out);
    REQUIRE(mails.size() == 3);
    for (const auto& m : mails) {
        const std::string id = m.headers.at("Message-ID");
        CHECK(shown.out.find("Message-ID " + id) != std::string::npos);
    }
    CHECK(shown.out.find("4 customers: 1 failed, 3 sent") != std::string::npos);
}
