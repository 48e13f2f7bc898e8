#include "core/contact.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace clientela;

TEST_CASE("channel and purpose names round-trip and unknown names are refused") {
    for (auto c : all_channels()) CHECK(channel_from_string(to_string(c)) == c);
    for (auto p : all_purposes()) CHECK(purpose_from_string(to_string(p)) == p);
    CHECK(all_channels().size() == 5);
    CHECK_THROWS_AS(channel_from_string("whatsapp"), ValidationError);
    CHECK_THROWS_WITH(channel_from_string("whatsapp"), Catch::Contains("whatsapp_business"));
    CHECK_THROWS_AS(purpose_from_string("promo"), ValidationError);
}

TEST_CASE("timestamps are printed and parsed as ISO 8601 UTC") {
    const Timestamp t = parse_timestamp("2026-11-25T04:25:47Z");
    CHECK(format_utc(t) == "2026-11-25T04:25:47Z");
    CHECK(parse_timestamp("2026-11-25T05:25:47+01:00") == t);
    CHECK(parse_timestamp("2026-11-25T04:25:47") == t);
    CHECK(format_utc(parse_timestamp("2026-11-25")) == "2026-11-25T00:00:00Z");
    CHECK_THROWS_AS(parse_timestamp("25/11/2026"), ValidationError);
    CHECK_THROWS_AS(parse_timestamp("2026-11-25T04:25:47Z trailing"), ValidationError);
}

TEST_CASE("new uuids are random v4 and distinct") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const auto id = new_uuid();
        REQUIRE(id.size() == 36);
        CHECK(id[14] == '4');
        seen.insert(id);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("first mobile and first email skip invalid and landline points") {
    Contact c;
    ContactPoint land{0, PointKind::phone, "91", "+34915550123", "home", false, true, ""};
    ContactPoint bad{0, PointKind::phone, "6", "", "", true, false, "too short"};
    ContactPoint mob{0, PointKind::phone, "612", "+34612345678", "mobile", true, true, ""};
    ContactPoint mail{0, PointKind::email, "a@b.es", "a@b.es", "", false, true, ""};
    c.points = {land, bad, mob, mail};
    REQUIRE(c.first_mobile() != nullptr);
    CHECK(c.first_mobile()->normalized == "+34612345678");
    REQUIRE(c.first_email() != nullptr);
    CHECK(c.first_email()->normalized == "a@b.es");
    Contact empty;
    CHECK(empty.first_mobile() == nullptr);
}

TEST_CASE("suppression keys: the point key, and an email's lower-case spelling when it differs") {
    CHECK(suppression_keys(PointKind::email, "Ana@Example.es", "Ana@example.es", true) ==
          std::vector<std::string>{"Ana@example.es", "ana@example.es"});
    CHECK(suppression_keys(PointKind::email, "ana@example.es", "ana@example.es", true) ==
          std::vector<std::string>{"ana@example.es"});
    CHECK(suppression_keys(PointKind::phone, "612 34 56 78", "+34612345678", true) ==
          std::vector<std::string>{"+34612345678"});
    CHECK(suppression_keys(PointKind::postal, "  Calle Mayor 12 ", "", false) == std::vector<std::string>{"Calle Mayor 12"});
    CHECK(suppression_keys(PointKind::email, "ana@", "", false).empty());
}
