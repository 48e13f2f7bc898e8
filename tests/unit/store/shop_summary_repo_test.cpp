// The Resumen's figures besides the audience counts, on SQLite and PostgreSQL: opt-ins and
// opt-outs per hour (counted by a trigger at append), the last campaigns with their
// messages, and which campaign a withdrawal answered.
#include "store/shop_summary_repo.hpp"
#include "store/campaigns_repo.hpp"
#include "store/messages_repo.hpp"

#include "pg_server.hpp"
#include "raw_rows.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("opt-ins and opt-outs are counted per hour as events are appended") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    const std::int64_t h = 493000;  // an hour since the epoch
    test::raw_event(db, 1, "c-1", Channel::email, Purpose::marketing, "grant", h * 3600 + 10, 2, "hoja");
    test::raw_event(db, 2, "c-2", Channel::email, Purpose::marketing, "grant", h * 3600 + 3599, 2, "hoja");
    test::raw_event(db, 3, "c-1", Channel::email, Purpose::marketing, "withdraw", (h + 1) * 3600, 2, "");
    test::raw_event(db, 4, "c-1", Channel::sms, Purpose::service, "grant", h * 3600, 2, "");
    const auto hours = store::consent_hours(db, Purpose::marketing, h, h + 2);
    REQUIRE(hours.size() == 2);
    CHECK(hours[0].hour == h);
    CHECK(hours[0].opt_in);
    CHECK(hours[0].events == 2);
    CHECK(hours[0].channel == Channel::email);
    CHECK(hours[1].hour == h + 1);
    CHECK_FALSE(hours[1].opt_in);
    CHECK(hours[1].events == 1);
    CHECK(store::consent_hours(db, Purpose::marketing, h + 2, h + 10).empty());
    CHECK(store::consent_hours(db, Purpose::service, h, h + 1).size() == 1);
}

TEST_CASE("the last campaigns come with their sent and failed messages and the withdrawals they caused") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::CampaignsRepo campaigns(db);
    store::MessagesRepo messages(db);
    Campaign a;
    a.name = "Rebajas";
    a.channels = {Channel::email};
    a.created_at = parse_timestamp("2026-01-10T10:00:00Z");
    campaigns.insert(a);
    Campaign b = a;
    b.uuid.clear();
    b.name = "Navidad";
    b.created_at = parse_timestamp("2026-02-10T10:00:00Z");
    campaigns.insert(b);
    campaigns.mark_sent(a.id, parse_timestamp("2026-03-01T10:00:00Z"));  // sent last: first
    auto log = [&](std::int64_t campaign, MessageStatus status, const std::string& provider_id) {
        Message m;
        m.contact_uuid = "c-1";
        m.campaign_id = campaign;
        m.status = status;
        m.provider_id = provider_id;
        m.created_at = a.created_at;
        messages.log(m);
    };
    log(a.id, MessageStatus::sent, "<one@tienda>");
    log(a.id, MessageStatus::sent, "<two@tienda>");
    log(a.id, MessageStatus::failed, "");
    log(b.id, MessageStatus::sent, "<three@tienda>");
    store::link_withdrawal(db, 12, a.id);
    store::link_withdrawal(db, 12, b.id);  // once: the first link stays
    CHECK(store::withdrawal_campaign(db, 12) == a.id);
    CHECK_FALSE(store::withdrawal_campaign(db, 13));

    const auto last = store::last_campaigns(db, 5);
    REQUIRE(last.size() == 2);
    CHECK(last[0].id == a.id);
    CHECK(last[0].name == "Rebajas");
    CHECK(last[0].sent == 2);
    CHECK(last[0].failed == 1);
    CHECK(last[0].unsubscribed == 1);
    CHECK(last[0].sent_at == parse_timestamp("2026-03-01T10:00:00Z"));
    CHECK(last[1].id == b.id);
    CHECK(last[1].sent == 1);
    CHECK(store::last_campaigns(db, 1).size() == 1);

    CHECK(store::campaign_of_messages(db, {"", "nada@tienda", "three@tienda"}) == b.id);
    CHECK(store::campaign_of_messages(db, {"<one@tienda>"}) == a.id);
    CHECK_FALSE(store::campaign_of_messages(db, {"nada@tienda"}));
}
