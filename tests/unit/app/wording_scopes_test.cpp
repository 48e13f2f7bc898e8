// Wording scopes through the app layer: declared on add, proposed for old databases when
// they open, corrected by the owner with history kept; grants refused on a mismatch with
// nothing recorded; withdrawals that record how the customer asked and who recorded it.
#include "app/consent_desk.hpp"
#include "app/wording_scopes.hpp"
#include "app/withdrawal.hpp"
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/migrations.hpp"
#include "store/wording_scope_repo.hpp"
#include "../store/temp_dir.hpp"

#include "shop_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <catch2/catch.hpp>

#include <algorithm>

using namespace clientela;

namespace {

WordingScope scope(std::vector<Channel> ch, std::vector<Purpose> pu, LegalBasis b = LegalBasis::consent) {
    WordingScope s;
    s.channels = std::move(ch);
    s.purposes = std::move(pu);
    s.basis = b;
    return s;
}

struct Counter {
    explicit Counter(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        app::NewContact c;
        c.name = "Lucía Jiménez";
        c.phones = {"612345678"};
        c.emails = {"lucia@example.es"};
        lucia = s.add_contact(c).contact.uuid;
    }
    app::ConsentRequest grant(Channel ch, std::int64_t wording, LegalBasis basis = LegalBasis::consent) {
        app::ConsentRequest r;
        r.contact_ref = lucia;
        r.action = ConsentAction::grant;
        r.channel = ch;
        r.purpose = Purpose::marketing;
        r.basis = basis;
        r.wording_id = wording;
        r.evidence = "hoja";
        return r;
    }
    app::Session s;
    std::string lucia;
};

// The migrations before the one that adds wording scopes (found by name, never by number).
std::vector<store::Migration> before_scopes() {
    std::vector<store::Migration> out;
    for (const auto& m : store::migrations()) {
        if (std::string(m.name).find("wording_scope") != std::string::npos) break;
        out.push_back(m);
    }
    return out;
}

}  // namespace

TEST_CASE("a new wording stores its declared scope, and one proposed from the text when none is given") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter k(where);
    const auto wa = app::add_wording(k.s, "Sí, quiero ofertas de Mercería La Aguja por WhatsApp y por email.", "es",
                                     "combinada", std::nullopt,
                                     scope({Channel::whatsapp_business, Channel::email}, {Purpose::marketing}));
    CHECK_FALSE(wa.scope.proposed);
    const auto stored = app::wording_scope(k.s, wa.wording.id);
    CHECK(stored.channels == std::vector<Channel>{Channel::email, Channel::whatsapp_business});
    CHECK_FALSE(stored.proposed);

    const auto guessed = app::add_wording(k.s, "Acepto recibir ofertas por SMS.", "es", "sms");
    const auto proposed = app::wording_scope(k.s, guessed.wording.id);
    CHECK(proposed.proposed);
    CHECK(proposed.channels == std::vector<Channel>{Channel::sms});

    // A scope that cannot be is refused, and nothing is added.
    const auto before = k.s.ledger().wordings().size();
    CHECK_THROWS_AS(app::add_wording(k.s, "Como cliente recibirá ofertas.", "es", "x", std::nullopt,
                                     scope({Channel::whatsapp_business}, {Purpose::marketing},
                                           LegalBasis::existing_customer)),
                    WordingScopeError);
    CHECK(k.s.ledger().wordings().size() == before);
}

TEST_CASE("a grant whose wording does not fit its channel or basis is refused and nothing is recorded") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter k(where);
    const auto sms_customer =
        app::add_wording(k.s, "Como cliente de Mercería La Aguja podrá recibir por SMS ofertas de productos similares.",
                         "es", "sms-cliente")
            .wording.id;
    const auto email = app::add_wording(k.s, "Sí, quiero ofertas de Mercería La Aguja por correo electrónico.", "es",
                                        "email-ofertas")
                           .wording.id;
    const auto events = k.s.ledger().event_count();

    // The fault of issue #17: the SMS existing-customer text recorded for email and WhatsApp.
    try {
        app::record_consent(k.s, k.grant(Channel::whatsapp_business, sms_customer));
        FAIL("recorded");
    } catch (const WordingScopeError& e) {
        CHECK(e.problem().code == ScopeProblemCode::channel_not_in_scope);
    }
    CHECK_THROWS_AS(app::record_consent(k.s, k.grant(Channel::email, sms_customer)), WordingScopeError);
    CHECK_THROWS_AS(app::record_consent(k.s, k.grant(Channel::whatsapp_business, email)), WordingScopeError);
    CHECK_THROWS_AS(app::record_consent(k.s, k.grant(Channel::sms, sms_customer, LegalBasis::consent)),
                    WordingScopeError);
    CHECK(k.s.ledger().event_count() == events);

    CHECK(app::record_consent(k.s, k.grant(Channel::email, email)).event.wording_id == email);
    CHECK(app::record_consent(k.s, k.grant(Channel::sms, sms_customer, LegalBasis::existing_customer)).event.seq > 0);

    const auto offered = app::wordings_for(k.s, Channel::sms, Purpose::marketing, LegalBasis::existing_customer);
    REQUIRE(offered.size() == 1);
    CHECK(offered[0].wording.id == sms_customer);
    CHECK(app::wordings_for(k.s, Channel::whatsapp_business, Purpose::marketing, LegalBasis::consent).empty());
}

TEST_CASE("the owner corrects a proposed scope, the wording and the ledger stay untouched and the old value is kept") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter k(where);
    const auto id = app::add_wording(k.s, "Acepto que Mercería La Aguja me escriba.", "es", "general").wording.id;
    const auto hash = k.s.ledger().wording(id)->text_hash;
    CHECK(app::wording_scope(k.s, id).proposed);
    CHECK_THROWS_AS(app::record_consent(k.s, k.grant(Channel::whatsapp_business, id)), WordingScopeError);

    const auto set = app::set_wording_scope(k.s, id, scope({Channel::email}, {Purpose::marketing}), "Rocío");
    CHECK_FALSE(set.proposed);
    CHECK(app::wording_scope(k.s, id).channels == std::vector<Channel>{Channel::email});
    CHECK(store::WordingScopeRepo(k.s.database()).history_count(id) == 1);
    CHECK(k.s.ledger().wording(id)->text_hash == hash);
    CHECK_THROWS_AS(app::record_consent(k.s, k.grant(Channel::sms, id)), WordingScopeError);
    CHECK(app::record_consent(k.s, k.grant(Channel::email, id)).event.seq == 1);
    CHECK(k.s.ledger().verify().ok());
}

TEST_CASE("an old database with wordings upgrades, gets proposed scopes once, and still verifies") {
    // SQLite only: it opens a file made by the migrations before wording scopes; PostgreSQL's
    // migration series starts with them (db/pg/001_schema.sql).
    test::TempDir dir;
    const auto path = dir.file("old.db");
    std::int64_t wa = 0, sms = 0;
    {
        store::Database old(path, before_scopes());
        CHECK_FALSE(old.sql().tableExists("wording_scopes"));
        store::LedgerRepo ledger(old);
        auto tx = old.begin_write();
        wa = ledger.add_wording("whatsapp", "es", "Quiero ofertas de Mercería La Aguja por WhatsApp.", now_utc()).id;
        sms = ledger
                  .add_wording("sms-cliente", "es",
                               "Como cliente podrá recibir por SMS ofertas de productos similares a los que ha comprado.",
                               now_utc())
                  .id;
        ConsentEvent e;
        e.event_uuid = "e1";
        e.contact_uuid = "c1";
        e.point_hash = std::string(64, 'a');
        e.channel = Channel::whatsapp_business;
        e.wording_id = wa;
        e.evidence = "hoja";
        e.recorded_by = "Rocío";
        e.occurred_at = e.recorded_at = now_utc();
        ledger.append(e);
        tx.commit();
    }
    {
        app::Session s(path);
        CHECK(s.database().schema_version() == store::Database::latest_schema_version());
        const auto wa_scope = app::wording_scope(s, wa);
        CHECK(wa_scope.proposed);
        CHECK(wa_scope.channels == std::vector<Channel>{Channel::whatsapp_business});
        const auto sms_scope = app::wording_scope(s, sms);
        CHECK(sms_scope.basis == LegalBasis::existing_customer);
        CHECK(sms_scope.channels == std::vector<Channel>{Channel::sms});
        CHECK(s.ledger().verify().ok());
        SQLite::Statement rows(s.database().sql(), "SELECT count(*) FROM wording_scopes WHERE proposed = 1");
        REQUIRE(rows.executeStep());
        CHECK(rows.getColumn(0).getInt() == 2);
        app::set_wording_scope(s, sms, scope({Channel::sms, Channel::email}, {Purpose::marketing},
                                             LegalBasis::existing_customer));
    }
    {
        // Opening again proposes nothing new and keeps the owner's correction.
        app::Session s(path);
        CHECK(store::WordingScopeRepo(s.database()).propose_missing(now_utc()) == 0);
        CHECK_FALSE(app::wording_scope(s, sms).proposed);
        CHECK(app::wording_scope(s, sms).channels == std::vector<Channel>{Channel::email, Channel::sms});
        CHECK(s.ledger().verify().ok());
    }
}

TEST_CASE("a wording stored without a scope gets one proposed when the owner's session opens, once") {
    // On both stores: the upgrade above is SQLite's; a wording without a scope (written by the
    // store alone, as an older program would) is proposed one on either.
    const std::string where = GENERATE(from_range(test::shop_locations()));
    std::int64_t wa = 0;
    {
        store::Database db(where);
        store::LedgerRepo ledger(db);
        auto tx = db.begin_write();
        wa = ledger.add_wording("whatsapp", "es", "Quiero ofertas de Mercería La Aguja por WhatsApp.", now_utc()).id;
        tx.commit();
    }
    app::Session s(where);
    const auto proposed = app::wording_scope(s, wa);
    CHECK(proposed.proposed);
    CHECK(proposed.channels == std::vector<Channel>{Channel::whatsapp_business});
    CHECK(store::WordingScopeRepo(s.database()).propose_missing(now_utc()) == 0);
    CHECK(s.ledger().verify().ok());
}

TEST_CASE("a withdrawal records how the customer asked and who recorded it, for one or every channel") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Counter k(where);
    const auto email = app::add_wording(k.s, "Sí, quiero ofertas de Mercería La Aguja por email.", "es", "e").wording.id;
    const auto wa = app::add_wording(k.s, "Sí, quiero ofertas de Mercería La Aguja por WhatsApp.", "es", "w").wording.id;
    app::record_consent(k.s, k.grant(Channel::email, email));
    app::record_consent(k.s, k.grant(Channel::whatsapp_business, wa));

    app::WithdrawalRequest r;
    r.contact_ref = k.lucia;
    r.consents = {{Channel::whatsapp_business, Purpose::marketing}};
    r.method = ConsentMethod::whatsapp_reply;
    r.recorded_by = "Andrés";
    r.evidence = "respondió BAJA";
    auto events = app::record_withdrawal(k.s, r);
    REQUIRE(events.size() == 1);
    CHECK(events[0].method == ConsentMethod::whatsapp_reply);
    CHECK(events[0].recorded_by == "Andrés");
    CHECK(to_string(events[0].method) == "whatsapp_reply");

    // Every channel: WhatsApp is not withdrawn twice.
    r.consents = {{Channel::whatsapp_business, Purpose::marketing}};
    r.all_channels = true;
    r.method = ConsentMethod::phone_request;
    events = app::record_withdrawal(k.s, r);
    REQUIRE(events.size() == 1);
    CHECK(events[0].channel == Channel::email);
    CHECK(events[0].method == ConsentMethod::phone_request);
    CHECK(app::record_withdrawal(k.s, r).empty());
    CHECK(k.s.ledger().verify().ok());

    // phone_request is for withdrawals: a grant by telephone needs a recording.
    auto g = k.grant(Channel::email, email);
    g.method = ConsentMethod::phone_request;
    CHECK_THROWS_AS(app::record_consent(k.s, g), ValidationError);
    CHECK(app::customers_with_email(k.s, "LUCIA@example.es").size() == 1);
}
