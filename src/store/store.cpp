#include "store/store.hpp"

#include "store/sql_postgres.hpp"
#include "store/sqlite_store.hpp"

namespace clientela::store {

// The one place that chooses the engine; `postgresql://` URIs will be recognised here.
std::unique_ptr<Store> open_store(const std::string& location) { return std::make_unique<SqliteStore>(location); }

bool is_postgresql(const std::string& location) { return sql::is_postgresql_uri(location); }

std::string printable_location(const std::string& location) {
    return is_postgresql(location) ? sql::printable_uri(location) : location;
}

std::vector<std::string> location_parameters(const std::string& location) { return sql::uri_parameters(location); }

}  // namespace clientela::store
