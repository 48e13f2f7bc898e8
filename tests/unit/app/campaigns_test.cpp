#include "app/campaigns.hpp"
#include "../store/temp_dir.hpp"
#include "app/campaign_preview.hpp"
#include "app/campaign_sender.hpp"
#include "app/consent_desk.hpp"
#include "app/one_click.hpp"
#include "app/outreach_config.hpp"
#include "app/mail_intake.hpp"
#include "app/unsubscribe.hpp"
#include "core/errors.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace clientela;

namespace {

struct Shop {
    explicit Shop(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.staff = {"Rocío"};
        settings.unsubscribe_address = "baja@aguja.es";
        s.save_settings(settings);
        email_wording = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por email.", "es", "email").wording.id;
        wa_wording =
            app::add_wording(s, "Acepto ofertas de Mercería La Aguja por WhatsApp.", "es", "whatsapp").wording.id;
    }
    std::string add(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails,
                    std::vector<std::string> tags = {}) {
        app::NewContact c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        c.tags = std::move(tags);
        return s.add_contact(c).contact.uuid;
    }
    std::int64_t record(const std::string& id, ConsentAction action, Channel channel) {
        app::ConsentRequest r;
        r.contact_ref = id;
        r.action = action;
        r.channel = channel;
        r.purpose = Purpose::marketing;
        r.method = ConsentMethod::in_store_form;
        r.wording_id =
            action == ConsentAction::grant ? (channel == Channel::whatsapp_business ? wa_wording : email_wording) : 0;
        return app::record_consent(s, r).event.seq;
    }
    Campaign campaign(std::vector<Channel> channels, std::vector<std::string> tags = {}) {
        app::NewCampaign n;
        n.name = "Rebajas";
        n.channels = std::move(channels);
        n.subject = "¡Rebajas, {nombre}!";
        n.text = "Hola {nombre}";
        n.wa_template = "rebajas";
        n.tags = std::move(tags);
        return app::create_campaign(s, n);
    }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
};

const app::CampaignRecipient* included(const app::CampaignAudience& a, const std::string& name) {
    for (const auto& r : a.included) {
        if (r.contact.display_name == name) return &r;
    }
    return nullptr;
}

const app::CampaignExclusion* excluded(const app::CampaignAudience& a, const std::string& name) {
    for (const auto& x : a.excluded) {
        if (x.contact.display_name == name) return &x;
    }
    return nullptr;
}

}  // namespace

TEST_CASE("campaign creation refuses what cannot be sent") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    app::NewCampaign n;
    n.name = "Aviso";
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);  // no channel
    n.channels = {Channel::sms};
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);  // not a campaign channel
    n.channels = {Channel::email};
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);  // email without subject/text
    n.subject = "Aviso";
    n.text = "Hola";
    n.channels = {Channel::email, Channel::whatsapp_business};
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);  // WhatsApp without template
    n.wa_template = "aviso";
    n.tags = {"a,b"};
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);
    n.tags = {"vip"};
    const Campaign c = app::create_campaign(shop.s, n);
    CHECK(app::find_campaign(shop.s, "Aviso").id == c.id);
    CHECK(app::list_campaigns(shop.s).size() == 1);
}

TEST_CASE("the campaign audience uses the policy, the campaign's channels and the customer's preferences") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"611222333"}, {"bea@example.es"});
    const auto eva = shop.add("Eva", {}, {"eva@example.es"});
    shop.add("Luis", {"915550123"}, {});
    const auto ana_email = shop.record(ana, ConsentAction::grant, Channel::email);
    const auto ana_wa = shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::whatsapp_business);
    app::set_channel_preferences(shop.s, bea, {Channel::whatsapp_business});
    shop.record(eva, ConsentAction::grant, Channel::email);
    app::set_channel_preferences(shop.s, eva, {Channel::postal});

    const Campaign both = shop.campaign({Channel::whatsapp_business, Channel::email});
    auto a = app::campaign_audience(shop.s, both, now_utc());
    REQUIRE(included(a, "Ana"));
    CHECK(included(a, "Ana")->channel == Channel::whatsapp_business);  // campaign order
    CHECK(included(a, "Ana")->authorising_seq == ana_wa);
    CHECK(included(a, "Ana")->address == "+34612345678");
    REQUIRE(included(a, "Bea"));
    CHECK(included(a, "Bea")->channel == Channel::whatsapp_business);
    REQUIRE(excluded(a, "Eva"));  // prefers post only: not sent by email behind her back
    CHECK_FALSE(excluded(a, "Eva")->note.empty());
    REQUIRE(excluded(a, "Luis"));
    CHECK(excluded(a, "Luis")->tried.size() == 2);
    CHECK(excluded(a, "Luis")->tried[0].second.blocked_by(BlockReason::not_mobile));

    const Campaign email_only = shop.campaign({Channel::email});
    a = app::campaign_audience(shop.s, email_only, now_utc());
    REQUIRE(included(a, "Ana"));
    CHECK(included(a, "Ana")->channel == Channel::email);
    CHECK(included(a, "Ana")->authorising_seq == ana_email);
    CHECK(included(a, "Ana")->address == "ana@example.es");
    CHECK(excluded(a, "Bea"));  // prefers WhatsApp only

    shop.record(ana, ConsentAction::withdraw, Channel::email);
    a = app::campaign_audience(shop.s, email_only, now_utc());
    REQUIRE(excluded(a, "Ana"));
    CHECK(excluded(a, "Ana")->tried[0].second.blocked_by(BlockReason::withdrawn));
}

TEST_CASE("a campaign with tags considers only the tagged customers") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {}, {"ana@example.es"}, {"lanas"});
    const auto bea = shop.add("Bea", {}, {"bea@example.es"}, {"botones"});
    shop.add("Carmen", {}, {"carmen@example.es"}, {"lanas"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    const auto a = app::campaign_audience(shop.s, shop.campaign({Channel::email}, {"lanas"}), now_utc());
    CHECK(a.included.size() == 1);
    CHECK(included(a, "Ana"));
    CHECK(a.excluded.size() == 1);  // Carmen: tagged, no consent
    CHECK(excluded(a, "Carmen"));
    CHECK(a.outside_tags == 1);  // Bea
}

TEST_CASE("the campaign email names the shop, offers the unsubscribe and is personalised") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const Campaign c = shop.campaign({Channel::email});
    const auto a = app::campaign_audience(shop.s, c, now_utc());
    REQUIRE(a.included.size() == 1);
    OutreachSettings o;
    o.from_address = "ofertas@aguja.es";
    const std::string key = shop.s.database().unsubscribe_token_secret();
    const auto e = app::campaign_email(c, a.included[0], shop.s.settings(), o, now_utc(), key);
    CHECK(e.subject == "¡Rebajas, Ana!");  // {nombre}: the first name
    CHECK(e.from_name == "Mercería La Aguja");
    CHECK(e.unsubscribe_mailto == "baja@aguja.es");
    CHECK(e.unsubscribe_url.empty());
    CHECK(e.text.rfind("Hola Ana\n", 0) == 0);
    CHECK(e.text.find("Para darte de baja, responde a este mensaje con la palabra BAJA o escribe a baja@aguja.es.") !=
          std::string::npos);
    CHECK(e.message_id.find("@aguja.es") != std::string::npos);
    CHECK(e.html.empty());  // no HTML body given

    // A name is text, not markup, in the HTML part.
    Campaign with_html = c;
    with_html.body_html = "<p>Hola {nombre_completo}</p>";
    app::CampaignRecipient odd = a.included[0];
    odd.contact.display_name = "Ana <b>& Co</b>";
    const auto h = app::campaign_email(with_html, odd, shop.s.settings(), o, now_utc(), key);
    CHECK(h.html.rfind("<p>Hola Ana &lt;b&gt;&amp; Co&lt;/b&gt;</p><hr>", 0) == 0);
    CHECK(h.subject == "¡Rebajas, Ana!");

    // The one-click URL names customer and campaign and carries their token; without a key
    // (a test copy) there is none.
    o.unsubscribe_url = "https://aguja.es/baja";
    CHECK(app::campaign_email(c, a.included[0], shop.s.settings(), o, now_utc(), key).unsubscribe_url ==
          "https://aguja.es/baja?c=" + ana + "&k=" + c.uuid + "&t=" + app::unsubscribe_token(key, ana, c.uuid));
    CHECK(app::campaign_email(c, a.included[0], shop.s.settings(), o, now_utc(), "").unsubscribe_url.empty());
}

TEST_CASE("merge fields: {nombre} is the given name or the first word, {nombre_completo} the whole name") {
    CHECK(app::first_name("", "Ana Núñez Pérez") == "Ana");
    CHECK(app::first_name("María José", "María José Ruiz") == "María José");
    CHECK(app::first_name("  ", "  Luis  ") == "Luis");
    CHECK(app::personalise("Hola {nombre}", "Ana", "Ana Núñez Pérez") == "Hola Ana");
    CHECK(app::personalise("{nombre_completo}/{name}/{nombre}", "Ana", "Ana Núñez") == "Ana Núñez/Ana Núñez/Ana");
    // A value with a field in it is not expanded again; other braces are left alone.
    CHECK(app::personalise("Hola {nombre}, {nombre}", "{nombre}", "{nombre_completo}") == "Hola {nombre}, {nombre}");
    CHECK(app::personalise("p {color:red} {} {x", "A", "A B") == "p {color:red} {} {x");
    CHECK_NOTHROW(app::check_merge_fields("Hola {nombre} {nombre_completo} {name} p {color:red} {}", "the text"));
    CHECK_THROWS_WITH(app::check_merge_fields("Hola {apellido}", "the text body"),
                      Catch::Contains("{apellido}") && Catch::Contains("the text body"));

    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    app::NewCampaign n;
    n.name = "Mal";
    n.channels = {Channel::whatsapp_business};
    n.wa_template = "rebajas";
    n.wa_parameters = {"{nombre}", "{Nombre}"};
    CHECK_THROWS_AS(app::create_campaign(shop.s, n), ValidationError);
    CHECK(app::list_campaigns(shop.s).empty());

    // The given name, when the contact has one, is the first name.
    app::NewContact c;
    c.name = "Pepa Ruiz";
    c.given_name = "Josefa";
    c.emails = {"pepa@example.es"};
    const auto pepa = shop.s.add_contact(c).contact.uuid;
    shop.record(pepa, ConsentAction::grant, Channel::email);
    ShopSettings settings = shop.s.settings();
    settings.shop_address = "Calle Mayor 12, Madrid";
    shop.s.save_settings(settings);
    const Campaign campaign = shop.campaign({Channel::email});
    const auto a = app::campaign_audience(shop.s, campaign, now_utc());
    REQUIRE(a.included.size() == 1);
    CHECK(app::preview_email(shop.s, campaign, a.included[0], now_utc()).subject == "¡Rebajas, Josefa!");
}

TEST_CASE("the privacy notice URL is https only: the sender must be identified") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    ShopSettings s = shop.s.settings();
    for (const std::string bad :
         {"http://aguja.es/privacidad", "https://", "https://aguja.es/mi privacidad", "https://aguja.es/\"x\""}) {
        s.privacy_url = bad;
        CHECK_THROWS_AS(shop.s.save_settings(s), ValidationError);
    }
    s.privacy_url = "https://aguja.es/privacidad";
    shop.s.save_settings(s);
    CHECK(shop.s.settings().privacy_url == "https://aguja.es/privacidad");
    CHECK_THROWS_WITH(app::require_sender_identity(shop.s.settings()), Catch::Contains("settings set --shop-address"));
    s.shop_address = "Calle Mayor 12";
    s.shop_name = " ";
    CHECK_THROWS_WITH(app::require_sender_identity(s), Catch::Contains("settings set --shop-name"));
    s.shop_name = "La Aguja";
    CHECK_NOTHROW(app::require_sender_identity(s));
}

TEST_CASE("one-click tokens: bound to customer and campaign, refused when changed, applied once") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es"});
    const auto bea = shop.add("Bea Gil", {}, {"bea@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const Campaign c = shop.campaign({Channel::email});
    const std::string key = shop.s.database().unsubscribe_token_secret();
    CHECK(key.size() == 64);
    CHECK(shop.s.database().unsubscribe_token_secret() == key);  // created once
    CHECK(key != shop.s.database().identifier_secret());
    const std::string t = app::unsubscribe_token(key, ana, c.uuid);
    CHECK(t.size() == 22);
    CHECK(app::unsubscribe_token(key, bea, c.uuid) != t);
    CHECK(app::unsubscribe_token(key, ana, "otra") != t);
    CHECK(app::unsubscribe_token("otra clave", ana, c.uuid) != t);

    const std::string url = app::one_click_unsubscribe_url("https://aguja.es/baja?x=1", key, ana, c.uuid);
    CHECK(url == "https://aguja.es/baja?x=1&c=" + ana + "&k=" + c.uuid + "&t=" + t);
    const auto events_before = shop.s.ledger().history(ana).size();
    for (const std::string& bad :
         {"https://aguja.es/baja?c=" + ana, "https://aguja.es/baja?c=" + bea + "&k=" + c.uuid + "&t=" + t,
          url.substr(0, url.size() - 1) + (url.back() == 'A' ? "B" : "A"), std::string("")}) {
        const auto r = app::apply_unsubscribe_url(shop.s, bad, "test");
        CHECK(r.outcome == "refused");
        CHECK(r.reason.find("token") != std::string::npos);
        CHECK(r.event_seq == 0);
    }
    CHECK(shop.s.ledger().history(ana).size() == events_before);
    CHECK(shop.s.ledger().history(bea).empty());

    const auto r = app::apply_unsubscribe_url(shop.s, url, "forwarded by the web host");
    CHECK(r.outcome == "withdrawn");
    CHECK(r.contact_uuid == ana);
    CHECK(r.campaign_name == "Rebajas");
    const auto events = shop.s.ledger().history(ana);
    REQUIRE(events.size() == events_before + 1);
    CHECK(events.back().action == ConsentAction::withdraw);
    CHECK(events.back().method == ConsentMethod::web_form);
    CHECK(events.back().evidence == "one-click URL of campaign Rebajas (" + c.uuid + "), forwarded by the web host");
    CHECK(app::apply_unsubscribe_url(shop.s, url, "again").outcome == "already_withdrawn");
    CHECK(shop.s.ledger().history(ana).size() == events_before + 1);
}

TEST_CASE("outreach settings are validated and secrets are required to send") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    OutreachSettings o = app::outreach_settings(shop.s);
    o.smtp_security = "ssl";
    CHECK_THROWS_AS(app::save_outreach_settings(shop.s, o), ValidationError);
    o.smtp_security = "starttls";
    o.unsubscribe_url = "http://aguja.es/baja";
    CHECK_THROWS_AS(app::save_outreach_settings(shop.s, o), ValidationError);
    o.unsubscribe_url.clear();
    o.rate_per_minute = 0;
    CHECK_THROWS_AS(app::save_outreach_settings(shop.s, o), ValidationError);
    o.rate_per_minute = 10;
    o.smtp_host = "smtp.example.es";
    o.smtp_user = "tienda";
    o.from_address = "ofertas@aguja.es";
    app::save_outreach_settings(shop.s, o);
    CHECK(app::outreach_settings(shop.s).smtp_host == "smtp.example.es");
    const app::SecretStore nowhere("/nonexistent-dir/secrets");
    CHECK_THROWS_AS(app::smtp_settings(o, nowhere), ValidationError);  // user set, password missing
    CHECK_THROWS_AS(app::whatsapp_settings(o, nowhere), ValidationError);
}

TEST_CASE("unsubscribe requests withdraw email marketing once, by email reply") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const auto results = app::process_unsubscribes(
        shop.s, {{"Ana@EXAMPLE.ES", "reply"}, {"ana@example.es", "reply again"}, {"otro@example.es", ""}, {"no", ""}});
    REQUIRE(results.size() == 4);
    CHECK(results[0].outcome == "withdrawn");
    CHECK(results[0].contact_uuid == ana);
    CHECK(results[1].outcome == "already_withdrawn");
    CHECK(results[2].outcome == "unknown_address");
    CHECK(results[3].outcome == "invalid_address");
    const auto events = shop.s.ledger().history(ana);
    REQUIRE(events.size() == 2);
    CHECK(events[1].action == ConsentAction::withdraw);
    CHECK(events[1].method == ConsentMethod::email_reply);
    CHECK(events[1].evidence == "reply");
    CHECK(events[1].seq == results[0].event_seq);
}

TEST_CASE("unsubscribe replies are read from an mbox file or a maildir folder") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {}, {"ana@example.es"});
    const auto eva = shop.add("Eva", {}, {"eva@example.es"});
    test::TempDir dir;
    const auto mbox = dir.file("respuestas.mbox");
    std::ofstream(mbox) << "From ana@example.es Wed Nov 25 10:00:00 2026\n"
                           "From: Ana <ana@example.es>\nSubject: BAJA\nMessage-ID: <a1@x>\n\nbaja por favor\n\n"
                           "From luis@example.es Wed Nov 25 10:05:00 2026\n"
                           "From: luis@example.es\nSubject: Pregunta\n\nhola\n";
    const auto r = app::take_in(shop.s, app::read_mbox(mbox));
    CHECK(r.read == 2);
    CHECK(r.withdrawn == 1);
    CHECK(r.items[0].contact_uuid == ana);
    CHECK(r.items[0].source == mbox + ":1");
    // Luis is no customer and answers nothing the shop sent: none of this, not kept.
    CHECK(r.pending == 0);
    CHECK(r.ignored == 1);

    const auto maildir = dir.file("Maildir");
    std::filesystem::create_directories(maildir + "/new");
    std::filesystem::create_directories(maildir + "/cur");
    std::ofstream(maildir + "/new/1.eml") << "From: eva@example.es\nSubject: unsubscribe\n\n.\n";
    const auto md = app::take_in(shop.s, app::read_maildir(maildir));
    CHECK(md.read == 1);
    CHECK(md.withdrawn == 1);
    CHECK(md.items[0].contact_uuid == eva);
    CHECK_THROWS_AS(app::read_maildir(dir.file("no-such-box")), NotFoundError);
}

TEST_CASE("the campaign window counts who is left out per main reason, notes apart") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {}, {"bea@example.es"});
    const auto eva = shop.add("Eva", {}, {"eva@example.es"});
    shop.add("Luis", {}, {"luis@example.es"});
    shop.add("Pepe", {}, {"pepe@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::withdraw, Channel::email);
    shop.record(eva, ConsentAction::grant, Channel::email);
    app::set_channel_preferences(shop.s, eva, {Channel::postal});

    const Campaign c = shop.campaign({Channel::email});
    const auto a = app::campaign_audience(shop.s, c, now_utc());
    REQUIRE(a.included.size() == 1);
    REQUIRE(a.excluded.size() == 4);
    const auto counts = app::campaign_exclusion_counts(a);
    // Luis and Pepe never agreed; Bea withdrew; Eva prefers post (a note, no channel tried).
    REQUIRE(counts.by_reason.size() == 2);
    CHECK(counts.by_reason[0] == std::make_pair(BlockReason::no_consent, std::size_t{2}));
    CHECK(counts.by_reason[1] == std::make_pair(BlockReason::withdrawn, std::size_t{1}));
    CHECK(counts.other_note == 1);
    CHECK(counts.same_mailbox == 0);
    CHECK(app::campaign_main_reason(*excluded(a, "Bea")) == BlockReason::withdrawn);
}

TEST_CASE("without a configured mailbox nothing is read before a send") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    CHECK_FALSE(app::check_mailbox_before_send(shop.s, app::SecretStore("/nonexistent/secrets")).has_value());
}
