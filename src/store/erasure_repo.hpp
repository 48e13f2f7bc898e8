// Erasure (GDPR art. 17) in SQLite: removes a contact's personal rows and lifts suppression
// when a person explicitly comes back. The ledger is untouched (it holds no PII).
#pragma once

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

// How many of these identifier hashes are on the suppression list.
std::size_t count_suppressed(Database& db, const std::vector<std::string>& identifier_hashes);

}  // namespace clientela::store
