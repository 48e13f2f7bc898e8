// verify on a large SQLite ledger hashes the chain in two parts on its two connections
// (VerifyOptions::split_from_events, lowered here so small ledgers split): wherever the split
// falls, and whatever was done to the ledger behind its triggers, the result is the one pass's.
#include "core/errors.hpp"
#include "store/ledger_repo.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include <sstream>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

// A ledger of about `events` events built from `seed`: six contacts with UUIDs and one
// without, four channels, random grants, confirms, withdrawals and expiries (those the ledger
// refuses are left out), grants on wording 1 for the first half and wording 2 after.
void build_ledger(const std::string& path, unsigned seed, int events) {
    store::Database db(path, store::Database::Initialise{});
    store::LedgerRepo ledger(db);
    std::mt19937 random(seed);
    auto tx = db.begin_write();
    const auto first = ledger.add_wording("default", "es", "Acepto recibir ofertas de La Aguja.", kT0);
    const auto second = ledger.add_wording("default", "es", "Acepto recibir ofertas de La Aguja y novedades.", kT0);
    std::vector<std::string> contacts = {"c-otro"};
    for (int i = 0; i < 6; ++i) contacts.push_back(new_uuid());
    const Channel channels[] = {Channel::email, Channel::sms, Channel::whatsapp_business, Channel::postal};
    const ConsentAction actions[] = {ConsentAction::grant, ConsentAction::grant, ConsentAction::confirm,
                                     ConsentAction::withdraw, ConsentAction::expire};
    int appended = 0;
    for (int attempt = 0; appended < events && attempt < events * 10; ++attempt) {
        ConsentEvent e;
        e.event_uuid = new_uuid();
        e.contact_uuid = contacts[random() % contacts.size()];
        e.point_hash = point_hash("p" + std::to_string(random() % 3) + "@example.es", db.identifier_secret());
        e.channel = channels[random() % 4];
        e.purpose = random() % 4 == 0 ? Purpose::service : Purpose::marketing;
        e.action = actions[random() % 5];
        e.method = random() % 2 ? ConsentMethod::in_store_form : ConsentMethod::paper;
        e.basis = LegalBasis::consent;
        e.wording_id = e.action == ConsentAction::grant ? (appended < events / 2 ? first.id : second.id) : 0;
        e.evidence = random() % 3 == 0 ? std::string() : "hoja " + std::to_string(attempt);
        e.recorded_by = "Rocío";
        e.occurred_at = kT0 + std::chrono::minutes(attempt);
        e.recorded_at = e.occurred_at;
        try {
            ledger.append(e);
            ++appended;
        } catch (const ValidationError&) {
            // refused (a confirm with nothing to confirm, ...): the ledger never holds it
        }
    }
    tx.commit();
    REQUIRE(appended == events);
}

// Everything verify reports but its timings, one line each, so a difference reads as a diff.
std::string describe(const store::LedgerCheck& c) {
    std::ostringstream out;
    out << "chain ok " << c.chain.ok << " events " << c.chain.events_checked << " broken at "
        << c.chain.first_broken_seq << "\nhead " << c.chain.head_hash << "\nproblem " << c.chain.problem
        << "\nintegrity " << c.integrity_ok << " " << c.integrity_problem << "\nstates " << c.states_checked
        << " mismatches " << c.state_mismatches << " " << c.first_state_problem << "\nwordings " << c.wordings_checked;
    for (const auto& p : c.wording_problems) out << "\nwording problem " << p;
    out << "\ntriggers " << c.triggers_checked;
    for (const auto& p : c.schema_problems) out << "\nschema problem " << p;
    return out.str();
}

bool was_split(const store::LedgerCheck& c) {
    return std::any_of(c.part_seconds.begin(), c.part_seconds.end(),
                       [](const auto& part) { return part.first == "chain tail"; });
}

store::VerifyOptions one_pass() {
    store::VerifyOptions o;
    o.split_from_events = std::numeric_limits<std::int64_t>::max();
    return o;
}

store::VerifyOptions split_after(std::int64_t seq) {
    store::VerifyOptions o;
    o.split_from_events = 1;
    o.split_after_seq = seq;
    return o;
}

// Verifies the ledger at path in one pass and split after each seq of splits; every split
// verify that did split must give the one pass's result. Returns the one pass's.
store::LedgerCheck same_wherever_split(const std::string& path, const std::set<std::int64_t>& splits) {
    store::Database db(path);
    store::LedgerRepo ledger(db);
    const auto reference = ledger.verify(one_pass());
    CHECK_FALSE(was_split(reference));
    const std::string expected = describe(reference);
    for (const std::int64_t seq : splits) {
        const auto check = ledger.verify(split_after(seq));
        INFO("split after seq " << seq);
        CHECK(describe(check) == expected);
        // No event at or before seq (an empty first part) leaves it to one pass.
        const bool first_part_empty =
            db.sql().execAndGet("SELECT count(*) FROM consent_events WHERE seq <= " + std::to_string(seq)).getInt64() ==
            0;
        CHECK(was_split(check) == !first_part_empty);
    }
    return reference;
}

// What someone with the sqlite3 shell can do behind the ledger's triggers, around event p.
struct Tampering {
    std::string name;
    std::function<std::string(std::int64_t p)> sql;
};

std::vector<Tampering> tamperings() {
    auto n = [](std::int64_t v) { return std::to_string(v); };
    return {
        {"event deleted", [=](std::int64_t p) { return "DELETE FROM consent_events WHERE seq = " + n(p); }},
        {"two events swapped",
         [=](std::int64_t p) {
             return "UPDATE consent_events SET seq = 1000000 WHERE seq = " + n(p) +
                    "; UPDATE consent_events SET seq = " + n(p) + " WHERE seq = " + n(p + 1) +
                    "; UPDATE consent_events SET seq = " + n(p + 1) + " WHERE seq = 1000000";
         }},
        {"action edited",
         [=](std::int64_t p) {
             return "UPDATE consent_events SET action = CASE action WHEN 'withdraw' THEN 'grant' ELSE 'withdraw' END "
                    "WHERE seq = " +
                    n(p);
         }},
        {"timestamp edited",
         [=](std::int64_t p) { return "UPDATE consent_events SET occurred_at = occurred_at + 1 WHERE seq = " + n(p); }},
        {"a name no version of Clientela wrote",
         [=](std::int64_t p) { return "UPDATE consent_events SET channel = 'fax' WHERE seq = " + n(p); }},
        {"seq made negative",
         [=](std::int64_t p) { return "UPDATE consent_events SET seq = -" + n(p) + " WHERE seq = " + n(p); }},
        {"evidence text edited",
         [=](std::int64_t p) {
             return "UPDATE consent_evidence SET text = 'otra hoja' WHERE seq = (SELECT min(seq) FROM consent_evidence "
                    "WHERE seq >= " +
                    n(p) + ")";
         }},
        {"truncated", [=](std::int64_t p) { return "DELETE FROM consent_events WHERE seq >= " + n(p); }},
        {"projection row edited",
         [=](std::int64_t p) {
             return "UPDATE consent_state SET last_seq = last_seq + 1 WHERE (contact_uuid, channel, purpose) = "
                    "(SELECT contact_uuid, channel, purpose FROM consent_events WHERE seq = " +
                    n(p) + ")";
         }},
        {"projection rows of the first and the last customer edited",
         [=](std::int64_t p) {
             return "UPDATE consent_state SET last_seq = last_seq + " + n(p) +
                    " WHERE contact_uuid IN (SELECT min(contact_uuid) FROM consent_state UNION "
                    "SELECT max(contact_uuid) FROM consent_state)";
         }},
        {"projection row with a status no version of Clientela wrote",
         [=](std::int64_t p) {
             return "UPDATE consent_state SET status = 'raro' WHERE (contact_uuid, channel, purpose) = "
                    "(SELECT contact_uuid, channel, purpose FROM consent_events WHERE seq = " +
                    n(p) + ")";
         }},
        {"projection row deleted",
         [=](std::int64_t p) {
             return "DELETE FROM consent_state WHERE (contact_uuid, channel, purpose) = "
                    "(SELECT contact_uuid, channel, purpose FROM consent_events WHERE seq = " +
                    n(p) + ")";
         }},
        {"projection row added for a customer no event names",
         [=](std::int64_t p) {
             return "INSERT INTO consent_state SELECT '" + n(p) +
                    "-sin-eventos', channel, purpose, status, basis, method, wording_id, point_hash, confirmed, "
                    "grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, "
                    "withdrawn_at, expired_at, last_event_at FROM consent_state LIMIT 1";
         }},
        {"wording 2 replaced, fingerprint and all",
         [=](std::int64_t) {
             return "UPDATE consent_wordings SET text = 'Acepto todo.', text_hash = '" + sha256_hex("Acepto todo.") +
                    "' WHERE id = 2";
         }},
        {"wording 1 text edited", [=](std::int64_t) { return "UPDATE consent_wordings SET text = 'x' WHERE id = 1"; }},
        {"wording 2 deleted", [=](std::int64_t) { return "DELETE FROM consent_wordings WHERE id = 2"; }},
    };
}

void unguard(SQLite::Database& sql) {
    sql.exec("PRAGMA foreign_keys = OFF");
    for (const char* trigger :
         {"consent_events_no_update", "consent_events_no_delete", "consent_wordings_no_update",
          "consent_wordings_no_delete", "consent_evidence_no_delete", "consent_evidence_only_erased"}) {
        sql.exec(std::string("DROP TRIGGER IF EXISTS ") + trigger);
    }
}

}  // namespace

TEST_CASE("a split verify of a sound ledger gives the one pass's result wherever the split falls") {
    test::TempDir dir;
    const unsigned seed = GENERATE(1u, 2u);
    const std::string path = dir.file("shop.db");
    constexpr int kEvents = 300;
    build_ledger(path, seed, kEvents);
    std::set<std::int64_t> splits;
    for (std::int64_t seq = -1; seq <= kEvents + 1; ++seq) splits.insert(seq);
    const auto reference = same_wherever_split(path, splits);
    CHECK(reference.ok());
    CHECK(reference.chain.events_checked == kEvents);
}

TEST_CASE(
    "a split verify of a tampered ledger gives the one pass's result, the tampering on either side of the split or at "
    "it") {
    test::TempDir dir;
    constexpr int kEvents = 240;
    const std::string clean = dir.file("clean.db");
    build_ledger(clean, 7, kEvents);
    std::mt19937 random(11);
    int copy = 0;
    for (const auto& tampering : tamperings()) {
        for (const std::int64_t p : {std::int64_t{1}, std::int64_t{2}, std::int64_t{kEvents / 3},
                                     std::int64_t{kEvents / 2 + 1}, std::int64_t{kEvents - 1}, std::int64_t{kEvents}}) {
            const std::string path = dir.file("tampered" + std::to_string(++copy) + ".db");
            std::filesystem::copy_file(clean, path);
            {
                store::Database db(path);
                unguard(db.sql());
                db.sql().exec(tampering.sql(p));
            }
            std::set<std::int64_t> splits = {0, 1, kEvents / 4, kEvents / 2, kEvents - 1, kEvents, kEvents + 1};
            for (std::int64_t d = -2; d <= 2; ++d) splits.insert(p + d);
            for (int i = 0; i < 4; ++i) splits.insert(1 + static_cast<std::int64_t>(random() % kEvents));
            INFO(tampering.name << " at event " << p);
            const auto reference = same_wherever_split(path, splits);
            CHECK_FALSE(reference.ok());
        }
    }
}

// Larger than the blocks verify folds in (4 096 events on the first connection, 16 384 handed
// over from the second): a break or a projection edit in a later block of either part, and an
// event the fold refuses (a seq made negative, which is then read first), give the one pass's
// result too.
TEST_CASE("a split verify of a ledger of several blocks gives the one pass's result, tampered or not") {
    test::TempDir dir;
    constexpr int kEvents = 40000;
    const std::string clean = dir.file("clean.db");
    build_ledger(clean, 5, kEvents);
    const std::set<std::int64_t> splits = {9000, 14000};  // the second part: 26 000 or 31 000 events
    const auto reference = same_wherever_split(clean, splits);
    CHECK(reference.ok());
    CHECK(reference.chain.events_checked == kEvents);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"seq of a first-part event made negative", "UPDATE consent_events SET seq = -8500 WHERE seq = 8500"},
        {"seq of a second-part event made negative",
         "UPDATE consent_events SET seq = -37000 WHERE seq = 37000"},
        {"action edited late in the second part",
         "UPDATE consent_events SET action = CASE action WHEN 'withdraw' THEN 'grant' ELSE 'withdraw' END WHERE seq = "
         "39000"},
        {"event deleted in the second part", "DELETE FROM consent_events WHERE seq = 33000"},
        {"projection row of a late event edited",
         "UPDATE consent_state SET last_seq = last_seq + 1 WHERE (contact_uuid, channel, purpose) = (SELECT "
         "contact_uuid, channel, purpose FROM consent_events WHERE seq = 38000)"},
    };
    int copy = 0;
    for (const auto& [name, sql] : cases) {
        const std::string path = dir.file("tampered" + std::to_string(++copy) + ".db");
        std::filesystem::copy_file(clean, path);
        {
            store::Database db(path);
            unguard(db.sql());
            db.sql().exec(sql);
        }
        INFO(name);
        CHECK_FALSE(same_wherever_split(path, splits).ok());
    }
}

TEST_CASE("verify splits a ledger from split_from_events on, and keeps one pass below it and in memory") {
    test::TempDir dir;
    const std::string path = dir.file("shop.db");
    build_ledger(path, 3, 50);
    store::Database db(path);
    store::LedgerRepo ledger(db);
    CHECK_FALSE(was_split(ledger.verify()));  // the default: far more events than 50
    store::VerifyOptions lowered;
    lowered.split_from_events = 50;
    const auto split = ledger.verify(lowered);
    CHECK(was_split(split));
    CHECK(split.ok());
    CHECK(split.chain.events_checked == 50);
    lowered.split_from_events = 51;
    CHECK_FALSE(was_split(ledger.verify(lowered)));
    {
        // --full: the second connection runs integrity_check of the whole file after its part.
        store::VerifyOptions full = one_pass();
        full.whole_file = true;
        const auto whole = ledger.verify(full);
        full.split_from_events = 1;
        const auto split_whole = ledger.verify(full);
        CHECK(was_split(split_whole));
        CHECK(split_whole.whole_file_checked);
        CHECK(describe(split_whole) == describe(whole));
        CHECK(split_whole.ok());
    }
    {
        auto tx = db.begin_write();  // the caller's open transaction: one pass on its connection
        lowered.split_from_events = 1;
        const auto inside = ledger.verify(lowered);
        CHECK_FALSE(was_split(inside));
        CHECK(describe(inside) == describe(split));
    }

    store::Database memory(":memory:", store::Database::Initialise{});
    CHECK_FALSE(was_split(store::LedgerRepo(memory).verify(lowered)));
}
