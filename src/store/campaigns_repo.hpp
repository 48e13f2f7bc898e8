// Campaigns in SQLite (table campaigns of db/004_messages.sql), the campaign audience's tag
// rule, and the outreach settings (settings table, keys "outreach.*").
#pragma once

#include "core/campaign.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace clientela::store {

class CampaignsRepo {
public:
    explicit CampaignsRepo(Database& db) : db_(db) {}

    // Stores a new campaign; sets id, uuid (when empty) and created_at (when unset).
    // Caller owns the transaction.
    void insert(Campaign& c);
    Campaign get(std::int64_t id);
    // A campaign id ("3"), a full UUID or a unique prefix of at least 4 characters, or the
    // exact name when it is unique. Throws NotFoundError / ValidationError (ambiguous).
    Campaign resolve(const std::string& ref);
    // Newest first.
    std::vector<Campaign> list();
    // Records the first send time; later sends keep it.
    void mark_sent(std::int64_t id, Timestamp at);

    // UUIDs of the contacts that have at least one of the tags.
    std::unordered_set<std::string> contacts_with_any_tag(const std::vector<std::string>& tags);

    // Whether another run has taken this contact since a run started: a sent message for
    // the campaign, or any message newer than `seen_up_to` (the highest message id that run
    // saw). Checked inside the transaction that logs the next message, so two runs of the
    // same campaign at once never both send to one customer.
    bool taken_by_another_run(std::int64_t campaign_id, const std::string& contact_uuid, std::int64_t seen_up_to);
    // Highest message id in the log (0 when empty).
    std::int64_t last_message_id();

    OutreachSettings load_outreach_settings();
    void save_outreach_settings(const OutreachSettings& s);

private:
    std::vector<Campaign> query(const std::string& where, const std::string& key);

    Database& db_;
};

}  // namespace clientela::store
