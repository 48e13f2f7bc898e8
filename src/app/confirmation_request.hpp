// Double opt-in by email: a customer whose grant came from afar (a web form, a phone call)
// is sent a confirmation email quoting the wording they agreed to. The email is a service
// message in the log; its Message-ID is remembered, so a reply that names it (In-Reply-To,
// References) and says yes confirms exactly that grant (see mail_intake).
#pragma once

#include "app/secret_store.hpp"
#include "app/session.hpp"
#include "core/consent.hpp"
#include "core/campaign.hpp"
#include "send/mime_message.hpp"
#include "store/confirmations_repo.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct ConfirmationSent {
    Contact contact;
    std::string address;
    std::string provider_id;      // "<...>": the Message-ID a reply will name
    std::int64_t message_id = 0;  // row in the message log
    std::int64_t grant_seq = 0;   // the grant it asks to confirm
    std::string status;           // sent | failed | unknown (handed over, reply lost)
    std::string error;
    std::string reply_command, reply;  // the SMTP server's last reply
};

// Only email (the reply is read from the shop's mailbox), and only for a customer whose
// current grant on (email, purpose) was recorded by a remote method and is not confirmed
// yet; anything else is refused with a ValidationError that says why. The message is logged
// (service, queued) and committed before it is handed to SMTP, then marked sent/failed/unknown.
ConfirmationSent request_confirmation(Session& session, const std::string& contact_ref, Channel channel,
                                      Purpose purpose, const SecretStore& secrets);

// The email itself (pure: tests read it without a server). `wording` is the text the
// customer agreed to.
send::EmailContent confirmation_email(const ShopSettings& shop, const OutreachSettings& outreach,
                                      const Contact& contact, const std::string& address, Purpose purpose,
                                      const std::string& wording, Timestamp at);

// The confirmation request a reply answers: the newest whose Message-ID is among
// `referenced` (the reply's In-Reply-To and References).
std::optional<store::ConfirmationRequestRow> answered_request(Session& session,
                                                              const std::vector<std::string>& referenced);

}  // namespace clientela::app
