#include "store/ledger_rows.hpp"

#include "store/ledger_rows_bind.hpp"

#include "store/time_columns.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Column.h>
#include <sqlite3.h>

namespace clientela::store {

std::string_view column_text(SQLite::Statement& q, int column) {
    const SQLite::Column c = q.getColumn(column);
    return {c.getText(), static_cast<std::size_t>(c.getBytes())};
}

std::string_view column_text(sqlite3_stmt* st, int column) {
    // Text first, then its length (the order SQLite documents); NULL reads as "". Through the
    // column's value: sqlite3_column_text and sqlite3_column_bytes each take and leave the
    // connection (its mutex, its error state), and verify reads some 60 million columns. The
    // value is read at once by the thread that steps the statement, as every column is.
    sqlite3_value* const value = sqlite3_column_value(st, column);
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    if (text == nullptr) return {};
    return {text, static_cast<std::size_t>(sqlite3_value_bytes(value))};
}

void read_event_view(sqlite3_stmt* st, const EvidenceSide& side, ConsentEventView& e) {
    e.seq = sqlite3_column_int64(st, 0);
    e.event_uuid = column_text(st, 1);
    e.contact_uuid = column_text(st, 2);
    e.point_hash = column_text(st, 3);
    e.channel = channel_from_string(column_text(st, 4));
    e.purpose = purpose_from_string(column_text(st, 5));
    e.action = consent_action_from_string(column_text(st, 6));
    e.method = consent_method_from_string(column_text(st, 7));
    e.basis = legal_basis_from_string(column_text(st, 8));
    e.wording_id = sqlite3_column_int64(st, 9);
    e.wording_hash = column_text(st, 10);
    e.format = sqlite3_column_int(st, 17);
    e.evidence_hash = column_text(st, 18);
    e.evidence_erased = false;
    e.evidence = column_text(st, 11);
    if (e.format != 1 && e.evidence.empty()) {
        // A v2 event's text is in consent_evidence (text put into the event row afterwards is
        // read as the evidence, so it shows in exports and fails the fingerprint check): no row
        // (recorded without evidence), NULL text or a blob (erased), or the text. Anything else
        // is read as no text, and verify checks the hash.
        e.evidence_erased = side.present && (side.type == SQLITE_NULL || side.type == SQLITE_BLOB);
        e.evidence = side.present && side.type == SQLITE_TEXT ? side.text : std::string_view();
    }
    e.recorded_by = column_text(st, 12);
    e.occurred_at = from_seconds(sqlite3_column_int64(st, 13));
    e.recorded_at = from_seconds(sqlite3_column_int64(st, 14));
    e.prev_hash = column_text(st, 15);
    e.hash = column_text(st, 16);
}

void read_event(sqlite3_stmt* st, ConsentEvent& e) {
    // The last column of kEventColumns: NULL without a consent_evidence row, a blob once erased.
    EvidenceSide side;
    side.type = sqlite3_column_type(st, 19);
    side.present = side.type != SQLITE_NULL;
    if (side.type == SQLITE_TEXT) side.text = column_text(st, 19);
    ConsentEventView view;
    read_event_view(st, side, view);
    assign_event(e, view);
}

void read_state(sqlite3_stmt* st, int first, ConsentState& s) {
    s.channel = channel_from_string(column_text(st, first + 0));
    s.purpose = purpose_from_string(column_text(st, first + 1));
    s.status = consent_status_from_string(column_text(st, first + 2));
    s.basis = legal_basis_from_string(column_text(st, first + 3));
    s.method = consent_method_from_string(column_text(st, first + 4));
    s.wording_id = sqlite3_column_int64(st, first + 5);
    s.point_hash.assign(column_text(st, first + 6));
    s.confirmed = sqlite3_column_int(st, first + 7) != 0;
    s.grant_seq = sqlite3_column_int64(st, first + 8);
    s.confirm_seq = sqlite3_column_int64(st, first + 9);
    s.withdraw_seq = sqlite3_column_int64(st, first + 10);
    s.expire_seq = sqlite3_column_int64(st, first + 11);
    s.last_seq = sqlite3_column_int64(st, first + 12);
    s.granted_at = from_seconds(sqlite3_column_int64(st, first + 13));
    s.confirmed_at = from_seconds(sqlite3_column_int64(st, first + 14));
    s.withdrawn_at = from_seconds(sqlite3_column_int64(st, first + 15));
    s.expired_at = from_seconds(sqlite3_column_int64(st, first + 16));
    s.last_event_at = from_seconds(sqlite3_column_int64(st, first + 17));
}

ConsentEvent event_from_row(RowCursor& q) {
    ConsentEvent e;
    read_event(q.row(), e);
    return e;
}

ConsentState state_from_row(RowCursor& q, int first) {
    ConsentState s;
    read_state(q.row(), first, s);
    return s;
}

void bind_event(SQLite::Statement& q, const ConsentEvent& e) {
    rows::bind_event(q, e);
}

bool bind_evidence(SQLite::Statement& q, const ConsentEvent& e) {
    return rows::bind_evidence(q, e);
}

void bind_state(SQLite::Statement& q, const std::string& contact_uuid, const ConsentState& s) {
    rows::bind_state(q, contact_uuid, s);
}

std::unordered_set<std::string> read_suppressed(SQLite::Database& sql) {
    std::unordered_set<std::string> out;
    SQLite::Statement q(sql, "SELECT identifier_hash FROM suppressed_identifiers");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
}

RowCursor::RowCursor(SQLite::Database& db, const std::string& sql) : db_(db.getHandle()) {
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &st_, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(st_);
        throw SQLite::Exception(db_, rc);
    }
}

RowCursor::~RowCursor() { sqlite3_finalize(st_); }

void RowCursor::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text(st_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
}

bool RowCursor::step() {
    const int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(db_, rc);
}

}  // namespace clientela::store
