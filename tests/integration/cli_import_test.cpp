// clientela-cli import: preview, commit, JSON report, mapping and errors.
#include "../unit/store/temp_dir.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
using nlohmann::json;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {});
}

std::string data(const std::string& name) { return std::string(CLIENTELA_TEST_DATA_DIR) + "/" + name; }

}  // namespace

TEST_CASE("cli: import previews, then commits, and reports per record with lines") {
    TempDir dir;
    const auto db = dir.file("shop.db");
    const auto preview = cli(db, {"import", data("android_v21.vcf"), data("tienda_es_cp1252.csv"), "--dry-run", "--json"});
    REQUIRE(preview.exit_code == 0);
    const auto p = json::parse(preview.out);
    CHECK(p["dry_run"] == true);
    CHECK(p["committed"] == false);
    CHECK(json::parse(cli(db, {"stats", "--json"}).out)["contacts"] == 0);

    const auto report_file = dir.file("report.json");
    const auto real = cli(db, {"import", data("android_v21.vcf"), data("tienda_es_cp1252.csv"), "--report", report_file});
    REQUIRE(real.exit_code == 0);
    CHECK_THAT(real.out, Catch::Contains("new contacts") && Catch::Contains("never grants consent"));
    std::ifstream in(report_file);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto r = json::parse(ss.str());
    CHECK(r["committed"] == true);
    CHECK(r["contacts_created"] == p["contacts_created"]);
    CHECK(r["records_read"] == p["records_read"]);
    for (const char* key : {"records_read", "contacts_created", "contacts_merged", "duplicates_in_file", "phones",
                            "emails", "invalid_phones", "skipped", "suppressed", "issues"}) {
        CHECK(r.contains(key));
    }
    bool skipped_line6 = false;
    for (const auto& i : r["issues"]) {
        skipped_line6 = skipped_line6 || (i["file"] == "tienda_es_cp1252.csv" && i["line"] == 6 && i["kind"] == "skipped");
    }
    CHECK(skipped_line6);
    const auto stats = json::parse(cli(db, {"stats", "--json"}).out);
    CHECK(stats["contacts"] == r["contacts_created"]);
    CHECK(stats["consent_events"] == 0);
    const auto again = json::parse(cli(db, {"import", data("android_v21.vcf"), "--json"}).out);
    CHECK(again["contacts_created"] == 0);
    CHECK(again["contacts_merged"].get<int>() > 0);
}

TEST_CASE("cli: unknown CSV headers need --map and a wrong mapping is an error") {
    TempDir dir;
    const auto db = dir.file("shop.db");
    const auto csv = dir.file("raro.csv");
    std::ofstream(csv) << "Col1;Col2;Col3\nPepa Ruiz;612000111;pepa@example.es\n";
    const auto bare = cli(db, {"import", csv});
    CHECK(bare.exit_code == 1);
    CHECK_THAT(bare.err, Catch::Contains("Col1"));
    const auto mapped = cli(db, {"import", csv, "--map", "Col1=name", "--map", "Col2=mobile", "--map",
                                 "Col3=email", "--json"});
    REQUIRE(mapped.exit_code == 0);
    CHECK(json::parse(mapped.out)["contacts_created"] == 1);
    CHECK(cli(db, {"import", csv, "--map", "Col1"}).exit_code == 1);
    CHECK(cli(db, {"import", dir.file("nope.vcf")}).exit_code == 2);
    CHECK(cli(db, {"import", csv, "--format", "excel"}).exit_code == 2);
}

TEST_CASE("cli: a hostile file's report lists 1 000 issues of a kind, counts the rest, and caps points") {
    TempDir dir;
    const auto db = dir.file("shop.db");
    const auto path = dir.file("hostil.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "Nombre;Móvil\n";
        for (int i = 0; i < 1200; ++i) out << "Cliente " << i << ";12" << i << "\n";
        out << "Muchos;";
        for (int i = 0; i < 70; ++i) out << (i ? " ::: " : "") << "+3461234" << 1000 + i;
        out << "\n";
    }
    const auto r = cli(db, {"import", path, "--dry-run", "--json"});
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["invalid_phones"] == 1200);
    CHECK(j["issues_not_listed"]["invalid_phone"] == 200);
    CHECK(j["points_dropped"] == 20);
    std::size_t listed = 0, capped = 0;
    for (const auto& i : j["issues"]) {
        listed += i["kind"] == "invalid_phone";
        if (i["kind"] == "too_many_points") {
            ++capped;
            CHECK(i["line"] == 1202);
            CHECK(i["file"] == "hostil.csv");
        }
    }
    CHECK(listed == 1000);
    CHECK(capped == 1);
    const auto text = cli(db, {"import", path, "--dry-run"});
    CHECK_THAT(text.out, Catch::Contains("200 more invalid_phone issues not listed") &&
                             Catch::Contains("points left out:     20"));
}
