// ledger_pg_bench: the consent ledger on SQLite beside PostgreSQL on the same machine (issue #19).
//   - appends per second (one event per write transaction, as a till records one consent)
//     from 1 connection and from 4 concurrent connections (threads, each its own Database);
//   - `ledger verify` time at N events (loaded in bulk: sealed in memory, then SQLite inserts
//     in one transaction / PostgreSQL COPY), on both engines.
// PostgreSQL: a throwaway server started by the bench (tests/servers/pg_cluster.sh through
// tests/support/pg_server.cpp), switched back to durable commits (fsync = on; the test
// server runs with fsync = off), so that both engines sync each commit (SQLite: WAL with
// synchronous = FULL). Prints a readable block, then "BENCH" lines; exit 1 when a check fails.
#include "bench_report.hpp"
#include "pg_server.hpp"

#include "core/consent.hpp"
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/ledger_rows.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"
#include "store/time_columns.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Transaction.h>
#include <pqxx/pqxx>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include <unistd.h>

namespace fs = std::filesystem;
using namespace clientela;
using namespace clientela::bench;

namespace {

const Timestamp kT0 = parse_timestamp("2026-01-10T10:00:00Z");

// Event i of a generated ledger: contacts take turns; each contact's events alternate grant
// (with evidence and the wording) and withdrawal.
ConsentEvent make_event(std::int64_t i, std::int64_t contacts, const ConsentWording& w, const std::string& secret,
                        const std::string& who) {
    const std::int64_t contact = i % contacts;
    const bool grant = (i / contacts) % 2 == 0;
    ConsentEvent e;
    e.event_uuid = new_uuid();
    e.contact_uuid = "c-" + std::to_string(contact);
    e.point_hash = point_hash("c" + std::to_string(contact) + "@example.es", secret);
    e.channel = Channel::email;
    e.purpose = Purpose::marketing;
    e.action = grant ? ConsentAction::grant : ConsentAction::withdraw;
    e.method = ConsentMethod::in_store_form;
    e.wording_id = grant ? w.id : 0;
    e.wording_hash = grant ? w.text_hash : "";
    e.evidence = grant ? "hoja " + std::to_string(i) : "";
    e.recorded_by = who;
    e.occurred_at = kT0 + std::chrono::seconds(i);
    e.recorded_at = e.occurred_at;
    return e;
}

ConsentWording add_wording(store::Database& db) {
    store::LedgerRepo ledger(db);
    db.identifier_secret();  // created now, not by the first of several tills at once
    auto tx = db.begin_write();
    auto w = ledger.add_wording("default", "es", "Acepto recibir ofertas por correo.", kT0);
    tx.commit();
    return w;
}

// Appends `total` events from `connections` threads, one write transaction each; events/s.
// A till told "busy" (SQLite: the writer's lock not had within busy_timeout, 5 s) tries again,
// as a person would: counted in `retries`.
double append_rate(const std::string& where, int connections, int total, const ConsentWording& w, bool& ok,
                   int& retries) {
    std::atomic<int> failures{0}, busy{0};
    std::vector<std::thread> threads;
    const Stopwatch clock;
    for (int t = 0; t < connections; ++t) {
        threads.emplace_back([&, t] {
            try {
                store::Database db(where);
                store::LedgerRepo ledger(db);
                const std::string secret = db.identifier_secret();
                for (int i = t; i < total; i += connections) {
                    // Each till its own customers, except every tenth event on a shared one.
                    const std::int64_t n = i % 10 == 0 ? 0 : i;
                    for (int attempt = 0;; ++attempt) {
                        try {
                            auto tx = db.begin_write();
                            ledger.append(make_event(n, 1000, w, secret, "till " + std::to_string(t)));
                            tx.commit();
                            break;
                        } catch (const std::exception& e) {
                            const std::string what = e.what();
                            const bool is_busy = what.find("locked") != std::string::npos ||
                                                 what.find("busy") != std::string::npos;
                            if (!is_busy || attempt >= 20) throw;
                            ++busy;
                        }
                    }
                }
            } catch (const std::exception& e) {
                ++failures;
                Report::progress(std::string("append failed: ") + e.what());
            }
        });
    }
    for (auto& t : threads) t.join();
    const double seconds = clock.seconds();
    if (failures > 0) ok = false;
    retries = busy;
    return total / seconds;
}

// A ledger of n sealed events and its projection, loaded in bulk.
void load_ledger(store::Database& db, std::int64_t n, const ConsentWording& w) {
    const std::string secret = db.identifier_secret();
    const std::int64_t contacts = std::max<std::int64_t>(1, n / 3);
    std::map<std::string, ConsentState> states;
    std::string prev(genesis_hash);
    auto next = [&](std::int64_t i) {
        ConsentEvent e = make_event(i, contacts, w, secret, "carga");
        e.format = current_consent_format;
        seal_event(e, i + 1, prev);
        prev = e.hash;
        apply(states[e.contact_uuid], e);
        return e;
    };
    if (!db.on_postgresql()) {
        SQLite::Transaction tx(db.sql());
        SQLite::Statement ev(db.sql(), store::kInsertEvent), evid(db.sql(), store::kInsertEvidence),
            st(db.sql(), store::kUpsertState);
        for (std::int64_t i = 0; i < n; ++i) {
            const ConsentEvent e = next(i);
            store::bind_event(ev, e);
            ev.exec();
            if (store::bind_evidence(evid, e)) evid.exec();
        }
        for (const auto& [uuid, s] : states) {
            store::bind_state(st, uuid, s);
            st.exec();
        }
        tx.commit();
        return;
    }
    // COPY through stream_to (rows as lists of text; a withdrawal has no wording, and its
    // NULL is the column left out of the second stream).
    // libpqxx 6.4's stream_to takes tuple-like rows: std::array.
    std::vector<std::array<std::string, 19>> grants;
    std::vector<std::array<std::string, 18>> withdrawals;
    std::vector<std::array<std::string, 2>> evidence;
    for (std::int64_t i = 0; i < n; ++i) {
        const ConsentEvent e = next(i);
        std::array<std::string, 19> row{std::to_string(e.seq), e.event_uuid, e.contact_uuid, e.point_hash,
                                     std::string(to_string(e.channel)), std::string(to_string(e.purpose)),
                                     std::string(to_string(e.action)), std::string(to_string(e.method)),
                                     std::string(to_string(e.basis)), e.wording_hash, "", e.recorded_by,
                                     std::to_string(store::to_seconds(e.occurred_at)),
                                     std::to_string(store::to_seconds(e.recorded_at)), e.prev_hash, e.hash,
                                     std::to_string(e.format), e.evidence_hash, std::to_string(e.wording_id)};
        if (e.wording_id != 0) {
            grants.push_back(std::move(row));
        } else {
            std::array<std::string, 18> without;
            std::move(row.begin(), row.begin() + 18, without.begin());
            withdrawals.push_back(std::move(without));
        }
        if (!e.evidence.empty()) evidence.push_back({std::to_string(e.seq), e.evidence});
    }
    std::vector<std::string> columns{"seq", "event_uuid", "contact_uuid", "point_hash", "channel", "purpose",
                                     "action", "method", "basis", "wording_hash", "evidence", "recorded_by",
                                     "occurred_at", "recorded_at", "prev_hash", "hash", "format_version",
                                     "evidence_hash"};
    pqxx::work tx(db.pg().raw());
    {
        pqxx::stream_to out(tx, "consent_events", columns);
        for (const auto& row : withdrawals) out << row;
        out.complete();
    }
    columns.push_back("wording_id");
    {
        pqxx::stream_to out(tx, "consent_events", columns);
        for (const auto& row : grants) out << row;
        out.complete();
    }
    {
        pqxx::stream_to out(tx, "consent_evidence", std::vector<std::string>{"seq", "text"});
        for (const auto& row : evidence) out << row;
        out.complete();
    }
    {
        pqxx::stream_to out(tx, "consent_state",
                            std::vector<std::string>{"contact_uuid", "channel", "purpose", "status", "basis", "method",
                                                     "wording_id", "point_hash", "confirmed", "grant_seq",
                                                     "confirm_seq", "withdraw_seq", "expire_seq", "last_seq",
                                                     "granted_at", "confirmed_at", "withdrawn_at", "expired_at",
                                                     "last_event_at"});
        for (const auto& [uuid, s] : states) {
            out << std::array<std::string, 19>{uuid, std::string(to_string(s.channel)), std::string(to_string(s.purpose)),
                                            std::string(to_string(s.status)), std::string(to_string(s.basis)),
                                            std::string(to_string(s.method)), std::to_string(s.wording_id),
                                            s.point_hash, s.confirmed ? "1" : "0", std::to_string(s.grant_seq),
                                            std::to_string(s.confirm_seq), std::to_string(s.withdraw_seq),
                                            std::to_string(s.expire_seq), std::to_string(s.last_seq),
                                            std::to_string(store::to_seconds(s.granted_at)),
                                            std::to_string(store::to_seconds(s.confirmed_at)),
                                            std::to_string(store::to_seconds(s.withdrawn_at)),
                                            std::to_string(store::to_seconds(s.expired_at)),
                                            std::to_string(store::to_seconds(s.last_event_at))};
        }
        out.complete();
    }
    tx.exec("ANALYZE consent_events; ANALYZE consent_evidence; ANALYZE consent_state");
    tx.commit();
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"ledger_pg_bench: consent ledger appends and verify, SQLite beside PostgreSQL"};
    int appends = 20000;
    std::int64_t verify_events = 200000;
    int verify_runs = 2;
    std::string engines = "sqlite,postgresql";
    app.add_option("--appends", appends, "events appended per measurement (one transaction each)");
    app.add_option("--verify-events", verify_events, "ledger size for the verify measurement (0: skip)");
    app.add_option("--verify-runs", verify_runs, "verify runs per engine (the best is reported)");
    app.add_option("--engines", engines, "sqlite,postgresql or one of them");
    app.allow_extras();  // installer/bench.sh passes every benchmark the same options
    CLI11_PARSE(app, argc, argv);

    Report report;
    bool ok = true;
    const auto dir = fs::temp_directory_path() / ("clientela-ledger-pg-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    try {
        std::vector<std::pair<std::string, std::string>> stores;  // name, kind
        if (engines.find("sqlite") != std::string::npos) stores.emplace_back("sqlite", "sqlite");
        if (engines.find("postgresql") != std::string::npos) stores.emplace_back("postgresql", "postgresql");
        bool durable = false;
        auto fresh = [&](const std::string& kind, const std::string& name) {
            if (kind == "sqlite") return (dir / (name + ".db")).string();
            const std::string uri = test::pg_database();
            if (!durable) {
                test::pg_psql("", "ALTER SYSTEM SET fsync = on");
                test::pg_psql("", "ALTER SYSTEM SET synchronous_commit = on");
                test::pg_psql("", "SELECT pg_reload_conf()");
                durable = true;
            }
            return uri;
        };
        for (const auto& [name, kind] : stores) {
            for (int connections : {1, 4}) {
                const std::string where = fresh(kind, "appends" + std::to_string(connections));
                ConsentWording w;
                {
                    store::Database db(where, store::Database::Initialise{});
                    w = add_wording(db);
                }
                Report::progress(name + ": " + std::to_string(appends) + " appends from " +
                                 std::to_string(connections) + " connection(s)");
                int retries = 0;
                const double rate = append_rate(where, connections, appends, w, ok, retries);
                store::Database db(where);
                store::LedgerRepo ledger(db);
                const auto check = ledger.verify();
                if (!check.ok() || ledger.event_count() != appends) {
                    ok = false;
                    Report::progress(name + ": after the appends: " + check.first_problem());
                }
                report.add(name + "_append_" + std::to_string(connections) + "conn", rate, "events/s",
                           name + ": appends per second from " + std::to_string(connections) + " connection(s)",
                           std::to_string(appends) + " events, one transaction each; chain verified after; " +
                               std::to_string(retries) + " busy retries");
            }
            if (verify_events > 0) {
                const std::string where = fresh(kind, "verify");
                {
                    store::Database db(where, store::Database::Initialise{});
                    const auto w = add_wording(db);
                    Report::progress(name + ": loading " + std::to_string(verify_events) + " events");
                    const Stopwatch load;
                    load_ledger(db, verify_events, w);
                    Report::progress(name + ": loaded in " + format_value(load.seconds()) + " s");
                }
                store::Database db(where);
                store::LedgerRepo ledger(db);
                double best = 1e30;
                for (int run = 0; run < verify_runs; ++run) {
                    const Stopwatch clock;
                    const auto check = ledger.verify();
                    const double s = clock.seconds();
                    best = std::min(best, s);
                    if (!check.ok() || check.chain.events_checked != static_cast<std::size_t>(verify_events)) {
                        ok = false;
                        Report::progress(name + ": verify: " + check.first_problem());
                    }
                    std::string parts;
                    for (const auto& [part, secs] : check.part_seconds) parts += " " + part + "=" + format_value(secs);
                    Report::progress(name + ": verify run " + std::to_string(run + 1) + ": " + format_value(s) +
                                     " s (" + parts + " )");
                }
                report.add(name + "_verify", best, "s", name + ": ledger verify at " + std::to_string(verify_events) + " events",
                           "best of " + std::to_string(verify_runs));
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "ledger_pg_bench: " << e.what() << "\n";
        ok = false;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    report.add("checks_ok", ok ? 1 : 0, "bool", "every chain verified after the runs");
    report.print("Consent ledger: SQLite beside PostgreSQL");
    return ok ? 0 : 1;
}
