// clientela-cli import: preview, commit, JSON report, mapping and errors.
#include "cli_store.hpp"
#include "process.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
using nlohmann::json;
namespace test = clientela::test;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {});
}

std::string data(const std::string& name) { return std::string(CLIENTELA_TEST_DATA_DIR) + "/" + name; }

}  // namespace

TEST_CASE("cli: import previews, then commits, and reports per record with lines") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
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
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
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
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
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

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

json show(const std::string& db, const std::string& id) {
    const auto r = cli(db, {"show", id, "--json"});
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::set<std::string> values_of(const json& contact) {
    std::set<std::string> out;
    for (const auto& p : contact["points"]) out.insert(p["normalized"].get<std::string>());
    return out;
}

std::string id_named(const std::string& db, const std::string& name) {
    const auto list = json::parse(cli(db, {"list", "--search", name, "--json"}).out);
    for (const auto& c : list["contacts"]) {
        if (c["name"] == name) return c["id"];
    }
    return "";
}

}  // namespace

TEST_CASE("cli: a card with a customer's mobile but another person's name is not poured into them") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
    REQUIRE(cli(db, {"add", "--name", "Ana Núñez Pérez", "--phone", "+34612345678", "--email", "ana@example.es"})
                .exit_code == 0);
    const std::string ana = id_named(db, "Ana Núñez Pérez");
    REQUIRE(!ana.empty());
    const auto vcf = dir.file("telefono.vcf");
    write_file(vcf,
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José Ibarra\r\nN:Ibarra;José;;;\r\nTEL;TYPE=CELL:612 34 56 78\r\n"
               "TEL;TYPE=HOME:+34 915 555 123\r\nEMAIL:jose.ibarra@example.es\r\nNOTE:Hermano de Luis\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nTEL;TYPE=CELL:+34612345678\r\nEMAIL:ana.casa@example.es\r\n"
               "END:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fontanería Pérez\r\nORG:Fontanería Pérez\r\n"
               "EMAIL:ana@example.es\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mamá\r\nTEL;TYPE=CELL:+34699111222\r\nEND:VCARD\r\n"
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Paco Fontanero\r\nTEL;TYPE=CELL:+34699111222\r\n"
               "EMAIL:paco@example.es\r\nEND:VCARD\r\n");
    const auto r = cli(db, {"import", vcf, "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto report = json::parse(r.out);
    CHECK(report["conflicts"] == 3);      // José and Fontanería with Ana's, Paco with Mamá's
    CHECK(report["contacts_merged"] == 1);  // "Ana" is plausibly Ana Núñez Pérez
    std::vector<std::string> conflicts;
    for (const auto& i : report["issues"]) {
        if (i["kind"] == "conflict") conflicts.push_back(i["message"]);
    }
    REQUIRE(conflicts.size() == 3);
    CHECK_THAT(conflicts[0], Catch::Contains("José Ibarra") && Catch::Contains("Ana Núñez Pérez") &&
                                 Catch::Contains("+34612345678"));

    // Ana keeps only what is hers and what "Ana" brought.
    const auto a = show(db, ana);
    CHECK(values_of(a) == std::set<std::string>{"+34612345678", "ana@example.es", "ana.casa@example.es"});
    CHECK(a["notes"].get<std::string>().find("Luis") == std::string::npos);
    // José is his own customer, without Ana's mobile.
    const std::string jose = id_named(db, "José Ibarra");
    REQUIRE(!jose.empty());
    const auto j = show(db, jose);
    CHECK(values_of(j) == std::set<std::string>{"+34915555123", "jose.ibarra@example.es"});
    CHECK(j["notes"] == "Hermano de Luis");
    // The organisation card had nothing but Ana's email: nothing of its own to import.
    CHECK(id_named(db, "Fontanería Pérez").empty());
    // Within the file the first card keeps the mobile.
    CHECK(values_of(show(db, id_named(db, "Mamá"))) == std::set<std::string>{"+34699111222"});
    CHECK(values_of(show(db, id_named(db, "Paco Fontanero"))) == std::set<std::string>{"paco@example.es"});
}

TEST_CASE("cli: import --merge-conflicts merges when the owner says they are the same person") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
    REQUIRE(cli(db, {"add", "--name", "Ana Núñez", "--phone", "+34612345678"}).exit_code == 0);
    const auto vcf = dir.file("telefono.vcf");
    write_file(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anita\r\nTEL;TYPE=CELL:+34612345678\r\n"
                    "EMAIL:anita@example.es\r\nEND:VCARD\r\n");
    const auto preview = json::parse(cli(db, {"import", vcf, "--dry-run", "--json"}).out);
    CHECK(preview["conflicts"] == 1);
    const auto r = json::parse(cli(db, {"import", vcf, "--merge-conflicts", "--json"}).out);
    CHECK(r["conflicts"] == 0);
    CHECK(r["contacts_merged"] == 1);
    CHECK(r["contacts_created"] == 0);
    CHECK(values_of(show(db, id_named(db, "Ana Núñez"))) ==
          std::set<std::string>{"+34612345678", "anita@example.es"});
}

TEST_CASE("cli: import --skip leaves out family and tradesmen by name or number, and names them") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
    // "mama" matches "Mamá" folded for case and accents; the Fontanero by his number as written
    // in another way; an email; and a term that matches nobody.
    const auto r = cli(db, {"import", data("telefono_familia.vcf"), "--skip", "MAMA", "--skip", "+34655443322",
                            "--skip", "Juan.Luz@example.es", "--skip", "Abuela", "--json"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto j = json::parse(r.out);
    CHECK(j["skipped_on_request"] == 3);
    std::set<std::string> skipped;
    for (const auto& s : j["skipped_people"]) skipped.insert(s["name"].get<std::string>());
    CHECK(skipped == std::set<std::string>{"Mamá", "Fontanero", "Electricista Juan"});
    CHECK(j["skip_unmatched"] == json::array({"Abuela"}));
    CHECK(j["contacts_created"] == 4);
    CHECK(id_named(db, "Mamá").empty());
    CHECK(id_named(db, "Fontanero").empty());
    CHECK(id_named(db, "Electricista Juan").empty());
    for (const char* name : {"Carmen Ruiz Gil", "Pedro Sanz", "Tío Paco", "Lola Martín"}) {
        CHECK(!id_named(db, name).empty());
    }
    // Left out is not suppressed: a later import without --skip brings them in.
    CHECK(json::parse(cli(db, {"stats", "--json"}).out)["consent_events"] == 0);
    const auto again = json::parse(cli(db, {"import", data("telefono_familia.vcf"), "--json"}).out);
    CHECK(again["suppressed"] == 0);
    CHECK(!id_named(db, "Mamá").empty());

    // The text report names who was left out and which term matched nobody.
    const auto db2 = test::cli_store(engine, dir, "shop2.db");
    const auto text = cli(db2, {"import", data("telefono_familia.vcf"), "--skip", "mamá", "--skip", "655 44 33 22",
                                "--skip", "Abuela", "--dry-run"});
    CHECK_THAT(text.out, Catch::Contains("left out on request: 2") && Catch::Contains("Mamá") &&
                             Catch::Contains("Fontanero") && Catch::Contains("'Abuela' matched nobody"));
}

TEST_CASE("cli: import --merge-conflict merges the chosen conflict only") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
    REQUIRE(cli(db, {"add", "--name", "Ana Núñez", "--phone", "+34612345678"}).exit_code == 0);
    REQUIRE(cli(db, {"add", "--name", "Luis Gómez", "--email", "luis@example.es"}).exit_code == 0);
    const auto vcf = dir.file("telefono.vcf");
    write_file(vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anita\r\nTEL;TYPE=CELL:+34612345678\r\n"
                    "EMAIL:anita@example.es\r\nEND:VCARD\r\n"
                    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pepe\r\nEMAIL:luis@example.es\r\n"
                    "TEL;TYPE=CELL:+34699000111\r\nEND:VCARD\r\n");
    const auto preview = json::parse(cli(db, {"import", vcf, "--dry-run", "--json"}).out);
    REQUIRE(preview["conflicts"] == 2);
    std::string anita_key;
    for (const auto& i : preview["issues"]) {
        if (i["kind"] != "conflict") continue;
        CHECK(!i["key"].get<std::string>().empty());
        if (i["name"] == "Anita") {
            CHECK(i["other_name"] == "Ana Núñez");
            CHECK(i["identifier"] == "+34612345678");
            anita_key = i["key"];
        } else {
            CHECK(i["name"] == "Pepe");
            CHECK(i["other_name"] == "Luis Gómez");
        }
    }
    REQUIRE(!anita_key.empty());
    const auto r = json::parse(cli(db, {"import", vcf, "--merge-conflict", anita_key, "--json"}).out);
    CHECK(r["conflicts"] == 1);
    CHECK(r["contacts_merged"] == 1);
    CHECK(r["contacts_created"] == 1);
    CHECK(values_of(show(db, id_named(db, "Ana Núñez"))) ==
          std::set<std::string>{"+34612345678", "anita@example.es"});
    CHECK(id_named(db, "Anita").empty());
    CHECK(values_of(show(db, id_named(db, "Luis Gómez"))) == std::set<std::string>{"luis@example.es"});
    CHECK(values_of(show(db, id_named(db, "Pepe"))) == std::set<std::string>{"+34699000111"});
}
