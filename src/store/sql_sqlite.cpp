#include "store/sql_sqlite.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace clientela::store::sql {

namespace {

class SqliteStatement : public StatementImpl {
public:
    SqliteStatement(SQLite::Database& db, const std::string& sql) : q_(db, sql) {}
    void bind_null(int index) override { q_.bind(index); }
    void bind_int64(int index, std::int64_t value) override { q_.bind(index, value); }
    void bind_double(int index, double value) override { q_.bind(index, value); }
    void bind_text(int index, const std::string& value) override { q_.bind(index, value); }
    void bind_blob(int index, const std::string& bytes) override {
        q_.bind(index, static_cast<const void*>(bytes.data()), static_cast<int>(bytes.size()));
    }
    bool step() override { return q_.executeStep(); }
    int run() override { return q_.exec(); }
    void reset() override { q_.reset(); }
    void clear_bindings() override { q_.clearBindings(); }
    int column_count() const override { return q_.getColumnCount(); }
    bool is_null(int index) const override { return q_.getColumn(index).isNull(); }
    std::int64_t int64_at(int index) const override { return q_.getColumn(index).getInt64(); }
    double double_at(int index) const override { return q_.getColumn(index).getDouble(); }
    std::string text_at(int index) const override { return q_.getColumn(index).getString(); }
    std::string blob_at(int index) const override {
        const SQLite::Column c = q_.getColumn(index);
        return std::string(static_cast<const char*>(c.getBlob()), static_cast<std::size_t>(c.getBytes()));
    }

private:
    mutable SQLite::Statement q_;
};

}  // namespace

std::unique_ptr<StatementImpl> SqliteConnection::prepare(const std::string& sql) {
    return std::make_unique<SqliteStatement>(db_, sql);
}

void SqliteConnection::exec(const std::string& sql) { db_.exec(sql); }

}  // namespace clientela::store::sql
