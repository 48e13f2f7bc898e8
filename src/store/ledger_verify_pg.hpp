// `ledger verify` on PostgreSQL (LedgerRepo::verify calls it when the database is a server):
// the hash chain, the wordings, the evidence, the projection, and the guards PostgreSQL keeps
// on the ledger's tables, all read in one REPEATABLE READ READ ONLY transaction (one snapshot).
#pragma once

#include "store/database.hpp"
#include "store/ledger_repository.hpp"

#include <string>
#include <vector>

namespace clientela::store {

// The check of LedgerRepo::verify, on PostgreSQL. The chain, evidence and wording rules are
// SQLite's (core's ChainVerifier, the same sentences). The schema check: every trigger that
// db/pg's migrations create on consent_events, consent_wordings and consent_evidence exists
// there, is enabled (pg_trigger.tgenabled 'O', or 'A'), fires when and for what the
// migration says, and calls a function whose body is the migration's; no other trigger on
// those tables; and no session_replication_role = replica, neither in verify's own session
// nor as a default of the database or a role (both silence the triggers). SQLite's
// quick_check has no counterpart (the server keeps its own files): integrity_applies is false.
// Inside the caller's open transaction it verifies on a second connection, so it sees what is
// committed, not the caller's pending writes.
LedgerCheck verify_postgresql(Database& db, const VerifyOptions& options);

// A trigger as db/pg's migrations create it (parsed from the embedded SQL, never a hand copy).
struct PgTriggerSpec {
    std::string name, table;
    std::string timing;  // BEFORE, AFTER, INSTEAD OF
    std::string events;  // "DELETE", "INSERT OR UPDATE" ... (sorted: INSERT, DELETE, UPDATE, TRUNCATE)
    std::string level;   // ROW, STATEMENT
    bool has_when = false;
    std::string function, function_body;  // the body between the $$ of its CREATE FUNCTION
};

// The triggers on the ledger's three tables, in name order.
std::vector<PgTriggerSpec> expected_pg_ledger_triggers();

}  // namespace clientela::store
