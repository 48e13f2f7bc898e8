#include "io/exporters_ledger.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"
#include "io/csv_tokenizer.hpp"

#include <nlohmann/json.hpp>

#include <istream>
#include <map>
#include <ostream>

namespace clientela::io {
namespace {

using json = nlohmann::ordered_json;

constexpr std::string_view kCsvColumns[] = {"record",
                                            "seq",
                                            "consent_receipt_id",
                                            "pii_principal_id",
                                            "pii_principal_name",
                                            "point_hash",
                                            "channel",
                                            "purpose",
                                            "action",
                                            "consent_event_type",
                                            "collection_method",
                                            "weak_evidence",
                                            "legal_basis",
                                            "notice_id",
                                            "notice_name",
                                            "notice_version",
                                            "notice_language",
                                            "notice_text",
                                            "notice_hash",
                                            "evidence",
                                            "recorded_by",
                                            "consent_timestamp_utc",
                                            "consent_timestamp_local",
                                            "recorded_at_utc",
                                            "recorded_at_local",
                                            "prev_hash",
                                            "hash",
                                            "pii_controller",
                                            "pii_controller_address",
                                            "jurisdiction",
                                            "exported_at_utc",
                                            "time_zone",
                                            "chain_head_hash",
                                            "chain_verified",
                                            "events_checked",
                                            "first_broken_seq"};
constexpr std::size_t kColumnCount = sizeof(kCsvColumns) / sizeof(kCsvColumns[0]);

// The Spanish layout: each column is one of kCsvColumns (its index) or one of these.
enum SpanishExtra : int {
    kChannelWords = 100,
    kPurposeWords,
    kActionWords,
    kMethodWords,
    kBasisWords,
    kSerialisation,
    kEvidenceSha256,
    kEvidenceErased
};
struct SpanishColumn {
    std::string_view name;
    int source;
};
constexpr SpanishColumn kSpanishColumns[] = {{"Registro", 0},
                                             {"N.º de evento", 1},
                                             {"Id. del recibo", 2},
                                             {"Id. del cliente", 3},
                                             {"Cliente", 4},
                                             {"Huella del contacto", 5},
                                             {"Canal (código)", 6},
                                             {"Canal", kChannelWords},
                                             {"Finalidad (código)", 7},
                                             {"Finalidad", kPurposeWords},
                                             {"Acción (código)", 8},
                                             {"Acción", kActionWords},
                                             {"Tipo de evento ISO 27560", 9},
                                             {"Cómo se recogió (código)", 10},
                                             {"Cómo se recogió", kMethodWords},
                                             {"Prueba débil", 11},
                                             {"Base legal (código)", 12},
                                             {"Base legal", kBasisWords},
                                             {"Id. del texto", 13},
                                             {"Nombre del texto", 14},
                                             {"Versión del texto", 15},
                                             {"Idioma del texto", 16},
                                             {"Texto que vio el cliente", 17},
                                             {"Huella del texto", 18},
                                             {"Prueba", 19},
                                             {"Registrado por", 20},
                                             {"Fecha del consentimiento (UTC)", 21},
                                             {"Fecha del consentimiento (hora local)", 22},
                                             {"Fecha de registro (UTC)", 23},
                                             {"Fecha de registro (hora local)", 24},
                                             {"Serialización", kSerialisation},
                                             {"Huella de la prueba (SHA-256)", kEvidenceSha256},
                                             {"Prueba borrada", kEvidenceErased},
                                             {"Huella anterior", 25},
                                             {"Huella", 26},
                                             {"Responsable del tratamiento", 27},
                                             {"Dirección del responsable", 28},
                                             {"Jurisdicción", 29},
                                             {"Exportado (UTC)", 30},
                                             {"Zona horaria", 31},
                                             {"Huella de cabeza de la cadena", 32},
                                             {"Cadena verificada", 33},
                                             {"Eventos comprobados", 34},
                                             {"Primer evento roto", 35}};

std::string_view spanish_yes_no(std::string_view english_bool) {
    return english_bool == "true" ? "sí" : english_bool == "false" ? "no" : english_bool;
}

// The English cells of one row plus the Spanish extras, written in the Spanish order.
std::vector<CsvCell> spanish_row(const std::vector<CsvCell>& cells, const std::map<int, CsvCell>& extras) {
    std::vector<CsvCell> out;
    out.reserve(std::size(kSpanishColumns));
    for (const auto& col : kSpanishColumns) {
        if (col.source < 100) {
            CsvCell c = cells[static_cast<std::size_t>(col.source)];
            if (col.source == 0) c.text = c.text == "export" ? "exportación" : c.text == "event" ? "evento" : c.text;
            if (col.source == 11 || col.source == 33) c.text = spanish_yes_no(c.text);
            out.push_back(c);
        } else {
            const auto it = extras.find(col.source);
            out.push_back(it == extras.end() ? verbatim("") : it->second);
        }
    }
    return out;
}

// JSON string of UTF-8 text, escaped as nlohmann's dump() does (so the writer and the reader
// agree byte for byte); text that is not valid UTF-8 goes through nlohmann with U+FFFD.
void append_json_string(std::string& out, std::string_view text) {
    if (!is_valid_utf8(text)) {
        out += json(std::string(text)).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
        return;
    }
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 0xF];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

// One event as compact JSON, written by hand: exports stream millions of them and building
// a json object per event cost most of the export's time.
void append_event_json(std::string& o, const LedgerExportEvent& x) {
    const ConsentEvent& e = x.event;
    auto key = [&o](const char* k) {
        o += '"';
        o += k;
        o += "\":";
    };
    auto text = [&](const char* k, std::string_view v) {
        key(k);
        append_json_string(o, v);
        o += ',';
    };
    auto number = [&](const char* k, std::int64_t v) {
        key(k);
        o += std::to_string(v);
        o += ',';
    };
    o += '{';
    number("seq", e.seq);
    text("consent_receipt_id", e.event_uuid);
    text("pii_principal_id", e.contact_uuid);
    text("pii_principal_name", x.contact_name);
    text("point_hash", e.point_hash);
    text("channel", to_string(e.channel));
    text("purpose", to_string(e.purpose));
    text("action", to_string(e.action));
    text("consent_event_type", iso27560_event_type(e.action));
    text("collection_method", to_string(e.method));
    key("weak_evidence");
    o += is_weak_evidence(e.method) ? "true," : "false,";
    text("legal_basis", to_string(e.basis));
    number("notice_id", e.wording_id);
    text("notice_hash", e.wording_hash);
    key("notice");
    if (x.wording) {
        const auto& w = *x.wording;
        o += '{';
        number("notice_id", w.id);
        text("notice_name", x.wording_name);
        number("notice_version", w.version);
        text("notice_language", w.language);
        text("notice_text", w.text);
        text("notice_hash", w.text_hash);
        key("created_at");
        append_json_string(o, format_utc(w.created_at));
        o += "},";
    } else {
        o += "null,";
    }
    text("evidence", e.evidence);
    if (e.format == 2) {
        // The hash covers the evidence's fingerprint, not its text (which an erasure blanks).
        text("serialisation", consent_serialisation_v2);
        text("evidence_sha256", e.evidence_hash);
        key("evidence_erased");
        o += e.evidence_erased ? "true," : "false,";
    }
    text("recorded_by", e.recorded_by);
    key("consent_timestamp");
    o += "{\"utc\":";
    append_json_string(o, format_utc(e.occurred_at));
    o += ",\"local\":";
    append_json_string(o, x.occurred_local);
    o += "},";
    key("recorded_at");
    o += "{\"utc\":";
    append_json_string(o, format_utc(e.recorded_at));
    o += ",\"local\":";
    append_json_string(o, x.recorded_local);
    o += "},";
    text("prev_hash", e.prev_hash);
    key("hash");
    append_json_string(o, e.hash);
    o += '}';
}

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    return it->get<std::string>();
}

}  // namespace

std::string_view iso27560_event_type(ConsentAction a) {
    switch (a) {
        case ConsentAction::grant:
            return "given";
        case ConsentAction::withdraw:
            return "withdrawn";
        case ConsentAction::confirm:
            return "refreshed";
        case ConsentAction::expire:
            return "expired";
    }
    return "?";
}

std::string_view spanish_words(Channel c) {
    switch (c) {
        case Channel::email:
            return "Correo electrónico";
        case Channel::sms:
            return "SMS";
        case Channel::whatsapp_business:
            return "WhatsApp Business";
        case Channel::phone_call:
            return "Llamada de teléfono";
        case Channel::postal:
            return "Correo postal";
    }
    return to_string(c);
}

std::string_view spanish_words(Purpose p) {
    return p == Purpose::marketing ? "Publicidad (ofertas y novedades)" : "Servicio (pedidos, citas, avisos)";
}

std::string_view spanish_words(ConsentAction a) {
    switch (a) {
        case ConsentAction::grant:
            return "Concedido";
        case ConsentAction::withdraw:
            return "Retirado";
        case ConsentAction::confirm:
            return "Confirmado (doble confirmación)";
        case ConsentAction::expire:
            return "Caducado";
    }
    return to_string(a);
}

std::string_view spanish_words(ConsentMethod m) {
    switch (m) {  // no default: a new method must get its words here
        case ConsentMethod::in_store_form:
            return "Formulario en la tienda";
        case ConsentMethod::paper:
            return "Papel firmado";
        case ConsentMethod::web_form:
            return "Formulario web";
        case ConsentMethod::email_reply:
            return "Respuesta por correo electrónico";
        case ConsentMethod::verbal_recorded:
            return "De palabra, grabado";
        case ConsentMethod::import_attested:
            return "Importado, declarado por la tienda";
        case ConsentMethod::phone_request:
            return "Lo pidió por teléfono";
        case ConsentMethod::whatsapp_reply:
            return "Respuesta por WhatsApp";
    }
    return to_string(m);
}

std::string_view spanish_words(LegalBasis b) {
    return b == LegalBasis::consent ? "Consentimiento del cliente (RGPD art. 6.1.a, LSSI art. 21.1)"
                                    : "Cliente existente, productos similares (LSSI art. 21.2)";
}

LedgerCsvWriter::LedgerCsvWriter(std::ostream& out, const LedgerExportInfo& info, CsvWriteOptions options)
    : csv_(out, options), spanish_(info.language == "es") {
    if (spanish_) {
        std::vector<std::string_view> names;
        for (const auto& col : kSpanishColumns) names.push_back(col.name);
        csv_.header(names);
    } else {
        csv_.header(std::vector<std::string_view>(std::begin(kCsvColumns), std::end(kCsvColumns)));
    }
    std::vector<CsvCell> cells(kColumnCount, verbatim(""));
    const std::string exported = format_utc(info.exported_at);
    const std::string checked = std::to_string(info.events_checked);
    const std::string broken = std::to_string(info.first_broken_seq);
    cells[0] = verbatim("export");
    cells[3] = verbatim(info.contact_filter);
    cells[27] = free_text(info.pii_controller);
    cells[28] = free_text(info.pii_controller_address);
    cells[29] = verbatim(info.jurisdiction);
    cells[30] = verbatim(exported);
    cells[31] = verbatim(info.time_zone);
    cells[32] = verbatim(info.chain_head_hash);
    cells[33] = verbatim(info.chain_verified ? "true" : "false");
    cells[34] = verbatim(checked);
    cells[35] = verbatim(broken);
    csv_.row(spanish_ ? spanish_row(cells, {}) : cells);
}

void LedgerCsvWriter::write(const LedgerExportEvent& x) {
    const ConsentEvent& e = x.event;
    const std::string seq = std::to_string(e.seq);
    const std::string wording_id = e.wording_id ? std::to_string(e.wording_id) : "";
    const std::string version = x.wording ? std::to_string(x.wording->version) : "";
    const std::string occurred = format_utc(e.occurred_at);
    const std::string recorded = format_utc(e.recorded_at);
    std::vector<CsvCell> cells(kColumnCount, verbatim(""));
    cells[0] = verbatim("event");
    cells[1] = verbatim(seq);
    cells[2] = verbatim(e.event_uuid);
    cells[3] = verbatim(e.contact_uuid);
    cells[4] = free_text(x.contact_name);
    cells[5] = verbatim(e.point_hash);
    cells[6] = verbatim(to_string(e.channel));
    cells[7] = verbatim(to_string(e.purpose));
    cells[8] = verbatim(to_string(e.action));
    cells[9] = verbatim(iso27560_event_type(e.action));
    cells[10] = verbatim(to_string(e.method));
    cells[11] = verbatim(is_weak_evidence(e.method) ? "true" : "false");
    cells[12] = verbatim(to_string(e.basis));
    cells[13] = verbatim(wording_id);
    cells[14] = free_text(x.wording_name);
    cells[15] = verbatim(version);
    cells[16] = verbatim(x.wording ? std::string_view(x.wording->language) : std::string_view());
    cells[17] = free_text(x.wording ? std::string_view(x.wording->text) : std::string_view());
    cells[18] = verbatim(e.wording_hash);
    cells[19] = free_text(e.evidence);
    cells[20] = free_text(e.recorded_by);
    cells[21] = verbatim(occurred);
    cells[22] = verbatim(x.occurred_local);
    cells[23] = verbatim(recorded);
    cells[24] = verbatim(x.recorded_local);
    cells[25] = verbatim(e.prev_hash);
    cells[26] = verbatim(e.hash);
    if (spanish_) {
        std::map<int, CsvCell> extras{{kChannelWords, verbatim(spanish_words(e.channel))},
                                      {kPurposeWords, verbatim(spanish_words(e.purpose))},
                                      {kActionWords, verbatim(spanish_words(e.action))},
                                      {kMethodWords, verbatim(spanish_words(e.method))},
                                      {kBasisWords, verbatim(spanish_words(e.basis))}};
        if (e.format == 2) {
            extras[kSerialisation] = verbatim(consent_serialisation_v2);
            extras[kEvidenceSha256] = verbatim(e.evidence_hash);
            extras[kEvidenceErased] = verbatim(e.evidence_erased ? "sí" : "no");
        } else {
            extras[kSerialisation] = verbatim(consent_serialisation_version);
        }
        csv_.row(spanish_row(cells, extras));
    } else {
        csv_.row(cells);
    }
    ++events_;
}

LedgerJsonWriter::LedgerJsonWriter(std::ostream& out, const LedgerExportInfo& info)
    : out_(out), spanish_(info.language == "es") {
    const json head{{"export_version", ledger_export_version},
                    {"receipt_vocabulary", "Kantara Consent Receipt v1.1 / ISO/IEC 27560"},
                    {"pii_controller", {{"name", info.pii_controller}, {"address", info.pii_controller_address}}},
                    {"jurisdiction", info.jurisdiction},
                    {"exported_at", format_utc(info.exported_at)},
                    {"time_zone", info.time_zone},
                    {"pii_principal_id", info.contact_filter.empty() ? json(nullptr) : json(info.contact_filter)},
                    {"chain",
                     {{"head_hash", info.chain_head_hash},
                      {"verified", info.chain_verified},
                      {"events_checked", info.events_checked},
                      {"first_broken_seq", info.first_broken_seq},
                      {"problem", info.problem}}}};
    json full = head;
    if (spanish_) full["language"] = "es";
    std::string text = full.dump(2);
    text.pop_back();  // reopen the object: "\n}" -> "\n"
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    out_ << text << ",\n  \"events\": [";
}

void LedgerJsonWriter::write(const LedgerExportEvent& e) {
    buffer_.assign(events_ ? ",\n    " : "\n    ");
    append_event_json(buffer_, e);
    if (spanish_) {  // the coded values stay as hashed; their words come beside them
        buffer_.pop_back();
        buffer_ += ",\"en_palabras\":{\"canal\":";
        append_json_string(buffer_, spanish_words(e.event.channel));
        buffer_ += ",\"finalidad\":";
        append_json_string(buffer_, spanish_words(e.event.purpose));
        buffer_ += ",\"accion\":";
        append_json_string(buffer_, spanish_words(e.event.action));
        buffer_ += ",\"como_se_recogio\":";
        append_json_string(buffer_, spanish_words(e.event.method));
        buffer_ += ",\"base_legal\":";
        append_json_string(buffer_, spanish_words(e.event.basis));
        buffer_ += "}}";
    }
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    ++events_;
}

void LedgerJsonWriter::finish() {
    if (finished_) return;
    finished_ = true;
    out_ << (events_ ? "\n  ]\n}\n" : "]\n}\n");
}

LedgerJsonDocument read_ledger_json(std::istream& in, const std::string& file_name) {
    json j;
    try {
        j = json::parse(in);
    } catch (const json::exception& e) {
        throw ParseError(file_name, 1, std::string("not a ledger export: ") + e.what());
    }
    LedgerJsonDocument doc;
    try {
        if (j.value("export_version", "") != ledger_export_version) {
            throw ParseError(file_name, 1, "not a " + std::string(ledger_export_version) + " file");
        }
        auto& info = doc.info;
        info.pii_controller = str(j["pii_controller"], "name");
        info.pii_controller_address = str(j["pii_controller"], "address");
        info.jurisdiction = str(j, "jurisdiction");
        info.language = j.value("language", "en");
        info.time_zone = str(j, "time_zone");
        info.exported_at = parse_timestamp(str(j, "exported_at"));
        info.contact_filter = str(j, "pii_principal_id");
        const json& chain = j.at("chain");
        info.chain_head_hash = str(chain, "head_hash");
        info.chain_verified = chain.at("verified").get<bool>();
        info.events_checked = chain.at("events_checked").get<std::int64_t>();
        info.first_broken_seq = chain.at("first_broken_seq").get<std::int64_t>();
        info.problem = str(chain, "problem");
        for (const json& ej : j.at("events")) {
            LedgerExportEvent x;
            ConsentEvent& e = x.event;
            e.seq = ej.at("seq").get<std::int64_t>();
            e.event_uuid = str(ej, "consent_receipt_id");
            e.contact_uuid = str(ej, "pii_principal_id");
            x.contact_name = str(ej, "pii_principal_name");
            e.point_hash = str(ej, "point_hash");
            e.channel = channel_from_string(str(ej, "channel"));
            e.purpose = purpose_from_string(str(ej, "purpose"));
            e.action = consent_action_from_string(str(ej, "action"));
            e.method = consent_method_from_string(str(ej, "collection_method"));
            e.basis = legal_basis_from_string(str(ej, "legal_basis"));
            e.wording_id = ej.at("notice_id").get<std::int64_t>();
            e.wording_hash = str(ej, "notice_hash");
            e.evidence = str(ej, "evidence");
            e.format = 1;  // events exported before format 2 carry no "serialisation"
            if (const std::string format = str(ej, "serialisation"); !format.empty()) {
                if (format != consent_serialisation_v2) {
                    throw ParseError(file_name, 1,
                                     "event " + std::to_string(e.seq) + " has an unknown serialisation " + format);
                }
                e.format = 2;
                e.evidence_hash = str(ej, "evidence_sha256");
                e.evidence_erased = ej.at("evidence_erased").get<bool>();
            }
            e.recorded_by = str(ej, "recorded_by");
            e.occurred_at = parse_timestamp(str(ej.at("consent_timestamp"), "utc"));
            x.occurred_local = str(ej.at("consent_timestamp"), "local");
            e.recorded_at = parse_timestamp(str(ej.at("recorded_at"), "utc"));
            x.recorded_local = str(ej.at("recorded_at"), "local");
            e.prev_hash = str(ej, "prev_hash");
            e.hash = str(ej, "hash");
            if (const json& n = ej.at("notice"); !n.is_null()) {
                ConsentWording w;
                w.id = n.at("notice_id").get<std::int64_t>();
                w.version = n.at("notice_version").get<int>();
                w.language = str(n, "notice_language");
                w.text = str(n, "notice_text");
                w.text_hash = str(n, "notice_hash");
                w.created_at = parse_timestamp(str(n, "created_at"));
                x.wording_name = str(n, "notice_name");
                x.wording = std::move(w);
            }
            doc.events.push_back(std::move(x));
        }
    } catch (const json::exception& e) {
        throw ParseError(file_name, 1, std::string("a ledger export field is missing or wrong: ") + e.what());
    } catch (const ValidationError& e) {
        throw ParseError(file_name, 1, e.what());
    }
    return doc;
}

LedgerJsonDocument read_ledger_csv(std::istream& in, const std::string& file_name) {
    std::vector<ReadIssue> issues;
    CsvTokenizer csv(in, issues);
    std::vector<std::string> fields;
    if (!csv.next(fields)) throw ParseError(file_name, 1, "not a ledger export: the file is empty");
    // Column name -> slot: an index of kCsvColumns or a SpanishExtra.
    std::map<std::string, int, std::less<>> slot_of;
    for (std::size_t i = 0; i < kColumnCount; ++i) slot_of.emplace(std::string(kCsvColumns[i]), static_cast<int>(i));
    for (const auto& col : kSpanishColumns) slot_of.emplace(std::string(col.name), col.source);
    std::map<int, std::size_t> column_of;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        std::string name = fields[i];
        if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name.erase(0, 3);
        if (const auto it = slot_of.find(name); it != slot_of.end()) column_of.emplace(it->second, i);
    }
    for (int needed : {0, 1, 2, 3, 5, 6, 7, 8, 10, 12, 13, 18, 19, 20, 21, 23, 25, 26}) {
        if (column_of.count(needed) == 0) {
            throw ParseError(file_name, 1, "not a ledger export: no column " + std::string(kCsvColumns[needed]));
        }
    }
    LedgerJsonDocument doc;
    doc.info.language = column_of.count(kChannelWords) ? "es" : "en";
    const auto get = [&](int slot) -> std::string {
        const auto it = column_of.find(slot);
        if (it == column_of.end() || it->second >= fields.size()) return {};
        std::string v = fields[it->second];
        // Undo the export's neutralisation (exporters_csv.hpp: neutralise_formula).
        if (v.size() > 1 && v.front() == '\'' && starts_like_formula(std::string_view(v).substr(1))) v.erase(0, 1);
        return v;
    };
    const auto yes = [](const std::string& v) { return v == "true" || v == "sí"; };
    const auto number = [&](int slot) -> std::int64_t {
        const std::string v = get(slot);
        if (v.empty()) return 0;
        try {
            return std::stoll(v);
        } catch (const std::exception&) {
            throw ParseError(file_name, csv.line(), "'" + v + "' is not a number");
        }
    };
    try {
        while (csv.next(fields)) {
            if (fields.size() == 1 && fields[0].empty()) continue;
            const std::string record = get(0);
            if (record == "export" || record == "exportación") {
                auto& info = doc.info;
                info.contact_filter = get(3);
                info.pii_controller = get(27);
                info.pii_controller_address = get(28);
                info.jurisdiction = get(29);
                info.exported_at = parse_timestamp(get(30));
                info.time_zone = get(31);
                info.chain_head_hash = get(32);
                info.chain_verified = yes(get(33));
                info.events_checked = number(34);
                info.first_broken_seq = number(35);
                continue;
            }
            if (record != "event" && record != "evento") {
                throw ParseError(file_name, csv.line(), "unknown record '" + record + "'");
            }
            LedgerExportEvent x;
            ConsentEvent& e = x.event;
            e.seq = number(1);
            e.event_uuid = get(2);
            e.contact_uuid = get(3);
            x.contact_name = get(4);
            e.point_hash = get(5);
            e.channel = channel_from_string(get(6));
            e.purpose = purpose_from_string(get(7));
            e.action = consent_action_from_string(get(8));
            e.method = consent_method_from_string(get(10));
            e.basis = legal_basis_from_string(get(12));
            e.wording_id = number(13);
            e.wording_hash = get(18);
            e.evidence = get(19);
            e.recorded_by = get(20);
            e.occurred_at = parse_timestamp(get(21));
            x.occurred_local = get(22);
            e.recorded_at = parse_timestamp(get(23));
            x.recorded_local = get(24);
            e.prev_hash = get(25);
            e.hash = get(26);
            e.format = 1;
            if (const std::string format = get(kSerialisation); format == consent_serialisation_v2) {
                e.format = 2;
                e.evidence_hash = get(kEvidenceSha256);
                e.evidence_erased = yes(get(kEvidenceErased));
            } else if (!format.empty() && format != consent_serialisation_version) {
                throw ParseError(file_name, csv.line(),
                                 "event " + std::to_string(e.seq) + " has an unknown serialisation " + format);
            }
            if (e.wording_id != 0 && !get(15).empty()) {
                ConsentWording w;
                w.id = e.wording_id;
                w.version = static_cast<int>(number(15));
                w.language = get(16);
                w.text = get(17);
                w.text_hash = e.wording_hash;
                x.wording_name = get(14);
                x.wording = std::move(w);
            }
            doc.events.push_back(std::move(x));
        }
    } catch (const ValidationError& e) {
        throw ParseError(file_name, csv.line(), e.what());
    }
    return doc;
}

}  // namespace clientela::io
