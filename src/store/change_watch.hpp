// Whether another connection committed a change to the shop's data since this watch last
// asked: how a till's window learns that another till, the CLI or a worker of its own
// program added a customer or recorded consent, cheaply enough to ask every couple of seconds.
//
// The contract:
// - changed_elsewhere() is true once for any number of commits by OTHER connections since the
//   watch was made or last asked, false otherwise. It never blocks and does not wait for the
//   server: it looks at what has already arrived.
// - This connection's own commits are not reported (the program that made them knows).
// - A transaction that rolled back is not reported.
// - Asked inside a write transaction of this connection it says false and keeps what it has
//   seen for the next question after the transaction.
// - SQLite: PRAGMA data_version (Database::data_stamp), which moves when another connection
//   (another process, or another connection of this one) commits to the file; any table.
// - PostgreSQL: LISTEN clientela_changes (db/pg/NNN_notify.sql: the tables the window shows
//   notify when their writing transaction commits; a notification reaches only the
//   connections to the same database, so two shops on one server stay apart). Notifications
//   from this connection's own backend are ignored.
// Use it on the thread that uses the Database; it must not outlive the Database.
#pragma once

#include <cstdint>
#include <memory>

namespace clientela::store {

class Database;

class ChangeWatch {
public:
    // Starts watching now (PostgreSQL: LISTEN; SQLite: the current data_version). Throws
    // StorageError when the server cannot be asked.
    explicit ChangeWatch(Database& db);
    ~ChangeWatch();
    ChangeWatch(const ChangeWatch&) = delete;
    ChangeWatch& operator=(const ChangeWatch&) = delete;

    // See the contract above. Throws StorageFailure when the connection is lost.
    bool changed_elsewhere();

private:
    class Listener;
    Database& db_;
    std::int64_t seen_version_ = -1;  // SQLite: data_version when last asked
    std::unique_ptr<Listener> listener_;  // PostgreSQL
};

}  // namespace clientela::store
