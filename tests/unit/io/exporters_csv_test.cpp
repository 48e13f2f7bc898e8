#include "io/exporters_csv.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace clientela::io;

TEST_CASE("cells that would start a formula are neutralised with an apostrophe") {
    for (const char* hostile : {"=HYPERLINK(\"http://x.example\",\"pulsa\")", "+cmd|' /C calc'!A0", "-2+3",
                                "@SUM(A1:A9)", "\t=1+1", "\r=1+1"}) {
        INFO(hostile);
        CHECK(starts_like_formula(hostile));
        const std::string cell = csv_field(free_text(hostile), ',');
        CHECK(cell.substr(0, 2) == "\"'");  // quoted, and the first character is the apostrophe
        CHECK(cell.back() == '"');
    }
    CHECK(csv_field(free_text("=1+1"), ';') == "\"'=1+1\"");
    CHECK(csv_field(free_text("=HYPERLINK(\"a\")"), ',') == "\"'=HYPERLINK(\"\"a\"\")\"");
}

TEST_CASE("ordinary text and validated values are not altered") {
    CHECK(csv_field(free_text("Ana Núñez"), ',') == "Ana Núñez");
    CHECK(csv_field(free_text("O'Brien = jefe"), ',') == "O'Brien = jefe");  // '=' later in the text is harmless
    CHECK(csv_field(verbatim("+34612345678"), ',') == "+34612345678");       // E.164 keeps its '+'
    CHECK(csv_field(verbatim("-ana@example.es"), ',') == "-ana@example.es");
    CHECK_FALSE(starts_like_formula(""));
    CHECK_FALSE(starts_like_formula("Ana"));
}

TEST_CASE("cells with the separator, quotes, line breaks or edge spaces are quoted") {
    CHECK(csv_field(free_text("Calle Mayor 12, Madrid"), ',') == "\"Calle Mayor 12, Madrid\"");
    CHECK(csv_field(free_text("Calle Mayor 12, Madrid"), ';') == "Calle Mayor 12, Madrid");
    CHECK(csv_field(free_text("a;b"), ';') == "\"a;b\"");
    CHECK(csv_field(free_text("dos\nlíneas"), ',') == "\"dos\nlíneas\"");
    CHECK(csv_field(free_text("di \"hola\""), ',') == "\"di \"\"hola\"\"\"");
    CHECK(csv_field(free_text(" espacio"), ',') == "\" espacio\"");
}

TEST_CASE("the writer puts the BOM once and ends rows with CRLF") {
    std::ostringstream out;
    CsvWriter w(out, CsvWriteOptions{';', true});
    w.header({"a", "b"});
    w.row({free_text("x;y"), verbatim("+34600000000")});
    CHECK(out.str() ==
          "\xEF\xBB\xBF"
          "a;b\r\n\"x;y\";+34600000000\r\n");
    CHECK(w.rows_written() == 2);
}
