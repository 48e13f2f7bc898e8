#include "app/export_desk.hpp"

#include "../store/temp_dir.hpp"
#include "core/errors.hpp"
#include "export_shop.hpp"
#include "io/exporters_ledger.hpp"
#include "store/messages_repo.hpp"

#include <sys/stat.h>
#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace clientela;
using clientela::test::ExportShop;
using clientela::test::TempDir;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

app::ExportResult audience(ExportShop& shop, const std::string& path, io::AudienceLayout layout, Channel channel) {
    app::AudienceExportRequest r;
    r.purpose = Purpose::marketing;
    r.channel = channel;
    r.layout = layout;
    r.out_path = path;
    return app::export_audience(shop.s, r);
}

}  // namespace

TEST_CASE("an audience export holds only allowed contacts and logs each one with its consent event") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea Ruiz", {"622345678"}, {"bea@example.es"});
    const auto hacker = shop.add("=HYPERLINK(\"http://x.example\")", {}, {"h@example.es"});
    shop.add("Nadie", {}, {"nadie@example.es"});
    const auto grant = shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::withdraw, Channel::email);
    const auto hgrant = shop.record(hacker, ConsentAction::grant, Channel::email);

    const auto path = dir.file("otoño.csv");
    const auto res = audience(shop, path, io::AudienceLayout::mailchimp, Channel::email);
    CHECK(res.records == 2);
    CHECK(res.logged == 2);
    CHECK(res.excluded == 2);
    CHECK(slurp(path) ==
          "Email Address,First Name,Last Name\r\n"
          "h@example.es,\"'=HYPERLINK(\"\"http://x.example\"\")\",\r\n"
          "ana@example.es,Ana,Núñez\r\n");
    CHECK(mode_of(path) == 0600);
    CHECK(res.bytes == std::filesystem::file_size(path));

    store::MessagesRepo log(shop.s.database());
    CHECK(log.count() == 2);
    const auto history = log.history(ana);
    REQUIRE(history.size() == 1);
    const Message& m = history[0];
    CHECK(m.kind == MessageKind::exported);
    CHECK(m.status == MessageStatus::exported);
    CHECK(m.channel == Channel::email);
    CHECK(m.purpose == Purpose::marketing);
    CHECK(m.consent_seq == grant.seq);
    CHECK(m.basis == "consent");
    CHECK(m.destination == "mailchimp:otoño.csv");
    CHECK(m.recipient == "ana@example.es");
    CHECK(log.history(hacker).at(0).consent_seq == hgrant.seq);
    CHECK(log.history(bea).empty());
}

TEST_CASE("a layout that cannot carry the channel writes no file and logs nothing") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    const auto path = dir.file("x.csv");
    CHECK_THROWS_AS(audience(shop, path, io::AudienceLayout::mailchimp, Channel::sms), ValidationError);
    CHECK_THROWS_AS(audience(shop, path, io::AudienceLayout::whatsapp_vcard, Channel::email), ValidationError);
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(store::MessagesRepo(shop.s.database()).count() == 0);
}

TEST_CASE("the exported address is the one the customer consented for") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana", {}, {"ana@casa.example.es", "ana@trabajo.example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email, "ana@trabajo.example.es");
    const auto path = dir.file("brevo.csv");
    audience(shop, path, io::AudienceLayout::brevo, Channel::email);
    CHECK(slurp(path) == "EMAIL;FIRSTNAME;LASTNAME;SMS\r\nana@trabajo.example.es;Ana;;\r\n");
}

TEST_CASE("the WhatsApp Business vCard lists only customers with WhatsApp marketing consent and a mobile") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::whatsapp_business);
    shop.record(bea, ConsentAction::grant, Channel::email);  // email only: not in the WhatsApp list
    const auto path = dir.file("whatsapp.vcf");
    const auto res = audience(shop, path, io::AudienceLayout::whatsapp_vcard, Channel::whatsapp_business);
    CHECK(res.records == 1);
    const std::string vcf = slurp(path);
    CHECK(vcf ==
          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Núñez\r\nN:Núñez;Ana;;;\r\nTEL;TYPE=CELL,PREF:+34612345678\r\n"
          "END:VCARD\r\n");
    const auto log = store::MessagesRepo(shop.s.database()).history(ana);
    REQUIRE(log.size() == 1);
    CHECK(log[0].channel == Channel::whatsapp_business);
    CHECK(log[0].recipient == "+34612345678");
}

TEST_CASE("a ledger export for one customer carries their receipts and the whole chain's verification") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana", {"612345678"}, {"ana@example.es"});
    const auto bea = shop.add("Bea", {"622345678"}, {"bea@example.es"});
    shop.record(ana, ConsentAction::grant, Channel::email);
    shop.record(bea, ConsentAction::grant, Channel::email);
    shop.record(ana, ConsentAction::withdraw, Channel::email);

    app::LedgerExportRequest r;
    r.contact_ref = ana.substr(0, 8);
    r.format = app::LedgerFormat::json;
    std::stringstream out;
    const auto res = app::export_ledger(shop.s, r, &out);
    CHECK(res.records == 2);
    CHECK(res.chain_verified);
    const auto doc = io::read_ledger_json(out);
    CHECK(doc.info.contact_filter == ana);
    CHECK(doc.info.chain_head_hash == shop.s.ledger().verify().chain.head_hash);
    CHECK(doc.info.events_checked == 3);
    CHECK(doc.info.pii_controller == "Mercería La Aguja");
    REQUIRE(doc.events.size() == 2);
    CHECK(doc.events[0].event.seq == 1);
    CHECK(doc.events[1].event.seq == 3);
    CHECK(doc.events[0].contact_name == "Ana");
    REQUIRE(doc.events[0].wording);
    CHECK(doc.events[0].wording->text == "Acepto ofertas de Mercería La Aguja por email.");
    CHECK(doc.events[0].occurred_local.size() == std::string("2026-11-25T10:30:00+01:00").size());
    for (const auto& x : doc.events) CHECK(compute_event_hash(x.event) == x.event.hash);
    // Format-2 events: the evidence text is read from beside the chain, with its fingerprint.
    CHECK(doc.events[0].event.format == 2);
    CHECK(doc.events[0].event.evidence == "hoja");
    CHECK(doc.events[0].event.evidence_hash == sha256_hex("hoja"));

    app::LedgerExportRequest all;
    all.csv.separator = ';';
    std::stringstream csv;
    CHECK(app::export_ledger(shop.s, all, &csv).records == 3);
    std::string line;
    std::size_t lines = 0;
    std::size_t with_evidence = 0;
    while (std::getline(csv, line)) {
        ++lines;
        if (line.find(";hoja;") != std::string::npos) ++with_evidence;
    }
    CHECK(lines == 5);  // header, export row, three events
    CHECK(with_evidence == 3);
}

TEST_CASE("the access report data has the contact, consent history and the messages") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"}, "talla M");
    shop.record(ana, ConsentAction::grant, Channel::email);
    audience(shop, dir.file("a.csv"), io::AudienceLayout::plain, Channel::email);
    const auto d = app::access_report_data(shop.s, ana, "es", now_utc());
    CHECK(d.contact.display_name == "Ana Núñez");
    CHECK(d.contact.notes == "talla M");
    CHECK(d.contact.points.size() == 2);
    REQUIRE(d.events.size() == 1);
    CHECK(d.events[0].event.evidence == "hoja");
    REQUIRE(d.events[0].wording);
    REQUIRE(d.consents.size() == 1);
    CHECK(d.consents[0].allowed_now);
    REQUIRE(d.messages.size() == 1);
    CHECK(d.messages[0].message.destination == "plain:a.csv");
    CHECK(d.chain_verified);
    CHECK(d.shop_name == "Mercería La Aguja");

    app::AccessReportRequest r;
    r.contact_ref = ana;
    r.out_path = dir.file("informe.html");
    const auto res = app::export_access_report(shop.s, r);
    CHECK(mode_of(r.out_path) == 0600);
    const std::string html = slurp(r.out_path);
    CHECK(res.bytes == html.size());
    CHECK(html.find("Ana Núñez") != std::string::npos);
    CHECK(html.find("Acepto ofertas de Mercería La Aguja por email.") != std::string::npos);
    r.format = app::ReportFormat::pdf;
    r.out_path = dir.file("informe.pdf");
    CHECK(app::export_access_report(shop.s, r).records >= 1);
    CHECK(slurp(r.out_path).rfind("%PDF-", 0) == 0);
    r.out_path.clear();
    CHECK_THROWS_AS(app::export_access_report(shop.s, r), ValidationError);
}

TEST_CASE("a phone-call audience exports landlines too, in the plain layout") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    const auto luis = shop.add("Luis Pérez", {"915550123"}, {});
    app::ConsentRequest r = shop.request(luis, ConsentAction::grant, Channel::phone_call);
    // A grant is recorded with a wording written for its channel (issue #17).
    WordingScope calls;
    calls.channels = {Channel::phone_call};
    calls.purposes = {Purpose::marketing};
    r.wording_id = app::add_wording(shop.s, "Acepto que Mercería La Aguja me llame para ofrecerme novedades.", "es",
                                    "llamadas", std::nullopt, calls)
                       .wording.id;
    app::record_consent(shop.s, r);
    const auto path = dir.file("llamadas.csv");
    const auto res = audience(shop, path, io::AudienceLayout::plain, Channel::phone_call);
    CHECK(res.records == 1);
    const std::string csv = slurp(path);
    CHECK(csv.find(",Luis Pérez,Luis,Pérez,,+34915550123,phone_call,marketing,consent,1\r\n") != std::string::npos);
}

TEST_CASE("local times in exports carry the offset of their season") {
    const auto* madrid = date::locate_zone("Europe/Madrid");
    CHECK(app::format_local_iso(parse_timestamp("2026-01-15T10:30:05Z"), madrid) == "2026-01-15T11:30:05+01:00");
    CHECK(app::format_local_iso(parse_timestamp("2026-07-15T23:30:00Z"), madrid) == "2026-07-16T01:30:00+02:00");
    CHECK(app::format_local_iso(parse_timestamp("2026-03-29T00:59:59Z"), madrid) == "2026-03-29T01:59:59+01:00");
    CHECK(app::format_local_iso(parse_timestamp("2026-03-29T01:00:00Z"), madrid) == "2026-03-29T03:00:00+02:00");
    const auto* ny = date::locate_zone("America/New_York");
    CHECK(app::format_local_iso(parse_timestamp("2026-01-15T03:00:00Z"), ny) == "2026-01-14T22:00:00-05:00");
    CHECK(app::format_local_iso(parse_timestamp("2026-01-15T03:00:00Z"), nullptr) == "2026-01-15T03:00:00Z");
}

TEST_CASE("an audience file lists customers as the contact list does, accents folded") {
    TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    ExportShop shop(where);
    for (const char* name : {"Zoe", "Álvaro", "bea", "Ana"}) {
        const auto id =
            shop.add(name, {}, {std::string(name == std::string("Álvaro") ? "alvaro" : name) + "@example.es"});
        shop.record(id, ConsentAction::grant, Channel::email);
    }
    const auto path = dir.file("orden.csv");
    audience(shop, path, io::AudienceLayout::mailchimp, Channel::email);
    CHECK(slurp(path) ==
          "Email Address,First Name,Last Name\r\nalvaro@example.es,Álvaro,\r\nAna@example.es,Ana,\r\n"
          "bea@example.es,bea,\r\nZoe@example.es,Zoe,\r\n");
}
