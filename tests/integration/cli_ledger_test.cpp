// Attacks on the consent ledger through the real clientela-cli: edited and deleted wordings,
// removed or altered append-only triggers, a truncated chain with its projection put back,
// and the checks that catch them (ledger verify, --full, --expect-head, the anchor log).
#include "../unit/store/temp_dir.hpp"
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
using clientela::test::first_line;
using clientela::test::slurp;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

// A shop with one customer who granted email marketing (event 1) and then withdrew it (event 2).
struct Shop {
    TempDir dir;
    std::string db = dir.file("shop.db");
    std::string anchors = dir.file("ledger-anchors.tsv");  // beside the default backups/ directory
    std::string ana, wording;
    Shop() {
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
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        SQLite::Statement q(raw, "SELECT hash FROM consent_events WHERE seq = ?");
        q.bind(1, seq);
        REQUIRE(q.executeStep());
        return q.getColumn(0).getString();
    }
};

// What someone with the sqlite3 shell can do: drop a guard, change the data, and put the
// guard back exactly as it was, so only the data itself can give the change away.
void behind_the_trigger(const std::string& db, const std::string& trigger, const std::string& sql) {
    SQLite::Database raw(db, SQLite::OPEN_READWRITE);
    const std::string definition =
        raw.execAndGet("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = '" + trigger + "'").getString();
    raw.exec("DROP TRIGGER " + trigger);
    raw.exec(sql);
    raw.exec(definition);
}

}  // namespace

TEST_CASE("cli: a wording whose text was edited behind its trigger fails ledger verify, which names it") {
    Shop shop;
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
    Shop shop;
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
    Shop shop;
    shop.record("grant");
    SECTION("dropped") {
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_delete");
    }
    SECTION("replaced by one that lets deletes through") {
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_delete");
        raw.exec("CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events BEGIN SELECT 1; END");
    }
    const auto text = cli(shop.db, {"ledger", "verify"});
    CHECK(text.exit_code == 1);
    CHECK_THAT(text.out, Catch::Contains("LEDGER BROKEN") && Catch::Contains("consent_events_no_delete"));
    auto j = json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out);
    CHECK(j["ok"] == false);
    CHECK(j["schema_problems"].size() == 1);
}

TEST_CASE("cli: deleting the last event and putting the projection back fails verify once an anchor was taken") {
    Shop shop;
    shop.record("grant");
    {  // the attacker keeps the projection as it was after the grant
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("CREATE TABLE kept AS SELECT * FROM consent_state");
    }
    shop.record("withdraw");
    const auto before = cli(shop.db, {"ledger", "verify"});
    REQUIRE(before.exit_code == 0);  // this verify anchors (seq 2, its hash) outside the database

    behind_the_trigger(shop.db, "consent_events_no_delete", "DELETE FROM consent_events WHERE seq = 2");
    {
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("DELETE FROM consent_state");
        raw.exec("INSERT INTO consent_state SELECT * FROM kept");
        raw.exec("DROP TABLE kept");
    }
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
    Shop shop;
    shop.record("grant");
    shop.record("withdraw");
    {
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("CREATE TABLE kept AS SELECT * FROM consent_state");
    }
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
    {
        SQLite::Database raw(shop.db, SQLite::OPEN_READWRITE);
        raw.exec("DELETE FROM consent_state");
        raw.exec("INSERT INTO consent_state SELECT * FROM kept");
        raw.exec("DROP TABLE kept");
    }
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

TEST_CASE("cli: verify takes anchors in a private log beside the backups: a restore retires later ones") {
    Shop shop;
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

TEST_CASE("cli: ledger verify --full checks the whole file and --help documents the anchor log") {
    Shop shop;
    shop.record("grant");
    const auto full = cli(shop.db, {"ledger", "verify", "--full", "--json"});
    CHECK(full.exit_code == 0);
    CHECK(json::parse(full.out)["whole_file_checked"] == true);
    CHECK(json::parse(cli(shop.db, {"ledger", "verify", "--json"}).out)["whole_file_checked"] == false);
    const auto help = cli(shop.db, {"ledger", "verify", "--help"});
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.out, Catch::Contains("--expect-head") && Catch::Contains("--full") &&
                             Catch::Contains("ledger-anchors.tsv") && Catch::Contains("restore"));
}
