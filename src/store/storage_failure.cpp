#include "store/storage_failure.hpp"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

namespace clientela::store {

namespace {

StorageFailure::Kind kind_of(int sqlite_code) {
    switch (sqlite_code & 0xFF) {
    case SQLITE_FULL:
        return StorageFailure::Kind::full;
    case SQLITE_IOERR:
        return StorageFailure::Kind::io;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return StorageFailure::Kind::busy;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return StorageFailure::Kind::read_only;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return StorageFailure::Kind::damaged;
    default:
        return StorageFailure::Kind::other;
    }
}

// The sentences clientela-cli printed for SQLite failures before the seam (unchanged).
std::string sentence(StorageFailure::Kind kind, const std::string& engine_words) {
    const std::string detail = " (" + engine_words + ")";
    switch (kind) {
    case StorageFailure::Kind::full:
        return "the disk is full: the database could not be written" + detail +
               ". The command did not finish; free some space and run it again.";
    case StorageFailure::Kind::io:
        return "the disk reported an error while writing the database" + detail +
               ". The command did not finish; check the disk, then run 'ledger verify'.";
    case StorageFailure::Kind::busy:
        return "the database is busy: another program is writing to it" + detail + ". Try again in a moment.";
    case StorageFailure::Kind::read_only:
        return "the database cannot be written here (permissions or a read-only disk)" + detail + ".";
    case StorageFailure::Kind::damaged:
        return "the database file is damaged" + detail + ". Restore the latest backup with 'restore FILE'.";
    case StorageFailure::Kind::other:
        break;
    }
    return "database problem" + detail + ".";
}

}  // namespace

StorageFailure::StorageFailure(Kind kind, const std::string& detail)
    : StorageError(sentence(kind, detail)), kind_(kind), detail_(detail) {}

void rethrow_translated(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const SQLite::Exception& e) {
        throw StorageFailure(kind_of(e.getErrorCode()), e.what());
    }
}

}  // namespace clientela::store
