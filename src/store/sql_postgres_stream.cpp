// The neutral layer's streaming step on PostgreSQL: a statement read through a server-side
// cursor in batches (sql::Streamed), and the read snapshot the cursors live in. A pass over a
// million customers then holds one batch of rows at a time instead of the whole result
// (PgStatement keeps a whole pqxx::result).
#include "store/sql_postgres.hpp"
#include "store/sql_postgres_fields.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <vector>

namespace clientela::store::sql {

namespace {

class PgCursorStatement : public StatementImpl {
public:
    PgCursorStatement(PgConnection& conn, const std::string& sql, int batch_rows)
        : conn_(conn), sql_(sql), batch_(batch_rows > 0 ? batch_rows : 10000) {}
    // A cursor left before its last row ends with its transaction (closing it here could
    // run in a later transaction of the connection, where it does not exist).
    ~PgCursorStatement() override = default;

    void bind_null(int index) override { slot(index).reset(); }
    void bind_int64(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_double(int index, double value) override {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", value);
        slot(index) = std::string(buf);
    }
    void bind_text(int index, const std::string& value) override { slot(index) = value; }
    void bind_blob(int, const std::string&) override {
        throw std::logic_error("a streamed statement takes no blob parameter: " + sql_);
    }

    bool step() override {
        if (done_) return false;
        if (!open_) {
            declare();
        } else if (++row_ < rows_.size()) {
            return true;
        }
        rows_ = tx().exec("FETCH FORWARD " + std::to_string(batch_) + " FROM " + name_);
        row_ = 0;
        if (rows_.empty()) {
            done_ = true;
            open_ = false;
            tx().exec("CLOSE " + name_);
            return false;
        }
        return true;
    }
    int run() override {
        int n = 0;
        while (step()) ++n;
        return n;
    }
    void reset() override {
        open_ = false;  // the next step declares a new cursor (see the destructor)
        rows_ = pqxx::result();
        row_ = 0;
        done_ = false;
    }
    void clear_bindings() override {
        for (auto& p : params_) p.reset();
    }
    int column_count() const override { return static_cast<int>(rows_.columns()); }
    bool is_null(int index) const override { return field(index).is_null(); }
    std::int64_t int64_at(int index) const override { return field_int64(field(index)); }
    double double_at(int index) const override { return field_double(field(index)); }
    std::string text_at(int index) const override { return field_text(field(index)); }
    std::string blob_at(int index) const override { return field_blob(field(index)); }

private:
    pqxx::dbtransaction& tx() {
        pqxx::dbtransaction* t = conn_.transaction();
        if (t == nullptr) {
            throw std::logic_error("a streamed statement needs a transaction (a write transaction or a "
                                   "PgReadSnapshot): " + sql_);
        }
        return *t;
    }
    void declare() {
        static std::atomic<unsigned long> counter{0};
        name_ = "clientela_cursor_" + std::to_string(++counter);
        std::vector<const char*> values;
        values.reserve(params_.size());
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        auto& t = tx();
        t.exec_params("DECLARE " + name_ + " NO SCROLL CURSOR FOR " + to_dollar_placeholders(sql_),
                      pqxx::prepare::make_dynamic_params(values));
        open_ = true;
    }
    std::optional<std::string>& slot(int index) {
        if (index < 1) throw std::out_of_range("SQL parameter index starts at 1");
        if (static_cast<std::size_t>(index) > params_.size()) params_.resize(static_cast<std::size_t>(index));
        return params_[static_cast<std::size_t>(index) - 1];
    }
    pqxx::field field(int index) const {
        if (row_ >= rows_.size()) throw std::logic_error("no current row in: " + sql_);
        return rows_[static_cast<pqxx::result::size_type>(row_)][static_cast<pqxx::row::size_type>(index)];
    }

    PgConnection& conn_;
    std::string sql_;
    int batch_;
    std::vector<std::optional<std::string>> params_;
    std::string name_;
    pqxx::result rows_;
    std::size_t row_ = 0;
    bool open_ = false;
    bool done_ = false;
};

}  // namespace

std::unique_ptr<StatementImpl> PgConnection::prepare_streamed(const std::string& sql, int batch_rows) {
    return std::make_unique<PgCursorStatement>(*this, sql, batch_rows);
}

PgReadSnapshot::PgReadSnapshot(PgConnection& connection) : c_(connection) {
    if (c_.tx_) return;  // inside a write transaction: its own view
    c_.tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*c_.conn_);
    owned_ = true;
}

PgReadSnapshot::~PgReadSnapshot() {
    if (!owned_) return;
    try {
        c_.tx_->commit();  // read only: nothing to keep, but ends it cleanly
    } catch (...) {
        // A broken connection: the transaction is gone with it.
    }
    c_.tx_.reset();
}

}  // namespace clientela::store::sql
