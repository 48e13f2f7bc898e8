// Disk faults: clientela-cli runs an import, a consent append and a backup with the fault
// shim preloaded, failing the Nth file write/sync/truncate (EIO or ENOSPC, once or from then
// on) for every N the command reaches. Each time: exit 0 or 1 (never a crash), a readable
// message on failure, and after reopening without faults: integrity ok, ledger verify ok,
// the previous data intact, no half import, no half backup.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/sqlite_connection.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

using namespace clientela;
using clientela::test::ProcessResult;

namespace fs = std::filesystem;

namespace {

struct Snapshot {
    std::set<std::string> contacts;
    std::int64_t events = 0;
};

Snapshot snapshot(const std::string& db_path) {
    store::Database db(db_path);
    Snapshot s;
    SQLite::Statement q(db.sql(), "SELECT uuid FROM contacts");
    while (q.executeStep()) s.contacts.insert(q.getColumn(0).getString());
    s.events = db.sql().execAndGet("SELECT COUNT(*) FROM consent_events").getInt64();
    return s;
}

ProcessResult cli(const std::string& db, const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
    env.emplace("ASAN_OPTIONS", "verify_asan_link_order=0:detect_leaks=0");
    return test::run_cli(CLIENTELA_CLI, db, args, env);
}

std::map<std::string, std::string> fault_env(long at, const std::string& err, bool once, const std::string& count_file) {
    std::map<std::string, std::string> env{{"LD_PRELOAD", CLIENTELA_FAULT_SHIM}, {"CLIENTELA_FAULT_COUNT_FILE", count_file}};
    if (at > 0) {
        env["CLIENTELA_FAULT_AT"] = std::to_string(at);
        env["CLIENTELA_FAULT_ERRNO"] = err;
        if (once) env["CLIENTELA_FAULT_ONCE"] = "1";
    }
    return env;
}

long counted_calls(const std::string& count_file) {
    std::ifstream in(count_file);
    long calls = 0;
    in >> calls;
    return calls;
}

void copy_db(const std::string& from, const std::string& to) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(to + suffix);
    fs::copy_file(from, to);
}

struct Op {
    std::string name;
    std::vector<std::string> args;
    std::int64_t new_contacts = 0;  // when it succeeds
    std::int64_t new_events = 0;
    std::string out_file;  // backup destination, checked separately
};

struct Totals {
    long runs = 0, fault_points = 0, failures_reported = 0, succeeded = 0, problems = 0;
};

// Runs `op` on a fresh copy of `base` failing at `at` and checks everything afterwards.
void run_with_fault(const Op& op, const std::string& base, const Snapshot& before, const std::string& work, long at,
                    const std::string& err, bool once, Totals& totals) {
    const std::string db = work + "/shop.db";
    copy_db(base, db);
    if (!op.out_file.empty()) fs::remove(op.out_file);
    const auto r = cli(db, op.args, fault_env(at, err, once, work + "/count"));
    ++totals.runs;
    INFO(op.name << " with " << err << (once ? " once" : "") << " at call " << at << ": exit " << r.exit_code
                 << ", stderr: " << r.err);
    bool ok = true;
    auto check = [&](bool condition, const char* what) {
        if (!condition) {
            ok = false;
            FAIL_CHECK(what);
        }
    };
    check(r.exit_code == 0 || r.exit_code == 1, "exit code is 0 or 1 (no crash, no usage error)");
    if (r.exit_code == 1) {
        ++totals.failures_reported;
        check(r.err.rfind("clientela-cli: ", 0) == 0, "the failure is explained on stderr");
        check(r.err.find("unexpected problem") == std::string::npos, "the failure is a known one");
        check(r.err.find("disk") != std::string::npos || r.err.find("I/O") != std::string::npos ||
                  r.err.find("write") != std::string::npos,
              "the message says it is the disk");
    } else if (r.exit_code == 0) {
        ++totals.succeeded;
    }
    const Snapshot after = snapshot(db);
    {
        store::Database reopened(db);
        check(reopened.sql().execAndGet("PRAGMA integrity_check").getString() == "ok", "integrity_check is ok");
        check(store::LedgerRepo(reopened).verify().ok(), "ledger verify passes");
    }
    bool kept = true;
    for (const auto& id : before.contacts) kept = kept && after.contacts.count(id);
    check(kept, "every earlier contact is still there");
    const auto added = static_cast<std::int64_t>(after.contacts.size() - before.contacts.size());
    check(added == 0 || added == op.new_contacts, "an import is there whole or not at all");
    check(after.events == before.events || after.events == before.events + op.new_events, "no partial consent write");
    if (r.exit_code == 0) {
        check(added == op.new_contacts && after.events == before.events + op.new_events, "a success wrote everything");
    }
    if (!op.out_file.empty()) {
        if (r.exit_code == 0) {
            store::Database copy(op.out_file);
            check(copy.sql().execAndGet("PRAGMA integrity_check").getString() == "ok", "the backup is whole");
        } else {
            check(!fs::exists(op.out_file), "a failed backup leaves no file");
        }
        bool stray = false;
        for (const auto& f : fs::directory_iterator(fs::path(op.out_file).parent_path())) {
            stray = stray || f.path().filename().string().find(".tmp-") != std::string::npos;
        }
        check(!stray, "no temporary backup file is left");
    }
    if (!ok) ++totals.problems;
}

}  // namespace

TEST_CASE("disk faults: import, consent append and backup fail cleanly at every write", "[reliability][faults]") {
    test::TempDir dir;
    const std::string base = dir.file("base.db");
    REQUIRE(cli(base, {"demo"}).exit_code == 0);
    REQUIRE(cli(base, {"backup", "settings", "--auto", "false"}).exit_code == 0);
    const auto added = cli(base, {"add", "--name", "Fallo Prueba", "--email", "fallo@example.es"});
    REQUIRE(added.exit_code == 0);
    const std::string contact = added.out.substr(0, 36);
    const auto wordings = nlohmann::json::parse(cli(base, {"wording", "list", "--json"}).out);
    REQUIRE_FALSE(wordings.empty());
    const std::string wording = std::to_string(wordings[0]["id"].get<long>());
    {  // fold the WAL in so one file is the whole base
        store::Database db(base);
        db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    const Snapshot before = snapshot(base);
    fs::create_directories(dir.file("run"));
    fs::create_directories(dir.file("out"));

    const std::vector<Op> ops = {
        {"import", {"import", std::string(CLIENTELA_TEST_DATA_DIR) + "/android_v21.vcf"}, 1, 0, ""},
        {"consent", {"consent", "grant", contact, "--channel", "email", "--purpose", "marketing", "--method",
                     "in_store_form", "--wording", wording, "--evidence", "hoja 9"}, 0, 1, ""},
        {"backup", {"backup", "--out", dir.file("out/copia.db")}, 0, 0, dir.file("out/copia.db")},
    };
    Totals totals;
    for (auto op : ops) {
        // The clean run: how many file writes/syncs the command makes, and what it adds.
        copy_db(base, dir.file("run/shop.db"));
        const auto clean = cli(dir.file("run/shop.db"), op.args, fault_env(0, "EIO", false, dir.file("run/count")));
        REQUIRE(clean.exit_code == 0);
        const long calls = counted_calls(dir.file("run/count"));
        REQUIRE(calls > 3);
        const Snapshot done = snapshot(dir.file("run/shop.db"));
        // The import's count comes from the clean run; it must add someone.
        if (op.new_contacts > 0) op.new_contacts = static_cast<std::int64_t>(done.contacts.size() - before.contacts.size());
        REQUIRE(static_cast<std::int64_t>(done.contacts.size() - before.contacts.size()) == op.new_contacts);
        REQUIRE(done.events == before.events + op.new_events);
        // Every call when there are few, else 60 spread over the run.
        const long step = std::max(1L, calls / 60);
        long points = 0;
        for (long at = 1; at <= calls; at += step) {
            ++points;
            run_with_fault(op, base, before, dir.file("run"), at, "ENOSPC", false, totals);
            run_with_fault(op, base, before, dir.file("run"), at, "EIO", false, totals);
            run_with_fault(op, base, before, dir.file("run"), at, "EIO", true, totals);
        }
        totals.fault_points += points;
        std::cout << "faults: " << op.name << " file_calls=" << calls << " fault_points=" << points << "\n";
    }
    std::cout << "faults: runs=" << totals.runs << " fault_points=" << totals.fault_points
              << " failed_cleanly=" << totals.failures_reported << " succeeded=" << totals.succeeded
              << " problems=" << totals.problems << "\n";
    CHECK(totals.problems == 0);
    CHECK(totals.failures_reported > totals.runs / 3);  // the faults really hit
}
