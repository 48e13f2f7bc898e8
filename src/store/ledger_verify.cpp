// LedgerRepo::verify: the hash chain, the wordings its events used, the append-only triggers,
// the projection and SQLite's own check of the ledger tables. On a database file the chain
// and the projection are checked at the same time, on two read-only connections that see the
// same snapshot of the ledger.
#include "store/ledger_repo.hpp"
#include "store/time_columns.hpp"

#include "core/errors.hpp"
#include "store/ledger_rows.hpp"
#include "store/ledger_verify_pg.hpp"
#include "store/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace clientela::store {

namespace {

using Parts = std::vector<std::pair<std::string, double>>;

// Adds the wall-clock seconds from its construction to its destruction to parts under name.
class PartTimer {
public:
    PartTimer(Parts& parts, std::string name)
        : parts_(parts), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}
    PartTimer(const PartTimer&) = delete;
    PartTimer& operator=(const PartTimer&) = delete;
    ~PartTimer() {
        parts_.emplace_back(std::move(name_),
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    }

private:
    Parts& parts_;
    std::string name_;
    std::chrono::steady_clock::time_point start_;
};

// ---- SQLite's check of the ledger's tables ----

// The tables verify vouches for. A whole-file quick_check would also read the contacts and
// their search index, which take longer than the ledger and are not what verify reports on.
// In parallel, the two connections share them out (IntegrityQueue).
constexpr const char* kLedgerTables[] = {"consent_events",      "consent_wordings",       "consent_state",
                                         "channel_preferences", "suppressed_identifiers", "consent_evidence"};
constexpr std::size_t kLedgerTableCount = sizeof kLedgerTables / sizeof kLedgerTables[0];

struct IntegrityOutcome {
    bool ok = true;
    std::string problem;  // the first line quick_check reported
};

// PRAGMA quick_check of kLedgerTables[first, last).
// Runs one of SQLite's checks (quick_check, integrity_check) and adds what it reports to out.
void run_check(SQLite::Database& db, const std::string& pragma, IntegrityOutcome& out) {
    try {
        SQLite::Statement qc(db, pragma);
        while (qc.executeStep()) {
            const std::string_view line = column_text(qc, 0);
            if (line != "ok") {
                out.ok = false;
                if (out.problem.empty()) out.problem.assign(line);
            }
        }
    } catch (const SQLite::Exception& e) {
        out.ok = false;
        if (out.problem.empty()) out.problem = e.what();
    }
}

IntegrityOutcome check_integrity(SQLite::Database& db, std::size_t first, std::size_t last, Parts& parts) {
    IntegrityOutcome out;
    for (std::size_t i = first; i < last; ++i) {
        const PartTimer timer(parts, std::string("quick_check ") + kLedgerTables[i]);
        run_check(db, std::string("PRAGMA quick_check(") + kLedgerTables[i] + ")", out);
    }
    return out;
}

// --full: PRAGMA integrity_check of the whole file (every table and index, and their
// agreement), the check a plain verify leaves out because the contacts take longer than the
// ledger.
IntegrityOutcome check_whole_file(SQLite::Database& db, Parts& parts) {
    IntegrityOutcome out;
    const PartTimer timer(parts, "integrity_check");
    run_check(db, "PRAGMA integrity_check", out);
    return out;
}

// The ledger tables' quick_checks shared by the two connections: each takes the next table
// when its own pass is done, so the one that finishes first checks more of them. Findings are
// reported in table order, whichever connection found them.
class IntegrityQueue {
public:
    void run(SQLite::Database& db, Parts& parts) {
        for (std::size_t i = next_.fetch_add(1); i < kLedgerTableCount; i = next_.fetch_add(1)) {
            const PartTimer timer(parts, std::string("quick_check ") + kLedgerTables[i]);
            run_check(db, std::string("PRAGMA quick_check(") + kLedgerTables[i] + ")", outcomes_[i]);
        }
    }
    IntegrityOutcome result() {
        IntegrityOutcome out;
        for (auto& o : outcomes_) {
            out.ok = out.ok && o.ok;
            if (out.problem.empty()) out.problem = std::move(o.problem);
        }
        return out;
    }

private:
    std::atomic<std::size_t> next_{0};
    std::array<IntegrityOutcome, kLedgerTableCount> outcomes_;
};

// ---- the wordings ----

// A wording as verify knows it: how to name it, and the hash of its text as stored now.
struct WordingFacts {
    std::string label;  // "wording 3 (default, version 2, es)"
    std::string actual_hash;
    bool reported = false;  // one sentence per wording, however many events used it
};
using Wordings = std::unordered_map<std::int64_t, WordingFacts>;

struct WordingOutcome {
    std::size_t checked = 0;
    std::vector<std::string> problems;
};

// Every wording's text hashed again and compared with its own text_hash (an UPDATE of the
// text alone). Wordings are few; the events that used them are checked as the chain is read.
Wordings read_wordings(SQLite::Database& db, WordingOutcome& out) {
    Wordings wordings;
    SQLite::Statement q(db, "SELECT id, name, version, language, text, text_hash FROM consent_wordings ORDER BY id");
    while (q.executeStep()) {
        ++out.checked;
        const std::int64_t id = q.getColumn(0).getInt64();
        WordingFacts w;
        w.label = "wording " + std::to_string(id) + " (" + q.getColumn(1).getString() + ", version " +
                  std::to_string(q.getColumn(2).getInt64()) + ", " + q.getColumn(3).getString() + ")";
        w.actual_hash = sha256_hex(column_text(q, 4));
        if (w.actual_hash != column_text(q, 5)) {
            out.problems.push_back(w.label +
                                   " was edited after it was recorded: its text no longer matches its fingerprint");
            w.reported = true;
        }
        wordings.emplace(id, std::move(w));
    }
    return wordings;
}

// The event's wording_hash is covered by its own hash, so once the chain verifies it is what
// the customer saw: the wording row must still hold exactly that text (an UPDATE of text and
// text_hash together, or a DELETE, shows here).
void check_event_wording(const ConsentEvent& e, Wordings& wordings, WordingOutcome& out) {
    if (e.wording_id == 0) return;
    auto it = wordings.find(e.wording_id);
    if (it == wordings.end()) {
        const std::string id = std::to_string(e.wording_id);
        out.problems.push_back("wording " + id + ", the text event " + std::to_string(e.seq) +
                               " recorded, is missing: it was deleted from the database");
        wordings.emplace(e.wording_id, WordingFacts{"wording " + id, std::string(), true});
        return;
    }
    WordingFacts& w = it->second;
    if (w.reported || e.wording_hash == w.actual_hash) return;
    out.problems.push_back(w.label + " is not the text event " + std::to_string(e.seq) +
                           " recorded: it was replaced, fingerprint and all, after the event");
    w.reported = true;
}

// ---- the append-only triggers ----

struct TriggerSql {
    std::string name, table, sql;
};

std::vector<TriggerSql> guarded_triggers(SQLite::Database& db) {
    std::vector<TriggerSql> out;
    SQLite::Statement q(db,
                        "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' "
                        "AND tbl_name IN ('consent_events', 'consent_wordings', 'consent_evidence') ORDER BY name");
    while (q.executeStep()) {
        out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString()});
    }
    return out;
}

// The triggers on the ledger's tables exactly as the program's own migrations (up to
// `version`) create them: built once per version in a private in-memory database, so the
// expected SQL is never a hand copy and follows any later migration that changes it.
std::vector<TriggerSql> expected_triggers(int version) {
    static std::mutex mutex;
    static std::map<int, std::vector<TriggerSql>> cache;
    std::lock_guard<std::mutex> lock(mutex);
    auto it = cache.find(version);
    if (it != cache.end()) return it->second;
    std::vector<Migration> upto;
    for (const auto& m : migrations()) {
        if (m.version <= version) upto.push_back(m);
    }
    Database reference(":memory:", upto);
    return cache[version] = guarded_triggers(reference.sql());
}

std::vector<std::string> check_triggers(SQLite::Database& db, int version, std::size_t& checked) {
    std::vector<std::string> problems;
    try {
        const auto expected = expected_triggers(version);
        const auto actual = guarded_triggers(db);
        for (const auto& want : expected) {
            ++checked;
            const auto have = std::find_if(actual.begin(), actual.end(),
                                           [&](const TriggerSql& t) { return t.name == want.name; });
            if (have == actual.end()) {
                problems.push_back("the trigger " + want.name + " that keeps " + want.table +
                                   " append-only is missing: someone removed it with SQL");
            } else if (have->sql != want.sql || have->table != want.table) {
                problems.push_back("the trigger " + want.name + " on " + want.table +
                                   " is not the program's: someone replaced it with SQL");
            }
        }
        for (const auto& have : actual) {
            const bool known = std::any_of(expected.begin(), expected.end(),
                                           [&](const TriggerSql& t) { return t.name == have.name; });
            if (!known) {
                problems.push_back("an unknown trigger " + have.name + " was added on " + have.table);
            }
        }
    } catch (const std::exception& e) {
        problems.push_back(std::string("the ledger's triggers cannot be read: ") + e.what());
    }
    return problems;
}

// ---- the chain ----

struct ChainOutcome {
    ChainVerification chain;
    bool unreadable = false;  // SQLite failed reading the events: the projection is not checked
    WordingOutcome wordings;
};

// In seq order. A row whose names no longer parse is a broken event too.
ChainOutcome check_chain(SQLite::Database& db, Parts& parts) {
    ChainOutcome out;
    ChainVerifier verifier;
    try {
        Wordings wordings;
        {
            const PartTimer timer(parts, "wordings");
            wordings = read_wordings(db, out.wordings);
        }
        const PartTimer timer(parts, "chain");
        // The events' own columns (kEventColumns without its evidence lookup) and, beside them,
        // consent_evidence in the same seq order: one merge instead of a lookup per event.
        static const std::string columns = [] {
            std::string all = kEventColumns;
            return all.substr(0, all.rfind(", (SELECT"));
        }();
        RowCursor q(db, "SELECT " + columns + " FROM consent_events ORDER BY seq");
        RowCursor evidence(db, "SELECT seq, text FROM consent_evidence ORDER BY seq");
        sqlite3_stmt* const row = q.row();
        sqlite3_stmt* const side_row = evidence.row();
        bool side_more = evidence.step();
        ConsentEvent e;
        EvidenceSide side;
        std::int64_t last_seq = 0;
        while (q.step() && verifier.ok()) {
            last_seq = sqlite3_column_int64(row, 0);
            while (side_more && sqlite3_column_int64(side_row, 0) < last_seq) side_more = evidence.step();
            side.present = side_more && sqlite3_column_int64(side_row, 0) == last_seq;
            side.type = side.present ? sqlite3_column_type(side_row, 1) : SQLITE_NULL;
            side.text = side.type == SQLITE_TEXT ? column_text(side_row, 1) : std::string_view();
            try {
                read_event_columns(row, e, side);
                verifier.feed(e);
                if (verifier.ok()) check_event_wording(e, wordings, out.wordings);
            } catch (const ValidationError& error) {
                out.chain = verifier.result();
                out.chain.ok = false;
                out.chain.first_broken_seq = last_seq;
                out.chain.problem = "event " + std::to_string(last_seq) +
                                    " has a value that was never written by Clientela: " + error.what();
                break;
            }
        }
        if (out.chain.problem.empty()) out.chain = verifier.result();
    } catch (const SQLite::Exception& error) {
        out.unreadable = true;
        out.chain = verifier.result();
        out.chain.ok = false;
        if (out.chain.first_broken_seq == 0) {
            out.chain.first_broken_seq = static_cast<std::int64_t>(out.chain.events_checked) + 1;
        }
        out.chain.problem = std::string("the ledger cannot be read: ") + error.what();
    }
    return out;
}

// ---- the projection ----


bool same_state(const ConsentState& a, const ConsentState& b) {
    auto key = [](const ConsentState& s) {
        return std::tie(s.channel, s.purpose, s.status, s.basis, s.method, s.wording_id, s.point_hash,
                               s.confirmed, s.grant_seq, s.confirm_seq, s.withdraw_seq, s.expire_seq, s.last_seq,
                               s.granted_at, s.confirmed_at, s.withdrawn_at, s.expired_at, s.last_event_at);
    };
    return key(a) == key(b);
}

// Projection rows of one contact in the order the table's primary key sorts them.
bool state_order(const ConsentState& a, const ConsentState& b) {
    return std::make_pair(to_string(a.channel), to_string(a.purpose)) <
           std::make_pair(to_string(b.channel), to_string(b.purpose));
}

// A row of `pool` for reuse as a fresh ConsentState: every field back to its default, the
// point_hash keeping its buffer (no allocation per state on a million contacts).
ConsentState& reuse(std::vector<ConsentState>& pool, std::size_t& used) {
    if (used == pool.size()) pool.emplace_back();
    ConsentState& s = pool[used++];
    std::string point = std::move(s.point_hash);
    s = ConsentState{};
    point.clear();
    s.point_hash = std::move(point);
    return s;
}

struct ProjectionOutcome {
    std::size_t states_checked = 0;
    std::size_t mismatches = 0;
    std::string first_problem;
};

// Folds each contact's events and compares them with the stored rows, merging two streams
// sorted by contact so memory stays small.
ProjectionOutcome check_projection(SQLite::Database& db, Parts& parts) {
    const PartTimer timer(parts, "projection");
    ProjectionOutcome out;
    auto mismatch = [&](const std::string& what) {
        ++out.mismatches;
        if (out.first_problem.empty()) out.first_problem = what;
    };
    try {
        // Only what apply() reads. '+contact_uuid' has SQLite sort one sequential scan of the
        // table, instead of walking consent_events_by_contact with a row lookup per event.
        RowCursor ev(db,
                     "SELECT seq, contact_uuid, point_hash, channel, purpose, action, method, basis, "
                     "COALESCE(wording_id, 0), occurred_at FROM consent_events ORDER BY +contact_uuid, seq");
        RowCursor st(db, std::string("SELECT contact_uuid, ") + kStateColumns +
                             " FROM consent_state ORDER BY contact_uuid, channel, purpose");
        sqlite3_stmt* const state_row = st.row();
        bool st_more = st.step();
        // Both lists reuse their rows from contact to contact: `*_used` rows are this contact's.
        std::vector<ConsentState> stored, folded;
        std::size_t stored_used = 0, folded_used = 0;
        auto compare_contact = [&](const std::string& uuid) {
            std::sort(folded.begin(), folded.begin() + static_cast<std::ptrdiff_t>(folded_used), state_order);
            while (st_more && column_text(state_row, 0) < uuid) {
                mismatch("projection has a row for contact " + std::string(column_text(state_row, 0)) +
                         " with no events");
                st_more = st.step();
            }
            stored_used = 0;
            while (st_more && column_text(state_row, 0) == uuid) {
                read_state(state_row, 1, reuse(stored, stored_used));
                st_more = st.step();
            }
            out.states_checked += folded_used;
            if (stored_used != folded_used) {
                mismatch("contact " + uuid + ": projection has " + std::to_string(stored_used) +
                         " rows, ledger gives " + std::to_string(folded_used));
                return;
            }
            for (std::size_t i = 0; i < stored_used; ++i) {
                if (!same_state(stored[i], folded[i])) {
                    mismatch("contact " + uuid + ": projection for " + std::string(to_string(folded[i].channel)) + "/" +
                             std::string(to_string(folded[i].purpose)) + " differs from the ledger");
                }
            }
        };
        std::string current;
        ConsentEvent e;  // reused: only the fields apply() reads are filled
        sqlite3_stmt* const row = ev.row();
        while (ev.step()) {
            e.seq = sqlite3_column_int64(row, 0);
            const std::string_view contact = column_text(row, 1);
            e.point_hash.assign(column_text(row, 2));
            e.channel = channel_from_string(column_text(row, 3));
            e.purpose = purpose_from_string(column_text(row, 4));
            e.action = consent_action_from_string(column_text(row, 5));
            e.method = consent_method_from_string(column_text(row, 6));
            e.basis = legal_basis_from_string(column_text(row, 7));
            e.wording_id = sqlite3_column_int64(row, 8);
            e.occurred_at = from_seconds(sqlite3_column_int64(row, 9));
            if (contact != current) {
                if (!current.empty()) compare_contact(current);
                current.assign(contact);
                folded_used = 0;
            }
            const auto end = folded.begin() + static_cast<std::ptrdiff_t>(folded_used);
            auto it = std::find_if(folded.begin(), end, [&](const ConsentState& s) {
                return s.channel == e.channel && s.purpose == e.purpose;
            });
            ConsentState& state = it == end ? reuse(folded, folded_used) : *it;
            apply(state, e);
        }
        if (!current.empty()) compare_contact(current);
        while (st_more) {
            mismatch("projection has a row for contact " + std::string(column_text(state_row, 0)) + " with no events");
            st_more = st.step();
        }
    } catch (const std::exception& e) {
        ++out.mismatches;
        if (out.first_problem.empty()) out.first_problem = std::string("projection check failed: ") + e.what();
    }
    return out;
}

// ---- putting it together ----

LedgerCheck assemble(IntegrityOutcome integrity, ChainOutcome chain, ProjectionOutcome projection) {
    LedgerCheck check;
    check.integrity_ok = integrity.ok;
    check.integrity_problem = std::move(integrity.problem);
    check.chain = std::move(chain.chain);
    check.wordings_checked = chain.wordings.checked;
    check.wording_problems = std::move(chain.wordings.problems);
    if (!chain.unreadable) {
        check.states_checked = projection.states_checked;
        check.state_mismatches = projection.mismatches;
        check.first_state_problem = std::move(projection.first_problem);
    }
    return check;
}

LedgerCheck verify_sequentially(SQLite::Database& db, bool whole_file) {
    Parts parts;
    IntegrityOutcome integrity =
        whole_file ? check_whole_file(db, parts) : check_integrity(db, 0, kLedgerTableCount, parts);
    ChainOutcome chain = check_chain(db, parts);
    ProjectionOutcome projection;
    if (!chain.unreadable) projection = check_projection(db, parts);
    LedgerCheck check = assemble(std::move(integrity), std::move(chain), std::move(projection));
    check.part_seconds = std::move(parts);
    return check;
}

// Starts a read transaction and returns the ledger's head seq as that snapshot sees it.
std::int64_t begin_snapshot(SQLite::Database& db) {
    db.exec("BEGIN");
    return db.execAndGet("SELECT COALESCE(MAX(seq), 0) FROM consent_events").getInt64();
}

// Two read-only connections whose snapshots hold the same ledger: the events only ever
// grow by appends, and an append raises MAX(seq), so equal heads mean equal events (each
// pass reads the projection and the events it folds on its own connection). Empty when no
// agreement is reached (appends keep landing) or the file cannot be opened this way; the
// caller then verifies on its own connection.
std::optional<std::pair<std::unique_ptr<SQLite::Database>, std::unique_ptr<SQLite::Database>>> open_snapshot_pair(
    const std::string& path) {
    constexpr int kAttempts = 5;
    try {
        auto open = [&] {
            return std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, 5000);
        };
        auto first = open();
        auto second = open();
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
            if (begin_snapshot(*first) == begin_snapshot(*second)) {
                return std::make_pair(std::move(first), std::move(second));
            }
            first->exec("COMMIT");
            second->exec("COMMIT");
        }
    } catch (const SQLite::Exception&) {
        // Not opened read-only beside the main connection: the sequential check on the
        // caller's connection reads the same file and reports any real problem.
    }
    return std::nullopt;
}

// With whole_file, the projection's side runs the whole-file integrity_check (it covers the
// chain's tables too) and the chain's side none.
LedgerCheck verify_in_parallel(SQLite::Database& chain_db, SQLite::Database& projection_db, bool whole_file) {
    IntegrityQueue tables;
    ProjectionOutcome projection;
    IntegrityOutcome whole;
    std::exception_ptr projection_error;
    Parts projection_parts;
    std::thread worker([&] {
        try {
            projection = check_projection(projection_db, projection_parts);
            if (whole_file) {
                whole = check_whole_file(projection_db, projection_parts);
            } else {
                tables.run(projection_db, projection_parts);
            }
        } catch (...) {
            projection_error = std::current_exception();
        }
    });
    ChainOutcome chain;
    Parts parts;
    try {
        chain = check_chain(chain_db, parts);
        if (!whole_file) tables.run(chain_db, parts);
    } catch (...) {
        worker.join();
        throw;
    }
    worker.join();
    if (projection_error) std::rethrow_exception(projection_error);
    LedgerCheck check =
        assemble(whole_file ? std::move(whole) : tables.result(), std::move(chain), std::move(projection));
    parts.insert(parts.end(), projection_parts.begin(), projection_parts.end());
    check.part_seconds = std::move(parts);
    return check;
}

bool is_in_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

}  // namespace

LedgerCheck LedgerRepo::verify(const VerifyOptions& options) {
    if (db_.on_postgresql()) return verify_postgresql(db_, options);  // ledger_verify_pg.cpp
    LedgerCheck check = [&] {
        // The main connection verifies alone when other connections cannot see what it sees:
        // an in-memory database, or a transaction of the caller's still open.
        if (is_in_memory(db_.path()) || sqlite3_get_autocommit(db_.sql().getHandle()) == 0) {
            return verify_sequentially(db_.sql(), options.whole_file);
        }
        auto readers = open_snapshot_pair(db_.path());
        if (!readers) return verify_sequentially(db_.sql(), options.whole_file);
        return verify_in_parallel(*readers->first, *readers->second, options.whole_file);
    }();
    check.whole_file_checked = options.whole_file;
    {
        const PartTimer timer(check.part_seconds, "triggers");
        check.schema_problems = check_triggers(db_.sql(), db_.schema_version(), check.triggers_checked);
    }
    return check;
}

std::string LedgerCheck::first_problem() const {
    if (!chain.ok) return "the ledger is broken at event " + std::to_string(chain.first_broken_seq) + ": " + chain.problem;
    if (!wording_problems.empty()) return wording_problems.front();
    if (!schema_problems.empty()) return schema_problems.front();
    if (!integrity_ok) return "the database file is damaged: " + integrity_problem;
    if (state_mismatches > 0) return "the consent projection disagrees with the ledger: " + first_state_problem;
    if (!reach_problems.empty()) return reach_problems.front();
    return "";
}

}  // namespace clientela::store
