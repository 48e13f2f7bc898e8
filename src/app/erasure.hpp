// Erasure (GDPR art. 17) and its one way back: erase removes a customer's personal data in
// one transaction and suppresses their identifiers; readmit records new consent and lifts
// the suppression when the customer explicitly comes back.
#pragma once

#include "app/consent_desk.hpp"
#include "app/session.hpp"

#include <cstddef>
#include <string>

namespace clientela::app {

struct ErasureResult {
    std::string contact_uuid;
    std::string display_name;  // as it was, for the confirmation message
    std::size_t points_removed = 0;
    std::size_t identifiers_suppressed = 0;  // distinct hashes added to the suppression list
    std::size_t messages_scrubbed = 0;       // log rows whose recipient/subject were blanked
    std::size_t ledger_events_kept = 0;      // events left in the chain (they hold no PII)
    std::size_t evidence_erased = 0;         // evidence texts of format-2 events blanked
    std::size_t pending_replies_erased = 0;  // replies in the pending list (by contact or address)
    std::size_t form_scans_erased = 0;       // scans of their signed consent forms (the codes stay)
    // Events recorded before ledger format 2 whose evidence text stays: their hash covers it.
    std::size_t evidence_kept = 0;
    // The -wal file was emptied; false when another program was reading at that moment (the
    // old pages then go when the WAL is next emptied or overwritten).
    bool wal_emptied = true;
};

// Removes the contact (name, notes, source, tags), its contact points, channel preferences,
// search row, the personal content of its messages, the scans of its signed consent forms
// (the forms' codes stay: the ledger's evidence names them) and the evidence text of its format-2
// consent events (unsubscribe replies included), their replies in the pending list (matched
// by contact and by any of their email addresses, ignoring case), in one write transaction, then merges the
// search index and empties the WAL, so no byte of it stays in the database's files (every
// connection runs with secure_delete). Every identifier (valid phone of any kind, email,
// postal address, and every point hash the ledger holds for the customer) goes onto the
// suppression list, so an import of an old phone export skips them. The ledger and the
// consent projection stay: `ledger verify` still passes. Evidence of events recorded before
// format 2 cannot be blanked without breaking their hash: it stays (evidence_kept). The
// erasure log gets the contact's UUID, the suppressed hashes and the time (no personal
// data), so restoring an older backup erases the customer again.
// Throws NotFoundError for an unknown contact.
// log: write the erasure to the erasure log (so a restore of an older backup erases again).
// A restore re-applying an erasure passes false and logs the original one instead, so one
// erasure is never logged twice under two times.
ErasureResult erase_contact(Session& session, const std::string& contact_ref, bool log = true);

struct ReadmitResult {
    RecordedConsent consent;
    std::size_t suppressions_lifted = 0;
};

// A customer who was erased (or objected) comes back and gives new consent: the contact
// must exist again (added by hand), `grant` must be a grant with its wording. Records the
// grant, then lifts the suppression of the contact's identifiers. Throws ValidationError
// when the request is not a grant.
ReadmitResult readmit(Session& session, const ConsentRequest& grant);

}  // namespace clientela::app
