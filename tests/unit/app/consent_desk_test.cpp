#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/local_time.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace clientela;

namespace {

struct Shop {
    explicit Shop(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        email_wording = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por email.", "es", "email").wording.id;
        wa_wording = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por WhatsApp.", "es", "whatsapp").wording.id;
    }
    std::string add(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails) {
        app::NewContact c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        return s.add_contact(c).contact.uuid;
    }
    ConsentEvent record(const std::string& id, ConsentAction action, Channel channel, Purpose purpose = Purpose::marketing,
                        ConsentMethod method = ConsentMethod::in_store_form, Timestamp when = now_utc()) {
        app::ConsentRequest r;
        r.contact_ref = id;
        r.action = action;
        r.channel = channel;
        r.purpose = purpose;
        r.method = method;
        r.evidence = "hoja";
        r.wording_id = action == ConsentAction::grant ? (channel == Channel::whatsapp_business ? wa_wording : email_wording) : 0;
        r.occurred_at = when;
        return app::record_consent(s, r).event;
    }
    app::Audience audience(Purpose p, std::optional<Channel> ch = std::nullopt, Timestamp at = now_utc()) {
        app::AudienceRequest r;
        r.purpose = p;
        r.channel = ch;
        r.at = at;
        return app::build_audience(s, r);
    }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
};

const app::AudienceExclusion* excluded(const app::Audience& a, const std::string& name) {
    for (const auto& x : a.excluded) {
        if (x.contact.display_name == name) return &x;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("recording consent names the staff member and hashes the contact point") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto e = shop.record(ana, ConsentAction::grant, Channel::email);
    CHECK(e.seq == 1);
    CHECK(e.recorded_by == "Rocío");
    CHECK(e.contact_uuid == ana);
    CHECK(e.point_hash == point_hash("ana@example.es", shop.s.database().identifier_secret()));
    CHECK(e.point_hash.find("ana") == std::string::npos);
    CHECK(shop.s.stats().consent_events == 1);
}

TEST_CASE("a grant for a channel the customer cannot be reached on is refused") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto luis = shop.add("Luis", {"915550123"}, {});  // landline only
    CHECK_THROWS_WITH(shop.record(luis, ConsentAction::grant, Channel::email), Catch::Contains("no valid email"));
    CHECK_THROWS_WITH(shop.record(luis, ConsentAction::grant, Channel::whatsapp_business),
                      Catch::Contains("no valid mobile"));
    CHECK_NOTHROW(shop.record(luis, ConsentAction::withdraw, Channel::email));  // an objection is always recorded
    CHECK(shop.s.stats().consent_events == 1);
}

TEST_CASE("a WhatsApp wording that does not name the shop gets a warning") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto added = app::add_wording(shop.s, "Acepto recibir ofertas por WhatsApp.", "es", "wa2",
                                        Channel::whatsapp_business);
    REQUIRE_FALSE(added.warnings.empty());
    CHECK_THAT(added.warnings[0], Catch::Contains("shop"));
    CHECK(app::add_wording(shop.s, "Acepto ofertas de Mercería La Aguja por WhatsApp.", "es", "wa3",
                           Channel::whatsapp_business)
              .warnings.empty());
}

TEST_CASE("the audience includes only allowed contacts and says why the others are out") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    const auto luis = shop.add("Luis", {"915550123"}, {});
    shop.add("Nadie", {"632345678"}, {});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::withdraw, Channel::email);
    shop.record(luis, ConsentAction::withdraw, Channel::sms);

    const auto a = shop.audience(Purpose::marketing, Channel::email);
    REQUIRE(a.included.size() == 1);
    CHECK(a.included[0].contact.display_name == "Ana");
    CHECK(a.included[0].channel == Channel::email);
    CHECK(a.included[0].authorising_seq == 1);
    CHECK(a.included[0].basis == Basis::consent);
    REQUIRE(a.excluded.size() == 3);
    CHECK(excluded(a, "Bea")->tried[0].second.blocked_by(BlockReason::withdrawn));
    CHECK(excluded(a, "Luis")->tried[0].second.blocked_by(BlockReason::no_contact_point));
    CHECK(excluded(a, "Nadie")->tried[0].second.blocked_by(BlockReason::no_consent));

    // The count the status bar shows agrees with the lists, for every channel.
    for (Channel ch : all_channels()) {
        app::AudienceRequest r;
        r.purpose = Purpose::marketing;
        r.channel = ch;
        r.at = now_utc();
        const auto lists = app::build_audience(shop.s, r);
        const auto n = app::count_audience(shop.s, r);
        CHECK(n.included == static_cast<std::int64_t>(lists.included.size()));
        CHECK(n.excluded == static_cast<std::int64_t>(lists.excluded.size()));
    }
    CHECK(app::count_audience(shop.s, {Purpose::marketing, Channel::email, now_utc()}).included == 1);
}

TEST_CASE("the audience window counts the excluded by the reason that tells best why") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    shop.add("Luis", {"915550123"}, {});
    shop.add("Nadie", {"632345678"}, {});
    shop.add("Otra", {"642345678"}, {});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::withdraw, Channel::email);

    // Each customer's preferred order: Luis has no email and only a landline, the others
    // are out for want of consent or after a withdrawal.
    const auto a = shop.audience(Purpose::marketing);
    REQUIRE(a.excluded.size() == 4);
    CHECK(app::main_reason(*excluded(a, "Bea")) == BlockReason::withdrawn);
    CHECK(app::main_reason(*excluded(a, "Nadie")) == BlockReason::no_consent);
    const auto counts = app::exclusion_counts(a);
    std::size_t total = 0;
    for (const auto& [reason, n] : counts) total += n;
    CHECK(total == a.excluded.size());
    REQUIRE_FALSE(counts.empty());
    CHECK(counts.front().first == BlockReason::no_consent);  // the largest first
    CHECK(counts.front().second >= 2);
    const auto withdrawn = std::find_if(counts.begin(), counts.end(),
                                        [](const auto& c) { return c.first == BlockReason::withdrawn; });
    REQUIRE(withdrawn != counts.end());
    CHECK(withdrawn->second == 1);
}

TEST_CASE("without a channel each contact gets the first allowed channel in their preference") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    CHECK(shop.audience(Purpose::marketing).included.at(0).channel == Channel::email);  // default order
    app::set_channel_preferences(shop.s, ana, {Channel::whatsapp_business, Channel::email});
    CHECK(shop.audience(Purpose::marketing).included.at(0).channel == Channel::whatsapp_business);
    shop.record(ana, ConsentAction::withdraw, Channel::whatsapp_business);
    CHECK(shop.audience(Purpose::marketing).included.at(0).channel == Channel::email);  // fallback
    app::set_channel_preferences(shop.s, ana, {Channel::sms});
    CHECK(shop.audience(Purpose::marketing).included.empty());  // a stated preference is respected
    CHECK_THROWS_AS(app::set_channel_preferences(shop.s, ana, {Channel::sms, Channel::sms}), ValidationError);
}

TEST_CASE("service messages rely on the contract except on WhatsApp") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto email = shop.audience(Purpose::service, Channel::email);
    REQUIRE(email.included.size() == 1);
    CHECK(email.included[0].basis == Basis::contract);
    CHECK(shop.audience(Purpose::service, Channel::whatsapp_business).included.empty());
}

TEST_CASE("double opt-in and expiry follow the shop settings") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const Timestamp granted = parse_timestamp("2025-01-15T10:00:00Z");
    shop.record(ana, ConsentAction::grant, Channel::email, Purpose::marketing, ConsentMethod::web_form, granted);
    const Timestamp soon = granted + std::chrono::hours(24 * 30);
    CHECK(shop.audience(Purpose::marketing, Channel::email, soon).included.size() == 1);

    auto settings = shop.s.settings();
    settings.double_opt_in_required = true;
    shop.s.save_settings(settings);
    const auto unconfirmed = shop.audience(Purpose::marketing, Channel::email, soon);
    REQUIRE(unconfirmed.excluded.size() == 1);
    CHECK(unconfirmed.excluded[0].tried[0].second.blocked_by(BlockReason::not_confirmed));

    settings.expiry_months = 12;
    shop.s.save_settings(settings);
    const auto later = parse_timestamp("2026-02-01T10:00:00Z");
    CHECK(shop.audience(Purpose::marketing, Channel::email, later).excluded[0].tried[0].second.blocked_by(
        BlockReason::expired));
}

TEST_CASE("the consent overview shows history with wordings and decisions") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    const auto o = app::consent_overview(shop.s, ana, now_utc());
    REQUIRE(o.events.size() == 1);
    REQUIRE(o.events[0].wording);
    CHECK_THAT(o.events[0].wording->text, Catch::Contains("WhatsApp"));
    REQUIRE(o.channels.size() == 1);
    CHECK(o.channels[0].decision.allowed);
    REQUIRE(o.channels[0].expires_at);
}

TEST_CASE("times typed without an offset are read in the shop's zone") {
    const auto* madrid = date::locate_zone("Europe/Madrid");
    CHECK(format_utc(app::parse_user_time("2026-07-01 10:00", madrid)) == "2026-07-01T08:00:00Z");  // CEST
    CHECK(format_utc(app::parse_user_time("2026-12-01", madrid)) == "2026-11-30T23:00:00Z");        // CET
    CHECK(format_utc(app::parse_user_time("2026-07-01T10:00:00Z", madrid)) == "2026-07-01T10:00:00Z");
    CHECK(format_utc(app::parse_user_time("2026-07-01T10:00:00+02:00", madrid)) == "2026-07-01T08:00:00Z");
    CHECK(format_utc(app::parse_user_time("2026-03-29 02:30", madrid)) == "2026-03-29T01:00:00Z");  // DST gap
    CHECK_THROWS_AS(app::parse_user_time("ayer", madrid), ValidationError);
    CHECK(app::format_local(parse_timestamp("2026-07-01T08:00:00Z"), madrid) == "2026-07-01 10:00 CEST");
}
