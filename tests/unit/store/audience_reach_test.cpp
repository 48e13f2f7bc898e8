// The audience on both engines (the candidate stream of audience_query.cpp and the kept
// reach of audience_reach.cpp), from rows written in portable SQL (raw_rows.hpp): the same
// answers on SQLite and PostgreSQL, with the marking triggers of each engine's schema.
#include "store/audience_query.hpp"
#include "store/audience_reach.hpp"

#include "core/point_key.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

#include "pg_server.hpp"
#include "raw_rows.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace clientela;

namespace {

const Timestamp kGranted = parse_timestamp("2026-01-10T10:00:00Z");
const Timestamp kNow = parse_timestamp("2026-03-01T10:00:00Z");

struct Shop {
    explicit Shop(const std::string& where) : db(where, store::Database::Initialise{}) {
        ana = test::raw_contact(db, "c-2-ana", "Ana");
        test::raw_point(db, ana, "phone", "911 23 45 67", "+34911234567", false, 0);
        test::raw_point(db, ana, "phone", "612 345 678", "+34612345678", true, 1);
        test::raw_point(db, ana, "email", "Ana@Example.es", "ana@example.es", false, 2);
        bruno = test::raw_contact(db, "c-1-bruno", "Bruno");
        test::raw_point(db, bruno, "email", "bruno@example.es", "bruno@example.es", false, 0);
        carla = test::raw_contact(db, "c-3-carla", "Carla");
        test::raw_point(db, carla, "postal", "Calle Mayor 1, Madrid", "", false, 0);
        test::raw_grant_state(db, "c-2-ana", Channel::email, Purpose::marketing, 1, store::to_seconds(kGranted));
        test::raw_grant_state(db, "c-2-ana", Channel::sms, Purpose::marketing, 2, store::to_seconds(kGranted));
        test::raw_grant_state(db, "c-2-ana", Channel::email, Purpose::service, 3, store::to_seconds(kGranted));
        test::raw_grant_state(db, "c-1-bruno", Channel::email, Purpose::marketing, 4, store::to_seconds(kGranted));
        // A projection row of an erased contact (no contacts row): skipped by the merge.
        test::raw_grant_state(db, "c-0-gone", Channel::email, Purpose::marketing, 5, store::to_seconds(kGranted));
        db.conn().exec("INSERT INTO channel_preferences (contact_id, position, channel) VALUES (" +
                       std::to_string(bruno) + ", 0, 'sms'), (" + std::to_string(bruno) + ", 1, 'email')");
    }

    void suppress(const std::string& key) {
        store::sql::Statement q(db.conn(), "INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) "
                                           "VALUES (?, 'erased', 1)");
        q.bind(1, point_hash(key, db.identifier_secret()));
        q.exec();
    }

    std::int64_t settle() {
        auto tx = db.begin_write();
        const auto n = store::settle_reach(db, db.identifier_secret(), PolicySettings{});
        tx.commit();
        return n;
    }

    store::Database db;
    std::int64_t ana = 0, bruno = 0, carla = 0;
};

}  // namespace

TEST_CASE("audience candidates come in uuid order with their points, states and preferences, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    Shop shop(where);
    shop.suppress("bruno@example.es");
    std::vector<store::AudienceCandidate> all;
    store::for_each_audience_candidate(shop.db, Purpose::marketing, shop.db.identifier_secret(),
                                       [&](const store::AudienceCandidate& c) { all.push_back(c); });
    REQUIRE(all.size() == 3);
    CHECK(all[0].display_name == "Bruno");
    CHECK(all[1].display_name == "Ana");
    CHECK(all[2].display_name == "Carla");
    const auto& ana = all[1];
    CHECK(ana.id == shop.ana);
    CHECK(ana.mobile == "+34612345678");
    CHECK(ana.email == "ana@example.es");
    CHECK(ana.facts.has_phone);
    CHECK(ana.facts.has_mobile);
    CHECK(ana.facts.has_email);
    CHECK_FALSE(ana.facts.suppressed);
    REQUIRE(ana.states.size() == 2);  // marketing only, in channel order
    CHECK(ana.states[0].channel == Channel::email);
    CHECK(ana.states[1].channel == Channel::sms);
    CHECK(ana.states[1].grant_seq == 2);
    CHECK(ana.states[1].granted_at == kGranted);
    CHECK(all[0].facts.suppressed);
    CHECK(all[0].preferences == std::vector<Channel>{Channel::sms, Channel::email});
    CHECK(all[2].facts.has_postal);
    CHECK(all[2].states.empty());

    const auto alone = store::audience_candidate(shop.db, shop.ana, Purpose::service, shop.db.identifier_secret(),
                                                 store::suppressed_identifier_hashes(shop.db));
    REQUIRE(alone);
    CHECK(alone->uuid == "c-2-ana");
    CHECK(alone->facts.has_mobile);
    REQUIRE(alone->states.size() == 1);
    CHECK(alone->states[0].purpose == Purpose::service);
    CHECK(store::suppressed_identifier_hashes(shop.db).size() == 1);
    CHECK_FALSE(store::audience_candidate(shop.db, 999, Purpose::marketing, shop.db.identifier_secret(), {}));
}

TEST_CASE("the kept reach is settled, counted, checked and marked again by the triggers, on both engines") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    Shop shop(where);
    shop.suppress("bruno@example.es");
    CHECK(store::reach_backlog(shop.db).rebuild);  // a new database computes everyone once
    CHECK(shop.settle() == 3);
    CHECK(store::reach_backlog(shop.db).empty());

    store::ReachCounts expected;
    expected.email = 1;  // Ana (Bruno is suppressed)
    expected.sms = 1;    // Ana's mobile
    CHECK(store::count_reach(shop.db, kNow) == expected);
    CHECK(store::check_reach(shop.db, shop.db.identifier_secret(), PolicySettings{}).empty());

    const auto expiring = store::reach_expiring(shop.db, kNow, kNow + std::chrono::hours(24 * 365 * 3), 10);
    REQUIRE(expiring.size() == 2);  // both of Ana's grants end 24 months after they were given
    CHECK(expiring[0].contact_uuid == "c-2-ana");
    CHECK(expiring[0].display_name == "Ana");
    CHECK(expiring[0].until > kGranted + std::chrono::hours(24 * 700));
    CHECK(store::count_reach_expiring(shop.db, kNow, kNow + std::chrono::hours(24 * 365 * 3)) == 2);
    CHECK(store::reach_expiring(shop.db, kNow, kNow + std::chrono::hours(24 * 365 * 3), 1).size() == 1);
    CHECK(store::count_reach_expiring(shop.db, kNow, kNow + std::chrono::hours(24)) == 0);

    // A withdrawal's projection change marks Ana (a trigger on either engine), the settle
    // computes only her again.
    shop.db.conn().exec("UPDATE consent_state SET status = 'withdrawn' WHERE contact_uuid = 'c-2-ana' "
                        "AND channel = 'sms' AND purpose = 'marketing'");
    const auto backlog = store::reach_backlog(shop.db);
    CHECK_FALSE(backlog.rebuild);
    CHECK(backlog.contacts == 1);
    CHECK(shop.settle() == 1);
    expected.sms = 0;
    CHECK(store::count_reach(shop.db, kNow) == expected);

    // The suppression list changed: everything is computed again.
    shop.db.conn().exec("DELETE FROM suppressed_identifiers");
    CHECK(store::reach_backlog(shop.db).rebuild);
    shop.settle();
    expected.email = 2;
    CHECK(store::count_reach(shop.db, kNow) == expected);

    // A row lost behind the program's back is found by the check.
    shop.db.conn().exec("DELETE FROM audience_reach WHERE contact_id = " + std::to_string(shop.bruno));
    const auto problems = store::check_reach(shop.db, shop.db.identifier_secret(), PolicySettings{});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("by email") != std::string::npos);
    store::mark_reach_rebuild(shop.db);
    CHECK(store::reach_backlog(shop.db).rebuild);
}
