// The figures of the Resumen view besides the kept audience counts (store/audience_reach.hpp):
// opt-ins and opt-outs per hour (db/016 consent_event_hours, filled at append), the last
// campaigns with what became of their messages, and which campaign a withdrawal answered.
#pragma once

#include "core/contact.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::store {

// Opt-ins (grant or confirm on the consent basis) and opt-outs (withdrawals) of one hour.
struct ConsentHour {
    std::int64_t hour = 0;  // occurred_at / 3600
    Channel channel = Channel::email;
    bool opt_in = true;  // false: a withdrawal
    std::int64_t events = 0;
};
// The hours in [from_hour, to_hour) for `purpose`, in hour order.
std::vector<ConsentHour> consent_hours(Database& db, Purpose purpose, std::int64_t from_hour, std::int64_t to_hour);

struct CampaignFigures {
    std::int64_t id = 0;
    std::string uuid;
    std::string name;
    std::string channels;  // comma-separated, as stored
    Timestamp created_at{};
    Timestamp sent_at{};   // epoch: not sent yet
    std::int64_t sent = 0;          // messages handed over (status sent)
    std::int64_t failed = 0;        // refused or failed (status failed)
    std::int64_t unsubscribed = 0;  // withdrawals linked to the campaign (campaign_withdrawals)
};
// The newest `limit` campaigns (by first send, then creation), newest first.
std::vector<CampaignFigures> last_campaigns(Database& db, std::int64_t limit);

// The campaign of the first sent message whose provider id (SMTP Message-ID, with or without
// <>) is among `provider_ids` (a reply's In-Reply-To and References); nullopt when none.
std::optional<std::int64_t> campaign_of_messages(Database& db, const std::vector<std::string>& provider_ids);
// Records that the withdrawal event `event_seq` answered campaign `campaign_id` (caller's
// transaction; a second link for the same event is ignored).
void link_withdrawal(Database& db, std::int64_t event_seq, std::int64_t campaign_id);
// The campaign a withdrawal answered, nullopt when none is known.
std::optional<std::int64_t> withdrawal_campaign(Database& db, std::int64_t event_seq);

}  // namespace clientela::store
