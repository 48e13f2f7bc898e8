// Tests of detect_format: vCard or which CSV flavour, from the first bytes and the name.
#include "io/format.hpp"

#include "core/errors.hpp"
#include "io_test_support.hpp"

#include <catch2/catch.hpp>

using clientela::io::detect_format;
using clientela::io::Format;
using clientela::io::test::read_bytes;

TEST_CASE("sample files are recognised by their content") {
    CHECK(detect_format(read_bytes("android_v21.vcf"), "contactos.txt") == Format::vcard);
    CHECK(detect_format(read_bytes("utf16_bom.vcf"), "x") == Format::vcard);
    CHECK(detect_format(read_bytes("utf16be_bom.vcf"), "x") == Format::vcard);
    CHECK(detect_format(read_bytes("google_contacts.csv"), "x.csv") == Format::google_csv);
    CHECK(detect_format(read_bytes("google_contacts_2024.csv"), "x.csv") == Format::google_csv);
    CHECK(detect_format(read_bytes("outlook_en.csv"), "x.csv") == Format::outlook_csv);
    CHECK(detect_format(read_bytes("outlook_es_cp1252.csv"), "x.csv") == Format::outlook_csv);
    CHECK(detect_format(read_bytes("outlook_unicode.txt"), "x.txt") == Format::outlook_csv);
    CHECK(detect_format(read_bytes("tienda_es_cp1252.csv"), "clientes.csv") == Format::generic_csv);
}

TEST_CASE("a vCard is recognised after blank lines and a BOM, or by its file name") {
    CHECK(detect_format("\xEF\xBB\xBF\r\n\r\n  begin:vcard\r\n", "a.dat") == Format::vcard);
    CHECK(detect_format("junk first\r\nBEGIN:VCARD\r\n", "Contactos.VCF") == Format::vcard);
    CHECK(detect_format("junk first\r\n", "agenda.vcard") == Format::vcard);
}

TEST_CASE("only the header line decides the CSV flavour, even when the sample is cut") {
    std::string sample =
        "sep=;\r\nNombre;Tel\xC3\xA9"
        "fono particular;Correo\r\nAna;91";
    CHECK(detect_format(sample, "a.csv") == Format::outlook_csv);
    CHECK(detect_format("Cliente;Tlf\r\n", "a.csv") == Format::generic_csv);
}

TEST_CASE("binary or empty input is neither vCard nor CSV") {
    CHECK_THROWS_AS(detect_format("", "vacio.csv"), clientela::ValidationError);
    CHECK_THROWS_AS(detect_format(std::string("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 16), "foto.png"),
                    clientela::ValidationError);
    CHECK_THROWS_WITH(detect_format(std::string("PK\x03\x04\x14\x00", 6), "agenda.xlsx"),
                      "agenda.xlsx is neither a vCard file nor a CSV file with a header line");
}
