// What clientela-cli prints to a terminal cannot drive the terminal (issue #15): control
// characters in stored values are shown escaped, and names made only of invisible
// characters are refused.
#include "cli_store.hpp"
#include "process.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using clientela::test::ProcessResult;
using clientela::test::run_process;
using clientela::test::TempDir;
namespace test = clientela::test;

using clientela::test::first_line;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

bool has_raw_control(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c < 0x20 && c != '\n') || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
            static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            return true;  // a C1 control such as U+009B (CSI)
        }
    }
    return false;
}

// A contact whose stored name and note carry terminal escapes, as an older version (or a
// database edited by hand) may hold them.
struct HostileShop {
    TempDir dir;
    std::string db;
    std::string id;
    explicit HostileShop(const std::string& engine) : db(test::cli_store(engine, dir)) {
        id = first_line(cli(db, {"add", "--name", "Ana", "--phone", "612345678", "--note",
                                 "nota \x1b]0;titulo\x07 \x1b[2J\x7f \xc2\x9b" "31m fin"})
                            .out);
        REQUIRE(id.size() == 36);
        const std::string chr = test::is_postgresql(db) ? "chr" : "char";
        test::tamper(db, "UPDATE contacts SET display_name = 'Ana' || " + chr + "(27) || '[2J' || " + chr +
                             "(27) || '[31mRoja'");
    }
};

}  // namespace

TEST_CASE("cli: --escape always shows control characters of stored values escaped", "[cli][terminal]") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    HostileShop shop(engine);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"list", "--escape", "always"}, {"show", shop.id, "--escape", "always"},
             {"history", shop.id, "--escape", "always"}, {"--escape", "always", "list"}}) {
        const auto r = cli(shop.db, args);
        INFO(args[0] + " " + args[1]);
        REQUIRE(r.exit_code == 0);
        CHECK_FALSE(has_raw_control(r.out));
        CHECK_THAT(r.out, Catch::Contains("Ana\\x1b[2J\\x1b[31mRoja"));
    }
    const auto show = cli(shop.db, {"show", shop.id, "--escape", "always"});
    CHECK_THAT(show.out, Catch::Contains("nota \\x1b]0;titulo\\x07 \\x1b[2J\\u007f \\u009b31m fin"));
    // JSON escapes controls itself and stays valid JSON with the same values when escaped.
    const auto json = cli(shop.db, {"show", shop.id, "--json", "--escape", "always"});
    REQUIRE(json.exit_code == 0);
    CHECK_FALSE(has_raw_control(json.out));
    const auto doc = nlohmann::json::parse(json.out);
    CHECK(doc["name"] == "Ana\x1b[2J\x1b[31mRoja");
    CHECK(doc["notes"] == "nota \x1b]0;titulo\x07 \x1b[2J\x7f \xc2\x9b" "31m fin");
    // An error message quoting input is escaped on stderr too.
    const auto bad = cli(shop.db, {"show", "\x1b[2J", "--escape", "always"});
    CHECK(bad.exit_code == 1);
    CHECK_FALSE(has_raw_control(bad.err));
}

TEST_CASE("cli: output to a pipe or file keeps the bytes as stored, unless asked", "[cli][terminal]") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    HostileShop shop(engine);
    const auto piped = cli(shop.db, {"list"});
    REQUIRE(piped.exit_code == 0);
    CHECK_THAT(piped.out, Catch::Contains("Ana\x1b[2J"));
    CHECK_THAT(cli(shop.db, {"list", "--escape", "never"}).out, Catch::Contains("Ana\x1b[2J"));
    CHECK(cli(shop.db, {"list", "--escape", "sometimes"}).exit_code == 2);
}

TEST_CASE("cli: on a real terminal (a pty made by script) control characters are escaped", "[cli][terminal]") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    HostileShop shop(engine);
    const std::string command = std::string("'") + CLIENTELA_CLI + "' --db '" + shop.db + "' list; '" + CLIENTELA_CLI +
                                "' --db '" + shop.db + "' show " + shop.id;
    const auto r = run_process({"/usr/bin/script", "-qec", command, "/dev/null"}, {{"LC_ALL", "C"}, {"USER", "tester"}});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("Ana\\x1b[2J\\x1b[31mRoja"));
    CHECK_THAT(r.out, Catch::Contains("\\x1b[2J\\u007f"));
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x7f') == std::string::npos);
}

TEST_CASE("cli: a name of invisible characters only is refused: controls are taken out of names", "[cli][names]") {
    const std::string engine = GENERATE(from_range(test::cli_engines()));
    TempDir dir;
    const auto db = test::cli_store(engine, dir);
    for (const char* invisible : {"\xe2\x80\x8b\xe2\x80\x8b", "\xe2\x80\x8d \xef\xbb\xbf", "\xe2\x80\xae\xe2\x81\xa6 ",
                                  "\xe2\x80\x8e\xe2\x80\x8f\xc2\xa0"}) {
        const auto r = cli(db, {"add", "--name", invisible, "--phone", "612345678"});
        CHECK(r.exit_code == 1);
        CHECK_THAT(r.err, Catch::Contains("invisible"));
    }
    CHECK(cli(db, {"stats"}).out.find("contacts:       0") != std::string::npos);
    const auto r = cli(db, {"add", "--name", "Ana\xe2\x80\xae" "ztap\x1b[2J", "--phone", "612345678"});
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("warning"));
    const auto shown = cli(db, {"show", first_line(r.out)});
    CHECK(first_line(shown.out) == "Anaztap[2J");
}
