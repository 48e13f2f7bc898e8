// How consent events and projection rows map to SQL columns through the neutral SQL layer
// (store/sql.hpp), for the ledger on PostgreSQL. The SQLite paths keep their own tuned
// mapping (store/ledger_rows.hpp); these are the same columns in portable SQL, and the same
// rules for reading a row back (the evidence of a v2 event, unknown names refused).
#pragma once

#include "core/consent.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

#include <string>
#include <string_view>
#include <unordered_set>

namespace clientela::store {

// kEventColumns in SQL both engines take: the last column is the v2 evidence from
// consent_evidence, NULL when the event has no row there, '' once erased (text NULL), else
// the text (recorded evidence is never empty: an event without evidence has no row).
inline constexpr const char* kEventColumnsNeutral =
    "seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis, COALESCE(wording_id, 0), "
    "wording_hash, evidence, recorded_by, occurred_at, recorded_at, prev_hash, hash, format_version, evidence_hash, "
    "(SELECT COALESCE(v.text, '') FROM consent_evidence AS v WHERE v.seq = consent_events.seq)";
// kUpsertState without INSERT OR REPLACE.
inline constexpr const char* kUpsertStateNeutral =
    "INSERT INTO consent_state (contact_uuid, channel, purpose, status, basis, method, wording_id, "
    "point_hash, confirmed, grant_seq, confirm_seq, withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, "
    "withdrawn_at, expired_at, last_event_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (contact_uuid, channel, purpose) DO UPDATE SET status = excluded.status, basis = excluded.basis, "
    "method = excluded.method, wording_id = excluded.wording_id, point_hash = excluded.point_hash, "
    "confirmed = excluded.confirmed, grant_seq = excluded.grant_seq, confirm_seq = excluded.confirm_seq, "
    "withdraw_seq = excluded.withdraw_seq, expire_seq = excluded.expire_seq, last_seq = excluded.last_seq, "
    "granted_at = excluded.granted_at, confirmed_at = excluded.confirmed_at, withdrawn_at = excluded.withdrawn_at, "
    "expired_at = excluded.expired_at, last_event_at = excluded.last_event_at";

// A v2 event's consent_evidence row as the reader found it.
struct EvidenceRow {
    bool present = false;  // a row exists for the event's seq
    bool erased = false;   // its text is NULL (an erasure)
    std::string_view text;
};

// The first 19 columns of kEventColumns(Neutral) from any row type with
//   text(int) const (std::string or std::string_view; "" for NULL); std::int64_t int64(int) const;
// and the evidence row given apart. Unknown names (a tampered row) throw ValidationError.
template <class Row>
void read_event_row(const Row& r, ConsentEvent& e, const EvidenceRow& side) {
    e.seq = r.int64(0);
    e.event_uuid.assign(r.text(1));
    e.contact_uuid.assign(r.text(2));
    e.point_hash.assign(r.text(3));
    e.channel = channel_from_string(r.text(4));
    e.purpose = purpose_from_string(r.text(5));
    e.action = consent_action_from_string(r.text(6));
    e.method = consent_method_from_string(r.text(7));
    e.basis = legal_basis_from_string(r.text(8));
    e.wording_id = r.int64(9);
    e.wording_hash.assign(r.text(10));
    e.format = static_cast<int>(r.int64(17));
    e.evidence_hash.assign(r.text(18));
    e.evidence_erased = false;
    if (e.format == 1) {
        e.evidence.assign(r.text(11));
    } else if (const auto in_row = r.text(11); !in_row.empty()) {
        // Never written for format 2: text put there afterwards is read as the evidence, so
        // it shows in exports and fails the fingerprint check.
        e.evidence.assign(in_row);
    } else {
        e.evidence_erased = side.present && side.erased;
        if (side.present && !side.erased) {
            e.evidence.assign(side.text);
        } else {
            e.evidence.clear();  // erased, or recorded without evidence (verify checks the hash)
        }
    }
    e.recorded_by.assign(r.text(12));
    e.occurred_at = from_seconds(r.int64(13));
    e.recorded_at = from_seconds(r.int64(14));
    e.prev_hash.assign(r.text(15));
    e.hash.assign(r.text(16));
}

// A projection row (kStateColumns from column `first`) from any row type as above.
template <class Row>
void read_state_row(const Row& r, int first, ConsentState& s) {
    s.channel = channel_from_string(r.text(first + 0));
    s.purpose = purpose_from_string(r.text(first + 1));
    s.status = consent_status_from_string(r.text(first + 2));
    s.basis = legal_basis_from_string(r.text(first + 3));
    s.method = consent_method_from_string(r.text(first + 4));
    s.wording_id = r.int64(first + 5);
    s.point_hash.assign(r.text(first + 6));
    s.confirmed = r.int64(first + 7) != 0;
    s.grant_seq = r.int64(first + 8);
    s.confirm_seq = r.int64(first + 9);
    s.withdraw_seq = r.int64(first + 10);
    s.expire_seq = r.int64(first + 11);
    s.last_seq = r.int64(first + 12);
    s.granted_at = from_seconds(r.int64(first + 13));
    s.confirmed_at = from_seconds(r.int64(first + 14));
    s.withdrawn_at = from_seconds(r.int64(first + 15));
    s.expired_at = from_seconds(r.int64(first + 16));
    s.last_event_at = from_seconds(r.int64(first + 17));
}

// A whole kEventColumnsNeutral row / a projection row of a neutral statement.
void read_event(sql::Statement& q, ConsentEvent& e);
ConsentEvent event_from_row(sql::Statement& q);
ConsentState state_from_row(sql::Statement& q, int first = 0);

// Reset the statement and bind kInsertEvent / kInsertEvidence / kUpsertStateNeutral, as the
// SQLite versions do (bind_evidence: false when the event has no evidence row to insert).
void bind_event(sql::Statement& q, const ConsentEvent& e);
bool bind_evidence(sql::Statement& q, const ConsentEvent& e);
void bind_state(sql::Statement& q, const std::string& contact_uuid, const ConsentState& s);

// Every hash on the suppression list.
std::unordered_set<std::string> read_suppressed(sql::Connection& conn);

}  // namespace clientela::store
