// The SQLite connection behind store::Database (Database::sql()), for the SQLite
// implementation in src/store and for tests that look into the file. Never included by
// app/, cli/ or ui/ (tests/store_seam_check.cmake fails the build's tests if it is).
#pragma once

#include "store/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
