// The consent commands of the real clientela-cli: wording, consent, prefer, audience, ledger.
#include "cli_store.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
using nlohmann::json;
using clientela::test::first_line;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

struct Shop {
    TempDir dir;
    std::string db;
    std::string ana, luis, wording;
    explicit Shop(const std::string& engine) : db(test::cli_store(engine, dir)) {
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612345678", "--email", "ana@example.es"}).out);
        luis = first_line(cli(db, {"add", "--name", "Luis Pérez", "--phone", "915550123"}).out);
        wording = first_line(
            cli(db, {"wording", "add", "--text", "Acepto recibir ofertas de Mercería La Aguja por email."}).out);
        REQUIRE(ana.size() == 36);
        REQUIRE(wording == "1");
    }
};

}  // namespace

TEST_CASE("cli: grant then withdraw changes the audience and the history tells the story") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto grant = cli(shop.db, {"consent", "grant", shop.ana, "--channel", "email", "--purpose", "marketing",
                                     "--method", "in_store_form", "--wording", shop.wording, "--evidence",
                                     "hoja 17", "--at", "2026-11-20 10:00", "--json"});
    REQUIRE(grant.exit_code == 0);
    const auto g = json::parse(grant.out);
    CHECK(g["seq"] == 1);
    CHECK(g["recorded_by"] == "Rocío");
    CHECK(g["occurred_at"] == "2026-11-20T09:00:00Z");  // typed in Madrid time
    CHECK(g["wording"]["text"] == "Acepto recibir ofertas de Mercería La Aguja por email.");

    auto audience = json::parse(cli(shop.db, {"audience", "--purpose", "marketing", "--channel", "email", "--json"}).out);
    CHECK(audience["counts"]["included"] == 1);
    CHECK(audience["included"][0]["id"] == shop.ana);
    CHECK(audience["included"][0]["channel"] == "email");
    CHECK(audience["included"][0]["authorising_event"] == 1);
    CHECK(audience["excluded"][0]["name"] == "Luis Pérez");
    CHECK(audience["excluded"][0]["reasons"] == json::array({"no_consent", "no_contact_point"}));

    REQUIRE(cli(shop.db, {"consent", "withdraw", shop.ana.substr(0, 8), "--channel", "email", "--purpose",
                          "marketing", "--method", "email_reply", "--evidence", "respondió BAJA"})
                .exit_code == 0);
    audience = json::parse(cli(shop.db, {"audience", "--purpose", "marketing", "--channel", "email", "--json"}).out);
    CHECK(audience["counts"]["included"] == 0);

    const auto history = json::parse(cli(shop.db, {"consent", "history", shop.ana, "--json"}).out);
    REQUIRE(history["events"].size() == 2);
    CHECK(history["events"][0]["action"] == "grant");
    CHECK(history["events"][1]["action"] == "withdraw");
    CHECK(history["events"][1]["prev_hash"] == history["events"][0]["hash"]);
    CHECK(history["states"][0]["status"] == "withdrawn");
    CHECK(history["states"][0]["decision"]["reasons"] == json::array({"withdrawn"}));

    const auto stats = json::parse(cli(shop.db, {"stats", "--json"}).out);
    CHECK(stats["consent_events"] == 2);
}

TEST_CASE("cli: preferred channel with fallback decides the audience channel") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto wa = first_line(cli(shop.db, {"wording", "add", "--channel", "whatsapp_business", "--name", "wa",
                                             "--text", "Acepto ofertas de Mercería La Aguja por WhatsApp."})
                                   .out);
    for (const auto& [channel, w] : {std::pair<std::string, std::string>{"email", shop.wording}, {"whatsapp_business", wa}}) {
        REQUIRE(cli(shop.db, {"consent", "grant", shop.ana, "--channel", channel, "--purpose", "marketing", "--method",
                              "paper", "--wording", w, "--evidence", "hoja"})
                    .exit_code == 0);
    }
    REQUIRE(cli(shop.db, {"prefer", shop.ana, "--channel", "whatsapp_business", "--fallback", "email"}).exit_code == 0);
    auto a = json::parse(cli(shop.db, {"audience", "--purpose", "marketing", "--json"}).out);
    CHECK(a["included"][0]["channel"] == "whatsapp_business");
    const auto text = cli(shop.db, {"audience", "--purpose", "marketing", "--explain"});
    CHECK_THAT(text.out, Catch::Contains("Luis Pérez") && Catch::Contains("1 included, 1 excluded"));
}

TEST_CASE("cli: consent mistakes are refused with clear messages") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto no_wording = cli(shop.db, {"consent", "grant", shop.ana, "--channel", "email", "--purpose", "marketing",
                                          "--method", "paper"});
    CHECK(no_wording.exit_code == 1);
    CHECK_THAT(no_wording.err, Catch::Contains("wording"));
    const auto landline = cli(shop.db, {"consent", "grant", shop.luis, "--channel", "sms", "--purpose", "marketing",
                                        "--method", "paper", "--wording", shop.wording});
    CHECK(landline.exit_code == 1);
    CHECK_THAT(landline.err, Catch::Contains("no valid mobile"));
    const auto personal = cli(shop.db, {"consent", "grant", shop.ana, "--channel", "whatsapp", "--purpose",
                                        "marketing", "--method", "paper", "--wording", shop.wording});
    CHECK(personal.exit_code == 2);
    CHECK_THAT(personal.err, Catch::Contains("whatsapp_business"));
    const auto future = cli(shop.db, {"consent", "grant", shop.ana, "--channel", "email", "--purpose", "marketing",
                                      "--method", "paper", "--wording", shop.wording, "--at", "2999-01-01"});
    CHECK(future.exit_code == 1);
    CHECK(cli(shop.db, {"audience", "--purpose", "promo"}).exit_code == 2);
    CHECK(cli(shop.db, {"consent", "history", "ffffffff"}).exit_code == 1);
    CHECK(json::parse(cli(shop.db, {"stats", "--json"}).out)["consent_events"] == 0);
}

TEST_CASE("cli: ledger verify passes, then finds a row edited with the triggers dropped") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    for (int i = 0; i < 3; ++i) {
        REQUIRE(cli(shop.db, {"consent", i == 1 ? "withdraw" : "grant", shop.ana, "--channel", "email", "--purpose",
                              "marketing", "--method", "paper", "--wording", shop.wording, "--evidence", "hoja"})
                    .exit_code == 0);
    }
    const auto ok = cli(shop.db, {"ledger", "verify", "--json"});
    REQUIRE(ok.exit_code == 0);
    const auto j = json::parse(ok.out);
    CHECK(j["ok"] == true);
    CHECK(j["events_checked"] == 3);
    CHECK(j["head_hash"].get<std::string>().size() == 64);
    CHECK(j["first_broken_event"].is_null());
    test::tamper(shop.db, "UPDATE consent_events SET action = 'grant' WHERE seq = 2", {"consent_events_no_update"});
    const auto broken = cli(shop.db, {"ledger", "verify", "--json"});
    CHECK(broken.exit_code == 1);
    const auto b = json::parse(broken.out);
    CHECK(b["ok"] == false);
    CHECK(b["first_broken_event"] == 2);
    const auto text = cli(shop.db, {"ledger", "verify"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Catch::Contains("LEDGER BROKEN") && Catch::Contains("first broken event: 2"));
}

TEST_CASE("cli: settings round-trip and bad values are refused") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir, "s.db");
    REQUIRE(cli(db, {"settings", "set", "--shop-name", "La Aguja", "--expiry-months", "12", "--double-opt-in", "true"})
                .exit_code == 0);
    const auto s = json::parse(cli(db, {"settings", "show", "--json"}).out);
    CHECK(s["shop_name"] == "La Aguja");
    CHECK(s["expiry_months"] == 12);
    CHECK(s["double_opt_in_required"] == true);
    CHECK(s["default_region"] == "ES");
    CHECK(cli(db, {"settings", "set", "--region", "Spain"}).exit_code == 1);
    CHECK(cli(db, {"settings", "set", "--time-zone", "Mars/Olympus"}).exit_code == 1);
    CHECK(cli(db, {"settings", "set", "--expiry-months", "-3"}).exit_code == 1);
    CHECK(json::parse(cli(db, {"settings", "show", "--json"}).out)["expiry_months"] == 12);
}
