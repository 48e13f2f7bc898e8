#include "store/restore_changes.hpp"

#include "store/ledger_rows.hpp"
#include "store/sql.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

namespace clientela::store {

// SQLite only, like the restore that reads it: a PostgreSQL database is never restored by
// Clientela (Database refuses Exclusive opens of a postgresql:// URI and backup_to points to
// pg_dump/pg_restore). On PostgreSQL db.sql() throws std::logic_error here; should a restore
// ever take PostgreSQL, read the events with the neutral ledger rows (event_from_row on an
// sql::Statement over kEventColumnsNeutral, store/ledger_rows_neutral.hpp of h19-pgledger).
std::vector<ConsentEvent> withdrawal_events(Database& db) {
    RowCursor q(db.sql(), std::string("SELECT ") + kEventColumns + " FROM consent_events WHERE action = ? ORDER BY seq");
    q.bind(1, to_string(ConsentAction::withdraw));
    std::vector<ConsentEvent> out;
    while (q.step()) out.push_back(event_from_row(q));
    return out;
}

bool has_event(Database& db, const std::string& event_uuid) {
    sql::Statement q(db.conn(), "SELECT 1 FROM consent_events WHERE event_uuid = ?");
    q.bind(1, event_uuid);
    return q.executeStep();
}

}  // namespace clientela::store
