#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/contact_points.hpp"
#include "app/erasure.hpp"
#include "app/importer.hpp"
#include "app/mail_intake.hpp"
#include "app/one_click.hpp"
#include "app/shop_summary.hpp"
#include "app/undeliverable.hpp"
#include "core/errors.hpp"
#include "store/campaigns_repo.hpp"
#include "store/database.hpp"
#include "store/messages_repo.hpp"
#include "store/sql.hpp"
#include "../store/temp_dir.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace clientela;
using namespace std::chrono_literals;

namespace {

const std::vector<Channel> kChannels{Channel::email, Channel::sms, Channel::whatsapp_business, Channel::phone_call,
                                     Channel::postal};

std::int64_t recount(app::Session& s, Channel ch, Timestamp at) {
    return app::count_audience(s, {Purpose::marketing, ch, at}).included;
}

// The kept counts against the policy applied to every customer, now and at instants when
// some consents have expired.
void check_counts(app::Session& s, Timestamp now, const std::string& step) {
    for (auto at : {now, now + date::days{200}, now + date::days{500}, now + date::days{800}}) {
        const auto kept = app::marketing_reach(s, at);
        for (Channel ch : kChannels) {
            INFO("after " << step << ", channel " << to_string(ch) << ", "
                          << (at - now).count() / 86400 << " days on");
            REQUIRE(kept.of(ch) == recount(s, ch, at));
        }
    }
}

struct Shop {
    explicit Shop(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        WordingScope scope;
        scope.channels = {Channel::email, Channel::sms, Channel::whatsapp_business};
        scope.purposes = {Purpose::marketing};
        consent = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por email, SMS y WhatsApp.", "es", "todo",
                                   std::nullopt, scope)
                      .wording.id;
        WordingScope existing;
        existing.channels = {Channel::email, Channel::sms};
        existing.purposes = {Purpose::marketing};
        existing.basis = LegalBasis::existing_customer;
        existing_customer =
            app::add_wording(s, "Como cliente, recibirá ofertas de Mercería La Aguja por email y SMS.", "es", "cliente",
                             std::nullopt, existing)
                .wording.id;
    }
    app::Session s;
    std::int64_t consent = 0;
    std::int64_t existing_customer = 0;
};

}  // namespace

TEST_CASE("the kept marketing counts equal the policy's after every kind of change") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto& s = shop.s;
    std::mt19937 rng(18);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const Timestamp now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    std::vector<std::string> uuids;
    std::vector<std::string> erased_emails;
    int serial = 0;
    auto mobile = [&] { return "6" + std::to_string(10000000 + (++serial) * 7919 % 89999999); };
    auto landline = [&] { return "91" + std::to_string(1000000 + (++serial) * 104729 % 8999999); };
    auto email = [&] { return "cliente" + std::to_string(++serial) + "@example.es"; };
    auto someone = [&]() -> std::string { return uuids.empty() ? std::string() : uuids[static_cast<std::size_t>(pick(static_cast<int>(uuids.size())))]; };
    auto any_channel = [&] { return std::vector<Channel>{Channel::email, Channel::sms, Channel::whatsapp_business}[static_cast<std::size_t>(pick(3))]; };
    auto record = [&](const std::string& who, ConsentAction action, Channel ch) {
        app::ConsentRequest r;
        r.contact_ref = who;
        r.action = action;
        r.channel = ch;
        r.purpose = Purpose::marketing;
        r.method = pick(2) == 0 ? ConsentMethod::in_store_form : ConsentMethod::web_form;
        if (action == ConsentAction::confirm) r.method = ConsentMethod::email_reply;
        if (action == ConsentAction::withdraw) r.method = ConsentMethod::in_store_form;
        r.basis = ch != Channel::whatsapp_business && pick(4) == 0 ? LegalBasis::existing_customer : LegalBasis::consent;
        if (action == ConsentAction::grant) {
            r.wording_id = r.basis == LegalBasis::existing_customer ? shop.existing_customer : shop.consent;
        } else {
            r.basis = LegalBasis::consent;
        }
        r.evidence = "hoja";
        r.occurred_at = now - date::days{pick(900)};  // some have expired, some expire soon
        app::record_consent(s, r);
    };

    std::map<std::string, int> done;
    for (int step = 0; step < 260; ++step) {
        const int op = uuids.size() < 4 ? 0 : pick(13);
        std::string name;
        try {
            switch (op) {
                case 0: {
                    name = "add customer";
                    app::NewContact c;
                    c.name = "Cliente " + std::to_string(step);
                    if (pick(3) != 0) c.phones.push_back(pick(4) == 0 ? landline() : mobile());
                    if (pick(3) != 0) c.emails.push_back(email());
                    uuids.push_back(s.add_contact(c).contact.uuid);
                    break;
                }
                case 1:
                case 2:
                    name = "grant";
                    record(someone(), ConsentAction::grant, any_channel());
                    break;
                case 3:
                    name = "confirm";
                    record(someone(), ConsentAction::confirm, any_channel());
                    break;
                case 4:
                    name = "withdraw";
                    record(someone(), ConsentAction::withdraw, any_channel());
                    break;
                case 5:
                    name = "expire";
                    record(someone(), ConsentAction::expire, any_channel());
                    break;
                case 6: {
                    name = "settings";
                    ShopSettings st = s.settings();
                    if (pick(2) == 0) {
                        st.double_opt_in_required = !st.double_opt_in_required;
                    } else {
                        st.expiry_months = std::vector<int>{0, 12, 24, 6}[static_cast<std::size_t>(pick(4))];
                    }
                    s.save_settings(st);
                    break;
                }
                case 7: {
                    name = "add point";
                    const int k = pick(3);
                    app::add_contact_point(s, someone(), k == 0 ? PointKind::email : PointKind::phone,
                                           k == 0 ? email() : (k == 1 ? mobile() : landline()));
                    break;
                }
                case 8: {
                    name = "remove point";
                    const Contact c = s.contact(someone());
                    if (c.points.empty()) break;
                    app::remove_contact_point(s, c.uuid, c.points[static_cast<std::size_t>(pick(static_cast<int>(c.points.size())))].id);
                    break;
                }
                case 9: {
                    name = "undeliverable";
                    const Contact c = s.contact(someone());
                    for (const auto& p : c.points) {
                        if (p.kind == PointKind::email && p.is_valid) {
                            app::mark_undeliverable(s, p.normalized, "550 5.1.1 user unknown");
                            break;
                        }
                    }
                    break;
                }
                case 10: {
                    name = "erase";
                    const std::string who = someone();
                    for (const auto& p : s.contact(who).points) {
                        if (p.kind == PointKind::email && p.is_valid) erased_emails.push_back(p.normalized);
                    }
                    app::erase_contact(s, who);
                    uuids.erase(std::find(uuids.begin(), uuids.end(), who));
                    break;
                }
                case 11: {
                    name = "readmit";
                    if (erased_emails.empty()) break;
                    app::NewContact c;
                    c.name = "Vuelve " + std::to_string(step);
                    c.emails.push_back(erased_emails.back());
                    erased_emails.pop_back();
                    const std::string who = s.add_contact(c).contact.uuid;
                    uuids.push_back(who);
                    app::ConsentRequest r;
                    r.contact_ref = who;
                    r.channel = Channel::email;
                    r.wording_id = shop.consent;
                    r.evidence = "hoja firmada";
                    app::readmit(s, r);
                    break;
                }
                case 12: {
                    name = "import";
                    // A known customer's mobile with a new email (merged into them) and a new card.
                    std::string known_mobile;
                    for (const auto& p : s.contact(someone()).points) {
                        if (p.kind == PointKind::phone && p.is_mobile) known_mobile = p.normalized;
                    }
                    std::ostringstream cards;
                    if (!known_mobile.empty()) {
                        cards << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " << step << "\r\nTEL;TYPE=CELL:" << known_mobile
                              << "\r\nEMAIL:" << email() << "\r\nEND:VCARD\r\n";
                    }
                    cards << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Nueva " << step << "\r\nTEL;TYPE=CELL:" << mobile()
                          << "\r\nEND:VCARD\r\n";
                    const std::string path = dir.file("import" + std::to_string(step) + ".vcf");
                    std::ofstream(path, std::ios::binary) << cards.str();
                    app::ImportOptions options;
                    options.merge_conflicts = true;
                    app::import_files(s, {path}, options);
                    uuids.clear();
                    for (const auto& row : s.list_contacts("", 0, 1000)) uuids.push_back(row.uuid);
                    break;
                }
            }
        } catch (const Error&) {
            name += " (refused)";  // a grant with no address for it, a confirm with nothing to confirm ...
        }
        ++done[name];
        check_counts(s, now, name + " at step " + std::to_string(step));
    }
    // Every kind of change happened and was accepted at least once.
    for (const char* kind : {"add customer", "grant", "confirm", "withdraw", "expire", "settings", "add point",
                             "remove point", "undeliverable", "erase", "readmit", "import"}) {
        INFO(kind);
        CHECK(done[kind] > 0);
    }
    CHECK(app::marketing_reach(s, now).email > 0);
}

TEST_CASE("a consent stops counting the second its expiry passes, with no sweep") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto& s = shop.s;
    ShopSettings st = s.settings();
    st.expiry_months = 24;
    s.save_settings(st);
    app::NewContact c;
    c.name = "Ana";
    c.emails = {"ana@example.es"};
    const std::string ana = s.add_contact(c).contact.uuid;
    // Granted on 10 March 2025 at 10:00 in Madrid (09:00 UTC): valid strictly before 10 March 2027, 10:00 Madrid.
    const Timestamp granted = date::sys_days{date::year{2025} / 3 / 10} + 9h;
    app::ConsentRequest r;
    r.contact_ref = ana;
    r.channel = Channel::email;
    r.wording_id = shop.consent;
    r.evidence = "hoja";
    r.occurred_at = granted;
    app::record_consent(s, r);
    const Timestamp expiry = date::sys_days{date::year{2027} / 3 / 10} + 9h;
    for (auto at : {granted, expiry - 1s, expiry, expiry + 1s}) {
        INFO((at - granted).count());
        const auto kept = app::marketing_reach(s, at);
        CHECK(kept.email == recount(s, Channel::email, at));
        CHECK(kept.email == (at < expiry ? 1 : 0));
    }
    // The list of consents to renew: the next 30 days before the expiry.
    const auto soon = store::reach_expiring(s.database(), expiry - date::days{30}, expiry + 1s, 10);
    REQUIRE(soon.size() == 1);
    CHECK(soon[0].display_name == "Ana");
    CHECK(soon[0].until == expiry);
    CHECK(store::reach_expiring(s.database(), expiry - date::days{60}, expiry - date::days{30}, 10).empty());
}

TEST_CASE("a database from before the kept counts gets them the first time they are asked for") {
    const std::string path = GENERATE(from_range(test::shop_locations()));
    {
        Shop shop(path);
        app::NewContact c;
        c.name = "Ana";
        c.emails = {"ana@example.es"};
        c.phones = {"612345678"};
        const std::string ana = shop.s.add_contact(c).contact.uuid;
        app::ConsentRequest r;
        r.contact_ref = ana;
        r.channel = Channel::whatsapp_business;
        r.wording_id = shop.consent;
        r.evidence = "hoja";
        app::record_consent(shop.s, r);
        // As a database of the previous version would be: no rows, everything due.
        shop.s.database().conn().exec("DELETE FROM audience_reach; DELETE FROM audience_reach_pending; "
                                     "UPDATE audience_reach_state SET value = 1");
    }
    app::Session s(path);
    const Timestamp now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    CHECK(store::reach_backlog(s.database()).rebuild);
    const auto kept = app::marketing_reach(s, now);
    CHECK(kept.whatsapp_business == 1);
    CHECK(kept.email == 0);
    CHECK_FALSE(store::reach_backlog(s.database()).rebuild);
}

TEST_CASE("ledger verify --full finds kept counts that disagree with a recount") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto& s = shop.s;
    app::NewContact c;
    c.name = "Ana";
    c.emails = {"ana@example.es"};
    const std::string ana = s.add_contact(c).contact.uuid;
    app::ConsentRequest r;
    r.contact_ref = ana;
    r.channel = Channel::email;
    r.wording_id = shop.consent;
    r.evidence = "hoja";
    app::record_consent(s, r);
    const Timestamp now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    app::marketing_reach(s, now);
    CHECK(store::check_reach(s.database(), s.database().identifier_secret(), s.policy_settings()).empty());
    s.database().conn().exec("DELETE FROM audience_reach");  // a row lost behind the program's back
    const auto problems = store::check_reach(s.database(), s.database().identifier_secret(), s.policy_settings());
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Contains("email"));
}

TEST_CASE("the Resumen's months are the shop's: an event counts in the local month it happened") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto& s = shop.s;
    const auto madrid = date::locate_zone("Europe/Madrid");
    const Timestamp now = date::sys_days{date::year{2026} / 12 / 4} + 12h;  // a fixed clock
    const auto starts = app::month_starts(now, madrid);
    REQUIRE(starts.size() == 13);
    CHECK(starts.front() == date::sys_days{date::year{2025} / 12 / 31} + 23h);  // 1 Jan 2026 00:00 CET
    CHECK(starts[11] == date::sys_days{date::year{2026} / 11 / 30} + 23h);  // 1 Dec 2026 00:00 CET
    CHECK(starts.back() == date::sys_days{date::year{2026} / 12 / 31} + 23h);  // 1 Jan 2027: the end of the last
    CHECK(starts[3] == date::sys_days{date::year{2026} / 3 / 31} + 22h);  // 1 April 00:00 CEST

    app::NewContact c;
    c.name = "Ana";
    c.emails = {"ana@example.es"};
    c.phones = {"612345678"};
    const std::string ana = s.add_contact(c).contact.uuid;
    auto record = [&](ConsentAction action, Channel ch, Timestamp when, LegalBasis basis = LegalBasis::consent) {
        app::ConsentRequest r;
        r.contact_ref = ana;
        r.action = action;
        r.channel = ch;
        r.basis = basis;
        r.wording_id = action != ConsentAction::grant ? 0
                       : basis == LegalBasis::consent ? shop.consent
                                                      : shop.existing_customer;
        r.evidence = "hoja";
        r.occurred_at = when;
        app::record_consent(s, r);
    };
    // 31 March 22:30 UTC is 1 April 00:30 in Madrid: April's opt-in.
    record(ConsentAction::grant, Channel::email, date::sys_days{date::year{2026} / 3 / 31} + 22h + 30min);
    // 28 February 23:30 UTC is 1 March 00:30 in Madrid: March's opt-out.
    record(ConsentAction::withdraw, Channel::sms, date::sys_days{date::year{2026} / 2 / 28} + 23h + 30min);
    // The existing-customer basis is no opt-in; before the 12 months is out of the chart.
    record(ConsentAction::grant, Channel::sms, date::sys_days{date::year{2026} / 5 / 10} + 10h, LegalBasis::existing_customer);
    record(ConsentAction::grant, Channel::whatsapp_business, date::sys_days{date::year{2025} / 12 / 31} + 22h + 59min);
    record(ConsentAction::grant, Channel::whatsapp_business, date::sys_days{date::year{2026} / 12 / 1} + 9h);

    const app::ShopSummary sum = app::shop_summary(s, now);
    REQUIRE(sum.months.size() == 12);
    CHECK(sum.months[0].year == 2026);
    CHECK(sum.months[0].month == 1);
    CHECK(sum.months[11].month == 12);
    std::int64_t ins = 0, outs = 0;
    for (const auto& m : sum.months) {
        for (std::size_t i = 0; i < 3; ++i) {
            ins += m.opt_ins[i];
            outs += m.opt_outs[i];
        }
    }
    CHECK(ins == 2);
    CHECK(outs == 1);
    CHECK(sum.months[3].opt_ins[0] == 1);   // April, email
    CHECK(sum.months[2].opt_outs[2] == 1);  // March, SMS (summary_channels: email, WhatsApp, SMS)
    CHECK(sum.months[11].opt_ins[1] == 1);  // December, WhatsApp
    CHECK(sum.reach.email == 1);
    CHECK(sum.reach.whatsapp_business == 1);
    CHECK(sum.reach.sms == 1);  // existing customer
    CHECK(sum.reach.email == recount(s, Channel::email, now));
}

TEST_CASE("the Resumen lists consents expiring in the next 30 days and the last campaigns with their unsubscribes") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    auto& s = shop.s;
    const Timestamp now = date::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto add = [&](const std::string& name, const std::string& email) {
        app::NewContact c;
        c.name = name;
        c.emails = {email};
        return s.add_contact(c).contact.uuid;
    };
    auto grant = [&](const std::string& who, Timestamp when) {
        app::ConsentRequest r;
        r.contact_ref = who;
        r.channel = Channel::email;
        r.wording_id = shop.consent;
        r.evidence = "hoja";
        r.occurred_at = when;
        app::record_consent(s, r);
    };
    const auto ana = add("Ana", "ana@example.es");
    const auto bea = add("Bea", "bea@example.es");
    const auto eva = add("Eva", "eva@example.es");
    grant(ana, now - date::days{800});  // expired already (24 months)
    grant(bea, now - date::days{710});          // expires within 30 days
    grant(eva, now - date::days{10});

    Campaign c;
    c.name = "Rebajas de invierno";
    c.channels = {Channel::email};
    c.subject = "Rebajas";
    c.body_text = "Hola";
    {
        auto tx = s.database().begin_write();
        store::CampaignsRepo(s.database()).insert(c);
        tx.commit();
    }
    store::MessagesRepo messages(s.database());
    auto log = [&](const std::string& who, MessageStatus status, const std::string& id) {
        Message m;
        m.contact_uuid = who;
        m.channel = Channel::email;
        m.status = status;
        m.campaign_id = c.id;
        m.provider_id = id;
        m.created_at = m.updated_at = now;
        messages.log(m);
    };
    log(bea, MessageStatus::sent, "<m1@aguja.es>");
    log(eva, MessageStatus::sent, "<m2@aguja.es>");
    log(ana, MessageStatus::failed, "");
    // Eva replies BAJA to her campaign email: the withdrawal is the campaign's.
    app::RawMail reply;
    reply.source = "test";
    reply.bytes = "From: eva@example.es\r\nSubject: Re: Rebajas\r\nMessage-ID: <r1@x.es>\r\n"
                  "In-Reply-To: <m2@aguja.es>\r\n\r\nBAJA\r\n";
    const auto taken = app::take_in(s, {reply});
    REQUIRE(taken.items.size() == 1);
    REQUIRE(taken.items[0].outcome == "withdrawn");
    CHECK(store::withdrawal_campaign(s.database(), taken.items[0].event_seq) == c.id);
    // Bea uses the one-click link of the same campaign.
    const std::string url = app::one_click_unsubscribe_url("https://aguja.es/baja", s.database().unsubscribe_token_secret(), bea, c.uuid);
    const auto clicked = app::apply_unsubscribe_url(s, url, "test");
    REQUIRE(clicked.outcome == "withdrawn");
    CHECK(store::withdrawal_campaign(s.database(), clicked.event_seq) == c.id);

    const app::ShopSummary sum = app::shop_summary(s, now);
    REQUIRE(sum.campaigns.size() == 1);
    CHECK(sum.campaigns[0].name == "Rebajas de invierno");
    CHECK(sum.campaigns[0].sent == 2);
    CHECK(sum.campaigns[0].failed == 1);
    CHECK(sum.campaigns[0].unsubscribed == 2);
    CHECK(sum.reach.email == 0);  // Ana expired, Bea and Eva withdrew
    CHECK(sum.renewals.empty());

    const auto zoe = add("Zoe", "zoe@example.es");
    grant(zoe, now - date::days{710});
    const app::ShopSummary later = app::shop_summary(s, now);
    REQUIRE(later.renewals.size() == 1);
    CHECK(later.renewals_total == 1);
    CHECK(later.renewals[0].display_name == "Zoe");
    CHECK(later.renewals[0].channel == Channel::email);
    CHECK(later.renewals[0].until > now);
    CHECK(later.renewals[0].until < now + date::days{30});
    CHECK(later.reach.email == 1);
}
