// The neutral SQL layer (store/sql.hpp) over a SQLiteCpp connection.
#pragma once

#include "store/sql.hpp"

namespace SQLite {
class Database;
}

namespace clientela::store::sql {

class SqliteConnection : public Connection {
public:
    explicit SqliteConnection(SQLite::Database& db) : db_(db) {}
    Engine engine() const override { return Engine::sqlite; }
    std::unique_ptr<StatementImpl> prepare(const std::string& sql) override;
    void exec(const std::string& sql) override;

private:
    SQLite::Database& db_;
};

}  // namespace clientela::store::sql
