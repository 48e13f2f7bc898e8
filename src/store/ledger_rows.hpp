// How consent events and projection rows map to SQL columns: the one place that reads and
// binds them, for the repository, verification and the benchmark's bulk loader.
#pragma once

#include "core/consent.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <string>
#include <string_view>
#include <unordered_set>

namespace clientela::store {

// SELECT list of an event FROM consent_events, in the order read_event expects. The last
// column is a v2 event's evidence from consent_evidence: NULL when it has no row there
// (recorded without evidence), an empty blob when an erasure blanked it, else the text.
inline constexpr const char* kEventColumns =
    "seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis, COALESCE(wording_id, 0), "
    "wording_hash, evidence, recorded_by, occurred_at, recorded_at, prev_hash, hash, format_version, evidence_hash, "
    "(SELECT ifnull(v.text, x'') FROM consent_evidence AS v WHERE v.seq = consent_events.seq)";
// kEventColumns without its last column (the evidence looked up per event), for a scan that
// reads consent_evidence beside the events instead.
inline const std::string& event_own_columns() {
    static const std::string columns = [] {
        const std::string all = kEventColumns;
        return all.substr(0, all.rfind(", (SELECT"));
    }();
    return columns;
}
// INSERT for an event, bound by bind_event.
inline constexpr const char* kInsertEvent =
    "INSERT INTO consent_events (seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis, "
    "wording_id, wording_hash, evidence, recorded_by, occurred_at, recorded_at, prev_hash, hash, format_version, "
    "evidence_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
// INSERT of a v2 event's evidence text, bound by bind_evidence.
inline constexpr const char* kInsertEvidence = "INSERT INTO consent_evidence (seq, text) VALUES (?, ?)";
// Columns of a projection row after contact_uuid, in the order read_state expects.
inline constexpr const char* kStateColumns =
    "channel, purpose, status, basis, method, wording_id, point_hash, confirmed, grant_seq, confirm_seq, "
    "withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at";
// INSERT OR REPLACE for a projection row, bound by bind_state.
inline constexpr const char* kUpsertState =
    "INSERT OR REPLACE INTO consent_state (contact_uuid, channel, purpose, status, basis, method, wording_id, "
    "point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, "
    "withdrawn_at, expired_at, last_event_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

// The column's bytes, valid until the statement steps ("" for NULL).
std::string_view column_text(SQLite::Statement& q, int column);
std::string_view column_text(sqlite3_stmt* st, int column);

// A v2 event's consent_evidence row as read_event_view sees it: absent, or the type of its
// text column (SQLITE_TEXT with the bytes, SQLITE_NULL or SQLITE_BLOB once erased).
struct EvidenceSide {
    bool present = false;
    int type = 0;
    std::string_view text;
};

// The one mapping of kEventColumns' first 19 columns to an event: e views the row's bytes
// (valid until the statement steps), with the evidence row given apart (verify reads
// consent_evidence beside the events instead of one lookup per event). Unknown names (a
// tampered row) throw ValidationError.
void read_event_view(sqlite3_stmt* st, const EvidenceSide& side, ConsentEventView& e);
// read_event_view of a whole kEventColumns row (its last column is the evidence), copied into
// e (strings keep their capacity from row to row).
void read_event(sqlite3_stmt* st, ConsentEvent& e);
// The projection row's columns from `first` on (kStateColumns' order).
void read_state(sqlite3_stmt* st, int first, ConsentState& s);

// Reset the statement and bind every column of kInsertEvent / kUpsertState. A v2 event's
// evidence text does not go into consent_events: bind_evidence binds kInsertEvidence for it
// and returns false when the event has no evidence row to insert (v1, or no evidence).
void bind_event(SQLite::Statement& q, const ConsentEvent& e);
bool bind_evidence(SQLite::Statement& q, const ConsentEvent& e);
void bind_state(SQLite::Statement& q, const std::string& contact_uuid, const ConsentState& s);

// A statement read with SQLite's own column functions (no per-column object), for scans of
// every event. step() throws SQLite::Exception on an error, like SQLite::Statement.
class RowCursor {
public:
    RowCursor(SQLite::Database& db, const std::string& sql);
    ~RowCursor();
    RowCursor(const RowCursor&) = delete;
    RowCursor& operator=(const RowCursor&) = delete;
    void bind(int index, std::string_view text);  // a copy of the text, to parameter index (from 1)
    bool step();  // true while there is a row
    sqlite3_stmt* row() const { return st_; }

private:
    sqlite3* db_;
    sqlite3_stmt* st_ = nullptr;
};

// A whole row of kEventColumns / of kStateColumns from column `first` on.
ConsentEvent event_from_row(RowCursor& q);
ConsentState state_from_row(RowCursor& q, int first = 0);

// Every hash on the suppression list (erased or objecting people), for checks in memory.
std::unordered_set<std::string> read_suppressed(SQLite::Database& sql);

}  // namespace clientela::store
