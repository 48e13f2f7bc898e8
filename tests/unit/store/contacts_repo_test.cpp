// The contacts repository on both stores: each TEST_CASE runs on a fresh SQLite file and on a
// fresh PostgreSQL database of the server the test binary starts (tests/support/pg_server.hpp).
#include "core/errors.hpp"
#include "core/text.hpp"
#include "store/contact_names.hpp"
#include "store/contacts_repo.hpp"
#include "store/search_text.hpp"
#include "store/sql.hpp"
#include "store/sql_postgres.hpp"
#include "store/sqlite_connection.hpp"
#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

// Catch2 enters a TEST_CASE again for each SECTION with the same generated location: each
// entry gets a new database on the same engine, so the sections start from the same data.
std::string fresh(const std::string& where) {
    static int n = 0;
    if (store::sql::is_postgresql_uri(where)) return test::pg_database();
    return where + "." + std::to_string(++n);
}

// Every TEST_CASE below starts with this: a location per engine (GENERATE), opened with the
// schema created.
#define ON_BOTH_STORES(db)                                                     \
    const std::string where = GENERATE(from_range(test::store_locations())); \
    INFO(where);                                                               \
    store::Database db(fresh(where), store::Database::Initialise{})

ContactPoint mobile(const std::string& e164) {
    return ContactPoint{0, PointKind::phone, e164, e164, "mobile", true, true, ""};
}
ContactPoint landline(const std::string& e164) {
    return ContactPoint{0, PointKind::phone, e164, e164, "home", false, true, ""};
}
ContactPoint email(const std::string& e) { return ContactPoint{0, PointKind::email, e, e, "", false, true, ""}; }

Contact person(const std::string& name, std::vector<ContactPoint> points = {}) {
    Contact c;
    c.display_name = name;
    c.points = std::move(points);
    return c;
}

std::vector<std::string> names(const std::vector<store::ContactRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.display_name);
    return out;
}

}  // namespace

TEST_CASE("a contact is stored with its points and read back") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact c = person("Ana Núñez", {mobile("+34612345678"), email("ana@example.es")});
    c.notes = "talla M";
    c.tags = {"vip"};
    repo.insert(c);
    CHECK(c.id > 0);
    CHECK(c.uuid.size() == 36);

    const auto back = repo.find_by_uuid(c.uuid);
    REQUIRE(back);
    CHECK(back->display_name == "Ana Núñez");
    CHECK(back->notes == "talla M");
    CHECK(back->tags == std::vector<std::string>{"vip"});
    REQUIRE(back->points.size() == 2);
    CHECK(back->points[0].normalized == "+34612345678");
    CHECK(back->points[0].is_mobile);
    CHECK(back->points[1].kind == PointKind::email);
    CHECK(store::contact_names_by_uuid(db) == std::unordered_map<std::string, std::string>{{c.uuid, "Ana Núñez"}});
}

TEST_CASE("a second contact with the same mobile or email is refused, naming the first") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact ana = person("Ana Núñez", {mobile("+34612345678"), email("ana@example.es")});
    repo.insert(ana);

    Contact copy = person("Ana N.", {mobile("+34612345678")});
    CHECK_THROWS_AS(repo.insert(copy), ConflictError);
    CHECK_THROWS_WITH(repo.insert(copy), Catch::Contains("Ana Núñez") && Catch::Contains("+34612345678"));

    Contact same_mail = person("Otra", {email("ana@example.es")});
    CHECK_THROWS_WITH(repo.insert(same_mail), Catch::Contains("email ana@example.es") && Catch::Contains(ana.uuid));
    CHECK(repo.count("") == 1);
}

TEST_CASE("a shared landline does not make two people the same") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact a = person("Luis Pérez", {landline("+34915550123")});
    Contact b = person("Marta Pérez", {landline("+34915550123")});
    repo.insert(a);
    CHECK_NOTHROW(repo.insert(b));
    CHECK(repo.count("") == 2);
}

TEST_CASE("the unique index also guards against writes that bypass the check") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact a = person("Uno", {mobile("+34600000001")});
    repo.insert(a);
    CHECK_THROWS(db.conn().exec("INSERT INTO contact_points (contact_id, kind, raw_value, normalized, is_mobile, "
                               "is_valid) VALUES (1, 'phone', 'x', '+34600000001', 1, 1)"));
}

TEST_CASE("search ignores accents and case and matches any word prefix") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    for (auto c : {person("Ana Núñez Pérez", {mobile("+34612345678"), email("ana.nunez@example.es")}),
                   person("JOSÉ ÁLVAREZ", {mobile("+34622111223")}), person("Carmen Sánchez", {landline("+34915550123")}),
                   person("Nuria Sanz", {email("nuria@correo.com")})}) {
        repo.insert(c);
    }
    CHECK(names(repo.page("nunez", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
    CHECK(names(repo.page("NÚÑ", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
    CHECK(names(repo.page("alvarez", 0, 10)) == std::vector<std::string>{"JOSÉ ÁLVAREZ"});
    CHECK(names(repo.page("nu", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez", "Nuria Sanz"});
    CHECK(names(repo.page("ana perez", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
    CHECK(repo.page("zzz", 0, 10).empty());
    CHECK(repo.count("nu") == 2);

    SECTION("phone fragments: start and end of the number, with spaces, with or without the country code") {
        CHECK(names(repo.page("612 34", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(names(repo.page("345678", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(names(repo.page("678", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(names(repo.page("612345678", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(names(repo.page("34 612345678", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(names(repo.page("1223", 0, 10)) == std::vector<std::string>{"JOSÉ ÁLVAREZ"});
        CHECK(repo.count("5678") == 1);
        CHECK(repo.page("99999", 0, 10).empty());
        CHECK(names(repo.page("+34 622", 0, 10)) == std::vector<std::string>{"JOSÉ ÁLVAREZ"});
        CHECK(names(repo.page("5550123", 0, 10)) == std::vector<std::string>{"Carmen Sánchez"});
    }
    SECTION("email fragments") {
        CHECK(names(repo.page("correo.com", 0, 10)) == std::vector<std::string>{"Nuria Sanz"});
        CHECK(names(repo.page("ana.nun", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
    }
    SECTION("search text with FTS syntax characters is harmless") {
        CHECK_NOTHROW(repo.page("\"ana OR *", 0, 10));
        CHECK(names(repo.page("\"ana", 0, 10)) == std::vector<std::string>{"Ana Núñez Pérez"});
        CHECK(repo.page("NEAR(", 0, 10).empty());
    }
}

TEST_CASE("list pages are sorted by folded name and stable") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    for (const char* n : {"Óscar", "ana", "Beatriz", "Álvaro", "carlos"}) {
        Contact c = person(n);
        repo.insert(c);
    }
    CHECK(names(repo.page("", 0, 10)) == std::vector<std::string>{"Álvaro", "ana", "Beatriz", "carlos", "Óscar"});
    CHECK(names(repo.page("", 1, 2)) == std::vector<std::string>{"ana", "Beatriz"});
    const auto rows = repo.page("", 0, 1);
    CHECK(rows[0].mobile.empty());
}

TEST_CASE("pages of a large search are the same slices of the name order, from either end") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    // 3000 "Marta"s and 500 others, inserted out of name order, some names repeated (the id
    // breaks ties): more matches than the repository sorts in memory.
    {
        auto tx = db.begin_write();
        for (int i = 0; i < 3500; ++i) {
            const int k = (i * 7919) % 3500;
            Contact c = person((k < 3000 ? "Marta " : "Luis ") + std::to_string(k % 1200));
            repo.insert(c);
        }
        tx.commit();
    }
    // The expected order, straight from SQL.
    std::vector<std::string> expected;
    store::sql::Statement q(db.conn(), "SELECT display_name FROM contacts WHERE display_name LIKE 'Marta %' ORDER BY sort_key, id");
    while (q.executeStep()) expected.push_back(q.getColumn(0).getString());
    REQUIRE(expected.size() == 3000);
    CHECK(repo.count("mar") == 3000);
    auto slice = [&](std::size_t from, std::size_t n) {
        return std::vector<std::string>(expected.begin() + from, expected.begin() + std::min(from + n, expected.size()));
    };
    CHECK(names(repo.page("mar", 0, 200)) == slice(0, 200));
    CHECK(names(repo.page("mar", 1400, 200)) == slice(1400, 200));
    CHECK(names(repo.page("mar", 2100, 200)) == slice(2100, 200));  // read backwards from the end
    CHECK(names(repo.page("mar", 2950, 200)) == slice(2950, 50));
    CHECK(repo.page("mar", 3000, 200).empty());
    CHECK(names(repo.page("", 3400, 200)).size() == 100);
    CHECK(repo.page("", 3400, 200).back().display_name == "Marta 999");
    CHECK(repo.count("") == 3500);

    // A new Marta, written through `writer`, is counted and paged at once.
    auto add_and_check = [&](store::ContactsRepo& writer) {
        Contact c = person("Marta Zurita");
        writer.insert(c);
        CHECK(repo.count("") == 3501);
        CHECK(repo.count("mar") == 3001);
        CHECK(repo.page("mar", 2900, 200).back().display_name == "Marta Zurita");
    };
    SECTION("a change by this connection is seen at once") { add_and_check(repo); }
    SECTION("a change inside this connection's write transaction is seen at once, and gone after a rollback") {
        CHECK(repo.count("mar") == 3000);  // kept from here on
        {
            auto tx = db.begin_write();
            add_and_check(repo);
        }
        CHECK(repo.count("") == 3500);
        CHECK(repo.count("mar") == 3000);
    }
    SECTION("a change by another connection is seen at once") {
        store::Database other(db.path());
        store::ContactsRepo writer(other);
        add_and_check(writer);
    }
}

TEST_CASE("contacts are found by a unique uuid prefix") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact a = person("Uno");
    repo.insert(a);
    CHECK(repo.resolve(a.uuid).id == a.id);
    CHECK(repo.resolve(a.uuid.substr(0, 8)).id == a.id);
    CHECK(repo.resolve(" " + a.uuid.substr(0, 8) + " ").id == a.id);
    CHECK_THROWS_AS(repo.resolve("abc"), ValidationError);
    CHECK_THROWS_AS(repo.resolve("zzzz"), ValidationError);
    CHECK_THROWS_AS(repo.resolve("00000000-0000-4000-8000-000000000000"), NotFoundError);
}

TEST_CASE("counts report contacts, phones, emails and invalid phones") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact a = person("Uno", {mobile("+34600000001"), email("a@b.es"),
                               ContactPoint{0, PointKind::phone, "123", "", "", false, false, "too short"}});
    repo.insert(a);
    const auto n = repo.counts();
    CHECK(n.contacts == 1);
    CHECK(n.phones == 2);
    CHECK(n.invalid_phones == 1);
    CHECK(n.emails == 1);
}

TEST_CASE("build_match_expression quotes words and keeps phone digits together") {
    CHECK(store::build_match_expression("Núñez  Pé") == "\"nunez\"* \"pe\"*");
    // A number's start, or its end through the reversed digits the index keeps.
    CHECK(store::build_match_expression("(+34) 612-34") == "\"3461234\"* OR \"r4321643\"*");
    CHECK(store::build_match_expression("  ").empty());
    CHECK(store::build_match_expression("\"*()").empty());
}

TEST_CASE("numbers are found by their start or end through the points' indexes, not as words of the search index") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    for (auto c : {person("Ana Núñez", {mobile("+34612345678"), email("ana612@example.es")}),
                   person("Tienda 24", {landline("+34915550123")}), person("Luis 6120", {}),
                   person("Eva", {mobile("+447911123456"),
                                  ContactPoint{0, PointKind::phone, "ext. 12-34", "", "", false, false, "too short"}}),
                   person("Rosa", {mobile("+34699001122")})}) {
        repo.insert(c);
    }
    // The search index holds names and email words only.
    store::sql::Statement terms(db.conn(), db.on_postgresql() ? "SELECT text FROM contact_search ORDER BY contact_id"
                                                              : "SELECT terms FROM contact_search ORDER BY rowid");
    std::vector<std::string> texts;
    while (terms.executeStep()) texts.push_back(terms.getColumn(0).getString());
    CHECK(texts == std::vector<std::string>{"ana nunez ana612 example es", "tienda 24", "luis 6120", "eva", "rosa"});

    SECTION("a number's start, with or without the country code") {
        CHECK(names(repo.page("612", 0, 10)) == std::vector<std::string>{"Ana Núñez", "Luis 6120"});  // and a name word
        CHECK(names(repo.page("612 345", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
        CHECK(names(repo.page("+34 612", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
        CHECK(names(repo.page("34612345678", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
        CHECK(names(repo.page("7911", 0, 10)) == std::vector<std::string>{"Eva"});  // a foreign number's national digits
        CHECK(names(repo.page("+44 7911", 0, 10)) == std::vector<std::string>{"Eva"});
        CHECK(names(repo.page("91", 0, 10)) == std::vector<std::string>{"Tienda 24"});
        CHECK(repo.page("0034 612", 0, 10).empty());  // as before: the international prefix 00 is not a number's start
    }
    SECTION("a number's end") {
        CHECK(names(repo.page("5678", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
        CHECK(names(repo.page("0123", 0, 10)) == std::vector<std::string>{"Tienda 24"});
        CHECK(names(repo.page("123456", 0, 10)) == std::vector<std::string>{"Eva"});
        CHECK(names(repo.page("11 22", 0, 10)) == std::vector<std::string>{"Rosa"});
        CHECK(repo.page("99999", 0, 10).empty());
    }
    SECTION("an invalid number by the digits as written") {
        CHECK(names(repo.page("12-34", 0, 10)) == std::vector<std::string>{"Eva"});
        CHECK(names(repo.page("34", 0, 10)) == std::vector<std::string>{"Ana Núñez", "Eva", "Rosa", "Tienda 24"});
    }
    SECTION("a word of digits among other words is a name word or a number's start") {
        CHECK(names(repo.page("ana 612", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
        CHECK(names(repo.page("eva 7911", 0, 10)) == std::vector<std::string>{"Eva"});
        CHECK(repo.page("ana 5678", 0, 10).empty());  // an end is not a word's start
        CHECK(names(repo.page("tienda 24", 0, 10)) == std::vector<std::string>{"Tienda 24"});
    }
    SECTION("a letter finds names, not every customer with a number") {
        CHECK(names(repo.page("r", 0, 10)) == std::vector<std::string>{"Rosa"});
    }
    SECTION("a number replaced is found by the new one only") {
        std::vector<ContactPoint> points{mobile("+34655443322")};
        repo.replace_points(1, points);
        CHECK(repo.page("612", 0, 10).size() == 1);  // Luis 6120 only
        CHECK(names(repo.page("3322", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
    }
}

TEST_CASE("tags are kept, counted and narrow a search") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact ana = person("Ana Núñez", {mobile("+34612345678")});
    ana.tags = {"vip", "boda"};
    Contact andres = person("Andrés Gil");
    andres.tags = {"vip"};
    Contact luis = person("Luis Pérez");
    for (auto* c : {&ana, &andres, &luis}) repo.insert(*c);
    CHECK(repo.tags_of(ana.id) == std::vector<std::string>{"boda", "vip"});
    CHECK(repo.tag_counts() == std::vector<std::pair<std::string, std::int64_t>>{{"vip", 2}, {"boda", 1}});
    CHECK(repo.count("", "vip") == 2);
    CHECK(names(repo.page("", "vip", 0, 10)) == std::vector<std::string>{"Ana Núñez", "Andrés Gil"});
    CHECK(names(repo.page("and", "vip", 0, 10)) == std::vector<std::string>{"Andrés Gil"});
    CHECK(repo.count("612", "boda") == 1);
    CHECK(repo.count("luis", "vip") == 0);

    repo.update_details(luis.id, "Luis Pérez Gómez", "cliente", {"vip", "vip"});  // a tag given twice is kept once
    CHECK(repo.tags_of(luis.id) == std::vector<std::string>{"vip"});
    CHECK(names(repo.page("gomez", "vip", 0, 10)) == std::vector<std::string>{"Luis Pérez Gómez"});
    repo.update_details(ana.id, "Ana Núñez", "", {});
    CHECK(repo.tags_of(ana.id).empty());
    CHECK(repo.tag_counts() == std::vector<std::pair<std::string, std::int64_t>>{{"vip", 2}});
    CHECK(repo.find(luis.id)->notes == "cliente");
    CHECK(repo.find_by_folded_name("luis perez gomez").size() == 1);
    CHECK(repo.find_by_folded_name("luis perez").empty());
}

TEST_CASE("a merge adds only the points a contact lacks and a note, and the search finds them") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact ana = person("Ana Núñez", {mobile("+34612345678"), email("ana@example.es")});
    repo.insert(ana);
    const int added = repo.merge_into(ana.id, {email("ANA@example.es"), mobile("+34612345678"), email("ana@trabajo.es")},
                                      "importado de clientes.csv");
    CHECK(added == 1);
    const auto back = repo.find(ana.id);
    REQUIRE(back);
    REQUIRE(back->points.size() == 3);
    CHECK(back->points[2].normalized == "ana@trabajo.es");
    CHECK(back->notes == "importado de clientes.csv");
    CHECK(repo.merge_into(ana.id, {}, "importado de clientes.csv") == 0);  // the same note once
    CHECK(repo.find(ana.id)->notes == "importado de clientes.csv");
    CHECK(names(repo.page("trabajo", 0, 10)) == std::vector<std::string>{"Ana Núñez"});
    CHECK(repo.owner_of_identity("ana@trabajo.es")->id == ana.id);
    CHECK_THROWS_AS(repo.merge_into(ana.id + 100, {}, ""), NotFoundError);
}

TEST_CASE("an email marked undeliverable is marked on every customer using it, and cleared on one point") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    Contact ana = person("Ana", {email("ana@example.es"), mobile("+34612345678")});
    repo.insert(ana);
    const Timestamp at{std::chrono::seconds{1700000000}};
    CHECK(repo.mark_undeliverable("ANA@example.es", "550 5.1.1 no such user", at) == 1);
    auto back = repo.find(ana.id);
    REQUIRE(back);
    CHECK(back->points[0].undeliverable());
    CHECK(back->points[0].undeliverable_at == at);
    CHECK(back->points[0].undeliverable_evidence == "550 5.1.1 no such user");
    CHECK_FALSE(back->points[1].undeliverable());
    CHECK(repo.mark_undeliverable("otra@example.es", "x", at) == 0);
    repo.clear_undeliverable(back->points[0].id);
    CHECK_FALSE(repo.find(ana.id)->points[0].undeliverable());
    CHECK(repo.shared_identities().empty());
    CHECK(repo.counts().shared_addresses == 0);
}

namespace {

// 200 customers with accents, case differences, letters beyond Latin-1, punctuation inside
// words, numbers in names, mobiles, landlines, invalid numbers and emails.
std::vector<Contact> mixed_customers() {
    const std::vector<std::string> given = {"Ana", "ÁNGELA", "ángel", "Íñigo", "iñigo", "Óscar", "oscar", "Zoë",
                                            "Çelik", "Nuño", "José Luis", "JOSE", "maría", "MARÍA", "Ørsted",
                                            "Straße", "ΑΛΈΞΗΣ", "Дмитрий", "李", "Gal·la"};
    const std::vector<std::string> family = {"Pérez", "perez", "Núñez", "NUÑEZ", "García-Gómez",
                                             "O'Brien", "D’Ávila", "van der Berg", "Tienda 24", "Ruiz 😀"};
    std::vector<Contact> out;
    for (int i = 0; i < 200; ++i) {
        Contact c = person(given[static_cast<std::size_t>(i) % given.size()] + " " +
                           family[static_cast<std::size_t>(i * 7 + i / 20) % family.size()]);
        const std::string n = std::to_string(100000 + i * 37);
        if (i % 3 == 0) c.points.push_back(mobile("+34612" + n));
        if (i % 4 == 1) c.points.push_back(landline("+34915" + n));
        if (i % 5 == 2) c.points.push_back(email("cliente" + std::to_string(i) + "@Correo-" + std::to_string(i % 4) + ".es"));
        if (i % 11 == 3) c.points.push_back(ContactPoint{0, PointKind::phone, "ext " + n, "", "", false, false, "too short"});
        if (i % 13 == 4) c.points.push_back(mobile("+447911" + n));
        if (i % 6 == 5) c.tags = {"vip"};
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace

TEST_CASE("the same customers give the same search results and page order on both stores") {
    const std::string pg_uri = test::pg_database();
    const std::string file = test::store_locations().front();
    store::Database lite(file, store::Database::Initialise{});
    store::Database pg(pg_uri, store::Database::Initialise{});
    REQUIRE(pg.on_postgresql());
    REQUIRE_FALSE(lite.on_postgresql());
    store::ContactsRepo a(lite);
    store::ContactsRepo b(pg);
    for (auto* db : {&lite, &pg}) {
        store::ContactsRepo& repo = db == &lite ? a : b;
        auto tx = db->begin_write();
        for (auto c : mixed_customers()) repo.insert(c);
        tx.commit();
    }
    const std::vector<std::string> searches = {
        "", "a", "an", "ANG", "ángel", "angel", "nu", "ñ", "NÚÑ", "perez", "pérez gar", "o'b", "o brien", "brien",
        "d’áv", "avila", "gal·la", "la", "straß", "strasse", "stra", "αλ", "ΑΛΈ", "дми", "李", "zoe", "çel", "cel",
        "2", "24", "tienda 24", "612", "612 100", "6121", "+34 612", "34612", "915", "037", "1037", "7911", "+44",
        "ext", "@", "correo", "correo-2", "cliente1", "cliente12@correo-0.es", "es", "\"", "*", "NEAR(", "OR",
        "a b c", "jose luis", "josé", "maria", "MARÍA PÉ", "😀", "ruiz 😀", "zzz", "0", "9", "van der", "ørs"};
    for (const auto& s : searches) {
        for (const std::string tag : {"", "vip"}) {
            INFO("search '" << s << "' tag '" << tag << "'");
            const auto n = a.count(s, tag);
            CHECK(b.count(s, tag) == n);
            const auto all_a = a.page(s, tag, 0, 1000);
            const auto all_b = b.page(s, tag, 0, 1000);
            CHECK(names(all_b) == names(all_a));
            std::vector<std::string> mobiles_a, mobiles_b;
            for (const auto& r : all_a) mobiles_a.push_back(r.mobile + "|" + r.email + "|" + std::to_string(r.id));
            for (const auto& r : all_b) mobiles_b.push_back(r.mobile + "|" + r.email + "|" + std::to_string(r.id));
            CHECK(mobiles_b == mobiles_a);
            for (const auto& [offset, limit] : std::vector<std::pair<int, int>>{{0, 7}, {5, 7}, {n / 2, 9}, {n - 3, 7}}) {
                CHECK(names(b.page(s, tag, offset, limit)) == names(a.page(s, tag, offset, limit)));
            }
        }
    }
    CHECK(a.count("") == 200);
    CHECK(a.count("angel") > 0);
    CHECK(a.count("brien") > 0);  // a word after a typographic apostrophe
    CHECK(a.count("612") > 0);
}

// The calls src/app/importer.cpp makes for a bulk import, in its one write transaction. (The
// importer's own tests go through app::Session, which needs the other repositories on
// PostgreSQL as well.)
TEST_CASE("a bulk import's calls give the same searchable customers on both stores, or nothing when rolled back") {
    ON_BOTH_STORES(db);
    store::ContactsRepo repo(db);
    auto cards = [] {
        std::vector<Contact> out;
        for (int i = 0; i < 110; ++i) {
            Contact c = person((i % 2 ? "Cliente Ñú " : "cliente nu ") + std::to_string(i),
                               {mobile("+3461000" + std::to_string(1000 + i))});
            if (i % 3 == 0) c.points.push_back(email("c" + std::to_string(i) + "@Example.es"));
            c.tags = {"importado"};
            out.push_back(std::move(c));
        }
        return out;
    };
    SECTION("committed") {
        auto tx = db.begin_write();
        const auto deferred = repo.drop_bulk_indexes();
        CHECK(deferred.empty() == db.on_postgresql());  // PostgreSQL keeps its indexes in place
        for (auto c : cards()) {
            repo.insert_rows_checked_elsewhere(c, store::ContactsRepository::UuidOrigin::given);
            REQUIRE(c.id > 0);
            repo.insert_search_row(c.id, repo.search_row_text(c));
        }
        repo.create_indexes(deferred);
        tx.commit();
        CHECK(repo.count("") == 110);
        CHECK(repo.count("cliente nu") == 110);
        CHECK(repo.count("", "importado") == 110);
        CHECK(repo.counts().phones == 110);
        CHECK(repo.counts().emails == 37);
        CHECK(names(repo.page("1099", 0, 5)) == std::vector<std::string>{"Cliente Ñú 99"});
        CHECK(repo.owner_of_identity("c3@example.es"));
        Contact twin = person("Otra", {mobile("+34610001000")});
        CHECK_THROWS(repo.insert_checked_elsewhere(twin));  // the unique index is back
    }
    SECTION("rolled back") {
        {
            auto tx = db.begin_write();
            (void)repo.drop_bulk_indexes();
            for (auto c : cards()) {
                repo.insert_rows_checked_elsewhere(c, store::ContactsRepository::UuidOrigin::given);
                repo.insert_search_row(c.id, repo.search_row_text(c));
            }
        }
        CHECK(repo.count("") == 0);
        CHECK(repo.count("cliente") == 0);
        Contact c = person("Ana", {mobile("+34610001000")});
        repo.insert(c);
        Contact twin = person("Otra", {mobile("+34610001000")});
        CHECK_THROWS(repo.insert_checked_elsewhere(twin));  // the indexes are there again
    }
}

TEST_CASE("search words break at Unicode punctuation and symbols as SQLite's unicode61 tokenizer does") {
    auto words = [](const std::string& typed) {
        std::vector<std::string> out;
        store::for_each_search_word(fold_for_search(typed), [&](std::string_view w) { out.emplace_back(w); });
        return out;
    };
    CHECK(words("O’Brien") == std::vector<std::string>{"o", "brien"});
    CHECK(words("Gal·la Ruiz😀x 5€") == std::vector<std::string>{"gal", "la", "ruiz", "x", "5"});
    CHECK(words("Дмитрий 李小龍 x²y") == std::vector<std::string>{"дмитрии", "李小龍", "x²y"});
    CHECK(words("ana-maría  nº7") == std::vector<std::string>{"ana", "maria", "nº7"});
    CHECK(store::join_search_words({fold_for_search("D’Ávila"), "d avila"}) == "d avila");
}
