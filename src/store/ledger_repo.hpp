// The consent ledger in SQLite (the SQLite LedgerRepository): wordings, append-only
// hash-chained events, the current-state projection, channel preferences and the
// suppression list.
#pragma once

#include "core/consent.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace clientela::store {

class LedgerRepo : public LedgerRepository {
public:
    explicit LedgerRepo(Database& db);
    ~LedgerRepo();

    // Adds a new version of the wording `name` in `language` (version = previous + 1).
    ConsentWording add_wording(const std::string& name, const std::string& language, const std::string& text,
                               Timestamp now) override;
    std::optional<ConsentWording> wording(std::int64_t id) override;
    std::vector<ConsentWording> wordings() override;
    std::string wording_name(std::int64_t id) override;

    // Validates the event against the current state and its wording, seals it onto the
    // chain head (seq, prev_hash, hash), inserts it and updates the projection. Must run
    // inside the caller's write transaction (Database::begin_write), so two appenders never
    // read the same head; on PostgreSQL a call outside one opens its own (the shop-wide write
    // lock), so the chain stays one chain and seq gapless whichever till appends. Returns the
    // sealed event.
    ConsentEvent append(ConsentEvent e) override;

    std::optional<ConsentState> state(const std::string& contact_uuid, Channel channel, Purpose purpose) override;
    std::vector<ConsentState> states(const std::string& contact_uuid) override;
    std::vector<ConsentEvent> history(const std::string& contact_uuid) override;
    std::int64_t event_count() override;

    // Streams every event in seq order (ledger verification, exports).
    void for_each_event(const std::function<void(const ConsentEvent&)>& visit) override;

    // Recomputes the chain, the wordings' hashes and the projection, compares the append-only
    // triggers with the program's, and runs SQLite's quick_check on the ledger's other tables
    // (or integrity_check on the whole file; see kLedgerTables in ledger_verify.cpp). One pass over the events hashes the chain and folds
    // the projection in memory, then one scan compares consent_state with it. On a database
    // file SQLite's checks run meanwhile on a second thread, each thread with its own
    // read-only connection on one snapshot, and from options.split_from_events events on the
    // two threads hash the chain in two parts at once (the same result as one pass); inside
    // the caller's open transaction, or in memory, all on this connection (see
    // ledger_verify.cpp).
    LedgerCheck verify(const VerifyOptions& options = {}) override;
    LedgerHead head() override;
    // The stored hash of event seq / the seq of the event with this hash (nullopt: none).
    std::optional<std::string> hash_at(std::int64_t seq) override;
    std::optional<std::int64_t> seq_of_hash(const std::string& hash) override;
    // Rewrites the projection from the ledger (inside the caller's transaction).
    std::size_t rebuild_projection() override;

    std::vector<Channel> preferences(std::int64_t contact_id) override;
    void set_preferences(std::int64_t contact_id, const std::vector<Channel>& order) override;

    bool any_suppressed(const std::vector<std::string>& identifier_hashes) override;
    // When the earliest of these identifiers went onto the suppression list (nullopt: none is on it).
    std::optional<Timestamp> suppressed_since(const std::vector<std::string>& identifier_hashes) override;
    std::unordered_set<std::string> suppressed_identifiers() override;
    void suppress(const std::string& identifier_hash, const std::string& reason, Timestamp now) override;

private:
    void write_state(const std::string& contact_uuid, const ConsentState& s);

    Database& db_;
    std::unique_ptr<SQLite::Statement> insert_event_;
    std::unique_ptr<SQLite::Statement> insert_evidence_;
    std::unique_ptr<SQLite::Statement> upsert_state_;
    // The same statements through the neutral layer, on PostgreSQL.
    std::unique_ptr<sql::Statement> pg_insert_event_;
    std::unique_ptr<sql::Statement> pg_insert_evidence_;
    std::unique_ptr<sql::Statement> pg_upsert_state_;
};

}  // namespace clientela::store
