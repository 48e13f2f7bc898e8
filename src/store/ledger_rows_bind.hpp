// The ledger's row binding, one body for SQLite's statements (ledger_rows.cpp) and the neutral
// layer's (ledger_rows_neutral.cpp): the same columns in the same order on both engines.
#pragma once

#include "core/consent.hpp"
#include "store/time_columns.hpp"

#include <string>

namespace clientela::store::rows {

template <class Statement>
void bind_event(Statement& q, const ConsentEvent& e) {
    q.reset();
    q.bind(1, e.seq);
    q.bind(2, e.event_uuid);
    q.bind(3, e.contact_uuid);
    q.bind(4, e.point_hash);
    q.bind(5, std::string(to_string(e.channel)));
    q.bind(6, std::string(to_string(e.purpose)));
    q.bind(7, std::string(to_string(e.action)));
    q.bind(8, std::string(to_string(e.method)));
    q.bind(9, std::string(to_string(e.basis)));
    if (e.wording_id != 0) {
        q.bind(10, e.wording_id);
    } else {
        q.bind(10);  // NULL: no wording (the column references consent_wordings)
    }
    q.bind(11, e.wording_hash);
    if (e.format == 1) {
        q.bind(12, e.evidence);
    } else {
        q.bind(12, "");  // in consent_evidence, where an erasure can blank it
    }
    q.bind(13, e.recorded_by);
    q.bind(14, to_seconds(e.occurred_at));
    q.bind(15, to_seconds(e.recorded_at));
    q.bind(16, e.prev_hash);
    q.bind(17, e.hash);
    q.bind(18, e.format);
    q.bind(19, e.evidence_hash);
}

template <class Statement>
bool bind_evidence(Statement& q, const ConsentEvent& e) {
    if (e.format == 1 || e.evidence.empty()) return false;
    q.reset();
    q.bind(1, e.seq);
    q.bind(2, e.evidence);
    return true;
}

template <class Statement>
void bind_state(Statement& q, const std::string& contact_uuid, const ConsentState& s) {
    q.reset();
    q.bind(1, contact_uuid);
    q.bind(2, std::string(to_string(s.channel)));
    q.bind(3, std::string(to_string(s.purpose)));
    q.bind(4, std::string(to_string(s.status)));
    q.bind(5, std::string(to_string(s.basis)));
    q.bind(6, std::string(to_string(s.method)));
    q.bind(7, s.wording_id);
    q.bind(8, s.point_hash);
    q.bind(9, s.confirmed ? 1 : 0);
    q.bind(10, s.grant_seq);
    q.bind(11, s.confirm_seq);
    q.bind(12, s.withdraw_seq);
    q.bind(13, s.expire_seq);
    q.bind(14, s.last_seq);
    q.bind(15, to_seconds(s.granted_at));
    q.bind(16, to_seconds(s.confirmed_at));
    q.bind(17, to_seconds(s.withdrawn_at));
    q.bind(18, to_seconds(s.expired_at));
    q.bind(19, to_seconds(s.last_event_at));
}

}  // namespace clientela::store::rows
