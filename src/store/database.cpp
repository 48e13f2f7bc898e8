#include "store/database.hpp"

#include "core/errors.hpp"
#include "store/migrations.hpp"
#include "store/search_text.hpp"
#include "store/sql_postgres.hpp"
#include "store/sql_sqlite.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <thread>

namespace clientela::store {

namespace fs = std::filesystem;

namespace {

// SQLite counts every allocation under one process-wide mutex unless told otherwise (Debian
// builds it with the count on); nothing here reads those counts (sqlite3_memory_used), and a
// bulk import makes millions of allocations. Set before SQLite starts: at program start, and
// again (harmlessly refused) if something started it first.
const bool sqlite_memstatus_off = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
}();

// Create the file ourselves so its mode is 0600 from the first byte; SQLite then gives
// its -wal and -shm files the same mode.
void create_private_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw StorageError("cannot create database file " + path + ": " + std::strerror(errno));
    }
    ::close(fd);
}

// Switching a new file to WAL needs it alone for a moment, and SQLite does not wait for that
// (no busy handler): programs opening a fresh database at the same moment retry here until
// one of them has switched it, which is then WAL for all.
void enter_wal(SQLite::Database& db, const std::string& path) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        try {
            const std::string mode = db.execAndGet("PRAGMA journal_mode = WAL").getString();
            if (mode == "wal" || mode == "memory") return;  // ":memory:" databases have no WAL
        } catch (const SQLite::Exception& e) {
            if (e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED) throw;
        }
        if (std::chrono::steady_clock::now() > give_up) {
            throw StorageError("cannot open database " + path +
                               ": another program kept it busy for 10 seconds while it was being set up");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

void ensure_private_directory(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return;
    fs::create_directories(dir, ec);
    if (ec) throw StorageError("cannot create directory " + dir + ": " + ec.message());
    if (::chmod(dir.c_str(), 0700) != 0) {
        throw StorageError("cannot make directory " + dir + " private: " + std::strerror(errno));
    }
}

Database::Database(const std::string& path) : path_(path) {
    if (sql::is_postgresql_uri(path)) {
        open_postgresql(pg_migrations(), false);
    } else {
        open(migrations());
    }
}

Database::Database(const std::string& path, const std::vector<Migration>& list) : path_(path) {
    if (sql::is_postgresql_uri(path)) {
        open_postgresql(list, true);
    } else {
        open(list);
    }
}

Database::Database(const std::string& path, Exclusive) : path_(path) {
    if (sql::is_postgresql_uri(path)) {
        throw StorageError("a PostgreSQL database is not restored by Clientela: use pg_restore (see the README)");
    }
    open(migrations(), true);
}

Database::Database(const std::string& path, Initialise) : path_(path) {
    if (sql::is_postgresql_uri(path)) {
        open_postgresql(pg_migrations(), true);
        identifier_secret();
        unsubscribe_token_secret();
    } else {
        open(migrations());
    }
}

SQLite::Database& Database::sql() {
    if (!db_) throw std::logic_error("the SQLite connection was asked of a PostgreSQL database");
    return *db_;
}

sql::PgConnection& Database::pg() {
    if (!on_postgresql()) throw std::logic_error("the PostgreSQL connection was asked of a SQLite database");
    return static_cast<sql::PgConnection&>(*conn_);
}

Database::~Database() = default;

namespace {

class SqliteWriteTransaction : public WriteTransaction::Engine {
public:
    explicit SqliteWriteTransaction(SQLite::Database& db) : tx_(db, SQLite::TransactionBehavior::IMMEDIATE) {}
    void commit() override { tx_.commit(); }

private:
    SQLite::Transaction tx_;  // rolls back in its destructor unless committed
};

}  // namespace

WriteTransaction Database::begin_write() {
    if (on_postgresql()) return pg().begin_write();
    return WriteTransaction(std::make_unique<SqliteWriteTransaction>(*db_));
}

WriteTransaction::WriteTransaction(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
WriteTransaction::WriteTransaction(WriteTransaction&&) noexcept = default;
WriteTransaction& WriteTransaction::operator=(WriteTransaction&&) noexcept = default;
WriteTransaction::~WriteTransaction() = default;
void WriteTransaction::commit() { engine_->commit(); }

void Database::open(const std::vector<Migration>& list, bool exclusive) {
    const std::string& path = path_;
    const bool in_memory = path == ":memory:" || path.empty();
    if (!in_memory) {
        const fs::path p(path);
        if (p.has_parent_path()) ensure_private_directory(p.parent_path().string());
        create_private_file(path);
    }
    try {
        db_ = std::make_unique<SQLite::Database>(in_memory ? ":memory:" : path,
                                                 SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        conn_ = std::make_unique<sql::SqliteConnection>(*db_);
        if (exclusive) take_alone();
        apply_pragmas();
        register_search_functions(*db_);  // the phone-search migration calls them
        migrate(list);
        run_pending_vacuum();
    } catch (const SQLite::Exception& e) {
        throw StorageError("cannot open database " + path + ": " + e.what());
    }
}

void Database::take_alone() {
    // A program that is just finishing a write gets two seconds; one that keeps the
    // database open (the desktop app) keeps it busy, and the answer is no.
    db_->exec("PRAGMA busy_timeout = 2000");
    db_->exec("PRAGMA locking_mode = EXCLUSIVE");  // before the first read: no shared memory, lock kept
    try {
        db_->exec("BEGIN EXCLUSIVE");
    } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_BUSY && e.getErrorCode() != SQLITE_LOCKED) throw;
        throw ConflictError("the database " + path_ +
                            " is in use by another program (the Clientela window or another command is open on "
                            "it); close it and try again; nothing was changed");
    }
    db_->exec("COMMIT");  // the exclusive lock stays with this connection (exclusive locking mode)
}

void Database::apply_pragmas() {
    db_->exec("PRAGMA busy_timeout = 5000");
    // Reading the schema fails early and clearly on a file that is not a database.
    db_->execAndGet("PRAGMA schema_version");
    enter_wal(*db_, path_);
    db_->exec("PRAGMA synchronous = FULL");
    db_->exec("PRAGMA foreign_keys = ON");
    // Deleted rows (an erased customer) are overwritten with zeros instead of staying
    // readable in the file's free space until SQLite happens to reuse it.
    db_->exec("PRAGMA secure_delete = ON");
    // 8 MB of page cache per connection (SQLite's default is 2 MB): the desktop app keeps
    // two or three connections open, and a scan of a million contacts would fill any size.
    db_->exec("PRAGMA cache_size = -8192");
}

int Database::schema_version() const {
    if (conn_->engine() == sql::Engine::postgresql) {
        return static_cast<int>(sql::query_int64(*conn_, "SELECT max(version) FROM clientela_schema_version"));
    }
    return db_->execAndGet("PRAGMA user_version").getInt();
}

int Database::latest_schema_version() {
    const auto& all = migrations();
    return all.empty() ? 0 : all.back().version;
}

void Database::migrate(const std::vector<Migration>& list) {
    const int latest = list.empty() ? 0 : list.back().version;
    auto refuse_newer = [&](int found) {
        throw StorageError("the database " + path_ + " was written by a newer Clientela (schema version " +
                           std::to_string(found) + "; this program knows up to " + std::to_string(latest) +
                           "). Install the newer Clientela to open it; nothing was changed.");
    };
    const int seen = schema_version();  // no lock needed when it is already up to date
    if (seen > latest) refuse_newer(seen);
    if (seen == latest) return;
    // One migration per write transaction. The version is read again inside it: another program
    // opening the same new file at the same moment may have applied some migrations already.
    for (;;) {
        SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        const int current = schema_version();
        if (current > latest) refuse_newer(current);
        if (current == latest) return;
        const Migration* next = nullptr;
        for (const auto& m : list) {
            if (m.version > current) {
                next = &m;
                break;
            }
        }
        try {
            db_->exec(next->sql);
            if (std::string_view(next->sql).find("writable_schema") != std::string_view::npos) {
                // A definition rewritten in sqlite_schema: other connections must reload it.
                const int schema_cookie = db_->execAndGet("PRAGMA schema_version").getInt();
                db_->exec("PRAGMA schema_version = " + std::to_string(schema_cookie + 1));
            }
            db_->exec("PRAGMA user_version = " + std::to_string(next->version));
        } catch (const SQLite::Exception& e) {
            throw StorageError(std::string("migration ") + next->name + " failed: " + e.what() +
                               " (the database was left at version " + std::to_string(current) + ")");
        }
        tx.commit();
    }
}

Database::DataStamp Database::data_stamp() {
    if (on_postgresql()) {
        if (pg().in_transaction()) return {};
        sql::Statement q(*conn_, "SELECT CAST(pg_current_snapshot() AS text)");
        DataStamp stamp;
        if (q.executeStep()) stamp.snapshot = q.getColumn(0).getString();
        stamp.fresh = !stamp.snapshot.empty();
        return stamp;
    }
    return {db_->execAndGet("PRAGMA data_version").getInt64(), sqlite3_total_changes64(db_->getHandle()), {},
            sqlite3_get_autocommit(db_->getHandle()) != 0};
}

std::string Database::database_id() {
    sql::Statement get(*conn_, "SELECT value FROM settings WHERE key = 'database_id'");
    return get.executeStep() ? get.getColumn(0).getString() : std::string();
}

void Database::run_pending_vacuum() {
    if (on_postgresql()) return;  // autovacuum
    {
        SQLite::Statement pending(*db_, "SELECT 1 FROM settings WHERE key = 'maintenance.vacuum_pending'");
        if (!pending.executeStep()) return;
    }
    try {
        db_->exec("VACUUM");
    } catch (const SQLite::Exception& e) {
        // Another program is writing: the row stays, and the next open vacuums.
        if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) return;
        throw;
    }
    db_->exec("DELETE FROM settings WHERE key = 'maintenance.vacuum_pending'");
    // The vacuum went through the WAL; fold it in and empty it so no old page stays there.
    db_->execAndGet("PRAGMA wal_checkpoint(TRUNCATE)");
}

namespace {

// A random 256-bit secret kept in the settings table under `key`, created on first use.
std::string settings_secret(sql::Connection& db, const char* key) {
    sql::Statement get(db, "SELECT value FROM settings WHERE key = ?");
    get.bind(1, key);
    if (get.executeStep()) return get.getColumn(0).getString();
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    std::string secret;
    for (int i = 0; i < 32; ++i) {
        const unsigned v = rd() & 0xFFu;
        secret.push_back(hex[v >> 4]);
        secret.push_back(hex[v & 0xF]);
    }
    sql::Statement put(db, "INSERT INTO settings (key, value) VALUES (?, ?)");
    put.bind(1, key);
    put.bind(2, secret);
    put.exec();
    return secret;
}

}  // namespace

std::string Database::identifier_secret() {
    return settings_secret(*conn_, "identifier_secret");
}

std::string Database::unsubscribe_token_secret() {
    return settings_secret(*conn_, "unsubscribe_token_secret");
}

const char* pg_roles_sql();  // db/pg/roles.sql, embedded (cmake/EmbedText.cmake)

namespace {

bool plain_identifier(const std::string& name) {
    if (name.empty() || name.size() > 63) return false;
    if (!(std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_')) return false;
    for (char c : name) {
        if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
            return false;
        }
    }
    return true;
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace

Database::Roles Database::default_roles(const std::string& uri) {
    // The database name: the URI's path, without parameters; folded to a plain identifier.
    std::string name;
    const auto scheme = uri.find("://");
    const auto slash = uri.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash != std::string::npos) name = uri.substr(slash + 1, uri.find('?', slash) - slash - 1);
    std::string folded;
    for (char c : name) {
        const auto u = static_cast<unsigned char>(c);
        folded.push_back(std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '_');
    }
    if (folded.empty() || std::isdigit(static_cast<unsigned char>(folded[0]))) folded = "shop_" + folded;
    if (folded.size() > 50) folded.resize(50);
    return Roles{folded + "_till", folded + "_manager"};
}

void Database::apply_roles(const Roles& r) {
    if (!on_postgresql()) return;
    for (const auto* name : {&r.till, &r.manager}) {
        if (!plain_identifier(*name)) {
            throw ValidationError("a role name is lower-case letters, digits and _ (at most 63), starting with a "
                                  "letter: '" + *name + "'");
        }
    }
    if (r.till == r.manager) throw ValidationError("the till and manager roles must be two different roles");
    auto tx = begin_write();
    for (const auto* name : {&r.till, &r.manager}) {
        if (sql::query_int64(*conn_, "SELECT count(*) FROM pg_roles WHERE rolname = '" + *name + "'") == 0) {
            conn_->exec("CREATE ROLE " + *name + " NOLOGIN");
        }
    }
    conn_->exec(replace_all(replace_all(pg_roles_sql(), "{till}", r.till), "{manager}", r.manager));
    sql::Statement keep(*conn_, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
                                "value = excluded.value");
    keep.bind(1, "pg.till_role");
    keep.bind(2, r.till);
    keep.exec();
    keep.reset();
    keep.bind(1, "pg.manager_role");
    keep.bind(2, r.manager);
    keep.exec();
    tx.commit();
}

Database::Roles Database::roles() {
    Roles r;
    if (!on_postgresql()) return r;
    sql::Statement q(*conn_, "SELECT key, value FROM settings WHERE key IN ('pg.till_role', 'pg.manager_role')");
    while (q.executeStep()) {
        (q.getColumn(0).getString() == "pg.till_role" ? r.till : r.manager) = q.getColumn(1).getString();
    }
    return r;
}

Database::Access Database::access() {
    if (!on_postgresql()) return Access::manager;
    const Roles r = roles();
    sql::Statement q(*conn_,
                     "SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) "
                     "OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'contacts' "
                     "AND schemaname = current_schema()), 'MEMBER') "
                     "OR CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = CAST(? AS text)) "
                     "THEN pg_has_role(current_user, CAST(? AS text), 'MEMBER') ELSE false END");
    q.bind(1, r.manager);
    q.bind(2, r.manager);
    return q.executeStep() && q.getColumn(0).getInt() == 1 ? Access::manager : Access::till;
}

// PostgreSQL: a version table instead of PRAGMA user_version, each file in its own
// transaction, the whole run under a session-level advisory lock so two programs starting
// on an empty database at once apply each file once. Only `initialise` may migrate.
void Database::open_postgresql(const std::vector<Migration>& list, bool initialise) {
    auto pg = std::make_unique<sql::PgConnection>(path_);
    sql::PgConnection& c = *pg;
    conn_ = std::move(pg);
    const std::string where = sql::printable_uri(path_);
    const int latest = list.empty() ? 0 : list.back().version;
    auto version_now = [&]() -> int {
        if (sql::query_int64(c, "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
                                "AND tablename = 'clientela_schema_version'") == 0) {
            return -1;
        }
        return static_cast<int>(sql::query_int64(c, "SELECT max(version) FROM clientela_schema_version"));
    };
    auto refuse_newer = [&](int found) {
        throw StorageError("the database " + where + " was written by a newer Clientela (schema version " +
                           std::to_string(found) + "; this program knows up to " + std::to_string(latest) +
                           "). Install the newer Clientela to open it; nothing was changed.");
    };
    if (!initialise) {
        const int seen = version_now();
        if (seen < 0) {
            throw StorageError("the PostgreSQL database " + where +
                               " has no Clientela tables yet: the shop's owner runs `clientela-cli --db " + where +
                               " init` once (see the README, Several tills)");
        }
        if (seen > latest) refuse_newer(seen);
        if (seen < latest) {
            throw StorageError("the PostgreSQL database " + where + " is at schema version " + std::to_string(seen) +
                               " and this Clientela needs " + std::to_string(latest) +
                               ": the shop's owner runs `clientela-cli --db " + where + " init` to upgrade it");
        }
        return;
    }
    if (version_now() == latest) return;  // nothing to do: no lock, no DDL (a login without CREATE)
    c.exec("SELECT pg_advisory_lock(" + std::to_string(sql::PgConnection::migration_lock_key) + ")");
    struct Unlock {
        sql::PgConnection& c;
        ~Unlock() {
            try {
                c.exec("SELECT pg_advisory_unlock(" + std::to_string(sql::PgConnection::migration_lock_key) + ")");
            } catch (...) {
            }
        }
    } unlock{c};
    c.exec("CREATE TABLE IF NOT EXISTS clientela_schema_version ("
           "version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
    int current = version_now();
    if (current > latest) refuse_newer(current);
    for (const auto& m : list) {
        if (m.version <= current) continue;
        auto tx = c.begin_write();
        try {
            c.exec(m.sql);
            sql::Statement done(c, "INSERT INTO clientela_schema_version (version, name, applied_at) "
                                   "VALUES (?, ?, CAST(extract(epoch FROM now()) AS bigint))");
            done.bind(1, m.version);
            done.bind(2, m.name);
            done.exec();
            tx.commit();
        } catch (const std::exception& e) {
            throw StorageError(std::string("migration ") + m.name + " failed on " + where + ": " + e.what() +
                               " (the database was left at version " + std::to_string(current) + ")");
        }
        current = m.version;
    }
}

}  // namespace clientela::store
