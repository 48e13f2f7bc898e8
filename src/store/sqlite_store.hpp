// The SQLite Store: one database file (store/database.hpp) and its repositories.
#pragma once

#include "store/contacts_repo.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/settings_repo.hpp"
#include "store/store.hpp"

#include <string>

namespace clientela::store {

class SqliteStore : public Store {
public:
    explicit SqliteStore(const std::string& path);

    ContactsRepository& contacts() override { return contacts_; }
    LedgerRepository& ledger() override { return ledger_; }
    SettingsRepository& settings() override { return settings_; }
    WriteTransaction begin_write() override { return db_.begin_write(); }
    std::string identifier_secret() override { return db_.identifier_secret(); }
    Database& database() override { return db_; }

private:
    Database db_;
    ContactsRepo contacts_;
    LedgerRepo ledger_;
    SettingsRepo settings_;
};

}  // namespace clientela::store
