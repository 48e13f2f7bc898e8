// What a restore must not undo, read from the database it replaces: the withdrawals in its
// ledger (the erasures are in the erasure log, erasure_repo.hpp).
#pragma once

#include "core/consent.hpp"
#include "store/database.hpp"

#include <string>
#include <vector>

namespace clientela::store {

// Every withdraw event of the ledger, in seq order.
std::vector<ConsentEvent> withdrawal_events(Database& db);

// Whether the ledger holds the event with this UUID.
bool has_event(Database& db, const std::string& event_uuid);

}  // namespace clientela::store
