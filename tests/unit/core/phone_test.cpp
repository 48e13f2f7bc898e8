#include "core/errors.hpp"
#include "core/phone.hpp"

#include <catch2/catch.hpp>

using clientela::PhoneNormalizer;

TEST_CASE("Spanish mobile numbers typed every common way become the same E.164") {
    const PhoneNormalizer es("ES");
    const char* inputs[] = {"612 34 56 78",       "+34 612 345 678", "0034612345678", "(+34) 612-345-678",
                            "34612345678",        "612345678",       "612.34.56.78",  "\xC2\xA0" "612\xC2\xA0" "345\xC2\xA0" "678 ",
                            "+34\xE2\x80\xAF" "612345678"};
    for (const char* raw : inputs) {
        INFO("input: " << raw);
        const auto info = es.normalize(raw);
        CHECK(info.valid);
        CHECK(info.e164 == "+34612345678");
        CHECK(info.national == "612345678");
        CHECK(info.region == "ES");
        CHECK(info.is_mobile);
        CHECK(info.problem.empty());
    }
}

TEST_CASE("Spanish landline is valid but not mobile") {
    const auto info = PhoneNormalizer("ES").normalize("91 555 01 23");
    CHECK(info.valid);
    CHECK(info.e164 == "+34915550123");
    CHECK_FALSE(info.is_mobile);
}

TEST_CASE("a foreign number with its plus sign keeps its own country") {
    const auto info = PhoneNormalizer("ES").normalize("+33 6 12 34 56 78");
    CHECK(info.valid);
    CHECK(info.e164 == "+33612345678");
    CHECK(info.region == "FR");
    CHECK(info.is_mobile);
}

TEST_CASE("invalid numbers are kept raw with a reason, never dropped") {
    const PhoneNormalizer es("ES");
    SECTION("too short") {
        const auto info = es.normalize(" 12345 ");
        CHECK_FALSE(info.valid);
        CHECK(info.raw == "12345");
        CHECK(info.e164.empty());
        CHECK_FALSE(info.problem.empty());
    }
    SECTION("letters only") {
        const auto info = es.normalize("llamar a la tienda");
        CHECK_FALSE(info.valid);
        CHECK(info.problem == "no digits in phone number");
    }
    SECTION("empty") {
        CHECK(es.normalize("   ").problem == "empty phone number");
    }
    SECTION("absurdly long") {
        const auto info = es.normalize(std::string(500, '6'));
        CHECK_FALSE(info.valid);
        CHECK(info.problem == "too many digits for a phone number");
    }
    SECTION("a Spanish mobile with one digit missing") {
        CHECK_FALSE(es.normalize("612 34 56 7").valid);
    }
}

TEST_CASE("the default region decides how national numbers are read") {
    const auto pt = PhoneNormalizer("pt").normalize("912 345 678");
    CHECK(pt.valid);
    CHECK(pt.e164 == "+351912345678");
    CHECK(PhoneNormalizer("pt").default_region() == "PT");
}

TEST_CASE("an unknown region is refused with a clear message") {
    CHECK_THROWS_AS(PhoneNormalizer("XX"), clientela::ValidationError);
    CHECK_THROWS_WITH(PhoneNormalizer("Spain"), Catch::Contains("two-letter country code"));
}

TEST_CASE("digits_only keeps only ASCII digits") {
    CHECK(PhoneNormalizer::digits_only("(+34) 612-34") == "3461234");
    CHECK(PhoneNormalizer::digits_only("abc").empty());
}

TEST_CASE("the national part of an E.164 number drops its country code") {
    CHECK(PhoneNormalizer::national_part("+34612345678") == "612345678");
    CHECK(PhoneNormalizer::national_part("+351912345678") == "912345678");
    CHECK(PhoneNormalizer::national_part("+12025550123") == "2025550123");
    CHECK(PhoneNormalizer::national_part("+447911123456") == "7911123456");
}
