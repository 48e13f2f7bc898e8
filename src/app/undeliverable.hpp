// Addresses a mail server refused for good. A permanent SMTP 5.1.x refusal of a recipient
// (RCPT TO answered "550 5.1.1 ...", or a hard bounce with Status 5.1.x) marks that email
// address `undeliverable` on the contact point of every customer using it (compared by
// identity_key(): any case of the local part). The policy then refuses email to it with the
// reason `undeliverable`. The mark is not consent (the ledger is untouched) and is cleared
// when the address is edited, or when email consent is granted or confirmed again on it.
#pragma once

#include "app/session.hpp"

#include <string>
#include <string_view>

namespace clientela::app {

// Marks `address` undeliverable now, with `evidence` (the server's reply and where it came
// from), in its own write transaction. Returns how many contact points were marked (0: no
// customer has this address, or it is not a valid email address).
int mark_undeliverable(Session& session, const std::string& address, const std::string& evidence);
// The same inside the caller's write transaction (mail intake: a hard bounce).
int mark_undeliverable_in_transaction(Session& session, const std::string& address, const std::string& evidence);

// Whether an SMTP reply refuses the address itself for good: a 5xx reply whose enhanced
// status code (RFC 3463) is 5.1.x ("550 5.1.1 <x>: mailbox unavailable"). A full mailbox
// (5.2.2), a policy refusal (5.7.x) or a temporary 4xx is not.
bool is_permanent_address_refusal(std::string_view reply);
// The same for an RFC 3464 Status field ("5.1.1"), as a delivery report gives it.
bool is_permanent_address_status(std::string_view status);

}  // namespace clientela::app
