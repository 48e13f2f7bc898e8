#include "app/demo_shop.hpp"
#include "app/paths.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace clientela;

TEST_CASE("adding a contact normalises phones and emails with the shop's region") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact c;
    c.name = "  Ana Núñez ";
    c.phones = {"612 34 56 78", "91 555 01 23"};
    c.emails = {" Ana@Example.ES "};
    const auto r = s.add_contact(c);
    CHECK(r.warnings.empty());
    CHECK(r.contact.display_name == "Ana Núñez");
    REQUIRE(r.contact.points.size() == 3);
    CHECK(r.contact.points[0].normalized == "+34612345678");
    CHECK(r.contact.points[0].label == "mobile");
    CHECK(r.contact.points[1].normalized == "+34915550123");
    CHECK_FALSE(r.contact.points[1].is_mobile);
    CHECK(r.contact.points[2].normalized == "Ana@example.es");
}

TEST_CASE("an invalid phone is kept raw and flagged with a warning") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact c;
    c.name = "Pepe";
    c.phones = {"12345"};
    const auto r = s.add_contact(c);
    REQUIRE(r.warnings.size() == 1);
    CHECK_THAT(r.warnings[0], Catch::Contains("12345") && Catch::Contains("flagged"));
    const auto back = s.contact(r.contact.uuid);
    REQUIRE(back.points.size() == 1);
    CHECK_FALSE(back.points[0].is_valid);
    CHECK(back.points[0].raw == "12345");
    CHECK(s.stats().invalid_phones == 1);
}

TEST_CASE("an invalid email or an empty name is refused and nothing is written") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact c;
    c.name = "Pepe";
    c.emails = {"pepe@gmail"};
    CHECK_THROWS_AS(s.add_contact(c), ValidationError);
    app::NewContact nameless;
    nameless.phones = {"612345678"};
    CHECK_THROWS_AS(s.add_contact(nameless), ValidationError);
    CHECK(s.stats().contacts == 0);
}

TEST_CASE("the same number typed two ways on one contact is stored once") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact c;
    c.name = "Pepe";
    c.phones = {"612345678", "+34 612 345 678"};
    CHECK(s.add_contact(c).contact.points.size() == 1);
}

TEST_CASE("a duplicate mobile typed differently is refused naming the existing contact") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact a;
    a.name = "Ana";
    a.phones = {"612345678"};
    s.add_contact(a);
    app::NewContact b;
    b.name = "Otra Ana";
    b.phones = {"0034 612 34 56 78"};
    CHECK_THROWS_AS(s.add_contact(b), ConflictError);
    CHECK_THROWS_WITH(s.add_contact(b), Catch::Contains("already belongs to Ana"));
}

TEST_CASE("settings change the default phone region") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    CHECK(s.settings().default_region == "ES");
    auto settings = s.settings();
    settings.default_region = "PT";
    s.save_settings(settings);
    app::NewContact c;
    c.name = "João";
    c.phones = {"912 345 678"};
    CHECK(s.add_contact(c).contact.points[0].normalized == "+351912345678");
    settings.default_region = "Portugal";
    CHECK_THROWS_AS(s.save_settings(settings), ValidationError);
    CHECK(s.settings().default_region == "PT");
}

TEST_CASE("the demo shop loads Spanish customers only into an empty database") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const int n = app::load_demo_shop(s);
    CHECK(n >= 30);
    CHECK(n <= 50);
    CHECK(s.stats().contacts == n);
    CHECK(s.settings().shop_name == "Mercería La Aguja");
    CHECK(s.count_contacts("nunez") == 1);
    CHECK_THROWS_AS(app::load_demo_shop(s), ValidationError);
    CHECK(s.stats().contacts == n);
}

TEST_CASE("the default database lives under XDG_DATA_HOME") {
    const char* old = std::getenv("XDG_DATA_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_DATA_HOME", "/tmp/xdg-test", 1);
    CHECK(app::default_database_path() == "/tmp/xdg-test/clientela/clientela.db");
    ::setenv("XDG_DATA_HOME", "relative/ignored", 1);
    ::setenv("HOME", "/home/tienda", 1);
    CHECK(app::default_database_path() == "/home/tienda/.local/share/clientela/clientela.db");
    if (old) {
        ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
    } else {
        ::unsetenv("XDG_DATA_HOME");
    }
}

TEST_CASE("a window reads the settings again after another till's manager changed them") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session manager(where);
    app::Session till(where);
    REQUIRE(till.settings().default_region == "ES");
    ShopSettings changed = manager.settings();
    changed.default_region = "FR";
    changed.expiry_months = 12;
    manager.save_settings(changed);
    CHECK(till.settings().default_region == "ES");  // kept in memory until asked
    till.reload_settings();
    CHECK(till.settings().default_region == "FR");
    CHECK(till.policy_settings().expiry_months == 12);
    CHECK(till.make_phone_point("06 12 34 56 78").normalized == "+33612345678");
}
