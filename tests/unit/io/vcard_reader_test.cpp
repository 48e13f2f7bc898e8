// Tests of VCardReader on real-world exports (Android 2.1, iOS and Google 3.0, RFC 6350 4.0)
// and on broken files. Sample files are written by tests/data/make_io_samples.py.
#include "io/vcard_reader.hpp"

#include "core/errors.hpp"
#include "io_test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <streambuf>

using clientela::io::IssueKind;
using clientela::io::RawRecord;
using clientela::io::ReadIssue;
using clientela::io::VCardReader;
using clientela::io::test::data_path;
using clientela::io::test::phone_values;
using clientela::io::test::read_all;

namespace {

struct FileResult {
    std::vector<RawRecord> records;
    std::vector<ReadIssue> issues;
};

FileResult read_file(const std::string& name) {
    std::ifstream in(data_path(name), std::ios::binary);
    REQUIRE(in);
    VCardReader reader(in, name);
    FileResult result;
    result.records = read_all(reader);
    result.issues = reader.issues();
    CHECK(reader.records_read() == result.records.size());
    return result;
}

FileResult read_text(const std::string& text) {
    std::istringstream in(text);
    VCardReader reader(in, "memoria.vcf");
    FileResult result;
    result.records = read_all(reader);
    result.issues = reader.issues();
    return result;
}

}  // namespace

TEST_CASE("Android vCard 2.1: quoted-printable broken inside a UTF-8 character, bare types, notes") {
    auto [records, issues] = read_file("android_v21.vcf");
    CHECK(issues.empty());
    REQUIRE(records.size() == 5);

    const RawRecord& jose = records[0];
    CHECK(jose.line == 1);
    CHECK(jose.display_name ==
          "Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
          "ez");  // soft break between 0xC3 and 0xB1
    CHECK(jose.given_name == "Jos\xC3\xA9");
    CHECK(jose.family_name ==
          "N\xC3\xBA\xC3\xB1"
          "ez");
    CHECK(jose.notes == "Cliente desde 2019.\nLe gusta el caf\xC3\xA9 solo.");
    REQUIRE(jose.phones.size() == 4);
    CHECK(jose.phones[0].value == "+34 612 345 678");
    CHECK(jose.phones[0].label == "mobile");
    CHECK(jose.phones[0].mobile_hint);
    CHECK_FALSE(jose.phones[0].preferred);
    CHECK(jose.phones[1].value == "91 555 12 34");
    CHECK(jose.phones[1].label == "home");
    CHECK_FALSE(jose.phones[1].mobile_hint);
    CHECK(jose.phones[2].label == "fax");  // TEL;WORK;FAX
    CHECK(jose.phones[3].value == "612000111");
    CHECK(jose.phones[3].label == "mobile");
    CHECK(jose.phones[3].preferred);  // TEL;PREF;CELL
    REQUIRE(jose.emails.size() == 1);
    CHECK(jose.emails[0].value == "jose@example.es");
    CHECK(jose.emails[0].label == "home");
}

TEST_CASE("Android vCard 2.1: ISO-8859-1 and Windows-1252 CHARSET values") {
    auto [records, issues] = read_file("android_v21.vcf");
    REQUIRE(records.size() == 5);
    CHECK(records[1].line == 16);
    CHECK(records[1].display_name ==
          "Mar\xC3\xAD"
          "a Pe\xC3\xB1"
          "a");
    CHECK(records[1].family_name ==
          "Pe\xC3\xB1"
          "a");
    CHECK(phone_values(records[1]) == "+34600111222");

    CHECK(records[2].line == 22);
    CHECK(records[2].display_name ==
          "Ram\xC3\xB3n Ib\xC3\xA1\xC3\xB1"
          "ez");
    CHECK(records[2].notes == "Pag\xC3\xB3 50\xE2\x82\xAC por adelantado");  // 0x80 is the euro sign
}

TEST_CASE("Android vCard 2.1: base64 photos and a nested AGENT card are skipped") {
    auto [records, issues] = read_file("android_v21.vcf");
    REQUIRE(records.size() == 5);
    const RawRecord& ana = records[3];
    CHECK(ana.line == 28);
    CHECK(ana.display_name == "Ana Foto");
    CHECK(phone_values(ana) == "622334455");
    REQUIRE(ana.emails.size() == 1);  // after the unindented base64 block of the LOGO
    CHECK(ana.emails[0].value == "ana@example.es");
    CHECK(ana.emails[0].label == "work");

    const RawRecord& boss = records[4];
    CHECK(boss.line == 43);
    CHECK(boss.display_name == "Jefe Agente");
    CHECK(phone_values(boss) == "915550000");  // not the secretary's number
    REQUIRE(boss.emails.size() == 1);
    CHECK(boss.emails[0].value == "jefe@example.es");
}

TEST_CASE("iOS vCard 3.0: item groups with X-ABLabel, type lists, no-break spaces, escapes") {
    auto [records, issues] = read_file("ios_v30.vcf");
    CHECK(issues.empty());
    REQUIRE(records.size() == 2);
    const RawRecord& lucia = records[0];
    CHECK(lucia.display_name ==
          "Luc\xC3\xAD"
          "a Fern\xC3\xA1ndez");
    CHECK(lucia.organization ==
          "Panader\xC3\xAD"
          "a La Espiga");
    CHECK(lucia.uid == "2F9C3B1A-0000-4E5D-9F00-123456789ABC");
    REQUIRE(lucia.phones.size() == 4);
    CHECK(lucia.phones[0].value == "+34 612 000 001");
    CHECK(lucia.phones[0].label == "mobile");  // _$!<Mobile>!$_
    CHECK(lucia.phones[0].mobile_hint);
    CHECK(lucia.phones[0].preferred);       // type=pref
    CHECK(lucia.phones[1].label == "fax");  // _$!<HomeFAX>!$_
    CHECK_FALSE(lucia.phones[1].mobile_hint);
    // Surrounding no-break spaces and blanks trimmed, the ones inside kept for the importer.
    CHECK(lucia.phones[2].value ==
          "+34\xC2\xA0"
          "699\xC2\xA0"
          "888\xC2\xA0"
          "777");
    CHECK(lucia.phones[2].label == "mobile");  // type=CELL;type=VOICE
    CHECK(lucia.phones[3].value == "+34 955 000 111");
    CHECK(lucia.phones[3].label == "Tienda");  // custom label, written before its TEL
    CHECK_FALSE(lucia.phones[3].mobile_hint);
    REQUIRE(lucia.emails.size() == 2);
    CHECK(lucia.emails[0].label == "home");
    CHECK(lucia.emails[0].preferred);
    CHECK(lucia.emails[1].value == "pedidos@laespiga.es");
    CHECK(lucia.emails[1].label == "work");
    REQUIRE(lucia.addresses.size() == 1);
    CHECK(lucia.addresses[0] ==
          "Calle Real 5, 2\xC2\xBA B, 41001 Sevilla, Sevilla, Espa\xC3\xB1"
          "a");
    CHECK(lucia.notes == "Encarga pan sin sal los viernes.\nAl\xC3\xA9rgica a las nueces; avisar.");
    CHECK(lucia.categories == std::vector<std::string>{"Clientes", "VIP"});
}

TEST_CASE("iOS vCard 3.0: a line folded inside a UTF-8 character is joined before decoding") {
    auto [records, issues] = read_file("ios_v30.vcf");
    REQUIRE(records.size() == 2);
    const RawRecord& maria = records[1];
    CHECK(maria.line == 26);
    CHECK(maria.display_name ==
          "Mar\xC3\xAD"
          "a Jos\xC3\xA9 Ib\xC3\xA1\xC3\xB1"
          "ez de la Concepci\xC3\xB3n");
    CHECK(maria.organization == "Caf\xC3\xA9 \\ Bar, S.L., Ventas");
    CHECK(maria.notes ==
          "Una nota muy larga que se pliega en varias l\xC3\xAD"
          "neas porque supera los setenta y cinco octetos");
    CHECK(maria.notes.find("PHOTO") == std::string::npos);
    CHECK(phone_values(maria) == "600 700 800");
}

TEST_CASE("Google vCard 3.0: comma type lists, custom labels, myContacts, names from email or company") {
    auto [records, issues] = read_file("google_v30.vcf");
    CHECK(issues.empty());
    REQUIRE(records.size() == 3);
    const RawRecord& carmen = records[0];
    CHECK(carmen.display_name == "Carmen Ruiz");
    CHECK(carmen.organization == "Ruiz Moda");
    CHECK(phone_values(carmen) == "+34 611 22 33 44 | 622 33 44 55 | +34 91 123 45 67 | +34 633 44 55 66");
    CHECK(carmen.phones[1].label == "mobile");  // TYPE=CELL,VOICE
    CHECK(carmen.phones[1].mobile_hint);
    CHECK(carmen.phones[2].label == "work");
    CHECK(carmen.phones[3].label == "Tienda");
    REQUIRE(carmen.emails.size() == 2);
    CHECK(carmen.emails[1].label == "work");
    CHECK(carmen.addresses == std::vector<std::string>{"Gran V\xC3\xAD"
                                                       "a 28, 28013 Madrid, Espa\xC3\xB1"
                                                       "a"});
    CHECK(carmen.notes == "Prefiere WhatsApp, no llamadas");
    CHECK(carmen.categories == std::vector<std::string>{"Clientes"});

    CHECK(records[1].line == 17);
    CHECK(records[1].display_name == "solo.email@example.org");
    CHECK(records[1].given_name.empty());
    CHECK(records[2].line == 23);
    CHECK(records[2].display_name ==
          "Fontaner\xC3\xAD"
          "a G\xC3\xB3mez");
}

TEST_CASE("vCard 4.0: tel: URIs, quoted type lists, PREF=1, quoted parameters holding colons and semicolons") {
    auto [records, issues] = read_file("rfc6350_v40.vcf");
    CHECK(issues.empty());
    REQUIRE(records.size() == 1);
    const RawRecord& r = records[0];
    CHECK(r.display_name == "Dr. \xC3\x81lvaro Mart\xC3\xADn");
    CHECK(r.family_name == "Mart\xC3\xADn");
    REQUIRE(r.phones.size() == 3);
    CHECK(r.phones[0].value == "+34-612-111-222");
    CHECK(r.phones[0].label == "mobile");
    CHECK(r.phones[0].preferred);
    CHECK(r.phones[1].value == "+34-91-555-0000");  // ";ext=123" dropped with "tel:"
    CHECK(r.phones[1].label == "work");
    CHECK(r.phones[2].label == "home");
    CHECK_FALSE(r.phones[2].preferred);  // PREF=2 is not the preferred one
    REQUIRE(r.emails.size() == 2);
    CHECK(r.emails[0].preferred);
    CHECK(r.emails[1].label.empty());
    CHECK(r.addresses == std::vector<std::string>{"Calle Luna 3, 46001 Valencia, Espa\xC3\xB1"
                                                  "a"});
    CHECK(r.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
}

TEST_CASE("UTF-16 files with a byte order mark, little and big endian") {
    for (const char* name : {"utf16_bom.vcf", "utf16be_bom.vcf"}) {
        INFO(name);
        auto [records, issues] = read_file(name);
        CHECK(issues.empty());
        REQUIRE(records.size() == 2);
        CHECK(records[0].display_name ==
              "Bego\xC3\xB1"
              "a Zubizarreta");
        CHECK(records[0].phones.at(0).mobile_hint);
        CHECK(records[1].line == 7);
        CHECK(records[1].display_name == "J\xC3\xBCrgen M\xC3\xBCller \xF0\x9F\x98\x80");
    }
}

TEST_CASE("CR, LF and CRLF mixed, lower-case names, a tab-folded line and no final line break") {
    auto [records, issues] = read_file("mixed_newlines.vcf");
    CHECK(issues.empty());
    REQUIRE(records.size() == 2);
    CHECK(records[0].line == 1);
    CHECK(records[0].display_name == "Pilar S\xC3\xA1nchez");
    CHECK(phone_values(records[0]) == "+34 644 555 666");
    CHECK(records[0].phones[0].mobile_hint);
    CHECK(records[0].emails.at(0).value == "pilar@example.es");
    CHECK(records[1].line == 8);
    CHECK(records[1].display_name == "Tom\xC3\xA1s Ortega");
    CHECK(phone_values(records[1]) == "600111000");
}

TEST_CASE("malformed file: every problem is reported with its line and the good cards are kept") {
    auto [records, issues] = read_file("malformed.vcf");
    REQUIRE(records.size() == 3);
    CHECK(records[0].display_name == "Sin Final");
    CHECK(records[0].line == 3);
    CHECK(phone_values(records[0]) == "611000001");
    CHECK(records[1].display_name == "Segunda Tarjeta");
    CHECK(records[1].line == 7);
    CHECK(records[2].display_name == "Truncada");
    CHECK(records[2].emails.at(0).value == "truncada@example.es");

    REQUIRE(issues.size() == 7);
    CHECK(issues[0].line == 1);
    CHECK(issues[0].kind == IssueKind::skipped);
    CHECK(issues[0].message == "lines 1 to 2 are outside any vCard; ignored");
    CHECK(issues[1].line == 3);
    CHECK(issues[1].kind == IssueKind::warning);
    CHECK(issues[1].message ==
          "the card starting at line 3 has no END:VCARD before the BEGIN:VCARD at line 7; read it up to there");
    CHECK(issues[2].line == 10);
    CHECK(issues[2].message == "line 10 is in the card starting at line 7 but not a vCard property; ignored");
    CHECK(issues[3].line == 13);  // a stray END:VCARD
    CHECK(issues[3].message == "line 13 is outside any vCard; ignored");
    CHECK(issues[4].line == 14);
    CHECK(issues[4].kind == IssueKind::skipped);
    CHECK(issues[4].message == "the card starting at line 14 has no name, phone or email; skipped");
    CHECK(issues[5].line == 18);  // binary bytes between cards
    CHECK(issues[6].line == 19);
    CHECK(issues[6].kind == IssueKind::warning);
    CHECK(issues[6].message ==
          "the card starting at line 19 has no END:VCARD before the end of the file; read it anyway");
}

TEST_CASE("a 10 MB line inside a card is skipped and the rest of the card is read") {
    std::string text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Antes\r\nNOTE:" + std::string(10 * 1024 * 1024, 'x') +
                       "\r\nTEL:600000001\r\nEND:VCARD\r\n";
    auto [records, issues] = read_text(text);
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name == "Antes");
    CHECK(records[0].notes.empty());
    CHECK(phone_values(records[0]) == "600000001");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].line == 4);
    CHECK(issues[0].kind == IssueKind::skipped);
}

TEST_CASE("a folded value longer than 1 MiB is skipped and reported") {
    std::string text = "BEGIN:VCARD\r\nFN:Larga\r\nNOTE:inicio\r\n";
    for (int i = 0; i < 1200; ++i) text += " " + std::string(1000, 'y') + "\r\n";
    text += "TEL:600000002\r\nEND:VCARD\r\n";
    auto [records, issues] = read_text(text);
    REQUIRE(records.size() == 1);
    CHECK(records[0].notes.empty());
    CHECK(phone_values(records[0]) == "600000002");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].line == 3);
    CHECK(issues[0].message == "the NOTE value at line 3 is longer than 1 MiB; skipped");
}

TEST_CASE("random binary data gives no card, no exception and only a few issues") {
    std::string noise(256 * 1024, '\0');
    std::uint32_t state = 12345;
    for (char& c : noise) {
        state = state * 1664525u + 1013904223u;
        c = static_cast<char>(state >> 24);
    }
    FileResult result;
    REQUIRE_NOTHROW(result = read_text(noise));
    CHECK(result.records.empty());
    CHECK(result.issues.size() == 1);  // one run of ignored lines
}

TEST_CASE("random binary data inside a card does not stop the next card") {
    std::string text =
        "BEGIN:VCARD\r\nFN:Uno\r\n\x01\x02\xFF garbage:\xFE\r\n\x80\x81\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Dos\r\nEND:VCARD\r\n";
    auto [records, issues] = read_text(text);
    REQUIRE(records.size() == 2);
    CHECK(records[1].display_name == "Dos");
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].message == "lines 3 to 4 are in the card starting at line 1 but not a vCard property; ignored");
}

TEST_CASE("a quoted-printable value ending in '=' does not swallow END:VCARD") {
    auto [records, issues] = read_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Igual\r\nNOTE;ENCODING=QUOTED-PRINTABLE:a=3Db=\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:Siguiente\r\nEND:VCARD\r\n");
    CHECK(issues.empty());
    REQUIRE(records.size() == 2);
    CHECK(records[0].notes == "a=b");
}

TEST_CASE("a quoted-printable soft break keeps a continuation that starts with a space") {
    // "=C3=81lvaro" + " Bego=C3=B1a": the space belongs to the value, it is not folding.
    auto [records, issues] = read_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvaro=\r\n"
        " Bego=C3=B1a\r\nEND:VCARD\r\n");
    CHECK(issues.empty());
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name ==
          "\xC3\x81lvaro Bego\xC3\xB1"
          "a");
}

TEST_CASE("an unknown CHARSET is reported once and the value is still read") {
    auto [records, issues] =
        read_text("BEGIN:VCARD\r\nFN;CHARSET=X-KLINGON:Kahless\r\nNOTE;CHARSET=X-KLINGON:Qapla\xE9\r\nEND:VCARD\r\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name == "Kahless");
    CHECK(records[0].notes == "Qapla\xC3\xA9");  // not UTF-8, so read as Windows-1252
    REQUIRE(issues.size() == 2);
    CHECK(issues[0].line == 2);
    CHECK(issues[0].message.find("X-KLINGON") != std::string::npos);
    CHECK(issues[1].line == 3);
    CHECK(issues[1].message.find("Windows-1252") != std::string::npos);
}

TEST_CASE("vCard 2.1 keeps a backslash-n as text, vCard 3.0 makes it a line break") {
    auto [records, issues] = read_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ruta\r\nNOTE:C:\\nuevo\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nota\r\nNOTE:uno\\ndos\\Ntres\\\\n\r\nEND:VCARD\r\n");
    REQUIRE(records.size() == 2);
    CHECK(records[0].notes == "C:\\nuevo");
    CHECK(records[1].notes == "uno\ndos\ntres\\n");
}

TEST_CASE("a record reused for the next card holds nothing of the previous one") {
    std::istringstream in(
        "BEGIN:VCARD\r\nFN:A\r\nNOTE:n\r\nTEL:1\r\nCATEGORIES:x\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nFN:B\r\nEND:VCARD\r\n");
    VCardReader reader(in, "x.vcf");
    RawRecord record;
    REQUIRE(reader.next(record));
    REQUIRE(reader.next(record));
    CHECK(record.display_name == "B");
    CHECK(record.notes.empty());
    CHECK(record.phones.empty());
    CHECK(record.categories.empty());
    CHECK(record.line == 7);
    CHECK_FALSE(reader.next(record));
    CHECK_FALSE(reader.next(record));
}

TEST_CASE("take_issues hands each issue over once, in order") {
    std::istringstream in("junk\r\nBEGIN:VCARD\r\nNOTE:x\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Ok\r\nEND:VCARD\r\n");
    VCardReader reader(in, "x.vcf");
    RawRecord record;
    REQUIRE(reader.next(record));
    auto first = reader.take_issues();
    REQUIRE(first.size() == 2);
    CHECK(first[0].line == 1);
    CHECK(first[1].line == 2);
    CHECK(reader.take_issues().empty());
    CHECK(reader.issues().empty());  // handed over, not kept: memory stays flat (issue #15)
}

namespace {
class BrokenDisk : public std::streambuf {
protected:
    int_type underflow() override { throw std::ios_base::failure("I/O error"); }
};
}  // namespace

TEST_CASE("a failing stream becomes a ParseError naming the file") {
    BrokenDisk buffer;
    std::istream in(&buffer);
    VCardReader reader(in, "contactos.vcf");
    RawRecord record;
    try {
        reader.next(record);
        FAIL("no exception");
    } catch (const clientela::ParseError& e) {
        CHECK(e.file() == "contactos.vcf");
    }
}

TEST_CASE("a card keeps 50 points and 50 categories and counts the rest as it reads") {
    std::string card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Muchos\r\n";
    for (int i = 0; i < 30; ++i) card += "item" + std::to_string(i) + ".TEL:+3461200" + std::to_string(1000 + i) + "\r\n";
    for (int i = 0; i < 30; ++i) card += "EMAIL:c" + std::to_string(i) + "@example.es\r\n";
    for (int i = 0; i < 5; ++i) card += "ADR:;;Calle " + std::to_string(i) + ";Madrid;;28001;\r\n";
    for (int i = 0; i < 1000; ++i) card += "item" + std::to_string(i) + ".X-ABLabel:_$!<Mobile>!$_\r\n";
    card += "CATEGORIES:";
    for (int i = 0; i < 70; ++i) card += (i ? "," : "") + std::string("cat") + std::to_string(i);
    card += "\r\nEND:VCARD\r\n";
    std::istringstream in(card);
    VCardReader reader(in, "muchos.vcf");
    const auto records = read_all(reader);
    REQUIRE(records.size() == 1);
    const RawRecord& r = records[0];
    CHECK(r.phones.size() == 30);
    CHECK(r.emails.size() == 20);
    CHECK(r.addresses.empty());
    CHECK(r.points_dropped == 15);  // 10 emails and 5 addresses
    CHECK(r.phones[29].mobile_hint);  // the iOS labels still reach the kept numbers
    CHECK(r.categories.size() == 50);
    CHECK(r.categories_dropped == 20);
}
