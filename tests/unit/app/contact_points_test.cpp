#include "app/contact_points.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

std::string add(app::Session& s, const std::string& name, std::vector<std::string> phones,
                std::vector<std::string> emails = {}) {
    app::NewContact c;
    c.name = name;
    c.phones = std::move(phones);
    c.emails = std::move(emails);
    return s.add_contact(c).contact.uuid;
}

const ContactPoint* point(const Contact& c, PointKind kind) {
    for (const auto& p : c.points) {
        if (p.kind == kind) return &p;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("a contact point is added, changed and removed with the rules of a new contact") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto ana = add(s, "Ana Núñez", {"612 34 56 78"});

    Contact c = app::add_contact_point(s, ana, PointKind::email, "  Ana@Example.ES ", "trabajo");
    const ContactPoint* email = point(c, PointKind::email);
    REQUIRE(email != nullptr);
    CHECK(email->normalized == "Ana@example.es");
    CHECK(email->label == "trabajo");
    CHECK(s.count_contacts("ana@example") == 1);  // the search index follows

    c = app::add_contact_point(s, ana, PointKind::phone, "91 555 01 23");
    REQUIRE(c.points.size() == 3);
    CHECK(c.points[2].normalized == "+34915550123");
    CHECK_FALSE(c.points[2].is_mobile);

    // An invalid phone is kept as typed and flagged, like on a new contact.
    c = app::add_contact_point(s, ana, PointKind::phone, "12345");
    CHECK_FALSE(c.points.back().is_valid);
    CHECK(c.points.back().raw == "12345");

    const std::int64_t mobile_id = c.points[0].id;
    c = app::change_contact_point(s, ana, mobile_id, "+34 699 00 11 22", "móvil nuevo");
    CHECK(c.points[0].normalized == "+34699001122");
    CHECK(c.points[0].label == "móvil nuevo");
    CHECK(s.count_contacts("699 00") == 1);
    CHECK(s.count_contacts("612 34") == 0);

    c = app::remove_contact_point(s, ana, c.points.back().id);
    CHECK(c.points.size() == 3);
    c = app::add_contact_point(s, ana, PointKind::postal, "Calle Mayor 12, Madrid");
    CHECK(point(c, PointKind::postal)->raw == "Calle Mayor 12, Madrid");
}

TEST_CASE("bad contact points are refused and nothing changes") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto ana = add(s, "Ana", {"612345678"}, {"ana@example.es"});
    const auto luis = add(s, "Luis", {"622345678"});
    const Contact before = s.contact(ana);

    CHECK_THROWS_AS(app::add_contact_point(s, ana, PointKind::email, "ana@@example"), ValidationError);
    CHECK_THROWS_AS(app::add_contact_point(s, ana, PointKind::email, "   "), ValidationError);
    CHECK_THROWS_AS(app::add_contact_point(s, ana, PointKind::phone, "612 34 56 78"), ValidationError);  // already hers
    CHECK_THROWS_AS(app::add_contact_point(s, luis, PointKind::phone, "612 34 56 78"), ConflictError);  // Ana's mobile
    CHECK_THROWS_AS(app::change_contact_point(s, luis, s.contact(luis).points[0].id, "+34612345678", ""),
                    ConflictError);  // changing Luis's mobile into Ana's
    CHECK_THROWS_AS(app::remove_contact_point(s, ana, 99999), ValidationError);
    CHECK_THROWS_AS(app::add_contact_point(s, "no-such-contact", PointKind::email, "x@example.es"), Error);

    const Contact after = s.contact(ana);
    REQUIRE(after.points.size() == before.points.size());
    for (std::size_t i = 0; i < after.points.size(); ++i) CHECK(after.points[i].raw == before.points[i].raw);
    CHECK(s.contact(luis).points.size() == 1);
}
