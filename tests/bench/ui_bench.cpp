// ui_bench: the desktop app on a shop of a million customers (issue #7). Generates the data
// set with the ledger benchmark's bulk loader (contacts, consent ledger, projection), starts
// the real app under Xvfb with its scripted "bench" scenario (ui/ui_bench_scenario.cpp),
// and reports what the app measured: start to first painted list, 3-letter prefix searches,
// the jump to the last row, resident memory. Goals are reported, not enforced; the exit
// status is 0 when the scenario ran to its end.
#include "bench_report.hpp"
#include "ledger_bench_data.hpp"

#include "app/audience.hpp"
#include "app/shop_summary.hpp"
#include "core/errors.hpp"
#include "store/database.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

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
    std::string app = CLIENTELA_APP_PATH;
    std::string lang = "es";
};

// Goals of issue #7, shown next to the figures they judge.
struct Goal {
    const char* figure;
    double limit;
};
constexpr Goal kGoals[] = {
    {"start_to_first_paint_ms", 1000},
    {"search_model_median_ms", 30},
    {"search_model_worst_ms", 30},
    {"rss_peak_mib", 150},
    {"marketing_reach_ms", 200},
};

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// The sizes a data set in --db-dir was made with ("key=value" lines), to reuse it.
std::string meta_of(const Options& o) {
    return "contacts_requested=" + std::to_string(o.contacts) + "\nevents_per_contact=" +
           std::to_string(o.events_per_contact) + "\nseed=" + std::to_string(o.seed) + "\n";
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void remove_database(const std::string& db) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
}

int run(const Options& o) {
    if (!fs::exists(o.app)) throw Error("ui_bench: no app at " + o.app + " (build the clientela target)");
    std::string dir = o.db_dir;
    const bool temporary = dir.empty();
    if (temporary) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/clientela-ui-bench-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw Error("ui_bench: cannot create a temporary directory");
        dir = pattern;
    } else {
        store::ensure_private_directory(dir);
    }
    const std::string db_path = dir + "/ui_bench.db";
    const std::string meta_path = dir + "/ui_bench.meta";
    Report report;

    // 1. The data set: a million customers with their consent history.
    if (o.reuse && fs::exists(db_path) && read_file(meta_path) == meta_of(o)) {
        Report::progress("reusing the data set in " + db_path);
    } else {
        remove_database(db_path);
        fs::remove(meta_path);
        LedgerDataOptions g;
        g.db_path = db_path;
        g.contacts = o.contacts;
        g.events_per_contact = o.events_per_contact;
        g.seed = o.seed;
        g.reference = now_utc();
        Report::progress("generating " + std::to_string(o.contacts) + " contacts and their consent events in " +
                         db_path + " ...");
        const LedgerDataReport r = generate_ledger_data(g);
        std::ofstream(meta_path) << meta_of(o);
        report.add("generate_s", r.total_seconds, "s", "data set generation (not part of the figures)");
    }
    report.add("db_size", static_cast<double>(fs::file_size(db_path)) / 1048576.0, "MiB", "database file");

    // 1b. Who may receive marketing today, from the kept counts (issue #18's Resumen, #20's
    // status bar). The generator writes the ledger behind the program's back, so the first
    // count settles every customer once (as after the migration); then the steady state.
    {
        using Clock = std::chrono::steady_clock;
        auto seconds = [](Clock::time_point from) {
            return std::chrono::duration<double>(Clock::now() - from).count();
        };
        app::Session session(db_path);
        const Timestamp now = now_utc();
        auto t0 = Clock::now();
        app::marketing_reach(session, now);
        report.add("reach_first_settle_s", seconds(t0), "s", "first count: every customer decided once (not per day)");
        std::vector<double> runs;
        app::ReachCounts kept;
        for (int i = 0; i < 3; ++i) {
            t0 = Clock::now();
            kept = app::marketing_reach(session, now);
            runs.push_back(seconds(t0) * 1000.0);
        }
        std::sort(runs.begin(), runs.end());
        const std::string range = "median of 3, range " + format_value(runs.front()) + "-" + format_value(runs.back()) + " ms";
        double limit = 200;
        report.add("marketing_reach_ms", runs[1], "ms", "email, SMS and WhatsApp counts from the kept counts (" + range + ")",
                   std::string(runs[1] <= limit ? "meets" : "MISSES") + " the goal <= 200 ms");
        report.add("reach_email", static_cast<double>(kept.email), "count", "may receive marketing email today");
        report.add("reach_sms", static_cast<double>(kept.sms), "count", "may receive marketing SMS today");
        report.add("reach_whatsapp", static_cast<double>(kept.whatsapp_business), "count",
                   "may receive marketing WhatsApp today");
        t0 = Clock::now();
        const auto full = app::count_audience(session, {Purpose::marketing, Channel::email, now});
        report.add("count_audience_email_s", seconds(t0), "s", "the same email count by the policy over every customer");
        report.add("reach_equals_recount", full.included == kept.email ? 1 : 0, "bool", "kept email count == recount");
    }

    // 2. The app under a virtual screen, on a quiet home; its start is stamped just before exec.
    const std::string home = dir + "/home";
    fs::remove_all(home);
    fs::create_directories(home);
    const std::string command =
        "xvfb-run -a -s '-screen 0 1366x768x24 -nolisten tcp' sh -c " +
        shell_quote("export HOME=" + shell_quote(home) + " XDG_DATA_HOME=" + shell_quote(home + "/data") +
                    " XDG_CONFIG_HOME=" + shell_quote(home + "/config") +
                    " NO_AT_BRIDGE=1 GTK_A11Y=none; CLIENTELA_BENCH_T0_NS=$(date +%s%N) exec " + shell_quote(o.app) +
                    " --db " + shell_quote(db_path) + " --lang " + o.lang + " --ui-test bench") +
        " 2>" + shell_quote(dir + "/app.err");
    Report::progress("starting the app: " + command);
    FILE* out = ::popen(command.c_str(), "r");
    if (!out) throw Error("ui_bench: cannot start xvfb-run (apt-get install xvfb xauth)");
    const std::regex figure_line(R"(^ui-test figure ([a-z0-9_]+)=([-0-9.]+) (\S+) (.*)$)");
    std::map<std::string, double> figures;
    bool done = false;
    bool failed = false;
    char buffer[4096];
    while (std::fgets(buffer, sizeof buffer, out)) {
        std::string line(buffer);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
        Report::progress(line);
        std::smatch m;
        if (std::regex_match(line, m, figure_line)) {
            const double value = std::strtod(m[2].str().c_str(), nullptr);
            figures[m[1]] = value;
            std::string note;
            for (const auto& goal : kGoals) {
                if (m[1] == goal.figure) {
                    note = std::string(value <= goal.limit ? "meets" : "MISSES") + " the goal <= " +
                           format_value(goal.limit) + " " + m[3].str();
                }
            }
            report.add(m[1], value, m[3], m[4], note);
        } else if (line == "ui-test done") {
            done = true;
        } else if (line.rfind("ui-test FAIL", 0) == 0) {
            failed = true;
        }
    }
    const int status = ::pclose(out);
    const bool ok = done && !failed && status == 0;
    if (!ok) {
        std::cerr << "ui_bench: the app's scenario did not finish (exit status " << status << "):\n"
                  << read_file(dir + "/app.err");
    }
    report.add("scenario_finished", ok ? 1 : 0, "bool", "the app ran the scenario to its end");
    report.print("ui_bench: the desktop app with " + std::to_string(o.contacts) + " contacts");

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
    CLI::App cli{"The desktop app on a large shop: first paint, search, scrolling, memory (prints figures)"};
    cli.add_option("--contacts", o.contacts, "Contacts to generate (default 1000000)")->check(CLI::Range(1, 50000000));
    cli.add_option("--events-per-contact", o.events_per_contact, "Average consent events per contact (default 3)")
        ->check(CLI::Range(0, 20));
    cli.add_option("--db-dir", o.db_dir, "Directory for the database (default: a new temporary directory)");
    cli.add_flag("--keep", o.keep, "Keep the temporary directory and its database");
    cli.add_flag("--reuse", o.reuse, "Reuse the data set already in --db-dir when its sizes match");
    cli.add_option("--seed", o.seed, "Seed of the generated data");
    cli.add_option("--app", o.app, "The clientela program to measure (default: the one built beside this)");
    cli.add_option("--lang", o.lang, "Language of the app: es or en (default es)");
    CLI11_PARSE(cli, argc, argv);
    try {
        return run(o);
    } catch (const std::exception& e) {
        std::cerr << "ui_bench: " << e.what() << std::endl;
        return 2;
    }
}
