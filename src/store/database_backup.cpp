// Database::backup_to, restoring a checked copy, and the backup settings.
#include "core/errors.hpp"
#include "store/backup.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"

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
#include <memory>

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
    if (on_postgresql()) {
        throw StorageError("a PostgreSQL database is backed up by the server's own tools, not by Clientela: run "
                           "pg_dump --format=custom --file=shop.dump DBNAME on a machine that may read it, and "
                           "restore with pg_restore (see the README, Several tills); nothing was written to " + out);
    }
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

namespace {

// Copies the bytes of `from` into the existing private file `to` (its mode stays 0600).
void copy_bytes(const std::string& from, const std::string& to) {
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw ValidationError("cannot read " + from + ": " + std::strerror(errno) + "; nothing was changed");
    const int out = ::open(to.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (out < 0) {
        const int err = errno;
        ::close(in);
        throw StorageError("cannot write " + to + ": " + std::strerror(err));
    }
    char buf[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        bool ok = n > 0;
        for (ssize_t done = 0; ok && done < n;) {
            const ssize_t w = ::write(out, buf + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno == EINTR) continue;
            ok = w > 0;
            done += ok ? w : 0;
        }
        if (!ok) {
            const int err = errno;
            ::close(in);
            ::close(out);
            throw StorageError("cannot copy " + from + " to " + to + ": " + std::strerror(err));
        }
    }
    ::close(in);
    if (::close(out) != 0) throw StorageError("cannot write " + to + ": " + std::strerror(errno));
}

// The candidate, copied into `tmp`, migrated there and checked (integrity + ledger).
void prepare_copy(const std::string& candidate, const std::string& tmp, RestoreOutcome& outcome) {
    auto unreadable = [&](const std::string& why) {
        return ValidationError("the file " + candidate + " is not a readable Clientela database (" + why +
                               "); nothing was changed");
    };
    copy_bytes(candidate, tmp);
    std::error_code ec;
    if (fs::file_size(candidate + "-wal", ec) > 0 && !ec) {  // a copy of a live file: its log goes with it
        const std::string wal = tmp + "-wal";
        const int fd = ::open(wal.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) ::close(fd);
        copy_bytes(candidate + "-wal", wal);
    }
    try {
        SQLite::Database raw(tmp, SQLite::OPEN_READWRITE);
        outcome.check.schema_version = raw.execAndGet("PRAGMA user_version").getInt();
    } catch (const std::exception& e) {
        throw unreadable(e.what());
    }
    try {
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
    } catch (const SQLite::Exception& e) {
        throw unreadable(e.what());
    } catch (const StorageError& e) {
        throw unreadable(e.what());
    }
    if (!outcome.check.ok()) {
        throw ValidationError("the backup " + candidate + " fails verification: " + outcome.check.problem() +
                              "; nothing was changed");
    }
}

// Temporary files of a restore killed half-way: "<db>.restore-XXXXXX" (and its -wal/-shm)
// and the half-written "<db>.before-restore.tmp-XXXXXX". Only called with the database held
// exclusively, so no restore is running that could own them.
void remove_stale_temporaries(const std::string& target) {
    const fs::path t = fs::absolute(target);
    const std::string restore_prefix = t.filename().string() + ".restore-";
    const std::string previous_prefix = t.filename().string() + ".before-restore.tmp-";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(t.parent_path(), ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(restore_prefix, 0) == 0 || name.rfind(previous_prefix, 0) == 0) {
            std::error_code rm;
            fs::remove(entry.path(), rm);
        }
    }
}

// Writes the checked copy into the held database: one write transaction in its WAL, then a
// checkpoint. Throws StorageError when the log could not be folded in completely.
void write_into(Database& held, const std::string& copy) {
    {
        SQLite::Database src(copy, SQLite::OPEN_READWRITE);  // our private copy
        SQLite::Backup backup(held.sql(), src);
        const int rc = backup.executeStep(-1);
        if (rc != SQLITE_DONE) throw StorageError(std::string("the restore did not complete: ") + sqlite3_errstr(rc));
    }
    SQLite::Statement cp(held.sql(), "PRAGMA wal_checkpoint(TRUNCATE)");
    if (cp.executeStep() && cp.getColumn(0).getInt() != 0) {
        // Cannot happen while the lock is held; the restored data is safe in the WAL either way.
        throw StorageError("the restored database could not be checkpointed; it is complete in " + held.path() +
                           "-wal, which must stay beside it");
    }
}

}  // namespace

RestoreOutcome restore_database_file(const std::string& candidate, const std::string& target, bool apply,
                                     const CarryOver& carry_over) {
    // Before anything is made beside the target: a URI is no file to put a copy beside.
    if (sql::is_postgresql_uri(target)) {
        throw StorageError("a PostgreSQL database is not restored by Clientela: use pg_restore (see the README, "
                           "Several tills); nothing was changed in " + sql::printable_uri(target));
    }
    if (!fs::is_regular_file(candidate)) throw NotFoundError("no backup file " + candidate);
    std::error_code same_ec;
    if (fs::equivalent(candidate, target, same_ec)) {
        throw ValidationError("the backup " + candidate + " is the working database itself");
    }
    ensure_private_directory(parent_dir(target));
    RestoreOutcome outcome;
    std::unique_ptr<Database> held;
    if (apply && fs::exists(target)) {
        held = std::make_unique<Database>(target, Database::Exclusive{});  // ConflictError when in use
        remove_stale_temporaries(target);
    }
    const std::string tmp = private_temp_beside(target, ".restore-");
    try {
        prepare_copy(candidate, tmp, outcome);
        if (!apply) {
            remove_db_files(tmp);
            return outcome;
        }
        if (held && carry_over) carry_over(*held, tmp, outcome);
        fsync_path(tmp, false);
        if (held) {
            outcome.previous = target + ".before-restore";
            remove_db_files(outcome.previous);  // an older kept copy, with any log of its own
            held->backup_to(outcome.previous);
            write_into(*held, tmp);
            held.reset();  // releases the lock: the next program opens the restored database
        } else if (::link(tmp.c_str(), target.c_str()) != 0) {  // never over a file that appeared meanwhile
            throw StorageError("cannot put the restored database at " + target + ": " + std::strerror(errno));
        }
        remove_db_files(tmp);
        fsync_path(parent_dir(target), true);
        outcome.replaced = true;
        return outcome;
    } catch (const SQLite::Exception& e) {
        remove_db_files(tmp);
        throw StorageError("cannot restore " + candidate + ": " + e.what() + "; nothing was changed");
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
    sql::Statement q(db.conn(), "SELECT key, value FROM settings WHERE key LIKE 'backup\\_%' ESCAPE '\\'");
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
    sql::Statement put(db.conn(), "INSERT INTO settings (key, value) VALUES (?, ?) "
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
