#include "store/storage_failure.hpp"

#include <SQLiteCpp/Exception.h>
#include <pqxx/except>
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
    case StorageFailure::Kind::not_allowed:
        return "your database login may not do this" + detail +
               ". Only the shop's manager may send campaigns, export, erase, restore or change settings.";
    case StorageFailure::Kind::unreachable:
        return "the database server cannot be reached" + detail +
               ". Check the network and that the server is running, then try again.";
    case StorageFailure::Kind::other:
        break;
    }
    return "database problem" + detail + ".";
}

// PostgreSQL's SQLSTATE classes (Appendix A of its manual).
StorageFailure::Kind kind_of_sqlstate(const std::string& state) {
    if (state == "53100") return StorageFailure::Kind::full;          // disk_full
    if (state.rfind("58", 0) == 0) return StorageFailure::Kind::io;   // system error (io_error 58030)
    if (state == "55P03" || state == "40P01" || state == "40001") return StorageFailure::Kind::busy;
    if (state == "42501") return StorageFailure::Kind::not_allowed;   // insufficient_privilege
    if (state == "25006") return StorageFailure::Kind::read_only;     // read_only_sql_transaction
    if (state == "XX001" || state == "XX002") return StorageFailure::Kind::damaged;
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) return StorageFailure::Kind::unreachable;
    return StorageFailure::Kind::other;
}

}  // namespace

StorageFailure::StorageFailure(Kind kind, const std::string& detail)
    : StorageError(sentence(kind, detail)), kind_(kind), detail_(detail) {}

void rethrow_translated(std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const SQLite::Exception& e) {
        throw StorageFailure(kind_of(e.getErrorCode()), e.what());
    } catch (const pqxx::sql_error& e) {
        std::string words = e.what();
        while (!words.empty() && (words.back() == '\n' || words.back() == ' ')) words.pop_back();
        // libpqxx 6.4 leaves sqlstate() empty on some paths but throws the class it maps to.
        StorageFailure::Kind kind = kind_of_sqlstate(e.sqlstate());
        if (kind == StorageFailure::Kind::other) {
            if (dynamic_cast<const pqxx::insufficient_privilege*>(&e)) kind = StorageFailure::Kind::not_allowed;
            else if (dynamic_cast<const pqxx::disk_full*>(&e)) kind = StorageFailure::Kind::full;
            else if (words.find("lock timeout") != std::string::npos) kind = StorageFailure::Kind::busy;
            else if (words.find("read-only transaction") != std::string::npos) kind = StorageFailure::Kind::read_only;
        }
        throw StorageFailure(kind, words);
    } catch (const pqxx::transaction_rollback& e) {
        throw StorageFailure(StorageFailure::Kind::busy, e.what());
    } catch (const pqxx::broken_connection& e) {
        throw StorageFailure(StorageFailure::Kind::unreachable, e.what());
    } catch (const pqxx::in_doubt_error& e) {
        throw StorageFailure(StorageFailure::Kind::unreachable,
                             std::string(e.what()) + "; the last change may or may not have been saved");
    }
}

}  // namespace clientela::store
