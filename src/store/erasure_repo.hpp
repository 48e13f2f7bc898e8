// Erasure (GDPR art. 17) in SQLite: removes a contact's personal rows, blanks the evidence
// text of their format-2 consent events, leaves no copy in the search index's segments or
// the WAL, keeps the erasure log (so a restore can erase again), and lifts suppression when
// a person explicitly comes back. Every connection runs with secure_delete, so deleted rows
// are zeroed in the file (Database::apply_pragmas).
// On PostgreSQL the same rows go and the same texts are blanked, but the server keeps the old
// row versions (dead tuples) in its files until VACUUM and in its WAL until recycled: there
// is no secure_delete, and VACUUM cannot run inside the erasure's transaction (see empty_wal).
#pragma once

#include "core/contact.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace clientela::store {

struct ErasedRows {
    std::size_t points = 0;
    std::size_t tags = 0;
    std::size_t preferences = 0;
    std::size_t search_rows = 0;
};

// Deletes the contact row (name, notes, source), its contact points, tags, channel
// preferences and its row in the search index. The caller owns the write transaction.
// Throws NotFoundError when there is no such contact.
ErasedRows delete_contact_rows(Database& db, std::int64_t contact_id);

// Blanks the evidence text of the contact's format-2 consent events (consent_evidence; the
// events and their evidence fingerprints stay, so the chain still verifies) and returns how
// many texts were blanked. The caller owns the write transaction.
std::size_t erase_evidence(Database& db, const std::string& contact_uuid, Timestamp now);

// How many of the contact's consent events are format 1 with evidence text: their hash
// covers the text, so it stays.
std::size_t count_unerasable_evidence(Database& db, const std::string& contact_uuid);

// SQLite: rewrites the search index as one segment (FTS5 'optimize'); nothing on PostgreSQL.
// An FTS5 delete only records a tombstone and the deleted row's words stay in the older
// segments until a merge; SQLite 3.40 has no secure-delete option for FTS5. Costs a rewrite
// of the whole index (README, Reliability). Inside the caller's write transaction.
void merge_search_index(Database& db);

// SQLite: PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the file and empties it, so
// the pages of earlier transactions (which held the erased rows) are gone from the -wal
// file. Outside any transaction. False when another connection's open read kept the WAL from emptying.
// PostgreSQL: nothing the program can do (true); the server's dead tuples and WAL are VACUUM's
// and the administrator's.
bool empty_wal(Database& db);

// Removes these identifier hashes from the suppression list; returns how many were there.
// The caller owns the write transaction.
std::size_t lift_suppression(Database& db, const std::vector<std::string>& identifier_hashes);

// One row of the erasure log: who was erased, which identifier hashes were suppressed, when.
struct ErasureRecord {
    std::string contact_uuid;
    std::vector<std::string> identifier_hashes;
    Timestamp erased_at{};
};

// Appends to the erasure log (the caller owns the write transaction: the erasure's own).
void log_erasure(Database& db, const ErasureRecord& record);

// The whole erasure log, oldest first.
std::vector<ErasureRecord> erasure_log(Database& db);

// Whether the log holds this exact erasure (same contact, same instant).
bool erasure_logged(Database& db, const std::string& contact_uuid, Timestamp erased_at);

// How many of these identifier hashes are on the suppression list.
std::size_t count_suppressed(Database& db, const std::vector<std::string>& identifier_hashes);

}  // namespace clientela::store
