// An open Clientela database: pragmas, migrations, private files, transactions.
#pragma once

#include "store/sql.hpp"
#include "store/write_transaction.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

// Only the store's own code (repositories, tests of the store) reaches the SQLite connection;
// a forward declaration keeps SQLiteCpp's headers out of app/, cli/ and ui/.
namespace SQLite {
class Database;
}

namespace clientela::store {

struct Migration;

namespace sql {
class PgConnection;
}

class Database {
public:
    // Opens (creating when missing, 0600 in a 0700 directory) and migrates to the latest schema.
    // ":memory:" gives a private in-memory database for tests.
    // Throws StorageError with a readable message (newer schema, not a database, no permission).
    explicit Database(const std::string& path);
    ~Database();
    // Test hook: opens and applies only the given migrations (e.g. the first N, or a list with
    // a deliberately broken one) instead of the embedded ones.
    Database(const std::string& path, const std::vector<Migration>& migrations);
    // For a restore: takes the existing database for this connection alone
    // (PRAGMA locking_mode = EXCLUSIVE, then BEGIN EXCLUSIVE) before reading anything, and
    // keeps it until destroyed: nobody else can open it meanwhile. Throws ConflictError when
    // another connection has it open, even an idle one (SQLite then answers busy).
    struct Exclusive {};
    Database(const std::string& path, Exclusive);

    // PostgreSQL only (`clientela-cli --db postgresql://... init`): creates or upgrades the
    // schema (serialised by an advisory lock, so two tills starting at once cannot both
    // migrate) and the shop's secrets, at once. Opening without it refuses a database whose
    // schema is missing or older: a till never migrates lazily. On SQLite it is the plain open.
    struct Initialise {};
    Database(const std::string& path, Initialise);

    // The SQLite connection (SQLite only; throws std::logic_error on PostgreSQL): the SQLite
    // implementation's own paths (bulk import, verify, backup) and tests of the file.
    SQLite::Database& sql();
    // The neutral SQL connection (store/sql.hpp), on either engine.
    sql::Connection& conn() { return *conn_; }
    sql::Engine engine() const { return conn_->engine(); }
    bool on_postgresql() const { return engine() == sql::Engine::postgresql; }
    sql::PgConnection& pg();  // PostgreSQL only (throws std::logic_error on SQLite)

    // PostgreSQL's two group roles (issue #19): a till adds customers, records and withdraws
    // consent and searches; a manager also sends, exports, erases, restores and changes
    // settings. Role names are cluster-wide, so they are derived from the database name
    // (shop -> shop_till, shop_manager) unless init is given others; init keeps them in the
    // settings (pg.till_role, pg.manager_role).
    struct Roles {
        std::string till;
        std::string manager;
    };
    static Roles default_roles(const std::string& uri);
    // init (PostgreSQL): creates both roles NOLOGIN when missing (the login needs CREATEROLE)
    // and grants exactly db/pg/roles.sql. Throws ValidationError on a role name that is not
    // a plain identifier.
    void apply_roles(const Roles& roles);
    Roles roles();  // as init recorded them (PostgreSQL); empty on SQLite

    // What the connected login may do. SQLite: manager (whoever may write the file). PostgreSQL:
    // manager for a superuser, the tables' owner or a member of the manager role; till otherwise.
    enum class Access { manager, till };
    Access access();
    const std::string& path() const { return path_; }
    int schema_version() const;
    static int latest_schema_version();

    // Where the data stood when something was read, for caches of reads (the contact list's
    // search and count) and the change watch (store/change_watch.hpp). SQLite: PRAGMA
    // data_version moves with commits by other connections, sqlite3_total_changes64 with writes
    // by this one. PostgreSQL: the server's transaction snapshot (pg_current_snapshot(): its
    // xmax or its list of running transactions moves with every commit anywhere on the server,
    // this connection's autocommitted writes included). Inside a transaction nothing is kept
    // (`fresh` false: a rollback moves neither number, and this connection's own uncommitted
    // writes do not move the snapshot), so two stamps taken there never compare equal.
    struct DataStamp {
        std::int64_t data_version = -1;
        std::int64_t own_changes = -1;
        std::string snapshot;
        bool fresh = false;
        bool operator==(const DataStamp& o) const {
            return fresh && o.fresh && data_version == o.data_version && own_changes == o.own_changes &&
                   snapshot == o.snapshot;
        }
    };
    DataStamp data_stamp();

    // One user action = one transaction. Immediate takes the write lock up front
    // (ledger appends), so two writers never deadlock half-way.
    WriteTransaction begin_write();

    // Online backup (SQLite backup API, one step, so the copy is one consistent snapshot even
    // while another process appends) into a 0600 temporary file beside `out`, checked with
    // quick_check, synced and renamed over `out`. Throws StorageError; `out` is untouched
    // on failure and the temporary file removed. Defined in database_backup.cpp.
    void backup_to(const std::string& out);

    // Per-database random secret (hex) used to key the hashes of contact points.
    std::string identifier_secret();
    // Per-database random secret (hex) keying the tokens of one-click unsubscribe URLs;
    // created on first use, never shown or exported (it travels inside backups).
    std::string unsubscribe_token_secret();
    // This database's random id (32 hex digits, created by a migration, carried by its
    // backups); names it in the anchor log. Empty on a schema older than that migration.
    std::string database_id();

private:
    void take_alone();
    void apply_pragmas();
    void open(const std::vector<Migration>& migrations, bool exclusive = false);
    void migrate(const std::vector<Migration>& migrations);
    // VACUUM once when a migration asked for it (settings key maintenance.vacuum_pending):
    // a migration runs in a transaction, where VACUUM cannot.
    void run_pending_vacuum();

    std::string path_;
    void open_postgresql(const std::vector<Migration>& migrations, bool initialise);

    std::unique_ptr<SQLite::Database> db_;
    std::unique_ptr<sql::Connection> conn_;
};

// Creates a directory (and parents) with mode 0700 for the last component; used for the
// default data directory and for backups/exports.
void ensure_private_directory(const std::string& dir);

}  // namespace clientela::store
