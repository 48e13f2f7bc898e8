#include "app/contact_browser.hpp"
#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/local_time.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

struct Counter {
    explicit Counter(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        s.save_settings(settings);
        email_wording = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por email.", "es", "email").wording.id;
        wa_wording =
            app::add_wording(s, "Acepto ofertas de Mercería La Aguja por WhatsApp.", "es", "whatsapp").wording.id;
    }
    std::string add(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails) {
        app::NewContact c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        return s.add_contact(c).contact.uuid;
    }
    void record(const std::string& id, ConsentAction action, Channel channel) {
        app::ConsentRequest r;
        r.contact_ref = id;
        r.action = action;
        r.channel = channel;
        r.evidence = "hoja";
        r.recorded_by = "Rocío";
        r.wording_id =
            action == ConsentAction::grant ? (channel == Channel::whatsapp_business ? wa_wording : email_wording) : 0;
        app::record_consent(s, r);
    }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
};

const app::ChannelVerdict& verdict(const app::BrowsedContact& b, Channel ch) {
    for (const auto& v : b.marketing) {
        if (v.channel == ch) return v;
    }
    FAIL("no verdict for the channel");
    throw;
}

}  // namespace

TEST_CASE("a browsed page says per row who may receive marketing on email, WhatsApp and SMS") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    shop.add("Luis", {"915550123"}, {});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::withdraw, Channel::email);
    app::set_channel_preferences(shop.s, ana, {Channel::whatsapp_business, Channel::email});

    const auto page = app::browse_contacts(shop.s, "", 0, 10, now_utc());
    REQUIRE(page.size() == 3);
    REQUIRE(page[0].row.display_name == "Ana");
    REQUIRE(page[0].marketing.size() == app::summary_channels().size());
    CHECK(verdict(page[0], Channel::email).allowed);
    CHECK(verdict(page[0], Channel::whatsapp_business).allowed);
    CHECK(verdict(page[0], Channel::sms).reasons == std::vector<BlockReason>{BlockReason::no_consent});
    CHECK(page[0].preferences == std::vector<Channel>{Channel::whatsapp_business, Channel::email});

    CHECK(verdict(page[1], Channel::email).reasons == std::vector<BlockReason>{BlockReason::withdrawn});
    CHECK(page[1].preferences.empty());

    const auto& luis = page[2];
    CHECK(luis.row.display_name == "Luis");
    CHECK(verdict(luis, Channel::email).reasons ==
          std::vector<BlockReason>{BlockReason::no_consent, BlockReason::no_contact_point});
    CHECK_FALSE(verdict(luis, Channel::sms).allowed);
}

TEST_CASE("a browsed page follows the search, offset and limit of the plain list") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    for (int i = 0; i < 5; ++i) shop.add("Cliente " + std::to_string(i), {}, {});
    shop.add("Núñez", {}, {});
    CHECK(app::browse_contacts(shop.s, "", 2, 2, now_utc()).size() == 2);
    CHECK(app::browse_contacts(shop.s, "", 0, 100, now_utc()).size() == 6);
    const auto found = app::browse_contacts(shop.s, "nunez", 0, 10, now_utc());
    REQUIRE(found.size() == 1);
    CHECK(found[0].row.display_name == "Núñez");
    CHECK(app::browse_contacts(shop.s, "nadie-se-llama-asi", 0, 10, now_utc()).empty());
}

TEST_CASE("a suppressed identifier blocks the row's summary") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.s.ledger().suppress(point_hash("ana@example.es", shop.s.database().identifier_secret()), "objected",
                             now_utc());
    const auto page = app::browse_contacts(shop.s, "", 0, 10, now_utc());
    REQUIRE(page.size() == 1);
    CHECK_FALSE(verdict(page[0], Channel::email).allowed);
    CHECK(verdict(page[0], Channel::email).reasons.back() == BlockReason::suppressed);
}

TEST_CASE("wordings are listed with the name they were added under, oldest first") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    app::add_wording(shop.s, "Acepto ofertas de Mercería La Aguja por email, versión 2.", "es", "email");
    const auto all = app::list_wordings(shop.s);
    REQUIRE(all.size() == 3);
    CHECK(all[0].name == "email");
    CHECK(all[0].wording.version == 1);
    CHECK(all[1].name == "whatsapp");
    CHECK(all[2].name == "email");
    CHECK(all[2].wording.version == 2);
    CHECK(all[2].wording.text == "Acepto ofertas de Mercería La Aguja por email, versión 2.");
}

TEST_CASE("Spanish numbers are shown grouped, others stay in E.164") {
    CHECK(app::display_phone("+34612345678", "ES") == "612 34 56 78");
    CHECK(app::display_phone("+34915550123", "es") == "915 55 01 23");
    CHECK(app::display_phone("+34612345678", "PT") == "+34 612 34 56 78");
    CHECK(app::display_phone("+351912345678", "ES") == "+351912345678");
    CHECK(app::display_phone("", "ES").empty());
    CHECK(app::display_phone("612 34", "ES") == "612 34");
}

TEST_CASE("the local input format reads back to the same instant") {
    const auto* madrid = date::locate_zone("Europe/Madrid");
    const Timestamp t = parse_timestamp("2026-07-01T08:30:00Z");
    CHECK(app::format_local_input(t, madrid) == "2026-07-01 10:30:00");
    CHECK(app::parse_user_time(app::format_local_input(t, madrid), madrid) == t);
    CHECK(app::format_local_input(t, nullptr) == "2026-07-01 08:30:00");
}

TEST_CASE("the consent matrix has every channel and purpose, decided now") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(ana, ConsentAction::withdraw, Channel::sms);
    const Timestamp now = now_utc();
    const auto overview = app::consent_overview(shop.s, ana, now);
    const auto cells = app::consent_matrix(shop.s, overview, now);
    REQUIRE(cells.size() == all_channels().size() * all_purposes().size());
    CHECK(cells[0].channel == Channel::email);
    CHECK(cells[0].purpose == Purpose::marketing);
    REQUIRE(cells[0].state);
    CHECK(cells[0].state->status == ConsentState::Status::granted);
    CHECK(cells[0].decision.allowed);
    CHECK(cells[0].expires_at);  // 24 months by default
    CHECK(cells[1].purpose == Purpose::service);
    CHECK_FALSE(cells[1].state);
    CHECK(cells[1].decision.basis == Basis::contract);  // service email relies on the contract
    const auto& sms = cells[2];
    CHECK(sms.channel == Channel::sms);
    CHECK(sms.decision.blocked_by(BlockReason::withdrawn));
    const auto& post = cells.back();
    CHECK(post.channel == Channel::postal);
    CHECK(post.decision.blocked_by(BlockReason::no_contact_point));
}

TEST_CASE("a worker session reads the same database, an in-memory one cannot be shared") {
    Counter memory(":memory:");  // SQLite only: a private in-memory database has no second connection
    CHECK_THROWS_AS(app::open_worker_session(memory.s), ValidationError);

    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact c;
    c.name = "Ana";
    s.add_contact(c);
    auto worker = app::open_worker_session(s);
    CHECK(worker->count_contacts("") == 1);
    c.name = "Bea";
    s.add_contact(c);
    CHECK(worker->count_contacts("") == 2);  // sees what the window's session wrote
}

TEST_CASE("an audience sorted for the screen reads alphabetically, accents ignored") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter shop(where);
    for (const char* name : {"Zoe", "Óscar", "ana", "Bea", "Pablo"}) shop.add(name, {}, {});
    app::AudienceRequest r;
    r.at = now_utc();
    auto a = app::build_audience(shop.s, r);
    app::sort_audience_by_name(a);
    REQUIRE(a.excluded.size() == 5);
    std::vector<std::string> names;
    for (const auto& x : a.excluded) names.push_back(x.contact.display_name);
    CHECK(names == std::vector<std::string>{"ana", "Bea", "Óscar", "Pablo", "Zoe"});
}
