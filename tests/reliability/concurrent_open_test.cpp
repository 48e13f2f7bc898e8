// Concurrent first open: six clientela-cli processes start `add` on a database path that does
// not exist yet, at the same moment (released together from a pipe), round after round.
// Every one must succeed, and the new database must hold every contact they added.
// CLIENTELA_OPEN_ROUNDS overrides the 20 rounds.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/sqlite_connection.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

using clientela::test::slurp;

namespace {

}  // namespace

TEST_CASE("six processes adding to a fresh database at the same moment all succeed", "[reliability][open]") {
    using namespace clientela;
    constexpr int kProcesses = 6;
    int rounds = 20;
    if (const char* env = std::getenv("CLIENTELA_OPEN_ROUNDS")) rounds = std::max(1, std::atoi(env));
    test::TempDir dir;
    int failures = 0;
    for (int round = 0; round < rounds; ++round) {
        const std::string db = dir.file("r" + std::to_string(round) + "/shop.db");
        int gate[2];
        REQUIRE(::pipe(gate) == 0);
        std::vector<pid_t> children;
        for (int i = 0; i < kProcesses; ++i) {
            const std::string err = dir.file("err-" + std::to_string(round) + "-" + std::to_string(i));
            const std::string name = "Persona " + std::to_string(i);
            const std::string email = "p" + std::to_string(i) + "@example.es";
            const pid_t pid = ::fork();
            REQUIRE(pid >= 0);
            if (pid == 0) {
                ::close(gate[1]);
                char c;
                while (::read(gate[0], &c, 1) > 0) {
                }  // released together when the parent closes the pipe
                const int null = ::open("/dev/null", O_WRONLY);
                const int errfd = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
                ::dup2(null, 1);
                ::dup2(errfd, 2);
                ::execl(CLIENTELA_CLI, CLIENTELA_CLI, "--db", db.c_str(), "add", "--name", name.c_str(), "--email",
                        email.c_str(), static_cast<char*>(nullptr));
                ::_exit(127);
            }
            children.push_back(pid);
        }
        ::close(gate[0]);
        ::close(gate[1]);
        for (int i = 0; i < kProcesses; ++i) {
            int status = 0;
            REQUIRE(::waitpid(children[static_cast<std::size_t>(i)], &status, 0) > 0);
            const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
            if (!ok) {
                ++failures;
                UNSCOPED_INFO("round " << round << " process " << i << ": "
                                       << slurp(dir.file("err-" + std::to_string(round) + "-" + std::to_string(i))));
            }
        }
        store::Database check(db);
        CHECK(check.schema_version() == store::Database::latest_schema_version());
        CHECK(check.sql().execAndGet("SELECT COUNT(*) FROM contacts").getInt() == kProcesses);
        CHECK(check.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
        CHECK(store::LedgerRepo(check).verify().ok());
    }
    CHECK(failures == 0);
    std::cout << "concurrent open: " << rounds << " rounds of " << kProcesses << " processes on a fresh path, "
              << failures << " failed\n";
}
