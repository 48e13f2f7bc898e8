// How a PostgreSQL result's field reads as the neutral layer's column types (sql.hpp): shared by
// the whole-result statements (sql_postgres.cpp) and the cursors (sql_postgres_stream.cpp).
#pragma once

#include <pqxx/pqxx>

#include <cstdint>
#include <string>

namespace clientela::store::sql {

// NULL reads as 0; booleans as 1/0; a numeric with a fraction is truncated.
std::int64_t field_int64(const pqxx::field& f);
double field_double(const pqxx::field& f);
// NULL reads as "".
std::string field_text(const pqxx::field& f);
std::string field_blob(const pqxx::field& f);  // a bytea's bytes

}  // namespace clientela::store::sql
