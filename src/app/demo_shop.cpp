#include "app/demo_shop.hpp"

#include "store/messages_repo.hpp"

#include "app/consent_desk.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"

#include <array>

namespace clientela::app {

namespace {

struct DemoCustomer {
    const char* given;
    const char* family;
    const char* mobile;  // as a shop owner would type it
    const char* email;   // may be empty
    const char* note;
};

// Invented people and numbers (Spanish mobile ranges, example domains).
constexpr std::array<DemoCustomer, 40> kCustomers{{
    {"Ana", "Núñez Pérez", "612 34 56 78", "ana.nunez@example.es", "Prefiere que la llamen por la tarde"},
    {"José Luis", "García Márquez", "+34 622 111 223", "jlgarcia@example.com", ""},
    {"María", "López Fernández", "0034633221100", "", "Clienta desde 2015"},
    {"Carmen", "Sánchez Ruiz", "(+34) 644-556-677", "carmen.sanchez@example.org", ""},
    {"Antonio", "Martínez Gómez", "34655443322", "", "Talla 42"},
    {"Lucía", "Jiménez Díaz", "666 778 899", "lucia.jimenez@example.es", ""},
    {"Francisco", "Hernández Moreno", "677 889 900", "", ""},
    {"Isabel", "Muñoz Álvarez", "688 990 011", "isabel.munoz@example.com", "Alérgica a la lana"},
    {"Manuel", "Romero Navarro", "699 001 122", "manuel.romero@example.es", ""},
    {"Pilar", "Torres Domínguez", "711 223 344", "", ""},
    {"Javier", "Ramos Gil", "722 334 455", "javier.ramos@example.com", ""},
    {"Dolores", "Vázquez Serrano", "611 445 566", "", "Encarga tintes cada mes"},
    {"David", "Castro Ortega", "623 556 677", "david.castro@example.org", ""},
    {"Rosa", "Rubio Molina", "634 667 788", "rosa.rubio@example.es", ""},
    {"Pedro", "Delgado Morales", "645 778 899", "", ""},
    {"Teresa", "Ortiz Suárez", "656 889 900", "teresa.ortiz@example.com", ""},
    {"Alejandro", "Marín Iglesias", "667 990 011", "alejandro.marin@example.es", ""},
    {"Cristina", "Santos Castillo", "678 001 122", "", "Cumpleaños en marzo"},
    {"Miguel Ángel", "Garrido Cortés", "689 112 233", "mangel.garrido@example.com", ""},
    {"Laura", "Guerrero Lozano", "690 223 344", "laura.guerrero@example.org", ""},
    {"Rafael", "Cano Prieto", "612 987 654", "", ""},
    {"Elena", "Méndez Calvo", "623 876 543", "elena.mendez@example.es", ""},
    {"Fernando", "Cruz Gallego", "634 765 432", "fernando.cruz@example.com", ""},
    {"Marta", "Vidal León", "645 654 321", "", "Vecina del local"},
    {"Sergio", "Herrera Peña", "656 543 210", "sergio.herrera@example.es", ""},
    {"Raquel", "Flores Cabrera", "667 432 109", "raquel.flores@example.org", ""},
    {"Pablo", "Campos Vega", "678 321 098", "", ""},
    {"Silvia", "Fuentes Carrasco", "689 210 987", "silvia.fuentes@example.com", ""},
    {"Jorge", "Diez Caballero", "690 109 876", "jorge.diez@example.es", ""},
    {"Beatriz", "Nieto Reyes", "711 098 765", "", ""},
    {"Alberto", "Aguilar Pascual", "722 987 012", "alberto.aguilar@example.com", ""},
    {"Nuria", "Herrero Santana", "612 076 543", "nuria.herrero@example.es", "Pide factura siempre"},
    {"Ramón", "Montero Lorenzo", "623 965 432", "", ""},
    {"Patricia", "Hidalgo Giménez", "634 854 321", "patricia.hidalgo@example.org", ""},
    {"Enrique", "Ibáñez Ferrer", "645 743 210", "enrique.ibanez@example.com", ""},
    {"Sonia", "Durán Blanco", "656 632 109", "", ""},
    {"Víctor", "Carmona Soto", "667 521 098", "victor.carmona@example.es", ""},
    {"Inmaculada", "Sáez Arias", "678 410 987", "inma.saez@example.com", ""},
    {"Óscar", "Pastor Crespo", "689 309 876", "", "Recoge los pedidos los sábados"},
    {"Begoña", "Esteban Vicente", "915 550 123", "begona.esteban@example.es", "Solo teléfono fijo"},
}};

}  // namespace

int load_demo_shop(Session& session) {
    if (session.count_contacts("") > 0) {
        throw ValidationError("the demo shop loads only into an empty database; use --db to pick a new file",
                              "demo.not_empty");
    }
    ShopSettings s = session.settings();
    s.shop_name = "Mercería La Aguja";
    s.shop_address = "Calle Mayor 12, 28013 Madrid";
    s.unsubscribe_address = "bajas@merceria-laaguja.example.es";
    s.staff = {"Rocío", "Andrés"};
    session.save_settings(s);

    // Each wording declares what it is for (the consent dialog offers it only there).
    auto scope = [](std::vector<Channel> channels, Purpose purpose, LegalBasis basis = LegalBasis::consent) {
        WordingScope s;
        s.channels = std::move(channels);
        s.purposes = {purpose};
        s.basis = basis;
        return s;
    };
    const auto email_wording = add_wording(session,
        "Sí, quiero recibir por correo electrónico ofertas y novedades de Mercería La Aguja. Puedo darme de baja "
        "en cualquier momento con el enlace de cada mensaje o respondiendo BAJA.", "es", "email-ofertas", std::nullopt,
        scope({Channel::email}, Purpose::marketing)).wording;
    const auto whatsapp_wording = add_wording(session,
        "Sí, quiero recibir ofertas de Mercería La Aguja por WhatsApp en el móvil que he indicado. Puedo darme de "
        "baja respondiendo BAJA.", "es", "whatsapp-ofertas", Channel::whatsapp_business,
        scope({Channel::whatsapp_business}, Purpose::marketing)).wording;
    const auto whatsapp_service = add_wording(session,
        "Quiero que Mercería La Aguja me avise por WhatsApp cuando mi pedido esté listo para recoger.", "es",
        "whatsapp-avisos", Channel::whatsapp_business, scope({Channel::whatsapp_business}, Purpose::service)).wording;

    // LSSI art. 21.2: the customer is told at purchase and may object in every message.
    const auto sms_notice = add_wording(session,
        "Como cliente de Mercería La Aguja podrá recibir por SMS ofertas de productos similares a los que ha "
        "comprado. Puede oponerse ahora o en cualquier momento respondiendo BAJA.", "es", "sms-cliente", std::nullopt,
        scope({Channel::sms}, Purpose::marketing, LegalBasis::existing_customer)).wording;

    const Timestamp now = now_utc();
    const auto days_ago = [&](int d) { return now - std::chrono::hours(24 * d); };
    int added = 0;
    for (const auto& d : kCustomers) {
        NewContact c;
        c.given_name = d.given;
        c.family_name = d.family;
        c.phones.push_back(d.mobile);
        if (*d.email) c.emails.push_back(d.email);
        c.note = d.note;
        c.source = SourceKind::demo;
        const Contact contact = session.add_contact(c).contact;
        const int i = added++;

        // A varied but fixed history: grants at the counter, on paper and on the web,
        // withdrawals, an LSSI art. 21.2 existing-customer basis and one expired consent.
        auto record = [&](ConsentAction action, Channel channel, Purpose purpose, ConsentMethod method,
                          std::int64_t wording, int when_days_ago, const char* evidence,
                          LegalBasis basis = LegalBasis::consent) {
            ConsentRequest r;
            r.contact_ref = contact.uuid;
            r.action = action;
            r.channel = channel;
            r.purpose = purpose;
            r.method = method;
            r.basis = basis;
            r.wording_id = action == ConsentAction::grant ? wording : 0;
            r.evidence = evidence;
            r.recorded_by = i % 2 ? "Andrés" : "Rocío";
            r.occurred_at = days_ago(when_days_ago);
            return record_consent(session, r).event;
        };
        // What the shop did with that consent: the message log shows it per customer.
        auto logged = [&](const ConsentEvent& authorising, MessageKind kind, const char* destination, int days) {
            Message m;
            m.contact_uuid = contact.uuid;
            m.channel = authorising.channel;
            m.purpose = authorising.purpose;
            m.kind = kind;
            m.status = kind == MessageKind::exported ? MessageStatus::exported : MessageStatus::sent;
            m.consent_seq = authorising.seq;
            m.basis = std::string(to_string(authorising.basis));
            m.destination = destination;
            m.created_at = days_ago(days);
            auto tx = session.database().begin_write();
            store::MessagesRepo(session.database()).log(m);
            tx.commit();
        };
        const bool has_email = *d.email != '\0';
        const bool mobile = d.mobile[0] != '9';
        if (has_email && i % 3 != 2) {
            const int when = i == 10 ? 800 : 20 + i * 9;  // customer 10 agreed 800 days ago: expired
            const ConsentEvent granted =
                record(ConsentAction::grant, Channel::email, Purpose::marketing,
                       i % 4 == 1 ? ConsentMethod::web_form : ConsentMethod::in_store_form, email_wording.id, when,
                       i % 4 == 1 ? "formulario web" : "hoja de alta en tienda");
            if (i != 10 && when > 12) logged(granted, MessageKind::exported, "Mailchimp: rebajas-otono.csv", 12);
            if (i % 4 == 1) {
                record(ConsentAction::confirm, Channel::email, Purpose::marketing, ConsentMethod::email_reply, 0,
                       when - 1, "enlace de confirmación");
            }
            if (i == 5 || i == 13) {
                record(ConsentAction::withdraw, Channel::email, Purpose::marketing, ConsentMethod::email_reply, 0, 3,
                       "respondió BAJA");
            }
        }
        if (mobile && i % 4 == 0) {
            const ConsentEvent granted =
                record(ConsentAction::grant, Channel::whatsapp_business, Purpose::marketing, ConsentMethod::paper,
                       whatsapp_wording.id, 15 + i * 5, "hoja de alta en tienda, casilla WhatsApp");
            logged(granted, MessageKind::sent, "WhatsApp Business: plantilla novedades_otono", 6);
        }
        if (mobile && i % 5 == 2) {
            record(ConsentAction::grant, Channel::whatsapp_business, Purpose::service, ConsentMethod::in_store_form,
                   whatsapp_service.id, 10 + i, "al encargar un pedido");
        }
        if (mobile && i % 6 == 1) {
            record(ConsentAction::grant, Channel::sms, Purpose::marketing, ConsentMethod::in_store_form, sms_notice.id, 40 + i,
                   "cliente con compra previa; baja ofrecida en cada SMS", LegalBasis::existing_customer);
        }
        if (i % 8 == 3) {
            set_channel_preferences(session, contact.uuid,
                                    {Channel::whatsapp_business, Channel::email, Channel::sms});
        }
    }
    return added;
}

}  // namespace clientela::app
