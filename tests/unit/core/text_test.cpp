#include "core/text.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("folding removes accents and case so nunez finds Núñez") {
    CHECK(fold_for_search("Núñez") == "nunez");
    CHECK(fold_for_search("ÁLVAREZ Muñoz") == "alvarez munoz");
    CHECK(fold_for_search("Çà Ü") == "ca u");
    CHECK(fold_for_search("plain ascii") == "plain ascii");
}

TEST_CASE("folding survives invalid UTF-8") {
    const std::string bad = "Nu\xF1" "ez";  // Windows-1252 byte, not UTF-8
    CHECK_NOTHROW(fold_for_search(bad));
    CHECK(fold_for_search("AB\xFF").substr(0, 2) == "ab");
}

TEST_CASE("trim_spaces removes ASCII and Unicode spaces at the ends only") {
    CHECK(trim_spaces("  hola \t\n") == "hola");
    CHECK(trim_spaces("\xC2\xA0hola mundo\xC2\xA0") == "hola mundo");
    CHECK(trim_spaces("\xEF\xBB\xBFhola") == "hola");
    CHECK(trim_spaces("\xE2\x80\xAF") .empty());
    CHECK(trim_spaces("").empty());
}

TEST_CASE("replace_unicode_spaces turns NBSP inside text into spaces") {
    CHECK(replace_unicode_spaces("612\xC2\xA0" "345") == "612 345");
}

TEST_CASE("is_valid_utf8 tells UTF-8 from Windows-1252") {
    CHECK(is_valid_utf8("Núñez"));
    CHECK_FALSE(is_valid_utf8("N\xFA\xF1" "ez"));
}
