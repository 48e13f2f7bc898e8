// Sending a campaign: the audience is decided when the run starts, and each customer's
// consent is decided again at the moment of their message, in the write transaction that
// logs it as queued (committed before it is handed to SMTP or the WhatsApp Cloud API), so a
// withdrawal recorded at the till during a long run stops that message and the log cites the
// grant in force when it left. It is then marked sent, failed or unknown (handed over, the
// reply lost), so a run can be resumed without sending anyone twice.
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

// Throws ValidationError naming the `settings set` option to run when the shop's name or
// postal address is empty: LSSI art. 10 requires every commercial email to identify the
// sender, and the footer carries both.
void require_sender_identity(const ShopSettings& shop);

// The email one recipient gets: personalised subject and bodies ({nombre}, {nombre_completo};
// names escaped in HTML) with the Spanish footer (why they get it, the shop's name and postal
// address, the privacy notice link when set, how to unsubscribe), List-Unsubscribe to the
// shop's unsubscribe address (settings, else the sender) and, when an https unsubscribe URL
// is set and unsubscribe_key is given, the one-click URL with the customer's token (see
// one_click.hpp). An empty key or a recipient without a UUID (a test copy) gets no one-click URL.
send::EmailContent campaign_email(const Campaign& c, const CampaignRecipient& r, const ShopSettings& shop,
                                  const OutreachSettings& outreach, Timestamp at, const std::string& unsubscribe_key);
// The template message one recipient gets (merge fields in parameters personalised).
send::TemplateMessage campaign_template(const Campaign& c, const CampaignRecipient& r);

struct SendOptions {
    Timestamp at{};                         // decide the audience as of; epoch = now
    std::optional<double> rate_per_minute;  // overrides the setting; 0 = no throttle
    // A message left `queued` by an interrupted run, or `unknown` (handed over, reply lost),
    // may have reached the customer. By default it is not sent again (never twice); true
    // sends it again, an email with the same Message-ID.
    bool retry_unknown = false;
    // Polled before each message and while waiting for the next slot: true finishes the
    // message in flight and stops the run (Ctrl-C); the rest are not_attempted.
    std::function<bool()> stop_requested;
    int max_rate_limit_waits = 3;        // per message, then the run stops
    std::chrono::seconds max_wait{300};  // longer Retry-After: the run stops
    SecretStore secrets;
    std::function<void(std::chrono::milliseconds)> sleep;  // default: this_thread::sleep_for
};

struct RecipientOutcome {
    ContactRow contact;
    Channel channel = Channel::email;
    std::string address;
    // sent | failed | unknown (handed over, the reply lost) | skipped (consent re-checked
    // when its turn came no longer allowed it: error says why) | skipped_sent (an earlier run
    // sent it) | skipped_unknown (an earlier run left it queued or unknown) | not_attempted
    // (the run or its channel stopped before it)
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
    int sent = 0, failed = 0, unknown = 0, skipped = 0, skipped_sent = 0, skipped_unknown = 0, not_attempted = 0;
    int rate_limit_waits = 0;
    bool stopped = false;  // a provider could not be used any more (its channel stopped)
    std::string stop_reason;
    bool interrupted = false;  // stop_requested said so (Ctrl-C): the rest are not_attempted
    double seconds = 0;
};

// Sends to everyone the policy allows who has no sent (or queued/unknown) message for this
// campaign yet; failed and skipped ones from earlier runs are tried again. Throttled to
// rate_per_minute over all channels (0: no throttle). Each message: consent decided again
// (a block logs it `skipped` with the reasons), then logged queued, then handed over.
// A transport problem (connection, login, a refused sender, rate limit beyond max_wait) or
// kMaxSameRefusals identical refusals in a row stops that channel; the rest are
// not_attempted and go in the next run. on_outcome is called after each recipient.
inline constexpr int kMaxSameRefusals = 5;
SendReport send_campaign(Session& session, const Campaign& c, const SendOptions& options,
                         const std::function<void(const RecipientOutcome&)>& on_outcome = {});

}  // namespace clientela::app
