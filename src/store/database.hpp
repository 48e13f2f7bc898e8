// An open Clientela database: pragmas, migrations, private files, transactions.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Transaction.h>

#include <memory>
#include <string>

namespace clientela::store {

class Database {
public:
    // Opens (creating when missing, 0600 in a 0700 directory) and migrates to the latest schema.
    // ":memory:" gives a private in-memory database for tests.
    // Throws StorageError with a readable message (newer schema, not a database, no permission).
    explicit Database(const std::string& path);

    SQLite::Database& sql() { return *db_; }
    const std::string& path() const { return path_; }
    int schema_version() const;
    static int latest_schema_version();

    // One user action = one transaction. Immediate takes the write lock up front
    // (ledger appends), so two writers never deadlock half-way.
    SQLite::Transaction begin_write() { return SQLite::Transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE); }

    // Per-database random secret (hex) used to key the hashes of contact points.
    std::string identifier_secret();

private:
    void apply_pragmas();
    void migrate();

    std::string path_;
    std::unique_ptr<SQLite::Database> db_;
};

// Creates a directory (and parents) with mode 0700 for the last component; used for the
// default data directory and for backups/exports.
void ensure_private_directory(const std::string& dir);

}  // namespace clientela::store
