// Bad input everywhere: wrong arguments, settings values, dates and huge or broken fields.
// Each must end with a clear message (exit 1, or 2 for usage), never a crash, and leave the
// database exactly as it was.
#include "../integration/process.hpp"
#include "../unit/store/temp_dir.hpp"

#include <SQLiteCpp/Database.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

using clientela::test::ProcessResult;

namespace {

ProcessResult cli(const std::string& db, const std::vector<std::string>& args) {
    return clientela::test::run_cli(CLIENTELA_CLI, db, args, {{"USER", "tester"}});
}

// Every row of every table, in a stable order: equal fingerprints mean nothing was written.
std::string fingerprint(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    std::string all;
    SQLite::Statement tables(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                 "ORDER BY name");
    while (tables.executeStep()) {
        const std::string t = tables.getColumn(0).getString();
        all += "#" + t + "\n";
        SQLite::Statement rows(db, "SELECT * FROM \"" + t + "\"");
        std::vector<std::string> lines;
        while (rows.executeStep()) {
            std::string line;
            for (int c = 0; c < rows.getColumnCount(); ++c) line += rows.getColumn(c).getString() + "|";
            lines.push_back(line);
        }
        std::sort(lines.begin(), lines.end());
        for (const auto& l : lines) all += l + "\n";
    }
    return all;
}

std::string big(std::size_t n, const std::string& unit = "a") {
    std::string s;
    while (s.size() < n) s += unit;
    return s;
}

}  // namespace

TEST_CASE("bad input: a clear error, no crash, nothing written", "[reliability][bad-input]") {
    clientela::test::TempDir dir;
    const std::string db = dir.file("shop.db");
    REQUIRE(cli(db, {"demo"}).exit_code == 0);
    REQUIRE(cli(db, {"backup", "settings", "--auto", "false"}).exit_code == 0);
    const auto listed = cli(db, {"list", "--limit", "1", "--json"});
    const std::string id = listed.out.substr(listed.out.find("\"id\": \"") + 7, 36);
    std::ofstream(dir.file("empty.vcf")).close();
    {
        std::ofstream bin(dir.file("binary.csv"), std::ios::binary);
        for (int i = 0; i < 4096; ++i) bin.put(static_cast<char>(i * 7 % 256));
    }
    {
        std::ofstream huge(dir.file("one_line.csv"));
        huge << "Nombre;Móvil\n" << big(3 << 20, "x;") << "\n";
    }
    const std::string not_utf8 = "\xff\xfe\x41";
    const std::vector<std::pair<int, std::vector<std::string>>> cases = {
        // arguments
        {2, {"no-such-command"}},
        {2, {"list", "--no-such-option"}},
        {2, {"list", "--limit", "-5"}},
        {2, {"list", "--limit", "abc"}},
        {2, {"add"}},
        {2, {"consent", "grant", id, "--channel", "whatsapp_personal", "--purpose", "marketing", "--method", "paper"}},
        {2, {"consent", "grant", id, "--channel", "email", "--purpose", "spam", "--method", "paper"}},
        {1, {"show", "ab"}},
        {1, {"show", "ffffffff-ffff-ffff-ffff-ffffffffffff"}},
        {1, {"add", "--name", "   "}},
        // settings values
        {1, {"settings", "set", "--region", "XX"}},
        {1, {"settings", "set", "--time-zone", "Mars/Olympus"}},
        {1, {"settings", "set", "--expiry-months", "-1"}},
        {1, {"settings", "set", "--expiry-months", "100000"}},
        {2, {"settings", "set", "--double-opt-in", "maybe"}},
        {2, {"settings", "set", "--expiry-months", "99999999999999999999"}},
        {1, {"settings", "set", "--shop-name", big(1000)}},
        {1, {"backup", "settings", "--keep", "0"}},
        {1, {"backup", "settings", "--interval-hours", "100000"}},
        {1, {"backup", "settings", "--dir", "relative/dir"}},
        {2, {"backup", "settings", "--keep", "many"}},
        // dates
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording", "1",
             "--at", "2026-13-45"}},
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording", "1",
             "--at", "yesterday"}},
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording", "1",
             "--at", "2999-01-01T10:00:00Z"}},
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording", "1",
             "--at", big(5000, "2026")}},
        {1, {"audience", "--purpose", "marketing", "--at", "25/11/2026"}},
        // huge and broken fields
        {1, {"add", "--name", big(100000, "é")}},
        {1, {"add", "--name", "Ana", "--note", big(120000)}},
        {1, {"add", "--name", "Ana", "--phone", big(100000, "6")}},
        {1, {"add", "--name", "Ana", "--email", big(10000) + "@example.es"}},
        {1, {"add", "--name", "Ana", "--tag", big(100000, "t")}},
        {1, {"add", "--name", not_utf8}},
        {1, {"add", "--name", "Ana", "--note", not_utf8}},
        {1, {"add", "--name", "Ana", "--email", not_utf8 + "@example.es"}},
        {1, {"wording", "add", "--text", ""}},
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording",
             "999999"}},
        {1, {"consent", "grant", id, "--channel", "email", "--purpose", "marketing", "--method", "paper", "--wording",
             "1", "--evidence", big(120000)}},
        // files
        {2, {"import", dir.file("missing.vcf")}},
        {2, {"import", dir.path().string()}},
        {1, {"import", dir.file("binary.csv")}},
        {1, {"restore", dir.file("missing.db")}},
        {1, {"restore", dir.file("binary.csv"), "--yes"}},
    };
    const std::string before = fingerprint(db);
    int checked = 0;
    for (const auto& [expected, args] : cases) {
        const auto r = cli(db, args);
        std::string shown;
        for (const auto& a : args) shown += (a.size() > 40 ? a.substr(0, 40) + "..." : a) + " ";
        INFO("clientela-cli " << shown << "-> exit " << r.exit_code << ", stderr: " << r.err.substr(0, 300));
        CHECK(r.exit_code == expected);
        CHECK_FALSE(r.err.empty());
        CHECK(r.err.size() < 2000);  // a sentence, not a dump of the input
        CHECK(r.err.find("unexpected problem") == std::string::npos);
        CHECK(fingerprint(db) == before);
        ++checked;
    }
    // Files with nothing usable are reported, not errors: exit 0, an issue, nothing written.
    const auto empty = cli(db, {"import", dir.file("empty.vcf"), "--json"});
    CHECK(empty.exit_code == 0);
    CHECK_THAT(empty.out, Catch::Contains("\"records_read\": 0"));
    const auto long_line = cli(db, {"import", dir.file("one_line.csv"), "--json"});
    CHECK(long_line.exit_code == 0);
    CHECK_THAT(long_line.out, Catch::Contains("\"skipped\": 1") && Catch::Contains("MiB"));
    CHECK(fingerprint(db) == before);
    std::cout << "bad input: " << checked << " cases, each refused with a message and nothing written\n";
    // A database path that is a directory or not a database: refused, the file untouched.
    std::ofstream(dir.file("notes.txt")) << "not a database\n";
    const auto not_db = cli(dir.file("notes.txt"), {"stats"});
    CHECK(not_db.exit_code == 1);
    CHECK_THAT(not_db.err, Catch::Contains("clientela-cli:"));
    std::ifstream back(dir.file("notes.txt"));
    std::string content((std::istreambuf_iterator<char>(back)), std::istreambuf_iterator<char>());
    CHECK(content == "not a database\n");
    CHECK(cli(dir.path().string(), {"stats"}).exit_code == 1);
}
