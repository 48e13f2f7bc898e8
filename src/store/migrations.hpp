// The SQL migrations embedded from db/NNN_name.sql at build time.
#pragma once

#include <vector>

namespace clientela::store {

struct Migration {
    int version;       // NNN of the file name; becomes PRAGMA user_version once applied
    const char* name;  // file name without .sql
    const char* sql;
};

// In ascending version order, without gaps.
const std::vector<Migration>& migrations();

// The PostgreSQL series, embedded from db/pg/NNN_name.sql: its own numbering, recorded in
// the table clientela_schema_version (one row per applied file).
const std::vector<Migration>& pg_migrations();

}  // namespace clientela::store
