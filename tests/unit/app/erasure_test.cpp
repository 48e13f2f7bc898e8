#include "app/erasure.hpp"

#include "../store/temp_dir.hpp"
#include "app/audience.hpp"
#include "app/export_desk.hpp"
#include "app/mail_intake.hpp"
#include "app/importer.hpp"
#include "app/unsubscribe.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "export_shop.hpp"
#include "store/erasure_repo.hpp"
#include "store/messages_repo.hpp"
#include "store/sql.hpp"
#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace clientela;
using clientela::test::ExportShop;
using clientela::test::TempDir;

namespace {

std::string write(const TempDir& dir, const std::string& name, const std::string& text) {
    const auto path = dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// An old phone export that still has Ana's mobile and landline, and one new person.
const std::string kOldExport =
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana N.\r\nTEL;TYPE=CELL:+34 612 34 56 78\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Casa de Ana\r\nTEL;TYPE=HOME:91 555 01 23\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Email\r\nEMAIL: ana@Example.ES\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pepe Nuevo\r\nTEL;TYPE=CELL:699 11 22 33\r\nEND:VCARD\r\n";

bool included(app::Session& s, const std::string& uuid, Channel channel) {
    app::AudienceRequest r;
    r.purpose = Purpose::marketing;
    r.channel = channel;
    r.at = now_utc();
    for (const auto& m : app::build_audience(s, r).included) {
        if (m.contact.uuid == uuid) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("erasing removes the personal data, keeps the ledger verifiable and suppresses the identifiers") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678", "915550123"}, {"ana@example.es"}, "talla M");
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    shop.record(bea, ConsentAction::grant, Channel::email);
    app::AudienceExportRequest ar;
    ar.channel = Channel::email;
    ar.out_path = dir.file("aud.csv");
    app::export_audience(shop.s, ar);
    REQUIRE(store::MessagesRepo(shop.s.database()).history(ana).at(0).recipient == "ana@example.es");
    const auto head_before = shop.s.ledger().verify().chain.head_hash;

    const auto r = app::erase_contact(shop.s, ana.substr(0, 8));
    CHECK(r.contact_uuid == ana);
    CHECK(r.display_name == "Ana Núñez");
    CHECK(r.points_removed == 3);
    CHECK(r.identifiers_suppressed == 3);  // mobile, landline, email (the ledger's hashes are the same ones)
    CHECK(r.messages_scrubbed == 1);
    CHECK(r.ledger_events_kept == 2);
    CHECK(r.evidence_erased == 2);  // both grants' "hoja"
    CHECK(r.evidence_kept == 0);    // no event from before ledger format 2
    CHECK(r.wal_emptied);

    CHECK_THROWS_AS(shop.s.contact(ana), NotFoundError);
    CHECK(shop.s.count_contacts("") == 1);
    CHECK(shop.s.count_contacts("nunez") == 0);  // the search row went too
    CHECK(shop.s.count_contacts("612") == 0);
    CHECK(shop.s.stats().phones == 1);
    const auto msg = store::MessagesRepo(shop.s.database()).history(ana);
    REQUIRE(msg.size() == 1);         // the log row stays (something was exported under event #1) ...
    CHECK(msg[0].recipient.empty());  // ... without the address
    CHECK(msg[0].consent_seq == 1);

    const auto check = shop.s.ledger().verify();
    CHECK(check.ok());
    CHECK(check.chain.head_hash == head_before);
    CHECK(shop.s.ledger().history(ana).size() == 2);
    for (const auto& e : shop.s.ledger().history(ana)) {
        CHECK(e.evidence.empty());
        CHECK(e.evidence_erased);
        CHECK(e.evidence_hash == sha256_hex("hoja"));
    }
    CHECK(shop.s.ledger().history(bea).at(0).evidence == "hoja");

    const auto secret = shop.s.database().identifier_secret();
    CHECK(shop.s.ledger().any_suppressed({point_hash("+34612345678", secret)}));
    CHECK(shop.s.ledger().any_suppressed({point_hash("+34915550123", secret)}));
    CHECK(shop.s.ledger().any_suppressed({point_hash("ana@example.es", secret)}));
    CHECK_FALSE(shop.s.ledger().any_suppressed({point_hash("+34622345678", secret)}));
    CHECK(included(shop.s, bea, Channel::email));

    // The erased customer's receipts can still be exported by their full UUID, without a name.
    app::LedgerExportRequest lr;
    lr.contact_ref = ana;
    std::stringstream out;
    CHECK(app::export_ledger(shop.s, lr, &out).records == 2);
    CHECK(out.str().find("Ana") == std::string::npos);
    CHECK_THROWS_AS(app::erase_contact(shop.s, ana), NotFoundError);
}

TEST_CASE("an unsubscribe reply's subject is evidence beside the chain, and erasure blanks it") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const auto done = app::process_unsubscribes(
        shop.s, {{"ana@example.es", "unsubscribe reply \"BAJA, soy Ana Núñez de la calle Mayor\" (respuestas.mbox)"}});
    REQUIRE(done.at(0).outcome == "withdrawn");
    store::sql::Statement side(shop.s.database().conn(),
                           "SELECT e.evidence, v.text FROM consent_events e JOIN consent_evidence v ON v.seq = e.seq "
                           "WHERE e.seq = ?");
    side.bind(1, done[0].event_seq);
    REQUIRE(side.executeStep());
    CHECK(side.getColumn(0).getString().empty());                               // not in the chained row ...
    CHECK_THAT(side.getColumn(1).getString(), Catch::Contains("calle Mayor"));  // ... but beside it
    side.reset();

    app::erase_contact(shop.s, ana);
    REQUIRE(side.executeStep());
    CHECK(side.getColumn(1).isNull());
    CHECK(shop.s.ledger().verify().ok());
}

TEST_CASE("an old phone export imported after an erasure skips the erased person") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678", "915550123"}, {"ana@example.es"});
    app::erase_contact(shop.s, ana);
    const auto report = app::import_files(shop.s, {write(dir, "viejo.vcf", kOldExport)}, {});
    CHECK(report.suppressed == 3);
    CHECK(report.contacts_created == 1);
    CHECK(shop.s.count_contacts("") == 1);
    CHECK(shop.s.list_contacts("", 0, 10).at(0).display_name == "Pepe Nuevo");
    std::size_t flagged = 0;
    for (const auto& i : report.issues) flagged += i.kind == "suppressed" ? 1 : 0;
    CHECK(flagged == 3);
}

TEST_CASE("a customer who comes back with new consent is readmitted explicitly") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    app::erase_contact(shop.s, ana);

    app::NewContact by_hand;  // added again by hand: stored, with a warning for each suppressed point
    by_hand.name = "Ana Núñez";
    by_hand.phones = {"612345678"};
    by_hand.emails = {"ana@example.es"};
    const auto added = shop.s.add_contact(by_hand);
    REQUIRE(added.warnings.size() == 2);
    CHECK_THAT(added.warnings[0], Catch::Contains("phone '612345678' belongs to a person who was erased"));
    CHECK_THAT(added.warnings[1], Catch::Contains("email 'ana@example.es'") && Catch::Contains("readmit"));
    const auto again = added.contact.uuid;
    shop.record(again, ConsentAction::grant, Channel::email);
    CHECK_FALSE(included(shop.s, again, Channel::email));  // still suppressed: a grant alone is not enough

    CHECK_THROWS_AS(app::readmit(shop.s, shop.request(again, ConsentAction::withdraw, Channel::email)),
                    ValidationError);
    const auto r = app::readmit(shop.s, shop.request(again, ConsentAction::grant, Channel::email));
    CHECK(r.suppressions_lifted == 2);
    CHECK(r.consent.event.action == ConsentAction::grant);
    CHECK(included(shop.s, again, Channel::email));
    CHECK(shop.s.ledger().verify().ok());

    const auto report = app::import_files(shop.s, {write(dir, "viejo.vcf", kOldExport)}, {});
    CHECK(report.suppressed == 0);
}

TEST_CASE("an erased email stays suppressed whatever the case of its local part") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"Ana.Nunez@Example.ES"});
    const auto r = app::erase_contact(shop.s, ana);
    CHECK(r.identifiers_suppressed == 2);  // "Ana.Nunez@example.es" and "ana.nunez@example.es"

    // An old export that spells it in lower case, and one that spells it in capitals.
    const std::string cards =
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana N.\r\nEMAIL:ana.nunez@example.es\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:ANA NUNEZ\r\nEMAIL:ANA.NUNEZ@EXAMPLE.ES\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Pepe Nuevo\r\nEMAIL:Pepe@example.es\r\nEND:VCARD\r\n";
    const auto report = app::import_files(shop.s, {write(dir, "viejo.vcf", cards)}, {});
    CHECK(report.suppressed == 2);
    CHECK(report.contacts_created == 1);
    CHECK(shop.s.list_contacts("", 0, 10).at(0).display_name == "Pepe Nuevo");

    // Added again by hand in lower case: blocked for marketing until readmitted, which lifts both.
    const auto again = shop.add("Ana Núñez", {}, {"ana.nunez@example.es"});
    shop.record(again, ConsentAction::grant, Channel::email);
    CHECK_FALSE(included(shop.s, again, Channel::email));
    const auto back = app::readmit(shop.s, shop.request(again, ConsentAction::grant, Channel::email));
    CHECK(back.suppressions_lifted == 1);  // its own spelling; the capitalised one stays listed
    CHECK(included(shop.s, again, Channel::email));
}

TEST_CASE("an erasure is logged with the hashes it suppressed and no personal data") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"}, "talla M");
    shop.record(ana, ConsentAction::grant, Channel::email);
    const auto r = app::erase_contact(shop.s, ana);
    const auto log = store::erasure_log(shop.s.database());
    REQUIRE(log.size() == 1);
    CHECK(log[0].contact_uuid == r.contact_uuid);
    CHECK(log[0].identifier_hashes.size() == r.identifiers_suppressed);
    for (const auto& h : log[0].identifier_hashes) CHECK(shop.s.ledger().any_suppressed({h}));
    CHECK(store::erasure_logged(shop.s.database(), r.contact_uuid, log[0].erased_at));
    store::sql::Statement row(shop.s.database().conn(), "SELECT contact_uuid || identifier_hashes FROM erasure_log");
    REQUIRE(row.executeStep());
    const std::string text = row.getColumn(0).getString();
    for (const char* personal : {"Ana", "Núñez", "ana@", "talla"}) CHECK(text.find(personal) == std::string::npos);
}

TEST_CASE("erasing a customer deletes their pending replies, by contact and by any of their addresses") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {}, {"ana@example.es", "ana.trabajo@example.es"});
    const auto bea = shop.add("Bea Gil", {}, {"bea@example.es"});
    auto raw = [](const std::string& from, const std::string& id) {
        app::RawMail m;
        m.source = "test";
        m.bytes = "From: " + from + "\nSubject: Re: Rebajas\nMessage-ID: " + id + "\n\nVivo en la calle Mayor 3\n";
        return m;
    };
    const auto r = app::take_in(shop.s, {raw("ana@example.es", "<1@x>"), raw("ANA.TRABAJO@example.es", "<2@x>"),
                                         raw("bea@example.es", "<3@x>")});
    REQUIRE(r.pending == 3);
    // A reply kept before the address was known to belong to Ana (no contact recorded).
    shop.s.database().conn().exec("UPDATE pending_replies SET contact_uuid = '' WHERE message_id = '<2@x>'");
    app::erase_contact(shop.s, ana);
    const auto left = app::list_pending(shop.s);
    REQUIRE(left.size() == 1);
    CHECK(left[0].contact_uuid == bea);
    CHECK(store::sql::query_int64(shop.s.database().conn(),
                                  "SELECT count(*) FROM pending_replies WHERE reply_text LIKE '%Mayor%' "
                                  "AND from_address LIKE 'ana%'") == 0);
}
