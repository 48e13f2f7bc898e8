#include "ledger_bench_data.hpp"

#include "ledger_bench_plan.hpp"

#include "bench_report.hpp"
#include "core/consent.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/phone.hpp"
#include "core/policy.hpp"
#include "core/settings.hpp"
#include "core/text.hpp"
#include "store/contacts_repo.hpp"
#include "store/database.hpp"
#include "store/ledger_repo.hpp"
#include "store/ledger_rows.hpp"
#include "store/settings_repo.hpp"
#include "store/sqlite_connection.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <optional>

namespace clientela::bench {

namespace {

constexpr std::int64_t kCommitEvery = 200000;  // rows per generation transaction

enum class Fate : std::uint8_t { kept, erased, objecting };

struct ContactInfo {
    std::array<char, 36> uuid{};
    std::array<char, 64> email_hash{};
    std::array<char, 64> mobile_hash{};
    bool has_email = false;
    bool has_mobile = false;
    bool prefers = false;  // has channel preferences
    Fate fate = Fate::kept;
};

const char* const kGiven[] = {
    "María",     "José",   "Antonio", "Carmen",   "Manuel", "Ana",    "Francisco", "Laura",  "David",  "Lucía",
    "Juan",      "Marta",  "Javier",  "Cristina", "Daniel", "Paula",  "Carlos",    "Elena",  "Miguel", "Sara",
    "Alejandro", "Raquel", "Rafael",  "Isabel",   "Pablo",  "Nuria",  "Sergio",    "Pilar",  "Jorge",  "Rosa",
    "Luis",      "Silvia", "Álvaro",  "Beatriz",  "Adrián", "Noelia", "Iñaki",     "Begoña", "Jordi",  "Montserrat"};
const char* const kFamily[] = {"García",  "Rodríguez", "González", "Fernández", "López",  "Martínez",  "Sánchez",
                               "Pérez",   "Gómez",     "Martín",   "Jiménez",   "Ruiz",   "Hernández", "Díaz",
                               "Moreno",  "Muñoz",     "Álvarez",  "Romero",    "Alonso", "Gutiérrez", "Navarro",
                               "Torres",  "Domínguez", "Vázquez",  "Ramos",     "Gil",    "Ramírez",   "Serrano",
                               "Blanco",  "Molina",    "Morales",  "Suárez",    "Ortega", "Delgado",   "Castro",
                               "Ortiz",   "Rubio",     "Marín",    "Sanz",      "Núñez",  "Iglesias",  "Medina",
                               "Garrido", "Cortés",    "Castillo", "Santos"};
const char* const kDomains[] = {"gmail.com",      "hotmail.com", "yahoo.es",   "outlook.es",
                                "telefonica.net", "gmail.com",   "hotmail.es", "icloud.com"};
const char* const kStaff[] = {"Ana", "Luis", "Marta"};
constexpr const char* kShop = "Ferretería Núñez S.L.";

template <std::size_t N>
const char* pick(Rng& r, const char* const (&list)[N]) {
    return list[r.below(N)];
}

std::string digits(std::uint64_t value, int width) {
    std::string s(static_cast<std::size_t>(width), '0');
    for (int i = width - 1; i >= 0 && value > 0; --i, value /= 10)
        s[static_cast<std::size_t>(i)] = char('0' + value % 10);
    return s;
}

// A unique Spanish mobile for contact i: 6 followed by a bijection of i modulo 10^8.
std::string mobile_digits(std::uint64_t i) {
    return "6" + digits((i * 7919u + 12345u) % 100000000u, 8);
}

std::string ascii_word(const std::string& utf8) {
    std::string out;
    for (char ch : fold_for_search(utf8)) {
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out.push_back(ch);
    }
    return out;
}

// ---- turning a plan into ledger events ----

class EventMaker {
public:
    EventMaker(const std::vector<ConsentWording>& wordings) : wordings_(wordings) {}

    ConsentEvent make(const PlannedEvent& p, const ContactInfo& c) const {
        ConsentEvent e;
        e.contact_uuid.assign(c.uuid.data(), c.uuid.size());
        const auto& hash = slot_on_email(p.slot) ? c.email_hash : c.mobile_hash;
        e.point_hash.assign(hash.data(), hash.size());
        e.channel = kSlots[p.slot].channel;
        e.purpose = kSlots[p.slot].purpose;
        e.action = static_cast<ConsentAction>(p.action);
        e.method = static_cast<ConsentMethod>(p.method);
        e.basis = static_cast<LegalBasis>(p.basis);
        if (p.wording != kNoWording) {
            e.wording_id = wordings_[p.wording].id;
            e.wording_hash = wordings_[p.wording].text_hash;
        }
        e.recorded_by = kStaff[p.extra % 3];
        if (e.action == ConsentAction::grant) {
            const std::string ref = std::to_string(p.contact * 13u % 99991u);
            switch (e.method) {
                case ConsentMethod::import_attested:
                    e.evidence = std::string("Importación del lote ") +
                                 (p.extra % 2 ? "clientes_tpv.csv" : "agenda_movil.vcf") +
                                 "; consentimiento confirmado por " + e.recorded_by;
                    break;
                case ConsentMethod::verbal_recorded:
                    e.evidence = "Grabación de la llamada, ref. " + ref;
                    break;
                case ConsentMethod::paper:
                    e.evidence = "Formulario en papel nº " + ref;
                    break;
                default:
                    break;
            }
        }
        e.occurred_at = Timestamp{std::chrono::seconds{p.occurred}};
        e.recorded_at = Timestamp{std::chrono::seconds{p.occurred + p.delay}};
        return e;
    }

    const ConsentWording* wording(const PlannedEvent& p) const {
        return p.wording == kNoWording ? nullptr : &wordings_[p.wording];
    }

private:
    const std::vector<ConsentWording>& wordings_;
};


std::vector<ConsentWording> add_wordings(store::Database& db, Timestamp created) {
    store::LedgerRepo ledger(db);
    auto tx = db.begin_write();
    const std::string shop = kShop;
    std::vector<ConsentWording> w;
    w.push_back(ledger.add_wording(
        "default", "es",
        "Acepto recibir ofertas y novedades de " + shop + " por email o SMS. Puedo darme de baja en cualquier momento.",
        created));
    w.push_back(ledger.add_wording("default", "es",
                                   "Sí, quiero recibir ofertas de " + shop +
                                       " por email o SMS. Cada mensaje incluye un enlace para darme de baja.",
                                   created + std::chrono::hours(24 * 500)));
    w.push_back(ledger.add_wording(
        "whatsapp", "es",
        "Acepto recibir ofertas de " + shop + " por WhatsApp en este número. Puedo escribir BAJA en cualquier momento.",
        created));
    w.push_back(ledger.add_wording(
        "whatsapp_servicio", "es",
        "Acepto recibir por WhatsApp avisos de " + shop + " sobre mis pedidos y citas (pedido listo, recibos).",
        created));
    tx.commit();
    return w;
}

}  // namespace

Timestamp expiry_boundary(const LedgerDataOptions& o) {
    return add_local_months(o.reference, -o.expiry_months, nullptr);
}

LedgerDataReport generate_ledger_data(const LedgerDataOptions& o) {
    namespace fs = std::filesystem;
    if (fs::exists(o.db_path)) throw Error("bench: " + o.db_path + " already exists");
    if (o.contacts <= 0 || o.contacts > 50000000) throw Error("bench: contacts must be 1 .. 50 000 000");
    LedgerDataReport report;
    const Stopwatch total;

    store::Database db(o.db_path);
    // Generation only: the measured phases reopen the file with the program's own pragmas.
    db.sql().exec("PRAGMA synchronous = OFF");
    db.sql().exec("PRAGMA cache_size = -1048576");
    db.sql().exec("PRAGMA temp_store = MEMORY");

    ShopSettings settings;
    settings.shop_name = kShop;
    settings.shop_address = "Calle Mayor 12, 28013 Madrid";
    settings.staff = {kStaff[0], kStaff[1], kStaff[2]};
    settings.unsubscribe_address = "bajas@ferreterianunez.es";
    settings.expiry_months = o.expiry_months;
    store::SettingsRepo(db).save(settings);
    const std::string secret = db.identifier_secret();
    const std::vector<ConsentWording> wordings =
        add_wordings(db, o.reference - std::chrono::hours(24 * (3 * 365 + 30)));

    // 1. Contacts through ContactsRepo::insert (the app's own writer), and the event plan.
    Stopwatch phase;
    const auto n = static_cast<std::size_t>(o.contacts);
    std::vector<ContactInfo> info(n);
    std::vector<PlannedEvent> plan;
    plan.reserve(n * static_cast<std::size_t>(std::max(o.events_per_contact, 0)) + 16);
    std::vector<std::uint32_t> first_event(n + 1, 0);
    {
        store::ContactsRepo contacts(db);
        PhoneNormalizer phones("ES");
        EventPlanner planner(o);
        std::optional<SQLite::Transaction> tx;
        int deficit = 0;      // events owed by contacts that have no channel at all
        int pair_offset = 0;  // k = average +- offset over pairs keeps the total exact
        for (std::size_t i = 0; i < n; ++i) {
            if (!tx) tx.emplace(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
            Rng r(o.seed * 0x100000001B3ull + i);
            Contact c;
            const std::string given = pick(r, kGiven);
            const std::string family1 = pick(r, kFamily);
            const std::string family2 = pick(r, kFamily);
            c.given_name = given;
            c.family_name = family1 + " " + family2;
            c.display_name = given + " " + c.family_name;
            c.source = r.chance(0.3) ? SourceKind::import : SourceKind::manual;
            if (c.source == SourceKind::import) {
                c.source_file = r.chance(0.5) ? "clientes_tpv.csv" : "agenda_movil.vcf";
                c.source_line = static_cast<std::int64_t>(r.below(120000)) + 2;
            }
            c.created_at = o.reference - std::chrono::seconds(r.between(kSpan + kDay, kSpan + 365 * kDay));
            if (r.chance(0.05)) c.tags.push_back("vip");
            if (r.chance(0.10)) c.tags.push_back("profesional");

            ContactInfo& ci = info[i];
            ci.has_mobile = r.chance(0.95);
            ci.has_email = r.chance(0.60);
            auto add_phone = [&](const std::string& raw) {
                const PhoneInfo p = phones.normalize(raw);
                ContactPoint cp;
                cp.kind = PointKind::phone;
                cp.raw = p.raw;
                cp.normalized = p.e164;
                cp.is_valid = p.valid;
                cp.is_mobile = p.is_mobile;
                cp.problem = p.problem;
                cp.label = p.is_mobile ? "mobile" : "";
                c.points.push_back(cp);
                return p;
            };
            std::string email;
            if (ci.has_mobile) {
                const std::string d = mobile_digits(i);
                const auto style = r.below(3);
                const std::string raw =
                    style == 0   ? d.substr(0, 3) + " " + d.substr(3, 2) + " " + d.substr(5, 2) + " " + d.substr(7)
                    : style == 1 ? "+34 " + d
                                 : d;
                const PhoneInfo p = add_phone(raw);
                if (!p.valid || !p.is_mobile || p.e164 != "+34" + d) {
                    throw Error("bench: libphonenumber does not read " + raw + " as the mobile +34" + d);
                }
                const std::string h = point_hash(p.e164, secret);
                std::memcpy(ci.mobile_hash.data(), h.data(), 64);
            }
            if (ci.has_email) {
                const std::string raw = ascii_word(given) + "." + ascii_word(family1) + std::to_string(i) + "@" +
                                        (r.chance(0.1) ? "Gmail.com" : pick(r, kDomains));
                const EmailInfo e = normalize_email(raw);
                if (!e.valid) throw Error("bench: generated email " + raw + " is not valid: " + e.problem);
                ContactPoint cp;
                cp.kind = PointKind::email;
                cp.raw = e.raw;
                cp.normalized = e.normalized;
                cp.is_valid = true;
                // Some customers gave the email first.
                c.points.insert(r.chance(0.3) ? c.points.begin() : c.points.end(), cp);
                const std::string h = point_hash(e.normalized, secret);
                std::memcpy(ci.email_hash.data(), h.data(), 64);
            }
            if (r.chance(0.10)) add_phone("91 " + digits(r.below(10000000), 7));  // a landline (shop, home)
            if (r.chance(0.02)) add_phone(digits(r.below(10000000), 7));          // typed badly: kept raw, flagged
            c.uuid = new_uuid();
            std::memcpy(ci.uuid.data(), c.uuid.data(), 36);
            contacts.insert(c);
            if (c.id != static_cast<std::int64_t>(i) + 1) throw Error("bench: the database was not empty");
            ci.prefers = r.chance(0.05) && (ci.has_email || ci.has_mobile);
            if (r.chance(o.erased_share)) {
                ci.fate = Fate::erased;
            } else if (r.chance(o.objecting_share) && (ci.has_email || ci.has_mobile)) {
                ci.fate = Fate::objecting;
            }

            int k = o.events_per_contact;
            if (i % 2 == 0) {
                pair_offset = static_cast<int>(r.below(5)) - 2;
                k += pair_offset;
            } else {
                k -= pair_offset;
            }
            first_event[i] = static_cast<std::uint32_t>(plan.size());
            if (!ci.has_email && !ci.has_mobile) {
                deficit += k;
            } else {
                planner.plan(r, static_cast<std::uint32_t>(i), ci.has_email, ci.has_mobile, k + deficit, plan);
                deficit = 0;
            }
            if ((i + 1) % 50000 == 0 || i + 1 == n) {
                tx->commit();
                tx.reset();
            }
            if ((i + 1) % 100000 == 0) {
                Report::progress("contacts " + std::to_string(i + 1) + " / " + std::to_string(n) + " (" +
                                 format_value(phase.seconds()) + " s)");
            }
        }
        first_event[n] = static_cast<std::uint32_t>(plan.size());
    }
    report.contacts_seconds = phase.seconds();
    const std::size_t event_total = plan.size();

    // 2. Ledger order: the order the shop recorded things (recorded_at), across all contacts.
    phase.restart();
    std::vector<std::uint32_t> order(event_total);
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
        const std::int64_t ra = plan[a].occurred + plan[a].delay;
        const std::int64_t rb = plan[b].occurred + plan[b].delay;
        return ra != rb ? ra < rb : a < b;
    });
    std::vector<std::uint32_t> seq_of(event_total);
    for (std::size_t s = 0; s < event_total; ++s) seq_of[order[s]] = static_cast<std::uint32_t>(s + 1);
    report.plan_seconds = phase.seconds();

    const EventMaker maker(wordings);

    // 3. The projection: each contact's events in ledger order, validated as LedgerRepo::append
    //    validates them, folded with apply(), written as write_state writes them (in key order).
    phase.restart();
    {
        std::vector<std::uint32_t> by_uuid(n);
        std::iota(by_uuid.begin(), by_uuid.end(), 0u);
        std::sort(by_uuid.begin(), by_uuid.end(), [&](std::uint32_t a, std::uint32_t b) {
            return std::memcmp(info[a].uuid.data(), info[b].uuid.data(), 36) < 0;
        });
        SQLite::Statement upsert(db.sql(), store::kUpsertState);
        std::optional<SQLite::Transaction> tx;
        std::int64_t rows = 0;
        for (const std::uint32_t ci : by_uuid) {
            if (first_event[ci] == first_event[ci + 1]) continue;
            if (!tx) tx.emplace(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
            std::array<ConsentState, kSlotCount> states{};
            std::int64_t last_seq = 0;
            for (std::uint32_t ev = first_event[ci]; ev < first_event[ci + 1]; ++ev) {
                const PlannedEvent& p = plan[ev];
                ConsentEvent e = maker.make(p, info[ci]);
                e.event_uuid = "planned";
                e.seq = seq_of[ev];
                if (e.seq <= last_seq) throw Error("bench: a contact's events are out of ledger order");
                last_seq = e.seq;
                ConsentState& st = states[p.slot];
                try {
                    validate_new_event(e, st.last_seq != 0 ? &st : nullptr, maker.wording(p));
                } catch (const ValidationError& err) {
                    throw Error("bench: the ledger would refuse planned event " + std::to_string(e.seq) + " (" +
                                std::string(to_string(e.action)) + " " + std::string(to_string(e.channel)) + "/" +
                                std::string(to_string(e.purpose)) + "): " + err.what());
                }
                apply(st, e);
            }
            const std::string uuid(info[ci].uuid.data(), 36);
            for (const ConsentState& st : states) {
                if (st.last_seq == 0) continue;
                store::bind_state(upsert, uuid, st);
                upsert.exec();
                ++rows;
            }
            if (rows >= kCommitEvery) {
                report.states += rows;
                rows = 0;
                tx->commit();
                tx.reset();
            }
        }
        report.states += rows;
        if (tx) tx->commit();
    }
    report.states_seconds = phase.seconds();
    Report::progress("projection: " + std::to_string(report.states) + " rows (" + format_value(phase.seconds()) +
                     " s)");

    // 4. The ledger: sealed onto the chain in ledger order, inserted as append inserts.
    phase.restart();
    {
        SQLite::Statement insert(db.sql(), store::kInsertEvent);
        SQLite::Statement insert_evidence(db.sql(), store::kInsertEvidence);
        std::optional<SQLite::Transaction> tx;
        std::string prev(genesis_hash);
        for (std::size_t s = 0; s < event_total; ++s) {
            if (!tx) tx.emplace(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
            const PlannedEvent& p = plan[order[s]];
            ConsentEvent e = maker.make(p, info[p.contact]);
            e.event_uuid = new_uuid();
            seal_event(e, static_cast<std::int64_t>(s + 1), prev);
            store::bind_event(insert, e);
            insert.exec();
            if (store::bind_evidence(insert_evidence, e)) insert_evidence.exec();
            prev = e.hash;
            if ((s + 1) % kCommitEvery == 0 || s + 1 == event_total) {
                tx->commit();
                tx.reset();
            }
            if ((s + 1) % 500000 == 0) {
                Report::progress("events " + std::to_string(s + 1) + " / " + std::to_string(event_total) + " (" +
                                 format_value(phase.seconds()) + " s)");
            }
        }
    }
    report.events = static_cast<std::int64_t>(event_total);
    report.events_seconds = phase.seconds();

    // 5. Channel preferences, erasures and objections, through the repositories' own paths.
    {
        store::LedgerRepo ledger(db);
        auto tx = db.begin_write();
        const Timestamp when = o.reference - std::chrono::hours(24 * 10);
        SQLite::Statement erase_contact(db.sql(), "DELETE FROM contacts WHERE id = ?");
        SQLite::Statement erase_search(db.sql(), "DELETE FROM contact_search WHERE rowid = ?");
        for (std::size_t i = 0; i < n; ++i) {
            const ContactInfo& ci = info[i];
            const auto id = static_cast<std::int64_t>(i) + 1;
            if (ci.prefers) {
                std::vector<Channel> prefs;
                if (ci.has_mobile) prefs.push_back(Channel::whatsapp_business);
                if (ci.has_email) prefs.push_back(Channel::email);
                if (ci.has_mobile) prefs.push_back(Channel::sms);
                ledger.set_preferences(id, prefs);
            }
            if (ci.fate == Fate::kept) continue;
            std::vector<std::string> hashes;
            if (ci.has_email) hashes.emplace_back(ci.email_hash.data(), 64);
            if (ci.has_mobile) hashes.emplace_back(ci.mobile_hash.data(), 64);
            if (ci.fate == Fate::objecting) {
                hashes.resize(std::min<std::size_t>(hashes.size(), 1));
                for (const auto& h : hashes) ledger.suppress(h, "objection", when);
            } else {
                for (const auto& h : hashes) ledger.suppress(h, "erased", when);
                erase_search.reset();
                erase_search.bind(1, id);
                erase_search.exec();
                erase_contact.reset();
                erase_contact.bind(1, id);
                erase_contact.exec();
                ++report.erased;
            }
        }
        tx.commit();
    }
    report.suppressed = db.sql().execAndGet("SELECT count(*) FROM suppressed_identifiers").getInt64();
    report.contacts = db.sql().execAndGet("SELECT count(*) FROM contacts").getInt64();
    db.sql().exec("PRAGMA wal_checkpoint(TRUNCATE)");
    report.total_seconds = total.seconds();
    report.file_bytes = static_cast<std::int64_t>(fs::file_size(o.db_path));
    return report;
}

}  // namespace clientela::bench
