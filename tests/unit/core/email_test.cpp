#include "core/email.hpp"

#include <catch2/catch.hpp>

using clientela::normalize_email;

TEST_CASE("emails are trimmed and their domain lower-cased, local part kept") {
    const auto e = normalize_email("  Ana.Nunez@Example.ES \t");
    CHECK(e.valid);
    CHECK(e.normalized == "Ana.Nunez@example.es");
    CHECK(e.raw == "Ana.Nunez@Example.ES");
}

TEST_CASE("mailto links and angle brackets are unwrapped") {
    CHECK(normalize_email("mailto:pepe@Gmail.com").normalized == "pepe@gmail.com");
    CHECK(normalize_email("<pepe@gmail.com>").normalized == "pepe@gmail.com");
}

TEST_CASE("malformed emails are flagged with a reason") {
    const char* bad[] = {"", "pepe", "pepe@", "@gmail.com", "pepe@gmail", "pe pe@gmail.com",
                         "pepe@gmail..com", ".pepe@gmail.com", "pepe@-gmail.com", "pepe@gma il.com"};
    for (const char* raw : bad) {
        INFO("input: '" << raw << "'");
        const auto e = normalize_email(raw);
        CHECK_FALSE(e.valid);
        CHECK(e.normalized.empty());
        CHECK_FALSE(e.problem.empty());
    }
}

TEST_CASE("international characters are accepted") {
    const auto e = normalize_email("begoña@correos.es");
    CHECK(e.valid);
    CHECK(e.normalized == "begoña@correos.es");
}

TEST_CASE("plus addressing and long but legal addresses are valid") {
    CHECK(normalize_email("ana+tienda@example.com").valid);
    CHECK(normalize_email(std::string(64, 'a') + "@example.com").valid);
    CHECK_FALSE(normalize_email(std::string(65, 'a') + "@example.com").valid);
}
