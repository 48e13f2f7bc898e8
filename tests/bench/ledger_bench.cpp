// ledger_bench: the consent ledger and audience at shop scale (DESIGN.md section 7).
// Generates N contacts and 3N consent events, then measures the marketing/email audience
// against one hand-written SQL query (same set asserted), LedgerRepo::verify, and append
// throughput through app::record_consent. Prints a readable block, then "BENCH" lines.
// Exit status: 0 when every correctness check passed (goals are reported, not enforced).
#include "bench_report.hpp"
#include "ledger_bench_data.hpp"
#include "ledger_bench_phases.hpp"

#include "core/errors.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace clientela;
using namespace clientela::bench;

namespace {

struct Options {
    std::int64_t contacts = 1000000;
    int events_per_contact = 3;
    std::string db_dir;
    bool keep = false;
    bool reuse = false;
    std::uint64_t seed = 20240611;
    std::string phases = "audience,verify,append";
    int append_events = 2000;
    int append_contacts = 200;
    int verify_runs = 2;
    bool verify_extras = true;
    bool verify_floor = true;
};

void remove_database(const std::string& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
}

// Generates the data set in a child process, so the measured phases' peak memory is
// their own and not the generator's.
Meta generate_in_child(const LedgerDataOptions& o, const std::string& meta_path) {
    std::cout.flush();
    std::cerr.flush();
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("bench: fork failed");
    if (pid == 0) {
        int code = 0;
        try {
            const LedgerDataReport r = generate_ledger_data(o);
            write_meta(meta_path, {
                                      {"reference", std::to_string(o.reference.time_since_epoch().count())},
                                      {"contacts_requested", std::to_string(o.contacts)},
                                      {"events_per_contact", std::to_string(o.events_per_contact)},
                                      {"seed", std::to_string(o.seed)},
                                      {"expiry_months", std::to_string(o.expiry_months)},
                                      {"contacts", std::to_string(r.contacts)},
                                      {"events", std::to_string(r.events)},
                                      {"states", std::to_string(r.states)},
                                      {"suppressed", std::to_string(r.suppressed)},
                                      {"erased", std::to_string(r.erased)},
                                      {"contacts_seconds", num(r.contacts_seconds)},
                                      {"plan_seconds", num(r.plan_seconds)},
                                      {"states_seconds", num(r.states_seconds)},
                                      {"events_seconds", num(r.events_seconds)},
                                      {"total_seconds", num(r.total_seconds)},
                                      {"file_bytes", std::to_string(r.file_bytes)},
                                      {"peak_rss_mib", num(peak_rss_mib())},
                                  });
        } catch (const std::exception& e) {
            std::cerr << "generation failed: " << e.what() << std::endl;
            code = 2;
        }
        std::cout.flush();
        std::cerr.flush();
        ::_exit(code);
    }
    int status = 0;
    if (::waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw Error("bench: generating the data set failed");
    }
    return read_meta(meta_path);
}

bool wants(const Options& o, const std::string& phase) {
    return ("," + o.phases + ",").find("," + phase + ",") != std::string::npos;
}

int run(const Options& o) {
    Report report;
    bool ok = true;

    std::string dir = o.db_dir;
    const bool temporary = dir.empty();
    if (temporary) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/clientela-bench-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw Error("bench: cannot create a temporary directory");
        dir = pattern;
    } else {
        store::ensure_private_directory(dir);
    }
    const std::string db_path = dir + "/ledger_bench.db";
    const std::string meta_path = dir + "/ledger_bench.meta";
    Report::progress("database: " + db_path);

    // 1. The data set: reused when asked and it matches, generated otherwise.
    Meta meta;
    if (o.reuse && fs::exists(db_path) && fs::exists(meta_path)) {
        meta = read_meta(meta_path);
        if (meta["contacts_requested"] != std::to_string(o.contacts) ||
            meta["events_per_contact"] != std::to_string(o.events_per_contact)) {
            Report::progress("existing data set has other sizes: generating a new one");
            meta.clear();
        } else {
            Report::progress("reusing the existing data set");
        }
    }
    const bool reused = !meta.empty();
    if (!reused) {
        remove_database(db_path);
        fs::remove(meta_path);
        LedgerDataOptions g;
        g.db_path = db_path;
        g.contacts = o.contacts;
        g.events_per_contact = o.events_per_contact;
        g.seed = o.seed;
        g.reference = now_utc();
        Report::progress("generating " + std::to_string(o.contacts) + " contacts and about " +
                         std::to_string(o.contacts * o.events_per_contact) + " consent events ...");
        meta = generate_in_child(g, meta_path);
    }
    const Timestamp reference{std::chrono::seconds{std::stoll(meta["reference"])}};
    const std::string note = reused ? "reused data set" : "";
    report.add("contacts", meta_num(meta, "contacts"), "contacts", "contacts (after erasures)");
    report.add("events", meta_num(meta, "events"), "events", "consent events");
    report.add("states", meta_num(meta, "states"), "rows", "consent_state rows");
    report.add("suppressed", meta_num(meta, "suppressed"), "identifiers", "suppressed identifiers");
    report.add("db_size", meta_num(meta, "file_bytes") / 1048576.0, "MiB", "database file");
    report.add("generate_s", meta_num(meta, "total_seconds"), "s", "generation total", note);
    report.add("generate_contacts_s", meta_num(meta, "contacts_seconds"), "s",
               "  contacts (ContactsRepo::insert) + plan", note);
    report.add("generate_states_s", meta_num(meta, "states_seconds"), "s", "  projection (validate + apply)", note);
    report.add("generate_events_s", meta_num(meta, "events_seconds"), "s", "  ledger (seal + insert)", note);
    report.add("generate_peak_rss", meta_num(meta, "peak_rss_mib"), "MiB", "  generator peak RSS (child process)",
               note);

    // 2-4. The measured phases, on the program's own pragmas (WAL, synchronous=FULL).
    if (wants(o, "audience")) ok = run_audience_phase({db_path, reference, 2}, report) && ok;
    if (wants(o, "verify")) ok = run_verify_phase({db_path, o.verify_runs, o.verify_extras, o.verify_floor}, report) && ok;
    if (wants(o, "append")) {
        const std::string append_db = dir + "/append_bench.db";
        ok = run_append_phase({append_db, o.append_contacts, o.append_events}, report) && ok;
        remove_database(append_db);
    }
    if (wants(o, "erase")) ok = run_erase_phase({db_path, 3}, report) && ok;
    report.add("peak_rss", peak_rss_mib(), "MiB", "peak RSS of the measured phases");
    report.add("all_checks_passed", ok ? 1 : 0, "bool", "all correctness checks passed");
    report.print("ledger_bench: " + std::to_string(o.contacts) + " contacts");

    if (temporary && !o.keep) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    } else {
        std::cout << "data set kept in " << dir << " (rerun with --db-dir " << dir << " --reuse)\n";
    }
    return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App cli{"Consent ledger and audience benchmark (prints figures; see DESIGN.md section 7)"};
    cli.add_option("--contacts", o.contacts, "Contacts to generate (default 1000000)")->check(CLI::Range(1, 50000000));
    cli.add_option("--events-per-contact", o.events_per_contact, "Average consent events per contact (default 3)")
        ->check(CLI::Range(0, 20));
    cli.add_option("--db-dir", o.db_dir, "Directory for the databases (default: a new temporary directory)");
    cli.add_flag("--keep", o.keep, "Keep the temporary directory and its databases");
    cli.add_flag("--reuse", o.reuse, "Reuse the data set already in --db-dir when its sizes match");
    cli.add_option("--seed", o.seed, "Seed of the generated data");
    cli.add_option("--phases", o.phases,
                   "Comma-separated phases to run: audience,verify,append,erase (erase changes the data set)");
    cli.add_option("--append-events", o.append_events, "Events appended in the throughput test (default 2000)")
        ->check(CLI::Range(1, 1000000));
    cli.add_option("--append-contacts", o.append_contacts, "Contacts in the throughput test (default 200)")
        ->check(CLI::Range(1, 100000));
    cli.add_option("--verify-runs", o.verify_runs,
                   "Runs of LedgerRepo::verify (default 2: a first and a warm one; more give more warm runs)")
        ->check(CLI::Range(1, 20));
    cli.add_flag("!--no-verify-extras", o.verify_extras,
                 "Leave out the whole-file quick_check, chain-only and bare-scan timings after verify");
    cli.add_flag("!--no-verify-floor", o.verify_floor,
                 "Leave out the two-core floor (reading and hashing what verify reads, nothing checked) after each "
                 "verify run");
    CLI11_PARSE(cli, argc, argv);
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "ledger_bench: " << e.what() << std::endl;
        return 2;
    }
}
