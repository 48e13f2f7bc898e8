#include "app/initialise.hpp"

#include "core/errors.hpp"
#include "store/copy_store.hpp"
#include "store/database.hpp"
#include "store/store.hpp"

namespace clientela::app {

InitialiseReport initialise_database(const std::string& location, const InitialiseOptions& options) {
    InitialiseReport report;
    report.postgresql = store::is_postgresql(location);
    report.where = report.postgresql ? store::printable_location(location) : location;
    {
        store::Database db(location, store::Database::Initialise{});
        report.schema_version = db.schema_version();
        if (report.postgresql) {
            store::Database::Roles roles = store::Database::default_roles(location);
            if (!options.till_role.empty()) roles.till = options.till_role;
            if (!options.manager_role.empty()) roles.manager = options.manager_role;
            db.apply_roles(roles);
            report.till_role = roles.till;
            report.manager_role = roles.manager;
        }
    }
    return report;
}

CopyToReport copy_to_postgresql(const std::string& source, const std::string& target,
                                const InitialiseOptions& options,
                                const std::function<void(const std::string& table, std::int64_t rows)>& progress) {
    if (store::is_postgresql(source)) throw ValidationError("copy-to copies the shop's database file: give it with --db FILE");
    if (!store::is_postgresql(target)) {
        throw ValidationError("copy-to needs the PostgreSQL database to copy into, as postgresql://USER@HOST:PORT/DBNAME");
    }
    CopyToReport report;
    report.target = initialise_database(target, options);
    store::Database from(source);
    store::Database to(target);
    const store::CopyReport copied = store::copy_database(from, to, progress);
    report.tables = copied.tables;
    report.ledger_seq = copied.ledger_seq;
    report.ledger_hash = copied.ledger_hash;
    return report;
}

}  // namespace clientela::app
