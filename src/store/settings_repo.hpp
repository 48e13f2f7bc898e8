// Reads and writes the shop settings kept in the database's settings table.
#pragma once

#include "core/settings.hpp"
#include "store/database.hpp"
#include "store/settings_repository.hpp"

#include <map>
#include <string>

namespace clientela::store {

// The SQLite SettingsRepository.
class SettingsRepo : public SettingsRepository {
public:
    explicit SettingsRepo(Database& db) : db_(db) {}
    ShopSettings load() override;
    // Validates (region, time zone, expiry) and writes all settings in one transaction.
    void save(const ShopSettings& settings) override;

private:
    Database& db_;
};

// The settings rows whose key starts with `prefix` ("outreach.", "mailbox."), by the rest of
// the key: {"smtp_host": "..."}.
std::map<std::string, std::string> settings_with_prefix(Database& db, const std::string& prefix);
// Writes every key of `values` as prefix + key, in one write transaction.
void save_settings_with_prefix(Database& db, const std::string& prefix,
                               const std::map<std::string, std::string>& values);

// Throws ValidationError when a value is out of range (unknown region or time zone ...).
void validate_settings(const ShopSettings& settings);

}  // namespace clientela::store
