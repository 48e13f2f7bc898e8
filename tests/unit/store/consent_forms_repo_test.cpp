// Printed consent forms and scans, on SQLite and PostgreSQL: codes are unique, a blank form gets its customer
// once, and a customer's scans go with them.
#include "store/consent_forms_repo.hpp"
#include "store/sql.hpp"

#include "core/errors.hpp"
#include "core/form_code.hpp"
#include "core/sha256.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-03-02T10:00:00Z");

store::ConsentFormRow form(const std::string& code, const std::string& contact = "") {
    store::ConsentFormRow f;
    f.code = code;
    f.contact_uuid = contact;
    f.wording_ids = {3, 1};
    f.channels = {Channel::email, Channel::whatsapp_business};
    f.printed_at = kT0;
    f.printed_by = "Rocío";
    return f;
}

}  // namespace

TEST_CASE("a printed form is stored with what it holds and its code is unique") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::ConsentFormsRepo repo(db);
    const std::string code = new_form_code();
    REQUIRE(repo.insert(form(code, "c-1")));
    CHECK_FALSE(repo.insert(form(code, "c-2")));  // the same code again: refused, first kept
    const auto f = repo.find(code);
    REQUIRE(f);
    CHECK(f->contact_uuid == "c-1");
    CHECK(f->wording_ids == std::vector<std::int64_t>{3, 1});
    CHECK(f->channels == std::vector<Channel>{Channel::email, Channel::whatsapp_business});
    CHECK(f->printed_at == kT0);
    CHECK(f->printed_by == "Rocío");
    CHECK_FALSE(f->bound_at);
    CHECK_FALSE(repo.find(new_form_code()));
    // The database itself refuses a second row with the code, whatever the program does.
    CHECK_THROWS(db.conn().exec("INSERT INTO consent_forms (code, wording_ids, channels, printed_at, printed_by) "
                                "VALUES ('" + code + "', '1', 'email', 0, 'x')"));
}

TEST_CASE("a blank form is bound to one customer once, and records its events") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::ConsentFormsRepo repo(db);
    const std::string code = new_form_code();
    REQUIRE(repo.insert(form(code)));
    CHECK(repo.find(code)->contact_uuid.empty());
    CHECK(repo.bind(code, "c-9", kT0 + std::chrono::hours(1)));
    CHECK_FALSE(repo.bind(code, "c-8", kT0 + std::chrono::hours(2)));
    repo.add_event(code, 7);
    repo.add_event(code, 5);
    repo.add_event(code, 7);  // once
    const auto f = repo.find(code);
    CHECK(f->contact_uuid == "c-9");
    CHECK(f->bound_at == kT0 + std::chrono::hours(1));
    CHECK(f->event_seqs == std::vector<std::int64_t>{5, 7});
    CHECK(repo.for_contact("c-9").size() == 1);
    CHECK_THROWS_AS(repo.add_event(new_form_code(), 1), NotFoundError);
}

TEST_CASE("a scan is kept whole with its fingerprint and deleted with its customer") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::ConsentFormsRepo repo(db);
    const std::string a = new_form_code(), b = new_form_code();
    REQUIRE(repo.insert(form(a, "c-1")));
    REQUIRE(repo.insert(form(b, "c-2")));
    std::string content("\x89PNG\r\n\x1a\n", 8);
    content += std::string(1000, '\0') + "firma";
    store::FormScanRow s;
    s.form_code = a;
    s.contact_uuid = "c-1";
    s.mime_type = "image/png";
    s.sha256 = sha256_hex(content);
    s.added_at = kT0;
    const auto id = repo.add_scan(s, content);
    s.form_code = b;
    s.contact_uuid = "c-2";
    repo.add_scan(s, "otro");
    CHECK(repo.scan_content(id) == content);
    const auto scans = repo.scans_of("c-1");
    REQUIRE(scans.size() == 1);
    CHECK(scans[0].form_code == a);
    CHECK(scans[0].size == static_cast<std::int64_t>(content.size()));
    CHECK(scans[0].sha256 == sha256_hex(content));

    CHECK(repo.delete_scans("c-1") == 1);
    CHECK(repo.scans_of("c-1").empty());
    CHECK_THROWS_AS(repo.scan_content(id), NotFoundError);
    CHECK(repo.scans_of("c-2").size() == 1);  // another customer's stays
    CHECK(repo.find(a));                      // the form's code stays: it is the ledger's evidence
}
