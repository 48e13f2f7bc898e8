// What a campaign run would do now, what it did, and a test copy for the owner: the preview
// skips customers an earlier run already sent to (as a resumed run does), the counts give
// customers as well as messages, and `campaign test` sends one marked copy that is not logged.
#pragma once

#include "app/campaign_sender.hpp"
#include "app/campaigns.hpp"
#include "app/mailbox_check.hpp"
#include "app/secret_store.hpp"

#include <map>
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace clientela::app {

// A customer a run now would not send to again, and why.
struct AlreadyHandled {
    CampaignRecipient recipient;
    MessageStatus status = MessageStatus::sent;  // sent (or exported), queued or unknown
    std::string reason;
};

struct CampaignPreview {
    CampaignAudience audience;  // included: exactly who a run now would send to
    std::vector<AlreadyHandled> already;
};

// The campaign's audience at `at` without the customers an earlier run sent to, nor (unless
// retry_unknown) those it may have sent to (queued or unknown): what `campaign send` would do
// now. Refuses (require_sender_identity) an email campaign when the shop's name or address
// is missing.
CampaignPreview preview_campaign(Session& session, const Campaign& c, Timestamp at, bool retry_unknown = false);

// The email `r` would get, with the given name from the contact record ({nombre}).
send::EmailContent preview_email(Session& session, const Campaign& c, const CampaignRecipient& r, Timestamp at);

// Per status: messages, and distinct customers with at least one message of that status.
struct CampaignCounts {
    std::map<std::string, int> messages;
    std::map<std::string, int> customers;
    int total_customers = 0;  // distinct customers with any message
};
CampaignCounts campaign_counts(const std::vector<CampaignMessage>& messages);

struct TestSendResult {
    std::string to;
    std::string subject;      // "[PRUEBA] ..." as sent
    std::string sample_name;  // whose name filled the merge fields
    std::string message_id;
    std::string reply;  // the server's reply to the end of DATA
};

// Sends one copy of the campaign's email to `to` (the owner) through the configured SMTP
// server: personalised with the first customer a send would reach (else the first staff
// name, else the shop's name), "[PRUEBA] " before the subject, no one-click URL. Nothing is
// written to the message log and the campaign stays unsent. Throws ValidationError (no email
// channel, a bad address, missing sender identity or SMTP settings) or send::SendError.
TestSendResult send_campaign_test(Session& session, const Campaign& c, const std::string& to,
                                  const SecretStore& secrets);

// Who a campaign leaves out and why, counted per customer as the window shows it: the main
// reason over every channel tried (main_reason of audience.hpp, largest count first), and
// apart the customers with a note instead (same mailbox as one who gets it; only channels
// the campaign does not use).
struct CampaignExclusionCounts {
    std::vector<std::pair<BlockReason, std::size_t>> by_reason;  // largest first
    std::size_t same_mailbox = 0;
    std::size_t other_note = 0;
};
CampaignExclusionCounts campaign_exclusion_counts(const CampaignAudience& audience);
// The main reason one customer is left out (no_consent when only a note says why).
BlockReason campaign_main_reason(const CampaignExclusion& x);

// Before a run: when a mailbox is configured (`mailbox set`), its new replies are taken in
// first so a BAJA that arrived is honoured. nullopt when none is configured. Throws Error
// ("nothing was sent") when the mailbox cannot be read: the run must not start.
std::optional<MailboxCheckReport> check_mailbox_before_send(Session& session, const SecretStore& secrets);

}  // namespace clientela::app
