#include "store/ledger_repo.hpp"

#include "store/time_columns.hpp"

#include "core/errors.hpp"
#include "store/ledger_rows.hpp"
#include "store/ledger_rows_neutral.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"

#include <map>
#include <tuple>

namespace clientela::store {

namespace {

// Events read per page by for_each_event on PostgreSQL (see there).
constexpr int kEventPage = 2000;

}  // namespace

LedgerRepo::LedgerRepo(Database& db) : db_(db) {}
LedgerRepo::~LedgerRepo() = default;

ConsentWording LedgerRepo::add_wording(const std::string& name, const std::string& language, const std::string& text,
                                       Timestamp now) {
    if (text.empty()) throw ValidationError("a wording needs the text the customer reads", "wording.empty");
    if (text.size() > 20000) throw ValidationError("a wording is limited to 20 000 bytes", "wording.too_long", {"20000"});
    if (name.empty() || name.size() > 100) throw ValidationError("a wording name needs 1 to 100 characters");
    if (language.size() < 2 || language.size() > 16) throw ValidationError("language must be a code such as es or en");
    sql::Statement next(db_.conn(),
                        "SELECT COALESCE(MAX(version), 0) + 1 FROM consent_wordings WHERE name = ? AND language = ?");
    next.bind(1, name);
    next.bind(2, language);
    next.executeStep();
    ConsentWording w;
    w.version = next.getColumn(0).getInt();
    w.language = language;
    w.text = text;
    w.text_hash = sha256_hex(text);
    w.created_at = now;
    sql::Statement ins(db_.conn(),
                       "INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    ins.bind(1, name);
    ins.bind(2, w.version);
    ins.bind(3, language);
    ins.bind(4, text);
    ins.bind(5, w.text_hash);
    ins.bind(6, static_cast<long long>(to_seconds(now)));
    ins.executeStep();
    w.id = ins.getColumn(0).getInt64();
    return w;
}

std::optional<ConsentWording> LedgerRepo::wording(std::int64_t id) {
    sql::Statement q(db_.conn(),
                     "SELECT id, version, language, text, text_hash, created_at FROM consent_wordings WHERE id = ?");
    q.bind(1, static_cast<long long>(id));
    if (!q.executeStep()) return std::nullopt;
    ConsentWording w;
    w.id = q.getColumn(0).getInt64();
    w.version = q.getColumn(1).getInt();
    w.language = q.getColumn(2).getString();
    w.text = q.getColumn(3).getString();
    w.text_hash = q.getColumn(4).getString();
    w.created_at = from_seconds(q.getColumn(5).getInt64());
    return w;
}

std::string LedgerRepo::wording_name(std::int64_t id) {
    sql::Statement q(db_.conn(), "SELECT name FROM consent_wordings WHERE id = ?");
    q.bind(1, static_cast<long long>(id));
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::vector<ConsentWording> LedgerRepo::wordings() {
    std::vector<ConsentWording> out;
    sql::Statement q(db_.conn(), "SELECT id FROM consent_wordings ORDER BY id");
    while (q.executeStep()) out.push_back(*wording(q.getColumn(0).getInt64()));
    return out;
}

ConsentEvent LedgerRepo::append(ConsentEvent e) {
    if (db_.on_postgresql() && !db_.pg().in_transaction()) {
        // The head must be read and the event inserted under the shop-wide write lock, or two
        // tills would seal onto the same head: a caller without a transaction gets its own.
        auto tx = db_.begin_write();
        ConsentEvent sealed = append(std::move(e));
        tx.commit();
        return sealed;
    }
    std::optional<ConsentWording> w;
    if (e.wording_id != 0) {
        w = wording(e.wording_id);
        if (!w) throw NotFoundError("there is no wording with id " + std::to_string(e.wording_id));
        e.wording_hash = w->text_hash;
    }
    auto current = state(e.contact_uuid, e.channel, e.purpose);
    validate_new_event(e, current ? &*current : nullptr, w ? &*w : nullptr);

    std::int64_t seq = 1;
    std::string prev(genesis_hash);
    if (db_.on_postgresql()) {
        // max(seq) + 1 read under the write lock the transaction holds: gapless, one chain.
        const LedgerHead h = head();
        seq = h.seq + 1;
        prev = h.hash;
    } else {
        SQLite::Statement head(db_.sql(), "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1");
        if (head.executeStep()) {
            seq = head.getColumn(0).getInt64() + 1;
            prev = head.getColumn(1).getString();
        }
    }
    e.format = current_consent_format;
    seal_event(e, seq, prev);

    if (db_.on_postgresql()) {
        if (!pg_insert_event_) pg_insert_event_ = std::make_unique<sql::Statement>(db_.conn(), kInsertEvent);
        bind_event(*pg_insert_event_, e);
        pg_insert_event_->exec();
        if (!pg_insert_evidence_) {
            pg_insert_evidence_ = std::make_unique<sql::Statement>(db_.conn(), kInsertEvidence);
        }
        if (bind_evidence(*pg_insert_evidence_, e)) pg_insert_evidence_->exec();
    } else {
        if (!insert_event_) insert_event_ = std::make_unique<SQLite::Statement>(db_.sql(), kInsertEvent);
        bind_event(*insert_event_, e);
        insert_event_->exec();
        if (!insert_evidence_) insert_evidence_ = std::make_unique<SQLite::Statement>(db_.sql(), kInsertEvidence);
        if (bind_evidence(*insert_evidence_, e)) insert_evidence_->exec();
    }

    ConsentState s = current.value_or(ConsentState{});
    apply(s, e);
    write_state(e.contact_uuid, s);
    return e;
}

LedgerHead LedgerRepo::head() {
    LedgerHead h;
    h.hash = std::string(genesis_hash);
    sql::Statement q(db_.conn(), "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1");
    if (q.executeStep()) {
        h.seq = q.getColumn(0).getInt64();
        h.hash = q.getColumn(1).getString();
    }
    return h;
}

std::optional<std::string> LedgerRepo::hash_at(std::int64_t seq) {
    sql::Statement q(db_.conn(), "SELECT hash FROM consent_events WHERE seq = ?");
    q.bind(1, static_cast<long long>(seq));
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

std::optional<std::int64_t> LedgerRepo::seq_of_hash(const std::string& hash) {
    sql::Statement q(db_.conn(), "SELECT seq FROM consent_events WHERE hash = ?");
    q.bind(1, hash);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

void LedgerRepo::write_state(const std::string& contact_uuid, const ConsentState& s) {
    if (db_.on_postgresql()) {
        if (!pg_upsert_state_) pg_upsert_state_ = std::make_unique<sql::Statement>(db_.conn(), kUpsertStateNeutral);
        bind_state(*pg_upsert_state_, contact_uuid, s);
        pg_upsert_state_->exec();
        return;
    }
    if (!upsert_state_) upsert_state_ = std::make_unique<SQLite::Statement>(db_.sql(), kUpsertState);
    bind_state(*upsert_state_, contact_uuid, s);
    upsert_state_->exec();
}

std::optional<ConsentState> LedgerRepo::state(const std::string& contact_uuid, Channel channel, Purpose purpose) {
    if (db_.on_postgresql()) {
        sql::Statement q(db_.conn(), std::string("SELECT ") + kStateColumns +
                                         " FROM consent_state WHERE contact_uuid = ? AND channel = ? AND purpose = ?");
        q.bind(1, contact_uuid);
        q.bind(2, std::string(to_string(channel)));
        q.bind(3, std::string(to_string(purpose)));
        if (!q.executeStep()) return std::nullopt;
        return state_from_row(q);
    }
    RowCursor q(db_.sql(), std::string("SELECT ") + kStateColumns +
                               " FROM consent_state WHERE contact_uuid = ? AND channel = ? AND purpose = ?");
    q.bind(1, contact_uuid);
    q.bind(2, to_string(channel));
    q.bind(3, to_string(purpose));
    if (!q.step()) return std::nullopt;
    return state_from_row(q);
}

std::vector<ConsentState> LedgerRepo::states(const std::string& contact_uuid) {
    if (db_.on_postgresql()) {
        sql::Statement q(db_.conn(), std::string("SELECT ") + kStateColumns +
                                         " FROM consent_state WHERE contact_uuid = ? ORDER BY channel, purpose");
        q.bind(1, contact_uuid);
        std::vector<ConsentState> out;
        while (q.executeStep()) out.push_back(state_from_row(q));
        return out;
    }
    RowCursor q(db_.sql(), std::string("SELECT ") + kStateColumns +
                               " FROM consent_state WHERE contact_uuid = ? ORDER BY channel, purpose");
    q.bind(1, contact_uuid);
    std::vector<ConsentState> out;
    while (q.step()) out.push_back(state_from_row(q));
    return out;
}

std::vector<ConsentEvent> LedgerRepo::history(const std::string& contact_uuid) {
    if (db_.on_postgresql()) {
        sql::Statement q(db_.conn(), std::string("SELECT ") + kEventColumnsNeutral +
                                         " FROM consent_events WHERE contact_uuid = ? ORDER BY seq");
        q.bind(1, contact_uuid);
        std::vector<ConsentEvent> out;
        while (q.executeStep()) out.push_back(event_from_row(q));
        return out;
    }
    RowCursor q(db_.sql(), std::string("SELECT ") + kEventColumns +
                               " FROM consent_events WHERE contact_uuid = ? ORDER BY seq");
    q.bind(1, contact_uuid);
    std::vector<ConsentEvent> out;
    while (q.step()) out.push_back(event_from_row(q));
    return out;
}

std::int64_t LedgerRepo::event_count() {
    return sql::query_int64(db_.conn(), "SELECT count(*) FROM consent_events");
}

void LedgerRepo::for_each_event(const std::function<void(const ConsentEvent&)>& visit) {
    if (db_.on_postgresql()) {
        // Pages of kEventPage events by seq (the primary key), never one result of millions of
        // rows. Not a server cursor: the visitor may use this connection between events (an
        // export looks names up), which a cursor's open transaction would not allow. The
        // ledger only grows at its end, so the pages read a consistent prefix of the chain.
        sql::Statement q(db_.conn(), std::string("SELECT ") + kEventColumnsNeutral +
                                         " FROM consent_events WHERE seq > ? ORDER BY seq LIMIT " +
                                         std::to_string(kEventPage));
        std::int64_t after = 0;
        for (;;) {
            q.reset();
            q.bind(1, static_cast<long long>(after));
            int rows = 0;
            ConsentEvent e;
            while (q.executeStep()) {
                ++rows;
                read_event(q, e);
                after = e.seq;
                visit(e);
            }
            if (rows < kEventPage) return;
        }
    }
    RowCursor q(db_.sql(), std::string("SELECT ") + kEventColumns + " FROM consent_events ORDER BY seq");
    ConsentEvent e;  // reused: its strings keep their capacity from event to event
    while (q.step()) {
        read_event(q.row(), e);
        visit(e);
    }
}

// verify() is in ledger_verify.cpp.

std::size_t LedgerRepo::rebuild_projection() {
    db_.conn().exec("DELETE FROM consent_state");
    std::map<std::tuple<std::string, Channel, Purpose>, ConsentState> all;
    for_each_event([&](const ConsentEvent& e) { apply(all[{e.contact_uuid, e.channel, e.purpose}], e); });
    for (const auto& [key, s] : all) write_state(std::get<0>(key), s);
    return all.size();
}

std::vector<Channel> LedgerRepo::preferences(std::int64_t contact_id) {
    sql::Statement q(db_.conn(), "SELECT channel FROM channel_preferences WHERE contact_id = ? ORDER BY position");
    q.bind(1, static_cast<long long>(contact_id));
    std::vector<Channel> out;
    while (q.executeStep()) out.push_back(channel_from_string(q.getColumn(0).getString()));
    return out;
}

void LedgerRepo::set_preferences(std::int64_t contact_id, const std::vector<Channel>& order) {
    sql::Statement del(db_.conn(), "DELETE FROM channel_preferences WHERE contact_id = ?");
    del.bind(1, static_cast<long long>(contact_id));
    del.exec();
    sql::Statement ins(db_.conn(), "INSERT INTO channel_preferences (contact_id, position, channel) VALUES (?, ?, ?)");
    int position = 0;
    for (Channel c : order) {
        ins.reset();
        ins.bind(1, static_cast<long long>(contact_id));
        ins.bind(2, position++);
        ins.bind(3, std::string(to_string(c)));
        ins.exec();
    }
}

bool LedgerRepo::any_suppressed(const std::vector<std::string>& identifier_hashes) {
    sql::Statement q(db_.conn(), "SELECT 1 FROM suppressed_identifiers WHERE identifier_hash = ?");
    for (const auto& h : identifier_hashes) {
        q.reset();
        q.bind(1, h);
        if (q.executeStep()) return true;
    }
    return false;
}

std::optional<Timestamp> LedgerRepo::suppressed_since(const std::vector<std::string>& identifier_hashes) {
    sql::Statement q(db_.conn(), "SELECT created_at FROM suppressed_identifiers WHERE identifier_hash = ?");
    std::optional<Timestamp> earliest;
    for (const auto& h : identifier_hashes) {
        q.reset();
        q.bind(1, h);
        if (!q.executeStep()) continue;
        const Timestamp at{std::chrono::seconds(q.getColumn(0).getInt64())};
        if (!earliest || at < *earliest) earliest = at;
    }
    return earliest;
}

std::unordered_set<std::string> LedgerRepo::suppressed_identifiers() {
    if (db_.on_postgresql()) return read_suppressed(db_.conn());
    return read_suppressed(db_.sql());
}

void LedgerRepo::suppress(const std::string& identifier_hash, const std::string& reason, Timestamp now) {
    sql::Statement q(db_.conn(),
                     "INSERT INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES (?,?,?) "
                     "ON CONFLICT (identifier_hash) DO NOTHING");
    q.bind(1, identifier_hash);
    q.bind(2, reason);
    q.bind(3, static_cast<long long>(to_seconds(now)));
    q.exec();
}

}  // namespace clientela::store
