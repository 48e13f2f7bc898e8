// `add ... --grant CHANNEL:WORDING` of the real clientela-cli: a new customer and their
// consent in one transaction (app/new_customer.hpp), or nothing.
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

struct Shop {
    TempDir dir;
    std::string db;
    explicit Shop(const std::string& engine) : db(test::cli_store(engine, dir)) {
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        REQUIRE(cli(db, {"wording", "add", "--name", "email-ofertas", "--channels", "email", "--text",
                         "Acepto recibir ofertas de Mercería La Aguja por email."})
                    .exit_code == 0);
        REQUIRE(cli(db, {"wording", "add", "--name", "whatsapp-ofertas", "--channels", "whatsapp_business", "--text",
                         "Acepto recibir ofertas de Mercería La Aguja por WhatsApp."})
                    .exit_code == 0);
    }
    std::int64_t contacts() { return json::parse(cli(db, {"stats", "--json"}).out)["contacts"].get<std::int64_t>(); }
    std::int64_t events() { return json::parse(cli(db, {"stats", "--json"}).out)["consent_events"].get<std::int64_t>(); }
};

}  // namespace

TEST_CASE("cli: add with --grant stores the customer and the grants together") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const auto add = cli(shop.db, {"add", "--name", "Lucía Pérez", "--phone", "612345678", "--email",
                                   "lucia@example.es", "--tag", "vip", "--grant", "email:email-ofertas", "--grant",
                                   "whatsapp_business:whatsapp-ofertas", "--evidence", "hoja 12", "--recorded-by",
                                   "Andrés"});
    REQUIRE(add.exit_code == 0);
    const std::string id = first_line(add.out);
    REQUIRE(id.size() == 36);
    const auto h = json::parse(cli(shop.db, {"consent", "history", id, "--json"}).out);
    REQUIRE(h["events"].size() == 2);
    CHECK(h["events"][0]["channel"] == "email");
    CHECK(h["events"][0]["wording"]["id"] == 1);  // email-ofertas
    CHECK(h["events"][0]["method"] == "in_store_form");
    CHECK(h["events"][0]["evidence"] == "hoja 12");
    CHECK(h["events"][0]["recorded_by"] == "Andrés");
    CHECK(h["events"][1]["channel"] == "whatsapp_business");
    CHECK(h["events"][1]["wording"]["id"] == 2);  // whatsapp-ofertas
    // `add` without --grant is as before: the id, no events.
    const auto plain = cli(shop.db, {"add", "--name", "Ana Ruiz", "--phone", "699000111"});
    REQUIRE(plain.exit_code == 0);
    CHECK(shop.contacts() == 2);
    CHECK(shop.events() == 2);
}

TEST_CASE("cli: add with a refused grant stores nothing") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    // The email wording for WhatsApp: refused, and the customer is not stored either.
    const auto bad = cli(shop.db, {"add", "--name", "Lucía Pérez", "--phone", "612345678", "--email",
                                   "lucia@example.es", "--grant", "email:email-ofertas", "--grant",
                                   "whatsapp_business:email-ofertas"});
    CHECK(bad.exit_code != 0);
    CHECK(shop.contacts() == 0);
    CHECK(shop.events() == 0);
    // A mobile another customer has: the same.
    REQUIRE(cli(shop.db, {"add", "--name", "Marta Gil", "--phone", "+34612345678"}).exit_code == 0);
    const auto taken = cli(shop.db, {"add", "--name", "Lucía Pérez", "--phone", "612345678", "--grant",
                                     "whatsapp_business:whatsapp-ofertas"});
    CHECK(taken.exit_code != 0);
    CHECK(taken.err.find("Marta Gil") != std::string::npos);
    CHECK(shop.contacts() == 1);
    CHECK(shop.events() == 0);
    // A wording name that does not exist.
    const auto unknown = cli(shop.db, {"add", "--name", "Eva", "--email", "eva@example.es", "--grant", "email:nada"});
    CHECK(unknown.exit_code != 0);
    CHECK(shop.contacts() == 1);
}

TEST_CASE("cli: a grant for an erased number needs --readmit and then readmits in the same step") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const std::string old = first_line(cli(shop.db, {"add", "--name", "Lucía Pérez", "--phone", "612345678"}).out);
    REQUIRE(cli(shop.db, {"erase", old, "--yes"}).exit_code == 0);
    const std::vector<std::string> add{"add", "--name", "Lucía Pérez", "--phone", "612 345 678", "--grant",
                                       "whatsapp_business:whatsapp-ofertas", "--evidence", "hoja 13"};
    const auto refused = cli(shop.db, add);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find("--readmit") != std::string::npos);
    CHECK(shop.contacts() == 0);
    auto again = add;
    again.push_back("--readmit");
    const auto ok = cli(shop.db, again);
    REQUIRE(ok.exit_code == 0);
    CHECK(ok.err.find("readmitted") != std::string::npos);
    const std::string id = first_line(ok.out);
    const auto audience =
        json::parse(cli(shop.db, {"audience", "--purpose", "marketing", "--channel", "whatsapp_business", "--json"}).out);
    REQUIRE(audience["counts"]["included"] == 1);
    CHECK(audience["included"][0]["id"] == id);
}

TEST_CASE("cli: edit changes name, notes and tags, and the search follows the name at once") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    const std::string id =
        first_line(cli(shop.db, {"add", "--name", "Lucía Pérez", "--phone", "612345678", "--tag", "novias"}).out);
    REQUIRE(json::parse(cli(shop.db, {"list", "--search", "perez", "--json"}).out)["total"] == 1);
    const auto edit = cli(shop.db, {"edit", id.substr(0, 8), "--name", "Lucía Ortega", "--notes", "Talla 40", "--tag",
                                    "vip", "--untag", "novias", "--json"});
    REQUIRE(edit.exit_code == 0);
    const auto c = json::parse(edit.out);
    CHECK(c["name"] == "Lucía Ortega");
    CHECK(c["notes"] == "Talla 40");
    CHECK(c["tags"] == json::array({"vip"}));
    CHECK(json::parse(cli(shop.db, {"list", "--search", "perez", "--json"}).out)["total"] == 0);
    CHECK(json::parse(cli(shop.db, {"list", "--search", "ortega", "--json"}).out)["total"] == 1);
    // Only what is given changes.
    const auto tag_only = json::parse(cli(shop.db, {"edit", id, "--tag", "arreglos", "--json"}).out);
    CHECK(tag_only["name"] == "Lucía Ortega");
    CHECK(tag_only["notes"] == "Talla 40");
    CHECK(tag_only["tags"] == json::array({"arreglos", "vip"}));
    CHECK(cli(shop.db, {"edit", id, "--name", ""}).exit_code != 0);
}
