// The neutral SQL layer (store/sql.hpp) over one libpqxx connection to a PostgreSQL server.
// One connection per thread (libpqxx): a Database on PostgreSQL owns one of these.
#pragma once

#include "store/sql.hpp"
#include "store/write_transaction.hpp"

#include <pqxx/pqxx>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace clientela::store::sql {

// True for "postgresql://..." and "postgres://..." (libpq's connection URIs).
bool is_postgresql_uri(const std::string& location);

// The URI without a password, for messages (a password in the URI is refused anyway).
std::string printable_uri(const std::string& uri);
// The URI libpq connects with: uri with connect_timeout=10 added when it names no
// connect_timeout, so that a server that is off, unreachable or not answering (a wrong
// address, a port that takes the connection and says nothing) fails within seconds instead of
// the system's TCP timeout or never. Any other parameter (sslmode...) is left as it is.
std::string with_connect_timeout(const std::string& uri);
// The parameters after a URI's '?' ("name=value", as written, in order; empty ones left out).
std::vector<std::string> uri_parameters(const std::string& uri);
inline constexpr int kConnectTimeoutSeconds = 10;

class PgConnection : public Connection {
public:
    // Connects; throws StorageError with the server's words (never the password). A URI that
    // carries a password is refused: passwords come from ~/.pgpass (or PGPASSFILE).
    explicit PgConnection(const std::string& uri);
    ~PgConnection() override;

    Engine engine() const override { return Engine::postgresql; }
    std::unique_ptr<StatementImpl> prepare(const std::string& sql) override;
    // A server-side cursor in the open transaction, fetched batch_rows at a time
    // (sql_postgres_stream.cpp); stepping it outside a transaction throws std::logic_error.
    std::unique_ptr<StatementImpl> prepare_streamed(const std::string& sql, int batch_rows) override;
    void exec(const std::string& sql) override;

    // A write transaction holding the shop's write lock (pg_advisory_xact_lock), so writers
    // from several tills are serialised like SQLite's BEGIN IMMEDIATE: one ledger chain,
    // gapless seq. Statements run inside it until it commits or is destroyed.
    WriteTransaction begin_write();

    // Runs a statement (translated SQL, name cached per text) inside the open transaction,
    // or on its own (autocommit) when none is open.
    pqxx::result run(const std::string& sql, const std::vector<const char*>& params);

    pqxx::connection& raw() { return *conn_; }
    // The transaction open on this connection (write or read snapshot), or nullptr.
    pqxx::dbtransaction* transaction() { return tx_.get(); }
    const std::string& uri() const { return uri_; }
    bool in_transaction() const { return tx_ != nullptr; }

    // The key of the write lock (pg_advisory_xact_lock) and of the migration lock
    // (pg_advisory_lock, session level).
    static constexpr long long write_lock_key = 0x436c69656e01LL;
    static constexpr long long migration_lock_key = 0x436c69656e02LL;

private:
    friend class PgWriteTransaction;
    friend class PgReadSnapshot;
    std::string uri_;
    std::unique_ptr<pqxx::connection> conn_;
    std::unique_ptr<pqxx::dbtransaction> tx_;
    std::map<std::string, std::string> prepared_;  // translated SQL -> statement name
};

// One snapshot for a long read (sql_postgres_stream.cpp): while it lives, this connection's
// statements run in a REPEATABLE READ READ ONLY transaction, so reads made one after another see
// the same committed data (like SQLite's read transaction) and Streamed statements have a
// transaction for their cursors. Inside an open write transaction it does nothing (the reads
// then see that transaction's writes). Ends (commits, nothing to write) when destroyed.
class PgReadSnapshot {
public:
    explicit PgReadSnapshot(PgConnection& connection);
    ~PgReadSnapshot();
    PgReadSnapshot(const PgReadSnapshot&) = delete;
    PgReadSnapshot& operator=(const PgReadSnapshot&) = delete;

private:
    PgConnection& c_;
    bool owned_ = false;
};

}  // namespace clientela::store::sql
