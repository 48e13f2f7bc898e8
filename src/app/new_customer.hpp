// "Nuevo cliente" at the counter: a new customer and the consent they give in the same step,
// stored in ONE write transaction. Shared by the window (ui/new_customer_dialog) and the CLI
// (`add ... --grant CHANNEL:WORDING`).
//
// Contract:
// - All or nothing: the contact, its points and tags, one grant event per channel and, for a
//   readmit, the lifting of the suppression are committed together; any refusal (a wording
//   whose scope does not fit, a mobile or email already held by another customer, a channel
//   without an address, a readmit not acknowledged) leaves the database as it was.
// - A grant for a number or email on the suppression list (erased, or asked for no more
//   messages) is a readmit: the request must say so (readmit = true, after the form showed
//   suppression_of()); without it ReadmitNeededError is thrown and nothing is stored.
// - Grants are checked exactly as record_consent checks them (same code, same transaction).
#pragma once

#include "app/consent_desk.hpp"
#include "app/session.hpp"
#include "core/consent.hpp"
#include "core/errors.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct NewCustomerGrant {
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    LegalBasis basis = LegalBasis::consent;
    std::int64_t wording_id = 0;
};

struct NewCustomerRequest {
    NewContact contact;
    std::vector<NewCustomerGrant> grants;  // at most one per (channel, purpose)
    ConsentMethod method = ConsentMethod::in_store_form;
    std::string evidence;
    std::string recorded_by;               // empty: first staff name in the settings, else $USER
    std::optional<Timestamp> occurred_at;  // empty: now
    bool readmit = false;                  // the customer is readmitted (see suppression_of)
};

struct NewCustomerResult {
    Contact contact;                    // as stored, with ids
    std::vector<ConsentEvent> events;   // one per grant, in request order
    std::size_t suppressions_lifted = 0;
    std::vector<std::string> warnings;  // from add_contact and the wordings
};

// A number or email on the suppression list, and since when.
struct SuppressionNotice {
    PointKind kind = PointKind::phone;
    std::string value;  // as typed
    Timestamp since{};
    std::string day;  // `since` as a date in the shop's time zone (YYYY-MM-DD)
};

// The first typed phone or email that is on the suppression list (what the form says before
// saving: a grant for it readmits the customer); nullopt when none is.
std::optional<SuppressionNotice> suppression_of(Session& session, const std::vector<std::string>& phones,
                                                const std::vector<std::string>& emails);

// Refused: a grant for a suppressed number or email without readmit = true.
class ReadmitNeededError : public ValidationError {
public:
    explicit ReadmitNeededError(const SuppressionNotice& n);
    const SuppressionNotice& notice() const { return notice_; }

private:
    SuppressionNotice notice_;
};

// Creates the customer and records the grants in one write transaction (see the contract).
// Throws ValidationError, IdentityTakenError (ConflictError), WordingScopeError,
// ReadmitNeededError; nothing is stored when it throws.
NewCustomerResult create_customer(Session& session, const NewCustomerRequest& request);

// The wording a grant names: a numeric id, or the newest version with this name that may be
// recorded for (channel, purpose, basis). Throws NotFoundError for an unknown name and
// WordingScopeError when no version of it fits.
std::int64_t wording_for_grant(Session& session, const std::string& name_or_id, Channel channel, Purpose purpose,
                               LegalBasis basis);

}  // namespace clientela::app
