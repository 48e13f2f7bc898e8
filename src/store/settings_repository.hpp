// What the program needs from the store of shop settings, whatever the engine (SQLite today:
// store/settings_repo.hpp; PostgreSQL next, issue #19).
#pragma once

#include "core/settings.hpp"

namespace clientela::store {

class SettingsRepository {
public:
    virtual ~SettingsRepository() = default;
    virtual ShopSettings load() = 0;
    // Validates (region, time zone, expiry) and writes all settings in one transaction.
    virtual void save(const ShopSettings& settings) = 0;
};

}  // namespace clientela::store
