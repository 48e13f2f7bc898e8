// The store's neutral SQL layer: one statement API over SQLite (SQLiteCpp) and PostgreSQL
// (libpqxx), so a repository's portable SQL is written once and runs on both engines.
//
// The surface copies SQLiteCpp's Statement/Column (bind, executeStep, exec, getColumn(i)
// .getInt64() ...) so that moving a repository over is mostly a change of type. SQL text uses
// `?` (or `?N`) placeholders on both engines; the PostgreSQL side rewrites them to `$N`.
// Portable SQL: `INSERT ... ON CONFLICT (...) DO NOTHING / DO UPDATE`, `RETURNING id` instead of
// last_insert_rowid(), `CAST(? AS bigint)` where a bare parameter's type cannot be inferred
// (a select list), integer 0/1 flags. Where the engines really differ (full-text search,
// ledger verify, bulk import, backup, locks) a repository asks `engine()` and takes its own
// path. Only src/store includes this header.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace clientela::store::sql {

enum class Engine { sqlite, postgresql };

class StatementImpl;

// One column of the current row (valid until the statement steps or is reset).
class Column {
public:
    Column(const StatementImpl& impl, int index) : impl_(impl), index_(index) {}
    bool isNull() const;
    int getInt() const;
    std::int64_t getInt64() const;
    double getDouble() const;
    std::string getString() const;  // NULL gives ""
    std::string getBlob() const;    // BLOB (SQLite) / bytea (PostgreSQL) bytes; NULL gives ""

private:
    const StatementImpl& impl_;
    int index_;
};

// What an engine implements for one prepared statement.
class StatementImpl {
public:
    virtual ~StatementImpl() = default;
    virtual void bind_null(int index) = 0;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_double(int index, double value) = 0;
    virtual void bind_text(int index, const std::string& value) = 0;
    virtual void bind_blob(int index, const std::string& bytes) = 0;
    virtual bool step() = 0;       // true while there is a row
    virtual int run() = 0;         // executes to the end; rows changed
    virtual void reset() = 0;      // keeps the bindings
    virtual void clear_bindings() = 0;
    virtual int column_count() const = 0;
    virtual bool is_null(int index) const = 0;
    virtual std::int64_t int64_at(int index) const = 0;
    virtual double double_at(int index) const = 0;
    virtual std::string text_at(int index) const = 0;
    virtual std::string blob_at(int index) const = 0;
};

// Asks for a statement whose result is large (a pass over every customer): PostgreSQL reads it
// through a server-side cursor, batch_rows rows at a time, instead of holding the whole result
// in memory; SQLite steps through its rows anyway. On PostgreSQL the statement must run inside
// a transaction of its connection (a write transaction or a sql::PgReadSnapshot), which the
// cursor lives in; several such statements of one connection may be stepped in turn.
struct Streamed {
    int batch_rows = 10000;
};

class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;
    virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql) = 0;
    // A statement read in batches (see Streamed); engines that always step lazily return prepare(sql).
    virtual std::unique_ptr<StatementImpl> prepare_streamed(const std::string& sql, int /*batch_rows*/) {
        return prepare(sql);
    }
    // Runs one or more statements without parameters (DDL, a migration file).
    virtual void exec(const std::string& sql) = 0;
};

class Statement {
public:
    Statement(Connection& connection, const std::string& sql) : impl_(connection.prepare(sql)) {}
    Statement(Connection& connection, const std::string& sql, Streamed streamed)
        : impl_(connection.prepare_streamed(sql, streamed.batch_rows)) {}

    void bind(int index) { impl_->bind_null(index); }
    void bind(int index, int value) { impl_->bind_int64(index, value); }
    void bind(int index, unsigned value) { impl_->bind_int64(index, value); }
    void bind(int index, long value) { impl_->bind_int64(index, value); }
    void bind(int index, long long value) { impl_->bind_int64(index, static_cast<std::int64_t>(value)); }
    void bind(int index, double value) { impl_->bind_double(index, value); }
    void bind(int index, const std::string& value) { impl_->bind_text(index, value); }
    void bind(int index, const char* value) { impl_->bind_text(index, value); }
    void bind_blob(int index, const std::string& bytes) { impl_->bind_blob(index, bytes); }

    bool executeStep() { return impl_->step(); }
    int exec() { return impl_->run(); }
    void reset() { impl_->reset(); }
    void clearBindings() { impl_->clear_bindings(); }
    int getColumnCount() const { return impl_->column_count(); }
    Column getColumn(int index) const { return Column(*impl_, index); }

private:
    std::unique_ptr<StatementImpl> impl_;
};

// One value from a query without parameters ("SELECT count(*) FROM ..."); 0 when no row or NULL.
std::int64_t query_int64(Connection& connection, const std::string& sql);

// `?` and `?N` placeholders as PostgreSQL's `$N`, outside quoted strings and identifiers.
// Exposed for its test.
std::string to_dollar_placeholders(const std::string& sql);

}  // namespace clientela::store::sql
