// What an audience export reads per contact, on SQLite and PostgreSQL: names, valid phones
// and emails in the contact's order, and the point a consent was given for.
#include "store/audience_export_query.hpp"

#include "pg_server.hpp"
#include "raw_rows.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("the export query reads a contact's valid phones and emails and the consent's point") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    const auto ana = test::raw_contact(db, "c-ana", "Ana");
    test::raw_point(db, ana, "email", "Ana@Example.es", "ana@example.es", false, 0);
    test::raw_point(db, ana, "phone", "12", "", false, 1);  // invalid: left out
    test::raw_point(db, ana, "postal", "Calle Mayor 1", "", false, 2);  // not a phone or email
    test::raw_point(db, ana, "phone", "612 345 678", "+34612345678", true, 3);
    test::raw_grant_state(db, "c-ana", Channel::email, Purpose::marketing, 1, 100);

    store::AudienceExportQuery q(db);
    for (int round = 0; round < 2; ++round) {  // statements prepared once, used again
        const auto c = q.contact(ana);
        REQUIRE(c);
        CHECK(c->uuid == "c-ana");
        CHECK(c->display_name == "Ana");
        REQUIRE(c->points.size() == 2);
        CHECK(c->points[0].kind == PointKind::email);
        CHECK(c->points[0].raw == "Ana@Example.es");
        CHECK(c->points[0].normalized == "ana@example.es");
        CHECK(c->points[1].normalized == "+34612345678");
        CHECK(c->points[1].is_mobile);
        CHECK(q.consent_point_hash("c-ana", Channel::email, Purpose::marketing) == "h");
        CHECK(q.consent_point_hash("c-ana", Channel::sms, Purpose::marketing).empty());
    }
    CHECK_FALSE(q.contact(ana + 100));
}
