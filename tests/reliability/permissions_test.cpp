// Permissions as a non-root user (root ignores file modes, so these checks would prove
// nothing as root): the test switches to `nobody` when it runs as root, sets umask 000 -
// the most careless setting - and runs a whole day of clientela-cli: init, demo, import with
// a report, consent, backups. Every file Clientela created must be 0600 and every directory
// 0700, and another user must not be able to read the database.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

using clientela::test::slurp;

namespace {

struct Account {
    uid_t uid;
    gid_t gid;
};

// `nobody` when we are root, else ourselves (already not root).
Account test_account() {
    if (::geteuid() != 0) return {::geteuid(), ::getegid()};
    const passwd* pw = ::getpwnam("nobody");
    REQUIRE(pw != nullptr);
    return {pw->pw_uid, pw->pw_gid};
}

struct Run {
    int exit_code = -1;
    std::string out, err;
};

// Runs clientela-cli as `who` with umask 000 and HOME/XDG_DATA_HOME under `home`.
Run run_as(const Account& who, const std::string& home, const std::vector<std::string>& args) {
    const std::string out_path = home + "/../out.txt", err_path = home + "/../err.txt";
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The checkout may sit in a 0700 directory (CI's `mktemp -d`) that the account cannot
        // enter: open the program while we still may, and run it from the descriptor.
        const int exe = ::open(CLIENTELA_CLI, O_RDONLY | O_CLOEXEC);
        if (exe < 0) ::_exit(126);
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(out, 1);
        ::dup2(err, 2);
        if (::geteuid() == 0) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0) ::_exit(120);
        }
        ::umask(0);
        ::setenv("HOME", home.c_str(), 1);
        ::setenv("XDG_DATA_HOME", (home + "/.local/share").c_str(), 1);
        ::setenv("LC_ALL", "C", 1);
        ::setenv("USER", "tester", 1);
        std::vector<char*> argv{const_cast<char*>(CLIENTELA_CLI)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::fexecve(exe, argv.data(), environ);
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    Run r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    return r;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("as a non-root user with umask 000, everything Clientela writes is private", "[reliability][permissions]") {
    const Account who = test_account();
    REQUIRE(who.uid != 0);
    clientela::test::TempDir dir;
    const std::string home = dir.file("home");
    fs::create_directory(home);
    fs::create_directory(dir.file("given"));  // a directory the user made for exports, 0755
    ::chmod(dir.path().c_str(), 0755);
    ::chmod(dir.file("given").c_str(), 0755);
    ::chmod(home.c_str(), 0755);
    if (::geteuid() == 0) {
        for (const auto& p : {dir.path().string(), home, dir.file("given")}) REQUIRE(::chown(p.c_str(), who.uid, who.gid) == 0);
    }
    std::cout << "permissions: running as uid " << who.uid << " with umask 000\n";

    auto cli = [&](const std::vector<std::string>& args) {
        const auto r = run_as(who, home, args);
        INFO("clientela-cli " << args.front() << ": " << r.err);
        REQUIRE(r.exit_code == 0);
        return r;
    };
    cli({"init"});
    cli({"demo"});
    // A copy the account can read, wherever the checkout is.
    const std::string data = dir.file("google_v30.vcf");
    fs::copy_file(std::string(CLIENTELA_TEST_DATA_DIR) + "/google_v30.vcf", data);
    ::chmod(data.c_str(), 0644);
    cli({"import", data, "--report", dir.file("given/informe.json")});
    cli({"stats"});
    cli({"backup"});  // a dated backup in the backups directory (created 0700)
    cli({"backup", "--out", dir.file("given/copia.db")});
    cli({"backup", "--out", home + "/nuevas/copias/copia.db"});  // a new directory for it

    const fs::path db = home + "/.local/share/clientela/clientela.db";
    REQUIRE(fs::exists(db));
    CHECK(mode_of(db) == 0600);
    CHECK(mode_of(db.parent_path()) == 0700);
    CHECK(mode_of(db.parent_path() / "backups") == 0700);
    int backups = 0;
    for (const auto& f : fs::directory_iterator(db.parent_path() / "backups")) {
        INFO(f.path().string());
        CHECK(mode_of(f.path()) == 0600);
        ++backups;
    }
    CHECK(backups >= 1);
    CHECK(mode_of(dir.file("given/informe.json")) == 0600);
    CHECK(mode_of(dir.file("given/copia.db")) == 0600);
    CHECK(mode_of(home + "/nuevas/copias") == 0700);
    CHECK(mode_of(home + "/nuevas/copias/copia.db") == 0600);
    // Everything under HOME that Clientela made: files 0600, directories 0700 (the WAL and
    // shared-memory files too while they exist).
    int files = 0;
    for (const auto& e : fs::recursive_directory_iterator(home + "/.local/share")) {
        INFO(e.path().string());
        if (e.path() == fs::path(home + "/.local/share") || e.path() == fs::path(home + "/.local")) continue;
        CHECK(mode_of(e.path()) == (e.is_directory() ? 0700u : 0600u));
        ++files;
    }
    CHECK(files >= 4);
    // No log files anywhere: nothing Clientela wrote is named *.log.
    for (const auto& e : fs::recursive_directory_iterator(home)) CHECK(e.path().extension() != ".log");

    // And the modes hold: another account cannot read the database.
    if (::geteuid() == 0) {
        const passwd* other = ::getpwnam("daemon");
        REQUIRE(other != nullptr);
        const auto r = run_as({other->pw_uid, other->pw_gid}, home, {"--db", db.string(), "stats"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("clientela-cli:"));
        CHECK(r.out.find("contacts") == std::string::npos);
    }
}
