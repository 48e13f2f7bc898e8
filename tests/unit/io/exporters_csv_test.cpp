#include "io/exporters_csv.hpp"

#include "csv_safety.hpp"

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

// Issue #15: the rule is no longer "free-text columns only". Every cell is checked, emails
// and other values the program thought safe included; only a strictly validated E.164
// number or plain number may start with '+' or '-'.
TEST_CASE("every cell that could start a formula is neutralised, emails included") {
    for (const auto& email : clientela::test::hostile_emails()) {
        INFO(email);
        CHECK(csv_field(verbatim(email), ',') == "\"'" + email + "\"");
        CHECK(csv_field(free_text(email), ',') == "\"'" + email + "\"");
    }
    CHECK(csv_field(verbatim("-ana@example.es"), ',') == "\"'-ana@example.es\"");
}

TEST_CASE("full-width signs, leading spaces and line breaks before a formula are neutralised") {
    for (const auto& name : clientela::test::hostile_names()) {
        INFO(name);
        CHECK(starts_like_formula(name));
        const std::string cell = csv_field(verbatim(name), ';');
        CHECK(cell.substr(0, 2) == "\"'");
        CHECK(clientela::test::formula_cells(cell + "\r\n", ';').empty());
    }
    CHECK(starts_like_formula("\xC2\xA0=1+1"));      // no-break space first
    CHECK(starts_like_formula("\xE3\x80\x80=1+1"));  // ideographic space first
    CHECK(starts_like_formula("   @SUM(1)"));
}

TEST_CASE("only strictly validated numbers, ids, hashes and times are written as they are") {
    for (const char* safe : {"+34612345678", "-12", "-3.5", "42", "2026-07-20T18:00:00+02:00", "2026-07-20",
                             "aaaaaaaa-0000-4000-8000-00000000000a",
                             "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "email", "true"}) {
        INFO(safe);
        CHECK(csv_field(verbatim(safe), ',') == safe);
    }
    for (const char* almost : {"+34 612 345 678", "+0034612345678", "+34612345678=1", "-1+2", "+", "-"}) {
        INFO(almost);
        CHECK(csv_field(verbatim(almost), ',').substr(0, 2) == "\"'");
    }
}
