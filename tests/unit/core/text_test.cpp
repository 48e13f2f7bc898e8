#include "core/name_text.hpp"
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

TEST_CASE("the Latin-1 fast path folds every letter exactly as the full Unicode path") {
    // "€" is outside the table, so a string ending with it is folded by utf8proc as a whole;
    // the same string without it takes the table. Both must agree for U+00C0..U+00FF.
    const std::string euro = "\xE2\x82\xAC";
    for (unsigned cp = 0xC0; cp <= 0xFF; ++cp) {
        const std::string letter{static_cast<char>(0xC3), static_cast<char>(0x80 + (cp - 0xC0))};
        const std::string word = "Ab" + letter + "Z" + letter;
        INFO("U+00" << std::hex << cp);
        CHECK(fold_for_search(word) + fold_for_search(euro) == fold_for_search(word + euro));
    }
    CHECK(fold_for_search("MUÑOZ ÉLODIE Straße") == "munoz elodie strasse");
    // A combining accent (e + U+0301) is not Latin-1: the whole string goes through utf8proc.
    CHECK(fold_for_search("Jose\xCC\x81 Ñ") == "jose n");
    // A lone lead byte at the end is invalid UTF-8: folded best effort, no crash.
    CHECK_NOTHROW(fold_for_search("abc\xC3"));
}

TEST_CASE("clean_name takes controls and direction marks out and finds names with nothing visible") {
    CHECK(clean_name("Ana Núñez").text == "Ana Núñez");
    CHECK(clean_name("Ana Núñez").removed == 0);
    const auto bidi = clean_name("Ana\xe2\x80\xae" "ztap\x1b[2J");  // U+202E right-to-left override, ESC
    CHECK(bidi.text == "Anaztap[2J");
    CHECK(bidi.removed == 2);
    CHECK_FALSE(bidi.invisible_only);
    CHECK(clean_name("Ana\tde la\nFuente").text == "Ana de la Fuente");
    CHECK(clean_name("\xc2\x9b" "31mRoja").text == "31mRoja");  // U+009B, a C1 control (CSI)
    for (const char* invisible : {"\xe2\x80\x8b", "\xe2\x80\x8b\xe2\x80\x8d\xef\xbb\xbf", "\xe2\x80\xae\xe2\x81\xa6 ",
                                  "\xe2\x80\x8e\xe2\x80\x8f\xc2\xa0", "\xe3\x85\xa4", "\xcc\x81\xcc\x81",
                                  "\xe2\x81\xa0 \xe3\x80\x80"}) {
        INFO(invisible);
        const auto c = clean_name(invisible);
        CHECK(c.text.empty());
        CHECK(c.invisible_only);
    }
    CHECK(clean_name("   ").text.empty());
    CHECK_FALSE(clean_name("   ").invisible_only);  // just blank, the usual "needs a name"
    CHECK_FALSE(clean_name("").invisible_only);
    // Invisible characters at the ends go; joiners inside a name stay.
    CHECK(clean_name("\xe2\x80\x8b" "Ana\xe2\x80\x8b ").text == "Ana");
    CHECK(clean_name("\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x8c\xbe Flor").text ==
          "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x8c\xbe Flor");
}

TEST_CASE("plausibly_same_person: same words folded, or all words of one in the other") {
    using clientela::plausibly_same_person;
    CHECK(plausibly_same_person("Ana Núñez", "ana nuñez"));
    CHECK(plausibly_same_person("ANA NUNEZ", "Ana Núñez"));
    CHECK(plausibly_same_person("Ana", "Ana Núñez Pérez"));
    CHECK(plausibly_same_person("Ana Núñez Pérez", "Ana"));
    CHECK(plausibly_same_person("Núñez, Ana", "Ana Núñez"));
    CHECK(plausibly_same_person("Ana N.", "Ana Núñez"));
    CHECK_FALSE(plausibly_same_person("Ana P.", "Ana Núñez"));
    CHECK_FALSE(plausibly_same_person("José Ibarra", "Ana Núñez"));
    CHECK_FALSE(plausibly_same_person("Ana Núñez", "Ana Pérez"));
    CHECK_FALSE(plausibly_same_person("Ana", "Anabel Ruiz"));
    CHECK_FALSE(plausibly_same_person("", "Ana"));
    CHECK_FALSE(plausibly_same_person("Ana", ""));
    CHECK_FALSE(plausibly_same_person("  ", " - "));
    CHECK_FALSE(plausibly_same_person("Mamá", "Ana Núñez"));
}
