// The consent records export for a Spanish inspector (export ledger --lang es): Spanish
// column names, the coded values explained in words beside them, and a chain that still
// re-verifies from the file alone.
#include "core/errors.hpp"
#include "export_samples.hpp"
#include "io/exporters_ledger.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace clientela;
using namespace clientela::io;
using clientela::io::test::sample_info;
using clientela::io::test::sample_ledger;

namespace {

std::string ledger_csv(const std::vector<LedgerExportEvent>& events, const std::string& language,
                       CsvWriteOptions options = {}) {
    std::ostringstream out;
    auto info = sample_info(events.back().event.hash);
    info.language = language;
    LedgerCsvWriter w(out, info, options);
    for (const auto& e : events) w.write(e);
    return out.str();
}

std::vector<LedgerExportEvent> format2_ledger() {
    auto events = sample_ledger();
    std::string prev(genesis_hash);
    for (auto& x : events) {
        x.event.format = 2;
        seal_event(x.event, x.event.seq, prev);
        prev = x.event.hash;
    }
    events[0].event.evidence.clear();  // erased after her withdrawal: the fingerprint stays
    events[0].event.evidence_erased = true;
    return events;
}

// The chain as an inspector recomputes it from the file alone.
ChainVerification verify_file(const std::string& text, bool csv) {
    std::istringstream in(text);
    const LedgerJsonDocument doc = csv ? read_ledger_csv(in) : read_ledger_json(in);
    std::vector<ConsentEvent> chain;
    for (const auto& x : doc.events) chain.push_back(x.event);
    return verify_chain(chain);
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find("\r\n"));
}

}  // namespace

TEST_CASE("the Spanish ledger CSV has Spanish column names and says the coded values in words") {
    const std::string csv = ledger_csv(sample_ledger(), "es");
    const std::string header = first_line(csv);
    INFO(header);
    for (const char* column : {"Registro", "N.º de evento", "Cliente", "Canal (código)", "Canal", "Acción (código)",
                               "Acción", "Cómo se recogió", "Base legal", "Texto que vio el cliente", "Huella",
                               "Huella anterior", "Cadena verificada"}) {
        CHECK(header.find(column) != std::string::npos);
    }
    CHECK(header.find("consent_receipt_id") == std::string::npos);
    CHECK(header.find("pii_principal") == std::string::npos);
    // The codes stay as hashed; the words come in the next column.
    CHECK(csv.find(",email,Correo electrónico,marketing,Publicidad (ofertas y novedades),grant,Concedido,given,"
                   "in_store_form,Formulario en la tienda,no,consent,\"Consentimiento del cliente (RGPD") !=
          std::string::npos);
    CHECK(csv.find(",withdraw,Retirado,withdrawn,email_reply,Respuesta por correo electrónico,") != std::string::npos);
    CHECK(csv.find(",whatsapp_business,WhatsApp Business,") != std::string::npos);
    CHECK(csv.find("\r\nexportación,") != std::string::npos);
    CHECK(csv.find("\r\nevento,1,") != std::string::npos);
}

TEST_CASE("the English ledger CSV keeps its Kantara / ISO 27560 layout") {
    const std::string csv = ledger_csv(sample_ledger(), "en");
    CHECK(first_line(csv).rfind("record,seq,consent_receipt_id,", 0) == 0);
    CHECK(csv.find("Concedido") == std::string::npos);
}

TEST_CASE("the chain re-verifies from the Spanish ledger CSV alone") {
    const auto events = sample_ledger();
    SECTION("comma-separated") {
        const auto v = verify_file(ledger_csv(events, "es"), true);
        CHECK(v.ok);
        CHECK(v.events_checked == 3);
        std::istringstream in(ledger_csv(events, "es"));
        for (const auto& x : read_ledger_csv(in).events) CHECK(compute_event_hash(x.event) == x.event.hash);
        CHECK(v.head_hash == events.back().event.hash);
    }
    SECTION("for Spanish Excel, as the desktop app writes it (';' and a BOM)") {
        const auto v = verify_file(ledger_csv(events, "es", CsvWriteOptions{';', true}), true);
        CHECK(v.ok);
        CHECK(v.head_hash == events.back().event.hash);
    }
    SECTION("format-2 events, one with its evidence erased") {
        const auto f2 = format2_ledger();
        const std::string csv = ledger_csv(f2, "es");
        CHECK(csv.find(",clientela-consent-v2," + sha256_hex("hoja 17, \"alta\"") + ",sí,") != std::string::npos);
        const auto v = verify_file(csv, true);
        CHECK(v.ok);
        CHECK(v.head_hash == f2.back().event.hash);
    }
    SECTION("the file says what it read") {
        std::istringstream in(ledger_csv(events, "es"));
        const auto doc = read_ledger_csv(in);
        CHECK(doc.info.language == "es");
        CHECK(doc.info.pii_controller == "Mercería La Aguja");
        CHECK(doc.info.chain_verified);
        REQUIRE(doc.events.size() == 3);
        CHECK(doc.events[1].contact_name == "=HYPERLINK(\"http://x.example\",\"pulsa\")");  // neutralised, undone
        CHECK(doc.events[2].event.evidence == "-respondió BAJA");
        REQUIRE(doc.events[0].wording.has_value());
        CHECK(sha256_hex(doc.events[0].wording->text) == doc.events[0].event.wording_hash);
    }
}

TEST_CASE("a Spanish ledger CSV edited after the export no longer verifies") {
    std::string csv = ledger_csv(sample_ledger(), "es");
    const auto pos = csv.find(",grant,Concedido,");
    REQUIRE(pos != std::string::npos);
    csv.replace(pos, 17, ",withdraw,Retirado,");  // a grant turned into a withdrawal
    const auto v = verify_file(csv, true);
    CHECK_FALSE(v.ok);
    CHECK(v.first_broken_seq == 1);
}

TEST_CASE("the Spanish ledger JSON keeps its keys, adds the words, and re-verifies") {
    const auto events = format2_ledger();
    std::ostringstream out;
    auto info = sample_info(events.back().event.hash);
    info.language = "es";
    LedgerJsonWriter w(out, info);
    for (const auto& e : events) w.write(e);
    w.finish();
    const auto j = nlohmann::json::parse(out.str());
    CHECK(j.at("language") == "es");
    CHECK(j.at("events").at(0).at("action") == "grant");
    CHECK(j.at("events").at(0).at("en_palabras").at("accion") == "Concedido");
    CHECK(j.at("events").at(2).at("en_palabras").at("accion") == "Retirado");
    CHECK(j.at("events").at(0).at("en_palabras").at("canal") == "Correo electrónico");
    const auto v = verify_file(out.str(), false);
    CHECK(v.ok);
    CHECK(v.head_hash == events.back().event.hash);
}

TEST_CASE("reading a CSV that is not a ledger export is a parse error") {
    std::istringstream other("name,phone\r\nAna,600\r\n");
    CHECK_THROWS_AS(read_ledger_csv(other), ParseError);
    std::istringstream empty("");
    CHECK_THROWS_AS(read_ledger_csv(empty), ParseError);
}

TEST_CASE("every withdrawal method of the window has Spanish words in the inspector's file") {
    CHECK(spanish_words(ConsentMethod::phone_request) == "Lo pidió por teléfono");
    CHECK(spanish_words(ConsentMethod::whatsapp_reply) == "Respuesta por WhatsApp");
    for (ConsentMethod m : {ConsentMethod::in_store_form, ConsentMethod::paper, ConsentMethod::web_form,
                            ConsentMethod::email_reply, ConsentMethod::verbal_recorded, ConsentMethod::import_attested,
                            ConsentMethod::phone_request, ConsentMethod::whatsapp_reply}) {
        CHECK(spanish_words(m) != to_string(m));  // words, not the code
    }
}
