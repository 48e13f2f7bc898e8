# The store seam (issue #19): only src/store speaks to the database engine. Fails when a file
# in src/app, src/cli, src/core, src/io, src/send or ui includes an SQLite header (SQLiteCpp,
# sqlite3.h, the store's own store/sqlite_connection.hpp), libpqxx/libpq, the store's neutral SQL
# layer (store/sql*.hpp), or names an SQLite or libpqxx type or call,
# so a second store (PostgreSQL) can sit behind the same use cases.
# Run: cmake -DROOT=<source dir> -P tests/store_seam_check.cmake
if(NOT ROOT)
  message(FATAL_ERROR "ROOT (the source directory) is not set")
endif()
set(_dirs src/app src/cli src/core src/io src/send ui)
set(_pattern "(#[ \t]*include[ \t]*[<\"](SQLiteCpp/|sqlite3\\.h|store/sqlite_connection\\.hpp|pqxx/|libpq-fe\\.h|store/sql\\.hpp|store/sql_postgres\\.hpp|store/sql_sqlite\\.hpp))|SQLite::|sqlite3_[a-z]|pqxx::")
set(_found "")
foreach(_dir IN LISTS _dirs)
  file(GLOB_RECURSE _files "${ROOT}/${_dir}/*.cpp" "${ROOT}/${_dir}/*.hpp" "${ROOT}/${_dir}/*.h")
  foreach(_file IN LISTS _files)
    file(STRINGS "${_file}" _lines REGEX "${_pattern}")
    foreach(_line IN LISTS _lines)
      file(RELATIVE_PATH _rel "${ROOT}" "${_file}")
      string(STRIP "${_line}" _line)
      string(APPEND _found "  ${_rel}: ${_line}\n")
    endforeach()
  endforeach()
endforeach()
if(_found)
  message(FATAL_ERROR "SQLite or PostgreSQL named outside src/store (use the store's types: store/write_transaction.hpp, "
                      "store/storage_failure.hpp, the repository interfaces):\n${_found}")
endif()
message(STATUS "store seam: no SQLite or PostgreSQL outside src/store")
