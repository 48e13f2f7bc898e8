// Sending a campaign: the audience is decided at send time, every message is logged as
// queued (committed) before it is handed to SMTP or the WhatsApp Cloud API and marked sent
// or failed after, so a run can be resumed without sending anyone twice.
#pragma once

#include "app/campaigns.hpp"
#include "app/secret_store.hpp"
#include "send/mime_message.hpp"
#include "send/whatsapp_client.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

// The email one recipient gets: personalised subject and bodies with the Spanish
// unsubscribe line, List-Unsubscribe to the shop's unsubscribe address (settings, else the
// sender) and the one-click URL (with ?c=<contact UUID>) when one is set.
send::EmailContent campaign_email(const Campaign& c, const CampaignRecipient& r, const ShopSettings& shop,
                                  const OutreachSettings& outreach, Timestamp at);
// The template message one recipient gets ({nombre} in parameters personalised).
send::TemplateMessage campaign_template(const Campaign& c, const CampaignRecipient& r);

struct SendOptions {
    Timestamp at{};                         // decide the audience as of; epoch = now
    std::optional<double> rate_per_minute;  // overrides the setting
    // A message left `queued` by an interrupted run may or may not have reached the
    // provider. By default it is not sent again (never twice); true treats it as failed.
    bool retry_unknown = false;
    int max_rate_limit_waits = 3;        // per message, then the run stops
    std::chrono::seconds max_wait{300};  // longer Retry-After: the run stops
    SecretStore secrets;
    std::function<void(std::chrono::milliseconds)> sleep;  // default: this_thread::sleep_for
};

struct RecipientOutcome {
    ContactRow contact;
    Channel channel = Channel::email;
    std::string address;
    // sent | failed | skipped_sent (an earlier run sent it) | skipped_unknown (left queued
    // by an interrupted run) | not_attempted (the run stopped before it)
    std::string status;
    std::int64_t message_id = 0;  // row in the message log, 0 when none was written
    std::string provider_id;
    std::string error;
};

struct SendReport {
    Campaign campaign;
    std::vector<RecipientOutcome> outcomes;  // audience order
    std::vector<CampaignExclusion> excluded;
    std::int64_t outside_tags = 0;
    int sent = 0, failed = 0, skipped_sent = 0, skipped_unknown = 0, not_attempted = 0;
    int rate_limit_waits = 0;
    bool stopped = false;  // a provider could not be used any more (its channel stopped)
    std::string stop_reason;
    double seconds = 0;
};

// Sends to everyone the policy allows now who has no sent (or unknown) message for this
// campaign yet; failed ones from earlier runs are tried again. Throttled to
// rate_per_minute over all channels. A transport problem (connection, login, rate limit
// beyond max_wait) stops that channel; the rest are not_attempted and go in the next run.
// on_outcome is called after each recipient.
SendReport send_campaign(Session& session, const Campaign& c, const SendOptions& options,
                         const std::function<void(const RecipientOutcome&)>& on_outcome = {});

}  // namespace clientela::app
