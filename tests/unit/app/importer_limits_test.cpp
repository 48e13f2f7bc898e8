// Hostile imports (issue #15): a card with an absurd number of points, a file full of bad
// records. Each is imported whole, with bounded work per contact and a bounded report.
#include "app/importer.hpp"
#include "../store/temp_dir.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace clientela;

namespace {

std::size_t count_kind(const app::ImportReport& r, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& i : r.issues) n += i.kind == kind;
    return n;
}

const app::ImportIssue* first_of_kind(const app::ImportReport& r, const std::string& kind) {
    for (const auto& i : r.issues) {
        if (i.kind == kind) return &i;
    }
    return nullptr;
}

// A distinct valid Spanish mobile for every n < 10 000 000.
std::string mobile(std::size_t n) {
    std::string digits = std::to_string(n);
    return "+346" + std::string(8 - digits.size(), '0') + digits;
}

// One vCard whose only contact has `phones` mobiles, after two lines of header.
std::string write_huge_card(const test::TempDir& dir, const std::string& name, std::size_t phones) {
    const auto path = dir.file(name);
    std::ofstream out(path, std::ios::binary);
    out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Muchos Números\r\n";
    for (std::size_t i = 0; i < phones; ++i) out << "TEL;TYPE=CELL:" << mobile(i) << "\r\n";
    out << "EMAIL:muchos@example.es\r\nEND:VCARD\r\n";
    return path;
}

// Preview, then commit: both keep the first 50 points and report the rest once, with the
// file and line of the card.
void check_capped_import(const std::string& where, const std::string& path, const std::string& name, std::size_t line,
                         std::size_t points) {
    app::Session s(where);
    app::ImportOptions preview;
    preview.dry_run = true;
    const auto dry = app::import_files(s, {path}, preview);
    CHECK_FALSE(dry.committed);
    CHECK(dry.contacts_created == 1);
    CHECK(dry.points_dropped == static_cast<std::int64_t>(points - 50));
    REQUIRE(count_kind(dry, "too_many_points") == 1);
    CHECK(first_of_kind(dry, "too_many_points")->file == name);
    CHECK(first_of_kind(dry, "too_many_points")->line == line);
    CHECK(first_of_kind(dry, "too_many_points")->message.find(std::to_string(points - 50)) != std::string::npos);
    CHECK(s.stats().contacts == 0);

    const auto done = app::import_files(s, {path}, {});
    CHECK(done.committed);
    CHECK(done.contacts_created == 1);
    CHECK(done.points_dropped == static_cast<std::int64_t>(points - 50));
    CHECK(count_kind(done, "too_many_points") == 1);
    const auto rows = s.list_contacts("", 0, 10);
    REQUIRE(rows.size() == 1);
    const Contact c = s.contact(rows[0].uuid);
    REQUIRE(c.points.size() == 50);
    CHECK(c.points.front().normalized == mobile(0));  // the first ones are kept, in file order
    CHECK(c.points.back().normalized == mobile(49));
}

}  // namespace

TEST_CASE("a card with 40 000 phone numbers keeps 50 points and reports the rest", "[import][hostile]") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    test::TempDir dir;
    check_capped_import(where, write_huge_card(dir, "many.vcf", 40000), "many.vcf", 1, 40001);
}

TEST_CASE("a card with 1 000 000 phone numbers imports, keeping 50 points", "[import][hostile][slow]") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    test::TempDir dir;
    check_capped_import(where, write_huge_card(dir, "million.vcf", 1000000), "million.vcf", 1, 1000001);
}

TEST_CASE("a CSV cell with 40 000 ' ::: ' values keeps 50 points and reports the rest", "[import][hostile]") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    test::TempDir dir;
    const auto path = dir.file("many.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "Name,Phone 1 - Value,E-mail 1 - Value\n";
        out << "Muchos Números,";
        for (std::size_t i = 0; i < 40000; ++i) out << (i ? " ::: " : "") << mobile(i);
        out << ",muchos@example.es\n";
    }
    check_capped_import(where, path, "many.csv", 2, 40001);
}

TEST_CASE("records merged by a shared email stop gaining points at the cap", "[import][hostile]") {
    test::TempDir dir;
    const auto path = dir.file("same_email.vcf");
    {
        std::ofstream out(path, std::ios::binary);
        for (std::size_t i = 0; i < 200; ++i) {
            out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\r\nEMAIL:ana@example.es\r\nTEL:" << mobile(i)
                << "\r\nEND:VCARD\r\n";
        }
    }
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto report = app::import_files(s, {path}, {});
    CHECK(report.contacts_created == 1);
    CHECK(report.duplicates_in_file == 199);
    const auto rows = s.list_contacts("", 0, 10);
    REQUIRE(rows.size() == 1);
    CHECK(s.contact(rows[0].uuid).points.size() == 50);
    CHECK(report.points_dropped == 151);  // 201 points read, 50 kept
}

TEST_CASE("the report lists the first 1 000 issues of each kind and counts the rest", "[import][hostile]") {
    test::TempDir dir;
    const auto path = dir.file("bad.csv");
    {
        std::ofstream out(path, std::ios::binary);
        out << "Nombre;Móvil;Email\n";
        for (int i = 0; i < 2500; ++i) out << "Cliente " << i << ";12" << i << ";\n";       // invalid phone
        for (int i = 0; i < 1200; ++i) out << "Otro " << i << ";;nadie" << i << "@@x\n";   // invalid email
        for (int i = 0; i < 10; ++i) out << ";;\"\"\n";                                    // nothing usable
        for (int i = 0; i < 3; ++i) out << ";;;\n";
    }
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::ImportOptions o;
    o.dry_run = true;
    const auto report = app::import_files(s, {path}, o);
    CHECK(report.invalid_phones == 2500);
    CHECK(report.invalid_emails == 1200);
    CHECK(count_kind(report, "invalid_phone") == 1000);
    CHECK(count_kind(report, "invalid_email") == 1000);
    CHECK(report.issues_not_listed.at("invalid_phone") == 1500);
    CHECK(report.issues_not_listed.at("invalid_email") == 200);
    CHECK(report.issues_not_listed.count("possible_duplicate") == 0);
    // The listed ones are the first, in file order.
    CHECK(first_of_kind(report, "invalid_phone")->line == 2);
    CHECK(first_of_kind(report, "invalid_email")->line == 2502);
}

TEST_CASE("a name of invisible characters only is an empty name: reported, and the card kept when reachable",
          "[import][hostile][names]") {
    test::TempDir dir;
    const auto path = dir.file("invisible.vcf");
    {
        std::ofstream out(path, std::ios::binary);
        // U+200B zero-width space, U+200D ZWJ, U+FEFF, U+202E right-to-left override, U+2066, NBSP.
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xe2\x80\x8b\xe2\x80\x8d\xef\xbb\xbf\xe2\x80\xae\r\n"
               "TEL;TYPE=CELL:612345678\r\nEND:VCARD\r\n"                                        // line 1
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xe2\x81\xa6 \xc2\xa0\r\nN:\xe2\x80\x8b;\xe2\x80\x8c;;;\r\n"
               "EMAIL:vacio@example.es\r\nEND:VCARD\r\n"                                         // line 6
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xe2\x80\x8b\xe2\x80\x8b\r\nNOTE:nada más\r\nEND:VCARD\r\n"  // line 12
               "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana\xe2\x80\xae" "ztap\x1b[2J\r\nTEL:699000111\r\nEND:VCARD\r\n";  // 17
    }
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto report = app::import_files(s, {path}, {});
    CHECK(report.contacts_created == 3);
    CHECK(report.skipped == 1);
    CHECK(count_kind(report, "empty_name") == 3);
    REQUIRE(first_of_kind(report, "empty_name") != nullptr);
    CHECK(first_of_kind(report, "empty_name")->line == 1);
    CHECK(count_kind(report, "name_cleaned") == 1);
    CHECK(first_of_kind(report, "name_cleaned")->line == 17);
    const auto phone_named = s.list_contacts("612345678", 0, 10);
    REQUIRE(phone_named.size() == 1);
    CHECK(phone_named[0].display_name == "612345678");  // falls back to the number, as for a card without FN
    const auto email_named = s.list_contacts("vacio", 0, 10);
    REQUIRE(email_named.size() == 1);
    CHECK(email_named[0].display_name == "vacio@example.es");
    const auto cleaned = s.list_contacts("anaztap", 0, 10);
    REQUIRE(cleaned.size() == 1);
    CHECK(cleaned[0].display_name == "Anaztap[2J");
}
