// What each consent wording is for, on SQLite and PostgreSQL: proposed from the text until
// written, corrected with the earlier value kept (a trigger on both engines).
#include "store/wording_scope_repo.hpp"

#include "core/errors.hpp"

#include "pg_server.hpp"
#include "raw_rows.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("a wording's scope is proposed from its text, written once, and corrected with history") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    const auto email_only = test::raw_wording(db, "Acepto recibir ofertas por email.");
    const auto whatsapp = test::raw_wording(db, "Acepto recibir ofertas por WhatsApp.");
    store::WordingScopeRepo repo(db);

    const auto proposed = repo.scope(email_only);
    REQUIRE(proposed);
    CHECK(proposed->proposed);
    CHECK(proposed->channels == std::vector<Channel>{Channel::email});
    CHECK_FALSE(repo.scope(999));

    const Timestamp t0 = parse_timestamp("2026-03-02T10:00:00Z");
    CHECK(repo.propose_missing(t0) == 2);
    CHECK(repo.propose_missing(t0) == 0);  // idempotent
    CHECK(repo.scope(whatsapp)->channels == std::vector<Channel>{Channel::whatsapp_business});
    CHECK(repo.scope(whatsapp)->updated_at == t0);
    CHECK(repo.history_count(whatsapp) == 0);

    WordingScope s;
    s.channels = {Channel::email, Channel::sms};
    s.purposes = {Purpose::marketing};
    s.basis = LegalBasis::consent;
    s.updated_at = t0 + std::chrono::hours(1);
    {
        auto tx = db.begin_write();
        repo.set(email_only, s, "Rocío");
        tx.commit();
    }
    const auto back = repo.scope(email_only);
    REQUIRE(back);
    CHECK_FALSE(back->proposed);
    CHECK(back->channels == s.channels);
    CHECK(back->purposes == s.purposes);
    CHECK(back->updated_at == s.updated_at);
    CHECK(repo.history_count(email_only) == 1);  // the proposed value it replaced

    CHECK_THROWS_AS(repo.set(999, s, "Rocío"), NotFoundError);
    s.basis = LegalBasis::existing_customer;
    s.channels = {Channel::whatsapp_business};
    CHECK_THROWS_AS(repo.set(email_only, s, "Rocío"), WordingScopeError);
    CHECK(repo.history_count(email_only) == 1);
}
