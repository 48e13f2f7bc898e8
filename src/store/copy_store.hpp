// `clientela-cli --db shop.db copy-to postgresql://...` (issue #19): a shop moved from its
// SQLite file into an empty PostgreSQL database, row for row: contacts and points with their
// ids, the ledger with the same seq and hashes, wordings with their ids, messages, campaigns,
// settings (the shop's secrets included, which key the ledger's point hashes), suppression.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::store {

class Database;

struct CopyReport {
    std::vector<std::pair<std::string, std::int64_t>> tables;  // rows copied, in copy order
    std::int64_t ledger_seq = 0;  // the head both ledgers end at
    std::string ledger_hash;
};

// Copies everything from `from` (SQLite) into `to` (PostgreSQL, schema at the latest
// version, no customers, events or wordings yet), in one transaction on `to`, with its
// triggers held off meanwhile (the copied rows already carry what they would write; this
// needs the tables' owner, the login that ran init), then sets each id sequence past the
// copied ids and checks that both ledgers end at the same seq and hash and every table has
// the same number of rows. Throws ValidationError when `to` is not empty, StorageError when
// a check fails (the transaction is then rolled back: `to` stays empty).
CopyReport copy_database(Database& from, Database& to,
                         const std::function<void(const std::string& table, std::int64_t rows)>& progress = {});

}  // namespace clientela::store
