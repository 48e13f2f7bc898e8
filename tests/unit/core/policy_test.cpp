// Tests of the outreach policy: every block reason, orderings of events, legal bases,
// service versus marketing, expiry on the Madrid calendar and channel fallbacks.
#include "core/policy.hpp"
#include "core/consent.hpp"
#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <initializer_list>
#include <vector>

using namespace clientela;
using R = BlockReason;

namespace {

Timestamp utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return date::sys_days{date::year{y} / m / d} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
           std::chrono::seconds{ss};
}

const Timestamp kGrantTime = utc(2024, 1, 15, 9, 0);  // 10:00 in Madrid
const Timestamp kSoon = utc(2024, 2, 1);

struct Step {
    ConsentAction action;
    Timestamp at = kGrantTime;
    ConsentMethod method = ConsentMethod::in_store_form;
    LegalBasis basis = LegalBasis::consent;
};

// Folds the steps as events 1, 2, 3 ... of one (channel, purpose).
ConsentState state_of(Channel channel, Purpose purpose, std::initializer_list<Step> steps) {
    ConsentState s;
    std::int64_t seq = 0;
    for (const Step& step : steps) {
        ConsentEvent e;
        e.seq = ++seq;
        e.channel = channel;
        e.purpose = purpose;
        e.action = step.action;
        e.method = step.method;
        e.basis = step.basis;
        e.wording_id = step.action == ConsentAction::grant ? 7 : 0;
        e.occurred_at = step.at;
        e.recorded_at = step.at;
        apply(s, e);
    }
    return s;
}

ConsentState granted(Channel channel, Purpose purpose = Purpose::marketing,
                     ConsentMethod method = ConsentMethod::in_store_form, LegalBasis basis = LegalBasis::consent) {
    return state_of(channel, purpose, {{ConsentAction::grant, kGrantTime, method, basis}});
}

ContactFacts reachable() {
    ContactFacts f;
    f.has_email = f.has_phone = f.has_mobile = f.has_postal = true;
    return f;
}

PolicySettings settings(bool double_opt_in = false, int months = 24) {
    PolicySettings s;
    s.double_opt_in_required = double_opt_in;
    s.expiry_months = months;
    return s;
}

std::vector<R> reasons(const ConsentState* s, const ContactFacts& f, Purpose p, Channel c, Timestamp at = kSoon,
                       const PolicySettings& ps = settings()) {
    return decide(s, f, p, c, at, ps).reasons;
}

const ConsentAction grant = ConsentAction::grant;
const ConsentAction withdraw = ConsentAction::withdraw;
const ConsentAction confirm = ConsentAction::confirm;
const ConsentAction expire = ConsentAction::expire;
const Purpose marketing = Purpose::marketing;
const Purpose service = Purpose::service;

}  // namespace

TEST_CASE("block reasons and bases have stable names and a sentence each") {
    const std::vector<std::pair<R, std::string_view>> names{{R::no_consent, "no_consent"},
                                                            {R::withdrawn, "withdrawn"},
                                                            {R::not_confirmed, "not_confirmed"},
                                                            {R::expired, "expired"},
                                                            {R::no_contact_point, "no_contact_point"},
                                                            {R::not_mobile, "not_mobile"},
                                                            {R::suppressed, "suppressed"}};
    for (const auto& [reason, name] : names) {
        CHECK(to_string(reason) == name);
        CHECK(block_reason_from_string(name) == reason);
        CHECK(describe(reason).size() > 10);
        CHECK(describe(reason).back() == '.');
    }
    CHECK_THROWS_AS(block_reason_from_string("personal_chat"), ValidationError);
    CHECK(to_string(Basis::contract) == "contract");
    CHECK(to_string(Basis::existing_customer) == "existing_customer");
}

TEST_CASE("a current grant allows marketing on its own channel") {
    for (Channel c : all_channels()) {
        const auto s = granted(c);
        const Decision d = decide(&s, reachable(), marketing, c, kSoon, settings());
        CHECK(d.allowed);
        CHECK(d.reasons.empty());
        CHECK(d.authorising_seq == 1);
        CHECK(d.basis == Basis::consent);
    }
}

TEST_CASE("no events means no consent for marketing on every channel") {
    for (Channel c : all_channels()) {
        const Decision d = decide(nullptr, reachable(), marketing, c, kSoon, settings());
        CHECK_FALSE(d.allowed);
        CHECK(d.reasons == std::vector<R>{R::no_consent});
        CHECK(d.authorising_seq == 0);
        CHECK(d.basis == Basis::none);
        CHECK(d.blocked_by(R::no_consent));
        CHECK_FALSE(d.blocked_by(R::withdrawn));
    }
}

TEST_CASE("withdraw after grant blocks marketing email") {
    const auto s = state_of(Channel::email, marketing, {{grant}, {withdraw, kGrantTime + std::chrono::hours{1}}});
    CHECK(reasons(&s, reachable(), marketing, Channel::email) == std::vector<R>{R::withdrawn});
}

TEST_CASE("grant, withdraw and grant again allows marketing on the newest grant") {
    const auto s = state_of(Channel::sms, marketing, {{grant}, {withdraw}, {grant}});
    const Decision d = decide(&s, reachable(), marketing, Channel::sms, kSoon, settings());
    CHECK(d.allowed);
    CHECK(d.authorising_seq == 3);
}

TEST_CASE("withdraw before any grant does not stop a later grant") {
    const auto s = state_of(Channel::email, marketing, {{withdraw}, {grant}});
    CHECK(decide(&s, reachable(), marketing, Channel::email, kSoon, settings()).authorising_seq == 2);
}

TEST_CASE("a duplicate grant authorises with the latest grant") {
    const auto s = state_of(Channel::email, marketing, {{grant}, {grant}});
    const Decision d = decide(&s, reachable(), marketing, Channel::email, kSoon, settings());
    CHECK(d.allowed);
    CHECK(d.authorising_seq == 2);
}

TEST_CASE("an unconfirmed remote grant is blocked only when double opt-in is required") {
    const auto s = granted(Channel::email, marketing, ConsentMethod::web_form);
    CHECK(reasons(&s, reachable(), marketing, Channel::email, kSoon, settings(true)) ==
          std::vector<R>{R::not_confirmed});
    CHECK(decide(&s, reachable(), marketing, Channel::email, kSoon, settings(false)).allowed);
}

TEST_CASE("double opt-in applies to remote methods and in-person methods count as confirmed") {
    for (ConsentMethod m : all_consent_methods()) {
        const auto s = granted(Channel::email, marketing, m);
        const Decision d = decide(&s, reachable(), marketing, Channel::email, kSoon, settings(true));
        CHECK(d.allowed == !is_remote_method(m));
    }
}

TEST_CASE("a confirmation satisfies double opt-in and a new grant needs its own") {
    const ConsentMethod web = ConsentMethod::web_form;
    auto s = state_of(Channel::email, marketing, {{grant, kGrantTime, web}, {confirm}});
    const Decision d = decide(&s, reachable(), marketing, Channel::email, kSoon, settings(true));
    CHECK(d.allowed);
    CHECK(d.authorising_seq == 1);  // the grant is the consent; the confirm makes it count
    s = state_of(Channel::email, marketing, {{grant, kGrantTime, web}, {confirm}, {grant, kGrantTime, web}});
    CHECK(reasons(&s, reachable(), marketing, Channel::email, kSoon, settings(true)) ==
          std::vector<R>{R::not_confirmed});
}

TEST_CASE("a confirm before the grant does not satisfy double opt-in") {
    const auto s = state_of(Channel::email, marketing, {{confirm}, {grant, kGrantTime, ConsentMethod::email_reply}});
    CHECK(reasons(&s, reachable(), marketing, Channel::email, kSoon, settings(true)) ==
          std::vector<R>{R::not_confirmed});
}

TEST_CASE("an expire event blocks marketing with expired") {
    const auto s = state_of(Channel::email, marketing, {{grant}, {expire}});
    CHECK(reasons(&s, reachable(), marketing, Channel::email, kSoon, settings(false, 0)) == std::vector<R>{R::expired});
}

TEST_CASE("consent expires exactly N local months after the grant") {
    const auto s = granted(Channel::email);
    const Timestamp expiry = utc(2026, 1, 15, 9, 0);  // 10:00 Madrid, 24 months later
    REQUIRE(expiry_time(s, reachable(), settings()) == expiry);
    const auto at = [&](Timestamp t) { return decide(&s, reachable(), marketing, Channel::email, t, settings()); };
    CHECK(at(expiry - std::chrono::seconds{1}).allowed);
    CHECK(at(expiry).reasons == std::vector<R>{R::expired});
    CHECK(at(expiry + std::chrono::seconds{1}).reasons == std::vector<R>{R::expired});
}

TEST_CASE("expiry counts from the latest of grant, confirmation and last interaction") {
    auto facts = reachable();
    auto s = granted(Channel::email, marketing, ConsentMethod::web_form);
    facts.last_interaction = utc(2023, 1, 1);  // older than the grant: ignored
    CHECK(expiry_time(s, facts, settings()) == utc(2026, 1, 15, 9, 0));
    facts.last_interaction = utc(2025, 6, 10, 16, 0);  // 18:00 CEST
    CHECK(expiry_time(s, facts, settings()) == utc(2027, 6, 10, 16, 0));
    CHECK(decide(&s, facts, marketing, Channel::email, utc(2026, 6, 1), settings()).allowed);

    s = state_of(Channel::email, marketing,
                 {{grant, kGrantTime, ConsentMethod::web_form}, {confirm, utc(2024, 3, 1, 12, 0)}});
    CHECK(expiry_time(s, reachable(), settings(false, 1)) == utc(2024, 4, 1, 11, 0));  // 13:00 CET -> 13:00 CEST
}

TEST_CASE("expiry can be switched off and needs a current grant") {
    const auto s = granted(Channel::email);
    CHECK_FALSE(expiry_time(s, reachable(), settings(false, 0)).has_value());
    CHECK(decide(&s, reachable(), marketing, Channel::email, utc(2099, 1, 1), settings(false, 0)).allowed);
    const auto withdrawn = state_of(Channel::email, marketing, {{grant}, {withdraw}});
    CHECK_FALSE(expiry_time(withdrawn, reachable(), settings()).has_value());
    CHECK_FALSE(expiry_time(ConsentState{}, reachable(), settings()).has_value());
}

TEST_CASE("expiry keeps the Madrid wall-clock time across DST") {
    const auto zone = policy_zone(settings());
    REQUIRE(zone->name() == "Europe/Madrid");
    SECTION("winter grant, summer expiry: same local time, one hour earlier in UTC") {
        CHECK(add_local_months(kGrantTime, 6, zone) == utc(2024, 7, 15, 8, 0));
    }
    SECTION("grant at 00:30 UTC on the spring-forward day is 01:30 local") {
        CHECK(add_local_months(utc(2024, 3, 31, 0, 30), 1, zone) == utc(2024, 4, 29, 23, 30));
        CHECK(add_local_months(utc(2024, 3, 31, 1, 30), 1, zone) == utc(2024, 4, 30, 1, 30));  // 03:30 CEST
    }
    SECTION("a local time in the spring-forward gap resolves to the instant clocks jump") {
        // 02:30 CEST on 31 Mar 2023; 02:30 on 31 Mar 2024 does not exist in Madrid.
        CHECK(add_local_months(utc(2023, 3, 31, 0, 30), 12, zone) == utc(2024, 3, 31, 1, 0));
        CHECK(add_local_months(utc(2024, 1, 31, 1, 30), 2, zone) == utc(2024, 3, 31, 1, 0));
    }
    SECTION("an ambiguous autumn local time resolves to its first occurrence") {
        // 02:30 on 27 Oct 2024 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        CHECK(add_local_months(utc(2023, 10, 27, 0, 30), 12, zone) == utc(2024, 10, 27, 0, 30));
        CHECK(add_local_months(utc(2024, 9, 27, 0, 30), 1, zone) == utc(2024, 10, 27, 0, 30));
        // The second 02:30 (CET) is a grant time too; a month later is plain 02:30 CET.
        CHECK(add_local_months(utc(2024, 10, 27, 1, 30), 1, zone) == utc(2024, 11, 27, 1, 30));
    }
    SECTION("the decision around a gap-resolved expiry") {
        const auto s = state_of(Channel::email, marketing, {{grant, utc(2023, 3, 31, 0, 30)}});
        const auto ps = settings(false, 12);
        CHECK(decide(&s, reachable(), marketing, Channel::email, utc(2024, 3, 31, 0, 59, 59), ps).allowed);
        CHECK(decide(&s, reachable(), marketing, Channel::email, utc(2024, 3, 31, 1, 0), ps).blocked_by(R::expired));
    }
}

TEST_CASE("month ends are clamped to the last day of the target month") {
    const auto zone = policy_zone(settings());
    CHECK(add_local_months(utc(2024, 1, 31, 11, 0), 1, zone) == utc(2024, 2, 29, 11, 0));
    CHECK(add_local_months(utc(2023, 1, 31, 11, 0), 1, zone) == utc(2023, 2, 28, 11, 0));
    CHECK(add_local_months(utc(2024, 2, 29, 11, 0), 24, zone) == utc(2026, 2, 28, 11, 0));
    CHECK(add_local_months(utc(2024, 8, 31, 10, 0), 1, zone) == utc(2024, 9, 30, 10, 0));
    // 23:30 UTC on 29 Feb is already 1 March in Madrid: the local date is what moves.
    CHECK(add_local_months(utc(2024, 2, 29, 23, 30), 1, zone) == utc(2024, 3, 31, 22, 30));
    CHECK(add_local_months(utc(2024, 1, 15, 9, 0), -1, zone) == utc(2023, 12, 15, 9, 0));
}

TEST_CASE("expiry follows the configured zone") {
    PolicySettings ps = settings(false, 1);
    ps.zone = date::locate_zone("UTC");
    const auto s = state_of(Channel::email, marketing, {{grant, utc(2024, 3, 31, 0, 30)}});
    CHECK(expiry_time(s, reachable(), ps) == utc(2024, 4, 30, 0, 30));
    CHECK(expiry_time(s, reachable(), settings(false, 1)) == utc(2024, 4, 29, 23, 30));
}

TEST_CASE("each channel needs its own kind of contact point") {
    const std::vector<std::pair<Channel, R>> missing_all{{Channel::email, R::no_contact_point},
                                                         {Channel::sms, R::no_contact_point},
                                                         {Channel::whatsapp_business, R::no_contact_point},
                                                         {Channel::phone_call, R::no_contact_point},
                                                         {Channel::postal, R::no_contact_point}};
    for (const auto& [c, reason] : missing_all) {
        const auto s = granted(c);
        CHECK(reasons(&s, ContactFacts{}, marketing, c) == std::vector<R>{reason});
    }
    ContactFacts landline;
    landline.has_phone = true;
    for (Channel c : {Channel::sms, Channel::whatsapp_business}) {
        const auto s = granted(c);
        CHECK(reasons(&s, landline, marketing, c) == std::vector<R>{R::not_mobile});
    }
    const auto call = granted(Channel::phone_call);
    CHECK(decide(&call, landline, marketing, Channel::phone_call, kSoon, settings()).allowed);
    ContactFacts only_email;
    only_email.has_email = true;
    const auto email = granted(Channel::email);
    CHECK(decide(&email, only_email, marketing, Channel::email, kSoon, settings()).allowed);
    ContactFacts only_postal;
    only_postal.has_postal = true;
    const auto postal = granted(Channel::postal);
    CHECK(decide(&postal, only_postal, marketing, Channel::postal, kSoon, settings()).allowed);
}

TEST_CASE("a suppressed contact is blocked on every channel and purpose") {
    auto facts = reachable();
    facts.suppressed = true;
    for (Channel c : all_channels()) {
        for (Purpose p : all_purposes()) {
            const auto s = granted(c, p);
            CHECK(reasons(&s, facts, p, c) == std::vector<R>{R::suppressed});
        }
    }
}

TEST_CASE("every reason that applies is reported, in a fixed order") {
    ContactFacts facts;
    facts.suppressed = true;
    CHECK(reasons(nullptr, facts, marketing, Channel::email) ==
          std::vector<R>{R::no_consent, R::no_contact_point, R::suppressed});

    const auto unconfirmed = granted(Channel::email, marketing, ConsentMethod::import_attested);
    CHECK(reasons(&unconfirmed, reachable(), marketing, Channel::email, utc(2027, 1, 1), settings(true)) ==
          std::vector<R>{R::not_confirmed, R::expired});

    ContactFacts landline;
    landline.has_phone = true;
    landline.suppressed = true;
    const auto withdrawn = state_of(Channel::sms, marketing, {{grant}, {withdraw}});
    CHECK(reasons(&withdrawn, landline, marketing, Channel::sms) ==
          std::vector<R>{R::withdrawn, R::not_mobile, R::suppressed});

    const auto service_withdrawn = state_of(Channel::postal, service, {{withdraw}});
    CHECK(reasons(&service_withdrawn, ContactFacts{}, service, Channel::postal) ==
          std::vector<R>{R::withdrawn, R::no_contact_point});
}

TEST_CASE("the existing-customer basis allows marketing by email and SMS only") {
    const auto basis = LegalBasis::existing_customer;
    for (Channel c : {Channel::email, Channel::sms}) {
        const auto s = granted(c, marketing, ConsentMethod::in_store_form, basis);
        const Decision d = decide(&s, reachable(), marketing, c, kSoon, settings());
        CHECK(d.allowed);
        CHECK(d.basis == Basis::existing_customer);
        CHECK(d.authorising_seq == 1);
    }
    for (Channel c : {Channel::whatsapp_business, Channel::phone_call, Channel::postal}) {
        const auto s = granted(c, marketing, ConsentMethod::in_store_form, basis);
        CHECK(reasons(&s, reachable(), marketing, c) == std::vector<R>{R::no_consent});
    }
    const auto wa_service = granted(Channel::whatsapp_business, service, ConsentMethod::in_store_form, basis);
    CHECK(reasons(&wa_service, reachable(), service, Channel::whatsapp_business) == std::vector<R>{R::no_consent});

    SECTION("it has no consent to confirm, but it expires and can be withdrawn") {
        const auto remote = granted(Channel::email, marketing, ConsentMethod::import_attested, basis);
        CHECK(decide(&remote, reachable(), marketing, Channel::email, kSoon, settings(true)).allowed);
        CHECK(reasons(&remote, reachable(), marketing, Channel::email, utc(2027, 1, 1)) == std::vector<R>{R::expired});
        const auto opted_out =
            state_of(Channel::email, marketing, {{grant, kGrantTime, ConsentMethod::paper, basis}, {withdraw}});
        CHECK(reasons(&opted_out, reachable(), marketing, Channel::email) == std::vector<R>{R::withdrawn});
    }
}

TEST_CASE("service messages rely on the contract except on WhatsApp") {
    for (Channel c : all_channels()) {
        const Decision d = decide(nullptr, reachable(), service, c, kSoon, settings());
        if (c == Channel::whatsapp_business) {
            CHECK(d.reasons == std::vector<R>{R::no_consent});
        } else {
            CHECK(d.allowed);
            CHECK(d.basis == Basis::contract);
            CHECK(d.authorising_seq == 0);
        }
    }
}

TEST_CASE("marketing and service are separate grants") {
    const auto wa_marketing = granted(Channel::whatsapp_business, marketing);
    CHECK(decide(&wa_marketing, reachable(), marketing, Channel::whatsapp_business, kSoon, settings()).allowed);
    // The service decision is asked with the service state, of which there is none.
    CHECK(reasons(nullptr, reachable(), service, Channel::whatsapp_business) == std::vector<R>{R::no_consent});
    const auto wa_service = granted(Channel::whatsapp_business, service);
    const Decision d = decide(&wa_service, reachable(), service, Channel::whatsapp_business, kSoon, settings());
    CHECK(d.allowed);
    CHECK(d.basis == Basis::consent);
    CHECK_THROWS_AS(decide(&wa_service, reachable(), marketing, Channel::whatsapp_business, kSoon, settings()), Error);
    CHECK_THROWS_AS(decide(&wa_service, reachable(), service, Channel::sms, kSoon, settings()), Error);
}

TEST_CASE("a WhatsApp service grant follows the consent rules") {
    const auto web = granted(Channel::whatsapp_business, service, ConsentMethod::web_form);
    CHECK(reasons(&web, reachable(), service, Channel::whatsapp_business, kSoon, settings(true)) ==
          std::vector<R>{R::not_confirmed});
    CHECK(reasons(&web, reachable(), service, Channel::whatsapp_business, utc(2027, 1, 1)) ==
          std::vector<R>{R::expired});
    const auto withdrawn = state_of(Channel::whatsapp_business, service, {{grant}, {withdraw}});
    CHECK(reasons(&withdrawn, reachable(), service, Channel::whatsapp_business) == std::vector<R>{R::withdrawn});
}

TEST_CASE("only a withdrawal stops contract-based service messages") {
    for (Channel c : {Channel::email, Channel::sms, Channel::phone_call, Channel::postal}) {
        const auto withdrawn = state_of(c, service, {{grant}, {withdraw}});
        CHECK(reasons(&withdrawn, reachable(), service, c) == std::vector<R>{R::withdrawn});
        const auto expired = state_of(c, service, {{grant}, {expire}});
        CHECK(decide(&expired, reachable(), service, c, kSoon, settings()).allowed);
        const auto unconfirmed = granted(c, service, ConsentMethod::web_form);
        CHECK(decide(&unconfirmed, reachable(), service, c, utc(2030, 1, 1), settings(true)).allowed);
        const auto again = state_of(c, service, {{withdraw}, {grant}});
        CHECK(decide(&again, reachable(), service, c, kSoon, settings()).basis == Basis::contract);
    }
    ContactFacts landline;
    landline.has_phone = true;
    CHECK(reasons(nullptr, landline, service, Channel::sms) == std::vector<R>{R::not_mobile});
}

TEST_CASE("choose_channel takes the first allowed channel in the contact's order") {
    const std::vector<ConsentState> states{granted(Channel::sms), granted(Channel::postal),
                                           granted(Channel::whatsapp_business, service)};
    const std::vector<Channel> order{Channel::whatsapp_business, Channel::email, Channel::sms, Channel::postal};
    const ChannelChoice c = choose_channel(order, states, reachable(), marketing, kSoon, settings());
    REQUIRE(c.channel == Channel::sms);
    CHECK(c.decision.allowed);
    REQUIRE(c.tried.size() == 3);
    CHECK(c.tried[0].first == Channel::whatsapp_business);
    CHECK(c.tried[0].second.reasons == std::vector<R>{R::no_consent});
    CHECK(c.tried[1].first == Channel::email);
    CHECK(c.tried[2].second.allowed);

    SECTION("the preferred channel wins when it is allowed") {
        const auto first =
            choose_channel({Channel::postal, Channel::sms}, states, reachable(), marketing, kSoon, settings());
        CHECK(first.channel == Channel::postal);
        CHECK(first.tried.size() == 1);
    }
    SECTION("with nothing allowed the preferred channel's decision explains why") {
        ContactFacts no_mobile = reachable();
        no_mobile.has_mobile = false;
        const auto none =
            choose_channel({Channel::sms, Channel::email}, states, no_mobile, marketing, kSoon, settings());
        CHECK_FALSE(none.channel.has_value());
        CHECK(none.decision.reasons == std::vector<R>{R::not_mobile});
        CHECK(none.tried.size() == 2);
    }
    SECTION("repeated channels are tried once and unlisted channels not at all") {
        const auto once =
            choose_channel({Channel::email, Channel::email}, states, reachable(), marketing, kSoon, settings());
        CHECK_FALSE(once.channel.has_value());
        CHECK(once.tried.size() == 1);
    }
    SECTION("service on the contract picks the first reachable channel") {
        const auto s = choose_channel(order, states, reachable(), service, kSoon, settings());
        CHECK(s.channel == Channel::whatsapp_business);
        CHECK(s.decision.basis == Basis::consent);
    }
}

TEST_CASE("choose_channel uses the default order when the contact has none") {
    CHECK(default_channel_order() == std::vector<Channel>{Channel::email, Channel::sms, Channel::whatsapp_business,
                                                          Channel::postal, Channel::phone_call});
    const auto call = granted(Channel::phone_call);
    const ConsentLookup lookup = [&](Channel c, Purpose p) -> const ConsentState* {
        return c == Channel::phone_call && p == marketing ? &call : nullptr;
    };
    const ChannelChoice c = choose_channel({}, lookup, reachable(), marketing, kSoon, settings());
    CHECK(c.channel == Channel::phone_call);
    CHECK(c.tried.size() == 5);
    const ChannelChoice service_choice = choose_channel({}, ConsentLookup{}, reachable(), service, kSoon, settings());
    CHECK(service_choice.channel == Channel::email);
    CHECK(service_choice.decision.basis == Basis::contract);
}

TEST_CASE("an email address marked undeliverable blocks email with its own reason, not other channels") {
    ContactFacts f = reachable();
    f.email_undeliverable = true;
    const auto email = granted(Channel::email);
    const Decision d = decide(&email, f, Purpose::marketing, Channel::email, kSoon, {});
    CHECK_FALSE(d.allowed);
    CHECK(d.reasons == std::vector<BlockReason>{R::undeliverable});
    CHECK(to_string(R::undeliverable) == "undeliverable");
    CHECK(block_reason_from_string("undeliverable") == R::undeliverable);
    CHECK(describe(R::undeliverable).find("undeliverable") != std::string::npos);
    // Service email too: the address does not exist.
    CHECK(decide(nullptr, f, Purpose::service, Channel::email, kSoon, {}).blocked_by(R::undeliverable));
    // Without any email it is no_contact_point, as before.
    f.has_email = false;
    CHECK(decide(&email, f, Purpose::marketing, Channel::email, kSoon, {}).reasons ==
          std::vector<BlockReason>{R::no_contact_point});
    // WhatsApp is another channel.
    f.has_email = true;
    const auto wa = granted(Channel::whatsapp_business);
    CHECK(decide(&wa, f, Purpose::marketing, Channel::whatsapp_business, kSoon, {}).allowed);
}
