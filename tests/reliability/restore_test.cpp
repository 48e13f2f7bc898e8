// Restore under attack: another process (the open desktop app) holds the database, restore
// is killed half-way, and the backup file read must stay as it was.
// CLIENTELA_RESTORE_KILLS overrides the 40 kill cycles.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/sqlite_connection.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace clientela;

using clientela::test::slurp;

namespace {

test::ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return test::run_cli(CLIENTELA_CLI, db, args);
}

// A vCard file of `n` people named "<prefix> <i>".
std::string cards(const std::string& path, const std::string& prefix, int n) {
    std::ofstream out(path, std::ios::trunc);
    for (int i = 0; i < n; ++i) {
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:" << prefix << " " << i << "\r\nEMAIL:" << prefix << i
            << "@example.es\r\nEND:VCARD\r\n";
    }
    return path;
}

std::int64_t contacts_in(const std::string& db) {
    store::Database d(db);
    return d.sql().execAndGet("SELECT COUNT(*) FROM contacts").getInt64();
}

std::vector<std::string> restore_temporaries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& f : fs::directory_iterator(dir)) {
        if (f.path().filename().string().find(".restore-") != std::string::npos) out.push_back(f.path().string());
    }
    return out;
}

}  // namespace

TEST_CASE("restore refuses while another connection holds the database, and loses nothing",
          "[reliability][restore]") {
    test::TempDir dir;
    const std::string db = dir.file("shop.db");
    REQUIRE(cli(db, {"import", cards(dir.file("a.vcf"), "Antes", 5)}).exit_code == 0);
    const std::string backup = dir.file("copia.db");
    REQUIRE(cli(db, {"backup", "--out", backup}).exit_code == 0);
    {
        store::Database idle(db);  // like the desktop app: open, one read done, then idle
        CHECK(idle.sql().execAndGet("SELECT COUNT(*) FROM contacts").getInt() == 5);
        const auto r = cli(db, {"restore", backup, "--yes"});
        INFO(r.out << r.err);
        CHECK(r.exit_code != 0);
        CHECK_THAT(r.err, Catch::Contains("in use") && Catch::Contains("nothing was changed"));
        // The app goes on writing through its open connection: that write must stay in the shop.
        idle.sql().exec("INSERT INTO settings (key, value) VALUES ('written_after', 'yes')");
    }
    {
        store::Database after(db);
        CHECK(after.sql().execAndGet("SELECT COUNT(*) FROM settings WHERE key = 'written_after'").getInt() == 1);
    }
    CHECK_FALSE(fs::exists(db + ".before-restore"));
    const auto ok = cli(db, {"restore", backup, "--yes"});  // once the other program closed, it works
    INFO(ok.err);
    CHECK(ok.exit_code == 0);
}

TEST_CASE("restore refuses while another process appends consent, and no acknowledged grant is lost",
          "[reliability][restore]") {
    test::TempDir dir;
    const std::string db = dir.file("shop.db");
    REQUIRE(cli(db, {"import", cards(dir.file("a.vcf"), "Antes", 5)}).exit_code == 0);
    const std::string backup = dir.file("copia.db");
    REQUIRE(cli(db, {"backup", "--out", backup}).exit_code == 0);

    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        ::close(fds[1]);
        ::execl(CLIENTELA_CRASH_DRIVER, CLIENTELA_CRASH_DRIVER, db.c_str(), dir.path().c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    std::string acks;
    auto drain = [&](int ms) {
        char chunk[4096];
        pollfd p{fds[0], POLLIN, 0};
        while (::poll(&p, 1, ms) > 0) {
            const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
            if (n <= 0) break;
            acks.append(chunk, static_cast<std::size_t>(n));
            ms = 0;
        }
    };
    int refused = 0, replaced = 0;
    const int kAttempts = 5;
    for (int i = 0; i < kAttempts; ++i) {
        drain(300);
        const auto r = cli(db, {"restore", backup, "--yes"});
        if (r.exit_code == 0) ++replaced;
        if (r.exit_code != 0 && r.err.find("in use") != std::string::npos) ++refused;
    }
    drain(200);
    ::kill(writer, SIGKILL);
    int status = 0;
    ::waitpid(writer, &status, 0);
    drain(0);
    ::close(fds[0]);
    CHECK(WIFSIGNALED(status));  // the driver was writing all along
    CHECK(replaced == 0);
    CHECK(refused == kAttempts);

    std::set<std::string> acked;
    std::istringstream lines(acks);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream in(line);
        std::string tag, kind, id;
        in >> tag >> kind >> id;
        if (kind == "consent" && !lines.eof()) acked.insert(id);
    }
    REQUIRE(acked.size() >= 2);
    store::Database after(db);
    std::set<std::string> events;
    SQLite::Statement ev(after.sql(), "SELECT event_uuid FROM consent_events");
    while (ev.executeStep()) events.insert(ev.getColumn(0).getString());
    std::size_t lost = 0;
    for (const auto& id : acked) lost += events.count(id) == 0;
    CHECK(lost == 0);
    CHECK(store::LedgerRepo(after).verify().ok());
    std::cout << "restore with a writer open: " << kAttempts << " attempts, " << refused << " refused, " << acked.size()
              << " acknowledged grants/withdrawals, " << lost << " lost\n";
}

TEST_CASE("restore leaves no -wal or -shm beside the backup it read, and does not change it",
          "[reliability][restore]") {
    test::TempDir dir;
    const std::string db = dir.file("shop.db");
    REQUIRE(cli(db, {"import", cards(dir.file("a.vcf"), "Antes", 5)}).exit_code == 0);
    fs::create_directories(dir.file("copias"));
    const std::string backup = dir.file("copias/copia.db");
    REQUIRE(cli(db, {"backup", "--out", backup}).exit_code == 0);
    const std::string bytes = slurp(backup);
    const auto checked = cli(db, {"restore", backup});
    INFO(checked.err);
    CHECK(checked.exit_code == 0);
    CHECK_FALSE(fs::exists(backup + "-wal"));
    CHECK_FALSE(fs::exists(backup + "-shm"));
    const auto applied = cli(db, {"restore", backup, "--yes"});
    INFO(applied.err);
    CHECK(applied.exit_code == 0);
    CHECK_FALSE(fs::exists(backup + "-wal"));
    CHECK_FALSE(fs::exists(backup + "-shm"));
    CHECK(slurp(backup) == bytes);
    std::size_t in_dir = 0;
    for (const auto& f : fs::directory_iterator(dir.file("copias"))) in_dir += f.is_regular_file();
    CHECK(in_dir == 1);
}

TEST_CASE("restore killed at any moment leaves a usable database, and the next one cleans up",
          "[reliability][restore][crash]") {
    int cycles = 40;
    if (const char* env = std::getenv("CLIENTELA_RESTORE_KILLS")) cycles = std::max(1, std::atoi(env));
    test::TempDir dir;
    const std::string db = dir.file("shop.db");
    // Two backups to put back in turn: 300 and 600 contacts.
    REQUIRE(cli(db, {"import", cards(dir.file("a.vcf"), "Primera", 300)}).exit_code == 0);
    const std::string small = dir.file("pequena.db");
    REQUIRE(cli(db, {"backup", "--out", small}).exit_code == 0);
    REQUIRE(cli(db, {"import", cards(dir.file("b.vcf"), "Segunda", 300)}).exit_code == 0);
    const std::string large = dir.file("grande.db");
    REQUIRE(cli(db, {"backup", "--out", large}).exit_code == 0);

    // How long one restore takes here, to spread the kills over all of it.
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(cli(db, {"restore", small, "--yes"}).exit_code == 0);
    const auto full_us =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
    std::mt19937 rng(20261204);
    std::uniform_int_distribution<long> delay_us(0, std::max<long>(1000, static_cast<long>(full_us * 12 / 10)));

    int broken = 0, missing = 0, completed = 0, interrupted = 0;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const std::string& candidate = cycle % 2 == 0 ? large : small;
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const int null = ::open("/dev/null", O_WRONLY);
            ::dup2(null, 1);
            ::dup2(null, 2);
            ::execl(CLIENTELA_CLI, CLIENTELA_CLI, "--db", db.c_str(), "restore", candidate.c_str(), "--yes",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        ::usleep(static_cast<useconds_t>(delay_us(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        (WIFEXITED(status) ? completed : interrupted)++;
        if (!fs::exists(db)) {
            ++missing;
            FAIL_CHECK("cycle " << cycle << ": the database file is missing after the kill");
            continue;
        }
        store::Database reopened(db);
        const std::string integrity = reopened.sql().execAndGet("PRAGMA integrity_check").getString();
        const auto n = reopened.sql().execAndGet("SELECT COUNT(*) FROM contacts").getInt64();
        if (integrity != "ok" || !store::LedgerRepo(reopened).verify().ok() || (n != 300 && n != 600)) {
            ++broken;
            FAIL_CHECK("cycle " << cycle << ": integrity " << integrity << ", " << n << " contacts");
        }
    }
    const auto last = cli(db, {"restore", large, "--yes"});
    INFO(last.err);
    CHECK(last.exit_code == 0);
    CHECK(contacts_in(db) == 600);
    CHECK(restore_temporaries(dir.path()).empty());
    std::cout << "restore kills: cycles=" << cycles << " interrupted=" << interrupted << " completed=" << completed
              << " missing=" << missing << " broken=" << broken << " restore_us=" << full_us << "\n";
    CHECK(missing == 0);
    CHECK(broken == 0);
}
