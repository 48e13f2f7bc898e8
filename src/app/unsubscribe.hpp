// Unsubscribe requests (an address typed by the owner, or a reply read from a mailbox by
// app/mail_intake.hpp) become withdraw events in the consent ledger: email marketing,
// method email_reply.
#pragma once

#include "app/session.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace clientela::app {

struct UnsubscribeRequest {
    std::string address;
    std::string evidence;  // what the ledger keeps: where the request came from
};

struct UnsubscribeResult {
    std::string address;
    // withdrawn | already_withdrawn | unknown_address (no customer has it) | invalid_address
    std::string outcome;
    std::string contact_uuid;
    std::string contact_name;
    std::int64_t event_seq = 0;  // the withdraw event recorded
};

// One withdraw event per customer found (its own transaction each); a customer whose
// email marketing consent is already withdrawn gets no second event. An address withdraws
// every customer who uses it (compared by identity_key(): any case of the local part), one
// result each, oldest customer first.
std::vector<UnsubscribeResult> process_unsubscribes(Session& session, const std::vector<UnsubscribeRequest>& requests);

// One request, inside the caller's open write transaction (Database::begin_write): mail
// intake records the withdrawal and the message that asked for it together.
std::vector<UnsubscribeResult> withdraw_in_transaction(Session& session, const UnsubscribeRequest& request);

}  // namespace clientela::app
