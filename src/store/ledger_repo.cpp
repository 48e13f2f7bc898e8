#include "store/ledger_repo.hpp"

#include "store/time_columns.hpp"

#include "core/errors.hpp"
#include "store/ledger_rows.hpp"
#include "store/sqlite_connection.hpp"

#include <map>
#include <tuple>

namespace clientela::store {

namespace {


}  // namespace

LedgerRepo::LedgerRepo(Database& db) : db_(db) {}
LedgerRepo::~LedgerRepo() = default;

ConsentWording LedgerRepo::add_wording(const std::string& name, const std::string& language, const std::string& text,
                                       Timestamp now) {
    if (text.empty()) throw ValidationError("a wording needs the text the customer reads", "wording.empty");
    if (text.size() > 20000) throw ValidationError("a wording is limited to 20 000 bytes", "wording.too_long", {"20000"});
    if (name.empty() || name.size() > 100) throw ValidationError("a wording name needs 1 to 100 characters");
    if (language.size() < 2 || language.size() > 16) throw ValidationError("language must be a code such as es or en");
    SQLite::Statement next(db_.sql(),
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
    SQLite::Statement ins(db_.sql(),
                          "INSERT INTO consent_wordings (name, version, language, text, text_hash, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, name);
    ins.bind(2, w.version);
    ins.bind(3, language);
    ins.bind(4, text);
    ins.bind(5, w.text_hash);
    ins.bind(6, to_seconds(now));
    ins.exec();
    w.id = db_.sql().getLastInsertRowid();
    return w;
}

std::optional<ConsentWording> LedgerRepo::wording(std::int64_t id) {
    SQLite::Statement q(db_.sql(),
                        "SELECT id, version, language, text, text_hash, created_at FROM consent_wordings WHERE id = ?");
    q.bind(1, id);
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
    SQLite::Statement q(db_.sql(), "SELECT name FROM consent_wordings WHERE id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

std::vector<ConsentWording> LedgerRepo::wordings() {
    std::vector<ConsentWording> out;
    SQLite::Statement q(db_.sql(), "SELECT id FROM consent_wordings ORDER BY id");
    while (q.executeStep()) out.push_back(*wording(q.getColumn(0).getInt64()));
    return out;
}

ConsentEvent LedgerRepo::append(ConsentEvent e) {
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
    {
        SQLite::Statement head(db_.sql(), "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1");
        if (head.executeStep()) {
            seq = head.getColumn(0).getInt64() + 1;
            prev = head.getColumn(1).getString();
        }
    }
    e.format = current_consent_format;
    seal_event(e, seq, prev);

    if (!insert_event_) insert_event_ = std::make_unique<SQLite::Statement>(db_.sql(), kInsertEvent);
    bind_event(*insert_event_, e);
    insert_event_->exec();
    if (!insert_evidence_) insert_evidence_ = std::make_unique<SQLite::Statement>(db_.sql(), kInsertEvidence);
    if (bind_evidence(*insert_evidence_, e)) insert_evidence_->exec();

    ConsentState s = current.value_or(ConsentState{});
    apply(s, e);
    write_state(e.contact_uuid, s);
    return e;
}

LedgerHead LedgerRepo::head() {
    LedgerHead h;
    h.hash = std::string(genesis_hash);
    SQLite::Statement q(db_.sql(), "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1");
    if (q.executeStep()) {
        h.seq = q.getColumn(0).getInt64();
        h.hash = q.getColumn(1).getString();
    }
    return h;
}

std::optional<std::string> LedgerRepo::hash_at(std::int64_t seq) {
    SQLite::Statement q(db_.sql(), "SELECT hash FROM consent_events WHERE seq = ?");
    q.bind(1, seq);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
}

std::optional<std::int64_t> LedgerRepo::seq_of_hash(const std::string& hash) {
    SQLite::Statement q(db_.sql(), "SELECT seq FROM consent_events WHERE hash = ?");
    q.bind(1, hash);
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getInt64();
}

void LedgerRepo::write_state(const std::string& contact_uuid, const ConsentState& s) {
    if (!upsert_state_) upsert_state_ = std::make_unique<SQLite::Statement>(db_.sql(), kUpsertState);
    bind_state(*upsert_state_, contact_uuid, s);
    upsert_state_->exec();
}

std::optional<ConsentState> LedgerRepo::state(const std::string& contact_uuid, Channel channel, Purpose purpose) {
    RowCursor q(db_.sql(), std::string("SELECT ") + kStateColumns +
                               " FROM consent_state WHERE contact_uuid = ? AND channel = ? AND purpose = ?");
    q.bind(1, contact_uuid);
    q.bind(2, to_string(channel));
    q.bind(3, to_string(purpose));
    if (!q.step()) return std::nullopt;
    return state_from_row(q);
}

std::vector<ConsentState> LedgerRepo::states(const std::string& contact_uuid) {
    RowCursor q(db_.sql(), std::string("SELECT ") + kStateColumns +
                               " FROM consent_state WHERE contact_uuid = ? ORDER BY channel, purpose");
    q.bind(1, contact_uuid);
    std::vector<ConsentState> out;
    while (q.step()) out.push_back(state_from_row(q));
    return out;
}

std::vector<ConsentEvent> LedgerRepo::history(const std::string& contact_uuid) {
    RowCursor q(db_.sql(), std::string("SELECT ") + kEventColumns +
                               " FROM consent_events WHERE contact_uuid = ? ORDER BY seq");
    q.bind(1, contact_uuid);
    std::vector<ConsentEvent> out;
    while (q.step()) out.push_back(event_from_row(q));
    return out;
}

std::int64_t LedgerRepo::event_count() {
    return db_.sql().execAndGet("SELECT count(*) FROM consent_events").getInt64();
}

void LedgerRepo::for_each_event(const std::function<void(const ConsentEvent&)>& visit) {
    RowCursor q(db_.sql(), std::string("SELECT ") + kEventColumns + " FROM consent_events ORDER BY seq");
    ConsentEvent e;  // reused: its strings keep their capacity from event to event
    while (q.step()) {
        read_event(q.row(), e);
        visit(e);
    }
}

// verify() is in ledger_verify.cpp.

std::size_t LedgerRepo::rebuild_projection() {
    db_.sql().exec("DELETE FROM consent_state");
    std::map<std::tuple<std::string, Channel, Purpose>, ConsentState> all;
    for_each_event([&](const ConsentEvent& e) { apply(all[{e.contact_uuid, e.channel, e.purpose}], e); });
    for (const auto& [key, s] : all) write_state(std::get<0>(key), s);
    return all.size();
}

std::vector<Channel> LedgerRepo::preferences(std::int64_t contact_id) {
    SQLite::Statement q(db_.sql(), "SELECT channel FROM channel_preferences WHERE contact_id = ? ORDER BY position");
    q.bind(1, contact_id);
    std::vector<Channel> out;
    while (q.executeStep()) out.push_back(channel_from_string(q.getColumn(0).getString()));
    return out;
}

void LedgerRepo::set_preferences(std::int64_t contact_id, const std::vector<Channel>& order) {
    SQLite::Statement del(db_.sql(), "DELETE FROM channel_preferences WHERE contact_id = ?");
    del.bind(1, contact_id);
    del.exec();
    SQLite::Statement ins(db_.sql(), "INSERT INTO channel_preferences (contact_id, position, channel) VALUES (?, ?, ?)");
    int position = 0;
    for (Channel c : order) {
        ins.reset();
        ins.bind(1, contact_id);
        ins.bind(2, position++);
        ins.bind(3, std::string(to_string(c)));
        ins.exec();
    }
}

bool LedgerRepo::any_suppressed(const std::vector<std::string>& identifier_hashes) {
    SQLite::Statement q(db_.sql(), "SELECT 1 FROM suppressed_identifiers WHERE identifier_hash = ?");
    for (const auto& h : identifier_hashes) {
        q.reset();
        q.bind(1, h);
        if (q.executeStep()) return true;
    }
    return false;
}

std::optional<Timestamp> LedgerRepo::suppressed_since(const std::vector<std::string>& identifier_hashes) {
    SQLite::Statement q(db_.sql(), "SELECT created_at FROM suppressed_identifiers WHERE identifier_hash = ?");
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

std::unordered_set<std::string> LedgerRepo::suppressed_identifiers() { return read_suppressed(db_.sql()); }

void LedgerRepo::suppress(const std::string& identifier_hash, const std::string& reason, Timestamp now) {
    SQLite::Statement q(db_.sql(),
                        "INSERT OR IGNORE INTO suppressed_identifiers (identifier_hash, reason, created_at) VALUES (?,?,?)");
    q.bind(1, identifier_hash);
    q.bind(2, reason);
    q.bind(3, to_seconds(now));
    q.exec();
}

}  // namespace clientela::store
