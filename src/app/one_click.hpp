// One-click unsubscribe (RFC 8058). Each campaign email's https unsubscribe URL carries
// ?c=<customer UUID>&k=<campaign UUID>&t=<token>, the token an HMAC-SHA256 of both UUIDs under
// a random key kept in the database (Database::unsubscribe_token_secret, never shown), so a
// customer UUID alone, or a link changed to name someone else, unsubscribes nobody. The shop's
// web host forwards a POSTed URL (by email to the unsubscribe mailbox, or the owner runs
// `unsubscribe --url`), and apply_unsubscribe_url turns it into a withdrawal.
#pragma once

#include "app/session.hpp"

#include <cstdint>
#include <string>

namespace clientela::app {

// The token: the first 128 bits of HMAC-SHA256(key, customer UUID "\n" campaign UUID),
// base64url without padding (22 characters).
std::string unsubscribe_token(const std::string& key, const std::string& contact_uuid,
                              const std::string& campaign_uuid);

// base + "?c=...&k=...&t=..." ("&" when base has a query already); empty when base is empty.
std::string one_click_unsubscribe_url(const std::string& base, const std::string& key, const std::string& contact_uuid,
                                      const std::string& campaign_uuid);

struct OneClickResult {
    std::string url;
    // withdrawn | already_withdrawn | refused (no token, or one that does not match: nothing
    // recorded, `reason` says why) | unknown_customer (the customer was erased since)
    std::string outcome;
    std::string reason;
    std::string contact_uuid, contact_name;
    std::string campaign_uuid, campaign_name;
    std::int64_t event_seq = 0;  // the withdraw event recorded
};

// Checks the token (constant-time comparison) and, when it matches, withdraws email
// marketing for that customer (method web_form: the customer acted on the shop's web link;
// the evidence says "one-click URL of campaign NAME (UUID)" and evidence_source, e.g. where
// the URL was collected). A customer already withdrawn gets no second event. Never throws
// for a bad URL: it is `refused` with the reason.
// In its own write transaction, so the check and the withdrawal cannot be split by another till.
OneClickResult apply_unsubscribe_url(Session& session, const std::string& url, const std::string& evidence_source);
// The same inside the caller's write transaction (mail intake: one message, one transaction).
OneClickResult apply_unsubscribe_url_in_transaction(Session& session, const std::string& url,
                                                    const std::string& evidence_source);

}  // namespace clientela::app
