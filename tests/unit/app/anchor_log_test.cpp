// The anchor log: its line format, private file, restores retiring later anchors, and the
// ledger proof that uses it (a truncated chain fails once an anchor was taken).
#include "app/anchor_log.hpp"
#include "app/backup.hpp"
#include "app/ledger_proof.hpp"
#include "core/errors.hpp"
#include "../store/temp_dir.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-11-20T08:00:00Z");

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

app::AnchorRecord anchor(const std::string& id, std::int64_t seq, char hash_digit,
                         app::AnchorKind kind = app::AnchorKind::anchor) {
    app::AnchorRecord r;
    r.kind = kind;
    r.database_id = id;
    r.seq = seq;
    r.hash = std::string(64, hash_digit);
    r.at = kT0;
    r.source = kind == app::AnchorKind::anchor ? "verify" : "restore";
    return r;
}

// A grant (or withdraw) of email marketing for one contact, straight through the ledger.
ConsentEvent record(app::Session& s, ConsentAction action) {
    auto& ledger = s.ledger();
    auto tx = s.database().begin_write();
    if (ledger.wordings().empty()) ledger.add_wording("default", "es", "Acepto ofertas de La Aguja por email.", kT0);
    ConsentEvent e;
    e.event_uuid = new_uuid();
    e.contact_uuid = "c-1";
    e.point_hash = point_hash("ana@example.es", s.database().identifier_secret());
    e.recorded_by = "Rocío";
    e.action = action;
    e.wording_id = action == ConsentAction::grant ? ledger.wordings().front().id : 0;
    e.occurred_at = e.recorded_at = kT0 + std::chrono::minutes(ledger.event_count());
    auto sealed = ledger.append(e);
    tx.commit();
    return sealed;
}

// Points XDG_DATA_HOME at a directory for one test: a PostgreSQL shop's anchor log lives in the
// data directory of the machine that runs verify (app/paths.hpp).
class DataHome {
public:
    explicit DataHome(const std::string& dir) {
        if (const char* old = std::getenv("XDG_DATA_HOME")) saved_ = old;
        had_ = std::getenv("XDG_DATA_HOME") != nullptr;
        ::setenv("XDG_DATA_HOME", dir.c_str(), 1);
    }
    ~DataHome() {
        if (had_) {
            ::setenv("XDG_DATA_HOME", saved_.c_str(), 1);
        } else {
            ::unsetenv("XDG_DATA_HOME");
        }
    }
    DataHome(const DataHome&) = delete;
    DataHome& operator=(const DataHome&) = delete;

private:
    bool had_ = false;
    std::string saved_;
};

}  // namespace

TEST_CASE("the anchor log is a private tab-separated file with a version header") {
    test::TempDir dir;
    const auto log = dir.file("sub/ledger-anchors.tsv");
    app::append_anchor_record(log, anchor("db-1", 3, 'a'));
    app::append_anchor_record(log, anchor("db-1", 5, 'b'));
    struct stat st {};
    REQUIRE(::stat(log.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.file("sub").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    CHECK(slurp(log) == "# clientela-anchors-v1\n"
                        "# kind\tdatabase_id\tseq\thash\ttime_utc\tsource\n"
                        "anchor\tdb-1\t3\t" + std::string(64, 'a') + "\t2026-11-20T08:00:00Z\tverify\n"
                        "anchor\tdb-1\t5\t" + std::string(64, 'b') + "\t2026-11-20T08:00:00Z\tverify\n");
    const auto read = app::read_anchor_log(log);
    CHECK(read.found);
    REQUIRE(read.records.size() == 2);
    CHECK(read.records[1].seq == 5);
    CHECK(read.records[1].at == kT0);
    CHECK(read.unreadable_lines == 0);
    CHECK_FALSE(app::read_anchor_log(dir.file("none.tsv")).found);
    CHECK_THROWS_AS(app::append_anchor_record(log, anchor("db\t2", 1, 'a')), ValidationError);
}

TEST_CASE("a restore retires the anchors past its seq, later anchors count again, other databases are apart") {
    test::TempDir dir;
    const auto log = dir.file("ledger-anchors.tsv");
    app::append_anchor_record(log, anchor("db-1", 3, 'a'));
    app::append_anchor_record(log, anchor("db-1", 7, 'b'));
    app::append_anchor_record(log, anchor("db-2", 9, 'c'));
    app::append_anchor_record(log, anchor("db-1", 3, 'a'));  // the same anchor again counts once
    app::append_anchor_record(log, anchor("db-1", 4, '0', app::AnchorKind::restored));
    app::append_anchor_record(log, anchor("db-1", 6, 'd'));
    {
        std::ofstream out(log, std::ios::app);
        out << "anchor\tdb-1\tnot-a-number\n" << "anchor\tdb-1\t8\t" << std::string(64, 'e');  // cut by a crash
    }
    const auto contents = app::read_anchor_log(log);
    CHECK(contents.unreadable_lines == 2);
    const auto live = app::live_anchors(contents, "db-1");
    REQUIRE(live.size() == 2);
    CHECK(live[0].seq == 3);
    CHECK(live[1].seq == 6);
    CHECK(app::live_anchors(contents, "db-2").size() == 1);

    auto chain = [](std::int64_t seq) -> std::optional<std::string> {
        if (seq == 3) return std::string(64, 'a');
        if (seq == 6) return std::string(64, 'd');
        return std::nullopt;
    };
    const auto ok = app::check_anchors(log, "db-1", chain);
    CHECK(ok.ok);
    CHECK(ok.log_found);
    CHECK(ok.anchors_checked == 2);
    const auto cut = app::check_anchors(log, "db-1", [](std::int64_t seq) -> std::optional<std::string> {
        if (seq <= 5) return std::string(64, 'a');
        return std::nullopt;
    });
    CHECK_FALSE(cut.ok);
    CHECK(cut.broken_seq == 6);
    CHECK_THAT(cut.problem, Catch::Contains("event 6"));
    const auto none = app::check_anchors(dir.file("none.tsv"), "db-1", chain);
    CHECK(none.ok);
    CHECK_FALSE(none.log_found);
    CHECK(none.anchors_checked == 0);
}

TEST_CASE("every database gets a random id, kept by its backups") {
    const std::string engine = GENERATE(as<std::string>{}, "sqlite", "postgresql");
    app::Session a(test::fresh_shop(engine));
    app::Session b(test::fresh_shop(engine));
    CHECK(a.database().database_id().size() == 32);
    CHECK(a.database().database_id() != b.database().database_id());
    if (engine == "sqlite") {  // backup files are SQLite's (a PostgreSQL database is dumped by pg_dump)
        test::TempDir dir;
        record(a, ConsentAction::grant);
        app::backup_now(a, dir.file("copy.db"), kT0);
        app::Session copy(dir.file("copy.db"));
        CHECK(copy.database().database_id() == a.database().database_id());
        CHECK(app::Session(":memory:").database().database_id().size() == 32);
    }
}

TEST_CASE("the ledger proof anchors its head, and a truncated chain fails against that anchor") {
    test::TempDir dir;
    const DataHome home(dir.path().string());
    const std::string where = GENERATE(from_range(test::shop_locations()));
    const bool pg = store::is_postgresql(where);
    // SQLite: beside the database file. PostgreSQL: in the data directory of the machine that
    // runs verify, never a path made of the URI.
    const auto log = pg ? dir.file("clientela/ledger-anchors.tsv")
                        : (std::filesystem::path(where).parent_path() / "ledger-anchors.tsv").string();
    CHECK(app::anchor_log_path(where) == log);
    CHECK(app::anchor_log_path(":memory:").empty());
    app::Session s(where);
    record(s, ConsentAction::grant);
    const auto withdrawal = record(s, ConsentAction::withdraw);

    const auto first = app::prove_ledger(s, {});
    CHECK(first.ok());
    CHECK_FALSE(first.anchors.log_found);  // "no outside anchors": not a failure
    CHECK(first.anchored);
    const auto second = app::prove_ledger(s, {});
    CHECK(second.ok());
    CHECK(second.anchors.log_found);
    CHECK(second.anchors.anchors_checked == 1);
    CHECK_THAT(slurp(log), Catch::Contains("\t2\t" + withdrawal.hash + "\t"));

    // The withdrawal removed behind the trigger, the trigger and the projection put back.
    if (pg) {  // a superuser's session that fires no triggers (they stay enabled for verify)
        s.database().conn().exec("SET session_replication_role = replica");
        s.database().conn().exec("DELETE FROM consent_events WHERE seq = 2");
        s.database().conn().exec("SET session_replication_role = origin");
    } else {
        auto& raw = s.database().sql();
        const std::string trigger =
            raw.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'consent_events_no_delete'").getString();
        raw.exec("DROP TRIGGER consent_events_no_delete");
        raw.exec("DELETE FROM consent_events WHERE seq = 2");
        raw.exec(trigger);
    }
    {
        auto tx = s.database().begin_write();
        s.ledger().rebuild_projection();
        tx.commit();
    }
    REQUIRE(s.ledger().verify().ok());  // the store alone cannot tell
    const auto after = app::prove_ledger(s, {});
    CHECK_FALSE(after.ok());
    CHECK_FALSE(after.anchors.ok);
    CHECK(after.anchors.broken_seq == 2);
    CHECK_FALSE(after.anchored);
    CHECK_THAT(after.first_problem(), Catch::Contains("event 2"));

    app::LedgerProofRequest expect;
    expect.expect_head = withdrawal.hash;
    expect.anchor_log = dir.file("elsewhere.tsv");
    const auto expected = app::prove_ledger(s, expect);
    CHECK_FALSE(expected.ok());
    CHECK(expected.expected_head.asked);
    CHECK_FALSE(expected.expected_head.found);
}

TEST_CASE("a backup anchors the head, and restoring it retires the anchors taken after it") {
    // SQLite only: backup and restore files (PostgreSQL: pg_dump and pg_restore, backup_test.cpp).
    test::TempDir dir;
    const auto db = dir.file("shop.db");
    const auto log = dir.file("ledger-anchors.tsv");
    {
        app::Session s(db);
        record(s, ConsentAction::grant);
        app::backup_now(s, dir.file("copy.db"), kT0);
        CHECK_THAT(slurp(log), Catch::Contains("\tbackup\n"));
        record(s, ConsentAction::withdraw);
        REQUIRE(app::prove_ledger(s, {}).ok());
    }
    const auto restored = app::restore_backup(db, dir.file("copy.db"), true);
    CHECK_THAT(slurp(log), Catch::Contains("restored\t"));
    // The withdrawal recorded after the backup is appended again (restore_carry_over), as a
    // new event 2 whose hash differs from the anchored one: that anchor is retired.
    CHECK(restored.withdrawals_reapplied == 1);
    app::Session s(db);
    const auto proof = app::prove_ledger(s, {});
    CHECK(proof.ok());
    CHECK(proof.ledger.chain.events_checked == 2);
    CHECK(proof.anchors.anchors_checked == 1);
}

TEST_CASE("in-memory databases take no anchors") {
    // SQLite only: PostgreSQL has no in-memory database.
    app::Session s(":memory:");
    record(s, ConsentAction::grant);
    const auto proof = app::prove_ledger(s, {});
    CHECK(proof.ok());
    CHECK_FALSE(proof.anchored);
    CHECK_FALSE(proof.anchors.log_found);
    app::anchor_ledger_head(s, "backup", kT0);  // nothing to do, nothing thrown
}

TEST_CASE("a backup whose anchor cannot be written is still made, with a warning") {
    // SQLite only: backup files (a PostgreSQL backup is refused, backup_test.cpp).
    test::TempDir dir;
    app::Session s(dir.file("shop.db"));
    record(s, ConsentAction::grant);
    std::filesystem::create_directory(dir.file("ledger-anchors.tsv"));  // not a file: cannot be appended to
    const auto made = app::backup_now(s, dir.file("copy.db"), kT0);
    CHECK(std::filesystem::exists(made.path));
    CHECK_THAT(made.anchor_warning, Catch::Contains("the backup was written") && Catch::Contains("ledger-anchors.tsv"));
    const auto proof = app::prove_ledger(s, {});
    CHECK_FALSE(proof.ok());  // a log that exists but cannot be read is not "no anchors"
}
