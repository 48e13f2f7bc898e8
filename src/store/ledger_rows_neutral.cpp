#include "store/ledger_rows_neutral.hpp"

namespace clientela::store {

namespace {

// A neutral statement's current row as read_event_row / read_state_row read it.
struct StatementRow {
    sql::Statement& q;
    std::string text(int i) const { return q.getColumn(i).getString(); }
    std::int64_t int64(int i) const { return q.getColumn(i).getInt64(); }
};

}  // namespace

void read_event(sql::Statement& q, ConsentEvent& e) {
    const StatementRow row{q};
    const sql::Column evidence = q.getColumn(19);
    const std::string text = evidence.getString();
    EvidenceRow side;
    side.present = !evidence.isNull();
    side.erased = side.present && text.empty();
    side.text = text;
    read_event_row(row, e, side);
}

ConsentEvent event_from_row(sql::Statement& q) {
    ConsentEvent e;
    read_event(q, e);
    return e;
}

ConsentState state_from_row(sql::Statement& q, int first) {
    ConsentState s;
    read_state_row(StatementRow{q}, first, s);
    return s;
}

void bind_event(sql::Statement& q, const ConsentEvent& e) {
    q.reset();
    q.bind(1, static_cast<long long>(e.seq));
    q.bind(2, e.event_uuid);
    q.bind(3, e.contact_uuid);
    q.bind(4, e.point_hash);
    q.bind(5, std::string(to_string(e.channel)));
    q.bind(6, std::string(to_string(e.purpose)));
    q.bind(7, std::string(to_string(e.action)));
    q.bind(8, std::string(to_string(e.method)));
    q.bind(9, std::string(to_string(e.basis)));
    if (e.wording_id != 0) {
        q.bind(10, static_cast<long long>(e.wording_id));
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
    q.bind(14, static_cast<long long>(to_seconds(e.occurred_at)));
    q.bind(15, static_cast<long long>(to_seconds(e.recorded_at)));
    q.bind(16, e.prev_hash);
    q.bind(17, e.hash);
    q.bind(18, e.format);
    q.bind(19, e.evidence_hash);
}

bool bind_evidence(sql::Statement& q, const ConsentEvent& e) {
    if (e.format == 1 || e.evidence.empty()) return false;
    q.reset();
    q.bind(1, static_cast<long long>(e.seq));
    q.bind(2, e.evidence);
    return true;
}

void bind_state(sql::Statement& q, const std::string& contact_uuid, const ConsentState& s) {
    q.reset();
    q.bind(1, contact_uuid);
    q.bind(2, std::string(to_string(s.channel)));
    q.bind(3, std::string(to_string(s.purpose)));
    q.bind(4, std::string(to_string(s.status)));
    q.bind(5, std::string(to_string(s.basis)));
    q.bind(6, std::string(to_string(s.method)));
    q.bind(7, static_cast<long long>(s.wording_id));
    q.bind(8, s.point_hash);
    q.bind(9, s.confirmed ? 1 : 0);
    q.bind(10, static_cast<long long>(s.grant_seq));
    q.bind(11, static_cast<long long>(s.confirm_seq));
    q.bind(12, static_cast<long long>(s.withdraw_seq));
    q.bind(13, static_cast<long long>(s.expire_seq));
    q.bind(14, static_cast<long long>(s.last_seq));
    q.bind(15, static_cast<long long>(to_seconds(s.granted_at)));
    q.bind(16, static_cast<long long>(to_seconds(s.confirmed_at)));
    q.bind(17, static_cast<long long>(to_seconds(s.withdrawn_at)));
    q.bind(18, static_cast<long long>(to_seconds(s.expired_at)));
    q.bind(19, static_cast<long long>(to_seconds(s.last_event_at)));
}

std::unordered_set<std::string> read_suppressed(sql::Connection& conn) {
    std::unordered_set<std::string> out;
    sql::Statement q(conn, "SELECT identifier_hash FROM suppressed_identifiers");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
}

}  // namespace clientela::store
