#include "store/audience_query.hpp"

#include "store/time_columns.hpp"

#include "core/point_key.hpp"
#include "store/ledger_rows.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

#include <optional>
#include <string_view>
#include <unordered_map>

namespace clientela::store {

namespace {

// The readers below are written once for both engines: SQLite's own statements (the tuned
// path: column bytes read in place, no string per column) and the neutral layer's
// (PostgreSQL). Only these few helpers differ.
std::string_view text(SQLite::Statement& q, int column) {
    const SQLite::Column c = q.getColumn(column);
    return {c.getText(), static_cast<std::size_t>(c.getBytes())};
}
std::string text(sql::Statement& q, int column) { return q.getColumn(column).getString(); }

std::int64_t scalar(SQLite::Database& sql, const char* query) { return sql.execAndGet(query).getInt64(); }
std::int64_t scalar(sql::Connection& conn, const char* query) { return sql::query_int64(conn, query); }

std::unordered_set<std::string> suppressed_hashes(SQLite::Database& sql) { return read_suppressed(sql); }
std::unordered_set<std::string> suppressed_hashes(sql::Connection& conn) {
    std::unordered_set<std::string> out;
    sql::Statement q(conn, "SELECT identifier_hash FROM suppressed_identifiers");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
}

struct SqliteEngine {
    using Conn = SQLite::Database;
    using Stmt = SQLite::Statement;
    // '+purpose' keeps SQLite's planner off consent_state_by_purpose (see visit_candidates).
    static constexpr const char* states_by_purpose = "WHERE +purpose = ? ORDER BY contact_uuid, channel";
    // A pass over every customer: SQLite steps through it row by row anyway.
    static Stmt streamed(Conn& conn, const std::string& query) { return Stmt(conn, query); }
};
struct NeutralEngine {
    using Conn = sql::Connection;
    using Stmt = sql::Statement;
    static constexpr const char* states_by_purpose = "WHERE purpose = ? ORDER BY contact_uuid, channel";
    // A pass over every customer: on PostgreSQL a cursor read in batches, not a million rows in
    // one result (inside the snapshot for_each_audience_candidate opens).
    static Stmt streamed(Conn& conn, const std::string& query) { return Stmt(conn, query, sql::Streamed{}); }
};

// What the policy needs from one contact's points: one byte of flags per contact and, when
// the caller wants them, the first mobile and email, back to back in one arena (not two
// std::string objects per contact).
enum PointFlag : std::uint8_t {
    has_phone = 1,
    has_mobile = 2,
    has_email = 4,
    has_postal = 8,
    suppressed = 16,
    deliverable_email = 32  // a valid email not marked undeliverable
};

struct PointTexts {
    std::size_t mobile_at = 0;
    std::size_t email_at = 0;
    std::uint32_t mobile_size = 0;
    std::uint32_t email_size = 0;
};

struct ContactPointFacts {
    std::vector<std::uint8_t> flags;     // indexed by contact id
    std::vector<PointTexts> texts_by_id;  // indexed by contact id; empty when texts are not kept
    std::string texts;

    std::string_view text(std::size_t at, std::uint32_t size) const { return std::string_view(texts).substr(at, size); }
    std::uint32_t keep(std::string_view value, std::size_t& at) {
        at = texts.size();
        texts.append(value);
        return static_cast<std::uint32_t>(value.size());
    }
};

enum class PointUse { none, mobile, email };  // the point becomes the contact's mobile or email shown

// Adds one contact point (a row of kind, normalized, raw_value, is_mobile, is_valid,
// undeliverable_at in columns 1-6) to its contact's flags f.
template <class Stmt>
PointUse add_point(Stmt& q, std::uint8_t& f, const std::unordered_set<std::string>& suppressed,
                   const std::string& identifier_secret, std::optional<PointHasher>& hasher) {
    PointUse use = PointUse::none;
    const PointKind kind = point_kind_from_string(text(q, 1));
    const bool valid = q.getColumn(5).getInt() != 0;
    if (kind == PointKind::phone && valid) {
        if (!(f & has_mobile) && q.getColumn(4).getInt() != 0) {
            f |= has_mobile;
            use = PointUse::mobile;
        }
        f |= has_phone;
    } else if (kind == PointKind::email && valid) {
        // The address used: the first valid one not marked undeliverable, else the first.
        const bool deliverable = q.getColumn(6).getInt64() == 0;
        const bool first = !(f & has_email);
        const bool first_deliverable = deliverable && !(f & deliverable_email);
        f |= has_email;
        if (deliverable) f |= deliverable_email;
        if (first || first_deliverable) use = PointUse::email;
    } else if (kind == PointKind::postal) {
        f |= has_postal;
    }
    if (!suppressed.empty() && !(f & PointFlag::suppressed) && (valid || kind == PointKind::postal)) {
        if (!hasher) hasher.emplace(identifier_secret);
        for (const auto& key : suppression_keys(kind, text(q, 3), text(q, 2), valid)) {
            if (suppressed.count((*hasher)(key)) > 0) f |= PointFlag::suppressed;
        }
    }
    return use;
}

void set_facts(std::uint8_t f, ContactFacts& facts) {
    facts.has_phone = f & has_phone;
    facts.has_mobile = f & has_mobile;
    facts.has_email = f & has_email;
    facts.has_postal = f & has_postal;
    facts.suppressed = f & PointFlag::suppressed;
    facts.email_undeliverable = (f & has_email) && !(f & deliverable_email);
}

// Reads every contact point once, in the (contact_id, position) index order: one
// sequential pass instead of four lookups per contact.
template <class Engine>
ContactPointFacts read_point_facts(typename Engine::Conn& sql, const std::string& identifier_secret,
                                   const std::unordered_set<std::string>& suppressed, bool keep_texts) {
    ContactPointFacts facts;
    const auto ids = static_cast<std::size_t>(scalar(sql, "SELECT COALESCE(MAX(id), 0) + 1 FROM contacts"));
    facts.flags.resize(ids);
    if (keep_texts) facts.texts_by_id.resize(ids);
    std::optional<PointHasher> hasher;  // only when something is suppressed, as point_hash needs the secret
    typename Engine::Stmt q = Engine::streamed(
        sql, "SELECT contact_id, kind, normalized, raw_value, is_mobile, is_valid, undeliverable_at "
             "FROM contact_points ORDER BY contact_id, position");
    while (q.executeStep()) {
        const std::int64_t id = q.getColumn(0).getInt64();
        if (id <= 0 || static_cast<std::size_t>(id) >= ids) continue;  // no such contact
        std::uint8_t& f = facts.flags[static_cast<std::size_t>(id)];
        const PointUse use = add_point(q, f, suppressed, identifier_secret, hasher);
        if (keep_texts && use != PointUse::none) {
            auto& t = facts.texts_by_id[static_cast<std::size_t>(id)];
            if (use == PointUse::mobile) t.mobile_size = facts.keep(text(q, 2), t.mobile_at);
            if (use == PointUse::email) t.email_size = facts.keep(text(q, 2), t.email_at);
        }
    }
    facts.texts.shrink_to_fit();  // it stays while the audience grows: no spare half
    return facts;
}

template <class Stmt>
void read_state(Stmt& q, Purpose purpose, ConsentState& s) {
    s.channel = channel_from_string(text(q, 1));
    s.purpose = purpose;
    s.status = consent_status_from_string(text(q, 2));
    s.basis = legal_basis_from_string(text(q, 3));
    s.method = consent_method_from_string(text(q, 4));
    s.wording_id = q.getColumn(5).getInt64();
    s.point_hash.assign(text(q, 6));
    s.confirmed = q.getColumn(7).getInt() != 0;
    s.grant_seq = q.getColumn(8).getInt64();
    s.confirm_seq = q.getColumn(9).getInt64();
    s.withdraw_seq = q.getColumn(10).getInt64();
    s.expire_seq = q.getColumn(11).getInt64();
    s.last_seq = q.getColumn(12).getInt64();
    s.granted_at = from_seconds(q.getColumn(13).getInt64());
    s.confirmed_at = from_seconds(q.getColumn(14).getInt64());
    s.withdrawn_at = from_seconds(q.getColumn(15).getInt64());
    s.expired_at = from_seconds(q.getColumn(16).getInt64());
    s.last_event_at = from_seconds(q.getColumn(17).getInt64());
}

template <class Engine>
void visit_candidates(typename Engine::Conn& sql, Purpose purpose, const std::string& identifier_secret,
                      CandidateDetail detail, const std::function<void(const AudienceCandidate&)>& visit) {
    const bool full = detail == CandidateDetail::full;
    // Preferences are few (only contacts who stated one): hold them in memory.
    std::unordered_map<std::int64_t, std::vector<Channel>> prefs;
    {
        typename Engine::Stmt q(sql,
                                "SELECT contact_id, channel FROM channel_preferences ORDER BY contact_id, position");
        while (q.executeStep()) prefs[q.getColumn(0).getInt64()].push_back(channel_from_string(text(q, 1)));
    }
    const std::unordered_set<std::string> suppressed = suppressed_hashes(sql);
    const ContactPointFacts facts = read_point_facts<Engine>(sql, identifier_secret, suppressed, full);

    // Contacts by UUID (covered by contacts_by_uuid_name), merged with the projection read
    // in its primary-key order: '+purpose' keeps the planner off consent_state_by_purpose,
    // which would need a temporary sort of every row.
    // (On PostgreSQL every text column is COLLATE "C": both orders are the bytes' order, as
    // the merge below compares them.)
    typename Engine::Stmt contacts = Engine::streamed(
        sql, full ? "SELECT id, uuid, display_name FROM contacts ORDER BY uuid"
                  : "SELECT id, uuid, '' FROM contacts ORDER BY uuid");
    typename Engine::Stmt states = Engine::streamed(
        sql,
        std::string("SELECT contact_uuid, channel, status, basis, method, wording_id, point_hash, confirmed, "
                    "grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, "
                    "withdrawn_at, expired_at, last_event_at FROM consent_state ") +
            Engine::states_by_purpose);
    states.bind(1, std::string(to_string(purpose)));
    bool states_more = states.executeStep();

    AudienceCandidate c;
    while (contacts.executeStep()) {
        c.id = contacts.getColumn(0).getInt64();
        c.uuid.assign(text(contacts, 1));
        c.display_name.assign(text(contacts, 2));
        const auto at = static_cast<std::size_t>(c.id);
        const std::uint8_t f = c.id > 0 && at < facts.flags.size() ? facts.flags[at] : 0;
        set_facts(f, c.facts);
        if (full && f != 0) {
            const PointTexts& t = facts.texts_by_id[at];
            c.mobile.assign(facts.text(t.mobile_at, t.mobile_size));
            c.email.assign(facts.text(t.email_at, t.email_size));
        } else {
            c.mobile.clear();
            c.email.clear();
        }
        // Merge: both streams are sorted by contact UUID. Rows of erased contacts are skipped.
        std::size_t n = 0;
        while (states_more && text(states, 0) < c.uuid) states_more = states.executeStep();
        while (states_more && text(states, 0) == c.uuid) {
            if (n == c.states.size()) c.states.emplace_back();
            read_state(states, purpose, c.states[n++]);
            states_more = states.executeStep();
        }
        c.states.resize(n);
        auto pref = prefs.find(c.id);
        c.preferences = pref == prefs.end() ? std::vector<Channel>{} : pref->second;
        visit(c);
    }
}

constexpr const char* kCandidateStateQuery =
    "SELECT contact_uuid, channel, status, basis, method, wording_id, point_hash, confirmed, grant_seq, "
    "confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, "
    "last_event_at FROM consent_state ";

}  // namespace

namespace {

template <class Engine>
std::optional<AudienceCandidate> read_candidate(typename Engine::Conn& sql, std::int64_t contact_id, Purpose purpose,
                                                const std::string& identifier_secret,
                                                const std::unordered_set<std::string>& suppressed) {
    using Stmt = typename Engine::Stmt;
    AudienceCandidate c;
    {
        Stmt q(sql, "SELECT uuid FROM contacts WHERE id = ?");
        q.bind(1, contact_id);
        if (!q.executeStep()) return std::nullopt;
        c.id = contact_id;
        c.uuid = q.getColumn(0).getString();
    }
    std::uint8_t f = 0;
    std::optional<PointHasher> hasher;
    Stmt points(sql,
                "SELECT contact_id, kind, normalized, raw_value, is_mobile, is_valid, undeliverable_at "
                "FROM contact_points WHERE contact_id = ? ORDER BY position");
    points.bind(1, contact_id);
    while (points.executeStep()) add_point(points, f, suppressed, identifier_secret, hasher);
    set_facts(f, c.facts);
    Stmt states(sql, std::string(kCandidateStateQuery) + "WHERE contact_uuid = ? AND purpose = ? ORDER BY channel");
    states.bind(1, c.uuid);
    states.bind(2, std::string(to_string(purpose)));
    while (states.executeStep()) {
        c.states.emplace_back();
        read_state(states, purpose, c.states.back());
    }
    Stmt prefs(sql, "SELECT channel FROM channel_preferences WHERE contact_id = ? ORDER BY position");
    prefs.bind(1, contact_id);
    while (prefs.executeStep()) c.preferences.push_back(channel_from_string(text(prefs, 0)));
    return c;
}

}  // namespace

std::optional<AudienceCandidate> audience_candidate(Database& db, std::int64_t contact_id, Purpose purpose,
                                                    const std::string& identifier_secret,
                                                    const std::unordered_set<std::string>& suppressed) {
    if (db.on_postgresql()) {
        return read_candidate<NeutralEngine>(db.conn(), contact_id, purpose, identifier_secret, suppressed);
    }
    return read_candidate<SqliteEngine>(db.sql(), contact_id, purpose, identifier_secret, suppressed);
}

std::unordered_set<std::string> suppressed_identifier_hashes(Database& db) {
    if (db.on_postgresql()) return suppressed_hashes(db.conn());
    return suppressed_hashes(db.sql());
}

void for_each_audience_candidate(Database& db, Purpose purpose, const std::string& identifier_secret,
                                 const std::function<void(const AudienceCandidate&)>& visit, CandidateDetail detail) {
    if (db.on_postgresql()) {
        // One snapshot (REPEATABLE READ READ ONLY) for the points, contacts and states, as on
        // SQLite, in which the big reads are cursors fetched in batches; inside the caller's write
        // transaction that transaction is used (READ COMMITTED, each cursor from its DECLARE on).
        sql::PgReadSnapshot snapshot(db.pg());
        visit_candidates<NeutralEngine>(db.conn(), purpose, identifier_secret, detail, visit);
        return;
    }
    // One read transaction (a savepoint, so it also nests in the caller's), so the points
    // read first and the contacts read after are the same snapshot.
    auto& sql = db.sql();
    sql.exec("SAVEPOINT audience_candidates");
    try {
        visit_candidates<SqliteEngine>(sql, purpose, identifier_secret, detail, visit);
    } catch (...) {
        try {
            sql.exec("RELEASE audience_candidates");
        } catch (...) {
            // The error already on its way out (a cancelled build, a broken file) is the one to report.
        }
        throw;
    }
    sql.exec("RELEASE audience_candidates");
}

}  // namespace clientela::store
