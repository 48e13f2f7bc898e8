// What a restore of an older backup must not undo: customers erased and withdrawals recorded
// after the backup was taken.
//
// Read from the database being replaced (held exclusively by the restore) and applied to the
// checked copy of the backup before it goes in:
//  - every erasure in the erasure log that the copy lacks: the customer is erased again with
//    the erasure use case (contact, points, notes, message content go; identifiers suppressed),
//    and the hashes the original erasure suppressed are suppressed too, with a log row;
//  - every withdrawal the copy's ledger lacks (by event UUID), when the copy still has that
//    consent granted from before the withdrawal (or has no state for it): appended as a new
//    event at the copy's head (its chain continues from its own head), with the original
//    point, method, staff and time, and the evidence "re-applied after restore, originally
//    seq N at TIME". Withdrawals are applied first, then erasures.
// Later grants are not carried over: going back to a backup means going back on those.
#pragma once

#include "store/backup.hpp"

#include <string>

namespace clientela::app {

void carry_over_since_backup(store::Database& current, const std::string& copy_path, store::RestoreOutcome& outcome);

}  // namespace clientela::app
