#include "store/campaigns_repo.hpp"
#include "core/errors.hpp"
#include "store/contacts_repo.hpp"
#include "store/messages_repo.hpp"
#include "store/sql.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

Campaign autumn_sale() {
    Campaign c;
    c.name = "Rebajas de otoño";
    c.purpose = Purpose::marketing;
    c.channels = {Channel::whatsapp_business, Channel::email};
    c.subject = "¡Rebajas!";
    c.body_text = "Hola {nombre}";
    c.body_html = "<p>Hola</p>";
    c.wa_template = "rebajas_otono";
    c.wa_language = "es_ES";
    c.wa_parameters = {"{nombre}", "20 %", "con \"comillas\", y comas"};
    c.audience_tags = {"lanas", "vip"};
    c.created_at = parse_timestamp("2026-11-20T10:00:00Z");
    return c;
}

}  // namespace

TEST_CASE("a campaign reads back with every field", "[campaigns]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::CampaignsRepo repo(db);
    Campaign c = autumn_sale();
    repo.insert(c);
    REQUIRE(c.id > 0);
    REQUIRE(c.uuid.size() == 36);
    const Campaign back = repo.get(c.id);
    CHECK(back.name == c.name);
    CHECK(back.purpose == Purpose::marketing);
    CHECK(back.channels == std::vector<Channel>{Channel::whatsapp_business, Channel::email});
    CHECK(back.subject == c.subject);
    CHECK(back.body_text == c.body_text);
    CHECK(back.body_html == c.body_html);
    CHECK(back.wa_template == "rebajas_otono");
    CHECK(back.wa_language == "es_ES");
    CHECK(back.wa_parameters == c.wa_parameters);
    CHECK(back.audience_tags == c.audience_tags);
    CHECK(back.created_at == c.created_at);
    CHECK_FALSE(back.was_sent());
}

TEST_CASE("campaigns are found by number, UUID prefix or name, and sent_at is set once", "[campaigns]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::CampaignsRepo repo(db);
    Campaign a = autumn_sale();
    Campaign b = autumn_sale();
    b.name = "Navidad";
    repo.insert(a);
    repo.insert(b);
    CHECK(repo.resolve(std::to_string(b.id)).name == "Navidad");
    CHECK(repo.resolve(a.uuid.substr(0, 8)).id == a.id);
    CHECK(repo.resolve("Navidad").id == b.id);
    CHECK_THROWS_AS(repo.resolve("Verano"), NotFoundError);
    CHECK_THROWS_AS(repo.get(99), NotFoundError);
    const auto all = repo.list();
    REQUIRE(all.size() == 2);
    CHECK(all[0].id == b.id);  // newest first

    const Timestamp first = parse_timestamp("2026-11-25T08:00:00Z");
    repo.mark_sent(a.id, first);
    repo.mark_sent(a.id, parse_timestamp("2026-11-26T08:00:00Z"));
    CHECK(repo.get(a.id).sent_at == first);
}

TEST_CASE("the tag rule finds contacts with any of the tags", "[campaigns]") {
    // SQLite only until ContactsRepo runs on PostgreSQL (helper pgcontacts): then take
    // test::store_locations() like the tests above.
    store::Database db(":memory:");
    store::ContactsRepo contacts(db);
    auto add = [&](const std::string& name, std::vector<std::string> tags) {
        Contact c;
        c.display_name = name;
        c.tags = std::move(tags);
        contacts.insert(c);
        return c.uuid;
    };
    const auto ana = add("Ana", {"lanas"});
    const auto bea = add("Bea", {"vip", "lanas"});
    add("Carmen", {"botones"});
    store::CampaignsRepo repo(db);
    CHECK(repo.contacts_with_any_tag({"lanas", "vip"}) == std::unordered_set<std::string>{ana, bea});
    CHECK(repo.contacts_with_any_tag({"hilos"}).empty());
}

TEST_CASE("outreach settings round trip under their own keys", "[campaigns]") {
    // SQLite only until the settings repository runs on PostgreSQL (helper pgcontacts):
    // then take test::store_locations() like the tests above.
    store::Database db(":memory:");
    store::CampaignsRepo repo(db);
    const OutreachSettings defaults = repo.load_outreach_settings();
    CHECK(defaults.smtp_port == 587);
    CHECK(defaults.smtp_security == "starttls");
    OutreachSettings s;
    s.smtp_host = "smtp.example.es";
    s.smtp_port = 465;
    s.smtp_security = "tls";
    s.smtp_user = "tienda";
    s.from_address = "ofertas@aguja.es";
    s.from_name = "Mercería La Aguja";
    s.rate_per_minute = 12.5;
    s.unsubscribe_url = "https://aguja.es/baja";
    s.whatsapp_base_url = "https://graph.facebook.com/v22.0";
    s.whatsapp_phone_number_id = "109876543210";
    repo.save_outreach_settings(s);
    const OutreachSettings back = repo.load_outreach_settings();
    CHECK(back.smtp_host == s.smtp_host);
    CHECK(back.smtp_port == 465);
    CHECK(back.smtp_security == "tls");
    CHECK(back.smtp_user == "tienda");
    CHECK(back.from_address == s.from_address);
    CHECK(back.from_name == s.from_name);
    CHECK(back.rate_per_minute == 12.5);
    CHECK(back.unsubscribe_url == s.unsubscribe_url);
    CHECK(back.whatsapp_base_url == s.whatsapp_base_url);
    CHECK(back.whatsapp_phone_number_id == s.whatsapp_phone_number_id);
    CHECK(store::sql::query_int64(db.conn(), "SELECT count(*) FROM settings WHERE key LIKE 'outreach.%password%'") ==
          0);
}

TEST_CASE("a contact is taken by another run once it has a sent or a newer message", "[campaigns]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::CampaignsRepo repo(db);
    store::MessagesRepo messages(db);
    Campaign c = autumn_sale();
    repo.insert(c);
    auto log = [&](const std::string& contact, MessageStatus status) {
        Message m;
        m.contact_uuid = contact;
        m.campaign_id = c.id;
        m.status = status;
        m.created_at = parse_timestamp("2026-11-25T08:00:00Z");
        return messages.log(m);
    };
    log("ana", MessageStatus::failed);
    log("bea", MessageStatus::sent);
    const std::int64_t seen = repo.last_message_id();
    CHECK(seen == 2);
    CHECK_FALSE(repo.taken_by_another_run(c.id, "ana", seen));  // failed earlier: may be retried
    CHECK(repo.taken_by_another_run(c.id, "bea", seen));
    log("ana", MessageStatus::queued);  // another run just queued Ana
    CHECK(repo.taken_by_another_run(c.id, "ana", seen));
    CHECK_FALSE(repo.taken_by_another_run(c.id + 1, "ana", seen));
}
