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
};

// Removes the contact (name, notes, source, tags), its contact points, channel preferences,
// search row, and the personal content of its messages, in one write transaction. Every
// identifier (valid phone of any kind, email, postal address, and every point hash the
// ledger holds for the customer) goes onto the suppression list, so an import of an old
// phone export skips them. The ledger and the consent projection stay: `ledger verify`
// still passes. The erasure log gets the contact's UUID, the suppressed hashes and the time
// (no personal data), so restoring an older backup erases the customer again.
// Throws NotFoundError for an unknown contact.
ErasureResult erase_contact(Session& session, const std::string& contact_ref);

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
