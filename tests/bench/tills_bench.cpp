// tills_bench: several tills, SQLite beside PostgreSQL on the same machine (issue #19).
//   audience: the audience decision the CLI's `audience` command makes (app::build_audience,
//     marketing on each customer's preferred channels) on ledger_bench's generated shop
//     (default 1 000 000 customers, 3 000 000 consent events) in its SQLite file and, copied
//     with `copy-to` (app::copy_to_postgresql), in a PostgreSQL database; each run in a child
//     process of its own (time, counts, that process's peak memory); both engines must give
//     the same decisions (counts per channel and a digest of every decision).
//   verify (asked for with --phases): `ledger verify` of that shop on each engine.
//   append: consent grants and withdrawals recorded by 1 and by 4 till processes at once, each
//     with its own connection, through app::record_consent (one write transaction per event,
//     as at the counter); afterwards every event must be there and the chain must verify.
// PostgreSQL: a server the bench starts itself with tests/servers/pg_cluster.sh in DIR-pg
// (kept with --keep, reused with --reuse), switched to durable commits (fsync = on,
// synchronous_commit = on; the tests' server runs with fsync = off), so that both engines
// sync each commit (SQLite: WAL with synchronous = FULL).
// Prints a readable block, then "BENCH" lines; exit 1 when a check fails.
#include "bench_report.hpp"
#include "ledger_bench_data.hpp"

#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/initialise.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "store/database.hpp"
#include "store/ledger_repository.hpp"

#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

namespace fs = std::filesystem;
using namespace clientela;
using namespace clientela::bench;

namespace {

struct Options {
    std::int64_t contacts = 1000000;
    std::string db_dir;
    bool keep = false;
    bool reuse = false;
    std::string phases = "audience,append";
    std::string engines = "sqlite,postgresql";
    int runs = 3;
    int appends = 2000;
};

bool wants(const std::string& list, const std::string& item) {
    return ("," + list + ",").find("," + item + ",") != std::string::npos;
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        if (c == '\'') q += "'\\''";
        else q.push_back(c);
    }
    return q + "'";
}

std::string run_capture(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"), ::pclose);
    if (!pipe) throw Error("bench: cannot run " + command);
    std::string out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0) out.append(buf.data(), n);
    if (::pclose(pipe.release()) != 0) throw Error("bench: failed: " + command + "\n" + out);
    return out;
}

// Runs fn in a child process and waits; the child writes its figures to `out` (a meta file).
// The parent holds no database connection across the fork.
template <class Fn>
Meta in_child(const std::string& out, Fn&& fn) {
    std::cout.flush();
    std::cerr.flush();
    fs::remove(out);
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("bench: fork failed");
    if (pid == 0) {
        int code = 0;
        try {
            Meta m = fn();
            m["peak_rss_mib"] = num(peak_rss_mib());
            write_meta(out, m);
        } catch (const std::exception& e) {
            std::cerr << "tills_bench (child): " << e.what() << std::endl;
            code = 2;
        }
        std::cout.flush();
        std::cerr.flush();
        ::_exit(code);
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error("bench: a child process failed (see above)");
    }
    return read_meta(out);
}

// The bench's own PostgreSQL 15 server (tests/servers/pg_cluster.sh), stopped on exit.
class PgServer {
public:
    explicit PgServer(std::string dir) : dir_(std::move(dir)) {
        port_ = run_capture("bash " + quote(script()) + " start " + quote(dir_));
        while (!port_.empty() && (port_.back() == '\n' || port_.back() == ' ')) port_.pop_back();
        const auto nl = port_.rfind('\n');
        if (nl != std::string::npos) port_ = port_.substr(nl + 1);
        // Durable commits, as SQLite's synchronous = FULL (pg_cluster.sh starts with fsync = off).
        psql("postgres", "ALTER SYSTEM SET fsync = on");
        psql("postgres", "ALTER SYSTEM SET synchronous_commit = on");
        psql("postgres", "SELECT pg_reload_conf()");
    }
    ~PgServer() {
        std::system(("bash " + quote(script()) + " stop " + quote(dir_) + " >/dev/null 2>&1").c_str());
    }
    std::string psql(const std::string& database, const std::string& sql) const {
        return run_capture("psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p " + port_ +
                           " -U postgres -d " + quote(database) + " -c " + quote(sql));
    }
    std::string uri(const std::string& database) const {
        return "postgresql://postgres@127.0.0.1:" + port_ + "/" + database;
    }
    void fresh_database(const std::string& name) const {
        psql("postgres", "DROP DATABASE IF EXISTS " + name);
        psql("postgres", "CREATE DATABASE " + name);
    }
    bool has_database(const std::string& name) const {
        return psql("postgres", "SELECT count(*) FROM pg_database WHERE datname = '" + name + "'").rfind("1", 0) == 0;
    }

private:
    static std::string script() { return std::string(CLIENTELA_SOURCE_DIR) + "/tests/servers/pg_cluster.sh"; }
    std::string dir_;
    std::string port_;
};

// ---- audience ----

std::uint64_t fnv(std::uint64_t h, const std::string& s) {
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h ^ 0xff;
}

// One audience decision, as `clientela-cli audience --purpose marketing --at T` makes it.
Meta decide_audience(const std::string& where, Timestamp at) {
    app::Session session(where);
    app::AudienceRequest request;
    request.purpose = Purpose::marketing;
    request.at = at;
    const Stopwatch clock;
    const app::Audience a = app::build_audience(session, request);
    const double seconds = clock.seconds();
    Meta m;
    m["seconds"] = num(seconds);
    m["included"] = std::to_string(a.included.size());
    m["excluded"] = std::to_string(a.excluded.size());
    std::map<std::string, std::int64_t> channels;
    std::uint64_t digest = 1469598103934665603ull;
    for (const auto& x : a.included) {
        ++channels[std::string(to_string(x.channel))];
        digest = fnv(digest, x.contact.uuid + "+" + std::string(to_string(x.channel)) + "#" +
                                 std::to_string(x.authorising_seq) + x.contact.email + x.contact.mobile);
    }
    for (const auto& x : a.excluded) {
        std::string why = x.contact.uuid + "-";
        for (const auto& [ch, d] : x.tried) {
            why += std::string(to_string(ch)) + ":";
            for (auto r : d.reasons) why += std::string(to_string(r)) + ",";
        }
        digest = fnv(digest, why);
    }
    for (const auto& [ch, n] : channels) m["channel_" + ch] = std::to_string(n);
    m["digest"] = std::to_string(digest);
    return m;
}

struct Runs {
    std::vector<double> seconds, peak_mib;
    Meta last;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}
std::string range_text(const std::vector<double>& v) {
    if (v.empty()) return "";
    return format_value(*std::min_element(v.begin(), v.end())) + "-" +
           format_value(*std::max_element(v.begin(), v.end()));
}

// Counts and digest, without the timing and memory, for comparing two decisions.
Meta decisions(Meta m) {
    m.erase("seconds");
    m.erase("peak_rss_mib");
    return m;
}

bool run_audience(const Options& o, const std::string& dir, PgServer* pg, Report& report) {
    bool ok = true;
    const std::string db_path = dir + "/ledger_bench.db";
    const std::string meta_path = dir + "/ledger_bench.meta";
    Meta meta;
    if (o.reuse && fs::exists(db_path) && fs::exists(meta_path)) {
        meta = read_meta(meta_path);
        if (meta["contacts_requested"] != std::to_string(o.contacts)) meta.clear();
    }
    if (meta.empty()) {
        for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db_path + suffix);
        LedgerDataOptions g;
        g.db_path = db_path;
        g.contacts = o.contacts;
        g.reference = now_utc();
        Report::progress("generating " + std::to_string(o.contacts) + " customers and " +
                         std::to_string(o.contacts * 3) + " consent events (ledger_bench's data set) ...");
        const Stopwatch clock;
        in_child(meta_path + ".tmp", [&] {
            const LedgerDataReport r = generate_ledger_data(g);
            return Meta{{"contacts", std::to_string(r.contacts)}, {"events", std::to_string(r.events)}};
        });
        const Meta made = read_meta(meta_path + ".tmp");
        meta = {{"reference", std::to_string(g.reference.time_since_epoch().count())},
                {"contacts_requested", std::to_string(o.contacts)},
                {"events_per_contact", "3"},
                {"seed", std::to_string(g.seed)},
                {"expiry_months", std::to_string(g.expiry_months)},
                {"contacts", made.at("contacts")},
                {"events", made.at("events")},
                {"total_seconds", num(clock.seconds())}};
        write_meta(meta_path, meta);
        fs::remove(dir + "/pg.meta");  // a new shop: the PostgreSQL copy is stale
    }
    const Timestamp at{std::chrono::seconds{std::stoll(meta["reference"])}};
    report.add("audience_contacts", meta_num(meta, "contacts"), "contacts", "customers in the shop");
    report.add("audience_events", meta_num(meta, "events"), "events", "consent events in the ledger");

    std::vector<std::pair<std::string, std::string>> stores;
    if (wants(o.engines, "sqlite")) stores.emplace_back("sqlite", db_path);
    if (pg != nullptr) {
        const std::string pg_meta_path = dir + "/pg.meta";
        const Meta pg_meta = read_meta(pg_meta_path);
        if (!(o.reuse && pg->has_database("shop") && pg_meta.count("copied") &&
              pg_meta.at("copied") == meta["reference"])) {
            pg->fresh_database("shop");
            Report::progress("copy-to: the SQLite shop into PostgreSQL ...");
            const Stopwatch clock;
            in_child(dir + "/copy.result", [&] {
                const auto r = app::copy_to_postgresql(db_path, pg->uri("shop"), {},
                                                       [](const std::string& table, std::int64_t rows) {
                    Report::progress("  " + table + ": " + std::to_string(rows) + " rows");
                });
                return Meta{{"ledger_seq", std::to_string(r.ledger_seq)}};
            });
            pg->psql("shop", "VACUUM ANALYZE");
            write_meta(pg_meta_path, {{"copied", meta["reference"]}, {"copy_seconds", num(clock.seconds())}});
            Report::progress("copy-to took " + format_value(clock.seconds()) + " s");
        }
        report.add("audience_copy_to_s", meta_num(read_meta(pg_meta_path), "copy_seconds"), "s",
                   "copy-to of the shop into PostgreSQL (once; then VACUUM ANALYZE)");
        stores.emplace_back("postgresql", pg->uri("shop"));
    }

    if (wants(o.phases, "verify")) {
        // `ledger verify` of the same shop on each engine (LedgerRepository::verify, as the CLI).
        std::map<std::string, Runs> verify;
        for (int run = 1; run <= o.runs; ++run) {
            for (const auto& [name, where] : stores) {
                const Meta m = in_child(dir + "/verify.result", [&, w = where] {
                    app::Session session(w);
                    const Stopwatch clock;
                    const auto check = session.ledger().verify();
                    return Meta{{"seconds", num(clock.seconds())},
                                {"events", std::to_string(check.chain.events_checked)},
                                {"ok", check.ok() ? "1" : "0"},
                                {"problem", check.ok() ? "" : check.first_problem()}};
                });
                Runs& r = verify[name];
                r.seconds.push_back(meta_num(m, "seconds"));
                r.peak_mib.push_back(meta_num(m, "peak_rss_mib"));
                r.last = m;
                if (m.at("ok") != "1" || m.at("events") != meta["events"]) {
                    ok = false;
                    Report::progress(name + ": verify FAILED: " + m.at("problem"));
                }
                Report::progress(name + ": ledger verify run " + std::to_string(run) + ": " +
                                 format_value(r.seconds.back()) + " s, " + m.at("events") + " events, peak " +
                                 format_value(r.peak_mib.back()) + " MiB");
            }
        }
        for (const auto& [name, r] : verify) {
            report.add(name + "_verify_s", median(r.seconds), "s",
                       name + ": ledger verify, median of " + std::to_string(o.runs),
                       "range " + range_text(r.seconds) + " s");
            report.add(name + "_verify_peak_rss", median(r.peak_mib), "MiB", name + ": peak memory of that process",
                       "range " + range_text(r.peak_mib) + " MiB");
        }
    }
    if (!wants(o.phases, "audience")) return ok;

    std::map<std::string, Runs> results;
    for (int run = 1; run <= o.runs; ++run) {
        for (const auto& [name, where] : stores) {
            const Meta m = in_child(dir + "/audience.result", [&, w = where] { return decide_audience(w, at); });
            Runs& r = results[name];
            r.seconds.push_back(meta_num(m, "seconds"));
            r.peak_mib.push_back(meta_num(m, "peak_rss_mib"));
            if (!r.last.empty() && decisions(r.last) != decisions(m)) {
                ok = false;
                Report::progress(name + ": run " + std::to_string(run) + " decided differently from the run before");
            }
            r.last = m;
            Report::progress(name + ": audience run " + std::to_string(run) + ": " + format_value(r.seconds.back()) +
                             " s, " + m.at("included") + " included, " + m.at("excluded") + " excluded, peak " +
                             format_value(r.peak_mib.back()) + " MiB");
        }
    }
    for (const auto& [name, r] : results) {
        report.add(name + "_audience_s", median(r.seconds), "s",
                   name + ": audience decision (build_audience, marketing), median of " + std::to_string(o.runs),
                   "range " + range_text(r.seconds) + " s");
        report.add(name + "_audience_peak_rss", median(r.peak_mib), "MiB", name + ": peak memory of that process",
                   "range " + range_text(r.peak_mib) + " MiB");
        report.add(name + "_audience_included", meta_num(r.last, "included"), "contacts", name + ": included");
        report.add(name + "_audience_excluded", meta_num(r.last, "excluded"), "contacts", name + ": excluded");
        for (const auto& [key, value] : r.last) {
            if (key.rfind("channel_", 0) == 0) {
                report.add(name + "_audience_" + key, std::strtod(value.c_str(), nullptr), "contacts",
                           name + ":   included on " + key.substr(8));
            }
        }
    }
    if (results.count("sqlite") && results.count("postgresql")) {
        const bool same = decisions(results["sqlite"].last) == decisions(results["postgresql"].last);
        if (!same) {
            ok = false;
            Report::progress("AUDIENCE DIFFERS between SQLite and PostgreSQL");
            for (const auto& [k, v] : results["sqlite"].last) {
                Report::progress("  " + k + ": sqlite " + v + ", postgresql " + results["postgresql"].last[k]);
            }
        }
        report.add("audience_same_on_both", same ? 1 : 0, "bool",
                   "same decisions on both engines (counts per channel, digest of every decision)");
    }
    return ok;
}

// ---- appends from several tills ----

constexpr int kContactsPerTill = 50;

// A shop for the append runs: settings, 4 x kContactsPerTill customers, a wording. Returns the
// wording's id; the customers' UUIDs go to `uuids`.
std::int64_t prepare_till_shop(const std::string& where, std::vector<std::string>& uuids) {
    app::Session session(where);
    ShopSettings settings = session.settings();
    settings.shop_name = "Ferretería Núñez S.L.";
    settings.staff = {"Ana"};
    session.save_settings(settings);
    for (int i = 0; i < 4 * kContactsPerTill; ++i) {
        app::NewContact c;
        c.name = "Cliente " + std::to_string(i + 1);
        c.phones = {"6" + std::to_string(10000000 + i * 37)};
        c.emails = {"cliente" + std::to_string(i + 1) + "@example.es"};
        uuids.push_back(session.add_contact(c).contact.uuid);
    }
    return app::add_wording(session, "Acepto recibir ofertas de Ferretería Núñez por email o SMS.", "es", "default")
        .wording.id;
}

// One till: `events` grants and withdrawals (in turn, per customer) on its own customers,
// each app::record_consent in its own write transaction. A "busy" answer (SQLite's 5 s wait
// for the writer's lock; PostgreSQL's 30 s lock_timeout) is tried again, as a person would.
void till(const std::string& where, int index, int events, std::int64_t wording, const std::vector<std::string>& uuids,
          int go_fd, int& retries) {
    app::Session session(where);
    char c = 0;
    if (::read(go_fd, &c, 1) < 0) throw Error("bench: start signal lost");
    for (int n = 0; n < events; ++n) {
        const int contact = index * kContactsPerTill + n % kContactsPerTill;
        const int round = n / kContactsPerTill;
        app::ConsentRequest r;
        r.contact_ref = uuids[static_cast<std::size_t>(contact)];
        r.channel = Channel::email;
        r.purpose = Purpose::marketing;
        r.action = round % 2 == 0 ? ConsentAction::grant : ConsentAction::withdraw;
        r.method = ConsentMethod::in_store_form;
        r.wording_id = r.action == ConsentAction::grant ? wording : 0;
        r.evidence = r.action == ConsentAction::grant ? "hoja " + std::to_string(n) : "";
        r.recorded_by = "Ana";
        for (int attempt = 0;; ++attempt) {
            try {
                app::record_consent(session, r);
                break;
            } catch (const std::exception& e) {
                const std::string what = e.what();
                const bool busy = what.find("busy") != std::string::npos || what.find("locked") != std::string::npos ||
                                  what.find("lock timeout") != std::string::npos;
                if (!busy || attempt >= 20) throw;
                ++retries;
            }
        }
    }
}

bool run_appends(const Options& o, const std::string& dir, PgServer* pg, Report& report) {
    bool ok = true;
    std::vector<std::string> engines;
    if (wants(o.engines, "sqlite")) engines.emplace_back("sqlite");
    if (pg != nullptr) engines.emplace_back("postgresql");
    for (const auto& name : engines) {
        for (int tills : {1, 4}) {
            std::vector<double> all;
            int retries_total = 0;
            for (int run = 1; run <= o.runs; ++run) {
                std::string where;
                const std::string label = "tills" + std::to_string(tills) + "_" + std::to_string(run);
                if (name == "sqlite") {
                    where = dir + "/" + label + ".db";
                    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(where + suffix);
                } else {
                    pg->fresh_database(label);
                    where = pg->uri(label);
                }
                std::vector<std::string> uuids;
                std::int64_t wording = 0;
                std::int64_t before = 0;
                // Set up in a child too: the parent never holds a connection across a fork.
                in_child(dir + "/prepare.result", [&] {
                    app::initialise_database(where, {});
                    std::vector<std::string> u;
                    const std::int64_t w = prepare_till_shop(where, u);
                    std::ofstream out(dir + "/uuids.txt", std::ios::trunc);
                    for (const auto& s : u) out << s << '\n';
                    app::Session s(where);
                    return Meta{{"wording", std::to_string(w)}, {"events", std::to_string(s.ledger().event_count())}};
                });
                {
                    const Meta m = read_meta(dir + "/prepare.result");
                    wording = std::stoll(m.at("wording"));
                    before = std::stoll(m.at("events"));
                    std::ifstream in(dir + "/uuids.txt");
                    std::string line;
                    while (std::getline(in, line)) uuids.push_back(line);
                }
                const int per_till = o.appends / tills;
                int go[2];
                if (::pipe(go) != 0) throw Error("bench: pipe failed");
                std::vector<pid_t> pids;
                std::cout.flush();
                std::cerr.flush();
                for (int t = 0; t < tills; ++t) {
                    const pid_t pid = ::fork();
                    if (pid < 0) throw Error("bench: fork failed");
                    if (pid == 0) {
                        ::close(go[1]);
                        int code = 0, retries = 0;
                        try {
                            till(where, t, per_till, wording, uuids, go[0], retries);
                        } catch (const std::exception& e) {
                            std::cerr << "till " << t << ": " << e.what() << std::endl;
                            code = 100;
                        }
                        ::_exit(code ? code : std::min(retries, 99));
                    }
                    pids.push_back(pid);
                }
                ::close(go[0]);
                ::sleep(1);  // every till connected and waiting (connecting is not what is measured)
                const Stopwatch clock;
                const std::string signal(static_cast<std::size_t>(tills), 'g');
                if (::write(go[1], signal.data(), signal.size()) != static_cast<ssize_t>(signal.size())) {
                    throw Error("bench: cannot start the tills");
                }
                ::close(go[1]);
                for (pid_t pid : pids) {
                    int status = 0;
                    ::waitpid(pid, &status, 0);
                    if (!WIFEXITED(status) || WEXITSTATUS(status) >= 100) ok = false;
                    else retries_total += WEXITSTATUS(status);
                }
                const double seconds = clock.seconds();
                const int total = per_till * tills;
                // Nothing lost, one gapless chain.
                const Meta check = in_child(dir + "/check.result", [&] {
                    app::Session s(where);
                    const auto v = s.ledger().verify();
                    return Meta{{"events", std::to_string(s.ledger().event_count())},
                                {"checked", std::to_string(v.chain.events_checked)},
                                {"ok", v.ok() ? "1" : "0"},
                                {"problem", v.ok() ? "" : v.first_problem()}};
                });
                const std::int64_t stored = std::stoll(check.at("events")) - before;
                if (stored != total || check.at("ok") != "1" || check.at("checked") != check.at("events")) {
                    ok = false;
                    Report::progress(name + ": " + std::to_string(tills) + " tills: " + std::to_string(stored) +
                                     " events stored of " + std::to_string(total) + "; verify: " +
                                     (check.at("ok") == "1" ? "ok" : check.at("problem")));
                }
                all.push_back(total / seconds);
                Report::progress(name + ": " + std::to_string(tills) + " till(s), run " + std::to_string(run) + ": " +
                                 std::to_string(total) + " events in " + format_value(seconds) + " s = " +
                                 format_value(total / seconds) + " a second; all there, chain verified: " +
                                 (check.at("ok") == "1" && stored == total ? "yes" : "NO"));
                if (name == "sqlite") {
                    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(where + suffix);
                } else {
                    pg->psql("postgres", "DROP DATABASE " + label);
                }
            }
            report.add(name + "_appends_" + std::to_string(tills) + "_tills", median(all), "events/s",
                       name + ": appends per second from " + std::to_string(tills) + " till process(es), median of " +
                           std::to_string(o.runs),
                       "range " + range_text(all) + "; " + std::to_string(o.appends / tills * tills) +
                           " events each run, record_consent, 1 transaction each; " + std::to_string(retries_total) +
                           " busy retries in all");
        }
    }
    return ok;
}

int run(const Options& o) {
    Report report;
    bool ok = true;
    std::string dir = o.db_dir;
    const bool temporary = dir.empty();
    if (temporary) {
        char pattern[] = "/tmp/clientela-tills-bench-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) throw Error("bench: cannot create a temporary directory");
        dir = pattern;
    } else {
        store::ensure_private_directory(dir);
    }
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    // The server's directory beside DIR, not in it: as root the server runs as the postgres
    // user, who must be able to reach it (DIR is 0700).
    const std::string pg_dir = dir + "-pg";
    Report::progress("data in " + dir + ", PostgreSQL in " + pg_dir);
    std::unique_ptr<PgServer> pg;
    if (wants(o.engines, "postgresql")) pg = std::make_unique<PgServer>(pg_dir);
    report.add("machine_load", std::strtod(run_capture("cut -d' ' -f1 /proc/loadavg").c_str(), nullptr), "load",
               "load average (1 min) at the start");
    if (wants(o.phases, "audience") || wants(o.phases, "verify")) ok = run_audience(o, dir, pg.get(), report) && ok;
    if (wants(o.phases, "append")) ok = run_appends(o, dir, pg.get(), report) && ok;
    report.add("machine_load_end", std::strtod(run_capture("cut -d' ' -f1 /proc/loadavg").c_str(), nullptr), "load",
               "load average (1 min) at the end");
    report.add("all_checks_passed", ok ? 1 : 0, "bool", "same audience on both engines, no append lost, chains verified");
    report.print("tills_bench: SQLite beside PostgreSQL");
    pg.reset();
    if (temporary && !o.keep) {
        std::error_code ec;
        fs::remove_all(dir, ec);
        run_capture("rm -rf " + quote(pg_dir));
    } else {
        std::cout << "data kept in " << dir << " and " << pg_dir << " (rerun with --db-dir " << dir << " --reuse)\n";
    }
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App cli{"tills_bench: audience decision and appends from 1 and 4 tills, SQLite beside PostgreSQL"};
    cli.add_option("--contacts", o.contacts, "Customers in the audience's shop (default 1000000; 3 events each)")
        ->check(CLI::Range(1, 50000000));
    cli.add_option("--db-dir", o.db_dir, "Directory for the data (default: a new temporary one); PostgreSQL in DIR-pg");
    cli.add_flag("--keep", o.keep, "Keep the data and the PostgreSQL server's directory");
    cli.add_flag("--reuse", o.reuse, "Reuse the shop (and its PostgreSQL copy) already in --db-dir");
    cli.add_option("--phases", o.phases, "audience,append (default), verify (ledger verify of the audience's shop)");
    cli.add_option("--engines", o.engines, "sqlite,postgresql or one of them");
    cli.add_option("--runs", o.runs, "Runs of each measurement (median and range reported; default 3)")
        ->check(CLI::Range(1, 20));
    cli.add_option("--appends", o.appends, "Events recorded per append run, shared among the tills (default 2000)")
        ->check(CLI::Range(4, 1000000));
    cli.allow_extras();  // installer/bench.sh passes every benchmark the same options
    CLI11_PARSE(cli, argc, argv);
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "tills_bench: " << e.what() << std::endl;
        return 2;
    }
}
