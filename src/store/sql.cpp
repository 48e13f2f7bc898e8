#include "store/sql.hpp"

namespace clientela::store::sql {

bool Column::isNull() const { return impl_.is_null(index_); }
int Column::getInt() const { return static_cast<int>(impl_.int64_at(index_)); }
std::int64_t Column::getInt64() const { return impl_.int64_at(index_); }
double Column::getDouble() const { return impl_.double_at(index_); }
std::string Column::getString() const { return impl_.text_at(index_); }
std::string Column::getBlob() const { return impl_.blob_at(index_); }

std::int64_t query_int64(Connection& connection, const std::string& sql) {
    Statement q(connection, sql);
    if (!q.executeStep() || q.getColumn(0).isNull()) return 0;
    return q.getColumn(0).getInt64();
}

std::string to_dollar_placeholders(const std::string& sql) {
    std::string out;
    out.reserve(sql.size() + 16);
    int next = 1;
    char quote = 0;  // inside '...' or "..."
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            out.push_back(c);
            if (c == quote) quote = 0;  // a doubled quote closes and reopens: same result
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out.push_back(c);
            continue;
        }
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // comment to the end of the line
            while (i < sql.size() && sql[i] != '\n') out.push_back(sql[i++]);
            if (i < sql.size()) out.push_back('\n');
            continue;
        }
        if (c != '?') {
            out.push_back(c);
            continue;
        }
        std::size_t j = i + 1;
        while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') ++j;
        if (j > i + 1) {
            const int n = std::stoi(sql.substr(i + 1, j - i - 1));
            out += "$" + std::to_string(n);
            if (n >= next) next = n + 1;
            i = j - 1;
        } else {
            out += "$" + std::to_string(next++);
        }
    }
    return out;
}

}  // namespace clientela::store::sql
