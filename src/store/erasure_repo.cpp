#include "store/erasure_repo.hpp"

#include "core/errors.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

#include <algorithm>
#include <sstream>

namespace clientela::store {
namespace {

std::size_t count_of(sql::Connection& sql, const char* query, std::int64_t id) {
    sql::Statement q(sql, query);
    q.bind(1, id);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

}  // namespace

ErasedRows delete_contact_rows(Database& db, std::int64_t contact_id) {
    auto& sql = db.conn();
    ErasedRows out;
    out.points = count_of(sql, "SELECT count(*) FROM contact_points WHERE contact_id = ?", contact_id);
    out.tags = count_of(sql, "SELECT count(*) FROM contact_tags WHERE contact_id = ?", contact_id);
    out.preferences = count_of(sql, "SELECT count(*) FROM channel_preferences WHERE contact_id = ?", contact_id);

    // SQLite: the FTS5 table's rowid is the contact id; PostgreSQL: contact_search(contact_id, text).
    sql::Statement search(sql, db.on_postgresql() ? "DELETE FROM contact_search WHERE contact_id = ?"
                                                  : "DELETE FROM contact_search WHERE rowid = ?");
    search.bind(1, contact_id);
    out.search_rows = static_cast<std::size_t>(search.exec());
    // Points, tags and preferences go with the contact (ON DELETE CASCADE); deleted
    // explicitly as well so the erasure does not depend on the connection's foreign_keys.
    for (const char* q :
         {"DELETE FROM contact_points WHERE contact_id = ?", "DELETE FROM contact_tags WHERE contact_id = ?",
          "DELETE FROM channel_preferences WHERE contact_id = ?"}) {
        sql::Statement del(sql, q);
        del.bind(1, contact_id);
        del.exec();
    }
    sql::Statement contact(sql, "DELETE FROM contacts WHERE id = ?");
    contact.bind(1, contact_id);
    if (contact.exec() == 0) throw NotFoundError("no contact with id " + std::to_string(contact_id));
    return out;
}

std::size_t erase_evidence(Database& db, const std::string& contact_uuid, Timestamp now) {
    sql::Statement q(db.conn(),
                        "UPDATE consent_evidence SET text = NULL, erased_at = ? WHERE text IS NOT NULL AND seq IN "
                        "(SELECT seq FROM consent_events WHERE contact_uuid = ? AND format_version = 2)");
    q.bind(1, std::max<std::int64_t>(to_seconds(now), 1));
    q.bind(2, contact_uuid);
    return static_cast<std::size_t>(q.exec());
}

std::size_t count_unerasable_evidence(Database& db, const std::string& contact_uuid) {
    sql::Statement q(db.conn(),
                        "SELECT count(*) FROM consent_events WHERE contact_uuid = ? AND format_version = 1 AND "
                        "evidence <> ''");
    q.bind(1, contact_uuid);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

void merge_search_index(Database& db) {
    // PostgreSQL: contact_search is a plain table with a GIN index; a deleted row's index
    // entries go with it (the pages keep dead bytes until VACUUM, see empty_wal).
    if (db.on_postgresql()) return;
    db.conn().exec("INSERT INTO contact_search (contact_search) VALUES ('optimize')");
}

bool empty_wal(Database& db) {
    // PostgreSQL has no counterpart the program can run: a deleted or updated row stays in
    // its table's and indexes' pages as a dead tuple until VACUUM (autovacuum, or a manager's
    // `VACUUM` outside any transaction) reuses the space, and in the server's WAL segments
    // (and any WAL archive or base backup) until they are recycled; there is no secure_delete.
    // The erasure is complete for every reader of the database; wiping the bytes on the
    // server's disk is the server administrator's part (README, "Exports and erasure").
    if (db.on_postgresql()) return true;
    sql::Statement q(db.conn(), "PRAGMA wal_checkpoint(TRUNCATE)");
    if (!q.executeStep()) return true;
    return q.getColumn(0).getInt() == 0;  // busy: a reader kept the WAL
}

std::size_t lift_suppression(Database& db, const std::vector<std::string>& identifier_hashes) {
    sql::Statement del(db.conn(), "DELETE FROM suppressed_identifiers WHERE identifier_hash = ?");
    std::size_t n = 0;
    for (const auto& h : identifier_hashes) {
        del.reset();
        del.bind(1, h);
        n += static_cast<std::size_t>(del.exec());
    }
    return n;
}

std::size_t count_suppressed(Database& db, const std::vector<std::string>& identifier_hashes) {
    sql::Statement q(db.conn(), "SELECT count(*) FROM suppressed_identifiers WHERE identifier_hash = ?");
    std::size_t n = 0;
    for (const auto& h : identifier_hashes) {
        q.reset();
        q.bind(1, h);
        q.executeStep();
        n += static_cast<std::size_t>(q.getColumn(0).getInt64());
    }
    return n;
}

void log_erasure(Database& db, const ErasureRecord& record) {
    std::string hashes;
    for (const auto& h : record.identifier_hashes) hashes += h + "\n";
    sql::Statement q(db.conn(),
                        "INSERT INTO erasure_log (contact_uuid, identifier_hashes, erased_at) VALUES (?, ?, ?)");
    q.bind(1, record.contact_uuid);
    q.bind(2, hashes);
    q.bind(3, to_seconds(record.erased_at));
    q.exec();
}

std::vector<ErasureRecord> erasure_log(Database& db) {
    std::vector<ErasureRecord> out;
    sql::Statement q(db.conn(), "SELECT contact_uuid, identifier_hashes, erased_at FROM erasure_log ORDER BY id");
    while (q.executeStep()) {
        ErasureRecord r;
        r.contact_uuid = q.getColumn(0).getString();
        std::istringstream lines(q.getColumn(1).getString());
        for (std::string h; std::getline(lines, h);) {
            if (!h.empty()) r.identifier_hashes.push_back(h);
        }
        r.erased_at = from_seconds(q.getColumn(2).getInt64());
        out.push_back(std::move(r));
    }
    return out;
}

bool erasure_logged(Database& db, const std::string& contact_uuid, Timestamp erased_at) {
    sql::Statement q(db.conn(), "SELECT 1 FROM erasure_log WHERE contact_uuid = ? AND erased_at = ?");
    q.bind(1, contact_uuid);
    q.bind(2, to_seconds(erased_at));
    return q.executeStep();
}

}  // namespace clientela::store
