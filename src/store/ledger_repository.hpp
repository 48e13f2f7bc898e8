// What the program needs from the consent ledger's store, whatever the engine (SQLite today:
// store/ledger_repo.hpp; PostgreSQL next, issue #19). Store-neutral types only.
#pragma once

#include "core/consent.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace clientela::store {

// Result of checking the whole ledger: the chain, the wordings its events used, the
// append-only triggers, the projection and its tables in the file.
struct LedgerCheck {
    ChainVerification chain;
    bool integrity_ok = true;        // PRAGMA quick_check of the ledger's small tables (integrity_check
    std::string integrity_problem;   // of the whole file when whole_file_checked)
    bool whole_file_checked = false;
    // False on PostgreSQL: SQLite's quick_check has no counterpart there (the server keeps its
    // own files; pg_amcheck checks them), so integrity_ok claims nothing.
    bool integrity_applies = true;
    std::size_t states_checked = 0;  // projection rows compared with a fold of the ledger
    std::size_t state_mismatches = 0;
    std::string first_state_problem;
    // Every wording's text against its text_hash, and against the wording_hash each event
    // that used it carries (covered by the event's hash): one sentence per edited or missing
    // wording, naming it.
    std::size_t wordings_checked = 0;
    std::vector<std::string> wording_problems;
    // The triggers on consent_events and consent_wordings against the program's own SQL (the
    // schema the migrations create): one sentence per missing, altered or unknown trigger.
    std::size_t triggers_checked = 0;
    std::vector<std::string> schema_problems;
    // --full: the kept counts of who may receive marketing (store/audience_reach.hpp)
    // against a recount by the policy; filled by app::prove_ledger.
    bool reach_checked = false;
    std::vector<std::string> reach_problems;
    // Wall-clock seconds of each part of the check, named ("chain", "projection", ...), for the
    // benchmark's split; parts on the two connections overlap in time.
    std::vector<std::pair<std::string, double>> part_seconds;
    bool ok() const {
        return chain.ok && integrity_ok && state_mismatches == 0 && wording_problems.empty() &&
               schema_problems.empty() && reach_problems.empty();
    }
    // One sentence on the first problem, "" when ok.
    std::string first_problem() const;
};

struct VerifyOptions {
    bool whole_file = false;  // PRAGMA integrity_check of the whole file instead of the ledger tables' quick_check
    // SQLite file: from this many events (the head's seq) on, the chain is hashed in two parts
    // on two connections at once; a smaller ledger is one pass. Tests lower it.
    std::int64_t split_from_events = 100000;
    // Test hook: the first part ends with the last event at or before this seq (by default
    // 46% of the head's).
    std::optional<std::int64_t> split_after_seq;
};

// The last event of the chain (seq 0 and genesis_hash when empty).
struct LedgerHead {
    std::int64_t seq = 0;
    std::string hash;
};

// Wordings, append-only hash-chained events, the current-state projection, channel
// preferences and the suppression list.
class LedgerRepository {
public:
    virtual ~LedgerRepository() = default;

    // Adds a new version of the wording `name` in `language` (version = previous + 1).
    virtual ConsentWording add_wording(const std::string& name, const std::string& language, const std::string& text,
                               Timestamp now) = 0;
    virtual std::optional<ConsentWording> wording(std::int64_t id) = 0;
    virtual std::vector<ConsentWording> wordings() = 0;
    virtual std::string wording_name(std::int64_t id) = 0;

    // Validates the event against the current state and its wording, seals it onto the
    // chain head (seq, prev_hash, hash), inserts it and updates the projection. Must run
    // inside the caller's write transaction (Database::begin_write), so two appenders never
    // read the same head. Returns the sealed event.
    virtual ConsentEvent append(ConsentEvent e) = 0;

    virtual std::optional<ConsentState> state(const std::string& contact_uuid, Channel channel, Purpose purpose) = 0;
    virtual std::vector<ConsentState> states(const std::string& contact_uuid) = 0;
    virtual std::vector<ConsentEvent> history(const std::string& contact_uuid) = 0;
    virtual std::int64_t event_count() = 0;

    // Streams every event in seq order (ledger verification, exports).
    virtual void for_each_event(const std::function<void(const ConsentEvent&)>& visit) = 0;

    // Recomputes the chain, the wordings' hashes and the projection, compares the append-only
    // triggers with the program's, and runs SQLite's quick_check on the ledger's other tables
    // (or integrity_check on the whole file; see kLedgerTables in ledger_verify.cpp). On a database file the chain and the projection
    // are checked on two threads, each with its own read-only connection on one snapshot;
    // inside the caller's open transaction, or in memory, on this connection (see
    // ledger_verify.cpp).
    virtual LedgerCheck verify(const VerifyOptions& options = {}) = 0;
    virtual LedgerHead head() = 0;
    // The stored hash of event seq / the seq of the event with this hash (nullopt: none).
    virtual std::optional<std::string> hash_at(std::int64_t seq) = 0;
    virtual std::optional<std::int64_t> seq_of_hash(const std::string& hash) = 0;
    // Rewrites the projection from the ledger (inside the caller's transaction).
    virtual std::size_t rebuild_projection() = 0;

    virtual std::vector<Channel> preferences(std::int64_t contact_id) = 0;
    virtual void set_preferences(std::int64_t contact_id, const std::vector<Channel>& order) = 0;

    virtual bool any_suppressed(const std::vector<std::string>& identifier_hashes) = 0;
    // When the earliest of these identifiers went onto the suppression list (nullopt: none is on it).
    virtual std::optional<Timestamp> suppressed_since(const std::vector<std::string>& identifier_hashes) = 0;
    virtual std::unordered_set<std::string> suppressed_identifiers() = 0;
    virtual void suppress(const std::string& identifier_hash, const std::string& reason, Timestamp now) = 0;
};

}  // namespace clientela::store
