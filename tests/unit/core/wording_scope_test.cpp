// The scope rule of consent wordings and the scope proposed from a wording's text.
#include "core/wording_scope.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

const std::string kShop = "Mercería La Aguja";
const std::string kWhatsApp = "Sí, quiero recibir ofertas de Mercería La Aguja por WhatsApp en el móvil que he indicado.";
const std::string kEmail = "Sí, quiero recibir por correo electrónico ofertas y novedades de Mercería La Aguja.";
const std::string kSmsCustomer =
    "Como cliente de Mercería La Aguja podrá recibir por SMS ofertas de productos similares a los que ha comprado. "
    "Puede oponerse ahora o en cualquier momento respondiendo BAJA.";

WordingScope scope(std::vector<Channel> ch, std::vector<Purpose> pu, LegalBasis b = LegalBasis::consent) {
    WordingScope s;
    s.channels = std::move(ch);
    s.purposes = std::move(pu);
    s.basis = b;
    return s;
}

std::optional<ScopeProblemCode> code(const std::string& text, const WordingScope& s, Channel c, Purpose p,
                                     LegalBasis b = LegalBasis::consent) {
    const auto problem = check_wording_for(text, s, c, p, b, kShop);
    if (!problem) return std::nullopt;
    return problem->code;
}

constexpr auto marketing = Purpose::marketing;
constexpr auto service = Purpose::service;

}  // namespace

TEST_CASE("a wording is accepted only for the channels, purpose and basis in its scope") {
    const auto email = scope({Channel::email}, {marketing});
    CHECK_FALSE(code(kEmail, email, Channel::email, marketing));
    CHECK(code(kEmail, email, Channel::sms, marketing) == ScopeProblemCode::channel_not_in_scope);
    CHECK(code(kEmail, email, Channel::whatsapp_business, marketing) == ScopeProblemCode::channel_not_in_scope);
    CHECK(code(kEmail, email, Channel::email, service) == ScopeProblemCode::purpose_not_in_scope);
    CHECK(code(kEmail, email, Channel::email, marketing, LegalBasis::existing_customer) ==
          ScopeProblemCode::basis_mismatch);

    const auto sms_customer = scope({Channel::sms}, {marketing}, LegalBasis::existing_customer);
    CHECK_FALSE(code(kSmsCustomer, sms_customer, Channel::sms, marketing, LegalBasis::existing_customer));
    const auto p = check_wording_for(kSmsCustomer, sms_customer, Channel::sms, marketing, LegalBasis::consent, kShop);
    REQUIRE(p);
    CHECK(p->code == ScopeProblemCode::basis_mismatch);
    CHECK(p->wording_basis == LegalBasis::existing_customer);
    CHECK(p->basis == LegalBasis::consent);
    CHECK(describe(*p).find("existing_customer") != std::string::npos);
}

TEST_CASE("the existing-customer basis is never valid on WhatsApp, whatever the wording's scope says") {
    // Even a (wrongly) declared scope cannot make it pass: the basis check comes first.
    const auto bad = scope({Channel::whatsapp_business}, {marketing}, LegalBasis::existing_customer);
    CHECK(code(kWhatsApp, bad, Channel::whatsapp_business, marketing, LegalBasis::existing_customer) ==
          ScopeProblemCode::basis_not_for_channel);
    CHECK_FALSE(basis_allowed(LegalBasis::existing_customer, Channel::whatsapp_business, marketing));
    CHECK_FALSE(basis_allowed(LegalBasis::existing_customer, Channel::email, service));
    CHECK(basis_allowed(LegalBasis::existing_customer, Channel::sms, marketing));
    CHECK(basis_allowed(LegalBasis::consent, Channel::whatsapp_business, service));
    // And such a scope cannot be declared.
    const auto problem = check_scope(bad);
    REQUIRE(problem);
    CHECK(problem->code == ScopeProblemCode::basis_not_for_channel);
    CHECK(problem->channel == Channel::whatsapp_business);
    CHECK(check_scope(scope({}, {marketing}))->code == ScopeProblemCode::empty_scope);
    CHECK_FALSE(check_scope(scope({Channel::email, Channel::sms}, {marketing}, LegalBasis::existing_customer)));
}

TEST_CASE("a WhatsApp wording must name WhatsApp and the shop even when its scope lists WhatsApp") {
    const auto wa = scope({Channel::whatsapp_business}, {marketing});
    CHECK_FALSE(code(kWhatsApp, wa, Channel::whatsapp_business, marketing));
    CHECK(code("Sí, quiero recibir ofertas de Mercería La Aguja.", wa, Channel::whatsapp_business, marketing) ==
          ScopeProblemCode::whatsapp_not_named);
    const auto p = check_wording_for("Sí, quiero recibir ofertas por WhatsApp.", wa, Channel::whatsapp_business,
                                     marketing, LegalBasis::consent, kShop);
    REQUIRE(p);
    CHECK(p->code == ScopeProblemCode::shop_not_named);
    CHECK(p->shop_name == kShop);
    // A combined wording covers each channel it names.
    const std::string both = "Sí, quiero recibir ofertas de Mercería La Aguja por email y por WhatsApp.";
    const auto combined = scope({Channel::email, Channel::whatsapp_business}, {marketing});
    CHECK_FALSE(code(both, combined, Channel::email, marketing));
    CHECK_FALSE(code(both, combined, Channel::whatsapp_business, marketing));
}

TEST_CASE("a scope is proposed from the wording's text") {
    SECTION("WhatsApp") {
        const auto s = propose_scope(kWhatsApp);
        CHECK(s.proposed);
        CHECK(s.channels == std::vector<Channel>{Channel::whatsapp_business});
        CHECK(s.purposes == std::vector<Purpose>{marketing});
        CHECK(s.basis == LegalBasis::consent);
    }
    SECTION("WhatsApp notices are service") {
        const auto s = propose_scope("Quiero que Mercería La Aguja me avise por WhatsApp cuando mi pedido esté listo.");
        CHECK(s.channels == std::vector<Channel>{Channel::whatsapp_business});
        CHECK(s.purposes == std::vector<Purpose>{service});
    }
    SECTION("email, written as correo electrónico or e-mail") {
        CHECK(propose_scope(kEmail).channels == std::vector<Channel>{Channel::email});
        CHECK(propose_scope("Acepto recibir ofertas por e-mail").channels == std::vector<Channel>{Channel::email});
    }
    SECTION("SMS existing customers: LSSI 21.2, marketing only") {
        const auto s = propose_scope(kSmsCustomer);
        CHECK(s.channels == std::vector<Channel>{Channel::sms});
        CHECK(s.basis == LegalBasis::existing_customer);
        CHECK(s.purposes == std::vector<Purpose>{marketing});
    }
    SECTION("several channels named") {
        const auto s = propose_scope("Acepto recibir novedades por SMS y por correo electrónico.");
        CHECK(s.channels == std::vector<Channel>{Channel::email, Channel::sms});
        CHECK(s.basis == LegalBasis::consent);
    }
    SECTION("no channel named: every channel but WhatsApp, both purposes") {
        const auto s = propose_scope("Acepto que la tienda me contacte.");
        CHECK(s.channels ==
              std::vector<Channel>{Channel::email, Channel::sms, Channel::phone_call, Channel::postal});
        CHECK(s.purposes == std::vector<Purpose>{marketing, service});
        CHECK(s.basis == LegalBasis::consent);
    }
    SECTION("a customer who asks is consent, not the existing-customer basis") {
        const auto s = propose_scope("Como cliente, acepto recibir ofertas por WhatsApp de Mercería La Aguja.");
        CHECK(s.basis == LegalBasis::consent);
        CHECK(s.channels == std::vector<Channel>{Channel::whatsapp_business});
    }
}

TEST_CASE("channel and purpose lists read and write as comma-separated names") {
    CHECK(channels_from_string("whatsapp,email") == std::vector<Channel>{Channel::whatsapp_business, Channel::email});
    CHECK(channels_to_string(normalised(scope({Channel::sms, Channel::email}, {})).channels) == "email,sms");
    CHECK(purposes_from_string("service, marketing") == std::vector<Purpose>{service, marketing});
    CHECK_THROWS_AS(channels_from_string("telegram"), ValidationError);
}
