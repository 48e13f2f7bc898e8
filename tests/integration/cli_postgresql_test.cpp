// clientela-cli on PostgreSQL (issue #19): the real binary against a real server the test binary
// starts (tests/support/pg_server.hpp), with the owner, a till login and a manager login.
#include "pg_server.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <future>
#include <string>
#include <vector>

using clientela::test::first_line;
using clientela::test::ProcessResult;
using nlohmann::json;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return test::run_cli(CLIENTELA_CLI, db, args, {});
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

struct Shop {
    std::string owner;    // the superuser that ran init
    std::string till;     // a login in DBNAME_till
    std::string manager;  // a login in DBNAME_manager
};

Shop initialised_shop() {
    Shop shop;
    shop.owner = test::pg_database();
    const std::string name = test::pg_database_name(shop.owner);
    const auto init = cli(shop.owner, {"init", "--json"});
    REQUIRE(init.exit_code == 0);
    const auto j = json::parse(init.out);
    CHECK(j["engine"] == "postgresql");
    CHECK(j["roles"]["till"] == name + "_till");
    CHECK(j["roles"]["manager"] == name + "_manager");
    test::pg_psql(name, "CREATE ROLE " + name + "_ana LOGIN IN ROLE " + name + "_till");
    test::pg_psql(name, "CREATE ROLE " + name + "_boss LOGIN IN ROLE " + name + "_manager");
    shop.till = test::pg_uri(name, name + "_ana");
    shop.manager = test::pg_uri(name, name + "_boss");
    return shop;
}

}  // namespace

TEST_CASE("cli on PostgreSQL: a database without init is refused with the advice to run it") {
    const std::string uri = test::pg_database();
    const auto r = cli(uri, {"list"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("has no Clientela tables yet") && Catch::Contains("init"));
}

TEST_CASE("cli on PostgreSQL: a password in --db is refused without echoing it") {
    const auto r = cli("postgresql://ana:hunter22@127.0.0.1:5/shop", {"list"});
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("~/.pgpass"));
    CHECK_THAT(r.err + r.out, !Catch::Contains("hunter22"));
}

TEST_CASE("cli on PostgreSQL: a till adds and finds and grants while only a manager adds wordings and erases") {
    const Shop shop = initialised_shop();
    const auto wording = cli(shop.manager, {"wording", "add", "--name", "email-ofertas", "--channels", "email",
                                            "--purpose", "marketing", "--text",
                                            "Sí, quiero recibir ofertas por email."});
    REQUIRE(wording.exit_code == 0);
    const std::string wording_id = first_line(wording.out);

    const auto by_till = cli(shop.till, {"wording", "add", "--name", "otra", "--channels", "email", "--purpose",
                                         "marketing", "--text", "Otro texto."});
    CHECK(by_till.exit_code == 1);
    CHECK_THAT(by_till.err, Catch::Contains("may not do this"));

    const auto add = cli(shop.till, {"add", "--name", "Ana Núñez", "--phone", "612 34 56 78", "--email",
                                     "ana@example.es"});
    REQUIRE(add.exit_code == 0);
    const std::string id = trimmed(add.out);
    const auto found = cli(shop.till, {"list", "--search", "nunez", "--json"});
    REQUIRE(found.exit_code == 0);
    CHECK(json::parse(found.out)["total"] == 1);
    const auto by_number_end = cli(shop.till, {"list", "--search", "5678", "--json"});
    REQUIRE(by_number_end.exit_code == 0);
    CHECK(json::parse(by_number_end.out)["total"] == 1);

    REQUIRE(cli(shop.till, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method",
                            "in_store_form", "--wording", wording_id, "--evidence", "hoja 17"})
                .exit_code == 0);
    const auto verify = cli(shop.till, {"ledger", "verify"});
    CHECK(verify.exit_code == 0);

    const auto erase_by_till = cli(shop.till, {"erase", id, "--yes"});
    CHECK(erase_by_till.exit_code == 1);
    CHECK_THAT(erase_by_till.err, Catch::Contains("may not do this"));
    const auto still = cli(shop.till, {"list", "--search", "nunez", "--json"});
    CHECK(json::parse(still.out)["total"] == 1);
}

TEST_CASE("cli on PostgreSQL: four tills granting at once lose nothing and the chain verifies") {
    const Shop shop = initialised_shop();
    const auto wording = cli(shop.manager, {"wording", "add", "--name", "sms", "--channels", "sms", "--purpose",
                                            "marketing", "--text", "Sí, SMS con ofertas."});
    REQUIRE(wording.exit_code == 0);
    const std::string wording_id = first_line(wording.out);
    constexpr int tills = 4;
    constexpr int each = 6;
    std::vector<std::string> ids;
    for (int i = 0; i < tills * each; ++i) {
        const auto add = cli(shop.till, {"add", "--name", "Cliente " + std::to_string(i), "--phone",
                                         "6" + std::to_string(10000000 + i)});
        REQUIRE(add.exit_code == 0);
        ids.push_back(trimmed(add.out));
    }
    std::vector<std::future<int>> runs;
    for (int t = 0; t < tills; ++t) {
        runs.push_back(std::async(std::launch::async, [&, t] {
            int failed = 0;
            for (int i = 0; i < each; ++i) {
                const auto r = cli(shop.till, {"consent", "grant", ids[static_cast<std::size_t>(t * each + i)],
                                               "--channel", "sms", "--purpose", "marketing", "--method",
                                               "in_store_form", "--wording", wording_id});
                if (r.exit_code != 0) {
                    ++failed;
                    UNSCOPED_INFO(r.err);
                }
            }
            return failed;
        }));
    }
    int failures = 0;
    for (auto& r : runs) failures += r.get();
    CHECK(failures == 0);
    const std::string name = test::pg_database_name(shop.owner);
    CHECK(test::pg_psql(name, "SELECT count(*), min(seq), max(seq) FROM consent_events") ==
          std::to_string(tills * each) + "|1|" + std::to_string(tills * each) + "\n");
    const auto verify = cli(shop.till, {"ledger", "verify", "--json"});
    CHECK(verify.exit_code == 0);
}

TEST_CASE("cli: copy-to moves a SQLite shop into PostgreSQL with the same ids and ledger and secrets only once") {
    char tmpl[] = "/tmp/clientela-copyto-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    const std::string dir = tmpl;
    const std::string file = dir + "/shop.db";
    const auto wording = cli(file, {"wording", "add", "--name", "email-ofertas", "--channels", "email", "--purpose",
                                    "marketing", "--text", "Sí, quiero ofertas por email."});
    REQUIRE(wording.exit_code == 0);
    const std::string wording_id = first_line(wording.out);
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        const auto add = cli(file, {"add", "--name", "Cliente Núñez " + std::to_string(i), "--phone",
                                    "61234567" + std::to_string(i), "--email", "c" + std::to_string(i) + "@example.es",
                                    "--tag", "vip"});
        REQUIRE(add.exit_code == 0);
        ids.push_back(trimmed(add.out));
        REQUIRE(cli(file, {"consent", "grant", ids.back(), "--channel", "email", "--purpose", "marketing", "--method",
                           "in_store_form", "--wording", wording_id, "--evidence", "hoja " + std::to_string(i)})
                    .exit_code == 0);
    }
    REQUIRE(cli(file, {"consent", "withdraw", ids[1], "--channel", "email", "--purpose", "marketing", "--method",
                       "in_store_form"})
                .exit_code == 0);
    auto sqlite = [&](const std::string& query) {
        return test::run_process({"/usr/bin/sqlite3", file, query}).out;
    };

    const std::string target = test::pg_database();
    const std::string name = test::pg_database_name(target);
    const auto copied = cli(file, {"copy-to", target, "--json"});
    REQUIRE(copied.exit_code == 0);
    const auto j = json::parse(copied.out);
    CHECK(j["ledger"]["seq"] == 4);
    CHECK(j["ledger"]["hash"].get<std::string>() + "\n" ==
          sqlite("SELECT hash FROM consent_events ORDER BY seq DESC LIMIT 1"));
    CHECK(j["tables"]["contacts"] == 3);
    CHECK(j["tables"]["consent_events"] == 4);

    // Row for row: the same ids, uuids, seq, hashes, wording texts and the secret keying the hashes.
    for (const std::string& query :
         {std::string("SELECT group_concat(id || ':' || uuid, ',') FROM (SELECT id, uuid FROM contacts ORDER BY id) AS o"),
          std::string("SELECT group_concat(seq || ':' || hash, ',') FROM (SELECT seq, hash FROM consent_events ORDER "
                      "BY seq) AS o"),
          std::string("SELECT group_concat(id || ':' || text_hash, ',') FROM consent_wordings"),
          std::string("SELECT value FROM settings WHERE key = 'identifier_secret'"),
          std::string("SELECT count(*) FROM contact_points"), std::string("SELECT count(*) FROM consent_state"),
          std::string("SELECT count(*) FROM contact_tags")}) {
        std::string pg_query = query;
        for (auto at = pg_query.find("group_concat("); at != std::string::npos; at = pg_query.find("group_concat(")) {
            pg_query.replace(at, 13, "string_agg(");
        }
        INFO(query);
        CHECK(test::pg_psql(name, pg_query) == sqlite(query));
    }
    // Every trigger is on again, and new ids come after the copied ones.
    CHECK(test::pg_psql(name, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'") == "0\n");
    CHECK(test::pg_psql(name, "SELECT nextval(pg_get_serial_sequence('contacts', 'id')) > max(id) FROM contacts") ==
          "t\n");

    // The copied shop works: found by search (accents folded) and its ledger verifies there.
    const auto found = cli(target, {"list", "--search", "nunez", "--json"});
    REQUIRE(found.exit_code == 0);
    CHECK(json::parse(found.out)["total"] == 3);
    CHECK(cli(target, {"ledger", "verify"}).exit_code == 0);

    const auto again = cli(file, {"copy-to", target});
    CHECK(again.exit_code == 1);
    CHECK_THAT(again.err, Catch::Contains("is not empty"));
    CHECK(test::pg_psql(name, "SELECT count(*) FROM contacts") == "3\n");
    std::filesystem::remove_all(dir);
}
