// Reads and writes the mailbox (IMAP) settings: "mailbox.*" rows of the settings table.
#pragma once

#include "core/mailbox_settings.hpp"
#include "store/database.hpp"

namespace clientela::store {

class MailboxSettingsRepo {
public:
    explicit MailboxSettingsRepo(Database& db) : db_(db) {}
    MailboxSettings load();
    // Writes every field in one transaction (validation is the caller's: app/mailbox_config).
    void save(const MailboxSettings& settings);

private:
    Database& db_;
};

}  // namespace clientela::store
