// JSON shapes printed by clientela-cli (stable: scripts and tests rely on them).
#pragma once

#include "app/session.hpp"

#include <nlohmann/json.hpp>

namespace clientela::cli {

nlohmann::json to_json(const Contact& c);
nlohmann::json to_json(const ContactPoint& p);
nlohmann::json to_json(const app::ContactRow& r);

}  // namespace clientela::cli
