#include "ledger_bench_phases.hpp"

#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/erasure.hpp"
#include "app/session.hpp"
#include "core/consent.hpp"
#include "core/errors.hpp"
#include "core/policy.hpp"
#include "core/sha256.hpp"
#include "store/erasure_repo.hpp"
#include "store/ledger_rows.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <thread>
#include <vector>

namespace clientela::bench {

namespace {

std::string ms_text(double seconds) {
    return format_value(seconds * 1000.0) + " ms";
}

// ---- audience ----

// bench_point_hash(value): the keyed hash the suppression list holds, so the hand-written
// query can check suppression the way the audience does (every valid point of the contact).
void sql_point_hash(sqlite3_context* ctx, int, sqlite3_value** argv) {
    const auto* secret = static_cast<const std::string*>(sqlite3_user_data(ctx));
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    if (text == nullptr) {
        sqlite3_result_null(ctx);
        return;
    }
    const std::string h =
        point_hash(std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(argv[0]))), *secret);
    sqlite3_result_text(ctx, h.data(), static_cast<int>(h.size()), SQLITE_TRANSIENT);
}

// Everyone build_audience includes for marketing by email at :at, as one query:
// a valid email, a current grant on a basis that counts for email marketing, confirmed if
// double opt-in applies, not past expiry, and no identifier of the contact suppressed.
// Expiry uses SQLite's UTC month arithmetic, which agrees with the policy's Madrid
// calendar only away from the boundary: the generator keeps every event 7 days from it.
constexpr const char* kAudienceSql = R"SQL(
SELECT c.id
FROM consent_state st
JOIN contacts c ON c.uuid = st.contact_uuid
WHERE st.purpose = 'marketing' AND st.channel = 'email' AND st.status = 'granted'
  AND st.basis IN ('consent', 'existing_customer')
  AND (:double_opt_in = 0 OR st.basis = 'existing_customer' OR st.confirmed = 1
       OR st.method NOT IN ('web_form', 'email_reply', 'import_attested'))
  AND (:months = 0 OR CAST(strftime('%s', MAX(st.granted_at, CASE WHEN st.confirmed = 1 THEN st.confirmed_at ELSE 0 END),
                                   'unixepoch', '+' || :months || ' months') AS INTEGER) > :at)
  AND EXISTS (SELECT 1 FROM contact_points p WHERE p.contact_id = c.id AND p.kind = 'email' AND p.is_valid = 1)
  AND NOT EXISTS (SELECT 1 FROM contact_points p CROSS JOIN suppressed_identifiers s
                  WHERE p.contact_id = c.id AND (p.is_valid = 1 OR p.kind = 'postal')
                    AND s.identifier_hash = bench_point_hash(COALESCE(p.normalized, p.raw_value)))
)SQL";

std::vector<std::int64_t> run_audience_sql(SQLite::Database& db, const PolicySettings& policy, Timestamp at) {
    SQLite::Statement q(db, kAudienceSql);
    q.bind(":double_opt_in", policy.double_opt_in_required ? 1 : 0);
    q.bind(":months", policy.expiry_months);
    q.bind(":at", static_cast<std::int64_t>(at.time_since_epoch().count()));
    std::vector<std::int64_t> ids;
    while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void explain_difference(const std::vector<std::int64_t>& app, const std::vector<std::int64_t>& sql) {
    std::vector<std::int64_t> only_app, only_sql;
    std::set_difference(app.begin(), app.end(), sql.begin(), sql.end(), std::back_inserter(only_app));
    std::set_difference(sql.begin(), sql.end(), app.begin(), app.end(), std::back_inserter(only_sql));
    std::cerr << "AUDIENCE MISMATCH: build_audience has " << app.size() << " contacts, the SQL query " << sql.size()
              << "; only in build_audience: " << only_app.size() << ", only in SQL: " << only_sql.size() << "\n";
    auto show = [](const char* what, const std::vector<std::int64_t>& v) {
        std::cerr << "  first ids only in " << what << ":";
        for (std::size_t i = 0; i < v.size() && i < 10; ++i) std::cerr << ' ' << v[i];
        std::cerr << '\n';
    };
    show("build_audience", only_app);
    show("SQL", only_sql);
}

// ---- verify ----

constexpr const char* kEventColumns =
    "seq, event_uuid, contact_uuid, point_hash, channel, purpose, action, method, basis, COALESCE(wording_id, 0), "
    "wording_hash, evidence, recorded_by, occurred_at, recorded_at, prev_hash, hash";
constexpr const char* kStateColumns =
    "contact_uuid, channel, purpose, status, basis, method, wording_id, point_hash, confirmed, grant_seq, confirm_seq, "
    "withdraw_seq, expire_seq, last_seq, granted_at, confirmed_at, withdrawn_at, expired_at, last_event_at";

// Seconds SQLite alone needs to step through a query (no row decoding), to tell the
// engine's share of verify from the C++ share.
double time_scan(SQLite::Database& db, const std::string& sql, std::int64_t& rows) {
    const Stopwatch sw;
    SQLite::Statement q(db, sql);
    rows = 0;
    while (q.executeStep()) ++rows;
    return sw.seconds();
}

// The hashing floor, measured beside each verify so that a slower or faster machine (or
// minute) does not hide progress: SHA-256 of what verify hashes for each event (a v2 event's
// evidence text, then its canonical serialisation and prev_hash), from memory on one thread,
// for the first events (up to 50 000, hashed four times over: little memory beside verify's).
class HashFloor {
public:
    explicit HashFloor(SQLite::Database& db) : db_(db) {}
    // Seconds per million events (0 with no events). The sample is read each time and freed
    // after, so that it does not add to the peak memory of the verify it is measured beside.
    double seconds_per_million() {
        std::vector<Hashed> sample;
        {
            store::RowCursor q(db_, std::string("SELECT ") + store::kEventColumns +
                                        " FROM consent_events ORDER BY seq LIMIT 50000");
            while (q.step()) {
                const ConsentEvent e = store::event_from_row(q);
                sample.push_back({e.format == 2 ? e.evidence : std::string(), canonical_serialisation(e), e.prev_hash});
            }
        }
        if (sample.empty()) return 0;
        std::size_t bytes = 0;
        for (const Hashed& h : sample) bytes += h.evidence.size() + h.serialised.size() + h.prev_hash.size();
        bytes_per_event_ = static_cast<double>(bytes) / static_cast<double>(sample.size());
        constexpr int kPasses = 4;
        char hex[Sha256::hex_size];
        const Stopwatch sw;
        for (int pass = 0; pass < kPasses; ++pass) {
            for (const Hashed& h : sample) {
                if (!h.evidence.empty()) {
                    hasher_.update(h.evidence);
                    hasher_.finish_hex(hex);
                }
                hasher_.update(h.serialised);
                hasher_.update(h.prev_hash);
                hasher_.finish_hex(hex);
            }
        }
        return sw.seconds() / static_cast<double>(sample.size() * kPasses) * 1e6;
    }

    // The bytes verify hashes per event on average, as the last call measured them.
    double bytes_per_event() const { return bytes_per_event_; }

private:
    struct Hashed {
        std::string evidence, serialised, prev_hash;
    };
    SQLite::Database& db_;
    Sha256 hasher_;
    double bytes_per_event_ = 0;
};

// The floor of verify on this machine at this minute: what both cores need only to read,
// through SQLite's API, every column that verify reads (the events with their evidence beside
// them, merged as verify merges them, and the projection's rows) and to hash as many bytes per
// event as verify hashes, with nothing parsed, serialised, folded or compared. Each of two
// threads on its own read-only connection takes half the events and half the projection
// (contact_uuid below '8': UUIDs are random). The wall clock is the slower thread's.
class TwoCoreFloor {
public:
    TwoCoreFloor(std::string path, double hashed_bytes_per_event)
        : path_(std::move(path)), hashed_bytes_(static_cast<std::size_t>(hashed_bytes_per_event)) {}

    struct Result {
        double seconds = 0;
        std::int64_t events = 0, states = 0;
    };
    Result measure() {
        std::int64_t head = 0;
        {
            SQLite::Database db(path_, SQLite::OPEN_READONLY);
            head = db.execAndGet("SELECT ifnull(max(seq), 0) FROM consent_events").getInt64();
        }
        Part parts[2];
        parts[0].where_events = " WHERE seq <= " + std::to_string(head / 2);
        parts[1].where_events = " WHERE seq > " + std::to_string(head / 2);
        parts[0].where_states = " WHERE contact_uuid < '8'";
        parts[1].where_states = " WHERE contact_uuid >= '8' OR contact_uuid IS NULL";
        const Stopwatch sw;
        std::thread other([&] { run(parts[1]); });
        run(parts[0]);
        other.join();
        Result r;
        r.seconds = sw.seconds();
        r.events = parts[0].events + parts[1].events;
        r.states = parts[0].states + parts[1].states;
        if (parts[0].sink + parts[1].sink == 42) std::cerr << ' ';  // keeps the reads from being optimised away
        return r;
    }

private:
    struct Part {
        std::string where_events, where_states;
        std::int64_t events = 0, states = 0;
        std::uint64_t sink = 0;
    };
    void run(Part& part) const {
        SQLite::Database db(path_, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
        static const int kIntColumns[] = {0, 9, 13, 14, 17};
        static const int kTextColumns[] = {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 15, 16, 18};
        store::RowCursor q(db, "SELECT " + store::event_own_columns() + " FROM consent_events" + part.where_events +
                                   " ORDER BY seq");
        store::RowCursor side(db, "SELECT seq, text FROM consent_evidence" + part.where_events + " ORDER BY seq");
        sqlite3_stmt* const row = q.row();
        sqlite3_stmt* const side_row = side.row();
        bool side_more = side.step();
        Sha256 hasher;
        char hex[Sha256::hex_size];
        std::string buffer;
        while (q.step()) {
            buffer.clear();
            std::int64_t ints = 0;
            for (const int c : kIntColumns) ints += sqlite3_column_int64(row, c);
            for (const int c : kTextColumns) buffer += store::column_text(row, c);
            const std::int64_t seq = sqlite3_column_int64(row, 0);
            while (side_more && sqlite3_column_int64(side_row, 0) < seq) side_more = side.step();
            if (side_more && sqlite3_column_int64(side_row, 0) == seq) buffer += store::column_text(side_row, 1);
            buffer.resize(std::max(buffer.size(), hashed_bytes_), static_cast<char>(ints));
            hasher.update(std::string_view(buffer.data(), hashed_bytes_));
            hasher.finish_hex(hex);
            part.sink += static_cast<unsigned char>(hex[0]);
            ++part.events;
        }
        store::RowCursor st(db, std::string("SELECT ") + kStateColumns + " FROM consent_state" + part.where_states);
        sqlite3_stmt* const state = st.row();
        while (st.step()) {
            for (int c = 0; c < 6; ++c) part.sink += store::column_text(state, c).size();
            part.sink += store::column_text(state, 7).size();
            for (int c = 6; c < 19; ++c) {
                if (c != 7) part.sink += static_cast<std::uint64_t>(sqlite3_column_int64(state, c));
            }
            ++part.states;
        }
    }

    std::string path_;
    std::size_t hashed_bytes_;
};

double median_of(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

bool run_audience_phase(const AudiencePhase& p, Report& report) {
    app::Session session(p.db_path);
    const PolicySettings policy = session.policy_settings();
    const std::string secret = session.database().identifier_secret();
    session.database().sql().createFunction("bench_point_hash", 1, true, const_cast<std::string*>(&secret),
                                            sql_point_hash);
    app::AudienceRequest request;
    request.purpose = Purpose::marketing;
    request.channel = Channel::email;
    request.at = p.at;

    bool same = true;
    double app_s = 0, sql_s = 0;
    for (int run = 1; run <= p.runs; ++run) {
        std::vector<std::int64_t> app_ids;
        std::size_t excluded = 0;
        {
            Stopwatch sw;
            const app::Audience audience = app::build_audience(session, request);
            app_s = sw.seconds();
            for (const auto& m : audience.included) {
                if (m.channel != Channel::email)
                    throw Error("bench: an email audience member was put on another channel");
                app_ids.push_back(m.contact.id);
            }
            excluded = audience.excluded.size();
            if (run == 1) report.add("audience_peak_rss", peak_rss_mib(), "MiB", "peak RSS after build_audience");
        }
        std::sort(app_ids.begin(), app_ids.end());
        Stopwatch sw;
        const std::vector<std::int64_t> sql_ids = run_audience_sql(session.database().sql(), policy, p.at);
        sql_s = sw.seconds();
        const bool equal = app_ids == sql_ids;
        if (!equal) explain_difference(app_ids, sql_ids);
        same = same && equal;
        Report::progress("audience run " + std::to_string(run) + ": build_audience " + ms_text(app_s) + ", SQL " +
                         ms_text(sql_s) + ", ratio " + format_value(app_s / sql_s) + "x, included " +
                         std::to_string(app_ids.size()) + ", excluded " + std::to_string(excluded) +
                         (equal ? ", same set" : ", DIFFERENT SETS"));
        const std::string suffix = run == 1 ? "_first" : run == p.runs ? "_warm" : "_run" + std::to_string(run);
        const std::string label = run == 1 ? " (first run)" : " (warm)";
        report.add("audience_build_ms" + suffix, app_s * 1000, "ms",
                   "audience marketing/email, build_audience" + label);
        report.add("audience_sql_ms" + suffix, sql_s * 1000, "ms", "audience marketing/email, one SQL query" + label);
        report.add("audience_ratio" + suffix, app_s / sql_s, "x", "audience ratio build_audience / SQL" + label,
                   "goal <= 2");
        if (run == p.runs) {
            report.add("audience_included", static_cast<double>(app_ids.size()), "contacts", "audience included");
            report.add("audience_excluded", static_cast<double>(excluded), "contacts",
                       "audience excluded (with reasons)");
        }
    }
    report.add("audience_same_set", same ? 1 : 0, "bool", "audience equals SQL set (asserted)");
    return same;
}

bool run_verify_phase(const VerifyPhase& p, Report& report) {
    app::Session session(p.db_path);
    auto& ledger = session.ledger();
    auto& db = session.database().sql();
    bool ok = true;
    double verify_s = 0;
    std::size_t events = 0;
    std::vector<double> warm;
    HashFloor floor(db);
    std::vector<double> hash_per_million, warm_ratios;  // each run's hashing floor, and the warm runs' ratio
    std::vector<double> floor_per_million, floor_ratios;  // each run's two-core floor, and the warm runs' ratio
    for (int run = 1; run <= p.runs; ++run) {
        Stopwatch sw;
        const std::clock_t cpu_start = std::clock();
        const store::LedgerCheck check = ledger.verify();
        verify_s = sw.seconds();
        // Both threads' CPU: on a machine shared with other work the wall clock varies more.
        const double cpu_s = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        hash_per_million.push_back(floor.seconds_per_million());
        if (run > 1 && hash_per_million.back() > 0 && check.chain.events_checked > 0) {
            warm_ratios.push_back(verify_s / (static_cast<double>(check.chain.events_checked) / 1e6) /
                                  hash_per_million.back());
        }
        if (p.two_core_floor && check.chain.events_checked > 0) {
            const TwoCoreFloor::Result f = TwoCoreFloor(p.db_path, floor.bytes_per_event()).measure();
            const double millions_read = static_cast<double>(f.events) / 1e6;
            floor_per_million.push_back(f.seconds / millions_read);
            Report::progress("  two-core floor after run " + std::to_string(run) + ": " + format_value(f.seconds) +
                             " s (" + std::to_string(f.events) + " events, " + std::to_string(f.states) +
                             " projection rows, " + format_value(floor.bytes_per_event()) + " bytes hashed per event)");
            if (run > 1) floor_ratios.push_back(verify_s / f.seconds);
        }
        events = check.chain.events_checked;
        if (!check.ok()) {
            ok = false;
            std::cerr << "LEDGER DOES NOT VERIFY: chain " << (check.chain.ok ? "ok" : check.chain.problem) << "; file "
                      << (check.integrity_ok ? "ok" : check.integrity_problem) << "; projection mismatches "
                      << check.state_mismatches << " " << check.first_state_problem << "\n";
        }
        std::string split;
        for (const auto& [part, seconds] : check.part_seconds) {
            split += (split.empty() ? "" : ", ") + part + " " + format_value(seconds);
        }
        Report::progress("verify run " + std::to_string(run) + ": " + format_value(verify_s) + " s for " +
                         std::to_string(events) + " events, " + std::to_string(check.states_checked) + " states, " +
                         format_value(cpu_s) + " s CPU" +
                         (check.ok() ? ", ok" : ", FAILED") + " (" + split + ")");
        const std::string suffix = run == 1 ? "_first" : p.runs == 2 ? "_warm" : "_warm" + std::to_string(run - 1);
        const std::string label = run == 1 ? " (first run)" : " (warm)";
        report.add("verify_s" + suffix, verify_s, "s", "LedgerRepo::verify, whole ledger" + label);
        report.add("verify_cpu_s" + suffix, cpu_s, "s", "  CPU time of both threads" + label);
        if (run > 1) warm.push_back(verify_s);
        // The split of the last run: each part's wall-clock seconds (the chain's and the
        // projection's connections run at the same time, so the parts add up to more).
        if (run == p.runs) {
            for (const auto& [part, seconds] : check.part_seconds) {
                std::string key = part;
                for (char& c : key) {
                    if (c == ' ') c = '_';
                }
                report.add("verify_part_" + key + "_s", seconds, "s", "  verify part: " + part);
            }
        }
    }
    const double millions = static_cast<double>(events) / 1e6;
    std::sort(warm.begin(), warm.end());
    const double median = warm.empty() ? verify_s : warm[warm.size() / 2];
    report.add("verify_events", static_cast<double>(events), "events", "events in the ledger");
    report.add("verify_s_per_million", millions > 0 ? median / millions : 0, "s",
               "verify per 1 000 000 events (median of the warm runs)", "goal <= 1.5");
    report.add("verify_ok", ok ? 1 : 0, "bool", "ledger verifies (asserted)");
    report.add("hash_s_per_million", median_of(hash_per_million), "s",
               "  SHA-256 of what verify hashes per 1 000 000 events, one thread, after each run (median)");
    // How far above hashing verify is, whatever the machine's speed at the time: for comparing
    // rounds measured on a faster or slower machine (no goal of its own).
    report.add("verify_to_hash_ratio", median_of(warm_ratios), "x",
               "verify per million / hashing per million, each warm run with the floor measured after it (median)");
    if (!floor_per_million.empty()) {
        report.add("floor_s_per_million", median_of(floor_per_million), "s",
                   "  two-core floor per 1 000 000 events: SQLite reading what verify reads and SHA-256 of as many "
                   "bytes, on both cores, nothing checked (median)");
        report.add("verify_to_floor_ratio", median_of(floor_ratios), "x",
                   "verify / the two-core floor, each warm run with the floor measured after it (median)");
    }
    if (!p.extras) return ok;

    // Where the time goes: SQLite's quick_check, the chain alone, and bare scans.
    {
        Stopwatch sw;
        SQLite::Statement qc(db, "PRAGMA quick_check");
        while (qc.executeStep()) {
        }
        report.add("verify_part_quick_check_s", sw.seconds(), "s", "  part: PRAGMA quick_check");
    }
    {
        Stopwatch sw;
        ChainVerifier chain;
        ledger.for_each_event([&](const ConsentEvent& e) { chain.feed(e); });
        const double s = sw.seconds();
        if (!chain.ok()) {
            ok = false;
            std::cerr << "CHAIN DOES NOT VERIFY: " << chain.result().problem << "\n";
        }
        report.add("verify_part_chain_s", s, "s", "  part: chain only (ChainVerifier over for_each_event)");
        report.add("verify_chain_s_per_million", millions > 0 ? s / millions : 0, "s",
                   "  chain only per 1 000 000 events");
    }
    std::int64_t rows = 0;
    report.add("scan_events_by_seq_s",
               time_scan(db, std::string("SELECT ") + kEventColumns + " FROM consent_events ORDER BY seq", rows), "s",
               "  bare scan: events ORDER BY seq");
    report.add(
        "scan_events_by_contact_s",
        time_scan(db, std::string("SELECT ") + kEventColumns + " FROM consent_events ORDER BY contact_uuid, seq", rows),
        "s", "  bare scan: events ORDER BY contact_uuid, seq");
    report.add(
        "scan_states_s",
        time_scan(
            db, std::string("SELECT ") + kStateColumns + " FROM consent_state ORDER BY contact_uuid, channel, purpose",
            rows),
        "s", "  bare scan: consent_state in key order");
    return ok;
}

bool run_append_phase(const AppendPhase& p, Report& report) {
    namespace fs = std::filesystem;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(p.db_path + suffix);
    app::Session session(p.db_path);
    ShopSettings settings = session.settings();
    settings.shop_name = "Ferretería Núñez S.L.";
    settings.staff = {"Ana"};
    session.save_settings(settings);
    const std::string journal = session.database().sql().execAndGet("PRAGMA journal_mode").getString();
    const int synchronous = session.database().sql().execAndGet("PRAGMA synchronous").getInt();
    if (journal != "wal" || synchronous != 2) {
        throw Error("bench: the app's database is not WAL + synchronous=FULL (journal_mode=" + journal +
                    ", synchronous=" + std::to_string(synchronous) + ")");
    }

    std::vector<std::string> uuids;
    for (int i = 0; i < p.contacts; ++i) {
        app::NewContact c;
        c.name = "Cliente " + std::to_string(i + 1);
        c.phones = {"6" + std::to_string(10000000 + i * 37)};
        c.emails = {"cliente" + std::to_string(i + 1) + "@example.es"};
        uuids.push_back(session.add_contact(c).contact.uuid);
    }
    const std::int64_t wording =
        app::add_wording(session, "Acepto recibir ofertas de Ferretería Núñez por email o SMS.", "es", "default")
            .wording.id;

    // grant -> confirm -> withdraw, round after round, over every contact and two channels.
    std::vector<double> latency;
    latency.reserve(static_cast<std::size_t>(p.events));
    const Stopwatch total;
    for (int n = 0; n < p.events; ++n) {
        const int contact = n % p.contacts;
        const int round = n / p.contacts;
        app::ConsentRequest r;
        r.contact_ref = uuids[static_cast<std::size_t>(contact)];
        r.channel = contact % 2 == 0 ? Channel::email : Channel::sms;
        r.purpose = Purpose::marketing;
        r.action = round % 3 == 0   ? ConsentAction::grant
                   : round % 3 == 1 ? ConsentAction::confirm
                                    : ConsentAction::withdraw;
        r.method = ConsentMethod::web_form;
        r.wording_id = r.action == ConsentAction::grant ? wording : 0;
        r.recorded_by = "Ana";
        const Stopwatch one;
        app::record_consent(session, r);
        latency.push_back(one.seconds());
    }
    const double seconds = total.seconds();
    const std::int64_t stored = session.ledger().event_count();
    const bool ok = stored == p.events && session.ledger().verify().ok();
    if (!ok) std::cerr << "APPEND CHECK FAILED: " << stored << " events stored of " << p.events << "\n";
    std::sort(latency.begin(), latency.end());
    auto pct = [&](double q) { return latency[static_cast<std::size_t>(q * static_cast<double>(latency.size() - 1))]; };
    Report::progress("append: " + std::to_string(p.events) + " events in " + format_value(seconds) + " s");
    report.add("append_events_per_s", p.events / seconds, "events/s",
               "append via record_consent, 1 tx/event, WAL+FULL");
    report.add("append_latency_p50_ms", pct(0.5) * 1000, "ms", "  append latency p50");
    report.add("append_latency_p99_ms", pct(0.99) * 1000, "ms", "  append latency p99");
    report.add("append_events", p.events, "events", "  appended events (verified after)");
    return ok;
}

bool run_erase_phase(const ErasePhase& p, Report& report) {
    namespace fs = std::filesystem;
    double vacuum_seconds = 0;
    const double size_before = static_cast<double>(fs::file_size(p.db_path)) / 1048576.0;
    {
        store::Database db(p.db_path);
        const Stopwatch watch;
        db.sql().exec("VACUUM");
        db.sql().execAndGet("PRAGMA wal_checkpoint(TRUNCATE)");
        vacuum_seconds = watch.seconds();
    }
    Report::progress("erase: VACUUM of " + format_value(size_before) + " MiB in " + format_value(vacuum_seconds) +
                     " s");

    app::Session session(p.db_path);
    auto& db = session.database();
    const std::int64_t contacts = db.sql().execAndGet("SELECT count(*) FROM contacts").getInt64();
    std::vector<std::string> uuids;
    {
        SQLite::Statement q(db.sql(), "SELECT uuid FROM contacts ORDER BY id LIMIT ? OFFSET ?");
        q.bind(1, p.erasures);
        q.bind(2, contacts / 2);
        while (q.executeStep()) uuids.push_back(q.getColumn(0).getString());
    }
    bool ok = static_cast<int>(uuids.size()) == p.erasures;
    std::vector<double> seconds;
    for (const auto& uuid : uuids) {
        const Stopwatch watch;
        const auto r = app::erase_contact(session, uuid);
        seconds.push_back(watch.seconds());
        ok = ok && r.contact_uuid == uuid && r.wal_emptied;
    }
    // The merge alone, after one search row is deleted (rolled back: the data set stays whole;
    // with nothing deleted since the last merge 'optimize' has nothing to do).
    double optimize_seconds = 0;
    {
        auto tx = db.begin_write();
        db.sql().exec("DELETE FROM contact_search WHERE rowid = (SELECT max(rowid) FROM contact_search)");
        const Stopwatch watch;
        store::merge_search_index(db);
        optimize_seconds = watch.seconds();
    }
    ok = ok && db.sql().execAndGet("SELECT count(*) FROM contacts").getInt64() == contacts - p.erasures;
    if (!ok) std::cerr << "ERASE CHECK FAILED\n";
    const double size_after = static_cast<double>(fs::file_size(p.db_path)) / 1048576.0;
    Report::progress("erase: " + std::to_string(seconds.size()) + " customers erased");
    report.add("vacuum_s", vacuum_seconds, "s",
               "VACUUM of the whole file (run once at the upgrade to ledger format 2)");
    report.add("vacuum_db_size", size_before, "MiB", "  database file before it");
    if (!seconds.empty()) {
        report.add("erase_first_s", seconds.front(), "s", "erase one customer (FTS5 optimize + WAL truncate included)");
        const double rest = seconds.size() > 1 ? std::accumulate(seconds.begin() + 1, seconds.end(), 0.0) /
                                                     static_cast<double>(seconds.size() - 1)
                                               : seconds.front();
        report.add("erase_next_s", rest, "s", "  each further erase (mean)");
    }
    report.add("fts_optimize_s", optimize_seconds, "s", "  FTS5 'optimize' alone, after one search row deleted");
    report.add("erase_db_size", size_after, "MiB", "  database file after the erasures");
    return ok;
}

}  // namespace clientela::bench
