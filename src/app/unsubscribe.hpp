// Unsubscribe requests (an address, or replies with "baja"/"unsubscribe" in the subject)
// become withdraw events in the consent ledger: email marketing, method email_reply.
#pragma once

#include "app/session.hpp"
#include "send/mailbox_reader.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace clientela::app {

struct UnsubscribeRequest {
    std::string address;
    std::string evidence;  // what the ledger keeps: where the request came from
};

// The requests among mailbox messages: those whose subject asks to unsubscribe.
std::vector<UnsubscribeRequest> unsubscribe_requests(const std::vector<send::MailHeaders>& mails);

// The requests in an mbox file or a maildir folder (whichever the path is); `mails` gets
// how many messages were read. Throws ValidationError when the path is neither.
std::vector<UnsubscribeRequest> unsubscribe_requests_in(const std::string& mailbox_path, std::size_t* mails = nullptr);

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

}  // namespace clientela::app
