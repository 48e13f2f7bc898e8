#include "app/confirmation_request.hpp"

#include "app/outreach_config.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "send/smtp_client.hpp"
#include "store/messages_repo.hpp"

namespace clientela::app {

namespace {

// The email point the grant was recorded for (by its hash), else the first email.
const ContactPoint* granted_address(Session& session, const Contact& c, const ConsentState& state) {
    const std::string secret = session.database().identifier_secret();
    for (const auto& p : c.points) {
        if (p.kind == PointKind::email && !state.point_hash.empty() &&
            point_hash(point_key(p), secret) == state.point_hash) {
            return &p;
        }
    }
    return c.first_email();
}

}  // namespace

send::EmailContent confirmation_email(const ShopSettings& shop, const OutreachSettings& outreach,
                                      const Contact& contact, const std::string& address, Purpose purpose,
                                      const std::string& wording, Timestamp at) {
    send::EmailContent e;
    const std::string shop_name = shop.shop_name.empty() ? outreach.from_name : shop.shop_name;
    e.from_address = outreach.from_address;
    e.from_name = outreach.from_name.empty() ? shop.shop_name : outreach.from_name;
    e.to_address = address;
    e.to_name = contact.display_name;
    e.subject = "Confirma que quieres recibir nuestros correos" + (shop_name.empty() ? "" : " (" + shop_name + ")");
    e.date = at;
    e.message_id = send::new_message_id(outreach.from_address);
    e.unsubscribe_mailto = shop.unsubscribe_address.empty() ? outreach.from_address : shop.unsubscribe_address;
    const std::string what = purpose == Purpose::marketing ? "ofertas y novedades" : "avisos de tus pedidos";
    e.text = "Hola" + (contact.display_name.empty() ? std::string() : " " + contact.display_name) + ":\n\n" +
             "Hemos recibido tu permiso para enviarte " + what + " por correo electrónico" +
             (shop_name.empty() ? std::string() : " de " + shop_name) + ", con este texto:\n\n\"" + wording +
             "\"\n\n" +
             "Para confirmarlo, responde a este correo con la palabra SÍ (o CONFIRMO).\n"
             "Si no lo pediste tú, no hagas nada: sin tu respuesta no te enviaremos nada más. "
             "Si respondes BAJA, anotamos que no quieres recibir nada.\n";
    if (!shop.shop_address.empty()) e.text += "\n-- \n" + shop_name + "\n" + shop.shop_address + "\n";
    return e;
}

ConfirmationSent request_confirmation(Session& session, const std::string& contact_ref, Channel channel,
                                      Purpose purpose, const SecretStore& secrets) {
    if (channel != Channel::email) {
        throw ValidationError("only email confirmations can be requested (the reply is read from the shop's mailbox)");
    }
    ConfirmationSent out;
    out.contact = session.contact(contact_ref);
    const auto state = session.ledger().state(out.contact.uuid, channel, purpose);
    const std::string what = std::string(to_string(channel)) + "/" + std::string(to_string(purpose));
    if (!state || state->status != ConsentState::Status::granted) {
        throw ValidationError(out.contact.display_name + " has no grant for " + what + " to confirm");
    }
    if (!is_remote_method(state->method)) {
        throw ValidationError("the grant for " + what + " was given " + std::string(to_string(state->method)) +
                              ", in person: it needs no confirmation by email");
    }
    if (state->confirmed) throw ValidationError("the grant for " + what + " is already confirmed");
    const ContactPoint* point = granted_address(session, out.contact, *state);
    if (!point) throw ValidationError(out.contact.display_name + " has no email address");
    out.address = point->normalized;
    out.grant_seq = state->grant_seq;
    const auto wording = session.ledger().wording(state->wording_id);
    if (!wording) throw ValidationError("the grant's wording is missing from the ledger (run `ledger verify`)");

    const OutreachSettings outreach = outreach_settings(session);
    const send::SmtpSettings smtp_config = smtp_settings(outreach, secrets);  // throws when not set up
    const Timestamp at = now_utc();
    const send::EmailContent email =
        confirmation_email(session.settings(), outreach, out.contact, out.address, purpose, wording->text, at);
    const std::string mime = send::build_email(email);

    store::MessagesRepo messages(session.database());
    Message m;
    m.contact_uuid = out.contact.uuid;
    m.channel = Channel::email;
    m.purpose = Purpose::service;  // it asks, it does not promote
    m.kind = MessageKind::sent;
    m.status = MessageStatus::queued;
    m.consent_seq = state->grant_seq;
    m.basis = "confirmation_request";
    m.destination = "smtp:" + outreach.smtp_host;
    m.recipient = out.address;
    m.subject = email.subject;
    m.provider_id = "<" + email.message_id + ">";
    m.created_at = at;
    out.provider_id = m.provider_id;
    {
        auto tx = session.database().begin_write();
        out.message_id = messages.log(m);
        store::ConfirmationRequestRow row;
        row.message_id = out.message_id;
        row.provider_id = m.provider_id;
        row.contact_uuid = out.contact.uuid;
        row.channel = channel;
        row.purpose = purpose;
        row.grant_seq = state->grant_seq;
        row.created_at = at;
        store::ConfirmationsRepo(session.database()).add(row);
        tx.commit();
    }
    send::SmtpClient smtp(smtp_config);
    try {
        const send::ProviderReply reply = smtp.send(outreach.from_address, out.address, mime);
        messages.set_status(out.message_id, MessageStatus::sent, m.provider_id, "", now_utc(), reply.command,
                            reply.text);
        out.status = "sent";
        out.reply_command = reply.command;
        out.reply = reply.text;
    } catch (const send::SendError& e) {
        const bool unknown = e.kind() == send::SendError::Kind::unknown;
        out.status = unknown ? "unknown" : "failed";
        out.error = e.what();
        out.reply_command = e.reply().command;
        out.reply = e.reply().text;
        messages.set_status(out.message_id, unknown ? MessageStatus::unknown : MessageStatus::failed,
                            unknown ? m.provider_id : "", out.error, now_utc(), e.reply().command, e.reply().text);
    }
    return out;
}

std::optional<store::ConfirmationRequestRow> answered_request(Session& session,
                                                              const std::vector<std::string>& referenced) {
    return store::ConfirmationsRepo(session.database()).find_any(referenced);
}

}  // namespace clientela::app
