// Who may receive marketing today, per channel, kept up to date (db/016): the rows the
// policy allows, with the instant each stops (its consent's expiry). Triggers in the same
// transaction as every change mark the contacts (or, for settings and the suppression list,
// the whole table) to compute again; settle_reach() applies the policy to what is marked,
// count_reach() counts the rows still valid at an instant over an index range.
#pragma once

#include "core/policy.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace clientela::store {

// The channels kept (every outreach channel), for marketing.
const std::vector<Channel>& reach_channels();

struct ReachCounts {
    std::int64_t email = 0;
    std::int64_t sms = 0;
    std::int64_t whatsapp_business = 0;
    std::int64_t phone_call = 0;
    std::int64_t postal = 0;

    std::int64_t of(Channel c) const;
    std::int64_t& of(Channel c);
    bool operator==(const ReachCounts& o) const;
};

struct ReachBacklog {
    bool rebuild = false;        // every contact (settings or suppression list changed, or a new table)
    std::int64_t contacts = 0;   // contacts marked
    bool empty() const { return !rebuild && contacts == 0; }
};

// Marks every contact to compute again (a restored copy: its rows were computed by the
// program that made the backup, perhaps under other rules).
void mark_reach_rebuild(Database& db);

// What settle_reach() has to do (one small read).
ReachBacklog reach_backlog(Database& db);

// Computes the marked rows again with `settings` (the shop's current policy settings),
// inside the caller's write transaction, and clears the marks. A rebuild reads every contact
// (seconds at a million: progress(done) every few thousand, false cancels with Error
// "cancelled" and the caller's transaction rolls back). Returns the contacts computed.
std::int64_t settle_reach(Database& db, const std::string& identifier_secret, const PolicySettings& settings,
                          const std::function<bool(std::int64_t)>& progress = {});

// How many contacts may receive marketing on each channel at `now`, from the rows as they
// are (settle first): a count over (purpose, channel, until > now).
ReachCounts count_reach(Database& db, Timestamp now);

// A consent that stops counting in [from, to): who, which channel, when.
struct ReachExpiry {
    std::int64_t contact_id = 0;
    std::string contact_uuid;
    std::string display_name;
    Channel channel = Channel::email;
    Timestamp until{};
};
// In expiry order, at most `limit` rows (the earliest).
std::vector<ReachExpiry> reach_expiring(Database& db, Timestamp from, Timestamp to, std::int64_t limit);
// How many rows reach_expiring would give without a limit.
std::int64_t count_reach_expiring(Database& db, Timestamp from, Timestamp to);

// For `ledger verify --full`: every contact decided again from scratch and compared with the
// rows kept (contacts still marked are left out: their rows are due to be computed). One
// sentence per channel whose kept rows differ from the recount; empty when they agree.
std::vector<std::string> check_reach(Database& db, const std::string& identifier_secret,
                                     const PolicySettings& settings);

}  // namespace clientela::store
