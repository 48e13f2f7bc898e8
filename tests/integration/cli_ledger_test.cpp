// Attacks on the consent ledger through the real clientela-cli: edited and deleted wordings,
// removed or altered append-only triggers, a truncated chain with its projection put back,
// and the checks that catch them (ledger verify, --full, --expect-head, the anchor log).
#include "cli_store.hpp"
#include "process.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using clientela::test::ProcessResult;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;
using clientela::test::first_line;
using clientela::test::slurp;

namespace {

// XDG_DATA_HOME: where the anchor log of a PostgreSQL shop lives (the machine that runs verify).
std::string data_home;

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}, {"XDG_DATA_HOME", data_home}});
}

// A shop with one customer who granted email marketing (event 1) and then withdrew it (event 2).
struct Shop {
    TempDir dir;
    std::string db;
    // SQLite: beside the default backups/ directory; PostgreSQL: in the user's data directory.
    std::string anchors;
    std::string ana, wording;
    explicit Shop(const std::string& engine)
        : db(test::cli_store(engine, dir)),
          anchors(test::is_postgresql(db) ? dir.file("data/clientela/ledger-anchors.tsv")
                                          : dir.file("ledger-anchors.tsv")) {
        data_home = dir.file("data");
        REQUIRE(cli(db, {"settings", "set", "--shop-name", "Mercería La Aguja", "--staff", "Rocío"}).exit_code == 0);
        ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--email", "ana@example.es"}).out);
        wording = first_line(
            cli(db, {"wording", "add", "--text", "Acepto recibir ofertas de Mercería La Aguja por email."}).out);
        REQUIRE(ana.size() == 36);
        REQUIRE(wording == "1");
    }
    void record(const std::string& action) {
        std::vector<std::string> args{"consent", action, ana,       "--channel", "email", "--purpose",
                                      "marketing", "--method", "paper", "--evidence", "hoja 17"};
        if (action == "grant") {
            args.push_back("--wording");
            args.push_back(wording);
        }
        REQUIRE(cli(db, args).exit_code == 0);
    }
    std::string hash_of(int seq) {
        const auto h = test::query_text(db, "SELECT hash FROM consent_events WHERE seq = " + std::to_string(seq));
        REQUIRE(h.size() == 64);
        return h;
    }
};

// What someone with the sqlite3 shell (or a superuser in psql) can do: drop (bypass) a guard,
// change the data, and put the guard back exactly as it was, so only the data itself can give
// the change away.
void behind_the_trigger(const std::string& db, const std::string& trigger, const std::string& sql) {
    if (test::is_postgresql(db)) {  // the triggers (foreign keys too) bypassed for this session only
        test::tamper(db, sql);
        return;
    }
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    const std::string definition =
        raw.execAndGet("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '" + trigger + "'").getString();
    raw.exec("DROP TRIGGER " + trigger);
    raw.exec(sql);
    raw.exec(definition);
}

}  // namespace

TEST_CASE("cli: a wording whose text was edited behind its trigger fails ledger verify, which names it") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    REQUIRE(cli(shop.db, {"ledger", "verify"}).exit_code == 0);
    behind_the_trigger(shop.db, "consent_wordings_no_update",
                       "UPDATE consent_wordings SET text = 'Acepto recibir ofertas por WhatsApp y por teléfono.' "
                       "WHERE id = 1");

    const auto text = cli(shop.db, {"ledger", "verify"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Catch::Contains("LEDGER BROKEN") && Catch::Contains("wording 1 (default, version 1"));
    auto j = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out);
    CHECK(j["ok"] == false);
    REQUIRE(j["wording_problems"].size() == 1);
    CHECK_THAT(j["wording_problems"][0].get<std::string>(), Catch::Contains("wording 1"));

    const auto out = shop.dir.file("registro.json");
    const auto exported = cli(shop.db, {"export", "ledger", "--format", "json", "--out", out});
    CHECK(exported.exit_code == 1);
    auto doc = json::parse(slurp(out));
    CHECK(doc["chain"]["verified"] == false);
    CHECK_THAT(doc["chain"]["problem"].get<std::string>(), Catch::Contains("wording 1"));
}

TEST_CASE("cli: a deleted wording fails ledger verify and the CSV export does not claim verification") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    behind_the_trigger(shop.db, "consent_wordings_no_delete", "DELETE FROM consent_wordings WHERE id = 1");

    const auto text = cli(shop.db, {"ledger", "verify"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Catch::Contains("wording 1") && Catch::Contains("missing"));
    const auto out = shop.dir.file("registro.csv");
    CHECK(cli(shop.db, {"export", "ledger", "--out", out}).exit_code == 1);
    const auto csv = slurp(out);
    const auto export_row = csv.substr(csv.find('\n') + 1);
    CHECK_THAT(first_line(export_row), Catch::Contains("false") && !Catch::Contains("true"));
}

TEST_CASE("cli: a missing or altered append-only trigger fails ledger verify") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    const bool pg = test::is_postgresql(shop.db);
    SECTION("dropped") { test::raw_sql(shop.db, pg ? "DROP TRIGGER consent_events_no_delete ON consent_events"
                                             : "DROP TRIGGER consent_events_no_delete"); }
    SECTION("replaced by one that lets deletes through") {
        if (pg) {
            test::raw_sql(shop.db, "CREATE FUNCTION let_through() RETURNS trigger LANGUAGE plpgsql AS "
                             "$$ BEGIN RETURN OLD; END $$; "
                             "DROP TRIGGER consent_events_no_delete ON consent_events; "
                             "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events "
                             "FOR EACH ROW EXECUTE FUNCTION let_through()");
        } else {
            test::raw_sql(shop.db, "DROP TRIGGER consent_events_no_delete");
            test::raw_sql(shop.db,
                    "CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events BEGIN SELECT 1; END");
        }
    }
    if (pg) {
        // PostgreSQL only: a trigger kept but disabled guards nothing (tgenabled 'D').
        SECTION("disabled") { test::raw_sql(shop.db, "ALTER TABLE consent_events DISABLE TRIGGER consent_events_no_delete"); }
        SECTION("bypassed for replicas") {
            test::raw_sql(shop.db, "ALTER TABLE consent_events ENABLE REPLICA TRIGGER consent_events_no_delete");
        }
    }
    const auto text = cli(shop.db, {"ledger", "verify"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Catch::Contains("LEDGER BROKEN") && Catch::Contains("consent_events_no_delete"));
    auto j = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out);
    CHECK(j["ok"] == false);
    CHECK(j["schema_problems"].size() == 1);
}

TEST_CASE("cli: deleting the last event and putting the projection back fails verify once an anchor was taken") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    test::raw_sql(shop.db, "CREATE TABLE kept AS SELECT * FROM consent_state");  // the attacker keeps the projection
    shop.record("withdraw");
    const auto before = cli(shop.db, {"ledger", "verify"});
    REQUIRE(before.exit_code == 0);  // this verify anchors (seq 2, its hash) outside the database

    behind_the_trigger(shop.db, "consent_events_no_delete", "DELETE FROM consent_events WHERE seq = 2");
    test::raw_sql(shop.db, "DELETE FROM consent_state");
    test::raw_sql(shop.db, "INSERT INTO consent_state SELECT * FROM kept");
    test::raw_sql(shop.db, "DROP TABLE kept");
    const auto after = cli(shop.db, {"ledger", "verify"});
    CHECK(after.exit_code == 1);
    CHECK_THAT(after.out, Catch::Contains("LEDGER BROKEN") && Catch::Contains("anchor") &&
                              Catch::Contains("event 2"));
    auto j = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out);
    CHECK(j["ok"] == false);
    CHECK(j["anchors"]["ok"] == false);
    const auto out = shop.dir.file("registro.json");
    CHECK(cli(shop.db, {"export", "ledger", "--format", "json", "--out", out}).exit_code == 1);
    CHECK(json::parse(slurp(out))["chain"]["verified"] == false);
}

TEST_CASE("cli: ledger verify --expect-head passes only for a hash of an event in a chain that verifies") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    shop.record("withdraw");
    test::raw_sql(shop.db, "CREATE TABLE kept AS SELECT * FROM consent_state");
    shop.record("grant");
    const std::string second = shop.hash_of(2);
    const std::string third = shop.hash_of(3);
    const auto ok = cli(shop.db, {"ledger", "verify", "--expect-head", second});
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::Contains("expected head found at event 2"));
    CHECK(cli(shop.db, {"ledger", "verify", "--expect-head", third, "--json"}).exit_code == 0);
    const auto unknown = cli(shop.db, {"ledger", "verify", "--expect-head", std::string(64, 'a')});
    CHECK(unknown.exit_code == 1);
    CHECK_THAT(unknown.out, Catch::Contains("not the hash of any event"));

    // The last event removed and the projection put back, with no anchor log to give it
    // away: plain verify passes, the expected head does not.
    behind_the_trigger(shop.db, "consent_events_no_delete", "DELETE FROM consent_events WHERE seq = 3");
    test::raw_sql(shop.db, "DELETE FROM consent_state");
    test::raw_sql(shop.db, "INSERT INTO consent_state SELECT * FROM kept");
    test::raw_sql(shop.db, "DROP TABLE kept");
    std::filesystem::remove(shop.anchors);
    const auto plain = cli(shop.db, {"ledger", "verify"});
    CHECK(plain.exit_code == 0);
    CHECK_THAT(plain.out, Catch::Contains("no outside anchors"));
    const auto truncated = cli(shop.db, {"ledger", "verify", "--expect-head", third});
    CHECK(truncated.exit_code == 1);
    CHECK_THAT(truncated.out, Catch::Contains("not the hash of any event"));
    auto j = json::parse(cli(shop.db, {"ledger", "verify", "--expect-head", third, "--json"}).out);
    CHECK(j["ok"] == false);
    CHECK(j["expected_head"]["found"] == false);
}

// SQLite only: backup and restore of the file (PostgreSQL refuses both: cli_test.cpp); the
// PostgreSQL anchor log is the next test.
TEST_CASE("cli: verify takes anchors in a private log beside the backups: a restore retires later ones") {
    Shop shop("sqlite");
    shop.record("grant");
    const auto no_log = cli(shop.db, {"ledger", "verify"});
    CHECK(no_log.exit_code == 0);
    REQUIRE(std::filesystem::exists(shop.anchors));
    struct stat st {};
    REQUIRE(::stat(shop.anchors.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    const auto log = slurp(shop.anchors);
    CHECK_THAT(log, Catch::StartsWith("# clientela-anchors-v1\n") && Catch::Contains(shop.hash_of(1)));

    const auto backup = shop.dir.file("copia.db");
    REQUIRE(cli(shop.db, {"backup", "--out", backup}).exit_code == 0);
    shop.record("withdraw");
    const auto anchored = cli(shop.db, {"ledger", "verify"});
    REQUIRE(anchored.exit_code == 0);
    CHECK_THAT(anchored.out, Catch::Contains("anchors: checked"));

    REQUIRE(cli(shop.db, {"restore", backup, "--yes"}).exit_code == 0);
    CHECK_THAT(slurp(shop.anchors), Catch::Contains("restored\t"));
    const auto restored = cli(shop.db, {"ledger", "verify", "--json"});
    CHECK(restored.exit_code == 0);
    auto j = json::parse(restored.out);
    CHECK(j["ok"] == true);
    // The backup's grant, and the withdrawal recorded after the backup, re-applied by the restore.
    CHECK(j["events_checked"] == 2);
    CHECK(j["anchors"]["log_found"] == true);
    CHECK(j["anchors"]["ok"] == true);

    std::filesystem::remove(shop.anchors);
    const auto missing = cli(shop.db, {"ledger", "verify", "--json"});
    CHECK(missing.exit_code == 0);
    CHECK(json::parse(missing.out)["anchors"]["log_found"] == false);
}

TEST_CASE("cli on PostgreSQL: verify keeps its anchor log in the user's data directory, private") {
    // Before: a path made of the URI below the current directory ("postgresql:/user@host:port/").
    Shop shop("postgresql");
    shop.record("grant");
    const auto first = cli(shop.db, {"ledger", "verify"});
    CHECK(first.exit_code == 0);
    REQUIRE(std::filesystem::exists(shop.anchors));
    struct stat st {};
    REQUIRE(::stat(shop.anchors.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK_THAT(slurp(shop.anchors), Catch::StartsWith("# clientela-anchors-v1\n") && Catch::Contains(shop.hash_of(1)));
    shop.record("withdraw");
    const auto anchored = cli(shop.db, {"ledger", "verify"});
    CHECK(anchored.exit_code == 0);
    CHECK_THAT(anchored.out, Catch::Contains("anchors: checked") && Catch::Contains(shop.anchors));
}

TEST_CASE("cli: ledger verify --full checks the whole file and --help documents the anchor log") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    Shop shop(engine);
    shop.record("grant");
    const auto full = cli(shop.db, {"ledger", "verify", "--full", "--json"});
    CHECK(full.exit_code == 0);
    // PostgreSQL keeps its own files (pg_amcheck on the server checks them): nothing is claimed.
    CHECK(json::parse(full.out)["whole_file_checked"] == !test::is_postgresql(shop.db));
    CHECK(json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out)["whole_file_checked"] == false);
    const auto help = cli(shop.db, {"ledger", "verify", "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("--expect-head") && Catch::Contains("--full") &&
                             Catch::Contains("ledger-anchors.tsv") && Catch::Contains("restore"));
}
