// Reads and writes the shop settings kept in the database's settings table.
#pragma once

#include "core/settings.hpp"
#include "store/database.hpp"

namespace clientela::store {

class SettingsRepo {
public:
    explicit SettingsRepo(Database& db) : db_(db) {}
    ShopSettings load();
    // Validates (region, time zone, expiry) and writes all settings in one transaction.
    void save(const ShopSettings& settings);

private:
    Database& db_;
};

// Throws ValidationError when a value is out of range (unknown region or time zone ...).
void validate_settings(const ShopSettings& settings);

}  // namespace clientela::store
