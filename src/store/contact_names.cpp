#include "store/contact_names.hpp"
#include "store/sql.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

namespace clientela::store {

std::unordered_map<std::string, std::string> contact_names_by_uuid(Database& db) {
    std::unordered_map<std::string, std::string> names;
    if (db.on_postgresql()) {
        names.reserve(static_cast<std::size_t>(sql::query_int64(db.conn(), "SELECT count(*) FROM contacts")));
        sql::Statement q(db.conn(), "SELECT uuid, display_name FROM contacts");
        while (q.executeStep()) names.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
        return names;
    }
    names.reserve(static_cast<std::size_t>(db.sql().execAndGet("SELECT count(*) FROM contacts").getInt64()));
    // Read from the (uuid, display_name) covering index alone.
    SQLite::Statement q(db.sql(), "SELECT uuid, display_name FROM contacts INDEXED BY contacts_by_uuid_name");
    while (q.executeStep()) names.emplace(q.getColumn(0).getString(), q.getColumn(1).getString());
    return names;
}

}  // namespace clientela::store
