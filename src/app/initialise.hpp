// `clientela-cli init`: a shop's database made ready once, by its owner (issue #19). On
// PostgreSQL the schema, the shop's secrets and the two roles are created together, so no till
// ever migrates or creates a secret lazily; on SQLite it is the ordinary first open.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::app {

struct InitialiseOptions {
    std::string till_role;     // empty: derived from the database name (shop -> shop_till)
    std::string manager_role;  // empty: shop_manager
};

struct InitialiseReport {
    bool postgresql = false;
    int schema_version = 0;
    std::string till_role;     // PostgreSQL only
    std::string manager_role;  // PostgreSQL only
    std::string where;         // the file, or the URI without a password
};

// Throws StorageError (cannot connect, no right to create tables or roles) or ValidationError
// (a bad role name); a failed migration leaves the database at the last version that applied.
InitialiseReport initialise_database(const std::string& location, const InitialiseOptions& options);

struct CopyToReport {
    InitialiseReport target;
    std::vector<std::pair<std::string, std::int64_t>> tables;  // rows copied per table
    std::int64_t ledger_seq = 0;
    std::string ledger_hash;
};

// `copy-to`: initialises the PostgreSQL database `target` (as initialise_database; the login
// must be allowed to create tables and roles) and copies the shop's SQLite file `source` into it
// (store/copy_store.hpp): everything or nothing, both ledgers checked to end at the same hash.
CopyToReport copy_to_postgresql(const std::string& source, const std::string& target,
                                const InitialiseOptions& options,
                                const std::function<void(const std::string& table, std::int64_t rows)>& progress);

}  // namespace clientela::app
