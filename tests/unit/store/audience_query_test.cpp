// Tests of the audience's candidate stream: order, reachability facts, suppression and the
// consent projection for one purpose, on a SQLite file and on a PostgreSQL server the test
// binary starts (test::store_locations()). The last tests look at each engine's own
// transaction state and, on PostgreSQL, at the cursors the pass reads through.
#include "store/audience_query.hpp"
#include "core/point_key.hpp"
#include "store/contacts_repo.hpp"
#include "store/ledger_repo.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <stdexcept>

#include <stdlib.h>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

ContactPoint point(PointKind kind, const std::string& raw, const std::string& normalized, bool mobile = false) {
    ContactPoint p;
    p.kind = kind;
    p.raw = raw;
    p.normalized = normalized;
    p.is_mobile = mobile;
    p.is_valid = !normalized.empty();
    return p;
}

struct Shop {
    explicit Shop(const std::string& where) : db(where, store::Database::Initialise{}), contacts(db), ledger(db) {
        auto tx = db.begin_write();
        wording = ledger.add_wording("default", "es", "Acepto recibir ofertas de La Aguja.", kT0);
        tx.commit();
    }

    Contact add(const std::string& name, std::vector<ContactPoint> points) {
        Contact c;
        c.display_name = name;
        c.points = std::move(points);
        auto tx = db.begin_write();
        contacts.insert(c);
        tx.commit();
        return c;
    }

    void grant(const std::string& contact_uuid, Channel channel, Purpose purpose) {
        ConsentEvent e;
        e.event_uuid = new_uuid();
        e.contact_uuid = contact_uuid;
        e.point_hash = point_hash("ana@example.es", db.identifier_secret());
        e.channel = channel;
        e.purpose = purpose;
        e.action = ConsentAction::grant;
        e.method = ConsentMethod::in_store_form;
        e.wording_id = wording.id;
        e.evidence = "hoja 1";
        e.recorded_by = "Rocío";
        e.occurred_at = kT0;
        e.recorded_at = kT0;
        auto tx = db.begin_write();
        ledger.append(e);
        tx.commit();
    }

    void suppress(const std::string& key) {
        auto tx = db.begin_write();
        ledger.suppress(point_hash(key, db.identifier_secret()), "erased", kT0);
        tx.commit();
    }

    std::vector<store::AudienceCandidate> candidates(Purpose purpose) {
        std::vector<store::AudienceCandidate> out;
        store::for_each_audience_candidate(db, purpose, db.identifier_secret(),
                                           [&](const store::AudienceCandidate& c) { out.push_back(c); });
        return out;
    }

    store::Database db;
    store::ContactsRepo contacts;
    store::LedgerRepo ledger;
    ConsentWording wording;
};

// A new empty store on each run of a test case (each SECTION runs the case again).
std::string fresh_store(const std::string& engine) {
    if (engine == "postgresql") return test::pg_database();
    char tmpl[] = "/tmp/clientela-audience-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    return std::string(tmpl) + "/shop.db";
}

std::map<std::string, store::AudienceCandidate> by_name(const std::vector<store::AudienceCandidate>& all) {
    std::map<std::string, store::AudienceCandidate> out;
    for (const auto& c : all) out[c.display_name] = c;
    return out;
}

}  // namespace

TEST_CASE("audience candidates come sorted by uuid with their first mobile and email") {
    Shop shop(fresh_store(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    INFO((shop.db.on_postgresql() ? "postgresql" : "sqlite"));
    const Contact ana =
        shop.add("Ana", {point(PointKind::phone, "911 23 45 67", "+34911234567"), point(PointKind::email, "ana@", ""),
                         point(PointKind::phone, "612 345 678", "+34612345678", true),
                         point(PointKind::phone, "622 222 222", "+34622222222", true),
                         point(PointKind::email, "Ana@Example.es", "ana@example.es"),
                         point(PointKind::email, "ana2@example.es", "ana2@example.es")});
    shop.add("Bruno", {point(PointKind::postal, "Calle Mayor 1, Madrid", "")});
    shop.add("Carmen",
             {point(PointKind::phone, "12", ""), point(PointKind::email, "carmen@example.es", "carmen@example.es")});
    shop.add("Dora", {});
    shop.add("Elena", {point(PointKind::phone, "911 00 00 00", "+34911000000")});

    const auto all = shop.candidates(Purpose::marketing);
    REQUIRE(all.size() == 5);
    CHECK(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.uuid < b.uuid; }));
    auto c = by_name(all);

    CHECK(c["Ana"].id == ana.id);
    CHECK(c["Ana"].uuid == ana.uuid);
    CHECK(c["Ana"].mobile == "+34612345678");
    CHECK(c["Ana"].email == "ana@example.es");
    CHECK(c["Ana"].facts.has_phone);
    CHECK_FALSE(c["Ana"].facts.has_postal);

    CHECK(c["Bruno"].mobile.empty());
    CHECK(c["Bruno"].email.empty());
    CHECK_FALSE(c["Bruno"].facts.has_phone);
    CHECK(c["Bruno"].facts.has_postal);

    CHECK(c["Carmen"].mobile.empty());  // the invalid phone is no phone at all
    CHECK_FALSE(c["Carmen"].facts.has_phone);
    CHECK(c["Carmen"].email == "carmen@example.es");

    CHECK(c["Dora"].mobile.empty());
    CHECK(c["Dora"].email.empty());
    CHECK_FALSE(c["Dora"].facts.has_phone);
    CHECK_FALSE(c["Dora"].facts.has_postal);

    CHECK(c["Elena"].mobile.empty());  // a landline reaches by phone only
    CHECK(c["Elena"].facts.has_phone);

    for (const auto& [name, candidate] : c) {
        INFO(name);
        CHECK_FALSE(candidate.facts.suppressed);
        CHECK(candidate.states.empty());
        CHECK(candidate.preferences.empty());
    }
}

TEST_CASE("a suppressed identifier marks its contact suppressed in the audience") {
    Shop shop(fresh_store(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    INFO((shop.db.on_postgresql() ? "postgresql" : "sqlite"));
    shop.add("Ana", {point(PointKind::phone, "612 345 678", "+34612345678", true),
                     point(PointKind::email, "ana@example.es", "ana@example.es")});
    shop.add("Bruno", {point(PointKind::phone, "622 222 222", "+34622222222", true)});
    const ContactPoint address = point(PointKind::postal, "  Calle Mayor 1, 28013 Madrid ", "");
    shop.add("Carmen", {address});
    shop.add("Dora", {point(PointKind::email, "dora@", "")});

    SECTION("by a mobile number") {
        shop.suppress("+34622222222");
        auto c = by_name(shop.candidates(Purpose::marketing));
        CHECK(c["Bruno"].facts.suppressed);
        CHECK_FALSE(c["Ana"].facts.suppressed);
        CHECK_FALSE(c["Carmen"].facts.suppressed);
    }
    SECTION("by an email that is not the first point") {
        shop.suppress("ana@example.es");
        auto c = by_name(shop.candidates(Purpose::marketing));
        CHECK(c["Ana"].facts.suppressed);
        CHECK(c["Ana"].email == "ana@example.es");  // still reported: the policy says why it is left out
        CHECK_FALSE(c["Bruno"].facts.suppressed);
    }
    SECTION("by a postal address, keyed as the consent desk keys it") {
        CHECK(point_key(address) == "Calle Mayor 1, 28013 Madrid");
        shop.suppress(point_key(address));
        auto c = by_name(shop.candidates(Purpose::marketing));
        CHECK(c["Carmen"].facts.suppressed);
        CHECK_FALSE(c["Ana"].facts.suppressed);
    }
    SECTION("never by an invalid point") {
        shop.suppress("dora@");
        auto c = by_name(shop.candidates(Purpose::marketing));
        CHECK_FALSE(c["Dora"].facts.suppressed);
    }
}

TEST_CASE("audience candidates carry the consent of the asked purpose and their preferences") {
    Shop shop(fresh_store(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    INFO((shop.db.on_postgresql() ? "postgresql" : "sqlite"));
    const Contact ana = shop.add("Ana", {point(PointKind::phone, "612 345 678", "+34612345678", true),
                                         point(PointKind::email, "ana@example.es", "ana@example.es")});
    const Contact bruno = shop.add("Bruno", {point(PointKind::email, "bruno@example.es", "bruno@example.es")});
    shop.grant(ana.uuid, Channel::sms, Purpose::marketing);
    shop.grant(ana.uuid, Channel::email, Purpose::marketing);
    shop.grant(ana.uuid, Channel::email, Purpose::service);
    shop.grant(bruno.uuid, Channel::email, Purpose::service);
    // Events of erased contacts stay in the ledger, before and after every live UUID.
    shop.grant("00000000-0000-4000-8000-000000000000", Channel::email, Purpose::marketing);
    shop.grant("ffffffff-ffff-4fff-bfff-ffffffffffff", Channel::email, Purpose::marketing);
    {
        auto tx = shop.db.begin_write();
        shop.ledger.set_preferences(bruno.id, {Channel::email, Channel::sms});
        tx.commit();
    }

    auto marketing = by_name(shop.candidates(Purpose::marketing));
    REQUIRE(marketing.size() == 2);
    REQUIRE(marketing["Ana"].states.size() == 2);
    CHECK(marketing["Ana"].states[0].channel == Channel::email);  // in channel order
    CHECK(marketing["Ana"].states[1].channel == Channel::sms);
    for (const auto& s : marketing["Ana"].states) {
        CHECK(s.purpose == Purpose::marketing);
        CHECK(s.status == ConsentState::Status::granted);
        const auto stored = shop.ledger.state(ana.uuid, s.channel, Purpose::marketing);
        REQUIRE(stored);
        CHECK(s.grant_seq == stored->grant_seq);
        CHECK(s.last_seq == stored->last_seq);
        CHECK(s.point_hash == stored->point_hash);
        CHECK(s.wording_id == stored->wording_id);
        CHECK(s.granted_at == stored->granted_at);
    }
    CHECK(marketing["Bruno"].states.empty());
    CHECK(marketing["Bruno"].preferences == std::vector<Channel>{Channel::email, Channel::sms});

    auto service = by_name(shop.candidates(Purpose::service));
    REQUIRE(service["Ana"].states.size() == 1);
    CHECK(service["Ana"].states[0].grant_seq == 3);
    REQUIRE(service["Bruno"].states.size() == 1);
    CHECK(service["Bruno"].states[0].channel == Channel::email);
}

TEST_CASE("the audience reads one snapshot and leaves no transaction behind") {
    Shop shop(fresh_store(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    INFO((shop.db.on_postgresql() ? "postgresql" : "sqlite"));
    shop.add("Ana", {point(PointKind::email, "ana@example.es", "ana@example.es")});
    shop.add("Bruno", {point(PointKind::email, "bruno@example.es", "bruno@example.es")});
    auto autocommit = [&] {
        if (shop.db.on_postgresql()) return !shop.db.pg().in_transaction();
        return sqlite3_get_autocommit(shop.db.sql().getHandle()) != 0;
    };

    SECTION("inside the caller's transaction") {
        auto tx = shop.db.begin_write();
        CHECK(shop.candidates(Purpose::marketing).size() == 2);
        tx.commit();
        CHECK(autocommit());
    }
    SECTION("when the visitor throws") {
        CHECK_THROWS_AS(store::for_each_audience_candidate(
                            shop.db, Purpose::marketing, shop.db.identifier_secret(),
                            [](const store::AudienceCandidate&) { throw std::runtime_error("cancelled"); }),
                        std::runtime_error);
        CHECK(autocommit());
        CHECK(shop.candidates(Purpose::marketing).size() == 2);
    }
    SECTION("a customer added by another till during the pass is not half seen") {
        store::Database other(shop.db.path());
        store::ContactsRepo other_contacts(other);
        std::vector<std::string> seen;
        bool added = false;
        store::for_each_audience_candidate(shop.db, Purpose::marketing, shop.db.identifier_secret(),
                                           [&](const store::AudienceCandidate& c) {
            seen.push_back(c.display_name);
            if (added) return;
            added = true;
            Contact late;
            late.display_name = "Zoe";
            late.uuid = "ffffffff-ffff-4fff-bfff-fffffffffffe";  // sorts after everyone
            late.points = {point(PointKind::email, "zoe@example.es", "zoe@example.es")};
            auto tx = other.begin_write();
            other_contacts.insert(late);
            tx.commit();
        });
        CHECK(seen.size() == 2);  // the pass's snapshot is from before Zoe
        CHECK(shop.candidates(Purpose::marketing).size() == 3);
    }
}

// The pass over every customer must not hold a million rows in one result on PostgreSQL: its
// large reads (points, contacts, states) are server-side cursors fetched in batches.
TEST_CASE("on PostgreSQL the audience pass reads through cursors in one read-only snapshot") {
    Shop shop(test::pg_database());
    shop.add("Ana", {point(PointKind::email, "ana@example.es", "ana@example.es")});
    shop.add("Bruno", {point(PointKind::email, "bruno@example.es", "bruno@example.es")});
    std::vector<std::int64_t> open_cursors;
    std::vector<std::string> isolation;
    store::for_each_audience_candidate(shop.db, Purpose::marketing, shop.db.identifier_secret(),
                                       [&](const store::AudienceCandidate&) {
        open_cursors.push_back(store::sql::query_int64(
            shop.db.conn(), "SELECT count(*) FROM pg_cursors WHERE name LIKE 'clientela_cursor_%'"));
        store::sql::Statement q(shop.db.conn(), "SELECT current_setting('transaction_isolation')");
        REQUIRE(q.executeStep());
        isolation.push_back(q.getColumn(0).getString());
    });
    // While a customer is visited, the contacts are still being read through their cursor (the
    // points were read to the end first; the states' cursor closes when it runs out).
    REQUIRE(open_cursors.size() == 2);
    CHECK(open_cursors[0] >= 1);
    CHECK(open_cursors[1] >= 1);
    CHECK(isolation == std::vector<std::string>{"repeatable read", "repeatable read"});
    CHECK_FALSE(shop.db.pg().in_transaction());
    CHECK(store::sql::query_int64(shop.db.conn(),
                                  "SELECT count(*) FROM pg_cursors WHERE name LIKE 'clientela_cursor_%'") == 0);
}
