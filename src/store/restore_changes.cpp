#include "store/restore_changes.hpp"

#include "store/ledger_rows.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

namespace clientela::store {

std::vector<ConsentEvent> withdrawal_events(Database& db) {
    RowCursor q(db.sql(), std::string("SELECT ") + kEventColumns + " FROM consent_events WHERE action = ? ORDER BY seq");
    q.bind(1, to_string(ConsentAction::withdraw));
    std::vector<ConsentEvent> out;
    while (q.step()) out.push_back(event_from_row(q));
    return out;
}

bool has_event(Database& db, const std::string& event_uuid) {
    SQLite::Statement q(db.sql(), "SELECT 1 FROM consent_events WHERE event_uuid = ?");
    q.bind(1, event_uuid);
    return q.executeStep();
}

}  // namespace clientela::store
