// Erasure (GDPR art. 17) in SQLite: removes a contact's personal rows, keeps the erasure log
// (so a restore can erase again), and lifts suppression when a person explicitly comes back.
// The ledger is untouched (it holds no PII).
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
