// Backups in the store: checking a database file before trusting it, restoring one in place
// of the working database, and the automatic-backup settings kept in the settings table.
#pragma once

#include "store/database.hpp"
#include "store/ledger_repo.hpp"

#include <cstdint>
#include <functional>
#include <string>

namespace clientela::store {

// What a full check of a database file found: SQLite's integrity_check plus ledger verify.
struct FileCheck {
    int schema_version = 0;        // as found, before any migration of the private copy
    bool integrity_ok = false;     // PRAGMA integrity_check said "ok"
    std::string integrity_problem;
    LedgerCheck ledger;
    std::int64_t contacts = 0;
    std::int64_t events = 0;
    bool ok() const { return integrity_ok && ledger.ok(); }
    // One readable sentence on the first problem ("" when ok).
    std::string problem() const;
};

struct RestoreOutcome {
    FileCheck check;
    bool replaced = false;
    std::string previous;  // where the replaced database was kept (<db>.before-restore)
    std::size_t erasures_reapplied = 0;     // customers erased since the backup, erased again
    std::size_t withdrawals_reapplied = 0;  // withdrawals recorded since the backup, appended again
};

// What a restore carries over from the database it replaces into the checked copy before
// the copy goes in: `current` is the replaced database (held exclusively), `copy_path` the
// migrated private copy (nobody else has it open). Fills the *_reapplied counts.
using CarryOver = std::function<void(Database& current, const std::string& copy_path, RestoreOutcome& outcome)>;

// Copies `candidate` byte for byte into a private temporary file beside `target` (SQLite
// never opens the candidate, so no -wal/-shm appears beside it), migrates that copy to the
// current schema and checks it. When the check fails throws ValidationError naming the
// problem (and the first broken ledger event), leaving everything as it was.
// When it passes and `apply` is true:
//  - the working database is taken for this restore alone (Database::Exclusive); when another
//    connection has it open, even idle (the desktop app), throws ConflictError, nothing changed;
//  - temporary copies left by a killed restore (<target>.restore-*) are removed;
//  - `carry_over` (when given) re-applies to the copy what must survive the restore;
//  - the working database, read through the held lock, is backed up to <target>.before-restore;
//  - the copy is written into the working database through the same connection (SQLite backup
//    API, one transaction in its WAL): the path is never missing, no -wal is ever deleted by
//    hand, and a kill at any moment leaves either the old or the restored database.
RestoreOutcome restore_database_file(const std::string& candidate, const std::string& target, bool apply,
                                     const CarryOver& carry_over = {});

// Automatic backups (settings keys backup_auto, backup_keep, backup_interval_hours, backup_dir).
struct BackupSettings {
    bool automatic = true;    // back up on opening when the newest backup is older than the interval
    int keep = 7;             // newest backups kept in the directory (1..1000)
    int interval_hours = 24;  // 1..8760
    std::string dir;          // empty: "backups" beside the database
};

BackupSettings load_backup_settings(Database& db);
// Validates (ValidationError) and writes all four keys in one transaction.
void save_backup_settings(Database& db, const BackupSettings& settings);
void validate_backup_settings(const BackupSettings& settings);

}  // namespace clientela::store
