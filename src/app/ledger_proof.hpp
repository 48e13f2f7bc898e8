// `ledger verify` as the shop runs it: the store's check of the ledger (chain, wordings,
// append-only triggers, projection, SQLite's check), the expected head a caller kept, and the
// anchors kept outside the database file (app/anchor_log.hpp).
//
// Contract:
// - ok() only when the store's check passes, every live anchor of this database still names
//   an event of the chain with its anchored hash, and (when asked) the expected head is the
//   hash of an event of a chain that verifies from the first event to the head.
// - A missing anchor log is reported (anchors.log_found = false), never a failure; a log that
//   exists but cannot be read fails the proof with the reason.
// - A proof that passed appends an anchor of the head (source "verify" or "export"); a
//   failed one appends nothing. Failing to write the anchor is a warning (anchor_warning),
//   not a failed proof: the ledger itself verified.
// - In-memory databases take no anchors and have no log.
#pragma once

#include "app/anchor_log.hpp"
#include "app/session.hpp"
#include "store/ledger_repo.hpp"

#include <cstdint>
#include <string>

namespace clientela::app {

struct LedgerProofRequest {
    bool whole_file = false;   // PRAGMA integrity_check of the whole file (ledger verify --full)
    std::string expect_head;   // a hash the caller kept (ledger verify --expect-head); empty = none
    std::string anchor_log;    // empty = the default, beside the database (anchor_log_path)
    std::string source = "verify";  // what the anchor taken on success says it came from
    Timestamp now{};           // epoch = now
};

struct ExpectedHead {
    bool asked = false;
    bool found = false;      // the hash is the hash of an event in the chain
    std::int64_t seq = 0;    // that event
    std::string problem;     // a sentence, empty when fine
};

struct LedgerProof {
    store::LedgerCheck ledger;
    AnchorCheck anchors;
    ExpectedHead expected_head;
    bool anchored = false;       // an anchor of the head was appended
    std::string anchor_warning;  // why it could not be
    bool ok() const { return ledger.ok() && anchors.ok && (!expected_head.asked || expected_head.problem.empty()); }
    // One sentence on the first problem ("" when ok).
    std::string first_problem() const;
};

LedgerProof prove_ledger(Session& session, const LedgerProofRequest& request);

}  // namespace clientela::app
