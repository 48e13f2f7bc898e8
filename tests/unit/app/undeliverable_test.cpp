// The undeliverable mark: set on every customer using the address (any case), seen by the
// policy, cleared by an edit of the address or by consent granted or confirmed again.
#include "app/undeliverable.hpp"
#include "app/consent_desk.hpp"
#include "app/contact_points.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

std::string add(app::Session& s, const std::string& name, const std::string& email, const std::string& phone = "") {
    app::NewContact c;
    c.name = name;
    c.emails = {email};
    if (!phone.empty()) c.phones = {phone};
    return s.add_contact(c).contact.uuid;
}

const ContactPoint& email_of(const Contact& c) { return *c.first_email(); }

std::int64_t wording(app::Session& s) {
    return app::add_wording(s, "Acepto recibir ofertas de La Aguja por correo.", "es", "").wording.id;
}

void consent(app::Session& s, const std::string& who, ConsentAction action, std::int64_t wording_id,
             ConsentMethod method = ConsentMethod::in_store_form) {
    app::ConsentRequest r;
    r.contact_ref = who;
    r.action = action;
    r.channel = Channel::email;
    r.purpose = Purpose::marketing;
    r.method = method;
    r.wording_id = action == ConsentAction::grant ? wording_id : 0;
    app::record_consent(s, r);
}

}  // namespace

TEST_CASE("a permanent 5.1.x refusal is told apart from other SMTP refusals") {
    CHECK(app::is_permanent_address_refusal("550 5.1.1 <rosa@example.es>: mailbox unavailable"));
    CHECK(app::is_permanent_address_refusal("553-5.1.3 bad destination address syntax"));
    CHECK(app::is_permanent_address_refusal("550 5.1.10 Recipient address rejected: null MX"));
    CHECK_FALSE(app::is_permanent_address_refusal("552 5.2.2 mailbox full"));
    CHECK_FALSE(app::is_permanent_address_refusal("550 5.7.1 relaying denied"));
    CHECK_FALSE(app::is_permanent_address_refusal("450 4.1.1 try again later"));
    CHECK_FALSE(app::is_permanent_address_refusal("550 No such user"));
    CHECK_FALSE(app::is_permanent_address_refusal(""));
    CHECK(app::is_permanent_address_status("5.1.1"));
    CHECK(app::is_permanent_address_status("5.1.2 (bad destination system)"));
    CHECK_FALSE(app::is_permanent_address_status("5.2.2"));
    CHECK_FALSE(app::is_permanent_address_status("4.1.1"));
    CHECK_FALSE(app::is_permanent_address_status("5.1.x"));
}

TEST_CASE("marking an address undeliverable blocks email to it until it is edited") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto rosa = add(s, "Rosa Vidal", "Rosa.Vidal@example.es", "612 34 56 78");
    const auto ana = add(s, "Ana Núñez", "ana@example.es");
    CHECK(app::mark_undeliverable(s, "nadie@example.es", "550 5.1.1") == 0);
    CHECK(app::mark_undeliverable(s, "no es un correo", "550 5.1.1") == 0);
    CHECK(app::mark_undeliverable(s, "rosa.vidal@EXAMPLE.es", "RCPT: 550 5.1.1 <rosa.vidal@example.es>: no") == 1);

    Contact c = s.contact(rosa);
    CHECK(email_of(c).undeliverable());
    CHECK(email_of(c).undeliverable_evidence == "RCPT: 550 5.1.1 <rosa.vidal@example.es>: no");
    CHECK(c.first_deliverable_email() == nullptr);
    CHECK(app::contact_facts(s, c).email_undeliverable);
    CHECK_FALSE(app::contact_facts(s, s.contact(ana)).email_undeliverable);

    // Another point of the contact edited: the mark stays on the email.
    const auto phone_id = c.points[1].kind == PointKind::phone ? c.points[1].id : c.points[0].id;
    c = app::change_contact_point(s, rosa, phone_id, "699 00 01 11", "móvil");
    CHECK(email_of(c).undeliverable());
    // The address edited (corrected): the mark goes.
    c = app::change_contact_point(s, rosa, email_of(c).id, "rosa.vidal@example.com", "");
    CHECK_FALSE(email_of(c).undeliverable());
    CHECK_FALSE(app::contact_facts(s, c).email_undeliverable);
}

TEST_CASE("consent granted or confirmed again on the address clears the undeliverable mark") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto w = wording(s);
    const auto rosa = add(s, "Rosa Vidal", "rosa@example.es");
    consent(s, rosa, ConsentAction::grant, w, ConsentMethod::web_form);
    CHECK(app::mark_undeliverable(s, "rosa@example.es", "550 5.1.1") == 1);
    // A withdrawal does not clear it.
    consent(s, rosa, ConsentAction::withdraw, w);
    CHECK(email_of(s.contact(rosa)).undeliverable());
    consent(s, rosa, ConsentAction::grant, w, ConsentMethod::web_form);
    CHECK_FALSE(email_of(s.contact(rosa)).undeliverable());

    CHECK(app::mark_undeliverable(s, "rosa@example.es", "bounce: Status 5.1.1") == 1);
    consent(s, rosa, ConsentAction::confirm, w);
    CHECK_FALSE(email_of(s.contact(rosa)).undeliverable());
}

TEST_CASE("add and a contact point edit treat an email in another case as the same mailbox") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto familia = add(s, "Familia Ruiz", "Familia.Ruiz@example.com");
    CHECK_THROWS_AS(add(s, "Paco Ruiz", "familia.ruiz@example.com"), ConflictError);
    const auto lola = add(s, "Lola Sanz", "lola@example.com");
    CHECK_THROWS_AS(app::add_contact_point(s, lola, PointKind::email, "FAMILIA.RUIZ@example.com"), ConflictError);
    CHECK_THROWS_AS(app::add_contact_point(s, familia, PointKind::email, "familia.ruiz@example.com"),
                    ValidationError);
    // One new contact given the same mailbox twice keeps one point.
    app::NewContact c;
    c.name = "Carmen";
    c.emails = {"Carmen@example.com", "carmen@example.com"};
    CHECK(s.add_contact(c).contact.points.size() == 1);
    CHECK(s.stats().contacts == 3);
}
