#include "app/consent_desk.hpp"
#include "app/erasure.hpp"
#include "app/new_customer.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

WordingScope scope_of(std::vector<Channel> channels) {
    WordingScope s;
    s.channels = std::move(channels);
    s.purposes = {Purpose::marketing};
    return s;
}

struct Shop {
    explicit Shop(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        email_wording = app::add_wording(s, "Acepto recibir ofertas de Mercería La Aguja por email.", "es", "ofertas-email",
                                         Channel::email, scope_of({Channel::email}))
                            .wording.id;
        wa_wording = app::add_wording(s, "Acepto recibir ofertas de Mercería La Aguja por WhatsApp.", "es",
                                      "ofertas-whatsapp", Channel::whatsapp_business,
                                      scope_of({Channel::whatsapp_business}))
                         .wording.id;
    }
    app::NewCustomerRequest request(const std::string& name) {
        app::NewCustomerRequest r;
        r.contact.name = name;
        r.contact.phones = {"612345678"};
        r.contact.emails = {"lucia@example.es"};
        r.contact.note = "Talla M";
        r.contact.tags = {"vip"};
        r.grants = {{Channel::email, Purpose::marketing, LegalBasis::consent, email_wording},
                    {Channel::whatsapp_business, Purpose::marketing, LegalBasis::consent, wa_wording}};
        r.method = ConsentMethod::in_store_form;
        r.evidence = "hoja firmada 12";
        r.recorded_by = "Rocío";
        return r;
    }
    std::int64_t events() { return s.stats().consent_events; }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
};

}  // namespace

TEST_CASE("a new customer and their consent are stored together") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto r = app::create_customer(shop.s, shop.request("Lucía Pérez"));
    REQUIRE(r.events.size() == 2);
    CHECK(r.contact.tags == std::vector<std::string>{"vip"});
    CHECK(r.contact.notes == "Talla M");
    CHECK(shop.s.count_contacts("lucia") == 1);
    const auto o = app::consent_overview(shop.s, r.contact.uuid, now_utc());
    REQUIRE(o.events.size() == 2);
    CHECK(o.events[0].event.channel == Channel::email);
    CHECK(o.events[0].event.wording_id == shop.email_wording);
    CHECK(o.events[0].event.evidence == "hoja firmada 12");
    CHECK(o.events[0].event.recorded_by == "Rocío");
    CHECK(o.events[1].event.channel == Channel::whatsapp_business);
    for (const auto& ch : o.channels) CHECK(ch.decision.allowed);
    CHECK(shop.s.ledger().verify().ok());
}

TEST_CASE("a refused grant stores neither the customer nor any event") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto req = shop.request("Lucía Pérez");
    // The first grant is fine and recorded inside the transaction; the second names the
    // email wording for WhatsApp: refused, and everything before it is rolled back.
    req.grants[1].wording_id = shop.email_wording;
    CHECK_THROWS_AS(app::create_customer(shop.s, req), WordingScopeError);
    CHECK(shop.s.count_contacts("") == 0);
    CHECK(shop.events() == 0);
    CHECK(shop.s.ledger().verify().ok());

    // A grant for a channel the customer has no address for: the same.
    auto no_phone = shop.request("Ana Ruiz");
    no_phone.contact.phones.clear();
    CHECK_THROWS_AS(app::create_customer(shop.s, no_phone), ValidationError);
    CHECK(shop.s.count_contacts("") == 0);
    CHECK(shop.events() == 0);
}

TEST_CASE("a mobile or email held by another customer stores nothing") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    app::NewContact other;
    other.name = "Marta Gil";
    other.phones = {"+34 612 345 678"};
    shop.s.add_contact(other);
    CHECK_THROWS_AS(app::create_customer(shop.s, shop.request("Lucía Pérez")), IdentityTakenError);
    CHECK(shop.s.count_contacts("") == 1);
    CHECK(shop.events() == 0);

    auto same_email = shop.request("Lucía Pérez");
    same_email.contact.phones = {"699000111"};
    other.name = "Eva Sanz";
    other.phones.clear();
    other.emails = {"LUCIA@example.es"};
    shop.s.add_contact(other);
    try {
        app::create_customer(shop.s, same_email);
        FAIL("a taken email was accepted");
    } catch (const IdentityTakenError& e) {
        CHECK(e.is_email());
        CHECK(e.owner_name() == "Eva Sanz");
    }
    CHECK(shop.s.count_contacts("") == 2);
    CHECK(shop.events() == 0);
}

TEST_CASE("a signed grant for a suppressed number is a readmit, recorded in the same transaction") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    app::NewContact before;
    before.name = "Lucía Pérez";
    before.phones = {"612345678"};
    const auto old_uuid = shop.s.add_contact(before).contact.uuid;
    app::erase_contact(shop.s, old_uuid);

    const auto notice = app::suppression_of(shop.s, {"612 34 56 78"}, {});
    REQUIRE(notice);
    CHECK(notice->kind == PointKind::phone);
    CHECK(notice->day.size() == 10);
    CHECK_FALSE(app::suppression_of(shop.s, {"699000111"}, {"otra@example.es"}));

    auto req = shop.request("Lucía Pérez");
    CHECK_THROWS_AS(app::create_customer(shop.s, req), app::ReadmitNeededError);
    CHECK(shop.s.count_contacts("") == 0);
    CHECK(shop.events() == 0);
    CHECK(app::suppression_of(shop.s, {"612345678"}, {}));

    // A refused grant in a readmit lifts nothing either.
    auto bad = req;
    bad.readmit = true;
    bad.grants[1].wording_id = shop.email_wording;
    CHECK_THROWS_AS(app::create_customer(shop.s, bad), WordingScopeError);
    CHECK(app::suppression_of(shop.s, {"612345678"}, {}));

    req.readmit = true;
    const auto r = app::create_customer(shop.s, req);
    CHECK(r.events.size() == 2);
    CHECK(r.suppressions_lifted >= 1);
    CHECK_FALSE(app::suppression_of(shop.s, {"612345678"}, {}));
    const auto facts = app::contact_facts(shop.s, r.contact);
    CHECK_FALSE(facts.suppressed);
}

TEST_CASE("a new customer without grants is added like add_contact") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto req = shop.request("Lucía Pérez");
    req.grants.clear();
    const auto r = app::create_customer(shop.s, req);
    CHECK(r.events.empty());
    CHECK(shop.s.count_contacts("") == 1);
}

TEST_CASE("a grant names its wording by name or id") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    CHECK(app::wording_for_grant(shop.s, "ofertas-email", Channel::email, Purpose::marketing, LegalBasis::consent) ==
          shop.email_wording);
    CHECK(app::wording_for_grant(shop.s, std::to_string(shop.wa_wording), Channel::whatsapp_business,
                                 Purpose::marketing, LegalBasis::consent) == shop.wa_wording);
    CHECK_THROWS_AS(app::wording_for_grant(shop.s, "ofertas-email", Channel::whatsapp_business, Purpose::marketing,
                                           LegalBasis::consent),
                    WordingScopeError);
    CHECK_THROWS_AS(app::wording_for_grant(shop.s, "nada", Channel::email, Purpose::marketing, LegalBasis::consent),
                    NotFoundError);
}
