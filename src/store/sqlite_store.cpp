#include "store/sqlite_store.hpp"

namespace clientela::store {

SqliteStore::SqliteStore(const std::string& path) : db_(path), contacts_(db_), ledger_(db_), settings_(db_) {}

}  // namespace clientela::store
