// Display names of every contact by UUID, read in one pass: exports label each ledger event
// with its customer's name without a lookup per event.
#pragma once

#include "store/database.hpp"

#include <string>
#include <unordered_map>

namespace clientela::store {

std::unordered_map<std::string, std::string> contact_names_by_uuid(Database& db);

}  // namespace clientela::store
