// JSON shapes printed by clientela-cli (stable: scripts and tests rely on them).
#pragma once

#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/session.hpp"

#include <nlohmann/json.hpp>

namespace clientela::cli {

nlohmann::json to_json(const Contact& c);
nlohmann::json to_json(const ContactPoint& p);
nlohmann::json to_json(const app::ContactRow& r);
nlohmann::json to_json(const ConsentWording& w);
// An event with its wording; times in UTC and in the shop's zone.
nlohmann::json to_json(const app::HistoryEntry& h, const date::time_zone* zone);
nlohmann::json to_json(const Decision& d);
nlohmann::json to_json(const app::Audience& a);

}  // namespace clientela::cli
