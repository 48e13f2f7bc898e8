// Tests of the CSV tokenizer and CsvReader on Google, Outlook (English, Spanish, UTF-16) and
// Spanish shop spreadsheet exports. Sample files are written by tests/data/make_io_samples.py.
#include "io/csv_reader.hpp"

#include "core/errors.hpp"
#include "io/csv_tokenizer.hpp"
#include "io_test_support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using clientela::ValidationError;
using clientela::io::CsvOptions;
using clientela::io::CsvReader;
using clientela::io::CsvTokenizer;
using clientela::io::Format;
using clientela::io::IssueKind;
using clientela::io::RawRecord;
using clientela::io::ReadIssue;
using clientela::io::test::data_path;
using clientela::io::test::phone_values;
using clientela::io::test::read_all;

namespace {

struct Row {
    std::vector<std::string> fields;
    std::size_t line;
};

std::vector<Row> tokenize(const std::string& text, std::vector<ReadIssue>* issues_out = nullptr, char sep = '\0') {
    std::istringstream in(text);
    std::vector<ReadIssue> issues;
    CsvTokenizer tokenizer(in, issues, sep);
    std::vector<Row> rows;
    std::vector<std::string> fields;
    while (tokenizer.next(fields)) rows.push_back({fields, tokenizer.line()});
    if (issues_out) *issues_out = issues;
    return rows;
}

struct FileResult {
    std::vector<RawRecord> records;
    std::vector<ReadIssue> issues;
    Format format;
    char separator;
};

FileResult read_file(const std::string& name, CsvOptions options = {}) {
    std::ifstream in(data_path(name), std::ios::binary);
    REQUIRE(in);
    CsvReader reader(in, name, options);
    FileResult result{read_all(reader), reader.issues(), reader.format(), reader.separator()};
    CHECK(reader.records_read() == result.records.size());
    return result;
}

FileResult read_text(const std::string& text, CsvOptions options = {}) {
    std::istringstream in(text);
    CsvReader reader(in, "hoja.csv", options);
    return FileResult{read_all(reader), reader.issues(), reader.format(), reader.separator()};
}

}  // namespace

TEST_CASE("quoted fields keep separators, doubled quotes and line breaks, and rows keep their first line") {
    std::vector<ReadIssue> issues;
    auto rows = tokenize("a,b,c\r\n\"x, y\",\"dijo \"\"hola\"\"\",\"l1\r\nl2\nl3\"\r\nlast,,\r\n", &issues);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK(rows[0].line == 1);
    CHECK(rows[1].fields == std::vector<std::string>{"x, y", "dijo \"hola\"", "l1\nl2\nl3"});
    CHECK(rows[1].line == 2);
    CHECK(rows[2].fields == std::vector<std::string>{"last", "", ""});
    CHECK(rows[2].line == 5);
    CHECK(issues.empty());
}

TEST_CASE("the separator is the most frequent of comma, semicolon and tab in the header") {
    CHECK(clientela::io::detect_separator("Nombre;Apellidos;M\xC3\xB3vil") == ';');
    CHECK(clientela::io::detect_separator("Name,Given Name,Family Name") == ',');
    CHECK(clientela::io::detect_separator("Nombre\tApellidos, segundo\tTel") == '\t');
    CHECK(clientela::io::detect_separator("\"Nombre; completo\",Tel") == ',');  // quoted ';' does not count
    CHECK(clientela::io::detect_separator("Email") == ',');
    CHECK(tokenize("a;b\r\n1;\"2;3\"\r\n")[1].fields == std::vector<std::string>{"1", "2;3"});
}

TEST_CASE("Excel's sep= first line sets the separator") {
    auto rows = tokenize("sep=;\r\nNombre;Tel, fijo\r\nAna;600\r\n");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].fields == std::vector<std::string>{"Nombre", "Tel, fijo"});
    CHECK(rows[0].line == 2);
}

TEST_CASE("stray quotes and spaces before a quote are tolerated") {
    auto rows = tokenize("a,b\r\npantalla 5\" grande, \"x,y\"\r\n\"abc\"def,g\r\n");
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].fields == std::vector<std::string>{"pantalla 5\" grande", "x,y"});
    CHECK(rows[2].fields == std::vector<std::string>{"abcdef", "g"});
}

TEST_CASE("an unclosed quote at the end of the file is reported with the row's line") {
    std::vector<ReadIssue> issues;
    auto rows = tokenize("a,b\r\n1,\"sin cerrar\r\nsigue\r\n", &issues);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].fields == std::vector<std::string>{"1", "sin cerrar\nsigue"});
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].line == 2);
    CHECK(issues[0].kind == IssueKind::warning);
}

TEST_CASE("a quote that is never closed cannot swallow more than 1 MiB") {
    std::string text = "a,b\r\n1,\"abre\r\n";
    for (int i = 0; i < 2000; ++i) text += std::string(1000, 'z') + "\r\n";
    std::vector<ReadIssue> issues;
    auto rows = tokenize(text, &issues);
    REQUIRE_FALSE(issues.empty());
    CHECK(issues[0].line == 2);
    CHECK(issues[0].kind == IssueKind::skipped);
    CHECK(rows.size() > 2);  // reading goes on after the oversized record
}

TEST_CASE("Google CSV: multi-value cells, primary marks, labels, groups, multi-line notes and address") {
    auto [records, issues, format, separator] = read_file("google_contacts.csv");
    CHECK(format == Format::google_csv);
    CHECK(separator == ',');
    REQUIRE(records.size() == 3);

    const RawRecord& rocio = records[0];
    CHECK(rocio.line == 2);
    CHECK(rocio.display_name == "Roc\xC3\xADo Dom\xC3\xADnguez");
    CHECK(rocio.given_name == "Roc\xC3\xADo");
    CHECK(rocio.family_name == "Dom\xC3\xADnguez");
    CHECK(rocio.organization ==
          "Herborister\xC3\xAD"
          "a Roc\xC3\xADo");
    CHECK(rocio.notes == "Prefiere \"WhatsApp Business\", no llamadas\nVuelve en septiembre");
    REQUIRE(rocio.phones.size() == 3);
    CHECK(rocio.phones[0].value == "+34 612 345 678");
    CHECK(rocio.phones[0].label == "mobile");
    CHECK(rocio.phones[0].mobile_hint);
    CHECK(rocio.phones[0].preferred);                // "* Mobile"
    CHECK(rocio.phones[1].value == "91 555 12 34");  // second value of the same cell, same label
    CHECK_FALSE(rocio.phones[1].preferred);
    CHECK(rocio.phones[2].value == "91 555 99 88");
    CHECK(rocio.phones[2].label == "fax");  // "Work Fax"
    REQUIRE(rocio.emails.size() == 1);
    CHECK(rocio.emails[0].label == "home");
    CHECK(rocio.emails[0].preferred);
    CHECK(rocio.categories == std::vector<std::string>{"Clientes", "VIP"});  // no "myContacts"
    CHECK(rocio.addresses == std::vector<std::string>{"Calle Feria 12, Sevilla 41003, Espa\xC3\xB1"
                                                      "a"});

    CHECK(records[1].line == 7);  // line 6 is an empty row, skipped silently
    CHECK(records[1].display_name == "facturas@proveedor.es");
    CHECK(records[1].emails.at(0).label == "work");
    CHECK(records[2].line == 9);
    CHECK(records[2].phones.at(0).label == "Tienda");

    REQUIRE(issues.size() == 1);
    CHECK(issues[0].line == 8);
    CHECK(issues[0].kind == IssueKind::skipped);
    CHECK(issues[0].message == "the row at line 8 has no name, phone or email; skipped");
}

TEST_CASE("Google CSV of 2024: First/Middle/Last Name, Labels and '- Label' columns, BOM") {
    auto [records, issues, format, separator] = read_file("google_contacts_2024.csv");
    CHECK(format == Format::google_csv);
    CHECK(issues.empty());
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name == "Javier \xC3\x81ngel Soto");
    CHECK(records[0].given_name == "Javier");
    CHECK(phone_values(records[0]) == "+34 650 123 456 | +34 91 000 11 22");
    CHECK(records[0].phones[0].label == "mobile");
    CHECK(records[0].phones[1].label == "home");
    CHECK(records[0].emails.at(0).label == "work");
    CHECK(records[0].emails.at(0).preferred);
    CHECK(records[0].categories == std::vector<std::string>{"Clientes"});
}

TEST_CASE("Outlook CSV in English: fixed phone columns, two emails, semicolon-separated categories") {
    auto [records, issues, format, separator] = read_file("outlook_en.csv");
    CHECK(format == Format::outlook_csv);
    CHECK(issues.empty());
    REQUIRE(records.size() == 2);
    const RawRecord& john = records[0];
    CHECK(john.display_name == "John Smith");
    CHECK(john.organization == "Acme Ltd");
    REQUIRE(john.phones.size() == 3);
    CHECK(john.phones[0].label == "fax");
    CHECK(john.phones[1].value == "+44 20 7946 0000");
    CHECK(john.phones[1].label == "work");
    CHECK(john.phones[2].value == "+44 7700 900123");
    CHECK(john.phones[2].mobile_hint);
    REQUIRE(john.emails.size() == 2);  // "E-mail Type" (SMTP) and "Display Name" are not addresses
    CHECK(john.emails[0].value == "john@acme.co.uk");
    CHECK(john.emails[1].value == "j.smith@example.com");
    CHECK(john.categories == std::vector<std::string>{"Suppliers", "VIP"});
    CHECK(john.notes == "Met at the fair, 2023");
    CHECK(records[1].display_name ==
          "Ana Garc\xC3\xAD"
          "a L\xC3\xB3pez");
    CHECK(records[1].line == 3);
}

TEST_CASE("Outlook CSV in Spanish, Windows-1252: accents, euro sign, Spanish column names") {
    auto [records, issues, format, separator] = read_file("outlook_es_cp1252.csv");
    CHECK(format == Format::outlook_csv);
    REQUIRE(records.size() == 2);
    const RawRecord& inigo = records[0];
    CHECK(inigo.display_name == "\xC3\x8D\xC3\xB1igo Etxeberria Mu\xC3\xB1oz");
    CHECK(inigo.given_name == "\xC3\x8D\xC3\xB1igo");  // "Nombre" next to "Apellidos" is the given name
    CHECK(inigo.organization ==
          "Sidrer\xC3\xAD"
          "a Etxeberria");
    CHECK(inigo.notes == "Pedido m\xC3\xADnimo: 20 \xE2\x82\xAC \xE2\x80\x94 paga en efectivo");
    REQUIRE(inigo.phones.size() == 2);
    CHECK(inigo.phones[0].label == "work");
    CHECK(inigo.phones[1].value == "+34 688 777 666");
    CHECK(inigo.phones[1].label == "mobile");
    CHECK(inigo.emails.at(0).value == "inigo@sidreria.eus");
    const RawRecord& begona = records[1];
    CHECK(begona.display_name ==
          "Bego\xC3\xB1"
          "a A\xC3\xB1orga");
    CHECK(begona.phones.at(0).label == "home");
    CHECK(begona.emails.at(0).value == "begona@example.es");  // "Dirección del correo electrónico 2"

    REQUIRE(issues.size() == 1);  // the per-file encoding note
    CHECK(issues[0].line == 1);
    CHECK(issues[0].kind == IssueKind::warning);
    CHECK(issues[0].message.find("Windows-1252") != std::string::npos);
}

TEST_CASE("Spanish shop spreadsheet: semicolons, Windows-1252, short and empty rows, Excel formulas") {
    auto [records, issues, format, separator] = read_file("tienda_es_cp1252.csv");
    CHECK(format == Format::generic_csv);
    CHECK(separator == ';');
    REQUIRE(records.size() == 5);
    CHECK(records[0].line == 2);
    CHECK(records[0].display_name ==
          "M\xC2\xAA Jos\xC3\xA9 P\xC3\xA9rez N\xC3\xBA\xC3\xB1"
          "ez");
    REQUIRE(records[0].phones.size() == 2);
    CHECK(records[0].phones[0].value == "34612345678");
    CHECK(records[0].phones[0].label == "mobile");
    CHECK(records[0].phones[0].mobile_hint);
    CHECK(records[0].phones[1].value == "954112233");
    CHECK(records[0].phones[1].label.empty());
    CHECK_FALSE(records[0].phones[1].mobile_hint);
    CHECK(records[0].emails.at(0).value == "mjose@example.es");
    CHECK(records[0].notes == "Clienta habitual; paga con tarjeta");
    CHECK(records[1].display_name == "\xC3\x81ngel Gil");
    CHECK(records[2].line == 5);
    CHECK(records[2].display_name ==
          "Sof\xC3\xAD"
          "a");
    CHECK(records[2].phones.empty());
    CHECK(records[3].line == 7);  // short row
    CHECK(records[3].display_name ==
          "Ra\xC3\xBAl S\xC3\xA1"
          "ez");
    CHECK(phone_values(records[3]) == "699000111");
    CHECK(records[4].line == 8);
    CHECK(phone_values(records[4]) == "0034611222333");  // ="0034611222333"

    REQUIRE(issues.size() == 2);
    CHECK(issues[0].line == 1);
    CHECK(issues[0].kind == IssueKind::warning);
    CHECK(issues[1].line == 6);
    CHECK(issues[1].kind == IssueKind::skipped);
}

TEST_CASE("Outlook 'Unicode text' export: UTF-16 with tabs") {
    auto [records, issues, format, separator] = read_file("outlook_unicode.txt");
    CHECK(separator == '\t');
    CHECK(issues.empty());
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name == "Nuria Casta\xC3\xB1o");
    CHECK(records[0].phones.at(0).mobile_hint);
    CHECK(records[0].emails.at(0).value == "nuria@example.es");
}

TEST_CASE("unknown headers without a mapping are a clear error naming the headers") {
    std::ifstream in(data_path("mapping_needed.tsv"), std::ios::binary);
    try {
        CsvReader reader(in, "mapping_needed.tsv");
        FAIL("no error");
    } catch (const ValidationError& e) {
        std::string message = e.what();
        CHECK(message.find("mapping_needed.tsv") != std::string::npos);
        CHECK(message.find(
                  "\"Persona\", \"N\xC3\xBAmero WhatsApp\", \"Direcci\xC3\xB3n electr\xC3\xB3nica\", \"Apuntes\"") !=
              std::string::npos);
        CHECK(message.find("mapping") != std::string::npos);
    }
}

TEST_CASE("an explicit column mapping reads unknown headers, matching them without accents") {
    CsvOptions options;
    options.mapping = {{"Persona", "name"},
                       {"numero whatsapp", "mobile"},
                       {"Direcci\xC3\xB3n electr\xC3\xB3nica", "email"},
                       {"Apuntes", "notes"}};
    auto [records, issues, format, separator] = read_file("mapping_needed.tsv", options);
    CHECK(separator == '\t');
    CHECK(issues.empty());
    REQUIRE(records.size() == 2);
    CHECK(records[0].display_name == "Lola Flores");
    CHECK(records[0].phones.at(0).value == "+34 600 123 123");
    CHECK(records[0].phones.at(0).label == "mobile");
    CHECK(records[0].phones.at(0).mobile_hint);
    CHECK(records[0].emails.at(0).value == "lola@example.es");
    CHECK(records[0].notes == "VIP");
    CHECK(records[1].emails.empty());
}

TEST_CASE("a mapping overrides the automatic choice and can ignore a column") {
    CsvOptions options;
    options.mapping = {{"Tel", "ignore"}, {"Notas", "organization"}};
    auto [records, issues, format, separator] = read_text("Nombre;Tel;Notas\r\nAna;600;Bar Ana\r\n", options);
    REQUIRE(records.size() == 1);
    CHECK(records[0].display_name == "Ana");  // "Nombre" without "Apellidos" is the whole name
    CHECK(records[0].phones.empty());
    CHECK(records[0].organization == "Bar Ana");
}

TEST_CASE("a mapping with an unknown field or a missing column is refused") {
    CsvOptions wrong_field;
    wrong_field.mapping = {{"Tel", "telefono"}};
    CHECK_THROWS_WITH(read_text("Nombre;Tel\r\nAna;600\r\n", wrong_field),
                      Catch::Contains("unknown field \"telefono\"") && Catch::Contains("given_name"));
    CsvOptions missing_column;
    missing_column.mapping = {{"Movil 2", "mobile"}};
    CHECK_THROWS_WITH(read_text("Nombre;Tel\r\nAna;600\r\n", missing_column),
                      Catch::Contains("\"Movil 2\"") && Catch::Contains("\"Nombre\", \"Tel\""));
}

TEST_CASE("header matching ignores case, accents, spaces and punctuation") {
    auto [records, issues, format, separator] = read_text(
        "NOMBRE,APELLIDOS,TELEFONO MOVIL,e_mail,OBSERVACIONES,Tel\xC3\xA9"
        "fono 2\r\n"
        "Eva,Luna,611,eva@x.es,hola,912\r\n");
    REQUIRE(records.size() == 1);
    CHECK(records[0].given_name == "Eva");
    CHECK(records[0].family_name == "Luna");
    CHECK(phone_values(records[0]) == "611 | 912");
    CHECK(records[0].phones[0].mobile_hint);
    CHECK(records[0].emails.at(0).value == "eva@x.es");
    CHECK(records[0].notes == "hola");
}

TEST_CASE("an empty file or one with only blank lines is an error, a header alone gives no rows") {
    CHECK_THROWS_AS(read_text(""), ValidationError);
    CHECK_THROWS_AS(read_text("\r\n;;\r\n"), ValidationError);
    auto result = read_text("Nombre;Tel\r\n");
    CHECK(result.records.empty());
    CHECK(result.issues.empty());
}

TEST_CASE("asking the CSV reader to read a vCard is refused") {
    CsvOptions options;
    options.format = Format::vcard;
    CHECK_THROWS_AS(read_text("Nombre\r\nAna\r\n", options), ValidationError);
}

TEST_CASE("rows longer than the header are read, extra cells ignored") {
    auto [records, issues, format, separator] = read_text("Nombre,Tel\r\nAna,600,extra,mas\r\n");
    REQUIRE(records.size() == 1);
    CHECK(phone_values(records[0]) == "600");
}

TEST_CASE("a CSV saved by old Excel for Mac with CR-only line breaks") {
    auto [records, issues, format, separator] = read_text(
        "Nombre;M\xF3vil;Notas\r\"Luc\xED"
        "a\";600111222;\"dos\rl\xEDneas\"\rPablo;600333444;\r");
    CHECK(issues.size() == 1);  // the Windows-1252 note
    REQUIRE(records.size() == 2);
    CHECK(records[0].display_name ==
          "Luc\xC3\xAD"
          "a");
    CHECK(records[0].notes ==
          "dos\nl\xC3\xAD"
          "neas");
    CHECK(records[1].line == 4);
    CHECK(phone_values(records[1]) == "600333444");
}

TEST_CASE("a row keeps 50 points however many ' ::: ' values its cells hold") {
    std::string csv = "Name,Phone 1 - Value,E-mail 1 - Value,Group Membership\nMuchos,";
    for (int i = 0; i < 45; ++i) csv += (i ? " ::: " : "") + std::string("+3461200") + std::to_string(1000 + i);
    csv += ",";
    for (int i = 0; i < 10; ++i) csv += (i ? " ::: " : "") + std::string("c") + std::to_string(i) + "@example.es";
    csv += ",";
    for (int i = 0; i < 60; ++i) csv += (i ? " ::: " : "") + std::string("g") + std::to_string(i);
    csv += "\n";
    std::istringstream in(csv);
    clientela::io::CsvReader reader(in, "muchos.csv");
    clientela::io::RawRecord r;
    REQUIRE(reader.next(r));
    CHECK(r.phones.size() == 45);
    CHECK(r.emails.size() == 5);
    CHECK(r.points_dropped == 5);
    CHECK(r.categories.size() == 50);
    CHECK(r.categories_dropped == 10);
}
