// Tests of the vCard 3.0 writer: escaping, folding on UTF-8 boundaries, and that what it
// writes reads back to the same record.
#include "io/vcard_writer.hpp"

#include "io/charset.hpp"
#include "io/vcard_reader.hpp"
#include "io_test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using clientela::io::RawEmail;
using clientela::io::RawPhone;
using clientela::io::RawRecord;
using clientela::io::VCardReader;
using clientela::io::VCardWriter;

namespace {

void check_same(const RawRecord& a, const RawRecord& b) {
    CHECK(a.display_name == b.display_name);
    CHECK(a.given_name == b.given_name);
    CHECK(a.family_name == b.family_name);
    CHECK(a.organization == b.organization);
    CHECK(a.notes == b.notes);
    CHECK(a.uid == b.uid);
    CHECK(a.addresses == b.addresses);
    CHECK(a.categories == b.categories);
    REQUIRE(a.phones.size() == b.phones.size());
    for (std::size_t i = 0; i < a.phones.size(); ++i) {
        INFO("phone " << i);
        CHECK(a.phones[i].value == b.phones[i].value);
        CHECK(a.phones[i].label == b.phones[i].label);
        CHECK(a.phones[i].mobile_hint == b.phones[i].mobile_hint);
        CHECK(a.phones[i].preferred == b.phones[i].preferred);
    }
    REQUIRE(a.emails.size() == b.emails.size());
    for (std::size_t i = 0; i < a.emails.size(); ++i) {
        INFO("email " << i);
        CHECK(a.emails[i].value == b.emails[i].value);
        CHECK(a.emails[i].label == b.emails[i].label);
        CHECK(a.emails[i].preferred == b.emails[i].preferred);
    }
}

std::vector<RawRecord> round_trip(const std::vector<RawRecord>& records, std::string* text_out = nullptr) {
    std::ostringstream out;
    VCardWriter writer(out);
    for (const RawRecord& r : records) writer.write(r);
    CHECK(writer.records_written() == records.size());
    if (text_out) *text_out = out.str();
    std::istringstream in(out.str());
    VCardReader reader(in, "export.vcf");
    auto back = clientela::io::test::read_all(reader);
    CHECK(reader.issues().empty());
    return back;
}

}  // namespace

TEST_CASE("text values are escaped as RFC 2426 asks") {
    CHECK(clientela::io::escape_vcard_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf");
}

TEST_CASE("long lines are folded at 75 octets without splitting a UTF-8 character") {
    std::string value;
    for (int i = 0; i < 60; ++i) value += "\xC3\xB1";  // 120 octets of "ñ"
    std::string out;
    clientela::io::append_folded_line(out, "NOTE:x" + value);
    std::istringstream lines(out);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        REQUIRE(line.back() == '\r');
        line.pop_back();
        CHECK(line.size() <= 75);
        CHECK(clientela::io::is_valid_utf8(line));
        if (count > 0) CHECK(line[0] == ' ');
        ++count;
    }
    CHECK(count == 2);
}

TEST_CASE("written cards read back to the same records") {
    RawRecord a;
    a.display_name =
        "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
        "ez, \"el del bar\"";
    a.given_name = "Jos\xC3\xA9";
    a.family_name =
        "N\xC3\xBA\xC3\xB1"
        "ez; Garc\xC3\xAD"
        "a";
    a.organization = "Bar \\ Caf\xC3\xA9";
    a.notes = "Nota larga: " + std::string(90, 'a') + " \xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC\n" +
              "segunda l\xC3\xAD"
              "nea, con coma; y punto y coma";
    a.uid = "urn:uuid:1234";
    a.phones = {RawPhone{"+34 612 345 678", "mobile", true, true}, RawPhone{"91 555 12 34", "home", false, false},
                RawPhone{"955 000 111", "Tienda", true, false}, RawPhone{"91 000 00 00", "", false, false},
                RawPhone{"91 000 00 01", "fax", false, false}};
    a.emails = {RawEmail{"jose@example.es", "work", true}, RawEmail{"j@x.es", "Facturas", false},
                RawEmail{"otro@x.es", "", false}};
    a.addresses = {"Calle Mayor 5, 2\xC2\xBA B, 28013 Madrid"};
    a.categories = {"Clientes", "VIP, oro"};
    RawRecord b;
    b.display_name = "Solo Nombre";
    std::string text;
    auto back = round_trip({a, b}, &text);
    REQUIRE(back.size() == 2);
    check_same(back[0], a);
    check_same(back[1], b);
    CHECK(back[1].line > 1);
    CHECK(text.find("item1.TEL;TYPE=CELL:955 000 111\r\nitem1.X-ABLabel:Tienda\r\n") != std::string::npos);
}

TEST_CASE("every sample vCard survives a write and read back unchanged") {
    for (const char* name : {"android_v21.vcf", "ios_v30.vcf", "google_v30.vcf", "rfc6350_v40.vcf", "utf16_bom.vcf",
                             "mixed_newlines.vcf"}) {
        INFO(name);
        std::ifstream in(clientela::io::test::data_path(name), std::ios::binary);
        VCardReader reader(in, name);
        auto original = clientela::io::test::read_all(reader);
        REQUIRE_FALSE(original.empty());
        auto back = round_trip(original);
        REQUIRE(back.size() == original.size());
        for (std::size_t i = 0; i < back.size(); ++i) {
            INFO("card " << i);
            check_same(back[i], original[i]);
        }
    }
}
