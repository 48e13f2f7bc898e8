// LedgerRepo::verify: the hash chain, the wordings its events used, the append-only triggers,
// the projection and SQLite's own check of the ledger tables. One pass over the events in seq
// order hashes the chain and folds the projection in memory (then one scan of consent_state
// compares it); on a database file SQLite's checks run meanwhile on a second read-only
// connection that sees the same snapshot of the ledger.
#include "store/ledger_repo.hpp"
#include "store/time_columns.hpp"

#include "core/errors.hpp"
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

// A small enum member: one byte instead of an int, read and written as the enum.
template <class Enum>
class SmallEnum {
public:
    SmallEnum() = default;
    SmallEnum(Enum e) : value_(static_cast<std::uint8_t>(e)) {}  // NOLINT: assigned like the enum
    operator Enum() const { return static_cast<Enum>(value_); }    // NOLINT: read like the enum

private:
    std::uint8_t value_ = 0;
};

// A point_hash as 32 bytes: the value of its 64 lower-case hex digits, or for any other text
// (only a tampered event holds one) the SHA-256 of that text, so equality stays exact.
class PointBytes {
public:
    PointBytes& operator=(std::string_view text) {
        kind_ = encode(text, bytes_);
        return *this;
    }
    bool operator==(std::string_view text) const {
        std::array<std::uint8_t, 32> other{};
        return encode(text, other) == kind_ && other == bytes_;
    }

private:
    enum Kind : std::uint8_t { kEmpty, kHex, kOther };
    static int nibble(char c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    }
    static bool decode_hex(std::string_view hex, std::array<std::uint8_t, 32>& out) {
        if (hex.size() != 64) return false;
        for (std::size_t i = 0; i < 32; ++i) {
            const int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
            if (hi < 0 || lo < 0) return false;
            out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
        }
        return true;
    }
    static Kind encode(std::string_view text, std::array<std::uint8_t, 32>& out) {
        if (text.empty()) {
            out.fill(0);
            return kEmpty;
        }
        if (decode_hex(text, out)) return kHex;
        decode_hex(sha256_hex(text), out);
        return kOther;
    }

    std::array<std::uint8_t, 32> bytes_{};
    Kind kind_ = kEmpty;
};

// ConsentState in about half its size (no string on the heap), with the member names
// apply_event folds into, and the next state of the same contact.
struct FoldedState {
    Timestamp granted_at{}, confirmed_at{}, withdrawn_at{}, expired_at{}, last_event_at{};
    std::int64_t wording_id = 0, grant_seq = 0, confirm_seq = 0, withdraw_seq = 0, expire_seq = 0, last_seq = 0;
    PointBytes point_hash;
    SmallEnum<Channel> channel;
    SmallEnum<Purpose> purpose;
    SmallEnum<ConsentState::Status> status;
    SmallEnum<LegalBasis> basis;
    SmallEnum<ConsentMethod> method;
    bool confirmed = false;
    bool compared = false;  // a projection row was found for it
    std::uint32_t next = 0;  // index + 1 of the contact's next state, 0 for none
};

bool same_state(const ConsentState& stored, const FoldedState& folded) {
    auto fields = [](const auto& s) {
        return std::make_tuple(static_cast<Channel>(s.channel), static_cast<Purpose>(s.purpose),
                               static_cast<ConsentState::Status>(s.status), static_cast<LegalBasis>(s.basis),
                               static_cast<ConsentMethod>(s.method), s.wording_id, s.confirmed, s.grant_seq,
                               s.confirm_seq, s.withdraw_seq, s.expire_seq, s.last_seq, s.granted_at,
                               s.confirmed_at, s.withdrawn_at, s.expired_at, s.last_event_at);
    };
    return fields(stored) == fields(folded) && folded.point_hash == stored.point_hash;
}

// The folded states of every contact: contacts by their uuid (a canonical lower-case UUID as
// its 16 bytes in an open-addressing table, any other text in a map), each with a list of its
// states in one array (in blocks, so growing never copies it).
class FoldedLedger {
public:
    // The state of (contact, channel, purpose), made empty when it is the first event for it.
    FoldedState& state(std::string_view contact, Channel channel, Purpose purpose) {
        std::uint32_t& head = find_or_add(contact);
        for (std::uint32_t i = head; i != 0; i = at(i - 1).next) {
            FoldedState& s = at(i - 1);
            if (s.channel == channel && s.purpose == purpose) return s;
        }
        if (size_ % kBlock == 0) blocks_.push_back(std::make_unique<FoldedState[]>(kBlock));
        FoldedState& s = at(size_++);
        s.next = head;
        head = static_cast<std::uint32_t>(size_);
        return s;
    }
    // The folded state for a stored row, nullptr when the ledger gave none.
    FoldedState* find(std::string_view contact, Channel channel, Purpose purpose) {
        const std::uint32_t* head = find_head(contact);
        for (std::uint32_t i = head ? *head : 0; i != 0; i = at(i - 1).next) {
            FoldedState& s = at(i - 1);
            if (s.channel == channel && s.purpose == purpose) return &s;
        }
        return nullptr;
    }
    std::size_t size() const { return size_; }
    // Marks a state as found in the projection; true when all of them are.
    void mark_compared(FoldedState& s) {
        if (!s.compared) ++compared_;
        s.compared = true;
    }
    bool all_compared() const { return compared_ == size_; }
    // visit(contact uuid, state) for every state no projection row was found for.
    template <class Visit>
    void for_each_uncompared(Visit visit) {
        auto walk = [&](const std::string& contact, std::uint32_t head) {
            for (std::uint32_t i = head; i != 0; i = at(i - 1).next) {
                if (!at(i - 1).compared) visit(contact, at(i - 1));
            }
        };
        for (const Slot& slot : slots_) {
            if (slot.head != 0) walk(uuid_text(slot.key), slot.head);
        }
        for (const auto& [contact, head] : others_) walk(contact, head);
    }

private:
    static constexpr std::size_t kBlock = 1 << 16;
    using Key = std::array<std::uint8_t, 16>;
    struct Slot {
        Key key{};
        std::uint32_t head = 0;  // 0: free
    };

    FoldedState& at(std::size_t i) { return blocks_[i / kBlock][i % kBlock]; }

    // The 16 bytes of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" in lower-case hex; false for any
    // other text (which then has its own map, so every uuid keeps its exact bytes).
    static bool uuid_key(std::string_view text, Key& key) {
        if (text.size() != 36) return false;
        std::size_t out = 0;
        for (std::size_t i = 0; i < 36;) {
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (text[i++] != '-') return false;
                continue;
            }
            int hi = text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : text[i] >= 'a' && text[i] <= 'f' ? text[i] - 'a' + 10 : -1;
            int lo = text[i + 1] >= '0' && text[i + 1] <= '9'   ? text[i + 1] - '0'
                     : text[i + 1] >= 'a' && text[i + 1] <= 'f' ? text[i + 1] - 'a' + 10
                                                                 : -1;
            if (hi < 0 || lo < 0) return false;
            key[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
            i += 2;
        }
        return true;
    }
    static std::string uuid_text(const Key& key) {
        static constexpr char hex[] = "0123456789abcdef";
        std::string out;
        for (std::size_t i = 0; i < key.size(); ++i) {
            if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
            out.push_back(hex[key[i] >> 4]);
            out.push_back(hex[key[i] & 0x0f]);
        }
        return out;
    }
    std::size_t probe(const Key& key) const {  // the slot holding key, or the free one it would take
        std::uint64_t h = 0;
        std::memcpy(&h, key.data(), sizeof h);  // random bytes already
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(h >> 20) & mask;; i = (i + 1) & mask) {
            if (slots_[i].head == 0 || slots_[i].key == key) return i;
        }
    }
    std::uint32_t* find_head(std::string_view contact) {
        Key key;
        if (!uuid_key(contact, key)) {
            const auto it = others_.find(std::string(contact));
            return it == others_.end() ? nullptr : &it->second;
        }
        if (slots_.empty()) return nullptr;
        Slot& slot = slots_[probe(key)];
        return slot.head == 0 ? nullptr : &slot.head;
    }
    std::uint32_t& find_or_add(std::string_view contact) {
        Key key;
        if (!uuid_key(contact, key)) return others_[std::string(contact)];
        if ((used_ + 1) * 2 > slots_.size()) grow();
        Slot& slot = slots_[probe(key)];
        if (slot.head == 0) {
            slot.key = key;
            ++used_;
        }
        return slot.head;  // 0 until the caller adds the contact's first state
    }
    void grow() {
        std::vector<Slot> old(std::max<std::size_t>(slots_.size() * 2, 1024));
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.head != 0) slots_[probe(s.key)] = s;
        }
    }

    std::vector<Slot> slots_;
    std::size_t used_ = 0;
    std::unordered_map<std::string, std::uint32_t> others_;
    std::vector<std::unique_ptr<FoldedState[]>> blocks_;
    std::size_t size_ = 0;
    std::size_t compared_ = 0;
};

struct ProjectionOutcome {
    std::size_t states_checked = 0;
    std::size_t mismatches = 0;
    std::string first_problem;
    void mismatch(const std::string& what) {
        ++mismatches;
        if (first_problem.empty()) first_problem = what;
    }
};

// The stored projection, read in one scan, against the states folded from the ledger: a row
// that differs, a row the ledger never gave, and a state with no row are each one mismatch.
void compare_projection(SQLite::Database& db, FoldedLedger& folded, ProjectionOutcome& out, Parts& parts) {
    const PartTimer timer(parts, "projection");
    out.states_checked = folded.size();
    RowCursor st(db, std::string("SELECT contact_uuid, ") + kStateColumns + " FROM consent_state");
    sqlite3_stmt* const row = st.row();
    ConsentState stored;
    while (st.step()) {
        const std::string_view contact = column_text(row, 0);
        read_state(row, 1, stored);
        auto key = [&] { return std::string(to_string(stored.channel)) + "/" + std::string(to_string(stored.purpose)); };
        FoldedState* state = folded.find(contact, stored.channel, stored.purpose);
        if (state == nullptr) {
            out.mismatch("projection has a row for contact " + std::string(contact) + " (" + key() +
                         ") that no event gives");
            continue;
        }
        folded.mark_compared(*state);
        if (!same_state(stored, *state)) {
            out.mismatch("contact " + std::string(contact) + ": projection for " + key() + " differs from the ledger");
        }
    }
    if (folded.all_compared()) return;
    folded.for_each_uncompared([&](const std::string& contact, const FoldedState& s) {
        out.mismatch("contact " + contact + ": projection has no row for " +
                     std::string(to_string(static_cast<Channel>(s.channel))) + "/" +
                     std::string(to_string(static_cast<Purpose>(s.purpose))) + ", which the ledger gives");
    });
}

// ---- the chain ----

struct ChainOutcome {
    ChainVerification chain;
    bool unreadable = false;  // SQLite failed reading the events: the projection is not checked
    WordingOutcome wordings;
    ProjectionOutcome projection;
};

// One pass over the events in seq order: each is hashed onto the chain (until the first
// break) and folded into the projection (all of them), straight from the row's bytes. Then
// the stored projection is compared with the fold. A row whose names no longer parse is a
// broken event, and the projection is then not folded further.
ChainOutcome check_chain_and_projection(SQLite::Database& db, Parts& parts) {
    ChainOutcome out;
    ChainVerifier verifier;
    FoldedLedger folded;
    bool fold_ok = true;
    try {
        Wordings wordings;
        {
            const PartTimer timer(parts, "wordings");
            wordings = read_wordings(db, out.wordings);
        }
        {
            const PartTimer timer(parts, "chain");
            // The events' own columns (kEventColumns without its evidence lookup) and, beside
            // them, consent_evidence in the same seq order: one merge instead of a lookup per event.
            static const std::string columns = [] {
                std::string all = kEventColumns;
                return all.substr(0, all.rfind(", (SELECT"));
            }();
            RowCursor q(db, "SELECT " + columns + " FROM consent_events ORDER BY seq");
            RowCursor evidence(db, "SELECT seq, text FROM consent_evidence ORDER BY seq");
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
                    if (verifier.ok()) {
                        out.chain = verifier.result();
                        out.chain.ok = false;
                        out.chain.first_broken_seq = seq;
                        out.chain.problem = "event " + std::to_string(seq) +
                                            " has a value that was never written by Clientela: " + error.what();
                    }
                    out.projection.mismatch(std::string("projection check failed: ") + error.what());
                    fold_ok = false;
                    break;
                }
                if (verifier.ok()) {
                    verifier.feed(e);
                    if (verifier.ok()) check_event_wording(e, wordings, out.wordings.problems);
                }
                try {
                    apply_event(folded.state(e.contact_uuid, e.channel, e.purpose), e);
                } catch (const ValidationError& error) {
                    out.projection.mismatch(std::string("projection check failed: ") + error.what());
                    fold_ok = false;
                    break;
                }
            }
        }
        if (out.chain.problem.empty()) out.chain = verifier.result();
        if (fold_ok) compare_projection(db, folded, out.projection, parts);
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
    IntegrityOutcome integrity =
        whole_file ? check_whole_file(db, parts) : check_integrity(db, 0, kLedgerTableCount, parts);
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

// The chain and the projection (one pass over the events) on the first connection; SQLite's
// checks on the second, and on the first too once its pass is done. With whole_file, the
// second runs the whole-file integrity_check (it covers the ledger's tables too).
LedgerCheck verify_in_parallel(SQLite::Database& chain_db, SQLite::Database& check_db, bool whole_file) {
    IntegrityQueue tables;
    IntegrityOutcome whole;
    std::exception_ptr check_error;
    Parts check_parts;
    std::thread worker([&] {
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
        chain = check_chain_and_projection(chain_db, parts);
        if (!whole_file) tables.run(chain_db, parts);
    } catch (...) {
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
