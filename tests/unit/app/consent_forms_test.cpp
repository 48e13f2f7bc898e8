// The printed consent form: its code is stored with what it holds; recording from it binds a
// blank form to its customer, makes the code the events' evidence, and refuses an unknown,
// mistyped or someone else's code without storing anything.
#include "app/consent_forms.hpp"

#include "app/erasure.hpp"
#include "core/errors.hpp"
#include "core/form_code.hpp"
#include "core/sha256.hpp"
#include "../store/temp_dir.hpp"
#include "store/sql.hpp"
#include "store/store.hpp"

#include "shop_store.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace clientela;

namespace {

struct Shop {
    explicit Shop(const std::string& where) : s(where) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.shop_address = "Calle Mayor 3, Zamora";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        WordingScope email_scope;
        email_scope.channels = {Channel::email, Channel::sms};
        email_scope.purposes = {Purpose::marketing};
        email_wording = app::add_wording(s, "Acepto recibir ofertas de Mercería La Aguja por email y SMS.", "es",
                                         "ofertas", std::nullopt, email_scope)
                            .wording.id;
        WordingScope wa_scope;
        wa_scope.channels = {Channel::whatsapp_business};
        wa_scope.purposes = {Purpose::marketing};
        wa_wording = app::add_wording(s, "Acepto recibir ofertas de Mercería La Aguja por WhatsApp.", "es", "whatsapp",
                                      std::nullopt, wa_scope)
                         .wording.id;
    }
    std::string add(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails) {
        app::NewContact c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        return s.add_contact(c).contact.uuid;
    }
    app::PrintedConsentForm print(const std::string& contact = "", std::vector<std::string> names = {}) {
        app::ConsentFormRequest r;
        r.contact_ref = contact;
        r.wording_names = std::move(names);
        std::ostringstream pdf;
        auto p = app::print_consent_form(s, r, pdf);
        last_pdf = pdf.str();
        return p;
    }
    app::ConsentRequest grant(const std::string& id, Channel ch) const {
        app::ConsentRequest r;
        r.contact_ref = id;
        r.channel = ch;
        r.method = ConsentMethod::paper;
        r.wording_id = ch == Channel::whatsapp_business ? wa_wording : email_wording;
        return r;
    }
    std::size_t events() { return s.ledger().history(ana_uuid.empty() ? "" : ana_uuid).size(); }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
    std::string last_pdf;
    std::string ana_uuid;
};

std::string png_bytes() { return std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, 'x'); }

}  // namespace

TEST_CASE("a form printed from a customer's card stores its code, wordings, channels and customer") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto p = shop.print(ana);
    CHECK(shop.last_pdf.rfind("%PDF-", 0) == 0);
    CHECK(shop.last_pdf.find("%%EOF") != std::string::npos);
    CHECK(p.bytes == shop.last_pdf.size());
    CHECK(read_form_code(p.form.code).ok());
    CHECK(p.form.contact_uuid == ana);
    CHECK(p.form.printed_by == "Rocío");
    CHECK(p.form.wording_ids == std::vector<std::int64_t>{shop.email_wording, shop.wa_wording});
    CHECK(p.form.channels == std::vector<Channel>{Channel::email, Channel::sms, Channel::whatsapp_business});
    const auto d = app::consent_form_details(shop.s, display_form_code(p.form.code));
    CHECK(d.contact_name == "Ana Núñez");
    REQUIRE(d.wordings.size() == 2);
    CHECK(d.wordings[1].text == "Acepto recibir ofertas de Mercería La Aguja por WhatsApp.");
}

TEST_CASE("a form can hold only the wordings and channels asked for, and an unknown wording name is refused") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    app::ConsentFormRequest r;
    r.wording_names = {"ofertas"};
    r.channels = {Channel::email};
    std::ostringstream pdf;
    const auto p = app::print_consent_form(shop.s, r, pdf);
    CHECK(p.form.contact_uuid.empty());
    CHECK(p.form.wording_ids == std::vector<std::int64_t>{shop.email_wording});
    CHECK(p.form.channels == std::vector<Channel>{Channel::email});
    r.wording_names = {"no-existe"};
    CHECK_THROWS_AS(app::print_consent_form(shop.s, r, pdf), NotFoundError);
    r.wording_names = {"whatsapp"};  // has no email tick box
    CHECK_THROWS_AS(app::print_consent_form(shop.s, r, pdf), ValidationError);
}

TEST_CASE("recording a signed blank form binds its code to the customer and makes it the evidence") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto luis = shop.add("Luis Pardo", {"622345678"}, {"luis@example.es"});
    const auto form = shop.print();
    REQUIRE(form.form.contact_uuid.empty());
    CHECK(app::check_form_code(shop.s, form.form.code, ana).status == app::FormCodeStatus::usable);

    auto g = shop.grant(ana, Channel::whatsapp_business);
    g.evidence = "firmado en caja";
    const auto r = app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::email), g},
                                                 display_form_code(form.form.code));
    CHECK(r.bound_now);
    REQUIRE(r.recorded.size() == 2);
    CHECK(r.recorded[0].event.evidence == "formulario " + display_form_code(form.form.code));
    CHECK(r.recorded[1].event.evidence == "formulario " + display_form_code(form.form.code) + "; firmado en caja");
    CHECK(r.recorded[0].event.method == ConsentMethod::paper);

    const auto d = app::consent_form_details(shop.s, form.form.code);
    CHECK(d.form.contact_uuid == ana);
    CHECK(d.form.bound_at);
    CHECK(d.form.event_seqs == std::vector<std::int64_t>{r.recorded[0].event.seq, r.recorded[1].event.seq});

    // Now it is Ana's: Luis cannot use it, and nothing is stored for him.
    CHECK(app::check_form_code(shop.s, form.form.code, luis).status == app::FormCodeStatus::other_customer);
    try {
        app::record_consent_from_form(shop.s, {shop.grant(luis, Channel::email)}, form.form.code);
        FAIL("recorded Ana's form for Luis");
    } catch (const ConflictError& e) {
        CHECK(e.code() == "consent_form.other_customer");
        CHECK(std::string(e.what()).find("Ana Núñez") != std::string::npos);
    }
    CHECK(shop.s.ledger().history(luis).empty());
    // Ana may record another channel from the same paper later.
    CHECK_NOTHROW(app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::sms)}, form.form.code));
}

TEST_CASE("an unknown or mistyped form code is refused and nothing is stored") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto form = shop.print(ana);
    const std::string unknown = new_form_code();
    CHECK(app::check_form_code(shop.s, unknown, ana).status == app::FormCodeStatus::unknown);
    try {
        app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::email)}, unknown, app::FormScan{"image/png", png_bytes()});
        FAIL("accepted an unknown code");
    } catch (const NotFoundError& e) {
        CHECK(e.code() == "consent_form.unknown");
    }
    std::string typo = form.form.code;
    std::swap(typo[0], typo[1]);
    if (typo == form.form.code) typo[0] = typo[0] == 'A' ? 'B' : 'A';
    CHECK(app::check_form_code(shop.s, typo, ana).status == app::FormCodeStatus::mistyped);
    CHECK_THROWS_AS(app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::email)}, typo), ValidationError);
    // A wording that is not on the paper, on the right code: refused too.
    app::ConsentFormRequest only_email;
    only_email.contact_ref = ana;
    only_email.wording_names = {"ofertas"};
    std::ostringstream pdf;
    const auto email_form = app::print_consent_form(shop.s, only_email, pdf);
    try {
        app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::email), shop.grant(ana, Channel::whatsapp_business)},
                                      email_form.form.code, app::FormScan{"image/png", png_bytes()});
        FAIL("accepted a wording not on the form");
    } catch (const ValidationError& e) {
        CHECK(e.code() == "consent_form.wording_not_on_form");
    }
    CHECK(shop.s.ledger().history(ana).empty());  // not even the first, valid grant
    CHECK(app::consent_form_details(shop.s, email_form.form.code).form.event_seqs.empty());
    store::ConsentFormsRepo repo(shop.s.database());
    CHECK(repo.scans_of(ana).empty());
}

TEST_CASE("a scan of the signed form is kept, fingerprinted in the evidence, and erased with the customer") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    Shop shop(where);
    const auto ana = shop.add("Ana Núñez", {"612345678"}, {"ana@example.es"});
    const auto form = shop.print(ana);
    test::TempDir dir;
    const auto path = dir.file("firma.png");
    std::ofstream(path, std::ios::binary) << png_bytes();
    const auto scan = app::read_form_scan(path);
    CHECK(scan.mime_type == "image/png");
    const auto r = app::record_consent_from_form(shop.s, {shop.grant(ana, Channel::email)}, form.form.code, scan);
    CHECK(r.scan_sha256 == sha256_hex(png_bytes()));
    CHECK(r.recorded[0].event.evidence ==
          "formulario " + display_form_code(form.form.code) + "; escaneo sha256:" + sha256_hex(png_bytes()));
    store::ConsentFormsRepo repo(shop.s.database());
    REQUIRE(repo.scans_of(ana).size() == 1);
    CHECK(repo.scan_content(repo.scans_of(ana)[0].id) == png_bytes());

    const auto erased = app::erase_contact(shop.s, ana);
    CHECK(erased.form_scans_erased == 1);
    CHECK(store::sql::query_int64(shop.s.database().conn(), "SELECT count(*) FROM consent_form_scans") == 0);
    CHECK(app::consent_form_details(shop.s, form.form.code).contact_name.empty());
}

TEST_CASE("a scan must be a JPEG, PNG or PDF of at most 10 MB") {
    test::TempDir dir;
    const auto text = dir.file("nota.txt");
    std::ofstream(text) << "no es una imagen";
    try {
        app::read_form_scan(text);
        FAIL("accepted a text file");
    } catch (const ValidationError& e) {
        CHECK(e.code() == "consent_form.scan_type");
    }
    const auto big = dir.file("enorme.jpg");
    {
        std::ofstream out(big, std::ios::binary);
        out << "\xFF\xD8\xFF" << std::string(app::kMaxFormScanBytes, 'x');
    }
    try {
        app::read_form_scan(big);
        FAIL("accepted 10 MB and more");
    } catch (const ValidationError& e) {
        CHECK(e.code() == "consent_form.scan_too_big");
    }
    const auto pdf = dir.file("firma.pdf");
    std::ofstream(pdf) << "%PDF-1.5\n%%EOF\n";
    CHECK(app::read_form_scan(pdf).mime_type == "application/pdf");
    CHECK_THROWS_AS(app::read_form_scan(dir.file("no-existe.jpg")), ValidationError);
}

TEST_CASE("a form is written 0600 and never over the database") {
    test::TempDir dir;
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    WordingScope scope;
    scope.channels = {Channel::email};
    scope.purposes = {Purpose::marketing};
    app::add_wording(s, "Acepto ofertas por email.", "es", "ofertas", std::nullopt, scope);
    app::ConsentFormRequest r;
    const auto out = dir.file("formulario.pdf");
    const auto p = app::print_consent_form(s, r, out);
    struct stat st {};
    REQUIRE(::stat(out.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(static_cast<std::uintmax_t>(st.st_size) == p.bytes);
    if (!store::is_postgresql(where)) {  // only a SQLite shop is a file a form could be written over
        const auto before = store::sql::query_int64(s.database().conn(), "SELECT count(*) FROM consent_forms");
        CHECK_THROWS_AS(app::print_consent_form(s, r, where), ValidationError);
        CHECK(store::sql::query_int64(s.database().conn(), "SELECT count(*) FROM consent_forms") == before);
    }
}
