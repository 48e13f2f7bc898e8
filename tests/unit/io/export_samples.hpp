// Fixed, hand-built consent events, wordings, a contact and messages for the exporter tests:
// every byte of the golden files in tests/data/golden comes from here.
#pragma once

#include "core/consent.hpp"
#include "core/message.hpp"
#include "io/exporters_ledger.hpp"
#include "io/exporters_report.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace clientela::io::test {

inline Timestamp at(const char* iso) {
    return parse_timestamp(iso);
}

inline ConsentWording sample_wording(std::int64_t id, const std::string& text) {
    ConsentWording w;
    w.id = id;
    w.version = 1;
    w.language = "es";
    w.text = text;
    w.text_hash = sha256_hex(text);
    w.created_at = at("2026-01-10T09:00:00Z");
    return w;
}

inline const ConsentWording& email_wording() {
    static const ConsentWording w = sample_wording(
        1, "Sí, quiero recibir ofertas de Mercería La Aguja por email. Puedo darme de baja cuando quiera.");
    return w;
}

inline const ConsentWording& whatsapp_wording() {
    static const ConsentWording w = sample_wording(2,
                                                   "Acepto recibir ofertas de Mercería La Aguja por WhatsApp en mi "
                                                   "móvil.\nResponda BAJA para dejar de recibirlas.");
    return w;
}

// Three events for two customers, sealed into a chain from genesis. The second customer's
// evidence and recorder are hostile spreadsheet text.
inline std::vector<LedgerExportEvent> sample_ledger() {
    std::vector<LedgerExportEvent> out;
    std::string prev(genesis_hash);
    auto add = [&](const char* uuid, const char* contact, const char* name, Channel ch, ConsentAction action,
                   ConsentMethod method, const ConsentWording* w, const char* evidence, const char* by,
                   const char* occurred, const char* recorded, const char* occurred_local, const char* recorded_local) {
        LedgerExportEvent x;
        ConsentEvent& e = x.event;
        e.event_uuid = uuid;
        e.contact_uuid = contact;
        e.point_hash = sha256_hex(std::string("point of ") + contact + to_string(ch).data());
        e.channel = ch;
        e.purpose = Purpose::marketing;
        e.action = action;
        e.method = method;
        e.wording_id = w ? w->id : 0;
        e.wording_hash = w ? w->text_hash : "";
        e.evidence = evidence;
        e.recorded_by = by;
        e.occurred_at = at(occurred);
        e.recorded_at = at(recorded);
        e.format = 1;  // the golden files were made from format-1 events
        seal_event(e, static_cast<std::int64_t>(out.size()) + 1, prev);
        prev = e.hash;
        x.contact_name = name;
        if (w) {
            x.wording = *w;
            x.wording_name = ch == Channel::whatsapp_business ? "whatsapp" : "email";
        }
        x.occurred_local = occurred_local;
        x.recorded_local = recorded_local;
        out.push_back(std::move(x));
    };
    add("00000000-0000-4000-8000-000000000001", "aaaaaaaa-0000-4000-8000-00000000000a", "Ana Núñez Pérez",
        Channel::email, ConsentAction::grant, ConsentMethod::in_store_form, &email_wording(), "hoja 17, \"alta\"",
        "Rocío", "2026-03-01T10:15:00Z", "2026-03-01T10:16:30Z", "2026-03-01T11:15:00+01:00",
        "2026-03-01T11:16:30+01:00");
    add("00000000-0000-4000-8000-000000000002", "bbbbbbbb-0000-4000-8000-00000000000b",
        "=HYPERLINK(\"http://x.example\",\"pulsa\")", Channel::whatsapp_business, ConsentAction::grant,
        ConsentMethod::import_attested, &whatsapp_wording(), "+cmd|' /C calc'!A0", "@SUM(1+1)", "2026-07-20T16:00:00Z",
        "2026-07-20T16:05:00Z", "2026-07-20T18:00:00+02:00", "2026-07-20T18:05:00+02:00");
    add("00000000-0000-4000-8000-000000000003", "aaaaaaaa-0000-4000-8000-00000000000a", "Ana Núñez Pérez",
        Channel::email, ConsentAction::withdraw, ConsentMethod::email_reply, nullptr, "-respondió BAJA", "\tRocío",
        "2026-10-30T08:00:00Z", "2026-10-30T08:01:00Z", "2026-10-30T09:00:00+01:00", "2026-10-30T09:01:00+01:00");
    return out;
}

inline LedgerExportInfo sample_info(const std::string& head_hash) {
    LedgerExportInfo info;
    info.pii_controller = "Mercería La Aguja";
    info.pii_controller_address = "Calle Mayor 12, 28013 Madrid";
    info.jurisdiction = "ES";
    info.time_zone = "Europe/Madrid";
    info.exported_at = at("2026-11-25T08:00:00Z");
    info.chain_head_hash = head_hash;
    info.chain_verified = true;
    info.events_checked = 3;
    return info;
}

inline AccessReportData sample_report(const std::string& language) {
    AccessReportData d;
    d.language = language;
    d.shop_name = "Mercería La Aguja";
    d.shop_address = "Calle Mayor 12, 28013 Madrid";
    d.unsubscribe_address = "bajas@laaguja.example.es";
    d.generated_local = "2026-11-25 09:00 CET";
    d.time_zone = "Europe/Madrid";
    Contact& c = d.contact;
    c.uuid = "aaaaaaaa-0000-4000-8000-00000000000a";
    c.display_name = "Ana Núñez Pérez <script>alert(1)</script>";
    c.given_name = "Ana";
    c.family_name = "Núñez Pérez";
    c.notes = "Talla M & prefiere \"tardes\"";
    c.source = SourceKind::import;
    c.source_file = "contactos-movil.vcf";
    c.source_line = 42;
    c.tags = {"clienta", "mercería"};
    ContactPoint mobile;
    mobile.kind = PointKind::phone;
    mobile.raw = "612 34 56 78";
    mobile.normalized = "+34612345678";
    mobile.label = "mobile";
    mobile.is_mobile = mobile.is_valid = true;
    ContactPoint email;
    email.kind = PointKind::email;
    email.raw = "ana.nunez@example.es";
    email.normalized = "ana.nunez@example.es";
    email.is_valid = true;
    ContactPoint landline;
    landline.kind = PointKind::phone;
    landline.raw = "91 000";
    landline.label = "home";
    landline.problem = "too short";
    c.points = {mobile, email, landline};
    d.created_local = "2026-02-01 10:00 CET";
    d.updated_local = "2026-10-30 09:01 CET";
    d.preferences = {Channel::whatsapp_business, Channel::email};
    AccessReportConsent granted;
    granted.state.channel = Channel::email;
    granted.state.status = ConsentState::Status::withdrawn;
    granted.state.last_seq = 3;
    granted.since_local = "2026-10-30 09:00 CET";
    d.consents.push_back(granted);
    auto ledger = sample_ledger();
    for (auto& x : ledger) {
        if (x.event.contact_uuid == c.uuid) d.events.push_back(x);
    }
    AccessReportMessage m;
    m.message.contact_uuid = c.uuid;
    m.message.channel = Channel::email;
    m.message.kind = MessageKind::exported;
    m.message.status = MessageStatus::exported;
    m.message.consent_seq = 1;
    m.message.destination = "mailchimp:otoño.csv";
    m.message.recipient = "ana.nunez@example.es";
    m.created_local = "2026-09-15 12:00 CEST";
    d.messages.push_back(m);
    d.chain_head_hash = ledger.back().event.hash;
    d.chain_verified = true;
    return d;
}

inline std::string golden_path(const std::string& name) {
    return std::string(CLIENTELA_TEST_DATA_DIR) + "/golden/" + name;
}

// Compares with tests/data/golden/<name>; CLIENTELA_UPDATE_GOLDEN=1 rewrites the file
// instead (then review the diff before committing it).
inline void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_path(name);
    if (const char* update = std::getenv("CLIENTELA_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
    }
    std::ifstream in(path, std::ios::binary);
    INFO("golden file " << path << " (CLIENTELA_UPDATE_GOLDEN=1 rewrites it)");
    REQUIRE(in.good());
    std::ostringstream expected;
    expected << in.rdbuf();
    CHECK(actual == expected.str());
}

}  // namespace clientela::io::test
