#include "store/database.hpp"

#include "core/errors.hpp"
#include "store/migrations.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

namespace clientela::store {

namespace fs = std::filesystem;

namespace {

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

Database::Database(const std::string& path) : path_(path) { open(migrations()); }

Database::Database(const std::string& path, const std::vector<Migration>& list) : path_(path) { open(list); }

void Database::open(const std::vector<Migration>& list) {
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
        apply_pragmas();
        migrate(list);
        run_pending_vacuum();
    } catch (const SQLite::Exception& e) {
        throw StorageError("cannot open database " + path + ": " + e.what());
    }
}

void Database::apply_pragmas() {
    db_->exec("PRAGMA busy_timeout = 5000");
    // Reading the schema fails early and clearly on a file that is not a database.
    db_->execAndGet("PRAGMA schema_version");
    db_->execAndGet("PRAGMA journal_mode = WAL");
    db_->exec("PRAGMA synchronous = FULL");
    db_->exec("PRAGMA foreign_keys = ON");
    // Deleted rows (an erased customer) are overwritten with zeros instead of staying
    // readable in the file's free space until SQLite happens to reuse it.
    db_->exec("PRAGMA secure_delete = ON");
    // 8 MB of page cache per connection (SQLite's default is 2 MB): the desktop app keeps
    // two or three connections open, and a scan of a million contacts would fill any size.
    db_->exec("PRAGMA cache_size = -8192");
}

int Database::schema_version() const { return db_->execAndGet("PRAGMA user_version").getInt(); }

int Database::latest_schema_version() {
    const auto& all = migrations();
    return all.empty() ? 0 : all.back().version;
}

void Database::migrate(const std::vector<Migration>& list) {
    const int current = schema_version();
    const int latest = list.empty() ? 0 : list.back().version;
    if (current > latest) {
        throw StorageError("the database " + path_ + " was written by a newer Clientela (schema version " +
                           std::to_string(current) + "; this program knows up to " + std::to_string(latest) +
                           "). Install the newer Clientela to open it; nothing was changed.");
    }
    for (const auto& m : list) {
        if (m.version <= current) continue;
        SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
        try {
            db_->exec(m.sql);
            if (std::string_view(m.sql).find("writable_schema") != std::string_view::npos) {
                // A definition rewritten in sqlite_schema: other connections must reload it.
                const int schema_cookie = db_->execAndGet("PRAGMA schema_version").getInt();
                db_->exec("PRAGMA schema_version = " + std::to_string(schema_cookie + 1));
            }
            db_->exec("PRAGMA user_version = " + std::to_string(m.version));
        } catch (const SQLite::Exception& e) {
            throw StorageError(std::string("migration ") + m.name + " failed: " + e.what() +
                               " (the database was left at version " + std::to_string(current) + ")");
        }
        tx.commit();
    }
}

void Database::run_pending_vacuum() {
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

std::string Database::identifier_secret() {
    SQLite::Statement get(*db_, "SELECT value FROM settings WHERE key = 'identifier_secret'");
    if (get.executeStep()) return get.getColumn(0).getString();
    std::random_device rd;
    static const char* hex = "0123456789abcdef";
    std::string secret;
    for (int i = 0; i < 32; ++i) {
        const unsigned v = rd() & 0xFFu;
        secret.push_back(hex[v >> 4]);
        secret.push_back(hex[v & 0xF]);
    }
    SQLite::Statement put(*db_, "INSERT INTO settings (key, value) VALUES ('identifier_secret', ?)");
    put.bind(1, secret);
    put.exec();
    return secret;
}

}  // namespace clientela::store
