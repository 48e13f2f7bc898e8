#include "store/store.hpp"

#include "store/sqlite_store.hpp"

namespace clientela::store {

// The one place that chooses the engine; `postgresql://` URIs will be recognised here.
std::unique_ptr<Store> open_store(const std::string& location) { return std::make_unique<SqliteStore>(location); }

}  // namespace clientela::store
