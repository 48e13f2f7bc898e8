// JSON shapes of the outreach commands (campaign, unsubscribe, history): stable for scripts.
#pragma once

#include "app/campaign_sender.hpp"
#include "app/campaigns.hpp"
#include "app/unsubscribe.hpp"

#include <nlohmann/json.hpp>

namespace clientela::cli {

nlohmann::json to_json(const Campaign& c);
nlohmann::json to_json(const Message& m, const std::string& campaign_name);
nlohmann::json to_json(const app::CampaignAudience& a);
nlohmann::json to_json(const app::SendReport& r);
nlohmann::json to_json(const app::UnsubscribeResult& r);

}  // namespace clientela::cli
