#include "store/copy_store.hpp"

#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/search_text.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace clientela::store {

namespace {

struct TableColumns {
    std::vector<std::string> names;
    std::vector<bool> bytea;
    std::vector<std::string> identity;  // columns drawn from a sequence
};

// The target's tables in an order that inserts each after the tables it refers to.
std::vector<std::string> tables_in_copy_order(sql::Connection& pg) {
    std::set<std::string> all;
    sql::Statement t(pg, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> "
                         "'clientela_schema_version' ORDER BY tablename");
    while (t.executeStep()) all.insert(t.getColumn(0).getString());
    std::multimap<std::string, std::string> needs;  // table -> table it refers to
    sql::Statement f(pg, "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text FROM pg_constraint c "
                         "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND "
                         "n.nspname = current_schema()");
    while (f.executeStep()) needs.emplace(f.getColumn(0).getString(), f.getColumn(1).getString());
    std::vector<std::string> order;
    std::set<std::string> placed;
    while (placed.size() < all.size()) {
        bool progressed = false;
        for (const auto& table : all) {
            if (placed.count(table)) continue;
            bool ready = true;
            auto range = needs.equal_range(table);
            for (auto it = range.first; it != range.second; ++it) {
                if (it->second != table && !placed.count(it->second)) ready = false;
            }
            if (!ready) continue;
            order.push_back(table);
            placed.insert(table);
            progressed = true;
        }
        if (!progressed) throw StorageError("the PostgreSQL schema's foreign keys form a cycle; cannot order the copy");
    }
    return order;
}

TableColumns columns_of(sql::Connection& pg, const std::string& table) {
    TableColumns c;
    sql::Statement q(pg, "SELECT column_name, data_type, is_identity FROM information_schema.columns WHERE "
                         "table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' "
                         "ORDER BY ordinal_position");
    q.bind(1, table);
    while (q.executeStep()) {
        c.names.push_back(q.getColumn(0).getString());
        c.bytea.push_back(q.getColumn(1).getString() == "bytea");
        if (q.getColumn(2).getString() == "YES") c.identity.push_back(q.getColumn(0).getString());
    }
    return c;
}

// How the source is read for one target table (the SQLite search index is an FTS5 table
// whose rowid is the contact id and whose column is `terms`).
std::string source_select(const std::string& table, const TableColumns& c) {
    if (table == "contact_search") return "SELECT rowid, terms FROM contact_search ORDER BY rowid";
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < c.names.size(); ++i) sql += (i ? ", " : "") + c.names[i];
    sql += " FROM " + table;
    if (table == "settings") sql += " WHERE key NOT LIKE 'pg.%'";  // the target's own role names stay
    return sql;
}

// A file's search words as this program splits them: a file written by an older program may
// hold a word such as "o’brien" whole, which PostgreSQL's index (the words as they are) would
// then not find by "brien".
std::string search_words(const std::string& terms) {
    std::string out;
    for_each_search_word(terms, [&](std::string_view w) {
        if (!out.empty()) out.push_back(' ');
        out.append(w);
    });
    return out;
}

std::pair<std::int64_t, std::string> head_of(sql::Connection& c) {
    sql::Statement q(c, "SELECT seq, hash FROM consent_events ORDER BY seq DESC LIMIT 1");
    if (!q.executeStep()) return {0, std::string()};
    return {q.getColumn(0).getInt64(), q.getColumn(1).getString()};
}

}  // namespace

CopyReport copy_database(Database& from, Database& to,
                         const std::function<void(const std::string& table, std::int64_t rows)>& progress) {
    if (from.on_postgresql()) throw ValidationError("copy-to copies a SQLite database (the shop's file) into PostgreSQL");
    if (!to.on_postgresql()) throw ValidationError("copy-to needs a postgresql:// address to copy into");
    sql::Connection& src = from.conn();
    sql::PgConnection& pg = to.pg();
    if (from.schema_version() != Database::latest_schema_version()) {
        throw StorageError("the database file is at schema version " + std::to_string(from.schema_version()) +
                           "; open it once with this Clientela to upgrade it, then copy");
    }
    for (const char* table : {"contacts", "consent_events", "consent_wordings", "messages", "campaigns"}) {
        if (sql::query_int64(pg, std::string("SELECT count(*) FROM ") + table) != 0) {
            throw ValidationError("the PostgreSQL database " + sql::printable_uri(pg.uri()) + " is not empty (" +
                                  table + " has rows): copy-to only fills an empty, freshly initialised database");
        }
    }

    CopyReport report;
    const auto order = tables_in_copy_order(pg);
    auto tx = to.begin_write();
    for (const auto& table : order) pg.exec("ALTER TABLE " + table + " DISABLE TRIGGER USER");
    // What init wrote (secrets, database id, the reach seed) is replaced by the shop's own.
    pg.exec("DELETE FROM settings WHERE key NOT LIKE 'pg.%'");
    for (const char* seeded : {"wording_scope_history", "wording_scopes", "consent_event_hours", "audience_reach",
                               "audience_reach_pending", "audience_reach_state"}) {
        pg.exec(std::string("DELETE FROM ") + seeded);
    }
    for (const auto& table : order) {
        const TableColumns cols = columns_of(pg, table);
        sql::Statement read(src, source_select(table, cols));
        // Multi-row INSERTs of up to 500 rows (and 60 000 parameters), one prepared text per
        // batch size: values travel as parameters, so nothing needs escaping.
        const std::size_t width = cols.names.size();
        const std::size_t batch = std::max<std::size_t>(1, std::min<std::size_t>(500, 60000 / width));
        auto insert_sql = [&](std::size_t n) {
            std::string row = "(";
            for (std::size_t i = 0; i < width; ++i) row += i ? ", ?" : "?";
            row += ")";
            std::string sql = "INSERT INTO " + table + " (";
            for (std::size_t i = 0; i < width; ++i) sql += (i ? ", " : "") + cols.names[i];
            sql += ") VALUES ";
            for (std::size_t r = 0; r < n; ++r) sql += (r ? ", " : "") + row;
            return sql;
        };
        std::vector<std::optional<std::string>> values;
        std::vector<bool> is_blob;
        auto flush = [&] {
            const std::size_t n = values.size() / width;
            if (n == 0) return;
            sql::Statement ins(pg, insert_sql(n));
            for (std::size_t k = 0; k < values.size(); ++k) {
                const int index = static_cast<int>(k) + 1;
                if (!values[k]) ins.bind(index);
                else if (is_blob[k]) ins.bind_blob(index, *values[k]);
                else ins.bind(index, *values[k]);
            }
            ins.exec();
            values.clear();
            is_blob.clear();
        };
        std::int64_t rows = 0;
        while (read.executeStep()) {
            for (std::size_t i = 0; i < width; ++i) {
                const sql::Column v = read.getColumn(static_cast<int>(i));
                if (v.isNull()) values.emplace_back(std::nullopt);
                else if (table == "contact_search" && i == 1) values.emplace_back(search_words(v.getString()));
                else values.emplace_back(cols.bytea[i] ? v.getBlob() : v.getString());
                is_blob.push_back(cols.bytea[i]);
            }
            if (++rows % static_cast<std::int64_t>(batch) == 0) flush();
        }
        flush();
        for (const auto& id : cols.identity) {
            pg.exec("SELECT setval(pg_get_serial_sequence('" + table + "', '" + id + "'), COALESCE((SELECT max(" + id +
                    ") FROM " + table + "), 0) + 1, false)");
        }
        report.tables.emplace_back(table, rows);
        if (progress) progress(table, rows);
    }
    for (const auto& table : order) pg.exec("ALTER TABLE " + table + " ENABLE TRIGGER USER");
    // Checks before the commit: a mismatch leaves the target as it was (empty). Settings are
    // counted before any missing secret is made below; init's role names (pg.*) stay.
    for (const auto& [table, rows] : report.tables) {
        const std::int64_t there = sql::query_int64(
            pg, "SELECT count(*) FROM " + table + (table == "settings" ? " WHERE key NOT LIKE 'pg.%'" : ""));
        if (there != rows) {
            throw StorageError("copy-to: " + table + " has " + std::to_string(there) + " rows in PostgreSQL after " +
                               "copying " + std::to_string(rows) + "; nothing was kept");
        }
    }
    // Secrets a SQLite file creates on first use may not exist yet: a till cannot create them.
    to.identifier_secret();
    to.unsubscribe_token_secret();
    const auto source_head = head_of(src);
    const auto target_head = head_of(pg);
    if (source_head != target_head) {
        throw StorageError("copy-to: the ledgers end differently (file: seq " + std::to_string(source_head.first) +
                           ", PostgreSQL: seq " + std::to_string(target_head.first) + "); nothing was kept");
    }
    report.ledger_seq = target_head.first;
    report.ledger_hash = target_head.second;
    tx.commit();
    return report;
}

}  // namespace clientela::store
