// Backups while another process writes: clientela-cli backup --out runs again and again while
// the crash driver imports and appends; every backup opens, passes integrity_check and
// ledger verify and holds only whole imports. restore puts one back and refuses a tampered one.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/sqlite_connection.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <thread>

namespace {

clientela::test::ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args);
}

// Contacts per import batch ("Lote <batch> Persona <i>").
std::map<std::string, int> batches_in(clientela::store::Database& db) {
    std::map<std::string, int> batches;
    SQLite::Statement names(db.sql(), "SELECT display_name FROM contacts WHERE display_name LIKE 'Lote %'");
    while (names.executeStep()) {
        std::istringstream in(names.getColumn(0).getString());
        std::string word, batch;
        in >> word >> batch;
        ++batches[batch];
    }
    return batches;
}

}  // namespace

TEST_CASE("backups taken while another process appends are whole and verifiable", "[reliability][backup]") {
    using namespace clientela;
    test::TempDir dir;
    const std::string db = dir.file("shop.db");
    const pid_t writer = ::fork();
    REQUIRE(writer >= 0);
    if (writer == 0) {
        const int null = ::open("/dev/null", O_WRONLY);  // not freopen: it would flush our buffer twice
        ::dup2(null, 1);
        ::execl(CLIENTELA_CRASH_DRIVER, CLIENTELA_CRASH_DRIVER, db.c_str(), dir.path().c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::int64_t last_events = -1;
    int growing = 0;
    const int kBackups = 12;
    for (int i = 0; i < kBackups; ++i) {
        const std::string out = dir.file("copias/b" + std::to_string(i) + ".db");
        const auto r = cli(db, {"backup", "--out", out});
        INFO("backup " << i << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        store::Database copy(out);
        CHECK(copy.sql().execAndGet("PRAGMA integrity_check").getString() == "ok");
        const auto check = store::LedgerRepo(copy).verify();
        CHECK(check.ok());
        for (const auto& [batch, n] : batches_in(copy)) CHECK(n == 20);
        const auto events = copy.sql().execAndGet("SELECT COUNT(*) FROM consent_events").getInt64();
        if (events > last_events) ++growing;
        last_events = events;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::kill(writer, SIGKILL);
    int status = 0;
    ::waitpid(writer, &status, 0);
    CHECK(WIFSIGNALED(status));  // the writer was still writing all along
    CHECK(growing >= kBackups / 2);  // the backups saw the ledger grow between them
    std::cout << "backup: " << kBackups << " backups during appends, last with " << last_events << " events\n";

    // restore: the last backup goes back in place; a tampered copy is refused with the event.
    const std::string last = dir.file("copias/b" + std::to_string(kBackups - 1) + ".db");
    const auto restored = cli(db, {"restore", last, "--yes"});
    INFO(restored.err);
    CHECK(restored.exit_code == 0);
    CHECK_THAT(restored.out, Catch::Contains("restored into"));
    CHECK(std::filesystem::exists(db + ".before-restore"));
    {
        SQLite::Database raw(last, SQLite::OPEN_READWRITE);
        raw.exec("DROP TRIGGER consent_events_no_update");
        raw.exec("UPDATE consent_events SET evidence = 'cambiada' WHERE seq = 2");
    }
    const auto refused = cli(db, {"restore", last, "--yes"});
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.err, Catch::Contains("event 2") && Catch::Contains("nothing was changed"));
}
