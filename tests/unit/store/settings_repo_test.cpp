// The shop's settings on both stores (tests/support/pg_server.hpp starts the PostgreSQL server).
#include "core/errors.hpp"
#include "store/settings_repo.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("settings are saved, read back and validated on both stores") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::SettingsRepo repo(db);
    ShopSettings s = repo.load();
    CHECK(s.default_region == "ES");
    s.shop_name = "Mercería Núñez";
    s.shop_address = "Calle Mayor 1\nMadrid";
    s.time_zone = "Atlantic/Canary";
    s.privacy_url = "https://example.es/privacidad";
    s.double_opt_in_required = true;
    s.expiry_months = 36;
    s.staff = {"Ana", "Luis"};
    repo.save(s);
    const ShopSettings back = repo.load();
    CHECK(back.shop_name == "Mercería Núñez");
    CHECK(back.shop_address == "Calle Mayor 1\nMadrid");
    CHECK(back.time_zone == "Atlantic/Canary");
    CHECK(back.privacy_url == "https://example.es/privacidad");
    CHECK(back.double_opt_in_required);
    CHECK(back.expiry_months == 36);
    CHECK(back.staff == std::vector<std::string>{"Ana", "Luis"});

    s.expiry_months = 500;
    CHECK_THROWS_AS(repo.save(s), ValidationError);
    CHECK(repo.load().expiry_months == 36);  // nothing written

    store::save_settings_with_prefix(db, "mail.", {{"host", "imap.example.es"}, {"port", "993"}});
    store::save_settings_with_prefix(db, "mail.", {{"port", "143"}});
    store::save_settings_with_prefix(db, "mailx", {{"other", "1"}});
    CHECK(store::settings_with_prefix(db, "mail.") ==
          std::map<std::string, std::string>{{"host", "imap.example.es"}, {"port", "143"}});
}
