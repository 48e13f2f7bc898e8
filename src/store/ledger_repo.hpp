// The consent ledger in SQLite: wordings, append-only hash-chained events, the current-state
// projection, channel preferences and the suppression list.
#pragma once

#include "core/consent.hpp"
#include "store/database.hpp"

#include <SQLiteCpp/Statement.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace clientela::store {

// Result of checking the whole ledger: the chain, the projection and its tables in the file.
struct LedgerCheck {
    ChainVerification chain;
    bool integrity_ok = true;        // PRAGMA quick_check of the ledger's tables
    std::string integrity_problem;
    std::size_t states_checked = 0;  // projection rows compared with a fold of the ledger
    std::size_t state_mismatches = 0;
    std::string first_state_problem;
    bool ok() const { return chain.ok && integrity_ok && state_mismatches == 0; }
};

class LedgerRepo {
public:
    explicit LedgerRepo(Database& db);
    ~LedgerRepo();

    // Adds a new version of the wording `name` in `language` (version = previous + 1).
    ConsentWording add_wording(const std::string& name, const std::string& language, const std::string& text,
                               Timestamp now);
    std::optional<ConsentWording> wording(std::int64_t id);
    std::vector<ConsentWording> wordings();
    std::string wording_name(std::int64_t id);

    // Validates the event against the current state and its wording, seals it onto the
    // chain head (seq, prev_hash, hash), inserts it and updates the projection. Must run
    // inside the caller's write transaction (Database::begin_write), so two appenders never
    // read the same head. Returns the sealed event.
    ConsentEvent append(ConsentEvent e);

    std::optional<ConsentState> state(const std::string& contact_uuid, Channel channel, Purpose purpose);
    std::vector<ConsentState> states(const std::string& contact_uuid);
    std::vector<ConsentEvent> history(const std::string& contact_uuid);
    std::int64_t event_count();

    // Streams every event in seq order (ledger verification, exports).
    void for_each_event(const std::function<void(const ConsentEvent&)>& visit);

    // Recomputes the chain and the projection and runs SQLite's quick_check on the ledger's
    // tables. On a database file the chain and the projection are checked on two threads,
    // each with its own read-only connection on one snapshot; inside the caller's open
    // transaction, or in memory, on this connection (see ledger_verify.cpp).
    LedgerCheck verify();
    // Rewrites the projection from the ledger (inside the caller's transaction).
    std::size_t rebuild_projection();

    std::vector<Channel> preferences(std::int64_t contact_id);
    void set_preferences(std::int64_t contact_id, const std::vector<Channel>& order);

    bool any_suppressed(const std::vector<std::string>& identifier_hashes);
    std::unordered_set<std::string> suppressed_identifiers();
    void suppress(const std::string& identifier_hash, const std::string& reason, Timestamp now);

private:
    void write_state(const std::string& contact_uuid, const ConsentState& s);

    Database& db_;
    std::unique_ptr<SQLite::Statement> insert_event_;
    std::unique_ptr<SQLite::Statement> insert_evidence_;
    std::unique_ptr<SQLite::Statement> upsert_state_;
};

}  // namespace clientela::store
