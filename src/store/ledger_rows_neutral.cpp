#include "store/ledger_rows_neutral.hpp"

#include "store/ledger_rows_bind.hpp"

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
    rows::bind_event(q, e);
}

bool bind_evidence(sql::Statement& q, const ConsentEvent& e) {
    return rows::bind_evidence(q, e);
}

void bind_state(sql::Statement& q, const std::string& contact_uuid, const ConsentState& s) {
    rows::bind_state(q, contact_uuid, s);
}

std::unordered_set<std::string> read_suppressed(sql::Connection& conn) {
    std::unordered_set<std::string> out;
    sql::Statement q(conn, "SELECT identifier_hash FROM suppressed_identifiers");
    while (q.executeStep()) out.insert(q.getColumn(0).getString());
    return out;
}

}  // namespace clientela::store
