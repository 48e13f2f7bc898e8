// An open store: the repositories and transactions the use cases work through, whatever the
// engine. open_store() is the one place that chooses the engine from the database argument
// (issue #19: SQLite today, PostgreSQL next). docs/store-seam.md lists what is behind it yet.
#pragma once

#include "store/contacts_repository.hpp"
#include "store/ledger_repository.hpp"
#include "store/settings_repository.hpp"
#include "store/write_transaction.hpp"

#include <memory>
#include <string>
#include <vector>

namespace clientela::store {

class Database;

class Store {
public:
    virtual ~Store() = default;

    virtual ContactsRepository& contacts() = 0;
    virtual LedgerRepository& ledger() = 0;
    virtual SettingsRepository& settings() = 0;

    // One user action = one write transaction, the write lock taken up front, so two
    // writers never deadlock half-way and two ledger appends never read the same head.
    virtual WriteTransaction begin_write() = 0;
    // Per-database random secret (hex) keying the hashes of contact points; created on
    // first use, inside the caller's write transaction when there is one.
    virtual std::string identifier_secret() = 0;

    // The SQLite database behind this store, for the repositories not behind an interface
    // yet (messages, campaigns, ...: docs/store-seam.md). Goes away when they all are.
    virtual Database& database() = 0;
};

// Opens (creating when missing) the store `location` names: today always the SQLite file
// there (":memory:" for tests), migrated to the latest schema. Throws StorageError.
std::unique_ptr<Store> open_store(const std::string& location);

// True when `location` is a PostgreSQL connection URI (postgresql://, postgres://) rather
// than a SQLite file.
bool is_postgresql(const std::string& location);
// The location as it may be shown or logged: a URI without its password.
std::string printable_location(const std::string& location);
// A postgresql:// location's parameters after '?' ("name=value" as written, in order).
std::vector<std::string> location_parameters(const std::string& location);

}  // namespace clientela::store
