// Database::backup_to, restoring a checked copy, and the backup settings.
#include "core/errors.hpp"
#include "store/backup.hpp"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>

namespace clientela::store {

namespace fs = std::filesystem;

namespace {

// A private (0600) new file next to `beside`, from mkstemp; returns its path.
std::string private_temp_beside(const std::string& beside, const char* tag) {
    std::string templ = beside + tag + "XXXXXX";
    const int fd = ::mkstemp(templ.data());
    if (fd < 0) throw StorageError("cannot create a temporary file beside " + beside + ": " + std::strerror(errno));
    ::fchmod(fd, 0600);
    ::close(fd);
    return templ;
}

void remove_db_files(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

void fsync_path(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0) throw StorageError("cannot open " + path + " to sync it: " + std::strerror(errno));
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw StorageError("cannot sync " + path + " to disk: " + std::strerror(err));
}

std::string parent_dir(const std::string& path) {
    const fs::path p = fs::absolute(path).parent_path();
    return p.empty() ? "." : p.string();
}

void rename_or_throw(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) {
        throw StorageError("cannot rename " + from + " to " + to + ": " + std::strerror(errno));
    }
}

// One-step online backup of `src` into the existing private file `dest`, then a quick_check
// of the copy and a sync. The copy ends up self-contained (no -wal beside it).
void copy_database(SQLite::Database& src, const std::string& dest) {
    {
        SQLite::Database out(dest, SQLite::OPEN_READWRITE);
        SQLite::Backup backup(out, src);
        const int rc = backup.executeStep(-1);
        if (rc != SQLITE_DONE) {
            throw StorageError(std::string("the backup did not complete: ") + sqlite3_errstr(rc));
        }
    }
    SQLite::Database check(dest, SQLite::OPEN_READWRITE);
    const std::string qc = check.execAndGet("PRAGMA quick_check").getString();
    if (qc != "ok") throw StorageError("the backup copy fails its check: " + qc);
    // Fold any WAL into the file so one file is the whole backup.
    check.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

}  // namespace

void Database::backup_to(const std::string& out) {
    if (out.empty()) throw ValidationError("the backup needs a file name");
    if (fs::is_directory(out)) throw ValidationError("the backup destination " + out + " is a directory");
    const std::string dir = parent_dir(out);
    ensure_private_directory(dir);
    const std::string tmp = private_temp_beside(out, ".tmp-");
    try {
        copy_database(*db_, tmp);
        fsync_path(tmp, false);
        rename_or_throw(tmp, out);
        fsync_path(dir, true);
    } catch (const SQLite::Exception& e) {
        remove_db_files(tmp);
        throw StorageError("cannot write the backup " + out + ": " + e.what() + " (nothing was written)");
    } catch (...) {
        remove_db_files(tmp);
        throw;
    }
    std::error_code ec;
    fs::remove(tmp + "-wal", ec);
    fs::remove(tmp + "-shm", ec);
}

std::string FileCheck::problem() const {
    if (!integrity_ok) return "SQLite integrity check failed: " + integrity_problem;
    if (!ledger.chain.ok) {
        return "the consent ledger is broken at event " + std::to_string(ledger.chain.first_broken_seq) + ": " +
               ledger.chain.problem;
    }
    if (!ledger.integrity_ok) return "the consent ledger's tables are damaged: " + ledger.integrity_problem;
    if (ledger.state_mismatches > 0) return "the consent projection disagrees with the ledger: " + ledger.first_state_problem;
    return ledger.first_problem();
}

RestoreOutcome restore_database_file(const std::string& candidate, const std::string& target, bool apply) {
    if (!fs::is_regular_file(candidate)) throw NotFoundError("no backup file " + candidate);
    std::error_code same_ec;
    if (fs::equivalent(candidate, target, same_ec)) {
        throw ValidationError("the backup " + candidate + " is the working database itself");
    }
    ensure_private_directory(parent_dir(target));
    RestoreOutcome outcome;
    const std::string tmp = private_temp_beside(target, ".restore-");
    try {
        try {
            SQLite::Database src(candidate, SQLite::OPEN_READONLY);
            outcome.check.schema_version = src.execAndGet("PRAGMA user_version").getInt();
            SQLite::Database out(tmp, SQLite::OPEN_READWRITE);
            SQLite::Backup backup(out, src);
            if (backup.executeStep(-1) != SQLITE_DONE) throw StorageError("copy incomplete");
        } catch (const std::exception& e) {
            throw ValidationError("the file " + candidate + " is not a readable Clientela database (" + e.what() +
                                  "); nothing was changed");
        }
        {
            Database copy(tmp);  // migrates the private copy; refuses a newer schema
            SQLite::Statement ic(copy.sql(), "PRAGMA integrity_check");
            outcome.check.integrity_ok = true;
            while (ic.executeStep()) {
                const std::string line = ic.getColumn(0).getString();
                if (line == "ok") continue;
                outcome.check.integrity_ok = false;
                if (outcome.check.integrity_problem.empty()) outcome.check.integrity_problem = line;
            }
            outcome.check.ledger = LedgerRepo(copy).verify();
            outcome.check.contacts = copy.sql().execAndGet("SELECT COUNT(*) FROM contacts").getInt64();
            outcome.check.events = copy.sql().execAndGet("SELECT COUNT(*) FROM consent_events").getInt64();
            copy.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (!outcome.check.ok()) {
            throw ValidationError("the backup " + candidate + " fails verification: " + outcome.check.problem() +
                                  "; nothing was changed");
        }
        if (!apply) {
            remove_db_files(tmp);
            return outcome;
        }
        fsync_path(tmp, false);
        if (fs::exists(target)) {
            {
                // Fold the working database's WAL into its file so the kept copy is whole.
                SQLite::Database current(target, SQLite::OPEN_READWRITE);
                current.exec("PRAGMA busy_timeout = 5000");
                current.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            outcome.previous = target + ".before-restore";
            remove_db_files(outcome.previous);
            rename_or_throw(target, outcome.previous);
            std::error_code ec;
            fs::remove(target + "-wal", ec);
            fs::remove(target + "-shm", ec);
        }
        rename_or_throw(tmp, target);
        std::error_code ec;
        fs::remove(tmp + "-wal", ec);
        fs::remove(tmp + "-shm", ec);
        fsync_path(parent_dir(target), true);
        outcome.replaced = true;
        return outcome;
    } catch (const SQLite::Exception& e) {
        remove_db_files(tmp);
        throw StorageError("cannot restore " + candidate + ": " + e.what());
    } catch (...) {
        remove_db_files(tmp);
        throw;
    }
}

void validate_backup_settings(const BackupSettings& s) {
    if (s.keep < 1 || s.keep > 1000) throw ValidationError("backups to keep must be between 1 and 1000");
    if (s.interval_hours < 1 || s.interval_hours > 8760) {
        throw ValidationError("the backup interval must be between 1 and 8760 hours");
    }
    if (!s.dir.empty() && s.dir.front() != '/') throw ValidationError("the backup directory must be an absolute path");
    if (s.dir.size() > 4096) throw ValidationError("the backup directory path is too long");
}

namespace {

int parse_int_setting(const std::map<std::string, std::string>& kv, const char* key, int fallback) {
    const auto it = kv.find(key);
    if (it == kv.end()) return fallback;
    try {
        std::size_t used = 0;
        const int v = std::stoi(it->second, &used);
        return used == it->second.size() ? v : fallback;
    } catch (const std::exception&) {
        return fallback;
    }
}

}  // namespace

BackupSettings load_backup_settings(Database& db) {
    std::map<std::string, std::string> kv;
    SQLite::Statement q(db.sql(), "SELECT key, value FROM settings WHERE key LIKE 'backup\\_%' ESCAPE '\\'");
    while (q.executeStep()) kv[q.getColumn(0).getString()] = q.getColumn(1).getString();
    BackupSettings s;
    if (auto it = kv.find("backup_auto"); it != kv.end()) s.automatic = it->second != "false";
    s.keep = parse_int_setting(kv, "backup_keep", s.keep);
    s.interval_hours = parse_int_setting(kv, "backup_interval_hours", s.interval_hours);
    if (auto it = kv.find("backup_dir"); it != kv.end()) s.dir = it->second;
    // A hand-edited value out of range falls back to the default rather than stopping the app.
    try {
        validate_backup_settings(s);
    } catch (const ValidationError&) {
        const BackupSettings d;
        if (s.keep < 1 || s.keep > 1000) s.keep = d.keep;
        if (s.interval_hours < 1 || s.interval_hours > 8760) s.interval_hours = d.interval_hours;
        if (!s.dir.empty() && s.dir.front() != '/') s.dir.clear();
    }
    return s;
}

void save_backup_settings(Database& db, const BackupSettings& s) {
    validate_backup_settings(s);
    auto tx = db.begin_write();
    SQLite::Statement put(db.sql(), "INSERT INTO settings (key, value) VALUES (?, ?) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    auto set = [&](const char* key, const std::string& value) {
        put.bind(1, key);
        put.bind(2, value);
        put.exec();
        put.reset();
    };
    set("backup_auto", s.automatic ? "true" : "false");
    set("backup_keep", std::to_string(s.keep));
    set("backup_interval_hours", std::to_string(s.interval_hours));
    set("backup_dir", s.dir);
    tx.commit();
}

}  // namespace clientela::store
