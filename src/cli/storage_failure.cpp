// Readable messages for SQLite failures that reach the CLI (full disk, I/O error, busy), and
// error messages kept readable when they quote a huge input.
#include "cli/context.hpp"

#include <sqlite3.h>

namespace clientela::cli {

std::string storage_failure_message(const SQLite::Exception& e) {
    const int primary = e.getErrorCode() & 0xFF;
    const std::string detail = std::string(" (") + e.what() + ")";
    switch (primary) {
    case SQLITE_FULL:
        return "the disk is full: the database could not be written" + detail +
               ". The command did not finish; free some space and run it again.";
    case SQLITE_IOERR:
        return "the disk reported an error while writing the database" + detail +
               ". The command did not finish; check the disk, then run 'ledger verify'.";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return "the database is busy: another program is writing to it" + detail + ". Try again in a moment.";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
        return "the database cannot be written here (permissions or a read-only disk)" + detail + ".";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return "the database file is damaged" + detail + ". Restore the latest backup with 'restore FILE'.";
    default:
        return "database problem" + detail + ".";
    }
}

std::string brief(const std::string& message) {
    constexpr std::size_t kMax = 600;
    if (message.size() <= kMax) return message;
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    return message.substr(0, cut) + "... (" + std::to_string(message.size() - cut) + " more bytes)";
}

}  // namespace clientela::cli
