#include "store/sql_postgres.hpp"
#include "store/sql_postgres_fields.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <vector>

namespace clientela::store::sql {

std::int64_t field_int64(const pqxx::field& f) {
    if (f.is_null()) return 0;
    const char* s = f.c_str();
    if (s[0] == 't' && s[1] == '\0') return 1;  // boolean results
    if (s[0] == 'f' && s[1] == '\0') return 0;
    char* end = nullptr;
    const long long v = std::strtoll(s, &end, 10);
    if (end && *end == '.') return static_cast<std::int64_t>(std::strtod(s, nullptr));  // numeric
    return v;
}

double field_double(const pqxx::field& f) { return f.is_null() ? 0.0 : std::strtod(f.c_str(), nullptr); }

std::string field_text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str(), f.size()); }

std::string field_blob(const pqxx::field& f) { return f.is_null() ? std::string() : pqxx::binarystring(f).str(); }

bool is_postgresql_uri(const std::string& location) {
    return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::vector<std::string> uri_parameters(const std::string& uri) {
    std::vector<std::string> out;
    const auto query = uri.find('?');
    if (query == std::string::npos) return out;
    for (std::size_t at = query + 1; at <= uri.size();) {
        const auto amp = std::min(uri.find('&', at), uri.size());
        if (amp > at) out.push_back(uri.substr(at, amp - at));
        at = amp + 1;
    }
    return out;
}

std::string with_connect_timeout(const std::string& uri) {
    for (const std::string& parameter : uri_parameters(uri)) {
        if (parameter.rfind("connect_timeout=", 0) == 0) return uri;
    }
    std::string out = uri;
    if (out.find('?') == std::string::npos) {
        out += '?';
    } else if (out.back() != '?' && out.back() != '&') {
        out += '&';
    }
    return out + "connect_timeout=" + std::to_string(kConnectTimeoutSeconds);
}

namespace {

// The user-info part of a libpq URI: between "://" and the first '@' before the host's '/'.
bool has_password(const std::string& uri) {
    const auto start = uri.find("://");
    if (start == std::string::npos) return false;
    const auto end = uri.find_first_of("/?", start + 3);
    const std::string authority = uri.substr(start + 3, end == std::string::npos ? std::string::npos : end - start - 3);
    const auto at = authority.rfind('@');
    if (at == std::string::npos) return false;
    return authority.substr(0, at).find(':') != std::string::npos;
}

}  // namespace

std::string printable_uri(const std::string& uri) {
    if (!has_password(uri)) return uri;
    const auto start = uri.find("://") + 3;
    const auto colon = uri.find(':', start);
    const auto at = uri.find('@', start);
    return uri.substr(0, colon) + ":***" + uri.substr(at);
}

namespace {

class PgStatement : public StatementImpl {
public:
    PgStatement(PgConnection& conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

    void bind_null(int index) override { slot(index).reset(); }
    void bind_int64(int index, std::int64_t value) override { slot(index) = std::to_string(value); }
    void bind_double(int index, double value) override {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.17g", value);
        slot(index) = std::string(buf);
    }
    void bind_text(int index, const std::string& value) override { slot(index) = value; }
    void bind_blob(int index, const std::string& bytes) override {
        static const char* hex = "0123456789abcdef";
        std::string text = "\\x";
        text.reserve(2 + bytes.size() * 2);
        for (unsigned char c : bytes) {
            text.push_back(hex[c >> 4]);
            text.push_back(hex[c & 0xF]);
        }
        slot(index) = std::move(text);
    }

    bool step() override {
        if (!executed_) {
            execute();
            row_ = 0;
        } else if (row_ < result_.size()) {
            ++row_;
        }
        return row_ < result_.size();
    }
    int run() override {
        execute();
        row_ = result_.size();
        return static_cast<int>(result_.affected_rows());
    }
    void reset() override {
        executed_ = false;
        result_ = pqxx::result();
        row_ = 0;
    }
    void clear_bindings() override {
        for (auto& p : params_) p.reset();
    }
    int column_count() const override { return static_cast<int>(result_.columns()); }
    bool is_null(int index) const override { return field(index).is_null(); }
    std::int64_t int64_at(int index) const override { return field_int64(field(index)); }
    double double_at(int index) const override { return field_double(field(index)); }
    std::string text_at(int index) const override { return field_text(field(index)); }
    std::string blob_at(int index) const override { return field_blob(field(index)); }

private:
    std::optional<std::string>& slot(int index) {
        if (index < 1) throw std::out_of_range("SQL parameter index starts at 1");
        if (static_cast<std::size_t>(index) > params_.size()) params_.resize(static_cast<std::size_t>(index));
        return params_[static_cast<std::size_t>(index) - 1];
    }
    void execute() {
        std::vector<const char*> values;
        values.reserve(params_.size());
        for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
        result_ = conn_.run(sql_, values);
        executed_ = true;
    }
    pqxx::field field(int index) const {
        if (row_ >= result_.size()) throw std::logic_error("no current row in: " + sql_);
        return result_[static_cast<pqxx::result::size_type>(row_)][static_cast<pqxx::row::size_type>(index)];
    }

    PgConnection& conn_;
    std::string sql_;
    std::vector<std::optional<std::string>> params_;
    pqxx::result result_;
    std::size_t row_ = 0;
    bool executed_ = false;
};

}  // namespace

class PgWriteTransaction : public WriteTransaction::Engine {
public:
    explicit PgWriteTransaction(PgConnection& c) : c_(c) {
        c_.tx_ = std::make_unique<pqxx::work>(*c_.conn_);
        try {
            c_.tx_->exec("SELECT pg_advisory_xact_lock(" + std::to_string(PgConnection::write_lock_key) + ")");
        } catch (...) {
            c_.tx_.reset();
            throw;
        }
    }
    ~PgWriteTransaction() override {
        try {
            c_.tx_.reset();  // aborts when not committed
        } catch (...) {
        }
    }
    void commit() override {
        if (!c_.tx_) throw std::logic_error("the write transaction was already committed");
        c_.tx_->commit();
        c_.tx_.reset();
    }

private:
    PgConnection& c_;
};

PgConnection::PgConnection(const std::string& uri) : uri_(uri) {
    if (has_password(uri)) {
        throw ValidationError("the database address " + printable_uri(uri) +
                              " carries a password: leave it out and put it in ~/.pgpass (one line "
                              "host:port:database:user:password, mode 0600), so it is never on a command line");
    }
    try {
        conn_ = std::make_unique<pqxx::connection>(with_connect_timeout(uri));
        // A till waiting for another till's write gives up after 30 s with "busy" rather than
        // hanging; the statement itself is not limited (an import of 110 000 cards).
        pqxx::nontransaction setup(*conn_);
        setup.exec("SET lock_timeout = '30s'; SET client_min_messages = warning; SET TIME ZONE 'UTC'");
    } catch (const pqxx::broken_connection& e) {
        throw StorageError("cannot connect to the PostgreSQL database " + printable_uri(uri) + ": " + e.what());
    } catch (const pqxx::sql_error& e) {
        throw StorageError("cannot use the PostgreSQL database " + printable_uri(uri) + ": " + e.what());
    }
}

PgConnection::~PgConnection() = default;

std::unique_ptr<StatementImpl> PgConnection::prepare(const std::string& sql) {
    return std::make_unique<PgStatement>(*this, sql);
}

pqxx::result PgConnection::run(const std::string& sql, const std::vector<const char*>& params) {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
        const std::string name = "s" + std::to_string(prepared_.size() + 1);
        conn_->prepare(name, to_dollar_placeholders(sql));
        it = prepared_.emplace(sql, name).first;
    }
    const auto args = pqxx::prepare::make_dynamic_params(params);
    if (tx_) return tx_->exec_prepared(it->second, args);
    pqxx::nontransaction once(*conn_);
    return once.exec_prepared(it->second, args);
}

void PgConnection::exec(const std::string& sql) {
    if (tx_) {
        tx_->exec(sql);
        return;
    }
    pqxx::nontransaction once(*conn_);
    once.exec(sql);
}

WriteTransaction PgConnection::begin_write() { return WriteTransaction(std::make_unique<PgWriteTransaction>(*this)); }

}  // namespace clientela::store::sql
