// No command may destroy the shop: every command that writes a file refuses the live
// database, its -wal/-shm (also before they exist), the previous database kept by a restore
// and the backup directory's files, however the path is spelled (symlink, ./x/../db).
// SQLite only: every case guards a file of a SQLite shop (the database, -wal/-shm, backups/,
// .before-restore); a PostgreSQL shop has no such files and refuses backup and restore
// (cli_test.cpp), and its exports are checked on both stores in cli_export_test.cpp.
#include "../unit/store/temp_dir.hpp"
#include "process.hpp"

#include <SQLiteCpp/Database.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using clientela::test::ProcessResult;
using clientela::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

using clientela::test::first_line;
using clientela::test::slurp;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

struct Shop {
    TempDir dir;
    std::string db = dir.file("tienda/shop.db");
    std::string ana, card;
    Shop() {
        ana = first_line(cli(db, {"add", "--name", "Ana Núñez", "--phone", "612345678", "--email", "ana@example.es"}).out);
        REQUIRE(ana.size() == 36);
        const std::string wording =
            first_line(cli(db, {"wording", "add", "--text", "Acepto ofertas de La Aguja por email."}).out);
        REQUIRE(cli(db, {"consent", "grant", ana, "--channel", "email", "--purpose", "marketing", "--method",
                         "in_store_form", "--wording", wording, "--evidence", "hoja"})
                    .exit_code == 0);
        card = dir.file("uno.vcf");
        std::ofstream(card) << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pepe\r\nTEL;CELL:699112233\r\nEND:VCARD\r\n";
        REQUIRE(cli(db, {"backup"}).exit_code == 0);  // a dated file in tienda/backups
    }
    // Every command that takes an output path, pointed at `out`.
    std::vector<std::vector<std::string>> writers(const std::string& out) const {
        return {{"export", "ledger", "--out", out},
                {"export", "ledger", "--format", "json", "--out", out},
                {"export", "access-report", ana, "--out", out},
                {"export", "audience", "--purpose", "marketing", "--channel", "email", "--out", out},
                {"import", card, "--report", out},
                {"import", card, "--dry-run", "--report", out},
                {"backup", "--out", out}};
    }
    void still_whole() const {
        const auto verify = cli(db, {"ledger", "verify", "--json"});
        INFO(verify.out << verify.err);
        CHECK(verify.exit_code == 0);
        const auto stats = cli(db, {"stats", "--json"});
        REQUIRE(stats.exit_code == 0);
        CHECK(json::parse(stats.out)["contacts"] == 1);
    }
};

void refuses(const Shop& shop, const std::string& out, const std::string& named) {
    for (const auto& args : shop.writers(out)) {
        const auto r = cli(shop.db, args);
        INFO(args[0] << " " << args[1] << " --out " << out << ": " << r.out << r.err);
        CHECK(r.exit_code != 0);
        CHECK_THAT(r.err, Catch::Contains("refused") && Catch::Contains(named));
        shop.still_whole();
    }
}

}  // namespace

TEST_CASE("cli: no command writes its output over the live database, whatever the spelling") {
    Shop shop;
    const std::string before = slurp(shop.db);
    SECTION("the database itself") { refuses(shop, shop.db, "shop.db"); }
    SECTION("./x/../shop.db") {
        fs::create_directories(shop.dir.file("tienda/x"));
        refuses(shop, shop.dir.file("tienda/./x/../shop.db"), "shop.db");
    }
    SECTION("a symlink to the database") {
        fs::create_symlink(shop.db, shop.dir.file("enlace.db"));
        refuses(shop, shop.dir.file("enlace.db"), "shop.db");
    }
    SECTION("a symlinked directory holding the database") {
        fs::create_directory_symlink(shop.dir.file("tienda"), shop.dir.file("otra"));
        refuses(shop, shop.dir.file("otra/shop.db"), "shop.db");
    }
    SECTION("a hard link to the database") {
        fs::create_hard_link(shop.db, shop.dir.file("duro.db"));
        refuses(shop, shop.dir.file("duro.db"), "shop.db");
    }
    CHECK(slurp(shop.db).size() == before.size());
}

TEST_CASE("cli: no command writes over the database's -wal or -shm, even before they exist") {
    Shop shop;
    REQUIRE_FALSE(fs::exists(shop.db + "-wal"));  // the last connection closed removed it
    SECTION("-wal") { refuses(shop, shop.db + "-wal", "shop.db-wal"); }
    SECTION("-shm through another spelling") {
        fs::create_directories(shop.dir.file("tienda/x"));
        refuses(shop, shop.dir.file("tienda/x/../shop.db-shm"), "shop.db-shm");
    }
    SECTION("-journal") { refuses(shop, shop.db + "-journal", "shop.db-journal"); }
    CHECK_FALSE(fs::exists(shop.db + "-wal"));
}

TEST_CASE("cli: no command writes into the backup directory") {
    Shop shop;
    const auto listed = cli(shop.db, {"backup", "list", "--json"});
    REQUIRE(listed.exit_code == 0);
    const auto files = json::parse(listed.out)["backups"];
    REQUIRE_FALSE(files.empty());  // the one the fixture made
    const std::string dated = files[0];
    const std::string kept = slurp(dated);
    refuses(shop, dated, "backups");
    refuses(shop, shop.dir.file("tienda/backups/nueva.csv"), "backups");
    CHECK(slurp(dated) == kept);
    CHECK_FALSE(fs::exists(shop.dir.file("tienda/backups/nueva.csv")));
}

TEST_CASE("cli: the database kept by a restore is not an output either") {
    Shop shop;
    const auto listed = json::parse(cli(shop.db, {"backup", "list", "--json"}).out)["backups"];
    REQUIRE(cli(shop.db, {"restore", listed[0].get<std::string>(), "--yes"}).exit_code == 0);
    REQUIRE(fs::exists(shop.db + ".before-restore"));
    refuses(shop, shop.db + ".before-restore", "before-restore");
}

TEST_CASE("cli: an ordinary output path beside the database is still written") {
    Shop shop;
    const std::string out = shop.dir.file("tienda/ledger.csv");
    const auto r = cli(shop.db, {"export", "ledger", "--out", out});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::file_size(out) > 0);
    const auto report = shop.dir.file("informe.json");
    CHECK(cli(shop.db, {"import", shop.card, "--dry-run", "--report", report}).exit_code == 0);
    CHECK(json::parse(slurp(report)).is_object());
}
