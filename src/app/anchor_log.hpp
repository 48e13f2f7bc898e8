// The anchor log: witnesses of the consent ledger's head kept outside the database file, so
// that cutting events off the end of the chain (a withdrawal, say) or rewriting it, and
// putting the projection back, no longer passes `ledger verify`.
//
// Contract:
// - Where: one log per directory, <directory of the database>/ledger-anchors.tsv, beside the
//   default backups/ directory. Never the backup_dir setting: where the witnesses live must
//   not be decided by the database they witness. The file is 0600 (the directory 0700), and
//   several databases may share it: each record names its database id (a random id created
//   by a migration and kept in the settings table; backups carry it).
// - Format (UTF-8 text, one record a line, TAB between fields, LF at the end):
//     # clientela-anchors-v1                                  first line, when the file is new
//     # kind<TAB>database_id<TAB>seq<TAB>hash<TAB>time_utc<TAB>source   second line (comment)
//     anchor<TAB>ID<TAB>SEQ<TAB>HASH<TAB>YYYY-MM-DDTHH:MM:SSZ<TAB>backup|export|verify
//     restored<TAB>ID<TAB>SEQ<TAB>HASH<TAB>YYYY-MM-DDTHH:MM:SSZ<TAB>restore
//   Lines starting with '#' are comments. A line that does not parse (a crash can cut the
//   last one short) is counted and skipped, never trusted.
// - Writing: open(O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC, 0600), flock(LOCK_EX), one write() of
//   the record (with the header when the file is empty), fsync, close. Reading takes LOCK_SH.
// - Who writes: every backup (by hand or automatic), every ledger export that verified and
//   every successful `ledger verify` append an anchor of the head (seq > 0; an empty ledger
//   and in-memory databases take none). A restore appends "restored" with the restored head.
// - Meaning: an anchor (seq, hash) says "event seq of this database had this hash". A
//   "restored" record retires the earlier anchors of its database with seq greater than its
//   own (the ledger went back to an older head on purpose); anchors after it count again.
//   Every live anchor must still name an event of the chain with that hash, else verify
//   fails and names the event. A missing log is "no outside anchors": information only.
// - Limit: it catches changes made inside the database file alone. Someone who can also edit
//   this file can remove the witnesses (verify then reports fewer anchors, or none).
#pragma once

#include "app/session.hpp"
#include "core/contact.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

inline constexpr const char* anchor_log_file_name = "ledger-anchors.tsv";
inline constexpr const char* anchor_log_version = "clientela-anchors-v1";

enum class AnchorKind { anchor, restored };

struct AnchorRecord {
    AnchorKind kind = AnchorKind::anchor;
    std::string database_id;
    std::int64_t seq = 0;
    std::string hash;  // the event's hash (lower-case hex)
    Timestamp at{};    // UTC
    std::string source;  // backup, export, verify or restore
};

// The anchor log of the database at db_path: ledger-anchors.tsv in its directory (absolute).
// Empty for an in-memory database (":memory:" or ""). A PostgreSQL database (a URI) keeps it on
// the machine that runs verify: ledger-anchors.tsv in the default data directory
// ($XDG_DATA_HOME/clientela, app/paths.hpp), its lines told apart by database id.
std::string anchor_log_path(const std::string& db_path);

// Appends one record under an exclusive lock (see the contract). Creates the file 0600 and its
// directory 0700. Throws StorageError with the path when the log cannot be written.
void append_anchor_record(const std::string& log_path, const AnchorRecord& record);

struct AnchorLogContents {
    bool found = false;  // the file exists and could be read
    std::vector<AnchorRecord> records;  // in file order
    std::size_t unreadable_lines = 0;
};

// Reads the whole log under a shared lock. A missing file gives found = false; a file that
// exists but cannot be read throws StorageError.
AnchorLogContents read_anchor_log(const std::string& log_path);

// The anchors of database_id still in force (restores applied), each (seq, hash) once, in
// ascending seq.
std::vector<AnchorRecord> live_anchors(const AnchorLogContents& log, const std::string& database_id);

struct AnchorCheck {
    std::string log_path;
    bool log_found = false;
    std::size_t anchors_checked = 0;  // live anchors of this database compared with the chain
    std::size_t unreadable_lines = 0;
    bool ok = true;
    std::int64_t broken_seq = 0;  // the first anchored event the chain no longer holds as anchored
    std::string problem;          // a sentence, empty when ok
};

// Compares every live anchor of database_id with the chain: hash_at(seq) must give the
// anchored hash (nullopt when the chain has no event seq).
AnchorCheck check_anchors(const std::string& log_path, const std::string& database_id,
                          const std::function<std::optional<std::string>(std::int64_t)>& hash_at);

// Appends an anchor of the session database's ledger head, taken from `source`. Does
// nothing in memory, for an empty ledger or without a database id. log_path empty = the
// default beside the database. Throws StorageError when the log cannot be written.
void anchor_ledger_head(Session& session, const std::string& source, Timestamp now, const std::string& log_path = "");

// After a restore put a database with head (seq, hash) in place at db_path: appends
// "restored" for its database id, retiring the anchors past seq. log_path empty = default.
// Throws StorageError (saying the restore itself is done) when the log cannot be written.
void record_restore(const std::string& db_path, std::int64_t seq, const std::string& hash, Timestamp now,
                    const std::string& log_path = "");

}  // namespace clientela::app
