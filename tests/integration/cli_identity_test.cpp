// One mailbox, one person, end to end with the real clientela-cli and a local SMTP server:
// two spellings of one email address are one customer (add, import); a database made before
// that rule, which may hold such a pair, upgrades, shows the pair to the owner, sends the
// mailbox one message per campaign and withdraws everyone on it at one unsubscribe; and a
// permanent 5.1.x refusal of a recipient marks the address undeliverable until it is
// edited or consent is granted or confirmed again.
#include "outreach_fixture.hpp"

#include "core/text.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using clientela::test::LocalServer;
using nlohmann::json;
using namespace clientela::test::outreach;

namespace {

std::set<std::string> recipients_of(const std::vector<Received>& mails) {
    std::set<std::string> out;
    for (const auto& m : mails) out.insert(m.envelope["rcpt_tos"][0].get<std::string>());
    return out;
}

json recipient(const json& report, const std::string& uuid) {
    for (const auto& r : report["recipients"]) {
        if (r["id"] == uuid) return r;
    }
    FAIL_CHECK("no recipient " << uuid << " in the report");
    return {};
}

json excluded(const json& preview, const std::string& uuid) {
    for (const auto& r : preview["excluded"]) {
        if (r["id"] == uuid) return r;
    }
    FAIL_CHECK("no excluded customer " << uuid << " in " << preview.dump());
    return {};
}

json history_of(const Shop& shop, const std::string& uuid) {
    const auto r = shop.cli({"history", uuid, "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out)["messages"];
}

void create_email_campaign(const Shop& shop, const std::string& name = "Aviso") {
    const auto r = shop.cli(
        {"campaign", "create", "--name", name, "--channel", "email", "--subject", "Aviso", "--text", "Hola"});
    REQUIRE(r.exit_code == 0);
}

// The migrations of a program from before the email identity key (db/NNN_email_identity.sql):
// all of them when this program has none.
std::vector<clientela::store::Migration> before_identity_key() {
    std::vector<clientela::store::Migration> before;
    for (const auto& m : clientela::store::migrations()) {
        if (std::string(m.name).find("email_identity") != std::string::npos) break;
        before.push_back(m);
    }
    return before;
}

const std::string kFamiliaUuid = "11111111-0000-4000-8000-000000000001";
const std::string kPacoUuid = "22222222-0000-4000-8000-000000000002";
const std::string kLolaUuid = "33333333-0000-4000-8000-000000000003";

// A shop database written by a program from before the identity key, holding what it
// allowed: two customers on one mailbox spelled differently (Familia Ruiz first), and Lola.
void make_old_shop(Shop& shop) {
    const std::string path = shop.dir.file("old-shop.db");
    {
        clientela::store::Database old(path, before_identity_key());
        auto& sql = old.sql();
        auto contact = [&](int id, const std::string& uuid, const std::string& name, const std::string& email) {
            sql.exec("INSERT INTO contacts (id, uuid, display_name, sort_key, source_kind, created_at, updated_at) "
                     "VALUES (" + std::to_string(id) + ", '" + uuid + "', '" + name + "', lower('" + name +
                     "'), 'manual', 1700000000, 1700000000)");
            sql.exec("INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_valid) VALUES (" +
                     std::to_string(id) + ", 'email', '" + email + "', '" + email + "', 1)");
        };
        contact(1, kFamiliaUuid, "Familia Ruiz", "Familia.Ruiz@example.com");
        contact(2, kPacoUuid, "Paco Ruiz", "familia.ruiz@example.com");
        contact(3, kLolaUuid, "Lola Sanz", "lola@example.com");
    }
    shop.db = path;
    REQUIRE(shop.cli({"settings", "set", "--shop-name", "Mercería La Aguja", "--shop-address",
                      "Calle Mayor 3, Soria", "--unsubscribe-address", "baja@aguja.es", "--staff", "Rocío"})
                .exit_code == 0);
    shop.email_wording =
        first_line(shop.cli({"wording", "add", "--text", "Acepto recibir ofertas de Mercería La Aguja por email."}).out);
}

}  // namespace

TEST_CASE("identity: two spellings of one email address are one customer for add and import") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto familia = shop.add({"--name", "Familia Ruiz", "--email", "Familia.Ruiz@example.com"});
    const auto again = shop.cli({"add", "--name", "Paco Ruiz", "--email", "familia.ruiz@example.com"});
    CHECK(again.exit_code != 0);
    CHECK(again.err.find("Familia Ruiz") != std::string::npos);
    CHECK(json::parse(shop.cli({"stats", "--json"}).out)["contacts"] == 1);

    // An import folds the other spelling into the customer who has it when the names say it
    // is the same person ("Lola S." is Lola Sanz); Paco Ruiz with the family's mailbox is a
    // conflict: he comes in on his own, the mailbox stays with Familia Ruiz.
    const std::string csv = shop.dir.file("clientes.csv");
    std::ofstream(csv) << "Name,E-mail Address\n"
                          "Paco Ruiz,FAMILIA.RUIZ@example.com\n"
                          "Lola Sanz,Lola.Sanz@example.com\n"
                          "Lola S.,lola.sanz@example.com\n";
    const auto imported = shop.cli({"import", csv, "--json"});
    INFO(imported.out << imported.err);
    REQUIRE(imported.exit_code == 0);
    const auto report = json::parse(imported.out);
    CHECK(report["contacts_created"] == 2);  // Paco (without the mailbox), Lola
    CHECK(report["contacts_merged"] == 0);
    CHECK(report["conflicts"] == 1);
    CHECK(report["duplicates_in_file"] == 1);
    CHECK(json::parse(shop.cli({"stats", "--json"}).out)["contacts"] == 3);
    const auto shown = json::parse(shop.cli({"show", familia, "--json"}).out);
    CHECK(shown["points"].size() == 1);  // the spelling stored first stays the only one
}

// SQLite only: an old SQLite file upgraded by the SQLite migrations (PostgreSQL's schema had the
// identity key from its first migration, so no such database exists there).
TEST_CASE("identity: an old database with one mailbox on two customers upgrades, is flagged, gets one message "
          "and one unsubscribe withdraws both") {
    Shop shop("sqlite");
    make_old_shop(shop);
    for (const auto& id : {kFamiliaUuid, kPacoUuid, kLolaUuid}) shop.consent("grant", id, "email");

    // The preview and the send: one message to the mailbox, for the customer added first.
    create_email_campaign(shop);
    const auto preview = json::parse(shop.cli({"campaign", "preview", "Aviso", "--json"}).out);
    CHECK(preview["counts"]["included"] == 2);
    CHECK(excluded(preview, kPacoUuid).dump().find("Familia Ruiz") != std::string::npos);

    const std::string out = shop.dir.file("smtp-out");
    {
        LocalServer smtp = smtp_server(shop, out);
        shop.configure_smtp(smtp.port());
        const auto sent = shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"});
        INFO(sent.out << sent.err);
        const auto report = json::parse(sent.out);
        CHECK(report["counts"]["sent"] == 2);
        const auto mails = received_in(out);
        CHECK(mails.size() == 2);
        std::multiset<std::string> lowered;
        for (const auto& m : mails) lowered.insert(clientela::ascii_lower(m.envelope["rcpt_tos"][0].get<std::string>()));
        CHECK(lowered.count("familia.ruiz@example.com") == 1);
        CHECK(lowered.count("lola@example.com") == 1);
        CHECK(recipient(report, kFamiliaUuid)["status"] == "sent");
        // The log says who the mailbox's message was for and why Paco got none.
        const auto paco = history_of(shop, kPacoUuid);
        REQUIRE(paco.size() == 1);
        CHECK(paco[0]["status"] == "skipped");
        CHECK(paco[0]["error"].get<std::string>().find("Familia Ruiz") != std::string::npos);
        CHECK(paco[0]["error"].get<std::string>().find("same mailbox") != std::string::npos);

        // A second run sends nobody anything.
        const auto again = json::parse(shop.cli({"campaign", "send", "Aviso", "--json"}).out);
        CHECK(again["counts"]["sent"] == 0);
        CHECK(received_in(out).size() == 2);
    }

    // BAJA from either spelling withdraws every customer on the mailbox.
    const auto unsub = shop.cli({"unsubscribe", "FAMILIA.RUIZ@EXAMPLE.COM", "--json"});
    INFO(unsub.out << unsub.err);
    REQUIRE(unsub.exit_code == 0);
    const auto u = json::parse(unsub.out);
    REQUIRE(u["requests"].size() == 2);
    std::set<std::string> withdrawn;
    for (const auto& r : u["requests"]) {
        CHECK(r["outcome"] == "withdrawn");
        withdrawn.insert(r["contact"].get<std::string>());
    }
    CHECK(withdrawn == std::set<std::string>{kFamiliaUuid, kPacoUuid});
    create_email_campaign(shop, "Aviso 2");
    const auto after = json::parse(shop.cli({"campaign", "preview", "Aviso 2", "--json"}).out);
    CHECK(after["counts"]["included"] == 1);
    CHECK(after["included"][0]["id"] == kLolaUuid);
    CHECK(json::parse(shop.cli({"ledger", "verify", "--json"}).out)["ok"] == true);

    // The owner sees the pair, to resolve it.
    const auto stats = json::parse(shop.cli({"stats", "--json"}).out);
    CHECK(stats.value("shared_addresses", -1) == 1);
    CHECK(shop.cli({"stats"}).out.find("see `duplicates`") != std::string::npos);
    const auto dups = shop.cli({"duplicates", "--json"});
    INFO(dups.out << dups.err);
    REQUIRE(dups.exit_code == 0);
    const auto d = json::parse(dups.out);
    REQUIRE(d["shared"].size() == 1);
    CHECK(d["shared"][0]["address"] == "familia.ruiz@example.com");
    REQUIRE(d["shared"][0]["contacts"].size() == 2);
    CHECK(d["shared"][0]["contacts"][0]["id"] == kFamiliaUuid);
    CHECK(d["shared"][0]["contacts"][0]["spelling"] == "Familia.Ruiz@example.com");
    CHECK(d["shared"][0]["contacts"][1]["id"] == kPacoUuid);
}

TEST_CASE("identity: a 550 5.1.1 at RCPT marks the address undeliverable: the next send skips it: a new grant "
          "clears it") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto ana = shop.add({"--name", "Ana Núñez", "--email", "ana@example.es"});
    const auto rosa = shop.add({"--name", "Rosa Vidal", "--email", "Rosa.rechaza@example.es"});
    for (const auto& id : {ana, rosa}) shop.consent("grant", id, "email");
    create_email_campaign(shop);
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out);
    shop.configure_smtp(smtp.port());

    const auto first = json::parse(shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"}).out);
    CHECK(first["counts"]["sent"] == 1);
    CHECK(first["counts"]["failed"] == 1);
    CHECK(recipient(first, rosa)["status"] == "failed");

    // Marked on her contact point, with the server's reply as evidence.
    const auto shown = json::parse(shop.cli({"show", rosa, "--json"}).out);
    REQUIRE(shown["points"].size() == 1);
    CHECK(shown["points"][0].value("undeliverable", false) == true);
    CHECK(shown["points"][0].value("undeliverable_evidence", "").find("550 5.1.1") != std::string::npos);

    // The policy refuses it with its own reason; the next campaign does not try it.
    create_email_campaign(shop, "Aviso 2");
    const auto preview = json::parse(shop.cli({"campaign", "preview", "Aviso 2", "--json"}).out);
    CHECK(preview["counts"]["included"] == 1);
    CHECK(excluded(preview, rosa).dump().find("undeliverable") != std::string::npos);
    const auto audience = shop.cli({"audience", "--purpose", "marketing", "--channel", "email", "--json"});
    CHECK(audience.out.find("undeliverable") != std::string::npos);
    const auto second = json::parse(shop.cli({"campaign", "send", "Aviso 2", "--json"}).out);
    CHECK(second["counts"]["sent"] == 1);
    CHECK(second["counts"]["failed"] == 0);
    CHECK(recipients_of(received_in(out)) == std::set<std::string>{"ana@example.es"});
    CHECK(received_in(out).size() == 2);        // Ana, twice: one per campaign
    CHECK(history_of(shop, rosa).size() == 1);  // the refusal only: Rosa was not tried again

    // Consent granted again on that point clears the mark.
    shop.consent("grant", rosa, "email");
    const auto cleared = json::parse(shop.cli({"show", rosa, "--json"}).out);
    CHECK(cleared["points"][0].value("undeliverable", true) == false);
    const auto again = json::parse(shop.cli({"campaign", "preview", "Aviso 2", "--json"}).out);
    CHECK(again["counts"]["included"] == 1);  // Rosa again; Ana already has this campaign
    CHECK(again["counts"]["already"] == 1);
    CHECK(again["included"][0]["id"] == rosa);
}

TEST_CASE("identity: a temporary or non-address refusal at RCPT does not mark the address undeliverable") {
    const std::string engine = GENERATE(from_range(clientela::test::cli_engines()));
    Shop shop(engine);
    const auto lola = shop.add({"--name", "Lola Sanz", "--email", "lola.llena@example.es"});
    shop.consent("grant", lola, "email");
    create_email_campaign(shop);
    const std::string out = shop.dir.file("smtp-out");
    LocalServer smtp = smtp_server(shop, out, {"--rcpt-reply", "llena=552 5.2.2 <lola.llena@example.es>: mailbox full"});
    shop.configure_smtp(smtp.port());
    const auto first = json::parse(shop.cli({"campaign", "send", "Aviso", "--rate", "6000", "--json"}).out);
    CHECK(first["counts"]["failed"] == 1);
    CHECK(history_of(shop, lola)[0]["reply"] == "552 5.2.2 <lola.llena@example.es>: mailbox full");
    const auto shown = json::parse(shop.cli({"show", lola, "--json"}).out);
    CHECK(shown["points"][0].value("undeliverable", true) == false);
}
