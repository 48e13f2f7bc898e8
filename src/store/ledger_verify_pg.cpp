#include "store/ledger_verify_pg.hpp"
#include "store/part_timer.hpp"

#include "store/ledger_wording_check.hpp"

#include "core/errors.hpp"
#include "store/ledger_rows.hpp"
#include "store/ledger_rows_neutral.hpp"
#include "store/migrations.hpp"
#include "store/sql_postgres.hpp"

#include <pqxx/pqxx>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_map>

namespace clientela::store {

namespace {

using Snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// A row of a libpqxx result as read_event_row / read_state_row read it.
struct PgRow {
    const pqxx::row& r;
    std::string_view text(int i) const {
        const pqxx::field f = r[static_cast<pqxx::row::size_type>(i)];
        if (f.is_null()) return {};
        return {f.c_str(), f.size()};
    }
    std::int64_t int64(int i) const {
        const pqxx::field f = r[static_cast<pqxx::row::size_type>(i)];
        return f.is_null() ? 0 : std::strtoll(f.c_str(), nullptr, 10);
    }
    bool flag(int i) const {  // a boolean column
        const pqxx::field f = r[static_cast<pqxx::row::size_type>(i)];
        return !f.is_null() && f.c_str()[0] == 't';
    }
};

// A server-side cursor read in batches: a scan of millions of rows never arrives as one result.
class Scan {
public:
    Scan(Snapshot& tx, std::string name, const std::string& query, int batch = 20000)
        : tx_(tx), name_(std::move(name)), fetch_("FETCH FORWARD " + std::to_string(batch) + " FROM " + name_) {
        tx_.exec("DECLARE " + name_ + " NO SCROLL CURSOR FOR " + query);
    }
    // Moves to the next row; false at the end.
    bool step() {
        if (done_) return false;
        if (started_ && ++pos_ < rows_.size()) return true;
        rows_ = tx_.exec(fetch_);
        started_ = true;
        pos_ = 0;
        if (rows_.empty()) {
            done_ = true;
            return false;
        }
        return true;
    }
    pqxx::row row() const { return rows_[static_cast<pqxx::result::size_type>(pos_)]; }

private:
    Snapshot& tx_;
    std::string name_, fetch_;
    pqxx::result rows_;
    std::size_t pos_ = 0;
    bool started_ = false, done_ = false;
};

// ---- the triggers the migrations create ----

std::string upper_words(std::string s) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> words_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        std::size_t j = i;
        while (j < text.size() && !std::isspace(static_cast<unsigned char>(text[j]))) ++j;
        if (j > i) out.push_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

// "UPDATE OR DELETE" in one order whatever order the SQL named them.
std::string sorted_events(const std::vector<std::string>& names) {
    static const char* order[] = {"INSERT", "DELETE", "UPDATE", "TRUNCATE"};
    std::string out;
    for (const char* o : order) {
        if (std::find(names.begin(), names.end(), o) == names.end()) continue;
        if (!out.empty()) out += " OR ";
        out += o;
    }
    return out;
}

bool is_ledger_table(const std::string& t) {
    return t == "consent_events" || t == "consent_wordings" || t == "consent_evidence";
}

// CREATE [OR REPLACE] FUNCTION name(...) ... AS $$ body $$ of every migration, by name
// (a later migration's replacement wins).
std::map<std::string, std::string> migration_functions(const std::string& all) {
    std::map<std::string, std::string> out;
    const std::string upper = upper_words(all);
    for (std::size_t at = upper.find("FUNCTION "); at != std::string::npos; at = upper.find("FUNCTION ", at + 1)) {
        const std::size_t before = upper.rfind("CREATE", at);
        if (before == std::string::npos) continue;
        const std::string lead = upper.substr(before, at - before);
        if (lead != "CREATE " && lead != "CREATE OR REPLACE ") continue;
        std::size_t name_start = at + 9;
        std::size_t paren = all.find('(', name_start);
        if (paren == std::string::npos) continue;
        std::string name = all.substr(name_start, paren - name_start);
        if (name.rfind("public.", 0) == 0) name = name.substr(7);
        const std::size_t open = all.find("$$", paren);
        if (open == std::string::npos) continue;
        const std::size_t close = all.find("$$", open + 2);
        if (close == std::string::npos) continue;
        out[name] = all.substr(open + 2, close - open - 2);
    }
    return out;
}

std::vector<PgTriggerSpec> parse_expected() {
    std::string all;
    for (const auto& m : pg_migrations()) all += std::string(m.sql) + "\n";
    const auto functions = migration_functions(all);
    const std::string upper = upper_words(all);
    std::map<std::string, PgTriggerSpec> by_name;
    for (std::size_t at = upper.find("CREATE TRIGGER "); at != std::string::npos;
         at = upper.find("CREATE TRIGGER ", at + 1)) {
        const std::size_t end = all.find(';', at);
        const auto w = words_of(all.substr(at, end == std::string::npos ? std::string::npos : end - at));
        // CREATE TRIGGER name BEFORE|AFTER|INSTEAD OF ev [OR ev] ON table FOR EACH ROW|STATEMENT [WHEN (...)] EXECUTE FUNCTION f()
        if (w.size() < 10) continue;
        PgTriggerSpec t;
        t.name = w[2];
        std::size_t i = 3;
        t.timing = upper_words(w[i]);
        if (t.timing == "INSTEAD") {
            t.timing = "INSTEAD OF";
            ++i;
        }
        ++i;
        std::vector<std::string> events;
        while (i < w.size() && upper_words(w[i]) != "ON") {
            if (upper_words(w[i]) != "OR") events.push_back(upper_words(w[i]));
            ++i;
        }
        t.events = sorted_events(events);
        if (++i >= w.size()) continue;
        t.table = w[i];
        if (t.table.rfind("public.", 0) == 0) t.table = t.table.substr(7);
        for (std::size_t k = i; k < w.size(); ++k) {
            const std::string u = upper_words(w[k]);
            if (u == "ROW" || u == "STATEMENT") t.level = t.level.empty() ? u : t.level;
            if (u == "WHEN") t.has_when = true;
            if (u == "FUNCTION" && k + 1 < w.size()) {
                t.function = w[k + 1].substr(0, w[k + 1].find('('));
                if (t.function.rfind("public.", 0) == 0) t.function = t.function.substr(7);
            }
        }
        if (t.level.empty()) t.level = "STATEMENT";
        if (!is_ledger_table(t.table)) continue;
        const auto f = functions.find(t.function);
        if (f != functions.end()) t.function_body = f->second;
        by_name[t.name] = t;
    }
    std::vector<PgTriggerSpec> out;
    for (auto& [name, t] : by_name) out.push_back(std::move(t));
    return out;
}

struct ActualTrigger {
    std::string name, table, enabled, function, body, language;
    long long type = 0;
    bool has_when = false;
};

std::string timing_of(long long type) {
    if (type & 2) return "BEFORE";
    if (type & 64) return "INSTEAD OF";
    return "AFTER";
}

std::string events_of(long long type) {
    std::vector<std::string> names;
    if (type & 4) names.push_back("INSERT");
    if (type & 8) names.push_back("DELETE");
    if (type & 16) names.push_back("UPDATE");
    if (type & 32) names.push_back("TRUNCATE");
    return sorted_events(names);
}

std::vector<std::string> check_triggers(Snapshot& tx, std::size_t& checked) {
    std::vector<std::string> problems;
    const auto expected = expected_pg_ledger_triggers();
    std::vector<ActualTrigger> actual;
    for (const auto& r : tx.exec(
             "SELECT t.tgname, c.relname, t.tgenabled::text, p.proname, p.prosrc, t.tgtype::bigint, "
             "t.tgqual IS NOT NULL, l.lanname FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid "
             "JOIN pg_namespace AS n ON n.oid = c.relnamespace JOIN pg_proc AS p ON p.oid = t.tgfoid "
             "JOIN pg_language AS l ON l.oid = p.prolang WHERE NOT t.tgisinternal AND n.nspname = current_schema() "
             "AND c.relname IN ('consent_events', 'consent_wordings', 'consent_evidence') ORDER BY t.tgname")) {
        const PgRow row{r};
        ActualTrigger t;
        t.name = std::string(row.text(0));
        t.table = std::string(row.text(1));
        t.enabled = std::string(row.text(2));
        t.function = std::string(row.text(3));
        t.body = std::string(row.text(4));
        t.type = row.int64(5);
        t.has_when = row.flag(6);
        t.language = std::string(row.text(7));
        actual.push_back(std::move(t));
    }
    for (const auto& want : expected) {
        ++checked;
        const auto have = std::find_if(actual.begin(), actual.end(),
                                       [&](const ActualTrigger& t) { return t.name == want.name; });
        if (have == actual.end()) {
            problems.push_back("the trigger " + want.name + " that keeps " + want.table +
                               " append-only is missing: someone removed it with SQL");
            continue;
        }
        if (have->table != want.table || timing_of(have->type) != want.timing ||
            events_of(have->type) != want.events || ((have->type & 1) ? "ROW" : "STATEMENT") != want.level ||
            have->has_when != want.has_when || have->function != want.function) {
            problems.push_back("the trigger " + want.name + " on " + want.table +
                               " is not the program's: someone replaced it with SQL");
        } else if (have->body != want.function_body || have->language != "plpgsql") {
            problems.push_back("the function " + want.function + " behind the trigger " + want.name + " on " +
                               want.table + " is not the program's: someone replaced it with SQL");
        }
        if (have->enabled == "D") {
            problems.push_back("the trigger " + want.name + " that keeps " + want.table +
                               " append-only is disabled (ALTER TABLE " + want.table +
                               " DISABLE TRIGGER): it no longer refuses anything");
        } else if (have->enabled == "R") {
            problems.push_back("the trigger " + want.name + " that keeps " + want.table +
                               " append-only fires only in replica sessions (ENABLE REPLICA TRIGGER): the tills' "
                               "sessions are not guarded");
        } else if (have->enabled != "O" && have->enabled != "A") {
            problems.push_back("the trigger " + want.name + " on " + want.table + " is in an unknown state '" +
                               have->enabled + "'");
        }
    }
    for (const auto& have : actual) {
        const bool known = std::any_of(expected.begin(), expected.end(),
                                       [&](const PgTriggerSpec& t) { return t.name == have.name; });
        if (!known) problems.push_back("an unknown trigger " + have.name + " was added on " + have.table);
    }
    return problems;
}

// session_replication_role = replica silences every trigger in state 'O': in verify's own
// session (which inherits the database's and the role's defaults) and as a default set with
// ALTER DATABASE / ALTER ROLE ... SET for any till.
std::vector<std::string> check_replication_role(Snapshot& tx) {
    std::vector<std::string> problems;
    const std::string now = tx.exec("SELECT current_setting('session_replication_role')")[0][0].c_str();
    if (now != "origin") {
        problems.push_back("this session runs with session_replication_role = " + now +
                           ": the ledger's append-only triggers do not fire in it");
    }
    // In a savepoint: a server that hides pg_db_role_setting from this role must not abort the
    // snapshot the rest of verify reads.
    pqxx::result defaults;
    try {
        pqxx::subtransaction sub(tx, "role_defaults");
        defaults = sub.exec(
            "SELECT COALESCE(r.rolname, ''), s.cfg FROM pg_db_role_setting AS x "
             "LEFT JOIN pg_roles AS r ON r.oid = x.setrole, unnest(x.setconfig) AS s(cfg) "
             "WHERE (x.setdatabase = 0 OR x.setdatabase = (SELECT oid FROM pg_database WHERE datname = "
             "current_database())) AND s.cfg LIKE 'session_replication_role=%' AND "
            "s.cfg <> 'session_replication_role=origin' ORDER BY 1");
        sub.commit();
    } catch (const pqxx::sql_error& e) {
        problems.push_back(std::string("the defaults of session_replication_role cannot be read: ") + e.what());
    }
    for (const auto& r : defaults) {
        const PgRow row{r};
        const std::string role(row.text(0));
        problems.push_back(std::string(row.text(1)) + " is set by default for " +
                           (role.empty() ? std::string("every session of this database") : "the role " + role) +
                           " (ALTER ... SET): the ledger's append-only triggers do not fire in those sessions");
    }
    return problems;
}

// ---- wordings (the SQLite verify's rules and sentences) ----

Wordings read_wordings(Snapshot& tx, LedgerCheck& check) {
    Wordings wordings;
    for (const auto& r :
         tx.exec("SELECT id, name, version, language, text, text_hash FROM consent_wordings ORDER BY id")) {
        const PgRow row{r};
        ++check.wordings_checked;
        note_wording(wordings, row.int64(0), row.text(1), row.int64(2), row.text(3), row.text(4), row.text(5),
                     check.wording_problems);
    }
    return wordings;
}


// ---- the chain ----

// In seq order, each event with its consent_evidence row beside it (a LEFT JOIN on seq: a
// row moved to another seq or deleted shows as evidence missing from its event).
void check_chain(Snapshot& tx, Wordings& wordings, LedgerCheck& check) {
    ChainVerifier verifier;
    static const std::string columns = [] {
        std::string all = kEventColumnsNeutral;
        all = all.substr(0, all.rfind(", (SELECT"));
        return "e." + all;  // seq is in both tables
    }();
    Scan q(tx, "clientela_verify_chain",
           "SELECT " + columns + ", v.seq IS NOT NULL, v.text IS NULL, v.text FROM consent_events AS e "
           "LEFT JOIN consent_evidence AS v ON v.seq = e.seq ORDER BY e.seq");
    ConsentEvent e;
    while (verifier.ok() && q.step()) {
        const pqxx::row r = q.row();
        const PgRow row{r};
        EvidenceRow side;
        side.present = row.flag(19);
        side.erased = side.present && row.flag(20);
        side.text = row.text(21);
        try {
            read_event_row(row, e, side);
            verifier.feed(e);
            if (verifier.ok()) check_event_wording(e, wordings, check.wording_problems);
        } catch (const ValidationError& error) {
            const std::int64_t seq = row.int64(0);
            check.chain = verifier.result();
            check.chain.ok = false;
            check.chain.first_broken_seq = seq;
            check.chain.problem =
                "event " + std::to_string(seq) + " has a value that was never written by Clientela: " + error.what();
            return;
        }
    }
    check.chain = verifier.result();
}

// ---- the projection ----

bool same_state(const ConsentState& a, const ConsentState& b) {
    auto key = [](const ConsentState& s) {
        return std::tie(s.channel, s.purpose, s.status, s.basis, s.method, s.wording_id, s.point_hash, s.confirmed,
                        s.grant_seq, s.confirm_seq, s.withdraw_seq, s.expire_seq, s.last_seq, s.granted_at,
                        s.confirmed_at, s.withdrawn_at, s.expired_at, s.last_event_at);
    };
    return key(a) == key(b);
}

bool state_order(const ConsentState& a, const ConsentState& b) {
    return std::make_pair(to_string(a.channel), to_string(a.purpose)) <
           std::make_pair(to_string(b.channel), to_string(b.purpose));
}

// Folds each contact's events and compares them with the stored rows: two cursors sorted by
// contact (COLLATE "C": byte order, as std::string compares), merged.
void check_projection(Snapshot& tx, LedgerCheck& check) {
    auto mismatch = [&](const std::string& what) {
        ++check.state_mismatches;
        if (check.first_state_problem.empty()) check.first_state_problem = what;
    };
    Scan ev(tx, "clientela_verify_events",
            "SELECT seq, contact_uuid, point_hash, channel, purpose, action, method, basis, COALESCE(wording_id, 0), "
            "occurred_at FROM consent_events ORDER BY contact_uuid, seq");
    Scan st(tx, "clientela_verify_states",
            std::string("SELECT contact_uuid, ") + kStateColumns +
                " FROM consent_state ORDER BY contact_uuid, channel, purpose");
    bool st_more = st.step();
    auto state_contact = [&] { return std::string(PgRow{st.row()}.text(0)); };
    std::vector<ConsentState> folded;
    auto compare_contact = [&](const std::string& uuid) {
        std::sort(folded.begin(), folded.end(), state_order);
        while (st_more && state_contact() < uuid) {
            mismatch("projection has a row for contact " + state_contact() + " with no events");
            st_more = st.step();
        }
        std::vector<ConsentState> stored;
        bool unparsed = false;
        while (st_more && state_contact() == uuid) {
            const pqxx::row r = st.row();
            stored.emplace_back();
            try {
                read_state_row(PgRow{r}, 1, stored.back());
            } catch (const ValidationError& error) {
                // A tampered row: named once; the contact's other rows are not compared.
                mismatch("projection row for contact " + uuid + " has a value that was never written by Clientela: " +
                         error.what());
                unparsed = true;
            }
            st_more = st.step();
        }
        check.states_checked += folded.size();
        if (unparsed) return;
        if (stored.size() != folded.size()) {
            mismatch("contact " + uuid + ": projection has " + std::to_string(stored.size()) + " rows, ledger gives " +
                     std::to_string(folded.size()));
            return;
        }
        for (std::size_t i = 0; i < stored.size(); ++i) {
            if (!same_state(stored[i], folded[i])) {
                mismatch("contact " + uuid + ": projection for " + std::string(to_string(folded[i].channel)) + "/" +
                         std::string(to_string(folded[i].purpose)) + " differs from the ledger");
            }
        }
    };
    std::string current;
    ConsentEvent e;
    while (ev.step()) {
        const pqxx::row r = ev.row();
        const PgRow row{r};
        e.seq = row.int64(0);
        const std::string_view contact = row.text(1);
        e.point_hash.assign(row.text(2));
        e.channel = channel_from_string(row.text(3));
        e.purpose = purpose_from_string(row.text(4));
        e.action = consent_action_from_string(row.text(5));
        e.method = consent_method_from_string(row.text(6));
        e.basis = legal_basis_from_string(row.text(7));
        e.wording_id = row.int64(8);
        e.occurred_at = from_seconds(row.int64(9));
        if (contact != current) {
            if (!current.empty()) compare_contact(current);
            current.assign(contact);
            folded.clear();
        }
        auto it = std::find_if(folded.begin(), folded.end(),
                               [&](const ConsentState& s) { return s.channel == e.channel && s.purpose == e.purpose; });
        if (it == folded.end()) {
            folded.emplace_back();
            it = folded.end() - 1;
        }
        apply(*it, e);
    }
    if (!current.empty()) compare_contact(current);
    while (st_more) {
        mismatch("projection has a row for contact " + state_contact() + " with no events");
        st_more = st.step();
    }
}

LedgerCheck verify_on(pqxx::connection& conn) {
    LedgerCheck check;
    Parts parts;
    Snapshot tx(conn);
    {
        const PartTimer timer(parts, "triggers");
        try {
            check.schema_problems = check_triggers(tx, check.triggers_checked);
            const auto role = check_replication_role(tx);
            check.schema_problems.insert(check.schema_problems.end(), role.begin(), role.end());
        } catch (const pqxx::sql_error& e) {
            check.schema_problems.push_back(std::string("the ledger's triggers cannot be read: ") + e.what());
            check.part_seconds = std::move(parts);
            return check;  // the transaction is aborted: nothing else can be read in it
        }
    }
    bool unreadable = false;
    try {
        Wordings wordings;
        {
            const PartTimer timer(parts, "wordings");
            wordings = read_wordings(tx, check);
        }
        const PartTimer timer(parts, "chain");
        check_chain(tx, wordings, check);
    } catch (const pqxx::sql_error& error) {
        unreadable = true;
        check.chain.ok = false;
        if (check.chain.first_broken_seq == 0) {
            check.chain.first_broken_seq = static_cast<std::int64_t>(check.chain.events_checked) + 1;
        }
        check.chain.problem = std::string("the ledger cannot be read: ") + error.what();
    }
    if (!unreadable) {
        const PartTimer timer(parts, "projection");
        try {
            check_projection(tx, check);
        } catch (const std::exception& e) {
            ++check.state_mismatches;
            if (check.first_state_problem.empty()) {
                check.first_state_problem = std::string("projection check failed: ") + e.what();
            }
        }
    }
    check.part_seconds = std::move(parts);
    return check;
}

}  // namespace

std::vector<PgTriggerSpec> expected_pg_ledger_triggers() {
    static const std::vector<PgTriggerSpec> parsed = parse_expected();
    return parsed;
}

LedgerCheck verify_postgresql(Database& db, const VerifyOptions& options) {
    sql::PgConnection& pg = db.pg();
    LedgerCheck check = [&] {
        try {
            if (pg.in_transaction()) {
                pqxx::connection second(sql::with_connect_timeout(pg.uri()));
                return verify_on(second);
            }
            return verify_on(pg.raw());
        } catch (const pqxx::broken_connection& e) {
            throw StorageError("cannot reach the PostgreSQL database " + sql::printable_uri(pg.uri()) +
                               " to verify the ledger: " + e.what());
        }
    }();
    // No quick_check/integrity_check counterpart: the server keeps its own files (pg_amcheck
    // checks them, as a superuser on the server). Nothing was checked, nothing is claimed.
    check.integrity_applies = false;
    check.integrity_ok = true;
    check.integrity_problem.clear();
    check.whole_file_checked = false;
    (void)options;
    return check;
}

}  // namespace clientela::store
