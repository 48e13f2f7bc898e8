// Backups in the store: checking a database file before trusting it, restoring one in place
// of the working database, and the automatic-backup settings kept in the settings table.
#pragma once

#include "store/database.hpp"
#include "store/ledger_repo.hpp"

#include <cstdint>
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
};

// Copies `candidate` (read-only, never modified) into a private temporary file beside
// `target`, migrates that copy to the current schema and checks it. When the check fails
// throws ValidationError naming the problem (and the first broken ledger event), leaving
// everything as it was. When it passes and `apply` is true, the working database is
// checkpointed and kept as `<target>.before-restore`, and the copy is renamed over `target`.
// Other programs must not have `target` open while it is replaced.
RestoreOutcome restore_database_file(const std::string& candidate, const std::string& target, bool apply);

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
