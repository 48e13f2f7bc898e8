#include "app/consent_desk.hpp"
#include "app/importer.hpp"
#include "core/errors.hpp"
#include "../store/temp_dir.hpp"
#include "store/sql.hpp"
#include "store/sqlite_connection.hpp"
#include "store/store.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace clientela;

namespace {

std::string data(const std::string& name) { return std::string(CLIENTELA_TEST_DATA_DIR) + "/" + name; }

std::string write(const test::TempDir& dir, const std::string& name, const std::string& text) {
    const auto path = dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::size_t count_kind(const app::ImportReport& r, const std::string& kind) {
    std::size_t n = 0;
    for (const auto& i : r.issues) n += i.kind == kind;
    return n;
}

const std::string kCards =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Núñez\r\nTEL;TYPE=CELL:612 34 56 78\r\nEMAIL:ana@example.es\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana N.\r\nTEL;TYPE=CELL:+34612345678\r\nNOTE:prefiere tardes\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luis Pérez\r\nTEL:915 55 01 23\r\nTEL:12345\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Marta Pérez\r\nTEL:915 55 01 23\r\nEMAIL:marta@@example\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Luis Pérez\r\nTEL;TYPE=CELL:699 00 01 11\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD\r\n";

}  // namespace

TEST_CASE("an import normalises, folds duplicates by mobile and never by landline") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto report = app::import_files(s, {write(dir, "phone.vcf", kCards)}, {});
    CHECK(report.committed);
    CHECK(report.records_read == 5);          // the empty card is not a record: it is reported as skipped
    CHECK(report.contacts_created == 4);      // Ana, Luis, Marta, second Luis
    CHECK(report.duplicates_in_file == 1);    // "Ana N." has Ana's mobile
    CHECK(report.phones == 6);
    CHECK(report.emails == 2);
    CHECK(report.invalid_phones == 1);        // 12345 kept and flagged
    CHECK(report.invalid_emails == 1);        // marta@@example kept and flagged
    CHECK(report.skipped == 1);               // the empty card
    CHECK(report.possible_duplicates == 1);   // second Luis Pérez: same name, other number
    CHECK(count_kind(report, "possible_duplicate") == 1);
    CHECK(s.stats().contacts == 4);

    const auto ana = s.list_contacts("nunez", 0, 10);
    REQUIRE(ana.size() == 1);
    const Contact c = s.contact(ana[0].uuid);
    CHECK(c.source == SourceKind::import);
    CHECK(c.source_file == "phone.vcf");
    CHECK(c.source_line == 1);
    CHECK(c.notes == "prefiere tardes");  // merged from the duplicate card
    CHECK(c.first_mobile()->normalized == "+34612345678");
    CHECK(s.count_contacts("perez") == 3);  // two Luis and Marta share a landline but stay apart
    CHECK(s.stats().consent_events == 0);    // import never grants consent
}

TEST_CASE("issues carry the file and line of the record") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto report = app::import_files(s, {write(dir, "phone.vcf", kCards)}, {});
    bool found = false;
    for (const auto& i : report.issues) {
        if (i.kind == "invalid_phone") {
            CHECK(i.file == "phone.vcf");
            CHECK(i.line == 13);
            CHECK_THAT(i.message, Catch::Contains("12345"));
            found = true;
        }
    }
    CHECK(found);
}

TEST_CASE("a dry run reports the same counts and writes nothing") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::ImportOptions o;
    o.dry_run = true;
    const auto preview = app::import_files(s, {write(dir, "phone.vcf", kCards)}, o);
    CHECK_FALSE(preview.committed);
    CHECK(preview.contacts_created == 4);
    CHECK(s.stats().contacts == 0);
    const auto real = app::import_files(s, {dir.file("phone.vcf")}, {});
    CHECK(real.contacts_created == preview.contacts_created);
    CHECK(real.duplicates_in_file == preview.duplicates_in_file);
}

TEST_CASE("importing the same file again merges instead of duplicating and keeps consent apart") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto path = write(dir, "phone.vcf", kCards);
    app::import_files(s, {path}, {});
    const auto again = app::import_files(s, {path}, {});
    CHECK(again.contacts_merged == 2);      // Ana and the Luis with a mobile
    CHECK(again.duplicates_in_file == 1);
    // Luis (landline + invalid number) and Marta (landline) are never matched by a landline
    // alone: they come in again, each flagged as a possible duplicate by name.
    CHECK(again.contacts_created == 2);
    CHECK(again.possible_duplicates == 2);
    CHECK(s.stats().contacts == 6);
    const auto ana = s.contact(s.list_contacts("nunez", 0, 1).at(0).uuid);
    CHECK(ana.points.size() == 2);          // nothing duplicated inside the merged contact
    CHECK(ana.notes == "prefiere tardes");
}

TEST_CASE("cancelling an import leaves the database exactly as before") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    std::string many;
    for (int i = 0; i < 3000; ++i) {
        many += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " + std::to_string(i) + "\r\nTEL;TYPE=CELL:6" +
                std::to_string(10000000 + i) + "\r\nEND:VCARD\r\n";
    }
    const auto path = write(dir, "many.vcf", many);
    int calls = 0;
    app::ImportOptions o;
    o.progress = [&](const app::ImportProgress& p) {
        ++calls;
        return p.stage == app::ImportProgress::Stage::reading;  // cancel once saving starts
    };
    CHECK_THROWS_WITH(app::import_files(s, {path}, o), Catch::Contains("cancelled"));
    CHECK(calls > 1);
    CHECK(s.stats().contacts == 0);
    const auto ok = app::import_files(s, {path}, {});
    CHECK(ok.contacts_created == 3000);
    CHECK(s.stats().phones == 3000);
}

TEST_CASE("suppressed identifiers are skipped and reported") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    {
        auto tx = s.database().begin_write();
        s.ledger().suppress(point_hash("+34612345678", s.database().identifier_secret()), "erased", now_utc());
        tx.commit();
    }
    const auto report = app::import_files(s, {write(dir, "phone.vcf", kCards)}, {});
    CHECK(report.suppressed == 2);  // both cards with Ana's mobile
    CHECK(s.count_contacts("nunez") == 0);
    CHECK(count_kind(report, "suppressed") == 2);
}

TEST_CASE("the sample exports of phones and spreadsheets import together") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto r = app::import_files(
        s, {data("android_v21.vcf"), data("ios_v30.vcf"), data("google_v30.vcf"), data("rfc6350_v40.vcf"),
            data("tienda_es_cp1252.csv")},
        {});
    CHECK(r.records_read == 16);
    // The samples share mobiles: "Mª José Pérez Núñez" (spreadsheet) is José Núñez (phone),
    // but Carmen Ruiz has two other people's mobiles and Ángel Gil has José's: conflicts,
    // imported on their own without them.
    CHECK(r.contacts_created == 15);
    CHECK(r.duplicates_in_file == 1);
    CHECK(r.conflicts == 3);
    CHECK(r.skipped == 1);
    CHECK(s.stats().contacts == 15);
    // The spreadsheet's "34612345678" and the phone's "612 34 56 78" are one person.
    const auto jose = s.list_contacts("612345678", 0, 5);
    REQUIRE(jose.size() == 1);
    const Contact c = s.contact(jose[0].uuid);
    CHECK_THAT(c.notes, Catch::Contains("paga con tarjeta"));
}

TEST_CASE("bad files and mappings are refused before anything is written") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    CHECK_THROWS_AS(app::import_files(s, {dir.file("missing.vcf")}, {}), ValidationError);
    const auto binary = write(dir, "photo.jpg", std::string("\xFF\xD8\xFF\xE0\0\0JFIF\0\x01\x02", 13));
    CHECK_THROWS_AS(app::import_files(s, {binary}, {}), ValidationError);
    const auto unknown = write(dir, "raro.csv", "Columna A;Columna B\nx;y\n");
    CHECK_THROWS_WITH(app::import_files(s, {unknown}, {}), Catch::Contains("Columna A"));
    app::ImportOptions mapped;
    mapped.mapping = {{"Columna A", "name"}, {"Columna B", "phone"}};
    const auto ok = write(dir, "raro2.csv", "Columna A;Columna B\nPepa;612000111\n");
    CHECK(app::import_files(s, {ok}, mapped).contacts_created == 1);
    mapped.mapping = {{"Columna A", "nombre"}};
    CHECK_THROWS_AS(app::import_files(s, {ok}, mapped), ValidationError);
    CHECK(s.stats().contacts == 1);
}

TEST_CASE("a large file normalised on several threads keeps counts and issues in file order") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    // 5000 cards of 6 lines (several chunks of records); every 97th has an invalid phone,
    // every 250th repeats the previous card (name and mobile).
    std::string text;
    int invalid = 0, repeats = 0;
    for (int i = 0; i < 5000; ++i) {
        const int mobile = (i % 250 == 249) ? 10000000 + i - 1 : 10000000 + i;
        repeats += i % 250 == 249;
        const int name = (i % 250 == 249) ? i - 1 : i;
        text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " + std::to_string(name) + "\r\nTEL;TYPE=CELL:6" +
                std::to_string(mobile) + "\r\n";
        text += (i % 97 == 0) ? "TEL:12\r\n" : "NOTE:-\r\n";
        invalid += i % 97 == 0;
        text += "END:VCARD\r\n";
    }
    const auto report = app::import_files(s, {write(dir, "big.vcf", text)}, {});
    CHECK(report.records_read == 5000);
    CHECK(report.phones == 5000 + invalid);
    CHECK(report.invalid_phones == invalid);
    CHECK(report.duplicates_in_file == repeats);
    CHECK(report.contacts_created == 5000 - repeats);
    CHECK(s.stats().contacts == 5000 - repeats);

    // Issues come in line order, and each invalid phone names its card's line.
    std::size_t previous_line = 0;
    std::size_t invalid_seen = 0;
    for (const auto& i : report.issues) {
        CHECK(i.line >= previous_line);
        previous_line = i.line;
        if (i.kind == "invalid_phone") {
            CHECK((i.line - 1) % 6 == 0);
            CHECK(((i.line - 1) / 6) % 97 == 0);
            ++invalid_seen;
        }
    }
    CHECK(invalid_seen == static_cast<std::size_t>(invalid));
}

TEST_CASE("the wizard's look at a file gives its format, columns and the field of each") {
    test::TempDir dir;
    const auto vcard = app::inspect_import_file(data("android_v21.vcf"));
    CHECK(vcard.format == io::Format::vcard);
    CHECK(vcard.headers.empty());
    CHECK(vcard.problem.empty());

    // A Spanish shop spreadsheet (Windows-1252, ';'): every column known.
    const auto shop = app::inspect_import_file(data("tienda_es_cp1252.csv"));
    CHECK(shop.format == io::Format::generic_csv);
    REQUIRE(shop.headers.size() == 7);
    CHECK(shop.headers[2] == "Móvil");
    CHECK(shop.fields[0] == "given_name");
    CHECK(shop.fields[1] == "family_name");
    CHECK(shop.fields[2] == "mobile");
    CHECK(shop.fields[3] == "phone");
    CHECK(shop.fields[4] == "email");
    CHECK(shop.problem.empty());

    // Unknown headers: the problem names them; a mapping fixes it and shows in the fields.
    const auto path = write(dir, "raro.csv", "Col1;Col2;Col3\nPepa Ruiz;612000111;pepa@example.es\n");
    const auto bare = app::inspect_import_file(path);
    CHECK(bare.format == io::Format::generic_csv);
    CHECK(bare.headers == std::vector<std::string>{"Col1", "Col2", "Col3"});
    CHECK(bare.fields == std::vector<std::string>{"ignore", "ignore", "ignore"});
    CHECK_THAT(bare.problem, Catch::Contains("Col1"));
    const auto mapped =
        app::inspect_import_file(path, io::Format::auto_detect, {{"Col1", "name"}, {"Col2", "mobile"}});
    CHECK(mapped.problem.empty());
    CHECK(mapped.fields == std::vector<std::string>{"name", "mobile", "ignore"});
    const auto wrong = app::inspect_import_file(path, io::Format::auto_detect, {{"Col1", "apodo"}});
    CHECK_THAT(wrong.problem, Catch::Contains("apodo"));

    CHECK(app::import_fields().front() == "name");
    CHECK(app::import_fields().back() == "ignore");
    CHECK_THROWS_AS(app::inspect_import_file(dir.file("no-such.vcf")), ValidationError);
}

namespace {

// `n` cards, each with its own mobile, numbered from `first`.
std::string numbered_cards(int first, int n) {
    std::string text;
    for (int i = first; i < first + n; ++i) {
        text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " + std::to_string(i) + "\r\nTEL;TYPE=CELL:6" +
                std::to_string(10000000 + i) + "\r\nEMAIL:c" + std::to_string(i) + "@example.es\r\nEND:VCARD\r\n";
    }
    return text;
}

std::int64_t indexes_named(app::Session& s) {
    if (s.database().on_postgresql()) {
        return store::sql::query_int64(
            s.database().conn(),
            "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN "
            "('contacts_by_sort_key', 'contact_points_unique_identity', 'contact_points_by_normalized')");
    }
    return s.database()
        .sql()
        .execAndGet("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN "
                    "('contacts_by_sort_key', 'contact_points_unique_identity', 'contact_points_by_normalized')")
        .getInt64();
}

}  // namespace

TEST_CASE("a bulk import into a small table builds its indexes at the end, whole or not at all") {
    test::TempDir dir;
    // A fresh shop for each section (a generator keeps its value across sections).
    const std::string where = test::fresh_shop(GENERATE(as<std::string>{}, "sqlite", "postgresql"));
    app::Session s(where);
    REQUIRE(indexes_named(s) == 3);
    const auto path = write(dir, "bulk.vcf", numbered_cards(0, 6000));

    SECTION("cancelled while saving: nothing written, the indexes are there") {
        app::ImportOptions o;
        o.progress = [](const app::ImportProgress& p) {
            return p.stage == app::ImportProgress::Stage::reading || p.fraction < 0.5;
        };
        CHECK_THROWS_WITH(app::import_files(s, {path}, o), Catch::Contains("cancelled"));
        CHECK(s.stats().contacts == 0);
        CHECK(indexes_named(s) == 3);
    }
    SECTION("committed: indexed, searchable, UUIDs in id order, and the identity index refuses duplicates") {
        const auto r = app::import_files(s, {path}, {});
        CHECK(r.contacts_created == 6000);
        CHECK(indexes_named(s) == 3);
        CHECK(store::sql::query_int64(
                  s.database().conn(),
                  "SELECT count(*) FROM contacts a JOIN contacts b ON b.id = a.id + 1 WHERE b.uuid < a.uuid") == 0);
        if (!store::is_postgresql(where)) {
            // SQLite only: its bulk path drops and rebuilds these indexes (PostgreSQL keeps them).
            auto& sql = s.database().sql();
            CHECK(sql.execAndGet("PRAGMA integrity_check").getString() == "ok");
            // The planner uses the rebuilt indexes.
            SQLite::Statement plan(sql,
                                   "EXPLAIN QUERY PLAN SELECT id FROM contact_points WHERE normalized = '+34610000001'");
            REQUIRE(plan.executeStep());
            CHECK_THAT(plan.getColumn(3).getString(), Catch::Contains("contact_points_by_normalized") ||
                                                          Catch::Contains("contact_points_unique_identity"));
        }
        CHECK(s.count_contacts("cliente 5999") == 1);
        CHECK(s.count_contacts("0005999") == 1);  // the end of the number
        CHECK(s.count_contacts("610005") == 1000);  // its start: 6 100 05xxx
        Contact twin;
        twin.display_name = "Otra";
        twin.points.push_back({0, PointKind::phone, "610000042", "+34610000042", "mobile", true, true, ""});
        CHECK_THROWS_AS(s.contacts_repo().insert(twin), ConflictError);

        // A smaller second import merges into the stored contacts, row by row.
        const auto again = app::import_files(s, {write(dir, "more.vcf", numbered_cards(5000, 2000))}, {});
        CHECK(again.contacts_merged == 1000);
        CHECK(again.contacts_created == 1000);
        CHECK(s.stats().contacts == 7000);
        CHECK(indexes_named(s) == 3);
    }
}

TEST_CASE("an import treats an email in another case as the same mailbox, in a card, the file and the database") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::NewContact familia;
    familia.name = "Familia Ruiz";
    familia.emails = {"Familia.Ruiz@example.com"};
    const auto uuid = s.add_contact(familia).contact.uuid;
    const std::string cards =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Paco Ruiz\r\nEMAIL:familia.ruiz@EXAMPLE.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lola Sanz\r\nEMAIL:Lola@example.com\r\nEMAIL:lola@example.com\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lola S.\r\nEMAIL:LOLA@example.com\r\nEND:VCARD\r\n";
    const auto report = app::import_files(s, {write(dir, "familia.vcf", cards)}, {});
    CHECK(report.committed);
    // Paco's card has the family's mailbox in another case, but another name: a conflict,
    // so he comes in on his own without it (one mailbox, one person; never poured into
    // Familia Ruiz). "Lola S." is plausibly Lola Sanz: folded into her.
    CHECK(report.contacts_created == 2);  // Paco, Lola
    CHECK(report.contacts_merged == 0);
    CHECK(report.conflicts == 1);
    CHECK(report.duplicates_in_file == 1);
    CHECK(s.stats().contacts == 3);
    CHECK(s.stats().shared_addresses == 0);
    REQUIRE(s.contact(uuid).points.size() == 1);
    CHECK(s.contact(uuid).points[0].normalized == "Familia.Ruiz@example.com");
    const auto lola = s.list_contacts("lola", 0, 5);
    REQUIRE(lola.size() == 1);
    CHECK(s.contact(lola[0].uuid).points.size() == 1);
}

TEST_CASE("a preview lists the people with their groups, and unticked records are left out, not suppressed") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    app::ImportOptions o;
    o.dry_run = true;
    o.list_people = true;
    const auto preview = app::import_files(s, {data("telefono_familia.vcf")}, o);
    REQUIRE(preview.people.size() == 7);
    const auto& mama = preview.people.front();
    CHECK(mama.name == "Mamá");
    CHECK(mama.mobile == "+34699111222");
    CHECK(mama.groups == std::vector<std::string>{"Familia"});
    CHECK(preview.people[3].email == "juan.luz@example.es");
    CHECK(preview.people[3].groups == std::vector<std::string>{"Casa"});

    // The wizard unticks Mamá and the whole "Casa" group by the records' keys.
    app::ImportOptions real;
    for (const auto& p : preview.people) {
        if (p.name == "Mamá" || p.groups == std::vector<std::string>{"Casa"}) {
            real.skip_records.insert(app::import_record_key(p.file, p.line));
        }
    }
    const auto r = app::import_files(s, {data("telefono_familia.vcf")}, real);
    CHECK(r.skipped_on_request == 3);
    REQUIRE(r.skipped_people.size() == 3);
    CHECK(r.skipped_people[0].name == "Mamá");
    CHECK(r.contacts_created == 4);
    CHECK(s.count_contacts("mama") == 0);
    CHECK(s.count_contacts("fontanero") == 0);
    CHECK(s.count_contacts("pedro") == 1);
    CHECK(s.stats().consent_events == 0);
    CHECK(s.ledger().suppressed_identifiers().empty());
}

TEST_CASE("every issue of a card carries the card's name") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto report = app::import_files(s, {write(dir, "phone.vcf", kCards)}, {});
    std::size_t named = 0;
    for (const auto& i : report.issues) {
        if (i.kind == "invalid_phone") CHECK(i.name == "Luis Pérez");
        if (i.kind == "invalid_email") CHECK(i.name == "Marta Pérez");
        if (i.kind == "duplicate_in_file") CHECK(i.name == "Ana N.");
        named += !i.name.empty();
    }
    CHECK(named >= 4);
}
