// `wording add` with a scope, `wording scope` to show and correct it, and `consent grant`
// refusing a wording that does not fit the channel or basis (issue #17), through the real
// clientela-cli.
#include "cli_store.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using clientela::test::first_line;
using clientela::test::ProcessResult;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

}  // namespace

TEST_CASE("cli: wording add declares a scope, wording scope corrects it, consent grant refuses a mismatch") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const std::string db = test::cli_store(engine, dir);
    REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
    const auto ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612345678", "--email",
                                         "ana@example.es"})
                                    .out);
    REQUIRE(ana.size() == 36);

    // Declared: the SMS notice for existing customers (LSSI art. 21.2).
    const auto sms = cli(db, {"wording", "add", "--name", "sms-cliente", "--channels", "sms", "--purpose", "marketing",
                              "--basis", "existing_customer", "--text",
                              "Como cliente de Mercería La Aguja podrá recibir por SMS ofertas de productos similares."});
    REQUIRE(sms.exit_code == 0);
    const std::string sms_id = first_line(sms.out);
    // Not declared: proposed from the text, and said so.
    const auto email = cli(db, {"wording", "add", "--name", "email-ofertas", "--text",
                                "Sí, quiero recibir ofertas de Mercería La Aguja por correo electrónico."});
    REQUIRE(email.exit_code == 0);
    CHECK(email.err.find("scope: channels email; purpose marketing; basis consent (proposed") != std::string::npos);
    const std::string email_id = first_line(email.out);

    // A scope that cannot be: existing customer on WhatsApp.
    const auto bad = cli(db, {"wording", "add", "--text", "Como cliente recibirá ofertas por WhatsApp.", "--channels",
                              "whatsapp_business", "--basis", "existing_customer"});
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find("existing-customer basis") != std::string::npos);

    auto list = json::parse(cli(db, {"wording", "list", "--json"}).out);
    REQUIRE(list.size() == 2);
    CHECK(list[0]["scope"]["channels"] == json::array({"sms"}));
    CHECK(list[0]["scope"]["basis"] == "existing_customer");
    CHECK(list[0]["scope"]["proposed"] == false);
    CHECK(list[1]["scope"]["channels"] == json::array({"email"}));
    CHECK(list[1]["scope"]["proposed"] == true);

    // The fault of issue #17: the SMS existing-customer text recorded for email and WhatsApp.
    for (const char* channel : {"email", "whatsapp_business"}) {
        const auto refused = cli(db, {"consent", "grant", ana, "--channel", channel, "--purpose", "marketing",
                                      "--method", "in_store_form", "--wording", sms_id, "--evidence", "hoja 1"});
        CHECK(refused.exit_code == 1);
        CHECK(refused.err.find(std::string("this wording is not for ") + channel) != std::string::npos);
    }
    const auto no_basis = cli(db, {"consent", "grant", ana, "--channel", "sms", "--purpose", "marketing", "--method",
                                   "in_store_form", "--wording", sms_id, "--evidence", "hoja 1"});
    CHECK(no_basis.exit_code == 1);
    CHECK(no_basis.err.find("existing_customer basis, not consent") != std::string::npos);
    CHECK(json::parse(cli(db, {"stats", "--json"}).out)["consent_events"] == 0);  // nothing recorded

    REQUIRE(cli(db, {"consent", "grant", ana, "--channel", "sms", "--purpose", "marketing", "--method",
                     "in_store_form", "--wording", sms_id, "--basis", "existing_customer", "--evidence", "ticket 9"})
                .exit_code == 0);

    // The owner corrects the email text's scope: it also covers SMS.
    const auto shown = cli(db, {"wording", "scope", email_id});
    CHECK(shown.exit_code == 0);
    CHECK(shown.out.find("(proposed from the text") != std::string::npos);
    const auto corrected =
        cli(db, {"wording", "scope", email_id, "--channels", "email,sms", "--purpose", "marketing", "--json"});
    REQUIRE(corrected.exit_code == 0);
    const auto j = json::parse(corrected.out);
    CHECK(j["channels"] == json::array({"email", "sms"}));
    CHECK(j["proposed"] == false);
    CHECK(cli(db, {"wording", "scope", email_id, "--channels", "telegram"}).exit_code == 2);

    REQUIRE(cli(db, {"consent", "grant", ana, "--channel", "email", "--purpose", "marketing", "--method",
                     "in_store_form", "--wording", email_id, "--evidence", "hoja 2"})
                .exit_code == 0);
    const auto wa = cli(db, {"consent", "grant", ana, "--channel", "whatsapp_business", "--purpose", "marketing",
                             "--method", "in_store_form", "--wording", email_id, "--evidence", "hoja 2"});
    CHECK(wa.exit_code == 1);
    CHECK(json::parse(cli(db, {"stats", "--json"}).out)["consent_events"] == 2);
    CHECK(cli(db, {"ledger", "verify"}).exit_code == 0);

    // A withdrawal asked over WhatsApp keeps its own method name.
    const auto w = cli(db, {"consent", "withdraw", ana, "--channel", "sms", "--purpose", "marketing", "--method",
                            "whatsapp_reply", "--json"});
    REQUIRE(w.exit_code == 0);
    CHECK(json::parse(w.out)["method"] == "whatsapp_reply");
}
