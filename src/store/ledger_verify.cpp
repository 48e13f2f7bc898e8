// LedgerRepo::verify: the hash chain, the wordings its events used, the append-only triggers,
// the projection and SQLite's own check of the ledger's small tables. One pass over the
// events in seq order hashes the chain and folds the projection in memory (then one scan of
// consent_state compares it); on a database file SQLite's checks run meanwhile on a second
// read-only connection that sees the same snapshot of the ledger, and on a large ledger the
// two connections share the pass and the compare (see "the chain in two parts"), with the
// one pass's result.
#include "store/ledger_repo.hpp"
#include "store/time_columns.hpp"

#include "core/errors.hpp"
#include "store/ledger_fold.hpp"
#include "store/ledger_rows.hpp"
#include "store/ledger_wording_check.hpp"
#include "store/ledger_verify_pg.hpp"
#include "store/part_timer.hpp"
#include "store/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace clientela::store {

namespace {

// ---- SQLite's check of the ledger's tables ----

// The ledger's tables that a plain verify has SQLite check (PRAGMA quick_check: every page of
// the table and its indexes well formed). Not the events and the projection: the chain and
// the compare read every row of those two tables anyway (SQLite reports a malformed page of
// them there, and the ledger is then "unreadable"), and their quick_check would read them and
// their indexes once more, a quarter of a plain verify's time at a million events. Their
// indexes are checked by --full (integrity_check of the whole file). A whole-file quick_check
// would also read the contacts and their search index, which are not what verify reports on.
// In parallel, the two connections share them out (IntegrityQueue).
constexpr const char* kLedgerTables[] = {"consent_wordings", "channel_preferences", "suppressed_identifiers",
                                         "consent_evidence"};
constexpr std::size_t kLedgerTableCount = sizeof kLedgerTables / sizeof kLedgerTables[0];

struct IntegrityOutcome {
    bool ok = true;
    std::string problem;  // the first line quick_check reported
};

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

// --full: PRAGMA integrity_check of the whole file (every table and index, and their
// agreement), the check a plain verify leaves out because the contacts take longer than the
// ledger.
IntegrityOutcome check_whole_file(SQLite::Database& db, Parts& parts) {
    IntegrityOutcome out;
    const PartTimer timer(parts, "integrity_check");
    run_check(db, "PRAGMA integrity_check", out);
    return out;
}

// The ledger tables' quick_checks, shared by the two connections (or all taken by one): each
// takes the next table when its own pass is done, so the one that finishes first checks more
// of them. Findings are reported in table order, whichever connection found them.
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
        note_wording(wordings, q.getColumn(0).getInt64(), column_text(q, 1), q.getColumn(2).getInt64(),
                     column_text(q, 3), column_text(q, 4), column_text(q, 5), out.problems);
    }
    return wordings;
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

// ---- the projection, folded in memory ----

struct ProjectionOutcome {
    std::size_t states_checked = 0;
    std::size_t mismatches = 0;
    std::string first_problem;
    void mismatch(const std::string& what) {
        ++mismatches;
        if (first_problem.empty()) first_problem = what;
    }
};

// The rows of consent_state whose contact_uuid is from `from` (inclusive) up to `below`
// (exclusive), in key order; an end with no bound is that end of the table. The part with no
// lower bound also takes a row whose contact_uuid is NULL (only a tampered file has one; it
// sorts first).
struct StateRange {
    std::optional<std::string> from, below;
};

// The stored projection's rows of range, in key order, against the states folded from the
// ledger: a row that differs and a row the ledger never gave are each one mismatch. Returns
// how many folded states it found a row for (marking them). Throws SQLite::Exception when
// SQLite cannot read.
std::size_t compare_rows(SQLite::Database& db, FoldedLedger& folded, const StateRange& range, ProjectionOutcome& out) {
    const std::string select = std::string("SELECT contact_uuid, ") + kStateColumns + " FROM consent_state";
    std::size_t found = 0;
    // Rows are read a batch at a time: the folded state of each is looked up at random in a
    // large table, so the look-ups of a batch are fetched into the cache first, together.
    struct Row {
        std::string contact;
        ConsentState stored;
        FoldedLedger::Key key{};
        bool keyed = false;
        std::string unparsed;  // why the row's names do not parse (a tampered row), or ""
        bool names_parsed = false;  // its channel and purpose, when unparsed is not ""
        FoldedState* state = nullptr;  // the ledger's state for it, once looked up
    };
    constexpr std::size_t kBatch = 32;
    std::array<Row, kBatch> batch;
    std::size_t rows = 0;
    auto lookup = [&](const Row& r) {  // the UUID's bytes were read with the row
        return r.keyed ? folded.find(r.key, r.stored.channel, r.stored.purpose)
                       : folded.find(r.contact, r.stored.channel, r.stored.purpose);
    };
    auto compare_batch = [&] {
        // In three passes over the batch, each fetching into the cache what the next one reads:
        // the first state of each row's contact, then the row's own state (found by walking
        // the contact's list), then the compare.
        for (std::size_t i = 0; i < rows; ++i) {
            if (batch[i].keyed) folded.prefetch_states(batch[i].key);
        }
        for (std::size_t i = 0; i < rows; ++i) {
            Row& r = batch[i];
            r.state = r.unparsed.empty() || r.names_parsed ? lookup(r) : nullptr;
            if (r.state != nullptr) FoldedLedger::prefetch(*r.state);
        }
        for (std::size_t i = 0; i < rows; ++i) {
            const std::string& contact = batch[i].contact;
            const ConsentState& stored = batch[i].stored;
            if (!batch[i].unparsed.empty()) {
                // The ledger's state for the row's channel and purpose, if any, has its row.
                FoldedState* state = batch[i].state;
                if (state != nullptr && FoldedLedger::mark_compared(*state)) ++found;
                out.mismatch("projection row for contact " + contact +
                             " has a value that was never written by Clientela: " + batch[i].unparsed);
                continue;
            }
            auto key = [&] {
                return std::string(to_string(stored.channel)) + "/" + std::string(to_string(stored.purpose));
            };
            FoldedState* state = batch[i].state;
            if (state == nullptr) {
                out.mismatch("projection has a row for contact " + contact + " (" + key() + ") that no event gives");
                continue;
            }
            if (FoldedLedger::mark_compared(*state)) ++found;
            if (!same_state(stored, *state)) {
                out.mismatch("contact " + contact + ": projection for " + key() + " differs from the ledger");
            }
        }
        rows = 0;
    };
    auto scan = [&](const std::string& where, const std::vector<std::string>& bounds) {
        RowCursor st(db, select + where);
        for (std::size_t i = 0; i < bounds.size(); ++i) st.bind(static_cast<int>(i + 1), bounds[i]);
        sqlite3_stmt* const row = st.row();
        while (st.step()) {
            Row& r = batch[rows++];
            r.contact.assign(column_text(row, 0));
            r.unparsed.clear();
            try {
                read_state(row, 1, r.stored);
            } catch (const ValidationError& error) {
                r.unparsed = error.what();
                try {
                    r.stored.channel = channel_from_string(column_text(row, 1));
                    r.stored.purpose = purpose_from_string(column_text(row, 2));
                    r.names_parsed = true;
                } catch (const ValidationError&) {
                    r.names_parsed = false;
                }
            }
            r.keyed = FoldedLedger::uuid_key(r.contact, r.key);
            if (r.keyed) folded.prefetch(r.key);
            if (rows == kBatch) compare_batch();
        }
        compare_batch();
    };
    if (!range.from && !range.below) {
        scan("", {});
        return found;
    }
    if (!range.from) scan(" WHERE contact_uuid IS NULL", {});
    if (range.from && range.below) {
        scan(" WHERE contact_uuid >= ?1 AND contact_uuid < ?2", {*range.from, *range.below});
    } else if (range.from) {
        scan(" WHERE contact_uuid >= ?1", {*range.from});
    } else {
        scan(" WHERE contact_uuid < ?1", {*range.below});
    }
    return found;
}

// Once every row was compared (found: the folded states a row was found for): a state with
// no row is one mismatch each.
void note_states_without_row(FoldedLedger& folded, std::size_t found, ProjectionOutcome& out) {
    out.states_checked = folded.size();
    if (found == folded.size()) return;
    folded.for_each_uncompared([&](const std::string& contact, const FoldedState& s) {
        out.mismatch("contact " + contact + ": projection has no row for " +
                     std::string(to_string(static_cast<Channel>(s.channel))) + "/" +
                     std::string(to_string(static_cast<Purpose>(s.purpose))) + ", which the ledger gives");
    });
}

// The stored projection, read in one scan, against the states folded from the ledger.
void compare_projection(SQLite::Database& db, FoldedLedger& folded, ProjectionOutcome& out, Parts& parts) {
    const PartTimer timer(parts, "projection");
    const std::size_t found = compare_rows(db, folded, StateRange{}, out);
    note_states_without_row(folded, found, out);
}

// The projection compared by both connections at once, once the fold is whole: consent_state
// in key ranges of about equal size, each connection taking the next range when it is done
// with one. Put together in key order, the result is the one scan's.
class ProjectionQueue {
public:
    static constexpr std::size_t kRanges = 8;

    explicit ProjectionQueue(FoldedLedger& folded) : folded_(folded) {
        const std::vector<std::string> cuts = folded.contact_cuts(kRanges);
        ranges_.resize(cuts.size() + 1);
        for (std::size_t i = 0; i < cuts.size(); ++i) {
            ranges_[i].range.below = cuts[i];
            ranges_[i + 1].range.from = cuts[i];
        }
    }
    void run(SQLite::Database& db, Parts& parts, const std::string& part_name) {
        const PartTimer timer(parts, part_name);
        for (std::size_t i = next_.fetch_add(1); i < ranges_.size(); i = next_.fetch_add(1)) {
            Range& r = ranges_[i];
            try {
                r.found = compare_rows(db, folded_, r.range, r.outcome);
            } catch (const SQLite::Exception& e) {
                r.unreadable = e.what();
            }
        }
    }
    // Once both connections are done: the outcome of the whole scan into out, or what SQLite
    // said of the first range (in key order) it could not read.
    std::optional<std::string> result(ProjectionOutcome& out) {
        std::size_t found = 0;
        for (Range& r : ranges_) {
            if (r.unreadable) return r.unreadable;
            found += r.found;
            out.mismatches += r.outcome.mismatches;
            if (out.first_problem.empty()) out.first_problem = std::move(r.outcome.first_problem);
        }
        note_states_without_row(folded_, found, out);
        return std::nullopt;
    }

private:
    struct Range {
        StateRange range;
        ProjectionOutcome outcome;
        std::size_t found = 0;
        std::optional<std::string> unreadable;
    };
    FoldedLedger& folded_;
    std::vector<Range> ranges_;
    std::atomic<std::size_t> next_{0};
};

// ---- the chain ----

struct ChainOutcome {
    ChainVerification chain;
    bool unreadable = false;  // SQLite failed reading the events: the projection is not checked
    WordingOutcome wordings;
    ProjectionOutcome projection;
};

// The events of one pass in seq order: all of them, or those up to a seq, or those after one.
struct EventRange {
    std::optional<std::int64_t> after;  // seq > after
    std::optional<std::int64_t> upto;   // seq <= upto
    std::string where() const {
        std::string out;
        if (after) out += " WHERE seq > " + std::to_string(*after);
        if (upto) out += std::string(after ? " AND" : " WHERE") + " seq <= " + std::to_string(*upto);
        return out;
    }
};

// Reads the events of range in seq order, with consent_evidence beside them in the same
// order (one merge instead of a lookup per event), and calls visit(e), e viewing the row,
// until it returns false. A row whose names do not parse (a tampered row) goes to
// bad(seq, error) and ends the scan. Throws SQLite::Exception when SQLite cannot read.
template <class Visit, class Bad>
void scan_events(SQLite::Database& db, const EventRange& range, Visit visit, Bad bad) {
    const std::string where = range.where();
    RowCursor q(db, "SELECT " + event_own_columns() + " FROM consent_events" + where + " ORDER BY seq");
    RowCursor evidence(db, "SELECT seq, text FROM consent_evidence" + where + " ORDER BY seq");
    sqlite3_stmt* const row = q.row();
    sqlite3_stmt* const side_row = evidence.row();
    bool side_more = evidence.step();
    ConsentEventView e;
    EvidenceSide side;
    while (q.step()) {
        const std::int64_t seq = sqlite3_column_int64(row, 0);
        while (side_more && sqlite3_column_int64(side_row, 0) < seq) side_more = evidence.step();
        side.present = side_more && sqlite3_column_int64(side_row, 0) == seq;
        side.type = side.present ? sqlite3_column_type(side_row, 1) : SQLITE_NULL;
        side.text = side.type == SQLITE_TEXT ? column_text(side_row, 1) : std::string_view();
        try {
            read_event_view(row, side, e);
        } catch (const ValidationError& error) {
            bad(seq, error);
            return;
        }
        if (!visit(e)) return;
    }
}

// A row that does not parse ends the pass: the chain breaks there unless it broke before,
// and the projection is not compared.
void note_unparsed(std::int64_t seq, const ValidationError& error, const ChainVerifier& verifier,
                   ChainVerification& chain, ProjectionOutcome& projection) {
    if (verifier.ok()) {
        chain = verifier.result();
        chain.ok = false;
        chain.first_broken_seq = seq;
        chain.problem = "event " + std::to_string(seq) + " has a value that was never written by Clientela: " + error.what();
    }
    projection.mismatch(std::string("projection check failed: ") + error.what());
}

// SQLite failed reading: trust ends after the events checked so far (chain: the chain as
// verified until then), and the projection is not reported.
void note_unreadable(ChainOutcome& out, ChainVerification chain, const std::string& what) {
    out.unreadable = true;
    out.chain = std::move(chain);
    out.chain.ok = false;
    if (out.chain.first_broken_seq == 0) {
        out.chain.first_broken_seq = static_cast<std::int64_t>(out.chain.events_checked) + 1;
    }
    out.chain.problem = "the ledger cannot be read: " + what;
}

// e hashed onto the chain and checked against the wording it used, until the chain breaks
// (nothing after the first break can be trusted).
void chain_event(const ConsentEventView& e, ChainVerifier& verifier, Wordings& wordings,
                 std::vector<std::string>& problems) {
    if (!verifier.ok()) return;
    verifier.feed(e);
    if (verifier.ok()) check_event_wording(e, wordings, problems);
}

// The events of range, each hashed onto the chain from verifier on (until the first break)
// and folded into folded (all of them), straight from the row's bytes. False when the pass
// stopped at an event (a row whose names no longer parse, which is also a broken event, or
// one the fold refuses): nothing after it is looked at, and the projection is not compared.
bool chain_and_fold(SQLite::Database& db, const EventRange& range, Wordings& wordings, ChainVerifier& verifier,
                    FoldedLedger& folded, ChainOutcome& out) {
    bool fold_ok = true;
    scan_events(
        db, range,
        [&](const ConsentEventView& e) {
            chain_event(e, verifier, wordings, out.wordings.problems);
            try {
                apply_event(folded.state(e.contact_uuid, e.channel, e.purpose), e);
            } catch (const ValidationError& error) {
                out.projection.mismatch(std::string("projection check failed: ") + error.what());
                fold_ok = false;
            }
            return fold_ok;
        },
        [&](std::int64_t seq, const ValidationError& error) {
            note_unparsed(seq, error, verifier, out.chain, out.projection);
            fold_ok = false;
        });
    return fold_ok;
}

// An event the fold refuses, found by chain_and_fold_in_blocks after its pass went on past
// it: the pass must be done again one event at a time (chain_and_fold) to answer as one pass.
struct RefusedLater {};

// chain_and_fold, but the events are kept in `kept` and folded a block at a time, where the
// look-ups of their states overlap (folding each event as it is read waits on the memory for
// its state). The same result, but for an event the fold refuses (only a tampered ledger has
// one): then it throws RefusedLater.
bool chain_and_fold_in_blocks(SQLite::Database& db, const EventRange& range, Wordings& wordings,
                              ChainVerifier& verifier, FoldedLedger& folded, ChainOutcome& out) {
    constexpr std::size_t kBlockEvents = 4096;
    FoldEvents kept;
    auto fold_kept = [&] {
        try {
            kept.fold_into(folded);
        } catch (const ValidationError&) {
            throw RefusedLater{};
        }
    };
    bool parsed = true;
    try {
        scan_events(
            db, range,
            [&](const ConsentEventView& e) {
                chain_event(e, verifier, wordings, out.wordings.problems);
                kept.add(e);
                if (kept.size() == kBlockEvents) fold_kept();
                return true;
            },
            [&](std::int64_t seq, const ValidationError& error) {
                fold_kept();  // an event before this row may be refused: that stops the pass first
                note_unparsed(seq, error, verifier, out.chain, out.projection);
                parsed = false;
            });
    } catch (const SQLite::Exception&) {
        fold_kept();  // as above, before the unreadable row
        throw;
    }
    fold_kept();
    return parsed;
}

// One pass over the events in seq order (chain and fold), then the stored projection
// compared with the fold.
ChainOutcome check_chain_and_projection(SQLite::Database& db, Parts& parts) {
    ChainOutcome out;
    ChainVerifier verifier;
    FoldedLedger folded;
    try {
        Wordings wordings;
        {
            const PartTimer timer(parts, "wordings");
            wordings = read_wordings(db, out.wordings);
        }
        bool fold_ok = true;
        {
            const PartTimer timer(parts, "chain");
            fold_ok = chain_and_fold(db, EventRange{}, wordings, verifier, folded, out);
        }
        if (out.chain.problem.empty()) out.chain = verifier.result();
        if (fold_ok) compare_projection(db, folded, out.projection, parts);
    } catch (const SQLite::Exception& error) {
        note_unreadable(out, verifier.result(), error.what());
    }
    return out;
}

// ---- the chain in two parts ----
//
// On a large ledger the two connections share the pass: the first hashes and folds the
// events up to a split row, the second meanwhile hashes the rest (its chain resuming from the
// split row's stored hash) and hands each event over as a FoldEvent, a block at a time; the
// first folds those as they come once its own part is done, then both compare the projection
// (ProjectionQueue); the second runs SQLite's checks of the small tables while the first
// still folds. Put together, the result is exactly what one pass gives: the second part
// counts only when the first ended with the chain intact (else, as in one pass, nothing
// after the first break is hashed or checked against its wording), a pass that stopped in
// the first part stops there, and an event the fold refuses sends it to the one pass.

// The row the split follows: the events up to it (its seq) go to the first connection.
struct SplitPoint {
    std::int64_t seq = 0;
    std::string hash;  // its stored hash: where the second connection's chain resumes
};

// The second connection's part: the chain from the split on, its wording checks, and the
// events for the first connection to fold.
struct TailPass {
    ChainVerification chain;  // as a verifier resumed after the split row sees it
    // Each sentence with the wording it is about: the first part may have reported that
    // wording already (one sentence per wording).
    std::vector<std::pair<std::int64_t, std::string>> wording_problems;
    FoldEventQueue events;  // closed when the part ends, however it ends
    bool stopped = false;          // a row that does not parse ended the part
    ProjectionOutcome projection;  // then what the projection check says of it
    std::optional<std::string> unreadable;  // SQLite could not read: what it said
};

void run_tail(SQLite::Database& db, const SplitPoint& split, TailPass& tail, Parts& parts) {
    const PartTimer timer(parts, "chain tail");
    struct CloseOnExit {  // the first connection waits for the close
        FoldEventQueue& events;
        ~CloseOnExit() { events.close(); }
    } close_on_exit{tail.events};
    ChainVerifier verifier(split.seq + 1, split.hash);
    try {
        WordingOutcome unreported;  // the wordings' own problems are the first part's to report
        Wordings wordings = read_wordings(db, unreported);
        std::vector<std::string> problems;
        EventRange range;
        range.after = split.seq;
        scan_events(
            db, range,
            [&](const ConsentEventView& e) {
                chain_event(e, verifier, wordings, problems);
                if (!problems.empty()) {
                    tail.wording_problems.emplace_back(e.wording_id, std::move(problems.front()));
                    problems.clear();
                }
                tail.events.add(e);
                return true;
            },
            [&](std::int64_t seq, const ValidationError& error) {
                note_unparsed(seq, error, verifier, tail.chain, tail.projection);
                tail.stopped = true;
            });
    } catch (const SQLite::Exception& error) {
        tail.unreadable = error.what();
    }
    if (tail.chain.problem.empty()) tail.chain = verifier.result();
}

// How the first connection hands the projection compare to the second once the fold is
// whole: the queue both take ranges of consent_state from, or none (then the second does not
// compare). Sent once; verify_in_parallel sends none when the first connection ends without.
class CompareHandoff {
public:
    std::optional<ProjectionQueue> queue;  // lives until both threads are joined

    void send(ProjectionQueue* q) {
        if (sent_) return;
        sent_ = true;
        go_.set_value(q);
    }
    // The second connection: waits for what the first sends, and says when its share is done.
    ProjectionQueue* receive() { return go_future_.get(); }
    void done() { done_.set_value(); }
    void failed(std::exception_ptr error) { done_.set_exception(std::move(error)); }
    // The first connection: waits for the second's share (throws what stopped it).
    void wait_done() { done_future_.get(); }
    void wait_done_quietly() { done_future_.wait(); }

private:
    bool sent_ = false;
    std::promise<ProjectionQueue*> go_;
    std::future<ProjectionQueue*> go_future_ = go_.get_future();
    std::promise<void> done_;
    std::future<void> done_future_ = done_.get_future();
};

// The first connection's part, then the two put together as one pass would have them.
// tail_done: the second connection's part is finished (or throws what stopped it).
ChainOutcome check_split(SQLite::Database& db, const SplitPoint& split, TailPass& tail, std::future<void>& tail_done,
                         CompareHandoff& handoff, Parts& parts) {
    ChainOutcome out;
    ChainVerifier verifier;
    FoldedLedger folded;
    std::optional<ChainVerification> joined;  // the chain over both parts, once known
    try {
        Wordings wordings;
        {
            const PartTimer timer(parts, "wordings");
            wordings = read_wordings(db, out.wordings);
        }
        EventRange range;
        range.upto = split.seq;
        bool fold_ok = true;
        {
            const PartTimer timer(parts, "chain");
            try {
                fold_ok = chain_and_fold_in_blocks(db, range, wordings, verifier, folded, out);
            } catch (const RefusedLater&) {
                return check_chain_and_projection(db, parts);  // which stops at the refused event
            }
        }
        if (!fold_ok) {  // one pass stops here too: the second part is never looked at
            if (out.chain.problem.empty()) out.chain = verifier.result();
            return out;
        }
        try {
            // The second part's events as the second connection reads them (waiting for each
            // block), then its end. Before its outcome is looked at: one pass stops at an event
            // the fold refuses, even if the second part found more after it.
            const PartTimer timer(parts, "fold tail");
            tail.events.fold_into(folded);
        } catch (const ValidationError&) {
            // The fold refuses an event of the second part (which no seq-ordered ledger gives):
            // one pass stops there, chain and all, so that is what answers.
            return check_chain_and_projection(db, parts);
        }
        tail_done.get();
        joined = verifier.result();
        if (joined->ok) {  // the second part's chain and wordings count
            const std::size_t first_events = joined->events_checked;
            joined = tail.chain;
            joined->events_checked += first_events;
            for (auto& [id, problem] : tail.wording_problems) {
                const auto it = wordings.find(id);
                if (it == wordings.end() || !it->second.reported) out.wordings.problems.push_back(std::move(problem));
            }
        }
        if (tail.unreadable) {
            note_unreadable(out, *joined, *tail.unreadable);
            return out;
        }
        out.chain = *joined;
        if (tail.stopped) {
            out.projection.mismatch(tail.projection.first_problem);
            return out;
        }
        ProjectionQueue& queue = handoff.queue.emplace(folded);
        handoff.send(&queue);
        try {
            queue.run(db, parts, "projection");
        } catch (...) {
            handoff.wait_done_quietly();  // the second connection still reads `folded`
            throw;
        }
        handoff.wait_done();
        if (auto unreadable = queue.result(out.projection)) note_unreadable(out, *joined, *unreadable);
    } catch (const SQLite::Exception& error) {
        note_unreadable(out, joined ? *joined : verifier.result(), error.what());
    }
    return out;
}

// ---- putting it together ----

LedgerCheck assemble(IntegrityOutcome integrity, ChainOutcome chain) {
    LedgerCheck check;
    check.integrity_ok = integrity.ok;
    check.integrity_problem = std::move(integrity.problem);
    check.chain = std::move(chain.chain);
    check.wordings_checked = chain.wordings.checked;
    check.wording_problems = std::move(chain.wordings.problems);
    if (!chain.unreadable) {
        check.states_checked = chain.projection.states_checked;
        check.state_mismatches = chain.projection.mismatches;
        check.first_state_problem = std::move(chain.projection.first_problem);
    }
    return check;
}

LedgerCheck verify_sequentially(SQLite::Database& db, bool whole_file) {
    Parts parts;
    IntegrityOutcome integrity;
    if (whole_file) {
        integrity = check_whole_file(db, parts);
    } else {
        IntegrityQueue tables;  // one connection takes every table, in order
        tables.run(db, parts);
        integrity = tables.result();
    }
    LedgerCheck check = assemble(std::move(integrity), check_chain_and_projection(db, parts));
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
struct SnapshotPair {
    std::unique_ptr<SQLite::Database> first, second;
    std::int64_t head = 0;  // MAX(seq) both see
};

std::optional<SnapshotPair> open_snapshot_pair(const std::string& path) {
    constexpr int kAttempts = 5;
    try {
        auto open = [&] {
            return std::make_unique<SQLite::Database>(path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, 5000);
        };
        auto first = open();
        auto second = open();
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
            const std::int64_t head = begin_snapshot(*first);
            if (head == begin_snapshot(*second)) return SnapshotPair{std::move(first), std::move(second), head};
            first->exec("COMMIT");
            second->exec("COMMIT");
        }
    } catch (const SQLite::Exception&) {
        // Not opened read-only beside the main connection: the sequential check on the
        // caller's connection reads the same file and reports any real problem.
    }
    return std::nullopt;
}

// The share of the events (by seq) the first connection takes in a split verify: it folds
// its part as it goes, the second only keeps its events, so the first takes less.
constexpr std::int64_t kFirstPartPercent = 46;

// Where to split the events of a ledger whose head is `head`: after the last event at or
// before the chosen seq. None (one pass) for a ledger below options.split_from_events, or
// when no event is at or before it.
std::optional<SplitPoint> choose_split(SQLite::Database& db, std::int64_t head, const VerifyOptions& options) {
    if (head <= 0 || head < options.split_from_events) return std::nullopt;
    const std::int64_t target = options.split_after_seq
                                    ? *options.split_after_seq
                                    : head / 100 * kFirstPartPercent + head % 100 * kFirstPartPercent / 100;
    try {
        SQLite::Statement q(db, "SELECT seq, hash FROM consent_events WHERE seq <= ? ORDER BY seq DESC LIMIT 1");
        q.bind(1, static_cast<std::int64_t>(target));
        if (!q.executeStep()) return std::nullopt;
        SplitPoint split{q.getColumn(0).getInt64(), std::string(column_text(q, 1))};
        if (split.seq == std::numeric_limits<std::int64_t>::max()) return std::nullopt;  // nothing can follow
        return split;
    } catch (const SQLite::Exception&) {
        return std::nullopt;  // the one pass reads the same rows and reports what SQLite says
    }
}

// The chain and the projection on the first connection (split with the second when split
// is given); SQLite's checks on the second, and on the first too once its pass is done.
// With whole_file, the second runs the whole-file integrity_check (it covers the ledger's
// tables too).
LedgerCheck verify_in_parallel(SQLite::Database& chain_db, SQLite::Database& check_db, bool whole_file,
                               const std::optional<SplitPoint>& split) {
    IntegrityQueue tables;
    IntegrityOutcome whole;
    std::exception_ptr check_error;
    Parts check_parts;
    TailPass tail;
    std::promise<void> tail_promise;
    std::future<void> tail_done = tail_promise.get_future();
    CompareHandoff handoff;
    std::thread worker([&] {
        if (split) {
            bool tail_ran = false;
            try {
                run_tail(check_db, *split, tail, check_parts);
                tail_promise.set_value();
                tail_ran = true;
            } catch (...) {
                tail_promise.set_exception(std::current_exception());
            }
            if (!whole_file) {
                try {
                    tables.run(check_db, check_parts);  // while the first connection folds this part
                } catch (...) {
                    check_error = std::current_exception();
                }
            }
            ProjectionQueue* queue = tail_ran ? handoff.receive() : nullptr;
            if (queue != nullptr) {
                try {
                    queue->run(check_db, check_parts, "projection 2");
                    handoff.done();
                } catch (...) {
                    handoff.failed(std::current_exception());
                }
            }
        }
        try {
            if (whole_file) {
                whole = check_whole_file(check_db, check_parts);
            } else {
                tables.run(check_db, check_parts);
            }
        } catch (...) {
            check_error = std::current_exception();
        }
    });
    ChainOutcome chain;
    Parts parts;
    try {
        chain = split ? check_split(chain_db, *split, tail, tail_done, handoff, parts)
                      : check_chain_and_projection(chain_db, parts);
        handoff.send(nullptr);  // when the first connection ended before the compare
        if (!whole_file) tables.run(chain_db, parts);
    } catch (...) {
        handoff.send(nullptr);
        worker.join();
        throw;
    }
    worker.join();
    if (check_error) std::rethrow_exception(check_error);
    LedgerCheck check = assemble(whole_file ? std::move(whole) : tables.result(), std::move(chain));
    parts.insert(parts.end(), check_parts.begin(), check_parts.end());
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
        const auto split = choose_split(*readers->first, readers->head, options);
        return verify_in_parallel(*readers->first, *readers->second, options.whole_file, split);
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
