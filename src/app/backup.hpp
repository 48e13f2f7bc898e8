// Backups as the shop sees them: one now (to a chosen file or the backup directory), the
// automatic one on opening when the newest is older than the interval, rotation, restore.
#pragma once

#include "app/session.hpp"
#include "store/backup.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct BackupMade {
    std::string path;
    std::uintmax_t bytes = 0;
    std::vector<std::string> removed;  // older automatic backups rotated out
    std::string anchor_warning;        // the anchor log could not be written; the backup is whole
};

// The directory of automatic backups: the `backup_dir` setting, else "backups" beside the
// database ($XDG_DATA_HOME/clientela/backups for the default database). Created 0700.
std::string backup_directory(Session& session);

// Automatic backups of the database "shop.db" are "shop-YYYYMMDD-HHMMSSZ.db" (UTC), newest
// first. Files that do not follow the pattern are never touched.
std::vector<std::string> list_backups(const std::string& dir, const std::string& db_path);

// A backup now: into `out`, or (out empty) into the backup directory under a dated name,
// then keeping only the newest `keep` dated backups there. Appends an anchor of the ledger's
// head to the anchor log (app/anchor_log.hpp); a log that cannot be written is reported in
// anchor_warning, not as a failed backup.
BackupMade backup_now(Session& session, const std::string& out, Timestamp now);

// On opening: when automatic backups are on, the database holds something and the newest
// dated backup is older than the interval (or missing), makes one and rotates. Returns
// what it made, or nothing when none was due. Throws like backup_now.
std::optional<BackupMade> auto_backup_if_due(Session& session, Timestamp now);

// Removes dated backups beyond the newest `keep`, and temporary files of backups killed
// half-way that are over an hour old; returns the removed paths.
std::vector<std::string> rotate_backups(const std::string& dir, const std::string& db_path, int keep);

// Checks `candidate` (integrity + ledger verify on a private copy) and, when `apply`,
// replaces the database at db_path with it, keeping the old one as db_path.before-restore.
// Customers erased and withdrawals recorded since the backup are re-applied to it first
// (restore_carry_over.hpp; counted in the outcome), and "restored to seq N" (the backup's
// head) is written in the anchor log (app/anchor_log.hpp). Throws ValidationError when the
// candidate fails verification, ConflictError when another program has the database open
// (nothing changed either way).
store::RestoreOutcome restore_backup(const std::string& db_path, const std::string& candidate, bool apply);

// The file of the open database (":memory:" for tests): what a restore replaces.
std::string database_file(Session& session);

// One dated backup of this shop, as the window lists them (newest first).
struct BackupEntry {
    std::string path;
    Timestamp made_at{};  // UTC, from the file name
    std::uintmax_t bytes = 0;
};
std::vector<BackupEntry> backup_entries(Session& session);

// The automatic-backup settings (backup_auto, backup_keep, backup_interval_hours, backup_dir)
// for the window and the CLI; saving validates (ValidationError) and writes all four at once.
store::BackupSettings backup_settings(Session& session);
void save_backup_settings(Session& session, const store::BackupSettings& settings);

}  // namespace clientela::app
