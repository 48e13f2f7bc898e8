#include "io/exporters_report.hpp"

#include "core/errors.hpp"

#include <ostream>

namespace clientela::io {
namespace {

// The report's words in one language.
struct Words {
    const char* lang;
    const char *title, *subtitle, *controller, *generated, *contact_data, *name, *given, *family, *id, *language,
        *created, *updated, *source, *source_manual, *source_import, *source_demo, *line, *tags, *notes, *none, *points,
        *invalid, *preferences, *default_order, *current, *allowed_now, *not_allowed_now, *since, *expires, *history,
        *no_events, *method, *weak, *basis, *evidence, *recorded_by, *recorded_at, *contact_point, *hash, *wording,
        *version, *no_wording, *messages, *no_messages, *status, *destination, *recipient, *subject, *event, *integrity,
        *head, *verified_ok, *verified_bad, *rights, *erased_name;
};

constexpr Words kEs{
    "es",
    "Informe de acceso a datos personales",
    "Derecho de acceso, artículo 15 del Reglamento General de Protección de Datos (RGPD)",
    "Responsable del tratamiento",
    "Generado el",
    "Datos de contacto",
    "Nombre",
    "Nombre de pila",
    "Apellidos",
    "Identificador",
    "Idioma",
    "Alta",
    "Última modificación",
    "Origen de los datos",
    "introducido a mano en la tienda",
    "importado del archivo",
    "tienda de demostración",
    "línea",
    "Etiquetas",
    "Notas",
    "(ninguno)",
    "Medios de contacto",
    "no válido",
    "Canal preferido",
    "orden por defecto de la tienda",
    "Consentimiento actual",
    "permitido ahora",
    "no permitido ahora",
    "desde",
    "caduca el",
    "Historial de consentimiento",
    "No hay ningún registro de consentimiento.",
    "Método",
    "prueba débil: la tienda declara que se recogió fuera",
    "Base jurídica",
    "Prueba",
    "Registrado por",
    "Registrado el",
    "Medio de contacto (huella)",
    "Huella del registro (SHA-256)",
    "Texto aceptado",
    "versión",
    "Sin texto asociado.",
    "Mensajes enviados y exportaciones",
    "No se ha enviado ni exportado nada.",
    "Estado",
    "Destino",
    "Destinatario",
    "Asunto",
    "Consentimiento que lo autorizó",
    "Integridad del registro de consentimiento",
    "Huella de la cadena",
    "verificada al generar este informe",
    "LA VERIFICACIÓN FALLÓ al generar este informe",
    "Puede pedir la rectificación o supresión de sus datos, oponerse a las comunicaciones comerciales o "
    "retirar su consentimiento en cualquier momento dirigiéndose al responsable. También puede reclamar ante la "
    "Agencia Española de Protección de Datos (www.aepd.es).",
    "(suprimido)"};

constexpr Words kEn{
    "en",
    "Personal data access report",
    "Right of access, Article 15 of the General Data Protection Regulation (GDPR)",
    "Data controller",
    "Generated on",
    "Contact data",
    "Name",
    "Given name",
    "Family name",
    "Identifier",
    "Language",
    "Created",
    "Last changed",
    "Source of the data",
    "entered by hand in the shop",
    "imported from the file",
    "demo shop",
    "line",
    "Tags",
    "Notes",
    "(none)",
    "Contact points",
    "not valid",
    "Preferred channel",
    "the shop's default order",
    "Current consent",
    "allowed now",
    "not allowed now",
    "since",
    "expires on",
    "Consent history",
    "There is no consent record.",
    "Method",
    "weak evidence: the shop attests it was collected elsewhere",
    "Legal basis",
    "Evidence",
    "Recorded by",
    "Recorded on",
    "Contact point (fingerprint)",
    "Record fingerprint (SHA-256)",
    "Text agreed to",
    "version",
    "No text attached.",
    "Messages sent and exports",
    "Nothing was sent or exported.",
    "Status",
    "Destination",
    "Recipient",
    "Subject",
    "Consent that authorised it",
    "Integrity of the consent ledger",
    "Chain fingerprint",
    "verified when this report was generated",
    "VERIFICATION FAILED when this report was generated",
    "You may ask the controller to correct or erase your data, object to marketing or withdraw your consent "
    "at any time. You may also complain to the Spanish Data Protection Agency (www.aepd.es).",
    "(erased)"};

const Words& words_for(const std::string& language) {
    if (language == "es") return kEs;
    if (language == "en") return kEn;
    throw ValidationError("report language '" + language + "' is not available (valid: es, en)");
}

bool es(const Words& w) {
    return std::string_view(w.lang) == "es";
}

std::string channel_name(const Words& w, Channel c) {
    switch (c) {
        case Channel::email:
            return es(w) ? "correo electrónico" : "email";
        case Channel::sms:
            return "SMS";
        case Channel::whatsapp_business:
            return "WhatsApp Business";
        case Channel::phone_call:
            return es(w) ? "llamada telefónica" : "phone call";
        case Channel::postal:
            return es(w) ? "correo postal" : "post";
    }
    return "?";
}

std::string purpose_name(const Words& w, Purpose p) {
    if (p == Purpose::marketing) return es(w) ? "promociones" : "marketing";
    return es(w) ? "servicio (pedidos, citas)" : "service (orders, appointments)";
}

std::string action_name(const Words& w, ConsentAction a) {
    switch (a) {
        case ConsentAction::grant:
            return es(w) ? "Concede" : "Grants";
        case ConsentAction::withdraw:
            return es(w) ? "Retira" : "Withdraws";
        case ConsentAction::confirm:
            return es(w) ? "Confirma" : "Confirms";
        case ConsentAction::expire:
            return es(w) ? "Caduca" : "Expires";
    }
    return "?";
}

std::string method_name(const Words& w, ConsentMethod m) {
    switch (m) {
        case ConsentMethod::in_store_form:
            return es(w) ? "formulario en la tienda" : "in-store form";
        case ConsentMethod::paper:
            return es(w) ? "papel firmado" : "signed paper";
        case ConsentMethod::web_form:
            return es(w) ? "formulario web" : "web form";
        case ConsentMethod::email_reply:
            return es(w) ? "respuesta por email" : "email reply";
        case ConsentMethod::verbal_recorded:
            return es(w) ? "verbal, grabado" : "verbal, recorded";
        case ConsentMethod::import_attested:
            return es(w) ? "importado, declarado por la tienda" : "imported, attested";
        case ConsentMethod::phone_request:
            return es(w) ? "pedido por teléfono" : "asked by telephone";
        case ConsentMethod::whatsapp_reply:
            return es(w) ? "respuesta por WhatsApp" : "WhatsApp reply";
    }
    return "?";
}

std::string basis_name(const Words& w, LegalBasis b) {
    if (b == LegalBasis::consent)
        return es(w) ? "consentimiento (RGPD art. 6.1.a, LSSI art. 21.1)"
                     : "consent (GDPR art. 6(1)(a), LSSI art. 21.1)";
    return es(w) ? "cliente existente (LSSI art. 21.2)" : "existing customer (LSSI art. 21.2)";
}

std::string status_name(const Words& w, ConsentState::Status s) {
    switch (s) {
        case ConsentState::Status::none:
            return es(w) ? "sin consentimiento" : "no consent";
        case ConsentState::Status::granted:
            return es(w) ? "concedido" : "granted";
        case ConsentState::Status::withdrawn:
            return es(w) ? "retirado" : "withdrawn";
        case ConsentState::Status::expired:
            return es(w) ? "caducado" : "expired";
    }
    return "?";
}

std::string message_status_name(const Words& w, MessageStatus s) {
    switch (s) {
        case MessageStatus::queued:
            return es(w) ? "en cola" : "queued";
        case MessageStatus::sent:
            return es(w) ? "enviado" : "sent";
        case MessageStatus::failed:
            return es(w) ? "fallido" : "failed";
        case MessageStatus::exported:
            return es(w) ? "exportado a un archivo" : "exported to a file";
        case MessageStatus::unknown:
            return es(w) ? "entregado al servidor, sin confirmación" : "handed over, not confirmed";
        case MessageStatus::skipped:
            return es(w) ? "no enviado (sin consentimiento al enviar)" : "not sent (no consent at sending time)";
    }
    return "?";
}

// The labels the readers store as canonical words (io/labels.hpp), in the report's
// language; a label the person typed stays as written.
std::string label_word(const Words& w, const std::string& label) {
    if (!es(w)) return label;
    static const std::pair<const char*, const char*> kSpanish[] = {
        {"home", "casa"}, {"work", "trabajo"}, {"main", "principal"}, {"other", "otro"},
        {"fax", "fax"},   {"pager", "busca"},  {"mobile", "móvil"}};
    for (const auto& [english, spanish] : kSpanish) {
        if (label == english) return spanish;
    }
    return label;
}

// Why a stored phone or email is not valid (core/phone.cpp, core/email.cpp keep it in
// English), in the report's language; an unknown sentence stays as it is.
std::string problem_words(const Words& w, const std::string& problem) {
    if (!es(w)) return problem;
    static const std::pair<const char*, const char*> kSpanish[] = {
        {"empty phone number", "número vacío"},
        {"no digits in phone number", "el número no tiene cifras"},
        {"too many digits", "demasiadas cifras para un teléfono"},
        {"too short", "demasiado corto"},
        {"not a valid phone number", "no es un número de teléfono válido"},
        {"empty email address", "correo vacío"},
        {"email address has no '@'", "al correo le falta la @"},
        {"is not a full domain", "lo que va tras la @ no es un dominio completo"},
        {"email address", "la dirección de correo no es válida"},
        {"email domain", "lo que va tras la @ no es válido"}};
    for (const auto& [english, spanish] : kSpanish) {
        if (problem.find(english) != std::string::npos) return spanish;
    }
    return problem;
}

std::string point_label(const Words& w, const ContactPoint& p) {
    std::string kind;
    switch (p.kind) {
        case PointKind::phone:
            kind = p.is_mobile ? (es(w) ? "Móvil" : "Mobile") : (es(w) ? "Teléfono" : "Phone");
            break;
        case PointKind::email:
            kind = es(w) ? "Correo electrónico" : "Email";
            break;
        case PointKind::postal:
            kind = es(w) ? "Dirección postal" : "Postal address";
            break;
    }
    if (!p.label.empty() && p.label != "mobile") kind += " (" + label_word(w, p.label) + ")";
    return kind;
}

std::string or_none(const Words& w, const std::string& s) {
    return s.empty() ? w.none : s;
}

}  // namespace

std::vector<ReportBlock> access_report_blocks(const AccessReportData& d) {
    const Words& w = words_for(d.language);
    using K = ReportBlock::Kind;
    std::vector<ReportBlock> b;
    auto add = [&b](K kind, std::string text, std::string label = {}) {
        b.push_back(ReportBlock{kind, std::move(label), std::move(text)});
    };
    const Contact& c = d.contact;

    add(K::title, w.title);
    add(K::subtitle, w.subtitle);
    std::string controller = d.shop_name.empty() ? std::string(w.none) : d.shop_name;
    if (!d.shop_address.empty()) controller += ", " + d.shop_address;
    add(K::field, controller, w.controller);
    if (!d.unsubscribe_address.empty()) add(K::field, d.unsubscribe_address, "Email");
    add(K::field, d.generated_local, w.generated);

    add(K::heading, w.contact_data);
    add(K::field, c.display_name, w.name);
    if (!c.given_name.empty()) add(K::field, c.given_name, w.given);
    if (!c.family_name.empty()) add(K::field, c.family_name, w.family);
    add(K::field, c.uuid, w.id);
    add(K::field, c.language, w.language);
    add(K::field, d.created_local, w.created);
    add(K::field, d.updated_local, w.updated);
    std::string source;
    switch (c.source) {
        case SourceKind::manual:
            source = w.source_manual;
            break;
        case SourceKind::import:
            source = std::string(w.source_import) + " " + c.source_file;
            if (c.source_line) source += ", " + std::string(w.line) + " " + std::to_string(c.source_line);
            break;
        case SourceKind::demo:
            source = w.source_demo;
            break;
    }
    add(K::field, source, w.source);
    std::string tags;
    for (const auto& t : c.tags) tags += (tags.empty() ? "" : ", ") + t;
    add(K::field, or_none(w, tags), w.tags);
    add(K::field, or_none(w, c.notes), w.notes);

    add(K::heading, w.points);
    if (c.points.empty()) add(K::paragraph, w.none);
    for (const auto& p : c.points) {
        std::string value = p.raw;
        if (p.is_valid && !p.normalized.empty() && p.normalized != p.raw) value += "  (" + p.normalized + ")";
        if (!p.is_valid && p.kind != PointKind::postal) {
            value += "  [" + std::string(w.invalid) + (p.problem.empty() ? "" : ": " + problem_words(w, p.problem)) + "]";
        }
        add(K::field, value, point_label(w, p));
    }

    add(K::heading, w.preferences);
    std::string order;
    for (Channel ch : d.preferences) order += (order.empty() ? "" : " → ") + channel_name(w, ch);
    add(K::paragraph, order.empty() ? w.default_order : order);

    add(K::heading, w.current);
    if (d.consents.empty()) add(K::paragraph, w.no_events);
    for (const auto& s : d.consents) {
        std::string value = status_name(w, s.state.status);
        if (!s.since_local.empty()) value += " " + std::string(w.since) + " " + s.since_local;
        value += "; ";
        value += s.allowed_now ? w.allowed_now : w.not_allowed_now;
        if (!s.expires_local.empty()) value += "; " + std::string(w.expires) + " " + s.expires_local;
        add(K::field, value, channel_name(w, s.state.channel) + " · " + purpose_name(w, s.state.purpose));
    }

    add(K::heading, w.history);
    if (d.events.empty()) add(K::paragraph, w.no_events);
    for (const auto& x : d.events) {
        const ConsentEvent& e = x.event;
        add(K::subheading, "#" + std::to_string(e.seq) + " · " + x.occurred_local + " · " + action_name(w, e.action) +
                               " · " + channel_name(w, e.channel) + " · " + purpose_name(w, e.purpose));
        std::string method = method_name(w, e.method);
        if (is_weak_evidence(e.method)) method += " (" + std::string(w.weak) + ")";
        add(K::field, method, w.method);
        if (e.action == ConsentAction::grant) add(K::field, basis_name(w, e.basis), w.basis);
        if (!e.evidence.empty()) add(K::field, e.evidence, w.evidence);
        add(K::field, e.recorded_by, w.recorded_by);
        add(K::field, x.recorded_local, w.recorded_at);
        add(K::field, e.point_hash, w.contact_point);
        add(K::field, e.hash, w.hash);
        if (x.wording) {
            add(K::note, std::string(w.wording) + " (" + x.wording_name + ", " + w.version + " " +
                             std::to_string(x.wording->version) + ", " + x.wording->language + "):");
            add(K::quote, x.wording->text);
        } else if (e.action == ConsentAction::grant) {
            add(K::note, w.no_wording);
        }
    }

    add(K::heading, w.messages);
    if (d.messages.empty()) add(K::paragraph, w.no_messages);
    for (const auto& am : d.messages) {
        const Message& m = am.message;
        add(K::subheading, am.created_local + " · " + channel_name(w, m.channel) + " · " + purpose_name(w, m.purpose));
        add(K::field, message_status_name(w, m.status), w.status);
        if (!m.destination.empty()) add(K::field, m.destination, w.destination);
        if (!m.recipient.empty()) add(K::field, m.recipient, w.recipient);
        if (!m.subject.empty()) add(K::field, m.subject, w.subject);
        if (m.consent_seq) add(K::field, "#" + std::to_string(m.consent_seq), w.event);
    }

    add(K::heading, w.integrity);
    add(K::field, d.chain_head_hash, w.head);
    add(K::paragraph, d.chain_verified ? w.verified_ok : w.verified_bad);
    add(K::note, w.rights);
    return b;
}

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char ch : text) {
        switch (ch) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += ch;
        }
    }
    return out;
}

void write_access_report_html(std::ostream& out, const AccessReportData& d) {
    const auto blocks = access_report_blocks(d);
    using K = ReportBlock::Kind;
    out << "<!DOCTYPE html>\n<html lang=\"" << escape_html(d.language) << "\">\n<head>\n<meta charset=\"utf-8\">\n"
        << "<title>" << escape_html(blocks.front().text) << " – " << escape_html(d.contact.display_name)
        << "</title>\n<style>\n"
           "@page { size: A4; margin: 18mm 16mm; }\n"
           "body { font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 10.5pt; color: #111; "
           "max-width: 48em; margin: 2em auto; line-height: 1.4; }\n"
           "h1 { font-size: 18pt; margin-bottom: 0.2em; }\n"
           "h2 { font-size: 13pt; border-bottom: 1px solid #999; margin-top: 1.6em; page-break-after: avoid; }\n"
           "h3 { font-size: 10.5pt; margin: 1.2em 0 0.3em; page-break-after: avoid; }\n"
           "p.subtitle { color: #444; margin-top: 0; }\n"
           "table { border-collapse: collapse; width: 100%; }\n"
           "th { text-align: left; vertical-align: top; width: 32%; font-weight: normal; color: #444; "
           "padding: 0.15em 0.6em 0.15em 0; }\n"
           "td { vertical-align: top; padding: 0.15em 0; overflow-wrap: anywhere; }\n"
           "tr { page-break-inside: avoid; }\n"
           "blockquote { margin: 0.3em 0 0.6em 0; padding: 0.3em 0.8em; border-left: 3px solid #777; "
           "background: #f4f4f4; white-space: pre-wrap; page-break-inside: avoid; }\n"
           "p.note { font-size: 9pt; color: #444; }\n"
           "@media print { body { margin: 0; max-width: none; } blockquote { background: none; } }\n"
           "</style>\n</head>\n<body>\n";
    bool in_table = false;
    auto close_table = [&] {
        if (in_table) out << "</table>\n";
        in_table = false;
    };
    for (const auto& blk : blocks) {
        if (blk.kind != K::field) close_table();
        const std::string text = escape_html(blk.text);
        switch (blk.kind) {
            case K::title:
                out << "<h1>" << text << "</h1>\n";
                break;
            case K::subtitle:
                out << "<p class=\"subtitle\">" << text << "</p>\n";
                break;
            case K::heading:
                out << "<h2>" << text << "</h2>\n";
                break;
            case K::subheading:
                out << "<h3>" << text << "</h3>\n";
                break;
            case K::paragraph:
                out << "<p>" << text << "</p>\n";
                break;
            case K::note:
                out << "<p class=\"note\">" << text << "</p>\n";
                break;
            case K::quote:
                out << "<blockquote>" << text << "</blockquote>\n";
                break;
            case K::field:
                if (!in_table) out << "<table>\n";
                in_table = true;
                out << "<tr><th>" << escape_html(blk.label) << "</th><td>" << text << "</td></tr>\n";
                break;
        }
    }
    close_table();
    out << "</body>\n</html>\n";
}

}  // namespace clientela::io
